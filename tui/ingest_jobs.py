"""The app's "Fetch URL…" and "Update feeds" jobs, registered as long jobs.

The work itself is :func:`store.fetch.fetch_pages` and :func:`store.feeds.update_feeds`
(with their progress callbacks); this module only adapts them to
:mod:`tui.controllers.long_jobs`, which gives them the prompt, the progress
dialog, the worker and the summary the import already has. The app goes
online only here, when the user asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.controllers.long_jobs import JobReport, LongJob, Progress, register_long_job

if TYPE_CHECKING:
    from store import BriefStore


def fetch_urls(store: BriefStore, text: str, progress: Progress) -> JobReport:
    """Fetch each URL in ``text`` (separated by spaces) and store it as a brief."""
    from store.fetch import fetch_pages

    urls = text.split()
    if not urls:
        return JobReport("No URL given.", changed_store=False)
    failures: list[str] = []
    report = fetch_pages(store, urls, on_progress=progress,
                         on_error=lambda what, reason: failures.append(f"{what}: {reason}"))
    summary = (f"Fetched {report.imported} new, {report.updated + report.unchanged} again, "
               f"failed {len(report.failed)}.")
    return JobReport(summary, problems=failures)


def update_feeds(store: BriefStore, _text: str, progress: Progress) -> JobReport:
    """Update every subscribed feed: new entries become briefs with the feed's tags."""
    from store.feeds import update_feeds as update

    failures: list[str] = []
    results = update(store, on_progress=progress,
                     on_error=lambda what, reason: failures.append(f"{what}: {reason}"))
    if not results:
        return JobReport("No feeds yet: subscribe with `briefs feed add URL`.",
                         problems=failures, changed_store=False)
    return JobReport(f"{sum(r.new for r in results)} new briefs from {len(results)} feeds.",
                     problems=failures)


FETCH = register_long_job(LongJob(
    title="Fetch URL…",
    help="Fetch web pages and store each as a brief",
    run=fetch_urls,
    prompt="Fetch web pages",
    hint="One or more http(s) URLs, separated by spaces.",
    working="Fetching…",
    live_list=True,
))

UPDATE_FEEDS = register_long_job(LongJob(
    title="Update feeds",
    help="Fetch the subscribed feeds' new entries",
    run=update_feeds,
    working="Updating feeds…",
    live_list=True,
))
