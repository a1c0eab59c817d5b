"""The frame every Briefs dialog shares: centred, bordered, on the surface colour."""

from __future__ import annotations

from typing import TypeVar

from textual import events
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

    #: True until the dialog can take keys: its first widget has focus, or it has
    #: been drawn once (a dialog with nothing to focus). The app holds keys till then.
    opening: bool = True

    def on_mount(self) -> None:
        """Drawn once: a dialog with nothing focusable takes keys from now on too."""
        self.call_after_refresh(self._opened)

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        """The dialog can take keys now: the ones typed while it opened come first."""
        self._opened()

    def _opened(self) -> None:
        if not self.opening:
            return
        self.opening = False
        release = getattr(self.app, "release_held_keys", None)
        if release is not None:
            self.app.call_next(release)
