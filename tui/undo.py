"""The undo stack for the reader's changes: tags, read, star, note and delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefs.models import tag_key
from store import BriefStore

#: Changes remembered; older ones fall off.
UNDO_DEPTH = 100


@dataclass
class UndoEntry:
    """One change that can be reverted: ``revert(store)`` returns the ids it touched."""

    description: str
    revert: Callable[[BriefStore], list[str]]


@dataclass
class RowState:
    """The reader's state of one brief before a change."""

    tags: list[str]
    read: bool
    starred: bool


def snapshot(store: BriefStore, ids: Sequence[str]) -> dict[str, RowState]:
    """The tags, read and starred state of ``ids`` now (call before changing them)."""
    states = {}
    for brief_id in ids:
        row = store.row(brief_id)
        states[brief_id] = RowState(list(row.tags), row.read, row.starred)
    return states


def restore_states(store: BriefStore, states: dict[str, RowState]) -> list[str]:
    """Put tags, read and starred back exactly as in ``states``."""
    for brief_id, state in states.items():
        current = store.row(brief_id)
        wanted = {tag_key(t) for t in state.tags}
        now = {tag_key(t) for t in current.tags}
        add = [t for t in state.tags if tag_key(t) not in now]
        remove = [t for t in current.tags if tag_key(t) not in wanted]
        if add or remove:
            store.edit_tags([brief_id], add=add, remove=remove)
        if current.read != state.read:
            store.set_read([brief_id], state.read)
        if current.starred != state.starred:
            store.set_starred([brief_id], state.starred)
    return list(states)


class UndoStack:
    """Last in, first out; bounded to :data:`UNDO_DEPTH` entries."""

    def __init__(self) -> None:
        self._entries: list[UndoEntry] = []

    def push(self, entry: UndoEntry) -> None:
        """Remember a change."""
        self._entries.append(entry)
        del self._entries[:-UNDO_DEPTH]

    def pop(self) -> UndoEntry | None:
        """The most recent change, or None."""
        return self._entries.pop() if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)
