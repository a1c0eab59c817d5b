"""The app driven through Pilot on a temporary store: select, read, tag, search, quit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from store import BriefStore
from tests.functional.conftest import settle
from tui.app import BriefsApp
from tui.dialogs.tag_editor import TagEditor
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine


def _markdown_source(app: BriefsApp) -> str:
    return app.screen.query_one(BriefView).document.source


async def test_first_run_shows_the_sample_briefs(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        assert 8 <= len(brief_list.rows) <= 12
        dates = [row.date for row in brief_list.rows]
        assert dates == sorted(dates, reverse=True), "newest first"
        first = brief_list.rows[0]
        assert _markdown_source(app).startswith("# ")
        assert first.title.split()[0] in _markdown_source(app)
        status = str(app.screen.query_one(StatusLine).render())
        assert f"{len(brief_list.rows)} of {len(brief_list.rows)}" in status


async def test_moving_the_cursor_shows_that_brief(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert brief_list.cursor == 2
        view = app.screen.query_one(BriefView)
        assert view.brief is not None and view.brief.id == brief_list.rows[2].id
        await pilot.press("k")
        await settle(pilot, app)
        assert view.brief is not None and view.brief.id == brief_list.rows[1].id
        await pilot.press("down")
        await settle(pilot, app)
        assert brief_list.cursor == 2


async def test_enter_and_tab_move_focus_to_the_brief_and_escape_returns(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        assert isinstance(app.focused, BriefView)
        await pilot.press("escape")
        assert isinstance(app.focused, BriefList)
        await pilot.press("tab")
        assert isinstance(app.focused, BriefView)


async def test_tagging_the_selected_brief_saves_the_tags(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        target = brief_list.highlighted_id
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"alpha, Beta Two")
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, TagEditor)
        row = next(r for r in brief_list.rows if r.id == target)
        assert {"alpha", "Beta Two"} <= set(row.tags)
        assert "alpha" in _markdown_source(app)
    with BriefStore.open(home) as store:
        assert {"alpha", "Beta Two"} <= set(store.get(target).tags)


async def test_removing_a_tag_with_a_minus(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        target = brief_list.highlighted_id
        await pilot.press("t", *"keep, drop", "enter")
        await settle(pilot, app)
        await pilot.press("t", *"-DROP", "enter")
        await settle(pilot, app)
        row = next(r for r in brief_list.rows if r.id == target)
        assert "keep" in row.tags and "drop" not in row.tags


async def test_search_narrows_the_list_and_escape_clears_it(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        total = len(brief_list.rows)
        sample_count = sum(1 for r in brief_list.rows if "sample" in r.tags)
        assert 0 < sample_count < total
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        assert search.has_focus
        await pilot.press(*"tag:sample")
        await settle(pilot, app)
        assert len(brief_list.rows) == sample_count
        assert all("sample" in r.tags for r in brief_list.rows)
        await pilot.press("enter")
        assert isinstance(app.focused, BriefList)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(brief_list.rows) == total
        assert not search.display


async def test_a_query_with_no_hits_says_so(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"zzqxv")
        await settle(pilot, app)
        assert len(app.screen.query_one(BriefList).rows) == 0
        assert "no matches" in str(app.screen.query_one(StatusLine).render())


async def test_star_and_read_toggle(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        target = brief_list.highlighted_id
        await pilot.press("s")
        await settle(pilot, app)
        assert brief_list.highlighted_row is not None and brief_list.highlighted_row.starred
        read_before = brief_list.highlighted_row.read
        await pilot.press("r")
        await settle(pilot, app)
        assert brief_list.highlighted_row.read is (not read_before)
    with BriefStore.open(home) as store:
        assert store.row(target).starred


async def test_help_screen_opens_and_closes(app: BriefsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "MainScreen"


async def test_q_quits(app: BriefsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
