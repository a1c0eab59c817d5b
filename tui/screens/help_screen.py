"""The ``?`` screen: every key, and the query language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Briefs — keys

| Key | Action |
|---|---|
| `j` `k` `↑` `↓` | move in the list (`g`/`G` first/last, `PgUp`/`PgDn`) |
| `enter` `tab` | read the brief (`escape` goes back to the list) |
| `/` | search; results as you type; `enter` returns to the list |
| `escape` | clear the search |
| `t` | edit tags: `a, b, -c` adds a and b, removes c (`tab` completes) |
| `space` | mark a brief; `t`, `r`, `s` then act on every marked brief |
| `r` | read / unread |
| `s` | star / unstar |
| `?` | this screen |
| `q` | quit |

# Search

| Query | Finds |
|---|---|
| `talks moscow` | briefs with both words (stemmed: *talk*, *talks*, *talking*) |
| `"track two"` | the exact phrase |
| `geneva OR vienna` | either word |
| `-grain` | without the word |
| `diplo*` | words starting with *diplo* |
| `tag:russia -tag:sample` | tagged *russia*, not tagged *sample* |
| `source:reuters` `speaker:lavrov` `title:talks` | by source, speaker of a quote, title word |
| `is:unread` `is:read` `is:starred` | by reading state |
| `after:2024` `before:2025-03` `on:2025-02-21` | by date (after/before exclude the period named) |
| `sort:date` `sort:relevance` | order of the results |

Press `escape` or `q` to close.
"""


class HelpScreen(ModalScreen[None]):
    """A scrolling help page over the main screen."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: thick $accent;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """The help text."""
        with VerticalScroll():
            yield Markdown(HELP, open_links=False)

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)
