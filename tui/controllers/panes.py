"""Which panes show: the tags pane, the full-width reader, the narrow layout.

The main screen's look follows CSS classes on it (``-reading``, ``-tags-open``,
``-narrow``, see ``tui/briefs.tcss``); this controller sets them and moves the
focus with them, so the screen itself only composes and routes.
"""

from __future__ import annotations

from textual.widgets import Footer

from tui.controllers.base import Controller
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.tags_pane import TagsPane

#: Below this width the tags pane replaces the brief pane instead of squeezing it,
#: and choosing a brief reads it alone, across the whole width.
NARROW_WIDTH = 110


class Panes(Controller):
    """Shows and hides the tags pane and the full-width reader; adapts to narrow terminals."""

    @property
    def full_width(self) -> bool:
        """True while the brief is shown alone, across the whole width."""
        return self.screen.has_class("-reading")

    @property
    def narrow(self) -> bool:
        """True on a terminal too narrow for list and brief side by side."""
        return self.screen.size.width < NARROW_WIDTH

    def toggle_full_width(self) -> None:
        """Show the brief alone across the whole width (escape or f returns to the list)."""
        if self.full_width:
            self.leave_full_width()
        else:
            self.screen.add_class("-reading")
            self.screen.query_one(BriefView).focus()

    def leave_full_width(self) -> None:
        """Back to list and brief side by side."""
        self.screen.remove_class("-reading")
        self.screen.query_one(BriefList).focus()

    def read_selected(self) -> None:
        """``enter`` on a brief: a narrow terminal reads it alone, a wide one in its pane."""
        if self.narrow:
            self.toggle_full_width()
        else:
            self.screen.query_one(BriefView).focus()

    def toggle_tags(self) -> bool:
        """Show or hide the tags pane; True when it now shows."""
        pane = self.screen.query_one(TagsPane)
        pane.display = not pane.display
        self.screen.set_class(pane.display, "-tags-open")
        (pane if pane.display else self.screen.query_one(BriefList)).focus()
        return bool(pane.display)

    def fit_width(self) -> None:
        """On narrow terminals the tags pane takes the brief pane's place.

        The footer goes compact there and leaves out the palette's key (ctrl+p
        still opens it), so that ``?`` and ``q`` keep their place.
        """
        narrow = self.narrow
        self.screen.set_class(narrow, "-narrow")
        footer = self.screen.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow
