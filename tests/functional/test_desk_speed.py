"""Issue 15, speed: what the app does to answer quickly keeps what it shows the same.

Each test waits for the condition it checks, never for a fixed time.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from briefs import Brief
from store import BriefStore
from tests.functional.conftest import settle
from tests.pilot_waits import POLL_SECONDS, WAIT_TIMEOUT, wait_until
from tui.app import make_app
from tui.widgets.brief_list import BriefList

#: More briefs matching "harbour" than the first page of hits in these tests.
MATCHING = 12


def _harbour_store(home: Path) -> list[str]:
    briefs = [Brief(id=f"h{i:02d}", title=f"Harbour talks, day {i}",
                    date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                    summary="The harbour authority met the dock workers.")
              for i in range(MATCHING)]
    briefs.append(Brief(id="other", title="Budget vote", date=dt.date(2026, 2, 1),
                        summary="The council voted."))
    with BriefStore.open(home) as store:
        store.upsert_many(briefs)
    return [b.id for b in briefs[:MATCHING]]


async def test_a_keystroke_shows_the_first_page_then_every_hit(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each keystroke asks the store for one page of hits (fast); the rest follow
    # once the box rests on the query, and the list ends as one full search shows it.
    ids = _harbour_store(home)
    monkeypatch.setattr("tui.controllers.search.FIRST_PAGE", 3)
    monkeypatch.setattr("tui.controllers.search.REST_DELAY", 0.01)
    limits: list[int] = []
    original = BriefStore.search

    def search(self: BriefStore, query: str, **kwargs: object):  # type: ignore[no-untyped-def]
        limits.append(int(kwargs["limit"]))  # type: ignore[call-overload]
        return original(self, query, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BriefStore, "search", search)
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.main_screen
        assert screen is not None
        brief_list = screen.query_one(BriefList)
        await wait_until(pilot, lambda: len(brief_list.rows) == MATCHING + 1, "every brief")
        await pilot.press("slash", *"harbour")
        await wait_until(pilot, lambda: len(brief_list.rows) == MATCHING, "every hit")
        assert sorted(row.id for row in brief_list.rows) == sorted(ids)
        assert limits[0] == 3 and limits[-1] > 3  # the first page, then the rest
        assert "of" not in screen.state.status(len(brief_list.rows)).note


async def test_a_query_typed_on_does_not_wait_for_the_rest_of_the_last_one(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _harbour_store(home)
    monkeypatch.setattr("tui.controllers.search.FIRST_PAGE", 3)
    monkeypatch.setattr("tui.controllers.search.REST_DELAY", 60.0)  # never, in this test
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.main_screen
        assert screen is not None
        brief_list = screen.query_one(BriefList)
        await wait_until(pilot, lambda: len(brief_list.rows) == MATCHING + 1, "every brief")
        await pilot.press("slash", *"harbour")
        await wait_until(pilot, lambda: screen.state.answered_query == "harbour", "an answer")
        assert len(brief_list.rows) == 3  # the first page, and the status says so
        assert screen.state.status(3).note == f"first 3 of {MATCHING} matches"
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(brief_list.rows) == MATCHING + 1


async def test_the_first_rows_show_before_the_store_is_read_then_the_whole_list(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The app saves the list's first rows as it closes; the next start shows them
    # while the store opens (held here until the test has seen them).
    import threading

    from store import read_head

    _harbour_store(home)
    monkeypatch.setattr("tui.controllers.loader.HEAD_MIN_ROWS", 1)
    monkeypatch.setattr("tui.controllers.loader.HEAD_ROWS", 5)
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(120, 30)) as pilot:
        brief_list = app.screen.query_one(BriefList)
        await wait_until(pilot, lambda: len(brief_list.rows) == MATCHING + 1, "every brief")
        expected = [row.id for row in brief_list.rows[:5]]
        await pilot.press("s")  # a change after the first save: saved again as the app closes
        await wait_until(pilot, lambda: brief_list.rows[0].starred, "the star saved")
    head = read_head(home)
    assert head is not None and [row.id for row in head.rows] == expected
    assert head.rows[0].starred
    assert head.total == MATCHING + 1

    opened = threading.Event()
    original = BriefStore.open.__func__  # type: ignore[attr-defined]

    def held_open(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert opened.wait(60), "the test never let the store open"
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(BriefStore, "open", classmethod(held_open))
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.main_screen
        assert screen is not None
        brief_list = screen.query_one(BriefList)
        # Not wait_until: it settles, and the store's opening is held on purpose.
        deadline = time.monotonic() + WAIT_TIMEOUT
        while len(brief_list.rows) != 5:
            assert time.monotonic() < deadline, "the saved first rows never showed"
            await pilot.pause(POLL_SECONDS)
        assert [row.id for row in brief_list.rows] == expected
        status = screen.state.status(5)
        assert (status.total, status.note) == (MATCHING + 1, "reading the store…")
        opened.set()
        await wait_until(pilot, lambda: len(brief_list.rows) == MATCHING + 1, "every brief")
        view = screen.query_one("#brief")
        await wait_until(pilot, lambda: view.brief is not None, "the brief under the cursor")
        assert view.brief.id == expected[0]
        assert screen.state.status(MATCHING + 1).note == ""


def test_saved_first_rows_of_an_older_commit_are_not_used(home: Path) -> None:
    from store import read_head, save_head

    _harbour_store(home)
    with BriefStore.open(home) as store:
        save_head(store, 5)
    assert read_head(home) is not None
    with BriefStore.open(home) as store:  # another process tags a brief
        store.add_tags(["h03"], ["later"])
    assert read_head(home) is None


def test_the_rest_of_the_hits_keeps_the_order_chosen_meanwhile() -> None:
    from store import SearchHit, SearchResults
    from tui.controllers.list_state import ListState

    state = ListState()
    state.query_text = "harbour"
    first = SearchResults(hits=[SearchHit("a", 1.0)], total=2, sort="relevance")
    assert state.answer("harbour", first) and state.sort == "relevance"
    state.cycle_sort()  # S while the rest of the hits is on its way
    assert state.sort != "relevance"
    chosen = state.sort
    rest = SearchResults(hits=[SearchHit("a", 1.0), SearchHit("b", 0.5)], total=2,
                         sort="relevance")
    assert state.answer("harbour", rest) and state.sort == chosen
    state.query_text = "dock"
    assert state.answer("dock", first) and state.sort == "relevance"  # a new query: its own
