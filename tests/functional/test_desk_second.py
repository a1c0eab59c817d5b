"""Issue 15, second pass: keys typed as a dialog opens, related briefs' floor, quotes view.

Each test waits for the condition it checks, never for a fixed time.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from tests.functional.conftest import settle
from tests.pilot_waits import wait_until
from tui.app import BriefsApp
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.tag_editor import TagEditor
from tui.widgets.brief_list import BriefList

SIZE = (120, 40)


def _type_at_once(app: BriefsApp, keys: list[str]) -> None:
    """Queue every key before the app handles the first one, as a fast typist under load."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def _list_state(app: BriefsApp) -> tuple:
    screen = app.main_screen
    assert screen is not None
    rows = screen.query_one(BriefList)
    return (rows.highlighted_id, screen.state.thread, [(r.id, r.starred, r.read, r.tags)
                                                       for r in rows.rows])


async def test_keys_typed_as_the_note_editor_opens_go_into_the_note(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = _list_state(app)
        _type_at_once(app, ["e", *"hello"])
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await settle(pilot, app)
        assert app.screen.query_one(TextArea).text.endswith("hello")
        assert _list_state(app) == before


async def test_keys_pressed_as_the_note_editor_opens_go_into_the_note(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = _list_state(app)
        await pilot.press("e", *"hello")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await settle(pilot, app)
        assert app.screen.query_one(TextArea).text.endswith("hello")
        assert _list_state(app) == before


async def test_keys_typed_as_the_tag_editor_opens_go_into_its_box(app: BriefsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = _list_state(app)
        _type_at_once(app, ["t", *"sr", "ctrl+z"])
        await wait_until(pilot, lambda: isinstance(app.screen, TagEditor), "the tag editor")
        await settle(pilot, app)
        assert app.screen.query_one(Input).value == "sr"
        assert _list_state(app) == before
