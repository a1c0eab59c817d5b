"""The app's "Fetch URL…" and "Update feeds" commands, against a server on 127.0.0.1."""

from __future__ import annotations

from pytest_httpserver import HTTPServer
from textual.widgets import Input

from store import BriefStore
from tests.functional.conftest import settle
from tests.functional.test_fetch_feeds import article_page, rss, serve_feed
from tui import ingest_jobs
from tui.app import BriefsApp
from tui.commands import BriefsCommands
from tui.dialogs.prompt_dialog import PromptDialog
from tui.screens.main_screen import MainScreen

SIZE = (120, 40)


async def test_fetch_url_and_update_feeds_from_the_app(app: BriefsApp,
                                                       httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data(article_page(7),
                                                         content_type="text/html")
    base = httpserver.url_for("").rstrip("/")
    serve_feed(httpserver, rss(base, 2), "application/rss+xml")
    for n in (1, 2):
        httpserver.expect_request(f"/story/{n}").respond_with_data(article_page(n),
                                                                   content_type="text/html")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        assert isinstance(screen, MainScreen)
        titles = [entry[0] for entry in BriefsCommands(app.screen)._entries()]
        assert "Fetch URL…" in titles and "Update feeds" in titles
        before = len(app.store.rows())
        assert not httpserver.log  # the app never goes online unless asked

        screen.run_long_job(ingest_jobs.FETCH)
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = httpserver.url_for("/page") + " ftp://x/y"
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        messages = [n.message for n in app._notifications]
        assert any("Fetched 1 new" in m and "ftp://x/y" in m for m in messages)

        from store.feeds import add_feed

        add_feed(app.store, httpserver.url_for("/feed"), tags=["wire"])
        screen.run_long_job(ingest_jobs.UPDATE_FEEDS)
        await settle(pilot, app)
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("2 new briefs from 1 feeds" in m for m in messages)
        assert len(app.store.rows()) == before + 3
    with BriefStore.open(app.home) as store:
        tagged = [r for r in store.rows() if "wire" in r.tags]
    assert len(tagged) == 2
