"""Reading-desk speed at 100,000 briefs, fourth pass (issue 15): what the app does off the
critical path of a key, checked on the sample briefs through Pilot."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from rich.style import Style
from textual.app import App, ComposeResult

from tests.functional.conftest import settle, wait_until
from tui.app import make_app
from tui.gc_pacing import PACED_THRESHOLD
from tui.widgets.brief_view import BriefView
from tui.widgets.row_list import RowList

SIZE = (120, 40)


async def test_full_collections_are_paced_while_the_app_runs_and_restored_after(
        home: Path) -> None:
    before = gc.get_threshold()
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert gc.get_threshold()[2] == PACED_THRESHOLD
        app.gc_pacer.quiet_seconds = 0.0  # quiet at once: the next due tick collects
        gc.collect()
        passes = app.gc_pacer.passes
        for _ in range(12):  # make the collector want a full pass
            gc.collect(1)
        await wait_until(pilot, lambda: app.gc_pacer.passes > passes,
                         "a full collection once input was quiet")
    assert gc.get_threshold() == before


def _shown(app) -> str | None:  # type: ignore[no-untyped-def]
    brief = app.main_screen.query_one(BriefView).brief
    return None if brief is None else brief.id


async def test_the_brief_pane_follows_the_results_once_typing_rests(
        home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Each keystroke's results show at once; the brief under the cursor is not read
    # nor laid out again until the box rests (here: until it is left).
    monkeypatch.setattr("tui.controllers.reader.TYPING_REST_SECONDS", 3600)
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        first = screen.brief_list.highlighted_id
        assert first is not None and _shown(app) == first
        loads = []
        original = screen.reader.load

        def counting_load(*args):  # type: ignore[no-untyped-def]
            loads.append(args[0])
            return original(*args)

        monkeypatch.setattr(screen.reader, "load", counting_load)
        await pilot.press("slash", *"brelle")
        await wait_until(pilot, lambda: screen.state.answered_query == "brelle",
                         "the results of the whole query")
        top = screen.brief_list.highlighted_id
        assert top is not None and top != first
        assert _shown(app) == first and loads == []  # the pane waited
        await pilot.press("enter")  # the box is left: the pane follows at once
        await wait_until(pilot, lambda: _shown(app) == top, "the top result in the pane")


async def test_the_pane_shows_the_cursors_brief_after_typing_rests(home: Path) -> None:
    app = make_app(home)  # the conftest's rest: 1 ms
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        await pilot.press("slash", *"brelle")
        await wait_until(pilot, lambda: screen.state.answered_query == "brelle"
                         and _shown(app) == screen.brief_list.highlighted_id,
                         "the top result shown while the box still has focus")
        assert screen.search_box.has_focus


class _Words(RowList[str]):
    DEFAULT_CSS = "_Words { height: 10; }"

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []
        self.starred: set[str] = set()

    def row_state(self, row: str) -> bool:
        return row in self.starred

    def row_segments(self, row, width, styles):  # type: ignore[no-untyped-def]
        self.drawn.append(row)
        return [(("★ " if row in self.starred else "  ") + row, Style())]


class _WordsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Words()


def _screen_text(rows: _Words) -> list[str]:
    return [strip.text for strip in rows.render_lines(rows.size.region)]


async def test_a_scroll_by_one_row_draws_only_the_rows_that_changed() -> None:
    app = _WordsApp()
    async with app.run_test(size=(30, 12)) as pilot:
        rows = app.query_one(_Words)
        rows.set_rows([f"row {i}" for i in range(1000)])
        rows.focus()
        await pilot.pause()
        for _ in range(9):  # to the last row on screen
            await pilot.press("j")
        await wait_until(pilot, lambda: rows.cursor == 9, "the cursor on the last row shown")
        _screen_text(rows)  # every row on screen drawn, whenever the compositor gets to it
        rows.drawn.clear()
        await pilot.press("j")  # the list scrolls by one row
        await wait_until(pilot, lambda: rows.scroll_offset.y == 1, "the list scrolled")
        assert "row 10" in _screen_text(rows)[-1]
        # Drawn again: only the new row and the old cursor's (the new cursor's is new).
        assert "row 10" in rows.drawn and set(rows.drawn) <= {"row 9", "row 10"}
        rows.starred.add("row 5")  # a row's state changes: that row is drawn again
        rows.refresh()
        rows.drawn.clear()
        assert _screen_text(rows)[4].strip().startswith("★ row 5")
        assert set(rows.drawn) == {"row 5"}
        before = _screen_text(rows)
        rows._drawn.clear()  # drawn from scratch: the same lines
        assert _screen_text(rows) == before


async def test_related_briefs_are_found_off_the_ui_thread_after_the_brief_is_shown(
        home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from store import BriefStore

    calls: list[tuple[str, bool, bool]] = []
    original = BriefStore.related
    app = make_app(home)

    def recording_related(self, brief_id, **kwargs):  # type: ignore[no-untyped-def]
        shown = app.main_screen.query_one(BriefView).brief
        calls.append((brief_id, threading.current_thread() is threading.main_thread(),
                      shown is not None and shown.id == brief_id))
        return original(self, brief_id, **kwargs)

    monkeypatch.setattr(BriefStore, "related", recording_related)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        for _ in range(3):
            await pilot.press("j")
            target = screen.brief_list.highlighted_id
            await wait_until(pilot, lambda t=target: screen.reader.has_related(t),
                             "the related briefs of the brief under the cursor")
        assert calls, "related() was never called"
        # Never on the UI thread, and only once the brief was in the pane.
        assert all(not on_ui and shown for _, on_ui, shown in calls), calls


async def test_an_answer_to_an_older_query_never_reaches_the_list(home: Path) -> None:
    from tui.controllers.search import SearchController

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        await pilot.press("slash", *"brelle")
        await wait_until(pilot, lambda: screen.state.answered_query == "brelle",
                         "the results of the query typed")
        shown = [row.id for row in screen.brief_list.rows]
        assert app.store is not None
        late = app.store.search("vessa", limit=50, snippets=0)  # answers a query typed before
        assert {hit.id for hit in late.hits} != set(shown)
        screen.search.post_message(SearchController.Answered("vessa", late))
        await settle(pilot, app)
        assert [row.id for row in screen.brief_list.rows] == shown
        assert screen.state.answered_query == "brelle"
