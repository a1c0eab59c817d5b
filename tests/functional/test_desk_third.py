"""Issue 15, third pass: the brief's URL in its header line (fault 7).

Each test waits for the condition it checks, never for a fixed time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefs import Brief
from store import BriefStore
from tests.functional.conftest import settle
from tests.pilot_waits import wait_until
from tui.app import make_app
from tui.widgets.brief_view import BriefView

#: Markdown and Rich markup characters a URL may hold: shown as typed, never acted on.
HOSTILE_URL = "https://example.com/a_b*c*/[x](y)?q=1&r=<b>2</b>#~frag~[bold]"
LONG_URL = ("https://www.example-news.co.uk/news/world-europe-politics/"
            "2026/01/15/talvenia-and-ossaria-sign-a-water-sharing-accord-in-brelle"
            "?utm_source=feed&utm_medium=rss&utm_campaign=morning-briefing")


def _store_with(home: Path, url: str) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id="w", title="Web brief", date=dt.date(2026, 1, 15),
                                 sources=["Meridian Wire"], url=url,
                                 summary="What the accord says.")])


def _header_lines(view: BriefView) -> list[str]:
    """The lines above the brief's first part (title, meta line, URL)."""
    lines = [line.plain.strip() for line in view.content.split("\n")]
    return lines[:lines.index("Summary")]


async def test_the_url_is_shown_literally_in_the_header(home: Path) -> None:
    # Issue 15.7: with no browser the URL must be on screen to be copied by hand.
    _store_with(home, HOSTILE_URL)
    app = make_app(home)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(BriefView)
        await wait_until(pilot, lambda: view.brief is not None, "the brief shown")
        header = _header_lines(view)
        assert HOSTILE_URL in header
        assert header.index(HOSTILE_URL) > header.index("2026-01-15 · Meridian Wire")


async def test_a_long_url_is_cut_at_its_separators_in_a_narrow_reader(home: Path) -> None:
    _store_with(home, LONG_URL)
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")  # narrow: the brief alone, across the width
        await settle(pilot, app)
        view = app.screen.query_one(BriefView)
        await wait_until(pilot, lambda: view.brief is not None and view.has_focus,
                         "the brief read alone")
        header = _header_lines(view)
        pieces = [line for line in header[header.index("2026-01-15 · Meridian Wire") + 1:]
                  if line]
        assert "".join(pieces) == LONG_URL
        assert len(pieces) > 1
        width = view.scrollable_content_region.width
        assert all(len(piece) <= width for piece in pieces)
        # Every cut but the last falls right after a separator, never inside a word.
        assert all(piece[-1] in "/?&=-." for piece in pieces[:-1])


async def test_related_briefs_arrive_under_the_brief_without_laying_it_out_again(
        home: Path) -> None:
    # The related part is laid out on its own: the brief's lines (and what is drawn
    # of them) stay, and its links go on numbering from the brief's own.
    app = make_app(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        view = screen.query_one(BriefView)
        await wait_until(pilot, lambda: "Related briefs" in view.content.plain,
                         "the related briefs listed")
        body = list(view.body_lines)
        view.show_related("")
        assert view.body_lines == body and all(
            a is b for a, b in zip(view.body_lines, body, strict=True))
        assert "Related briefs" not in view.content.plain
        assert "## Related briefs" not in view.source
        screen.reader.on_reader_related_ready(
            screen.reader.RelatedReady(view.brief.id, screen.related))
        assert "Related briefs" in view.content.plain
        target = screen.related[0].id
        view.action_open_link(view.link_count)  # the first related brief's link
        await wait_until(pilot, lambda: screen.brief_list.highlighted_id == target,
                         "the related brief opened from its link")
