"""Reading-desk speed at 100,000 briefs, fourth pass (issue 15): what the app does off the
critical path of a key, checked on the sample briefs through Pilot."""

from __future__ import annotations

import gc
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
        rows.drawn.clear()
        await pilot.press("j")  # the list scrolls by one row
        await pilot.pause()
        assert sorted(set(rows.drawn)) == ["row 10", "row 9"]  # the new row, the old cursor
        assert "row 10" in _screen_text(rows)[-1]
        rows.starred.add("row 5")  # a row's state changes: that row is drawn again
        rows.refresh()
        rows.drawn.clear()
        await pilot.pause()
        assert rows.drawn == ["row 5"]
        assert _screen_text(rows)[4].strip().startswith("★ row 5")
        before = _screen_text(rows)
        rows._drawn.clear()  # drawn from scratch: the same lines
        assert _screen_text(rows) == before
