"""The palette's "Sync": ``store.sync.sync`` in a thread worker, with a progress dialog.

The sync opens its own store object on the same folder (BriefStore instances
share a folder safely, as processes do), so the app's store calls never wait
for the network; the list reloads when the sync is done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.dialogs.progress_dialog import ProgressDialog

#: The app (``tui.app.BriefsApp``). Not imported here: the app imports the
#: palette, which imports this module, and a circle is refused by the tests.
BriefsApp = Any


def last_synced_label(iso: str | None) -> str:
    """``synced 14:05`` today, ``synced 2026-11-30`` before, "" when never synced."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return ""
    today = dt.datetime.now().astimezone().date()
    return f"synced {when:%H:%M}" if when.date() == today else f"synced {when:%Y-%m-%d}"


def start_sync(app: BriefsApp) -> None:
    """Sync with the remembered remote; progress in a dialog, the outcome as a notification."""
    from store.sync import SyncState, sync

    if not SyncState.load(app.home).remote:
        app.notify("No remote yet: run `briefs sync REMOTE` once in a terminal.",
                   severity="warning", markup=False, timeout=10)
        return
    dialog = ProgressDialog("Syncing…")
    app.push_screen(dialog)

    def work() -> None:
        step = 0

        def progress(message: str) -> None:
            nonlocal step
            step += 1
            app.call_from_thread(dialog.advance, step, None, message)

        try:
            report = sync(app.home, progress=progress)
        finally:
            app.call_from_thread(dialog.dismiss)
        app.call_from_thread(finished, report.summary(), report.skipped)

    def finished(summary: str, skipped: list[str]) -> None:
        app.last_synced = SyncState.load(app.home).last_synced
        app.notify(f"Synced: {summary}" + (f"\n{skipped[0]}" if skipped else ""),
                   markup=False, severity="warning" if skipped else "information")
        # The sync wrote through its own store object: catch up, then show the list.
        app.call_store(lambda store: store.refresh(), reload, description="catch up after sync")

    def reload(_changed: bool) -> None:
        if app.main_screen is not None:
            app.main_screen.reload()

    app.run_worker(work, thread=True, exit_on_error=False, group="sync", exclusive=True,
                   description="sync")
