"""Markup in user text: every place of the app that shows it shows it literally.

A title holding ``[/]`` must not crash the app with a MarkupError, ``[@click=app.quit]``
must not become a live action, ``[link=...]`` not a link, ``$variable`` not a
substitution. Each test puts hostile briefs in a store, drives the real app with
Pilot, reads what the widgets render, and checks the app is still running.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input, Static, TextArea
from textual.widgets._markdown import MarkdownBlock
from textual.widgets._toast import Toast

from briefs.text import clean_line
from store import StoreError
from tests.functional.conftest import settle, wait_until
from tests.hostile.conftest import (
    HOSTILE,
    HOSTILE_ID,
    MARKUP_PIECES,
    hostile_brief,
    make_store,
    plain_brief,
)
from tui.app import BriefsApp, make_app
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.error_dialog import ErrorDialog
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.prompt_dialog import PromptDialog
from tui.dialogs.tag_editor import TagEditor
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.quote_list import QuoteList
from tui.widgets.row_list import RowList
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

SIZE = (200, 50)
SAVED_NAME = "Watch [/] [@click=app.quit]quit[/] $variable"
SAVED_QUERY = 'tag:"[bold]x" [/]'


@pytest.fixture
def hostile_home(home: Path) -> Path:
    """A store with the hostile brief (newest, so it is under the cursor) and a plain one."""
    return make_store(home, [hostile_brief(), plain_brief()], saved={SAVED_NAME: SAVED_QUERY})


@pytest.fixture
def app(hostile_home: Path) -> BriefsApp:
    """The app on the hostile store, without the sample briefs."""
    return make_app(hostile_home, seed_samples=False)


def row_lines(rows: RowList) -> list[str]:
    """The text of every visible line of a RowList, as drawn."""
    return [rows.render_line(y).text for y in range(min(len(rows.rows), rows.size.height))]


def brief_pane(view: BriefView) -> list[Content]:
    """What the brief pane shows: its laid-out lines, or its Markdown widget's blocks."""
    content = getattr(view, "content", None)
    if isinstance(content, Content):
        return [content]
    return [block.content for block in view.document.query(MarkdownBlock)
            if isinstance(block.content, Content)]


def shows_in_order(text: str, label: str, pieces: Sequence[str]) -> bool:
    """``label`` then each piece, in order, in ``text`` (line wraps and quote bars between)."""
    gap = r"[\s▌│┃]*"
    pattern = re.escape(label) + gap + gap.join(re.escape(piece) for piece in pieces)
    return re.search(pattern, text) is not None


def statics(app: BriefsApp) -> list[str]:
    """The rendered text of every Static on the active screen."""
    return [str(widget.render()) for widget in app.screen.query(Static)]


def toasts(app: BriefsApp) -> list[str]:
    """The rendered text of every notification on screen."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def assert_all_pieces(text: str, pieces: tuple[str, ...] = MARKUP_PIECES) -> None:
    """Every hostile piece appears in ``text`` exactly as typed."""
    missing = [piece for piece in pieces if piece not in text]
    assert not missing, f"not shown literally: {missing!r} in {text!r}"


async def test_list_row_and_brief_pane_show_every_field_literally(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.is_running
        brief_list = app.screen.query_one(BriefList)
        assert brief_list.highlighted_id == HOSTILE_ID
        first_row = row_lines(brief_list)[0]
        assert "Title [/] [bold]x [@click=app.quit]quit[/]" in first_row
        assert "#[/]" in first_row

        view = app.screen.query_one(BriefView)
        assert view.brief is not None and view.brief.id == HOSTILE_ID
        contents = brief_pane(view)
        page = "\n".join(content.plain for content in contents)
        # Single-line fields are shown exactly as typed, backslash escapes included.
        for label in ("Title", "Source", "Quote", "Speaker"):
            assert shows_in_order(page, label, MARKUP_PIECES), f"{label}: {page}"
        for tag in hostile_brief().tags:
            assert shows_in_order(page, f"#{tag}", ())
        # Markdown fields (summary, background, note, full text) are Markdown by design:
        # only "\\[" is read, as the escaped bracket it is; no markup is.
        as_markdown = [piece.replace("\\[", "[") for piece in MARKUP_PIECES]
        for label in ("Summary", "Background", "Note", "Body"):
            assert shows_in_order(page, label, as_markdown), f"{label}: {page}"
        # No span of the page carries the markup's action.
        for content in contents:
            for span in content.spans:
                assert "app.quit" not in str(span.style)
        assert app.is_running


async def test_tags_pane_shows_hostile_tags_literally(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("T")
        await settle(pilot, app)
        pane = app.screen.query_one(TagsPane)
        assert pane.display and pane.has_focus
        lines = row_lines(pane)
        shown = " | ".join(lines)
        for tag in ("[/]", "[bold]x", "$variable"):
            assert f"#{tag} " in shown
        # Cut to the pane's width (before its unread count), still literal markup.
        assert "#[@click=app.qui…" in shown
        assert app.is_running


async def test_quotes_view_and_its_speaker_filter_show_text_literally(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "QuotesScreen"
        quotes = app.screen.query_one(QuoteList)
        hostile_line = next(line for line in row_lines(quotes) if "Quote [/]" in line)
        assert f"“Quote {HOSTILE}”" in hostile_line
        assert "Speaker [/] [bold]x [@" in hostile_line  # the speaker column is 24 cells
        await pilot.press("slash", *"[/] [@click")
        await settle(pilot, app)
        status = str(app.screen.query_one(StatusLine).render())
        assert "speaker: [/] [@click" in status
        assert app.is_running
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "MainScreen"


async def test_notifications_show_urls_and_file_names_literally(
    app: BriefsApp, tmp_path: Path
) -> None:
    # A file whose path holds markup (the "/" of "[/]" is the folder separator).
    folder = tmp_path / "drop [@click=app.quit]quit["
    folder.mkdir()
    bad = folder / "] [bold]x $variable.txt"
    bad.write_bytes(b"\x00\x01 not text")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("o")  # the hostile brief's URL is not http(s)
        await settle(pilot, app)
        shown = toasts(app)
        assert any("Not opening javascript:[/][@click=app.quit]quit[/]" in t for t in shown), shown
        await pilot.press("i")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = shlex.quote(str(bad))
        await pilot.press("enter")
        failure = f"{clean_line(str(bad))}: binary file"
        await wait_until(pilot, lambda: any(failure in t for t in toasts(app)),
                         "the import's failure notification")
        shown = toasts(app)
        assert any(failure in t for t in shown), shown
        assert app.is_running


@pytest.mark.slow
async def test_tag_editor_note_editor_and_delete_confirm_show_text_literally(
    app: BriefsApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TagEditor)
        texts = statics(app)
        assert f"Tags for “Title {HOSTILE}”" in texts
        assert "Current: [/], [bold]x, [@click=app.quit]quit[/], $variable, back\\slash 🦊" in texts
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, NoteEditor)
        assert f"Note on “Title {HOSTILE}”" in statics(app)
        assert app.screen.query_one(TextArea).text == f"Note {HOSTILE}"
        await pilot.press("escape")
        await settle(pilot, app)

        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert f"Delete “Title {HOSTILE}”?" in statics(app)
        await pilot.press("n")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "MainScreen"
        assert app.is_running


async def test_error_dialog_shows_a_hostile_message_literally(app: BriefsApp) -> None:
    def fail(store: object) -> None:
        raise StoreError(f"{HOSTILE}: cannot do that")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.call_store(fail)
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog), "the error dialog")
        assert isinstance(app.screen, ErrorDialog)
        assert f"{HOSTILE}: cannot do that" in statics(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.is_running


@pytest.mark.slow
async def test_command_palette_shows_a_hostile_saved_search_and_runs_it_literally(
    app: BriefsApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Saved search")
        commands = app.screen.query_one(CommandList)

        def palette_prompts() -> list[str]:
            return [str(commands.get_option_at_index(i).prompt)
                    for i in range(commands.option_count)]

        # The palette searches in a worker, after a short delay.
        await wait_until(pilot, lambda: any("Saved search: " in p for p in palette_prompts()),
                         "the palette to list the saved search")
        prompts = palette_prompts()
        hit = next((i for i, p in enumerate(prompts) if "Saved search: " in p), None)
        assert hit is not None, prompts
        assert f"Saved search: {SAVED_NAME}" in prompts[hit]
        assert SAVED_QUERY in prompts[hit]
        commands.highlighted = hit
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "MainScreen"
        assert app.screen.query_one("#search", Input).value == SAVED_QUERY
        assert f"query: {SAVED_QUERY}" in str(app.screen.query_one(StatusLine).render())
        assert app.is_running


@pytest.mark.slow
async def test_status_line_and_save_prompt_show_a_typed_hostile_query_literally(
    app: BriefsApp,
) -> None:
    typed = '[/] $x "a'
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *typed)
        await settle(pilot, app)
        status = str(app.screen.query_one(StatusLine).render())
        assert f"query: {typed}" in status
        assert "unclosed quote" in status  # the query error, as a note
        app.screen.query_one("#search", Input).value = "[/] [@click=app.quit]quit[/]"
        await settle(pilot, app)
        status = str(app.screen.query_one(StatusLine).render())
        assert "query: [/] [@click=app.quit]quit[/]" in status
        await app.screen.run_action("save_search")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        assert "Save the search “[/] [@click=app.quit]quit[/]” as" in statics(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.is_running


async def test_story_thread_status_shows_a_hostile_title_literally(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        status = str(app.screen.query_one(StatusLine).render())
        assert f"story thread of “Title {HOSTILE}”" in status
        assert app.is_running


async def test_help_opens_over_hostile_briefs(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "HelpScreen"
        sources = [str(getattr(widget, "source", "")) for widget in app.screen.query("*")]
        assert any("Briefs — keys" in source for source in sources)
        await pilot.press("escape")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "MainScreen"
        assert app.is_running


async def test_no_cell_on_screen_carries_the_hostile_action(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        width, height = SIZE
        actions = {str(app.screen.get_style_at(x, y).meta.get("@click", ""))
                   for y in range(height) for x in range(width)}
        assert not [action for action in actions if "quit" in action], actions
        # And clicking the words themselves, in the list row, does nothing but select it.
        brief_list = app.screen.query_one(BriefList)
        column = row_lines(brief_list)[0].index("[@click=app.quit]quit")
        for x in (column, column + 8, column + len("[@click=app.quit]")):
            await pilot.click(BriefList, offset=(x, 0))
        await settle(pilot, app)
        assert app.is_running
        assert brief_list.highlighted_id == HOSTILE_ID
