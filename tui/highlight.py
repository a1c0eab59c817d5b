"""Highlight search matches in a rendered Markdown widget, on the displayed text itself.

Highlighting never edits the Markdown source (which would risk turning user text
into syntax): each rendered block's :class:`~textual.content.Content` is styled
at the character ranges :func:`store.search.match_ranges` finds in its plain text.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock

from store.search import Query, match_ranges

#: How a match looks; the theme's accent keeps it readable in light and dark themes.
HIGHLIGHT_STYLE = "bold reverse"


def highlight_markdown(markdown: Markdown, query: Query | None) -> int:
    """Style every match of ``query`` in ``markdown``'s blocks; returns how many were found."""
    if query is None:
        return 0
    found = 0
    for block in markdown.query(MarkdownBlock):
        content = block.content
        if not isinstance(content, Content) or not content.plain.strip():
            continue
        ranges = match_ranges(content.plain, query)
        if not ranges:
            continue
        for start, end in ranges:
            content = content.stylize(HIGHLIGHT_STYLE, start, end)
        block.set_content(content)
        found += len(ranges)
    return found
