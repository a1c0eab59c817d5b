"""The personal note editor: a text area; ctrl+s saves, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from briefs.text import clean_line
from tui.dialogs.dialog import Dialog


class NoteEditor(Dialog[str | None]):
    """Edits a note (Markdown, shown in the brief); dismisses with the text or None."""

    DEFAULT_CSS = """
    NoteEditor > Vertical {
        height: 70%;
        padding: 0 1;
    }
    NoteEditor TextArea {
        height: 1fr;
    }
    NoteEditor .hint {
        margin-top: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, *, title: str, note: str) -> None:
        super().__init__()
        self.brief_title = clean_line(title)
        self.note = note

    def compose(self) -> ComposeResult:
        """Title, text area and a hint line."""
        with Vertical():
            yield Static(f"Note on “{self.brief_title}”", markup=False)
            yield TextArea(self.note, id="note", soft_wrap=True)
            yield Static("ctrl+s saves · escape cancels · an empty note removes it",
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Save the note."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Leave the note as it was."""
        self.dismiss(None)
