"""Every reading-desk action, driven through Pilot on the sample briefs in a temporary store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from textual.content import Content
from textual.widgets import Input, TextArea

from briefs import Brief, Quote
from store import BriefStore
from tests.functional.conftest import settle, wait_until
from tui.app import BriefsApp, make_app
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.prompt_dialog import PromptDialog
from tui.screens.main_screen import MainScreen
from tui.screens.quotes_screen import QuotesScreen
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.quote_list import QuoteList
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

SIZE = (120, 40)


def main_screen(app: BriefsApp) -> MainScreen:
    screen = app.main_screen
    assert screen is not None
    return screen


def brief_list(app: BriefsApp) -> BriefList:
    return main_screen(app).query_one(BriefList)


def shown_brief(app: BriefsApp) -> Brief:
    brief = main_screen(app).query_one(BriefView).brief
    assert brief is not None
    return brief


def status_text(app: BriefsApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_sort_cycles_between_newest_and_oldest(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        newest = [row.id for row in brief_list(app).rows]
        await pilot.press("S")
        await settle(pilot, app)
        assert [row.id for row in brief_list(app).rows] == newest[::-1]
        assert "oldest first" in status_text(app)
        await pilot.press("S")
        await settle(pilot, app)
        assert [row.id for row in brief_list(app).rows] == newest


@pytest.mark.slow
async def test_selection_survives_filtering(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = brief_list(app).rows
        target = next(row for row in rows if "sample" in row.tags and row is not rows[0])
        brief_list(app).move_to(target.id)
        await settle(pilot, app)
        await pilot.press("slash", *"tag:sample")
        await settle(pilot, app)
        assert brief_list(app).highlighted_id == target.id
        await pilot.press("escape")
        await settle(pilot, app)
        assert brief_list(app).highlighted_id == target.id


async def test_next_unread_skips_read_briefs(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = brief_list(app).rows
        start = brief_list(app).cursor
        expected = next(i for i in range(start + 1, len(rows)) if not rows[i].read)
        await pilot.press("n")
        await settle(pilot, app)
        assert brief_list(app).cursor == expected


@pytest.mark.slow
async def test_delete_asks_first_and_undo_brings_it_back(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        total = len(brief_list(app).rows)
        target = brief_list(app).highlighted_id
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == total
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == total - 1
        assert brief_list(app).index_of(target) is None
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == total
        assert brief_list(app).index_of(target) is not None
    with BriefStore.open(home) as store:
        assert store.count() == total


async def test_note_is_saved_shown_and_undone(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        target = brief_list(app).highlighted_id
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("Check the *dam* figures [/] tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert shown_brief(app).note == "Check the *dam* figures [/] tomorrow"
        source = main_screen(app).query_one(BriefView).document.source
        assert "## Note" in source
        with BriefStore.open(home) as store:
            assert store.get(target).note.startswith("Check the")
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert shown_brief(app).note == ""


async def test_tag_change_is_undone(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = list(brief_list(app).highlighted_row.tags)
        await pilot.press("t", *"urgent", "enter")
        await settle(pilot, app)
        assert "urgent" in brief_list(app).highlighted_row.tags
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert brief_list(app).highlighted_row.tags == before


async def test_marked_briefs_are_tagged_together(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        first, second = (row.id for row in brief_list(app).rows[:2])
        await pilot.press("space", "space")
        await settle(pilot, app)
        assert brief_list(app).marked == {first, second}
        assert "2 marked" in status_text(app)
        await pilot.press("t", *"batch", "enter")
        await settle(pilot, app)
    with BriefStore.open(home) as store:
        assert "batch" in store.row(first).tags and "batch" in store.row(second).tags
        assert sum("batch" in row.tags for row in store.rows()) == 2


async def test_tags_pane_filters_by_the_chosen_tags(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        total = len(brief_list(app).rows)
        await pilot.press("T")
        await settle(pilot, app)
        pane = main_screen(app).query_one(TagsPane)
        assert pane.display and pane.has_focus
        counts = {row.tag: row.count for row in pane.rows}
        assert counts["sample"] == 8
        pane.move_to("russia")
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == counts["russia"]
        pane.move_to("uk")
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == 1, "several tags combine: all must hold"
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == total


async def test_quotes_view_filters_by_speaker_and_opens_the_brief(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        assert isinstance(app.screen, QuotesScreen)
        quotes = app.screen.query_one(QuoteList)
        everything = len(quotes.rows)
        assert everything >= 20
        await pilot.press("slash", *"okoli")
        await settle(pilot, app)
        assert 0 < len(quotes.rows) < everything
        assert all("Okoli" in (row.speaker or "") for row in quotes.rows)
        wanted = quotes.rows[0].brief_id
        await pilot.press("enter")  # back to the list of quotes
        await pilot.press("enter")  # open the brief of the quote
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert brief_list(app).highlighted_id == wanted


async def test_import_from_inside_the_app(app: BriefsApp, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date 2026-01-05\n\nThe Corvane Foundation opened an office in Port Elsin.\n\n"
        '"We are here for the long run," said director Ilsa Varnholt.\n', encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x00binary")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        total = len(brief_list(app).rows)
        await pilot.press("i")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert len(brief_list(app).rows) == total + 1
        assert brief_list(app).rows[0].date == dt.date(2026, 1, 5)
        messages = [n.message for n in app._notifications]
        assert any("Imported 1" in m and "failed 1" in m and "bad.txt" in m for m in messages)


async def test_export_writes_the_shown_briefs(app: BriefsApp, tmp_path: Path) -> None:
    target = tmp_path / "out"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"tag:russia", "enter")
        await settle(pilot, app)
        shown = len(brief_list(app).rows)
        await pilot.press("x")
        await settle(pilot, app)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot, app)
    assert len(list(target.glob("*.md"))) == shown == 2


async def test_related_briefs_are_listed_and_one_key_away(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = main_screen(app)
        assert screen.related, "the newest sample shares a story with others"
        source = screen.query_one(BriefView).document.source
        assert "## Related briefs" in source
        first_related = screen.related[0].id
        await pilot.press("1")
        await settle(pilot, app)
        assert brief_list(app).highlighted_id == first_related


async def test_story_thread_lists_related_briefs_by_date(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        total = len(brief_list(app).rows)
        current = brief_list(app).highlighted_id
        await pilot.press("h")
        await settle(pilot, app)
        rows = brief_list(app).rows
        assert 1 < len(rows) <= total
        assert current in [row.id for row in rows]
        dates = [row.date for row in rows]
        assert dates == sorted(dates), "oldest first, as a story is told"
        assert "story thread" in status_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(brief_list(app).rows) == total


async def test_search_words_are_highlighted_in_the_brief(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"commission", "enter")
        await settle(pilot, app)
        content = main_screen(app).query_one(BriefView).document.content
        assert isinstance(content, Content)
        highlighted = [content.plain[span.start:span.end] for span in content.spans
                       if "reverse" in str(span.style)]
        assert highlighted and all(word.lower().startswith("commission") for word in highlighted)


async def test_open_url_uses_the_browser_only_for_web_links(home: Path, monkeypatch) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="web", title="With a link", date=dt.date(2026, 2, 1),
                                 url="https://example.com/story", quotes=[Quote("Hello there")]),
                           # (the samples no longer join a store that holds briefs)
                           Brief(id="plain", title="No link", date=dt.date(2026, 1, 1))])
    opened: list[str] = []
    app = make_app(home)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr("tui.controllers.links.browser_available", lambda: True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert brief_list(app).highlighted_id == "web"
        await pilot.press("o")
        await settle(pilot, app)
        assert opened == ["https://example.com/story"]
        await pilot.press("j", "o")
        await settle(pilot, app)
        assert opened == ["https://example.com/story"], "a brief with no URL opens nothing"


@pytest.mark.slow
async def test_saved_searches_are_in_the_command_palette(app: BriefsApp, home: Path) -> None:
    with BriefStore.open(home) as store:
        store.save_search("Russia file", "tag:russia")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        total = len(brief_list(app).rows)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*"Russia file")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert 0 < len(brief_list(app).rows) < total
        assert "tag:russia" in status_text(app)


@pytest.mark.slow
async def test_saving_a_search_from_the_app(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"vessa", "enter")
        await settle(pilot, app)
        main_screen(app).action_save_search()
        await settle(pilot, app)
        await pilot.press(*"river", "enter")
        await settle(pilot, app)
    with BriefStore.open(home) as store:
        assert store.saved_searches() == {"river": "vessa"}


async def test_the_theme_is_remembered(home: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "config.json"
    app = make_app(home, config_file=config_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.theme = "nord"
        await settle(pilot, app)
    assert orjson.loads(config_file.read_bytes())["theme"] == "nord"
    again = make_app(home, config_file=config_file)
    assert again.theme == "nord"


async def test_clicking_a_row_selects_it(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.click(BriefList, offset=(5, 3))
        await settle(pilot, app)
        assert brief_list(app).cursor == 3
        assert shown_brief(app).id == brief_list(app).rows[3].id


@pytest.mark.slow
async def test_works_at_80x24_and_after_a_resize(app: BriefsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert len(brief_list(app).rows) == 10
        await pilot.press("T")
        await settle(pilot, app)
        assert not main_screen(app).query_one(BriefView).display, "tags replace the brief"
        await pilot.press("T")
        await pilot.resize_terminal(120, 40)
        await settle(pilot, app)
        await pilot.press("j")
        await settle(pilot, app)
        assert shown_brief(app).id == brief_list(app).rows[1].id


async def test_a_long_brief_scrolls_to_its_end(home: Path) -> None:
    body = "\n\n".join(f"Paragraph {n} of the long report from Port Elsin." for n in range(80))
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="long", title="A long brief", date=dt.date(2026, 3, 1),
                                 body=body),
                           # (the samples no longer join a store that holds briefs)
                           Brief(id="short", title="A short one", date=dt.date(2026, 2, 1))])
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        view = main_screen(app).query_one(BriefView)
        assert view.brief is not None and view.brief.id == "long"
        assert view.max_scroll_y > 100
        await pilot.press("enter", "G")
        await settle(pilot, app)
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("escape", "j")
        await settle(pilot, app)
        assert view.scroll_offset.y == 0, "another brief starts at its top"
        assert view.max_scroll_y < 100


async def test_marking_read_keeps_the_readers_place(home: Path, monkeypatch) -> None:
    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 0.2)
    body = "\n\n".join(f"Paragraph {n} of the long report from Port Elsin." for n in range(80))
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="long", title="A long brief", date=dt.date(2026, 3, 1),
                                 body=body)])
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        view = main_screen(app).query_one(BriefView)
        await pilot.press("enter", "space", "space")
        place = view.scroll_offset.y
        assert place > 0
        await wait_until(pilot, lambda: brief_list(app).rows[0].read,
                         "the brief to turn read after a moment on screen")
        assert brief_list(app).rows[0].read, "shown for a moment: now read"
        assert view.scroll_offset.y == place


async def test_keys_typed_in_the_same_instant_as_slash_go_to_the_search(app: BriefsApp) -> None:
    from textual import events

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        # As a terminal delivers a fast typist's keys: all read before any is handled.
        for char in "/vessa in":
            key = {"/": "slash", " ": "space"}.get(char, char)
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen), "'i' in the query did not open import"
        assert main_screen(app).query_one("#search", Input).value == "vessa in"
