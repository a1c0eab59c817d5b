"""The reader's changes (tags, read, star, note, delete) and their undo, one at a time.

Changes run in order, one worker after the other: two quick presses of ``s``
star and unstar, never the other way round. A change's undo entry is pushed on
the UI thread when its worker reports the change done, and ``ctrl+z`` waits in
the same queue, so it always undoes the last change acknowledged before it —
never the one before a change still being saved.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState

from store import BriefNotFoundError
from store.rows import BriefRow
from tui.controllers.base import Controller
from tui.store_access import store_of
from tui.undo import (
    UndoEntry,
    UndoStack,
    delete_inverse,
    flag_change_inverse,
    note_change_inverse,
    tag_change_inverse,
)

if TYPE_CHECKING:
    from store import BriefStore


@dataclass
class ChangeOutcome:
    """What a change did, computed in its worker."""

    #: The ids the change touched (their rows are read again).
    ids: list[str]
    #: How to undo it (None: not undoable, or it changed nothing).
    undo: UndoEntry | None = None
    #: Briefs were added or removed: the whole list must be read again.
    reload: bool = False
    #: A message for the reader.
    notice: str | None = None
    #: Briefs this change made unread (the automatic mark-read leaves them alone).
    made_unread: list[str] = field(default_factory=list)


Job = Callable[["BriefStore"], ChangeOutcome]
_UNDO = object()  # the queue entry for ctrl+z: its entry is chosen when its turn comes


def _rows(store: BriefStore, ids: Sequence[str]) -> dict[str, BriefRow]:
    """The rows of those ``ids`` that still exist (another process may delete one)."""
    rows = {}
    for brief_id in ids:
        try:
            rows[brief_id] = store.row(brief_id)
        except BriefNotFoundError:
            continue
    return rows


class Changes(Controller):
    """Runs the reader's changes in order; keeps the undo stack."""

    @dataclass
    class Applied(Message):
        """A change (or an undo) is saved: its rows as they are now, and the tag counts."""

        outcome: ChangeOutcome
        rows: list[BriefRow]
        tag_counts: dict[str, int]

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = UndoStack()
        self._queue: deque[Job | object] = deque()
        self._in_flight: Worker[None] | None = None

    @property
    def busy(self) -> bool:
        """True while a change is being saved or waits its turn."""
        return self._in_flight is not None or bool(self._queue)

    # --- the changes ---------------------------------------------------------------------------

    def edit_tags(self, ids: Sequence[str], add: Sequence[str], remove: Sequence[str]) -> None:
        """Add and remove tags on ``ids`` (undoable)."""
        ids, add, remove = list(ids), list(add), list(remove)

        def job(store: BriefStore) -> ChangeOutcome:
            store.refresh()  # compare with what is on disk, not with an older view
            before = _rows(store, ids)  # (a brief deleted meanwhile is left out)
            if before:
                store.edit_tags(list(before), add=add, remove=remove)
            undo = tag_change_inverse(before, _rows(store, list(before)), add, remove)
            return ChangeOutcome(list(before), undo=undo)

        self._enqueue(job)

    def set_flag(self, flag: str, ids: Sequence[str], value: bool, *,
                 undoable: bool = True) -> None:
        """Set ``flag`` ("read" or "starred") on ``ids``; reading by looking is not undoable."""
        ids = list(ids)

        def job(store: BriefStore) -> ChangeOutcome:
            store.refresh()
            before = _rows(store, ids)  # (a brief deleted meanwhile is left out)
            if flag == "read":
                store.set_read(list(before), value)
            else:
                store.set_starred(list(before), value)
            undo = flag_change_inverse(flag, before, value) if undoable else None
            unread = [i for i, row in before.items() if flag == "read" and row.read and not value]
            return ChangeOutcome(list(before), undo=undo, made_unread=unread)

        self._enqueue(job)

    def set_note(self, brief_id: str, old_note: str, note: str) -> None:
        """Replace the note on ``brief_id`` (undoable)."""

        def job(store: BriefStore) -> ChangeOutcome:
            store.set_note(brief_id, note)
            return ChangeOutcome([brief_id], undo=note_change_inverse(brief_id, old_note))

        self._enqueue(job)

    def delete(self, ids: Sequence[str]) -> None:
        """Delete ``ids`` (undoable: the briefs come back with their state)."""
        ids = list(ids)

        def job(store: BriefStore) -> ChangeOutcome:
            deleted = store.delete(ids)
            return ChangeOutcome([], undo=delete_inverse(deleted), reload=True,
                                 notice=f"Deleted {len(deleted)} brief(s). ctrl+z undoes it.")

        self._enqueue(job)

    def undo(self) -> None:
        """Undo the last change acknowledged before this call (after the ones still saving)."""
        self._enqueue(_UNDO)

    # --- the queue -----------------------------------------------------------------------------

    def _enqueue(self, item: Job | object) -> None:
        self._queue.append(item)
        self._next()

    def _next(self) -> None:
        while self._in_flight is None and self._queue:
            item = self._queue.popleft()
            if item is _UNDO:
                entry = self.undo_stack.pop()
                if entry is None:
                    self.notify("Nothing to undo.")
                    continue
                item = self._undo_job(entry)
            self._in_flight = self._run(item)  # type: ignore[arg-type]

    @staticmethod
    def _undo_job(entry: UndoEntry) -> Job:
        def job(store: BriefStore) -> ChangeOutcome:
            ids = entry.revert(store)
            # An undone mark-read leaves briefs unread: they must stay so while shown.
            unread = ([i for i, row in _rows(store, ids).items() if not row.read]
                      if entry.description == "read change" else [])
            return ChangeOutcome(ids, reload=True, notice=f"Undid the {entry.description}.",
                                 made_unread=unread)

        return job

    @work(thread=True, exit_on_error=False, group="changes", description="save a change")
    def _run(self, job: Job) -> None:
        store = store_of(self)
        outcome = job(store)
        rows = list(_rows(store, outcome.ids).values())
        self.post_message(self.Applied(outcome, rows, store.tag_counts()))

    def on_changes_applied(self, event: Applied) -> None:
        """Remember the undo (on the UI thread, now that the change is saved); run the next."""
        if event.outcome.undo is not None:
            self.undo_stack.push(event.outcome.undo)
        self._in_flight = None
        self._next()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed change frees the queue (the base class hands the error to the app)."""
        if event.worker is self._in_flight and event.state in (WorkerState.ERROR,
                                                              WorkerState.CANCELLED):
            self._in_flight = None
            self._next()
