"""Undo is the inverse of the user's own change (issue 14.4), on a real temporary store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefs import Brief
from store import BriefStore
from tui.undo import UndoStack, delete_inverse, flag_change_inverse, tag_change_inverse


def _store(home: Path) -> BriefStore:
    store = BriefStore.open(home)
    store.upsert_many([Brief(id=f"b{i}", title=f"Brief {i}", date=dt.date(2026, 1, 1 + i),
                             tags=["old"]) for i in range(3)])
    return store


def test_tag_undo_removes_only_what_it_added_and_keeps_another_processes_tag(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    with _store(home) as store:
        ids = ["b0", "b1"]
        before = {i: store.row(i) for i in ids}
        store.edit_tags(ids, add=["mine", "old"], remove=[])
        undo = tag_change_inverse(before, {i: store.row(i) for i in ids}, ["mine", "old"], [])
        assert undo is not None
        with BriefStore.open(home) as other:
            other.add_tags(["b0"], ["theirs"])
        store.refresh()
        assert sorted(undo.revert(store)) == ids
        assert store.row("b0").tags == ["old", "theirs"], "'old' was there before: it stays"
        assert store.row("b1").tags == ["old"]


def test_tag_undo_adds_back_only_what_it_removed(tmp_path: Path) -> None:
    with _store(tmp_path / "home") as store:
        store.add_tags(["b2"], ["keep"])
        before = {"b2": store.row("b2")}
        store.edit_tags(["b2"], remove=["old", "absent"])
        undo = tag_change_inverse(before, {"b2": store.row("b2")}, [], ["old", "absent"])
        assert undo is not None
        store.remove_tags(["b2"], ["keep"])  # someone else's later change
        undo.revert(store)
        assert store.row("b2").tags == ["old"]


def test_a_change_that_changed_nothing_has_no_undo(tmp_path: Path) -> None:
    with _store(tmp_path / "home") as store:
        before = {"b0": store.row("b0")}
        assert tag_change_inverse(before, before, ["old"], []) is None
        assert flag_change_inverse("read", before, False) is None


def test_flag_undo_flips_back_only_the_briefs_it_flipped(tmp_path: Path) -> None:
    with _store(tmp_path / "home") as store:
        store.set_starred(["b1"], True)
        before = {i: store.row(i) for i in ("b0", "b1")}
        store.set_starred(["b0", "b1"], True)
        undo = flag_change_inverse("starred", before, True)
        assert undo is not None and undo.description == "star change"
        assert undo.revert(store) == ["b0"]
        assert not store.row("b0").starred and store.row("b1").starred


def test_delete_undo_brings_the_briefs_back(tmp_path: Path) -> None:
    with _store(tmp_path / "home") as store:
        undo = delete_inverse(store.delete(["b0"]))
        assert store.count() == 2
        undo.revert(store)
        assert store.row("b0").tags == ["old"]


def test_the_stack_is_bounded_and_last_in_first_out() -> None:
    stack = UndoStack()
    for n in range(150):
        stack.push(flag_entry(n))
    assert len(stack) == 100
    entry = stack.pop()
    assert entry is not None and entry.description == "149"


def flag_entry(n: int):
    from tui.undo import UndoEntry

    return UndoEntry(str(n), lambda store: [])
