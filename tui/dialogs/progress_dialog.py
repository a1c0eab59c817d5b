"""A progress bar for long jobs (import, export) that never blocks the UI."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from tui.dialogs.dialog import Dialog


class ProgressDialog(Dialog[None]):
    """Shows a title, a progress bar and the item being worked on; the caller closes it."""

    DEFAULT_CSS = """
    ProgressDialog #progress-item {
        color: $text-muted;
    }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.job_title = title

    def compose(self) -> ComposeResult:
        """Title, bar, current item."""
        with Vertical():
            yield Static(self.job_title, markup=False)
            yield ProgressBar(total=None, show_eta=False, id="progress-bar")
            yield Static("", markup=False, id="progress-item")

    def advance(self, done: int, total: int | None, item: str) -> None:
        """Show ``done`` of ``total`` (None while the total is still unknown)."""
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        self.query_one("#progress-item", Static).update(item)
