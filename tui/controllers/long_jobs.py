"""Long store jobs (import; later fetching a URL, updating feeds, sync) with a progress dialog.

Adding one to the command palette
---------------------------------
Write a function ``run(store, text, progress) -> JobReport`` (it runs in a
thread worker: call ``progress(done, total, item)`` as it goes and stop early
when ``progress.cancelled`` is true), then register it once at import time::

    from tui.controllers.long_jobs import JobReport, LongJob, register_long_job

    def update_feeds(store, text, progress):
        ...
        return JobReport(f"Updated {n} feeds.", problems=[...])

    register_long_job(LongJob(title="Update feeds", help="Fetch every feed (F)",
                              run=update_feeds))

The palette lists it; choosing it asks for ``prompt`` (if set), shows the
progress dialog, runs the job in a worker without blocking other store calls
(the store's own lock lets short changes in between the job's batches), closes
the dialog on every outcome, reports the summary and problems, and reloads the
list. Failures reach the app's one error handler. Put the registration in
``tui/jobs.py`` (imported by the app), beside the import job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from tui.controllers.base import Controller
from tui.dialogs.progress_dialog import ProgressDialog
from tui.dialogs.prompt_dialog import PromptDialog
from tui.store_access import store_of

if TYPE_CHECKING:
    from store import BriefStore

#: How often a live job's list is shown afresh while it runs, at most.
LIVE_LIST_SECONDS = 1.0
#: How many problems a report shows (the rest are counted).
SHOWN_PROBLEMS = 5


@dataclass
class JobReport:
    """What a long job did: one summary line and the problems, one per bad item."""

    summary: str
    problems: list[str] = field(default_factory=list)
    #: False when the job changed nothing in the store (no reload needed).
    changed_store: bool = True


class Progress:
    """Handed to a job: reports progress to the dialog, says whether to stop."""

    def __init__(self, report: Callable[[int, int | None, str], None]) -> None:
        self._report = report
        self._worker = get_current_worker()

    @property
    def cancelled(self) -> bool:
        """True once the job should stop (the app is closing)."""
        return self._worker.is_cancelled

    def __call__(self, done: int, total: int | None, item: str) -> None:
        """``done`` of ``total`` items (None while unknown), working on ``item``."""
        if not self.cancelled:
            self._report(done, total, item)


@dataclass(frozen=True)
class LongJob:
    """A long store job, run from a key or the command palette."""

    title: str
    help: str
    run: Callable[[BriefStore, str, Progress], JobReport]
    #: Ask for a text first (a path, a URL); None runs the job at once with "".
    prompt: str | None = None
    hint: str = ""
    complete_paths: bool = False
    default: str = ""
    #: Shown in the progress dialog.
    working: str = "Working…"
    #: Show what the job has stored so far while it runs (briefs arrive one by one).
    live_list: bool = False


#: Every registered job, in palette order.
LONG_JOBS: list[LongJob] = []


def register_long_job(job: LongJob) -> LongJob:
    """Add ``job`` to the command palette (returns it, for use as a constant)."""
    if all(known.title != job.title for known in LONG_JOBS):
        LONG_JOBS.append(job)
    return job


def report_text(report: JobReport) -> str:
    """The summary, then the first problems, then how many more."""
    if not report.problems:
        return report.summary
    shown = "\n".join(report.problems[:SHOWN_PROBLEMS])
    more = len(report.problems) - SHOWN_PROBLEMS
    return f"{report.summary}\n{shown}" + (f"\n… and {more} more" if more > 0 else "")


@runtime_checkable
class ListScreen(Protocol):
    """What a long job needs of its screen (the main screen)."""

    def reload(self) -> None:
        """Read the list from the store again."""


class LongJobs(Controller):
    """Runs long jobs in workers behind a progress dialog; posts :class:`Finished`."""

    @dataclass
    class Progressed(Message):
        """A live job stored more briefs: the screen shows the list as it is now."""

        job: LongJob

    @dataclass
    class Finished(Message):
        """A long job ended without an exception."""

        job: LongJob
        report: JobReport

    def on_long_jobs_progressed(self, event: Progressed) -> None:
        """A live job stored more briefs: the list shows them now, not only at the end."""
        event.stop()
        self._reload_list()

    def on_long_jobs_finished(self, event: Finished) -> None:
        """Say what the job did; read the list again if it changed the store."""
        if event.report.changed_store:
            self._reload_list()
        report = event.report
        if report.problems:
            self.notify(report_text(report), severity="warning", markup=False, timeout=15)
        else:
            self.notify(report.summary, markup=False)

    def _reload_list(self) -> None:
        # The main screen has a list to reload; a bare test screen has none.
        if isinstance(self.screen, ListScreen):
            self.screen.reload()

    def start(self, job: LongJob) -> None:
        """Ask for the job's text (if it needs one), then run it."""
        if job.prompt is None:
            self.run_job(job, "")
            return

        def answered(text: str | None) -> None:
            if text:
                self.run_job(job, text)

        self.app.push_screen(PromptDialog(title=job.prompt, hint=job.hint, value=job.default,
                                          complete_paths=job.complete_paths), answered)

    def run_job(self, job: LongJob, text: str) -> None:
        """Run ``job`` on ``text`` now, with a progress dialog."""
        dialog = ProgressDialog(job.working)
        self.app.push_screen(dialog)
        self._work(job, text, dialog)

    @work(thread=True, exit_on_error=False, group="long-job", description="long job")
    def _work(self, job: LongJob, text: str, dialog: ProgressDialog) -> None:
        shown_at = float("-inf")  # the first progress shows the list at once

        def advance(done: int, total: int | None, item: str) -> None:
            nonlocal shown_at
            self.app.call_from_thread(dialog.advance, done, total, item)
            if job.live_list and time.monotonic() - shown_at >= LIVE_LIST_SECONDS:
                # At most once a second: a reload reads every row (fast, but not free).
                shown_at = time.monotonic()
                self.post_message(self.Progressed(job))

        try:
            report = job.run(store_of(self), text, Progress(advance))
        finally:
            # Closed on every outcome; a failure is then shown by the app's error dialog.
            self.app.call_from_thread(dialog.dismiss)
        self.post_message(self.Finished(job, report))
