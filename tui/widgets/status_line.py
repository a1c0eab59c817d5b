"""The one-line header: how many briefs are shown out of how many, and the active query."""

from __future__ import annotations

from textual.content import Content, Span
from textual.widgets import Static

from briefs.text import clean_line
from tui.sync_action import last_synced_label


class StatusLine(Static):
    """``Briefs · 12 of 240 · query: tag:russia``, always literal (user text is never markup)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Briefs", id=id, markup=False)
        self._shown: tuple[str, list[Span]] | None = None

    def show(self, *, shown: int, total: int, query: str = "", note: str = "",
             sort: str = "", title: str = "Briefs") -> None:
        """Update the counts, the query, the sort order and a note (e.g. a query error)."""
        parts = [Content.styled(title, "bold"), Content(f" · {shown:,} of {total:,}")]
        if sort:
            parts.append(Content(f" · {sort} first" if sort != "relevance" else " · by relevance"))
        if query:
            parts.append(Content(" · query: "))
            parts.append(Content.styled(clean_line(query), "italic"))
        if note:
            parts.append(Content(" · "))
            parts.append(Content.styled(clean_line(note), "$warning"))
        synced = last_synced_label(getattr(self.app, "last_synced", None))
        if synced:
            parts.append(Content(f" · {synced}"))
        content = Content("").join(parts)
        shown = (content.plain, list(content.spans))  # Content's == compares the text only
        if shown != self._shown:
            self._shown = shown
            # One line high whatever it says: no layout pass of the screen (on every
            # search answer, that pass re-rendered every scrollbar on it).
            self.update(content, layout=False)
