"""The reading desk's faults from issues 14 (point 4) and 15, each reproduced through Pilot.

Each test waits for the condition it checks (workers finished, a row changed),
never for a fixed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefs import Brief
from store import BriefStore
from tests.functional.conftest import settle
from tests.pilot_waits import wait_until as wait_for
from tui.app import BriefsApp, make_app
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine

SIZE = (120, 40)


def brief_list(app: BriefsApp) -> BriefList:
    screen = app.main_screen
    assert screen is not None
    return screen.query_one(BriefList)


def status_text(app: BriefsApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (fail after ``timeout`` seconds)."""
    await wait_for(pilot, condition, "the condition", timeout=timeout)


def _briefs(n: int) -> list[Brief]:
    return [Brief(id=f"b{i}", title=f"Brief number {i} about the Vessa dam",
                  date=dt.date(2026, 1, 1 + i), summary=f"Summary {i}.") for i in range(n)]


async def test_undo_of_a_tag_change_keeps_another_processes_tag(app: BriefsApp,
                                                                home: Path) -> None:
    # Issue 14.4: undo is the inverse of the user's own change, not a snapshot.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        target = brief_list(app).highlighted_id
        assert target is not None
        await pilot.press("t", *"mine", "enter")
        await settle(pilot, app)
        assert "mine" in brief_list(app).highlighted_row.tags
        with BriefStore.open(home) as other:  # another terminal, same home
            other.add_tags([target], ["theirs"])
        # The app notices the other process's write (its poll reloads the list).
        await wait_until(pilot, lambda: "theirs" in (brief_list(app).highlighted_row.tags))
        await settle(pilot, app)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        await wait_until(pilot, lambda: "mine" not in brief_list(app).highlighted_row.tags)
    with BriefStore.open(home) as store:
        tags = store.row(target).tags
    assert "theirs" in tags
    assert "mine" not in tags


async def test_undo_of_a_star_keeps_another_processes_read_flag(app: BriefsApp,
                                                                home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        target = brief_list(app).highlighted_id
        assert target is not None
        await pilot.press("s")
        await settle(pilot, app)
        with BriefStore.open(home) as other:
            other.set_read([target], False)
            other.add_tags([target], ["theirs"])
        await wait_until(pilot, lambda: "theirs" in brief_list(app).highlighted_row.tags)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
    with BriefStore.open(home) as store:
        row = store.row(target)
    assert not row.starred
    assert "theirs" in row.tags


async def test_marking_unread_sticks_while_the_brief_is_shown(home: Path,
                                                              monkeypatch) -> None:
    # Issue 15.1: the auto-read timer must not mark it read again while it stays shown.
    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 0.2)
    with BriefStore.open(home) as store:
        store.upsert_many(_briefs(3))
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_until(pilot, lambda: brief_list(app).highlighted_row.read)
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert not brief_list(app).highlighted_row.read
        # The auto-read timer fires (now, rather than after a wait), and the brief is
        # drawn again: it stays unread.
        reader = app.main_screen.reader
        shown = brief_list(app).highlighted_id
        reader._mark_read_if_shown(shown)
        reader.show_again(shown)
        await settle(pilot, app)
        if reader._read_timer is not None:
            reader._read_timer.stop()
            reader._mark_read_if_shown(shown)
        await settle(pilot, app)
        assert not brief_list(app).highlighted_row.read
        # Leaving it and coming back: reading marks it read again.
        await pilot.press("j", "k")
        await wait_until(pilot, lambda: brief_list(app).highlighted_row.read)


async def test_samples_never_join_a_store_that_holds_briefs(home: Path) -> None:
    # Issue 15.2: a store filled by the command line gets no fictional samples.
    with BriefStore.open(home) as store:
        store.upsert_many(_briefs(2))
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert {row.id for row in brief_list(app).rows} == {"b0", "b1"}
    with BriefStore.open(home) as store:
        assert store.count() == 2


async def test_an_invalid_query_keeps_its_error_and_the_last_good_results(
        app: BriefsApp) -> None:
    # Issue 15.3: while the query in the box is invalid, the status says why, and keeps
    # saying it after other updates (a star change redraws the status line).
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"tag:russia")
        await settle(pilot, app)
        good = [row.id for row in brief_list(app).rows]
        assert good
        app.screen.query_one("#search", Input).value = "tag:russia after:garbage"  # pasted
        await settle(pilot, app)
        assert [row.id for row in brief_list(app).rows] == good
        assert "bad date" in status_text(app)
        await pilot.press("enter", "s")  # back to the list; star the brief
        await settle(pilot, app)
        assert [row.id for row in brief_list(app).rows] == good
        assert "bad date" in status_text(app), "the error stays while the query is invalid"


async def test_stale_search_results_never_replace_newer_ones(app: BriefsApp) -> None:
    # Issue 15.3: whatever order the workers finish in, the list answers the box.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await pilot.press("slash", *"tag:russia")
        await settle(pilot, app)
        russia = [row.id for row in brief_list(app).rows]
        # An answer to an older query arriving late is dropped.
        from store import SearchResults

        screen.search.post_message(screen.search.Answered("tag:sample", SearchResults()))
        await settle(pilot, app)
        assert [row.id for row in brief_list(app).rows] == russia
        assert screen.search_box.value == "tag:russia"


async def test_marks_survive_a_search(app: BriefsApp) -> None:
    # Issue 15.4: mark 2 briefs, search, escape: the marks are still there.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        first, second = (row.id for row in brief_list(app).rows[:2])
        await pilot.press("space", "space")
        await settle(pilot, app)
        await pilot.press("slash", *"zzzznomatch")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert brief_list(app).marked == {first, second}
        assert "2 marked" in status_text(app)


async def test_theme_and_export_stay_inside_a_chosen_home(home: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    # Issue 15.11: with a home given, nothing is written outside it.
    config_home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.theme = "nord"
        await settle(pilot, app)
        await wait_until(pilot, lambda: (home / "config.json").exists())
        await pilot.press("x")
        await settle(pilot, app)
        proposed = app.screen.query_one(Input).value
        assert Path(proposed).is_relative_to(home)
    assert not config_home.exists()


@pytest.mark.parametrize("note", ["first line\nsecond line\nthird line"])
async def test_notes_keep_their_line_breaks_on_screen(home: Path, note: str) -> None:
    # Issue 15.6: a note's single line breaks are shown as line breaks.
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="n", title="Noted", date=dt.date(2026, 1, 1), note=note)])
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(BriefView)
        lines = [line.plain.strip() for line in view.content.split("\n")]
        assert "first line" in lines and "second line" in lines and "third line" in lines


async def test_open_url_without_a_browser_says_so(home: Path, monkeypatch) -> None:
    # Issue 15.7: with no browser, "Opening …" and nothing was a lie.
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="w", title="Web", date=dt.date(2026, 1, 1),
                                 url="https://example.com/a")])
    monkeypatch.setattr("tui.controllers.links.browser_available", lambda: False)
    app = make_app(home)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert opened == []
        assert any("No web browser" in m and "https://example.com/a" in m for m in messages)
        await pilot.press("c")
        await settle(pilot, app)
        assert app.clipboard == "https://example.com/a"


async def test_mark_all_shown_then_tag_them_in_one_go(app: BriefsApp, home: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"tag:russia", "enter")
        await settle(pilot, app)
        shown = {row.id for row in brief_list(app).rows}
        assert len(shown) >= 2
        await pilot.press("M")
        await settle(pilot, app)
        assert brief_list(app).marked == shown
        await pilot.press("t", *"bulk", "enter")
        await settle(pilot, app)
        await pilot.press("M")  # all marked already: clears
        await settle(pilot, app)
        assert brief_list(app).marked == set()
    with BriefStore.open(home) as store:
        assert {row.id for row in store.rows() if "bulk" in row.tags} == shown


async def test_copy_a_quote_with_its_speaker_title_and_date(app: BriefsApp) -> None:
    from tui.widgets.quote_list import QuoteList

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        row = app.screen.query_one(QuoteList).highlighted_row
        assert row is not None
        await pilot.press("c")
        await settle(pilot, app)
        assert row.text in app.clipboard and row.title in app.clipboard
        assert (row.speaker or "unattributed") in app.clipboard


async def test_full_width_reader_shows_the_brief_alone_and_escape_returns(
        app: BriefsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(BriefView)
        narrow_width = view.size.width
        await pilot.press("enter")  # a narrow terminal: enter reads the brief alone
        await settle(pilot, app)
        assert not brief_list(app).display or brief_list(app).size.width == 0
        assert view.size.width > narrow_width
        assert app.focused is view
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.focused is brief_list(app)
        assert view.size.width == narrow_width
        await pilot.press("f")
        await settle(pilot, app)
        assert view.size.width == 80


async def test_the_footer_keeps_help_and_quit_at_80_columns(app: BriefsApp) -> None:
    # Issue 15.9: at 80 columns the footer lost ? and q.
    from textual.widgets._footer import FooterKey

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = {key.key: key.region for key in app.screen.query(FooterKey)}
        for key in ("question_mark", "q"):
            assert key in keys
            assert 0 < keys[key].right <= 80, key


async def test_quotes_by_speaker_merge_one_persons_names(home: Path) -> None:
    from briefs import Quote
    from tui.widgets.quote_list import QuoteList
    from tui.widgets.speaker_list import SpeakerList

    with BriefStore.open(home) as store:
        store.upsert_many([
            Brief(id="q1", title="Dam talks", date=dt.date(2026, 1, 2),
                  quotes=[Quote("We will build it.", speaker="Ilsa Varnholt"),
                          Quote("Not this year.", speaker="Orsolya Brandt")]),
            Brief(id="q2", title="Dam delayed", date=dt.date(2026, 1, 3),
                  quotes=[Quote("It is delayed.", speaker="Ms Varnholt"),
                          Quote("Still delayed.", speaker="Varnholt")]),
        ])
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        speakers = app.screen.query_one(SpeakerList)
        assert [(r.name, r.count) for r in speakers.rows] == [("Ilsa Varnholt", 3),
                                                             ("Orsolya Brandt", 1)]
        await pilot.press("enter")
        await settle(pilot, app)
        quotes = app.screen.query_one(QuoteList)
        assert {r.text for r in quotes.rows} == {"We will build it.", "It is delayed.",
                                                "Still delayed."}
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "MainScreen"


async def test_the_thread_header_fits_at_120_columns(app: BriefsApp) -> None:
    # Issue 15.9: the thread header was cut and "escape to leave" never showed.
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("h")
        await settle(pilot, app)
        status = status_text(app)
        assert "story thread of" in status
        assert status.endswith("(escape to leave)")
        assert len(status) <= 118


async def test_tags_pane_counts_follow_the_search_with_unread_counts(home: Path,
                                                                     monkeypatch) -> None:
    from tui.widgets.tags_pane import TagsPane

    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 3600)
    with BriefStore.open(home) as store:
        store.upsert_many([
            Brief(id="a", title="Dam one", date=dt.date(2026, 1, 3), tags=["dam", "vessa"]),
            Brief(id="b", title="Dam two", date=dt.date(2026, 1, 2), tags=["dam"]),
            Brief(id="c", title="Port news", date=dt.date(2026, 1, 1), tags=["port"]),
        ])
        store.set_read(["b"], True)
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("T")
        await settle(pilot, app)
        pane = app.screen.query_one(TagsPane)
        assert {r.tag: (r.count, r.unread) for r in pane.rows} == {
            "dam": (2, 1), "vessa": (1, 1), "port": (1, 1)}
        app.screen.query_one("#search", Input).value = "title:dam"
        await settle(pilot, app)
        assert {r.tag: (r.count, r.unread) for r in pane.rows} == {
            "dam": (2, 1), "vessa": (1, 1), "port": (0, 0)}


async def test_a_long_tag_is_cut_in_the_tags_pane_before_its_unread_count_goes(
        home: Path, monkeypatch) -> None:
    # A row without ● reads as "nothing unread": at 100,000 briefs "#budget-border"
    # (213 of 333 unread) showed no unread count at all in the 26-column pane.
    from tui.widgets.tags_pane import TagsPane

    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 3600)
    with BriefStore.open(home) as store:
        store.upsert_many([
            Brief(id=f"h{i}", title=f"Highland budget {i}", date=dt.date(2026, 1, 1 + i),
                  tags=["budget-highlands-review"]) for i in range(12)])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("T")
        await settle(pilot, app)
        pane = app.screen.query_one(TagsPane)
        await wait_until(pilot, lambda: any("●12" in line for line in _pane_lines(pane)))
        line = next(line for line in _pane_lines(pane) if "●12" in line)
        assert "#budget-" in line and "…" in line and line.rstrip().endswith("12")


def _pane_lines(pane) -> list[str]:  # type: ignore[no-untyped-def]
    return [pane.render_line(y).text for y in range(pane.size.height)]


async def test_full_text_is_toggled(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="t", title="With text", date=dt.date(2026, 1, 1),
                                 summary="Short.", body="The whole article, word for word.")])
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(BriefView)
        assert "## Full text" in view.document.source
        await pilot.press("b")
        await settle(pilot, app)
        assert "## Full text" not in view.document.source
        assert "word for word" not in view.document.source
        await pilot.press("b")
        await settle(pilot, app)
        assert "word for word" in view.document.source
