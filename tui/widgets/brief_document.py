"""A brief's Markdown laid out as wrapped lines: fast enough to follow the cursor.

Textual's ``Markdown`` widget mounts a widget per block; measured here, showing
one brief that way takes 50-180 ms, whatever its length. Briefs change on every
cursor move, so this module parses the same Markdown with markdown-it-py and
lays it out as lines of :class:`~textual.content.Content` (headings, emphasis,
code, block quotes with a bar on every line, numbered and bulleted lists),
wrapped to a width, for a Line-API widget to draw (see ``brief_view.py``).

Text is never markup here: every piece of the document comes from markdown-it
tokens and becomes literal ``Content``. Links never act by themselves; only the
``brief:`` links of the related briefs are clickable, and they only post a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content, Span
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Ranges = Callable[[str], Sequence[tuple[int, int]]]

#: The Markdown parser, made on first use: importing markdown-it is a tenth of the
#: app's start-up, and the first screen (the list) needs none of it.
_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:  # two workers racing here make two equal parsers: harmless
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return _PARSER

_HEADING_STYLES = {1: "bold $accent", 2: "bold $primary", 3: "bold", 4: "bold italic"}
_QUOTE_BAR = Content.styled("▌ ", "$accent")
_HIGHLIGHT = "bold reverse"
#: A word longer than any line is likely to be (a URL) is cut after one of these.
_URL_BREAKS = "/?&=-."
_LONG_WORD = re.compile(r"\S{30,}")


@dataclass
class Block:
    """One laid-out paragraph: its text and what goes in front of each of its lines."""

    content: Content
    first_prefix: Content = field(default_factory=Content)
    rest_prefix: Content = field(default_factory=Content)
    gap_before: int = 1
    wrap: bool = True


@dataclass
class ParsedDocument:
    """The blocks of a Markdown document and the links in it, by index."""

    blocks: list[Block]
    links: list[str]


def _inline_content(token: Token, links: list[str]) -> Content:
    """The Content of an inline token: text with emphasis, code and link styles."""
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[list[str | Style], int]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    for child in token.children or []:
        kind = child.type
        if kind == "text" or kind == "html_inline":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
            spans.append(Span(start, position, "bold $text-secondary"))
        elif kind == "em_open":
            stack.append((["italic"], position))
        elif kind == "strong_open":
            stack.append((["bold"], position))
        elif kind == "s_open":
            stack.append((["strike"], position))
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            links.append(href)
            # Only an index reaches the action string: no user text is ever parsed as one.
            style = Style.from_meta({"@click": f"open_link({len(links) - 1})"})
            # Colours are resolved when rendered (the theme may change), so two spans.
            stack.append(([style, "underline $text-primary"], position))
        elif kind == "image":
            add(f"[image: {child.content}]")
        elif kind.endswith("_close") and stack:
            styles, start = stack.pop()
            spans.extend(Span(start, position, style) for style in styles)
    return Content("".join(parts), spans=spans)


def parse_document(markdown: str, *, links_before: Sequence[str] = ()) -> ParsedDocument:
    """Turn Markdown into blocks ready to be wrapped.

    ``links_before``: the links of the document this one continues (the related
    briefs under a brief), so that link numbers go on from there.
    """
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    links: list[str] = list(links_before)
    quote_depth = 0
    lists: list[list[int]] = []  # one [next number or -1 for bullets] per open list
    item_first_line: list[bool] = []
    heading_level = 0
    in_table = False
    list_gap_used = True  # the first paragraph of a list keeps its gap, the items do not
    table_row: list[Content] = []

    def prefixes() -> tuple[Content, Content]:
        bar = Content("").join([_QUOTE_BAR] * quote_depth)
        if not lists:
            return bar, bar
        indent = Content("  " * (len(lists) - 1))
        number = lists[-1][0]
        marker = "• " if number < 0 else f"{number}. "
        first = bar + indent + (Content.styled(marker, "$accent") if item_first_line
                                and item_first_line[-1] else Content(" " * len(marker)))
        rest = bar + indent + Content(" " * len(marker))
        if item_first_line:
            item_first_line[-1] = False
        return first, rest

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else -1
            lists.append([start])
            list_gap_used = False
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_first_line.append(True)
        elif kind == "list_item_close":
            item_first_line.pop()
            if lists and lists[-1][0] >= 0:
                lists[-1][0] += 1
        elif kind == "table_open":
            in_table = True
        elif kind == "table_close":
            in_table = False
        elif kind == "inline" and in_table:
            table_row.append(_inline_content(token, links))
        elif kind == "tr_close":
            first, rest = prefixes()
            blocks.append(Block(Content(" │ ").join(table_row), first, rest, gap_before=0))
            table_row = []
        elif kind == "inline":
            content = _inline_content(token, links)
            first, rest = prefixes()
            gap = 1
            if heading_level:
                content = content.stylize(_HEADING_STYLES.get(heading_level, "bold"))
                gap = 2 if heading_level <= 2 and blocks else 1
            elif lists:
                gap = 1 if not list_gap_used else 0
                list_gap_used = True
            blocks.append(Block(content, first, rest, gap_before=gap if blocks else 0))
        elif kind in ("fence", "code_block"):
            first, rest = prefixes()
            code = Content.styled(token.content.rstrip("\n"), "$text-muted")
            blocks.append(Block(code, first + Content("  "), rest + Content("  "),
                                wrap=False))
        elif kind == "hr":
            first, rest = prefixes()
            blocks.append(Block(Content.styled("─" * 40, "$text-muted"), first, rest))
        elif kind == "html_block":
            first, rest = prefixes()
            blocks.append(Block(Content(token.content.rstrip("\n")), first, rest))
    return ParsedDocument(blocks, links)


def layout_lines(document: ParsedDocument, width: int,
                 ranges: Ranges | None = None) -> list[Content]:
    """Wrap every block to ``width`` cells; one Content per screen line."""
    lines: list[Content] = []
    for block in document.blocks:
        content = block.content
        if ranges is not None and content.plain:
            for start, end in ranges(content.plain):
                content = content.stylize(_HIGHLIGHT, start, end)
        lines.extend([Content("")] * (block.gap_before if lines else 0))
        room = max(10, width - block.first_prefix.cell_length)
        pieces = content.split("\n") if not block.wrap else [
            piece for paragraph in content.split("\n") for piece in wrap(paragraph, room)
        ]
        for number, piece in enumerate(pieces or [Content("")]):
            prefix = block.first_prefix if number == 0 else block.rest_prefix
            lines.append(prefix + piece.rstrip())
    return lines


def wrap(content: Content, width: int) -> list[Content]:
    """``content`` wrapped to ``width`` cells; a word too long for a line (a URL) is cut
    after a ``/``, ``?``, ``&``, ``=``, ``-`` or ``.`` where it can be, not mid-name.
    """
    plain = content.plain
    if not _LONG_WORD.search(plain) or cell_len(plain) <= width:
        return content.wrap(width)
    lines: list[Content] = []
    for start, end in _line_spans(plain, width):
        lines.append(content[start:end].rstrip())
    return lines


def _line_spans(plain: str, width: int) -> list[tuple[int, int]]:
    """Where each line of ``plain`` starts and ends: at spaces, else after a URL separator."""
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(plain):
        while position < len(plain) and plain[position] == " ":
            position += 1  # a line never starts with the space it was broken at
        end = position
        used = 0
        while end < len(plain) and used + cell_len(plain[end]) <= width:
            used += cell_len(plain[end])
            end += 1
        if end < len(plain) and plain[end] != " ":
            window = plain[position:end]
            space = window.rfind(" ")
            if space > 0:
                end = position + space
            else:
                cut = max(window.rfind(char) for char in _URL_BREAKS)
                if cut >= len(window) // 3:
                    end = position + cut + 1
        if end > position:
            spans.append((position, end))
        position = max(end, position + 1)
    return spans


def layout(document: ParsedDocument, width: int, ranges: Ranges | None = None) -> Content:
    """The whole document wrapped to ``width`` cells, as one Content."""
    return Content("\n").join(layout_lines(document, width, ranges))


@dataclass
class LinkClicked(Message):
    """A link in a brief was clicked (links never open by themselves)."""

    widget: Widget
    href: str

    @property
    def control(self) -> Widget:
        """The widget showing the link."""
        return self.widget


@dataclass(frozen=True)
class PreparedBody:
    """A brief's Markdown parsed and laid out ahead, off the UI thread.

    ``key`` says what it was laid out for (full text or not, the pane's width,
    the query highlighted); the pane uses it only if that still holds.
    """

    key: tuple[bool, int, str]
    markdown: str
    parsed: ParsedDocument
    lines: list[Content]
