"""The screen shown when the store cannot be used: which file, what is wrong, what to do.

A damaged store file (truncated, not JSON, the wrong shape) or a store written by a
newer Briefs stops the app here instead of leaving it on an empty list behind a
dialog. Nothing has been written at this point (the store never writes over a file
it could not read), and this screen writes nothing either: ``q`` or ``escape``
quits with exit status 2, as ``briefs`` does for a store that cannot be opened,
and the message stays in the terminal after the app has gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from briefs.text import clean_line, strip_controls
from store import StoreError, StoreVersionError

#: The exit status of the app when it quits from this screen (the CLI's EXIT_ERROR).
EXIT_STORE_ERROR = 2


def error_path(error: BaseException) -> Path | None:
    """The file a store error names, when it names one."""
    path = getattr(error, "path", None)
    return Path(path) if path is not None else None


def advice_for(error: BaseException, home: Path | None) -> str:
    """What the user can do about ``error``, in a sentence or two."""
    if isinstance(error, StoreVersionError):
        return ("This store was written by a newer version of Briefs. Upgrade Briefs to "
                "open it; this version will not change it.")
    where = f" --home {clean_line(str(home))}" if home is not None else ""
    doctor = f"briefs{where} doctor"
    return (f"Nothing has been written to the store. For a full check of every file, run "
            f"`{doctor}` in a terminal. Restore the file named above from a backup, or "
            f"move it aside, then start Briefs again.")


class StoreErrorScreen(Screen[None]):
    """Names the damaged file, says what is wrong and what to do; ``q``/``escape`` quits.

    Every text on it is shown literally (``markup=False``) and without control
    characters: file names and error messages can hold anything.
    """

    DEFAULT_CSS = """
    StoreErrorScreen {
        align: center middle;
        background: $background;
    }
    StoreErrorScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    StoreErrorScreen #store-error-title {
        text-style: bold;
        color: $error;
        margin-bottom: 1;
    }
    StoreErrorScreen #store-error-file {
        text-style: bold;
    }
    StoreErrorScreen #store-error-advice {
        margin-top: 1;
    }
    StoreErrorScreen #store-error-keys {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "quit_app", "Quit", priority=True),
    ]

    def __init__(self, error: StoreError | BaseException, *, home: Path | None = None) -> None:
        super().__init__()
        self.error = error
        self.home = home
        self.path = error_path(error)
        self.message = strip_controls(str(error)).strip() or type(error).__name__

    @property
    def title_text(self) -> str:
        """The headline: why the app stopped."""
        if isinstance(self.error, StoreVersionError):
            return "This store is from a newer version of Briefs"
        return "Briefs cannot use this store"

    def compose(self) -> ComposeResult:
        """Headline, the file, the message, the advice and the keys."""
        with Vertical():
            yield Static(self.title_text, markup=False, id="store-error-title")
            if self.path is not None:
                yield Static(f"File: {clean_line(str(self.path))}", markup=False,
                             id="store-error-file")
            yield Static(self.message, markup=False, id="store-error-message")
            yield Static(advice_for(self.error, self.home), markup=False,
                         id="store-error-advice")
            yield Static("Press q or escape to quit.", markup=False, id="store-error-keys")

    def action_quit_app(self) -> None:
        """Quit with exit status 2, leaving the message in the terminal."""
        self.app.exit(return_code=EXIT_STORE_ERROR,
                      message=Text(f"briefs: {clean_line(self.message)}"))
