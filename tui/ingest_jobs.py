"""The app's "Fetch URL…" and "Update feeds" jobs: a prompt, a progress bar, a summary.

The work itself is :func:`store.fetch.fetch_pages` and :func:`store.feeds.update_feeds`
(with their progress callbacks); this module only wires them to the dialogs the
import already uses, through the app's store worker. The app goes online only here,
when the user asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.dialogs.progress_dialog import ProgressDialog
from tui.dialogs.prompt_dialog import PromptDialog

if TYPE_CHECKING:
    from store import BriefStore


def fetch_url(screen: Any) -> None:
    """Ask for one or more URLs, fetch them with a progress bar, then refresh the list."""

    def start(text: str | None) -> None:
        urls = (text or "").split()
        if urls:
            _run(screen, "Fetching…", lambda store, progress, error: _fetch(
                store, urls, progress, error))

    screen.app.push_screen(PromptDialog(
        title="Fetch web pages", hint="One or more http(s) URLs, separated by spaces."), start)


def update_feeds(screen: Any) -> None:
    """Update every subscribed feed with a progress bar, then refresh the list."""
    _run(screen, "Updating feeds…", _update)


def _fetch(store: BriefStore, urls: list[str], progress: Any, error: Any) -> str:
    from store.fetch import fetch_pages

    report = fetch_pages(store, urls, on_progress=progress, on_error=error)
    return f"Fetched {report.imported} new, {report.updated + report.unchanged} again, " \
           f"failed {len(report.failed)}."


def _update(store: BriefStore, progress: Any, error: Any) -> str:
    from store.feeds import update_feeds as update

    results = update(store, on_progress=progress, on_error=error)
    if not results:
        return "No feeds yet: subscribe with `briefs feed add URL`."
    return f"{sum(r.new for r in results)} new briefs from {len(results)} feeds."


def _run(screen: Any, title: str, work: Any) -> None:
    dialog = ProgressDialog(title)
    screen.app.push_screen(dialog)
    failures: list[str] = []

    def job(store: BriefStore) -> str:
        def progress(done: int, total: int, item: str) -> None:
            screen.app.call_from_thread(dialog.advance, done, total, item)

        def error(what: str, reason: str) -> None:
            failures.append(f"{what}: {reason}")

        try:
            return work(store, progress, error)
        finally:
            screen.app.call_from_thread(dialog.dismiss)

    def done(summary: str) -> None:
        if failures:
            more = f"\n… and {len(failures) - 5} more" if len(failures) > 5 else ""
            screen.notify(f"{summary}\n" + "\n".join(failures[:5]) + more, severity="warning",
                          markup=False, timeout=15)
        else:
            screen.notify(summary, markup=False)
        screen.reload()

    screen.briefs_app.call_store(job, done, description=title.rstrip("…").lower())
