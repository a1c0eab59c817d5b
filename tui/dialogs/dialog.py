"""The frame every Briefs dialog shares: centred, bordered, on the surface colour."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal screen whose content sits in one framed ``Vertical``.

    Subclasses keep only what differs (size, border colour) in their own
    ``DEFAULT_CSS``; Textual's type selectors match subclasses too.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 80%;
        max-width: 100;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    Dialog .hint {
        color: $text-muted;
        margin-top: 1;
    }
    """
