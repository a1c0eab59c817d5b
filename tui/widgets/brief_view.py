"""The main pane: the selected brief's Markdown, drawn line by line.

A Line-API widget: a new brief is parsed and wrapped once (a few milliseconds)
and only the lines on screen are drawn, so showing a brief never triggers a
layout pass of the whole screen. Links never open by themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from briefs import Brief
from briefs.text import clean_line
from tui.textual_compat import QuietScrollbars, set_virtual_size
from tui.widgets.brief_document import (
    LinkClicked,
    ParsedDocument,
    PreparedBody,
    Ranges,
    layout_lines,
    parse_document,
)
from tui.widgets.row_list import base_style

WELCOME = """\
# Welcome to Briefs

Select a brief on the left to read it here.

- `j`/`k` or the arrows move, `enter` or `tab` reads the brief
- `/` searches (try `tag:sample`, `speaker:okoli`, `after:2024`)
- `t` tags the brief, `?` shows every key

Import your own articles with `i`, or from a terminal:

    briefs import ~/articles/          # .txt articles and .md briefs
"""

_PADDING = 2  # cells left and right of the text
#: Blank lines above the related briefs' heading (as above any level-two heading).
_TAIL_GAP = 2


class BriefView(QuietScrollbars, ScrollView, can_focus=True):
    """A scrolling, line-drawn view of one brief (or of the welcome text)."""

    DEFAULT_CSS = """
    BriefView {
        background: $background;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    BriefView:focus {
        background-tint: $foreground 3%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
    ]

    #: The message posted when a link is clicked.
    LinkClicked = LinkClicked

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief: Brief | None = None
        self.source = self._body_source = WELCOME
        # Parsed once the first frame is out (see on_mount): the list comes first.
        self._parsed = ParsedDocument([], [])
        #: The related briefs under the brief, laid out on their own: they arrive
        #: later, and adding them must not lay out (nor draw) the brief again.
        self._tail: ParsedDocument | None = None
        self._ranges: Ranges | None = None
        self._prepared: PreparedBody | None = None
        self._body_lines: list[Content] = []
        self._lines: list[Content] = []
        self._width = 0
        self._strips: dict[int, Strip] = {}
        self._frame_width: int | None = None  # while a frame's lines are drawn
        #: (brief id, quote text) to scroll to once that brief is laid out.
        self._pending_quote: tuple[str, str] | None = None

    @property
    def document(self) -> BriefView:
        """The widget holding the document (this one)."""
        return self

    @property
    def content(self) -> Content:
        """Everything shown, as one Content (for tests and copying)."""
        return Content("\n").join(self._lines)

    @property
    def body_lines(self) -> list[Content]:
        """The brief's own lines as laid out now (the related part is not among them)."""
        return self._body_lines

    @property
    def link_count(self) -> int:
        """How many links the brief itself numbers (its related briefs' links follow)."""
        return len(self._parsed.links)

    def show_brief(self, brief: Brief | None, *, markdown: str | None = None,
                   related: str = "", ranges: Ranges | None = None,
                   prepared: PreparedBody | None = None) -> None:
        """Show ``brief`` (or the welcome text when None).

        Another brief starts at its top; the same brief shown again (its tags,
        note or read state changed) keeps the reader's place.
        ``related``: the Markdown of its related briefs, shown under it (see
        :meth:`show_related`). ``ranges(text)`` gives the character ranges to
        highlight (search matches). ``prepared``: the same Markdown parsed and laid
        out ahead (by the reader's workers); used if laid out for this width.
        """
        same = brief is not None and self.brief is not None and brief.id == self.brief.id
        self.brief = brief
        self._body_source = markdown if markdown is not None else (
            _render(brief) if brief else WELCOME
        )
        self._parsed = prepared.parsed if prepared else parse_document(self._body_source)
        self._prepared = prepared
        self._ranges = ranges
        self._set_tail(related)
        if not same:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout(force=True)

    def show_related(self, related: str) -> None:
        """Put ``related`` (Markdown) under the brief shown, in place of what was there.

        Only these lines are laid out and drawn: the brief above keeps its lines,
        and nothing is drawn at all when they are below the visible part.
        """
        self._set_tail(related)
        if self._width <= 0:
            return
        lines = self._lines
        self._lines = self._body_lines + self._tail_lines(self._width)
        changed = next((i for i, (old, new) in enumerate(zip(lines, self._lines, strict=False))
                        if old is not new), min(len(lines), len(self._lines)))
        for index in [i for i in self._strips if i >= changed]:
            del self._strips[index]
        set_virtual_size(self, Size(self._width, len(self._lines)), repaint=False)
        top = self.scroll_offset.y
        if changed < top + self.scrollable_content_region.height:  # only the lines shown
            self.refresh(Region(0, max(0, changed - top), self.size.width, self.size.height))

    def _set_tail(self, related: str) -> None:
        self._tail = parse_document(related, links_before=self._parsed.links) if related else None
        self.source = self._body_source + ("\n" + related if related else "")

    def _tail_lines(self, width: int) -> list[Content]:
        if self._tail is None:
            return []
        gap = [Content("")] * (_TAIL_GAP if self._body_lines else 0)
        return gap + layout_lines(self._tail, self.text_width, self._ranges)

    @property
    def text_width(self) -> int:
        """The width the text is wrapped to (the pane less its padding)."""
        return max(10, self.scrollable_content_region.width - 2 * _PADDING)

    def on_resize(self) -> None:
        """Re-wrap for the new width."""
        self._relayout()

    def on_mount(self) -> None:
        """Lay out once the width is known; the welcome text after the first frame."""
        self._relayout(force=True)
        self.call_after_refresh(self._welcome)

    def _welcome(self) -> None:
        if self.brief is None and self._body_source is WELCOME and not self._parsed.blocks:
            self._parsed = parse_document(WELCOME)
            self._relayout(force=True)

    def notify_style_update(self) -> None:
        """Theme or CSS changed: draw the lines again."""
        self._strips.clear()
        super().notify_style_update()

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._width and not force):
            return
        self._width = width
        prepared, self._prepared = self._prepared, None
        if prepared is not None and prepared.key[1] == self.text_width:
            self._body_lines = prepared.lines
        else:
            self._body_lines = layout_lines(self._parsed, self.text_width, self._ranges)
        self._lines = self._body_lines + self._tail_lines(width)
        self._strips.clear()
        set_virtual_size(self, Size(width, len(self._lines)))
        self._scroll_to_pending_quote()
        self.refresh()

    def scroll_to_quote(self, brief_id: str, text: str) -> None:
        """Scroll to the quote ``text`` when ``brief_id`` is shown (now, or once it arrives)."""
        self._pending_quote = (brief_id, text)
        self._scroll_to_pending_quote()

    def _scroll_to_pending_quote(self) -> None:
        pending = self._pending_quote
        if pending is None or self.brief is None or self.brief.id != pending[0] or not self._lines:
            return
        self._pending_quote = None
        line = quote_line([line.plain for line in self._lines], pending[1])
        if line is not None:
            self.scroll_to(0, max(0, line - 1), animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in ``crop``, working out the width once for all of them."""
        self._frame_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._frame_width = None

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible area."""
        index = y + self.scroll_offset.y
        width = self._frame_width
        if width is None:
            width = self.scrollable_content_region.width
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, base_style(self))
        strip = self._strips.get(index)
        if strip is None:
            line = Content(" " * _PADDING) + self._lines[index]
            if self.text_selection is None and not _has_links(line):
                strip = self._plain_strip(line, width)
            else:  # Textual's own path: link hover and the mouse selection
                strip = Visual.to_strips(self, line, width, 1, self.visual_style, pad=True)[0]
            self._strips[index] = strip
        return strip.crop_extend(0, width, base_style(self))

    def _plain_strip(self, line: Content, width: int) -> Strip:
        """A laid-out line as a Strip, without wrapping it again (a third of the cost).

        ``Visual.to_strips`` wraps and aligns every line it is given; the lines here
        are wrapped already and drawn left-aligned, so their styled pieces are enough.
        """
        base = self.visual_style
        segments = [Segment(text, (base + style).rich_style)
                    for text, style in line.render(base, end="", parse_style=self._get_style)]
        pad = (base + VisualStyle(reverse=False)).rich_style
        return Strip(segments, line.cell_length).extend_cell_length(width, pad)

    def action_open_link(self, index: int) -> None:
        """Announce a clicked link; the screen decides what, if anything, happens."""
        links = self._tail.links if self._tail is not None else self._parsed.links
        if 0 <= index < len(links):
            self.post_message(LinkClicked(self, links[index]))


def _render(brief: Brief) -> str:
    from briefs import render_markdown  # the renderer loads once a brief is shown

    return render_markdown(brief)


def _has_links(line: Content) -> bool:
    """True if a piece of ``line`` carries a click action (a related brief's link)."""
    return any(not isinstance(span.style, str) for span in line.spans)


def quote_line(lines: list[str], text: str) -> int | None:
    """The screen line where ``text`` starts in the wrapped ``lines`` (None: not found)."""
    words = clean_line(text).split()
    joined, starts = "", []
    for line in lines:
        starts.append(len(joined))
        joined += " ".join(line.split()) + " "
    # The quote's first words, fewer if a wrapped line's prefix (the quote bar) cuts them.
    for count in (8, 4, 2):
        found = joined.find(" ".join(words[:count])) if words else -1
        if found >= 0:
            return bisect_right(starts, found) - 1
    return None
