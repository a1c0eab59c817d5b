"""A generic Line-API list: only the rows on screen are drawn, whatever the row count.

Textual's list-view widget mounts a widget per row (8 s for 2,000 rows); ``OptionList`` needs
5 s to mount 100,000 options and ``DataTable`` 9 s. A :class:`RowList` keeps
its rows as plain objects and draws the visible ones in ``render_line``, so
showing 100,000 rows costs one list assignment. Subclasses say how a row looks
(:meth:`RowList.row_segments`) and what identifies it (:meth:`RowList.row_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.contrast import SYMBOL_CONTRAST, TEXT_CONTRAST, readable
from tui.textual_compat import QuietScrollbars, set_virtual_size
from tui.widgets.drawn_rows import DrawnRows

RowT = TypeVar("RowT")

#: A list's look: its cursor and the component classes rows are drawn with.
ROW_LIST_CSS = """
    RowList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    RowList:focus {
        background-tint: $foreground 3%;
    }
    RowList > .row-list--cursor {
        background: $block-cursor-blurred-background;
    }
    RowList:focus > .row-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RowList > .row-list--muted {
        color: $text-muted;
    }
    RowList > .row-list--accent {
        color: $accent;
        text-style: bold;
    }
    RowList > .row-list--warning {
        color: $warning;
    }
    RowList > .row-list--primary {
        color: $text-primary;
    }
    RowList > .row-list--success {
        color: $success;
        text-style: bold;
    }
    """


_ELLIPSIS = "…"


def fit_cells(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` terminal cells, ending in an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + _ELLIPSIS


def make_readable(styles: dict[str, Style], background: RichColor | None) -> None:
    """Push pale colours (some light themes) until they read on the list's background."""
    if background is None or background.triplet is None:
        return  # an ANSI theme: the terminal chooses the colours
    surface = Color.from_rich_color(background)
    for name, style in styles.items():
        if name == "cursor" or style.color is None or style.color.triplet is None:
            continue
        minimum = TEXT_CONTRAST if name == "muted" else SYMBOL_CONTRAST
        color = Color.from_rich_color(style.color)
        fixed = readable(color, surface, minimum)
        if fixed != color:
            styles[name] = style + Style(color=fixed.rich_color)


def base_style(widget: Widget) -> Style:
    """``widget.rich_style``, worked out again only when Textual works out ``visual_style`` again.

    ``rich_style`` walks every ancestor's styles on each call (0.2-0.5 ms); a
    Line-API widget asks for it on every line it draws (80 lines a frame here).
    Textual caches ``visual_style``, built the same way, until the widget's
    styles change: the same object back means the same style.
    """
    visual = widget.visual_style
    cached = widget.__dict__.get("_base_style")
    if cached is None or cached[0] is not visual:
        cached = widget.__dict__["_base_style"] = (visual, widget.rich_style)
    return cached[1]


class RowList(QuietScrollbars, ScrollView, Generic[RowT], can_focus=True):
    """A keyboard- and mouse-driven list of rows with a cursor that follows its row.

    :meth:`set_rows` keeps the cursor on the same row (by key) when the list is
    filtered or reloaded. Messages: :class:`RowList.Highlighted` when the cursor
    lands on another row, :class:`RowList.Selected` on enter or double click.
    """

    DEFAULT_CSS = ROW_LIST_CSS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--cursor",
        "row-list--muted",
        "row-list--accent",
        "row-list--warning",
        "row-list--primary",
        "row-list--success",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    # repaint=False: watch_cursor repaints the two rows that changed, not the whole list.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row (``key`` is None when the list is empty)."""

        row_list: RowList
        key: Hashable | None

        @property
        def control(self) -> RowList:
            """The list that sent the message."""
            return self.row_list

    @dataclass
    class Selected(Message):
        """The user chose a row (enter or double click)."""

        row_list: RowList
        key: Hashable

        @property
        def control(self) -> RowList:
            """The list that sent the message."""
            return self.row_list

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[RowT] = []
        # Key -> position, built on first use after set_rows (170,000 quotes: 30 MB).
        self._index: dict[Hashable, int] | None = None
        self.drawing = 0  #: the position of the row being drawn (for row_segments)
        self._width: int | None = None  # while a frame's lines are drawn
        self._drawn = DrawnRows()  # unchanged rows are not drawn again
        self._styles: dict[str, Style] | None = None
        self._announced: Hashable | None = object()  # nothing announced yet
        # The row the user chose last. A filter that hides it for a moment (a
        # half-typed query) must not make the list forget it.
        self._preferred: Hashable | None = None
        #: Called at once, on the UI thread, when the cursor lands on another row
        #: (instead of posting :class:`Highlighted`): what it shows then goes into
        #: the same frame as the cursor, not one frame later.
        self.highlight_listener: Callable[[Hashable | None], None] | None = None

    # --- what subclasses provide ------------------------------------------------------------

    def row_key(self, row: RowT) -> Hashable:
        """What identifies a row across reloads (default: the row itself)."""
        return row  # type: ignore[return-value]

    def row_segments(self, row: RowT, width: int,
                     styles: dict[str, Style]) -> list[tuple[str, Style]]:
        """The pieces of one row, left to right, in at most ``width`` cells."""
        return [(fit_cells(str(row), width), Style())]

    def row_state(self, row: RowT) -> Hashable:
        """What besides the row itself changes how it is drawn (a mark, say; default: nothing).

        Rows are drawn again when this, the row object, the width, the cursor or
        the styles change.
        """
        return None

    # --- data -------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        """The rows shown, in order."""
        return self._rows

    @property
    def highlighted_key(self) -> Hashable | None:
        """The key of the row under the cursor, or None when the list is empty."""
        row = self.highlighted_row
        return None if row is None else self.row_key(row)

    @property
    def highlighted_row(self) -> RowT | None:
        """The row under the cursor, or None."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[RowT], *, keep: Hashable | None = None,
                 share: bool = False) -> None:
        """Show ``rows``; keep the cursor on ``keep`` (default: the current row) if present.

        ``share``: keep ``rows`` itself if it is a list, not a copy (the caller lets
        :meth:`update_row` write into it). A copy of 100,000 rows is a new
        100,000-item list for the garbage collector to walk, 5-10 ms a pass.
        """
        self._rows = rows if share and isinstance(rows, list) else list(rows)
        self._index = None
        if keep is not None:
            self._preferred = keep
        set_virtual_size(self, Size(self.size.width, len(self._rows)))
        target = self._find(self._preferred) if self._preferred is not None else None
        if target is None:
            target = min(self.cursor, len(self._rows) - 1) if self._rows else 0
        self.cursor = max(0, target)
        self.refresh()

    def update_row(self, row: RowT) -> None:
        """Replace the row with the same key (after a change to it)."""
        key = self.row_key(row)
        cursor = self.cursor
        if 0 <= cursor < len(self._rows) and self.row_key(self._rows[cursor]) == key:
            index: int | None = cursor  # mostly the brief just read: no index of every row
        else:
            index = self.index_of(key)
        if index is not None:
            self._rows[index] = row
            self.refresh_line(index)

    def index_of(self, key: Hashable) -> int | None:
        """The position of the row with ``key``, or None."""
        if self._index is None:
            self._index = {self.row_key(row): i for i, row in enumerate(self._rows)}
        return self._index.get(key)

    def _find(self, key: Hashable) -> int | None:
        """:meth:`index_of` without building the index (the row kept is mostly near the top)."""
        if self._index is not None:
            return self._index.get(key)
        row_key = self.row_key
        return next((i for i, row in enumerate(self._rows) if row_key(row) == key), None)

    def move_to(self, key: Hashable) -> bool:
        """Put the cursor on the row with ``key``; False when it is not in the list."""
        index = self.index_of(key)
        if index is None:
            return False
        self._preferred = key
        self.cursor = index
        return True

    def refresh_line(self, index: int) -> None:
        """Repaint one row if it is on screen."""
        self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))

    # --- cursor -----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        """Keep the cursor inside the list."""
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows that changed, scroll into view, announce the new row."""
        # Only the old and the new cursor rows change; a scroll repaints the rest itself.
        self.refresh_line(old)
        self.refresh_line(new)
        if self._rows:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True,
                                  immediate=True)
        key = self.highlighted_key
        if key != self._announced:
            self._announced = key
            if self.highlight_listener is not None:
                self.highlight_listener(key)
            else:
                self.post_message(self.Highlighted(self, key))

    def move_cursor(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped) as the user's choice."""
        self.cursor = index
        self._preferred = self.highlighted_key

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self.move_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        """Move down one screen."""
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """Move up one screen."""
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        """Go to the first row."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Go to the last row."""
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        """Choose the highlighted row."""
        if (key := self.highlighted_key) is not None:
            self.post_message(self.Selected(self, key))

    async def _on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._rows):
            self.focus()
            self.move_cursor(index)
            if event.chain >= 2:
                self.action_select()

    # --- rendering --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Forget cached styles when the theme or CSS changes."""
        self._styles = None
        self._drawn.clear()
        super().notify_style_update()

    def component_styles(self) -> dict[str, Style]:
        """The component styles by short name (``cursor``, ``muted``, ``accent`` ...)."""
        if self._styles is None:
            self._styles = {
                name.partition("--")[2]: self.get_component_rich_style(name, partial=True)
                for name in self.COMPONENT_CLASSES
            }
            make_readable(self._styles, self.rich_style.bgcolor)
        return self._styles

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width in step with the widget."""
        set_virtual_size(self, Size(event.size.width, len(self._rows)))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in ``crop``, working out the width once for all of them."""
        self._width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._width = None
            self._drawn.keep_near(self.scroll_offset.y, self.size.height)

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible area (or take it as drawn before, unchanged)."""
        width = self._width if self._width is not None else self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = base_style(self)
        if index >= len(self._rows) or width <= 0:
            return Strip.blank(width, base)
        styles = self.component_styles()
        row = self._rows[index]
        on_cursor = index == self.cursor
        self.drawing = index
        key = (row, self.row_state(row), on_cursor, width, base, styles)
        drawn = self._drawn.get(index, key)
        if drawn is not None:
            return drawn
        line_style = base + styles["cursor"] if on_cursor else base
        segments = self.row_segments(row, width, styles)
        strip = Strip([Segment(text, line_style + style) for text, style in segments])
        strip = strip.crop_extend(0, width, line_style)
        self._drawn.put(index, key, strip)
        return strip
