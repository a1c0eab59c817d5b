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
| `enter` `tab` | read the brief (`space` pages down, `escape` goes back to the list) |
| `f` | the brief alone, full width (`enter` does this on a narrow terminal) |
| `b` | show or hide the article's full text under the brief |
| `/` | search; results as you type; `enter` returns to the list |
| `escape` | leave the story thread, clear the search and tag filter, unmark |
| `n` | next unread brief |
| `t` | edit tags: `a, b, -c` adds a and b, removes c (`tab` completes) |
| `space` | mark a brief; `t`, `r`, `s`, `d` then act on every marked brief |
| `M` | mark every brief shown (the search or filter); again: clear the marks |
| `r` / `s` | read / unread, star / unstar |
| `e` | write a personal note on the brief (`ctrl+s` saves) |
| `d` | delete, after a confirmation |
| `ctrl+z` | undo the last tag, read, star, note or delete change |
| `1`…`5` | open one of the related briefs listed under the brief |
| `h` | story thread: the brief and its related briefs, oldest first |
| `o` / `c` | open the brief's web page in the browser / copy its URL |
| `S` | sort: newest first, oldest first, relevance (while searching) |
| `T` | tags pane: every tag with its count; `enter` chooses tags to filter by |
| `Q` | quotes view: who said what, filter by speaker, `enter` opens the brief |
| `i` / `x` | import files or folders / export the briefs shown as Markdown |
| `ctrl+p` | command palette: every action, saved searches, themes |
| `?` | this screen |
| `q` | quit |

A brief counts as read once it has been on screen for a moment.

# Search

| Query | Finds |
|---|---|
| `talks moscow` | briefs with both words (stemmed: *talk*, *talks*, *talking*) |
| `"track two"` | the exact phrase |
| `geneva OR vienna` | either word |
| `-grain` | without the word |
| `diplo*` | words starting with *diplo* |
| `tag:russia -tag:sample` | tagged *russia*, not tagged *sample* (several tags combine) |
| `source:reuters` `speaker:lavrov` `title:talks` | by source, speaker of a quote, title word |
| `is:unread` `is:read` `is:starred` | by reading state |
| `after:2024` `before:2025-03` `on:2025-02-21` | by date (after/before exclude the period named) |
| `sort:date` `sort:relevance` | order of the results |

Filters alone (`tag:russia is:unread`) list the matching briefs by date.
Save a search with *Save search* in `ctrl+p`; saved searches appear there too.

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
        /* The scrollbar is there from the first layout: the table is never laid
           out for a width the scrollbar then takes (its border ran past the frame). */
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
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
