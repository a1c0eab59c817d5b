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


async def test_the_list_shows_briefs_as_a_live_job_stores_them(
        app: BriefsApp, monkeypatch) -> None:
    # Issue 11: "the list updates as briefs arrive", not only when the job ends.
    import datetime as dt
    import threading
    import time

    from briefs import Brief
    from tests.pilot_waits import wait_until
    from tui.controllers.long_jobs import JobReport, LongJob

    monkeypatch.setattr("tui.controllers.long_jobs.LIVE_LIST_SECONDS", 0.0)
    go_on = threading.Event()

    def arrive(store: BriefStore, _text: str, progress) -> JobReport:
        store.upsert_many([Brief(id="first-arrival", title="The first page arrives",
                                 date=dt.date(2030, 1, 1))])
        progress(1, 2, "first")
        go_on.wait(timeout=120)  # the test lets the job finish once it saw the first
        store.upsert_many([Brief(id="second-arrival", title="The second page arrives",
                                 date=dt.date(2030, 1, 2))])
        progress(2, 2, "second")
        return JobReport("Two arrived.")

    job = LongJob(title="Arrivals", help="two briefs, one by one", run=arrive, live_list=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        assert isinstance(screen, MainScreen)
        screen.run_long_job(job)
        try:
            # Not wait_until: it also waits for the workers, and this one waits for us.
            deadline = time.monotonic() + 120
            while "first-arrival" not in screen.state.row_by_id:
                assert time.monotonic() < deadline, "the first brief never showed"
                await pilot.pause()
            assert "second-arrival" not in screen.state.row_by_id
        finally:
            go_on.set()
        await wait_until(pilot, lambda: "second-arrival" in screen.state.row_by_id,
                         "the second brief")
