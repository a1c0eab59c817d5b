"""Every use of Textual's private API, in one place (tests/unit/test_textual_compat.py guards it).

Textual 8 offers no public way to change a Line-API widget's scrollable size
without a layout pass of the whole screen, nor to give a widget its own kind of
scrollbar; the private members used here are the ones Textual itself uses for
that. If an upgrade renames or changes them, the test fails loudly and this is
the only module to mend.
"""

from __future__ import annotations

from typing import cast

from rich.color import Color as RichColor
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

#: The private methods of Widget this module relies on (checked by the test).
PRIVATE_MEMBERS = ("set_reactive", "_scroll_update")
#: A private attribute of every Widget and a private method of App, for the scrollbar.
PRIVATE_ATTRIBUTE, PRIVATE_APP_MEMBER = "_vertical_scrollbar", "_start_widget"


def set_virtual_size(widget: ScrollView, size: Size, *, repaint: bool = True) -> None:
    """Change a Line-API widget's scrollable size without a layout pass of the screen.

    ``virtual_size`` is a reactive with ``layout=True``: assigning it re-lays out
    the whole screen (measured: about 30 ms with the main screen's widgets),
    on every filtered list or every brief shown. Textual itself sets it this way
    when no layout is needed; it is safe here because these widgets always show
    their vertical scrollbar (``overflow-y: scroll``), so their size cannot depend
    on their content.
    """
    if widget.virtual_size == size:
        return
    widget.set_reactive(ScrollView.virtual_size, size)
    widget._scroll_update(size)  # scrollbars and scroll limits, as Widget._size_updated does
    if repaint:  # False: the caller repaints what changed itself
        widget.refresh()


class QuietScrollBar(ScrollBar):
    """A scrollbar that draws its lines again only when what they show changes.

    Textual repaints a scrollbar whenever its list scrolls by a row or the screen
    is laid out (every keystroke in the search box): 38 lines through the styles
    pipeline, 1-2 ms a frame. At 100,000 rows the thumb moves one eighth of a
    cell every few hundred rows, so nearly every repaint drew the same lines.
    The bar's own segments (thumb position, colours, size) are the key: the
    same segments, the same lines.
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *,
                 thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: tuple[object, object, list[Strip]] | None = None

    def _bar_key(self) -> object:
        """What the lines are drawn from (None: nothing this class can key on)."""
        renderable = self.render()
        if not isinstance(renderable, ScrollBarRender) or not isinstance(
                renderable.style, Style):
            return None
        width, height = self.size
        length, thickness = (height, width) if renderable.vertical else (width, height)
        bar = renderable.render_bar(
            size=length, virtual_size=renderable.virtual_size,
            window_size=renderable.window_size, position=renderable.position,
            thickness=thickness, vertical=renderable.vertical,
            back_color=renderable.style.bgcolor or RichColor.parse("#555555"),
            bar_color=renderable.style.color or RichColor.parse("bright_magenta"))
        return (self.size, tuple(bar.segments))

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``: those drawn last time when the bar is the same."""
        key = (self._bar_key(), crop)
        drawn = self._drawn
        if key[0] is not None and drawn is not None and drawn[0] == key and (
                drawn[1] is self.visual_style):
            return drawn[2]
        strips = super().render_lines(crop)
        self._drawn = (key, self.visual_style, strips)
        return strips


def quiet_vertical_scrollbar(widget: Widget) -> ScrollBar:
    """``widget``'s vertical scrollbar, made a :class:`QuietScrollBar` (as Textual makes one).

    For a widget's ``vertical_scrollbar`` property; mirrors
    ``Widget.vertical_scrollbar``, which creates and starts the bar on first use.
    """
    bar = widget._vertical_scrollbar
    if bar is None:
        bar = widget._vertical_scrollbar = QuietScrollBar(
            vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget.app._start_widget(widget, bar)
    return bar


class QuietScrollbars:
    """A mixin for a scrolling widget: its vertical scrollbar is a :class:`QuietScrollBar`."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The scrollbar, drawn again only when what it shows changes."""
        return quiet_vertical_scrollbar(cast(Widget, self))
