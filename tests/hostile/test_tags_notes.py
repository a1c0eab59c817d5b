"""Tags and notes: trimmed, control characters removed, cut to a limit, case duplicates merged.

``Diplomacy`` and ``diplomacy`` are one tag, shown as first typed (or as the store
already spells it), through :class:`Brief`, :meth:`BriefStore.edit_tags`, the app's
tag editor and ``briefs tag``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from briefs import Brief
from briefs.models import NOTE_MAX_CHARS, TAG_MAX_CHARS
from store import BriefStore
from tests.functional.conftest import settle
from tests.hostile.conftest import OTHER_ID, has_controls, make_store, plain_brief, run_cli
from tui.app import make_app
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.tag_editor import TagEditor
from tui.widgets.brief_list import BriefList
from tui.widgets.tags_pane import TagsPane

LONG_TAG = "Cross-border water allocation negotiations between Valdoria and Corvain"
FIRST_ID = "1111aaaa2222bbbb"


def test_brief_tags_are_trimmed_cleaned_cut_and_merged_by_case() -> None:
    brief = Brief(id="x", title="t", tags=[
        "  Diplomacy  ", "diplomacy", "DIPLOMACY", "Diplo\x1b[31mmacy", "dip\x00lomacy\x07",
        "\tHarbour\n", LONG_TAG, "", "   ", "#", "+-", "#energy", "Élysée", "elysee",
    ])
    assert brief.tags == ["Diplomacy", "Harbour", LONG_TAG[:TAG_MAX_CHARS].rstrip(),
                          "energy", "Élysée"]
    assert all(len(tag) <= TAG_MAX_CHARS for tag in brief.tags)


def test_brief_notes_are_trimmed_cleaned_and_cut() -> None:
    note = "\n\n  Call\x1b]0;pwned\x07 Maren\x9b2J back.\r\n\n\n\nSoon.  \n"
    brief = Brief(id="x", title="t", note=note)
    assert brief.note == "Call Maren back.\n\nSoon."
    long = Brief(id="x", title="t", note="word " * 10_000)
    assert len(long.note) <= NOTE_MAX_CHARS


@pytest.fixture
def store(tmp_path: Path) -> BriefStore:
    """A store with two briefs; the first is tagged ``Diplomacy``."""
    home = make_store(tmp_path / "home", [
        plain_brief(id=FIRST_ID, tags=["Diplomacy"]),
        plain_brief(id=OTHER_ID, title="Quay workers vote"),
    ])
    opened = BriefStore.open(home)
    yield opened
    opened.close()


def test_edit_tags_takes_the_spelling_the_store_already_has(store: BriefStore) -> None:
    store.edit_tags([OTHER_ID], add=["  diplomacy ", "DIPLOMACY", "Diplo\x1b[2Jmacy",
                                     "new\x07", "New", LONG_TAG, "", "#"])
    assert store.row(OTHER_ID).tags == ["Diplomacy", "new", LONG_TAG[:TAG_MAX_CHARS].rstrip()]
    assert store.tag_counts()["Diplomacy"] == 2
    store.edit_tags([OTHER_ID, FIRST_ID], remove=["  DIPLOMACY\x1b[0m "])
    assert "Diplomacy" not in store.row(OTHER_ID).tags
    assert store.row(FIRST_ID).tags == []


def test_set_note_is_trimmed_cleaned_and_cut(store: BriefStore) -> None:
    store.set_note(OTHER_ID, "  \x1b[2JAsk Joram\x07 about\x9b31m overtime.  \n\n\n")
    assert store.get(OTHER_ID).note == "Ask Joram about overtime."
    store.set_note(OTHER_ID, "x" * (NOTE_MAX_CHARS + 500))
    assert len(store.get(OTHER_ID).note) == NOTE_MAX_CHARS


def test_cli_tag_cleans_and_merges(capsys: pytest.CaptureFixture[str], store: BriefStore) -> None:
    home = store.home
    store.close()
    code, out, err = run_cli(capsys, "--home", str(home), "tag", OTHER_ID[:8],
                             "+  diplomacy ", "+DIPLOMACY", "+Quay\x1b]0;pwned\x07", "quay",
                             f"+{LONG_TAG}", "+#harbour")
    assert code == 0, err
    expected = ["Diplomacy", "Quay", LONG_TAG[:TAG_MAX_CHARS].rstrip(), "harbour"]
    assert out.strip() == f"{OTHER_ID[:8]}  tags: {', '.join(expected)}"
    assert not has_controls(out + err)
    code, out, _ = run_cli(capsys, "--home", str(home), "tag", OTHER_ID[:8], "-QUAY")
    assert code == 0 and "Quay" not in out
    with BriefStore.open(home) as reopened:
        assert reopened.row(OTHER_ID).tags == ["Diplomacy", expected[2], "harbour"]


@pytest.mark.slow
async def test_tag_editor_cleans_merges_and_keeps_the_store_spelling(home: Path) -> None:
    make_store(home, [plain_brief(id=FIRST_ID, tags=["Diplomacy"]),
                      plain_brief(id=OTHER_ID, title="Quay workers vote", date=None)])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        brief_list.move_to(OTHER_ID)
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*" diplomacy ,QUAY")
        tag_input = app.screen.query_one(Input)
        assert tag_input.value == " diplomacy ,QUAY"
        # Pasted: more spellings, controls and a long tag.
        tag_input.value = f"  diplomacy ,DIPLOMACY,  quay , Quay, Harbour\x1b[2J\x07, {LONG_TAG}"
        await pilot.press("enter")
        await settle(pilot, app)
        row = next(r for r in brief_list.rows if r.id == OTHER_ID)
        expected = ["Diplomacy", "quay", "Harbour", LONG_TAG[:TAG_MAX_CHARS].rstrip()]
        assert row.tags == expected
        await pilot.press("t")
        await settle(pilot, app)
        await pilot.press(*"-QUAY,-harbour")
        await pilot.press("enter")
        await settle(pilot, app)
    with BriefStore.open(home) as store:
        assert store.row(OTHER_ID).tags == ["Diplomacy", expected[3]]


async def test_note_editor_cleans_and_cuts_the_note(home: Path) -> None:
    make_store(home, [plain_brief()])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        area.text = "\n  Ask Joram\x1b]0;pwned\x07 about the\x9b2J overtime.  \n\n\n\nThen Maren.\n"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        with BriefStore.open(home) as store:
            assert store.get(OTHER_ID).note == "Ask Joram about the overtime.\n\nThen Maren."
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one(TextArea).text = "y" * (NOTE_MAX_CHARS + 100)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.is_running
    with BriefStore.open(home) as store:
        assert len(store.get(OTHER_ID).note) == NOTE_MAX_CHARS


@pytest.mark.parametrize("tag", ["(paren", 'say "hi"', "«quoted»"])
async def test_choosing_any_tag_in_the_tags_pane_filters_by_it(home: Path, tag: str) -> None:
    make_store(home, [plain_brief(id=FIRST_ID, tags=[tag]), plain_brief()])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("T")
        await settle(pilot, app)
        pane = app.screen.query_one(TagsPane)
        assert [row.tag for row in pane.rows] == [tag]
        await pilot.press("enter")
        await settle(pilot, app)
        assert [row.id for row in app.screen.query_one(BriefList).rows] == [FIRST_ID]
