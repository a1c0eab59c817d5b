"""The long jobs the app offers (import, export); h-ingest and h-sync add theirs here.

See :mod:`tui.controllers.long_jobs` for how a job is written and registered.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.text import printable_path
from tui.controllers.long_jobs import JobReport, LongJob, Progress, register_long_job

if TYPE_CHECKING:
    from store import BriefStore


def import_files(store: BriefStore, text: str, progress: Progress) -> JobReport:
    """Import the files and folders named in ``text`` (shell-style quoting)."""
    from store import import_paths

    try:
        paths = [Path(p).expanduser() for p in shlex.split(text)]
    except ValueError as error:
        return JobReport(f"Cannot read those paths: {error}", changed_store=False)
    failures: list[str] = []

    def advance(done: int, total: int | None, path: Path) -> None:
        progress(done, total, str(path))

    def failed(path: Path, reason: str) -> None:
        failures.append(f"{printable_path(path)}: {reason}")

    report = import_paths(store, paths, on_progress=advance, on_error=failed)
    summary = (f"Imported {report.imported}, updated {report.updated}, "
               f"unchanged {report.unchanged}, failed {len(report.failed)}.")
    return JobReport(summary, problems=failures)


IMPORT = register_long_job(LongJob(
    title="Import files",
    help="Import articles or Markdown briefs (i)",
    run=import_files,
    prompt="Import articles (.txt) and Markdown briefs (.md)",
    hint="Files or folders, separated by spaces; tab completes; folders are recursive.",
    complete_paths=True,
    working="Importing…",
    live_list=True,
))


def export_job(ids: Sequence[str], default_folder: Path) -> LongJob:
    """A job writing ``ids`` as Markdown files into the folder the user names."""
    ids = list(ids)

    def export(store: BriefStore, text: str, progress: Progress) -> JobReport:
        from store.export import export_briefs

        target = Path(text).expanduser()
        progress(0, len(ids), printable_path(target))
        count = len(export_briefs(store, ids, target))
        return JobReport(f"Exported {count} briefs to {printable_path(target)}",
                         changed_store=False)

    return LongJob(
        title="Export shown briefs",
        help="Write the briefs in the list as Markdown files (x)",
        run=export,
        prompt=f"Export the {len(ids):,} briefs shown as Markdown files into",
        hint="A folder (created if missing); one .md file per brief, importable again.",
        default=str(default_folder),
        complete_paths=True,
        working="Exporting…",
    )
