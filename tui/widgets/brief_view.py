"""The main pane: the selected brief rendered as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from briefs import Brief, render_markdown

WELCOME = """\
# Welcome to Briefs

Select a brief on the left to read it here.

- `j`/`k` or the arrows move, `enter` or `tab` reads the brief
- `/` searches (try `tag:sample`, `speaker:"Orla Pembry"`, `after:2024`)
- `t` tags the brief, `?` shows every key

Import your own articles from a terminal:

    briefs import ~/articles/          # .txt articles and .md briefs
"""


class BriefView(VerticalScroll, can_focus=True):
    """A scrolling Markdown view of one brief; links never open by themselves."""

    DEFAULT_CSS = """
    BriefView {
        background: $background;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    BriefView:focus {
        background-tint: $foreground 3%;
    }
    BriefView > Markdown {
        margin: 0;
        padding: 0 1;
    }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        ("j", "scroll_down", "Scroll down"),
        ("k", "scroll_up", "Scroll up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief: Brief | None = None

    def compose(self) -> ComposeResult:
        """A single Markdown document, replaced on every brief."""
        yield Markdown(WELCOME, open_links=False)

    async def show_brief(self, brief: Brief | None, *, markdown: str | None = None) -> None:
        """Show ``brief`` (or the welcome text when None), scrolled to the top."""
        self.brief = brief
        text = markdown if markdown is not None else (
            render_markdown(brief) if brief else WELCOME
        )
        await self.query_one(Markdown).update(text)
        self.scroll_home(animate=False)

    @property
    def document(self) -> Markdown:
        """The Markdown widget (for tests and highlighting)."""
        return self.query_one(Markdown)
