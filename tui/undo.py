"""Undo for the reader's changes: the inverse of what the change did, never a snapshot.

Another process (a second terminal, a sync) may change the same briefs between
a change and its undo. Undo therefore reverts only the user's own change: it
removes the tags the change added, adds back the tags it removed and sets back
the flags it flipped. Whatever else happened to those briefs survives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefs import Brief
from briefs.models import tag_key
from store.rows import BriefRow

if TYPE_CHECKING:
    from store import BriefStore

#: Changes remembered; older ones fall off.
UNDO_DEPTH = 100


@dataclass
class UndoEntry:
    """One change that can be reverted: ``revert(store)`` returns the ids it touched."""

    description: str
    revert: Callable[[BriefStore], list[str]]


def tag_change_inverse(before: Mapping[str, BriefRow], after: Mapping[str, BriefRow],
                       add: Sequence[str], remove: Sequence[str]) -> UndoEntry | None:
    """The undo of ``edit_tags(add=add, remove=remove)`` given the rows around it.

    Only tags the change itself added (asked for and absent before) or removed
    (asked for and present before) are reverted; None if it changed nothing.
    """
    add_keys = {tag_key(t) for t in add}
    remove_keys = {tag_key(t) for t in remove}
    # (tags to add back, tags to remove) -> briefs, so that undo is a few calls.
    inverse: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for brief_id, old in before.items():
        new = after.get(brief_id)
        if new is None:
            continue
        old_keys = {tag_key(t) for t in old.tags}
        new_keys = {tag_key(t) for t in new.tags}
        added = tuple(t for t in new.tags
                      if tag_key(t) in add_keys and tag_key(t) not in old_keys)
        removed = tuple(t for t in old.tags
                        if tag_key(t) in remove_keys and tag_key(t) not in new_keys)
        if added or removed:
            inverse[(removed, added)].append(brief_id)
    if not inverse:
        return None

    def revert(store: BriefStore) -> list[str]:
        touched: list[str] = []
        for (add_back, take_off), ids in inverse.items():
            store.edit_tags(ids, add=list(add_back), remove=list(take_off))
            touched += ids
        return touched

    return UndoEntry("tag change", revert)


def flag_change_inverse(flag: str, before: Mapping[str, BriefRow],
                        value: bool) -> UndoEntry | None:
    """The undo of setting ``flag`` ("read" or "starred") to ``value``: flip back what flipped."""
    flipped = [brief_id for brief_id, row in before.items() if getattr(row, flag) != value]
    if not flipped:
        return None

    def revert(store: BriefStore) -> list[str]:
        if flag == "read":
            store.set_read(flipped, not value)
        else:
            store.set_starred(flipped, not value)
        return list(flipped)

    return UndoEntry("read change" if flag == "read" else "star change", revert)


def note_change_inverse(brief_id: str, old_note: str) -> UndoEntry:
    """The undo of a note edit: the old note back."""

    def revert(store: BriefStore) -> list[str]:
        store.set_note(brief_id, old_note)
        return [brief_id]

    return UndoEntry("note change", revert)


def delete_inverse(deleted: Sequence[Brief]) -> UndoEntry:
    """The undo of a delete: the briefs back, with their tags, notes and reading state."""
    kept = list(deleted)

    def revert(store: BriefStore) -> list[str]:
        store.restore(kept)
        return [brief.id for brief in kept]

    return UndoEntry(f"delete of {len(kept)} brief(s)", revert)


class UndoStack:
    """Last in, first out; bounded to :data:`UNDO_DEPTH` entries (used on the UI thread)."""

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
