"""A yes/no question; ``y`` or enter confirms, ``n`` or escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from briefs.text import strip_controls
from tui.dialogs.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """Asks ``question`` (shown literally) and dismisses with True or False."""

    DEFAULT_CSS = """
    ConfirmDialog > Vertical {
        width: 70%;
        max-width: 80;
        border: thick $warning;
    }
    ConfirmDialog Horizontal {
        height: auto;
        margin-top: 1;
    }
    ConfirmDialog Button {
        margin-right: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, confirm_label: str = "Yes") -> None:
        super().__init__()
        self.question = strip_controls(question)
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical():
            yield Static(self.question, markup=False, id="question")
            with Horizontal():
                yield Button(f"{self.confirm_label} (y)", variant="warning", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(answer)
