"""What the list shows (tui.controllers.list_state), without Textual or a store."""

from __future__ import annotations

import datetime as dt

from store import BriefRow, SearchHit, SearchResults
from tui.controllers.list_state import ListState, StoryThread


def _row(i: int, tags: list[str] | None = None) -> BriefRow:
    return BriefRow(id=f"b{i}", title=f"Brief {i}", date=dt.date(2026, 1, 1 + i),
                    tags=tags or [])


def _state() -> ListState:
    state = ListState()
    state.load([_row(3, ["a"]), _row(2, ["a", "b"]), _row(1), _row(0, ["b"])])
    return state


def _hits(*ids: str) -> SearchResults:
    return SearchResults(hits=[SearchHit(id=i, score=1.0) for i in ids], total=len(ids),
                         sort="date")


def test_every_row_newest_first_without_a_query() -> None:
    assert [r.id for r in _state().visible_rows()] == ["b3", "b2", "b1", "b0"]


def test_an_answer_to_an_older_query_is_dropped() -> None:
    state = _state()
    state.query_text = "new"
    assert not state.answer("old", _hits("b1"))
    assert state.results is None
    assert state.answer("new", _hits("b0", "b2"))
    assert [r.id for r in state.visible_rows()] == ["b2", "b0"]


def test_an_invalid_query_keeps_the_last_good_results_and_its_error() -> None:
    state = _state()
    state.query_text = "ok"
    state.answer("ok", _hits("b1"))
    state.query_text = "after:x"
    assert state.answer("after:x", SearchResults.failed("bad date"))
    assert [r.id for r in state.visible_rows()] == ["b1"]
    assert state.status(1).note == "bad date"
    state.query_text = "ok2"
    state.answer("ok2", _hits("b3"))
    assert state.status(1).note == ""


def test_the_tag_filter_applies_to_rows_and_to_results() -> None:
    state = _state()
    state.tag_filter = ["A"]
    assert [r.id for r in state.visible_rows()] == ["b3", "b2"]
    state.query_text = "q"
    state.answer("q", _hits("b2", "b0"))
    assert [r.id for r in state.visible_rows()] == ["b2"]


def test_rows_change_in_place_and_in_a_thread() -> None:
    state = _state()
    state.thread = StoryThread("t", [state.row_by_id["b1"]])
    changed = _row(1, ["new"])
    state.update([changed])
    assert state.all_rows[2] is changed
    assert state.row_by_id["b1"] is changed
    assert state.thread.rows == [changed]


def test_sort_cycles_with_relevance_only_while_searching() -> None:
    state = _state()
    assert [state.cycle_sort(), state.cycle_sort()] == ["oldest", "newest"]
    state.query_text = "q"
    state.answer("q", _hits("b0", "b3"))
    assert [state.cycle_sort(), state.cycle_sort(), state.cycle_sort()] == [
        "oldest", "relevance", "newest"]


def test_status_counts_marks_and_more_matches() -> None:
    state = _state()
    state.query_text = "q"
    state.answer("q", SearchResults(hits=[SearchHit(id="b0", score=1.0)], total=7, sort="date"))
    status = state.status(1, marked=2)
    assert status.note == "2 marked · first 1 of 7 matches"
    assert status.total == 4


def test_a_long_thread_title_is_cut_so_that_escape_to_leave_shows() -> None:
    state = _state()
    state.thread = StoryThread("A very long title " * 10, [state.row_by_id["b1"]])
    query = state.status(1, width=120).query
    assert query.endswith("(escape to leave)")
    assert len(f" Briefs · 1 of 4 · query: {query} ") <= 120
    assert "A very long title" in query and "…" in query
