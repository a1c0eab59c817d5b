"""A modal that shows an error message literally and waits for the user."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from briefs.text import clean_line, strip_controls
from tui.dialogs.dialog import Dialog


class ErrorDialog(Dialog[None]):
    """Shows ``title`` and ``message`` (never parsed as markup); escape or enter closes it."""

    DEFAULT_CSS = """
    ErrorDialog > Vertical {
        width: 70%;
        max-width: 90;
        border: thick $error;
    }
    ErrorDialog .title {
        text-style: bold;
        color: $error;
        margin-bottom: 1;
    }
    ErrorDialog Button {
        margin-top: 1;
    }
    """

    BINDINGS = [("escape", "dismiss_dialog", "Close")]  # noqa: RUF012

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        # Error messages quote file names and user text: nothing in them may act.
        self.error_title = clean_line(title)
        self.message = strip_controls(message)

    def compose(self) -> ComposeResult:
        """Title, message and an OK button."""
        with Vertical():
            yield Static(self.error_title, classes="title", markup=False)
            yield Static(self.message, markup=False, id="message")
            yield Button("OK", variant="error", id="ok")

    def on_mount(self) -> None:
        """Focus the button so enter closes the dialog."""
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        """Close on OK."""
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        """Close on escape."""
        self.dismiss(None)
