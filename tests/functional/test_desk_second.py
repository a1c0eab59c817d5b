"""Issue 15, second pass: keys typed as a dialog opens, related briefs' floor, quotes view.

Each test waits for the condition it checks, never for a fixed time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import Input, TextArea
from textual.widgets._toast import Toast

from briefs import Brief, Quote
from briefs.samples import load_samples
from store import BriefStore
from tests.functional.conftest import settle
from tests.pilot_waits import wait_until
from tui.app import BriefsApp, make_app
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.tag_editor import TagEditor
from tui.screens.main_screen import MainScreen
from tui.screens.quotes_screen import QuotesScreen
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.quote_list import QuoteList

SIZE = (120, 40)


def _type_at_once(app: BriefsApp, keys: list[str]) -> None:
    """Queue every key before the app handles the first one, as a fast typist under load."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def _settled_list_state(pilot, app: BriefsApp) -> tuple:
    """The list's state once the shown brief has been marked read by its timer.

    The timer marks it read 1.5 s after it shows: on a loaded machine that fell
    inside the test and changed the state it compares (not a key reaching the list).
    """
    rows = app.screen.query_one(BriefList)
    await wait_until(pilot, lambda: rows.highlighted_row is not None and rows.highlighted_row.read,
                     "the shown brief marked read by its timer")
    return _list_state(app)


def _list_state(app: BriefsApp) -> tuple:
    screen = app.main_screen
    assert screen is not None
    rows = screen.query_one(BriefList)
    return (rows.highlighted_id, screen.state.thread, [(r.id, r.starred, r.read, r.tags)
                                                       for r in rows.rows])


async def test_keys_typed_as_the_note_editor_opens_go_into_the_note(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = await _settled_list_state(pilot, app)
        _type_at_once(app, ["e", *"hello"])
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await settle(pilot, app)
        assert app.screen.query_one(TextArea).text.endswith("hello")
        assert _list_state(app) == before


async def test_keys_pressed_as_the_note_editor_opens_go_into_the_note(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = await _settled_list_state(pilot, app)
        await pilot.press("e", *"hello")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await settle(pilot, app)
        assert app.screen.query_one(TextArea).text.endswith("hello")
        assert _list_state(app) == before


async def test_keys_typed_as_the_tag_editor_opens_go_into_its_box(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = await _settled_list_state(pilot, app)
        _type_at_once(app, ["t", *"sr", "ctrl+z"])
        await wait_until(pilot, lambda: isinstance(app.screen, TagEditor), "the tag editor")
        await settle(pilot, app)
        assert app.screen.query_one(Input).value == "sr"
        assert _list_state(app) == before


async def test_a_brief_that_says_hello_lists_no_related_briefs(home: Path) -> None:
    # Issue 15.8: it listed 5 "related" briefs that shared one word with it.
    with BriefStore.open(home) as store:
        # Two briefs say hello in passing: the word alone made them "related".
        passing = [Brief(id=f"greet{i}", title=f"Harbour report {i}", date=dt.date(2029, 1, i),
                         summary=f"Hello from the harbour, where {i} ferries were late.",
                         tags=["harbour"]) for i in (1, 2)]
        store.upsert_many([*load_samples(), *passing, Brief(
            id="hello", title="Hello", date=dt.date(2030, 1, 1), summary="Hello.",
            tags=["harbour"])])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        assert screen is not None and screen.brief_list.highlighted_id == "hello"
        await wait_until(pilot, lambda: screen.reader.has_related("hello"), "related briefs")
        assert screen.related == []
        await pilot.press("h")
        await wait_until(pilot, lambda: screen.state.thread is not None, "the thread")
        assert [row.id for row in screen.brief_list.rows] == ["hello"]


async def test_the_vessa_thread_keeps_out_the_russia_briefs(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        assert screen is not None
        assert screen.brief_list.move_to("sample-vessa-02")
        await pilot.press("h")
        await wait_until(pilot, lambda: screen.state.thread is not None, "the thread")
        ids = [row.id for row in screen.brief_list.rows]
        assert len(ids) >= 5
        assert all(i.startswith("sample-vessa") for i in ids), ids
        await wait_until(pilot, lambda: screen.reader.has_related("sample-vessa-02"), "related")
        assert screen.related
        assert all(hit.id.startswith("sample-vessa") for hit in screen.related)


def _long_brief() -> Brief:
    """A brief whose quotes come after a long summary, the last one far down."""
    summary = "\n\n".join(f"Paragraph {i} on the ferry timetable of Port Elsin, which the "
                          "harbour board revised again this week." for i in range(30))
    return Brief(id="long", title="The ferry timetable", date=dt.date(2030, 1, 1),
                 summary=summary, quotes=[
                     Quote(text="The first ferry leaves at six", speaker="Mara Quillon"),
                     Quote(text="The second ferry leaves at seven", speaker="Mara Quillon"),
                     Quote(text="Nobody asked the crews about any of it", speaker="Tobin Ashgrove"),
                 ])


async def test_a_run_of_quotes_shows_its_speaker_once(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([_long_brief()])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuotesScreen)
                         and len(app.screen.query_one(QuoteList).rows) == 3, "the quotes")
        quotes = app.screen.query_one(QuoteList)
        lines = [quotes.render_line(y).text for y in range(3)]
        assert lines[0].count("Mara Quillon") == 1
        assert "Mara Quillon" not in lines[1] and "second ferry" in lines[1]
        assert "Tobin Ashgrove" in lines[2]


async def test_enter_on_a_quote_opens_its_brief_scrolled_to_it(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([_long_brief()])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuotesScreen)
                         and len(app.screen.query_one(QuoteList).rows) == 3, "the quotes")
        await pilot.press("G", "enter")  # the last quote
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        view = app.screen.query_one(BriefView)
        await wait_until(pilot, lambda: view.brief is not None and view.scroll_offset.y > 0,
                         "the brief scrolled")
        shown = [view.render_line(y).text for y in range(view.size.height)]
        assert any("Nobody asked the crews" in line for line in shown), shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_toasts_leave_the_brief_text_uncovered(app: BriefsApp, size: tuple[int, int]) -> None:
    # Issue 15.9: toasts were drawn over the brief pane's text.
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("S")  # "Sorted by ..."
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), "a toast", timeout=20)
        brief = app.screen.query_one(BriefView).region
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(brief), (toast.region, brief)


async def test_the_help_frame_holds_its_table_on_first_open(app: BriefsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(app.screen.query("MarkdownTable")), "the help")
        frame = app.screen.query_one(VerticalScroll)
        table = app.screen.query_one("MarkdownTable")
        assert table.region.right <= frame.content_region.right - frame.scrollbar_size_vertical
