"""Every use of Textual's private API, in one place (tests/unit/test_textual_compat.py guards it).

Textual 8 offers no public way to change a Line-API widget's scrollable size
without a layout pass of the whole screen; the two private members used here
are the ones Textual itself uses for that. If an upgrade renames or changes
them, the test fails loudly and this is the only module to mend.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView

#: The private members this module relies on (checked by the test).
PRIVATE_MEMBERS = ("set_reactive", "_scroll_update")


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
