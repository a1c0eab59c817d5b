"""The tags pane: every tag with its count; choosing tags filters the brief list."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from textual.message import Message

from briefs.text import clean_line, fold
from tui.widgets.row_list import RowList, fit_cells


@dataclass(frozen=True)
class TagCount:
    """A tag as shown in the pane."""

    tag: str
    count: int
    #: How many of those briefs are unread.
    unread: int = 0


#: The fewest cells of a tag's name shown beside its unread and total counts.
MIN_NAME = 8


class TagsPane(RowList[TagCount]):
    """A list of ``tag (count)``; enter or a click toggles the tag in the active filter."""

    DEFAULT_CSS = """
    TagsPane {
        width: 24;
        height: 1fr;
        border-right: vkey $panel-lighten-2;
    }
    """

    @dataclass
    class Toggled(Message):
        """The set of chosen tags changed."""

        tags_pane: TagsPane
        chosen: list[str]

        @property
        def control(self) -> TagsPane:
            """The pane that sent the message."""
            return self.tags_pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chosen: list[str] = []

    def row_key(self, row: TagCount) -> Hashable:
        """Tags are identified case-insensitively."""
        return fold(row.tag)

    def set_counts(self, counts: dict[str, int], unread: dict[str, int] | None = None) -> None:
        """Show these tags (sorted by name) with their unread counts; vanished choices go."""
        unread = unread or {}
        rows = [TagCount(tag, count, unread.get(tag, 0))
                for tag, count in sorted(counts.items(), key=lambda kv: fold(kv[0]))]
        known = {fold(row.tag) for row in rows}
        self.chosen = [tag for tag in self.chosen if fold(tag) in known]
        self.set_rows(rows)

    def action_select(self) -> None:
        """Toggle the highlighted tag in the filter."""
        row = self.highlighted_row
        if row is None:
            return
        key = fold(row.tag)
        if any(fold(tag) == key for tag in self.chosen):
            self.chosen = [tag for tag in self.chosen if fold(tag) != key]
        else:
            self.chosen.append(row.tag)
        self.refresh()
        self.post_message(self.Toggled(self, list(self.chosen)))

    def clear_choice(self) -> None:
        """Forget the chosen tags (without announcing it)."""
        self.chosen = []
        self.refresh()

    def row_state(self, row: TagCount) -> bool:
        """A row is drawn again when its tag is chosen or no longer chosen."""
        return any(fold(tag) == fold(row.tag) for tag in self.chosen)

    def row_segments(self, row: TagCount, width: int,
                     styles: dict[str, Style]) -> list[tuple[str, Style]]:
        """``✓ tag  ●3 12``: a tick for chosen tags, unread and total counts right-aligned.

        A long tag is cut (``#budget-hi… ●213 306``) rather than lose its unread count: a
        row without one reads as "nothing unread". Only a pane too narrow to show
        :data:`MIN_NAME` cells of the name beside both counts leaves the unread count out.
        """
        chosen = any(fold(tag) == fold(row.tag) for tag in self.chosen)
        count = f"{row.count:,}"
        unread = f"●{row.unread:,} " if row.unread else ""
        label = f"#{clean_line(row.tag)}"
        if width - len(count) - len(unread) - 3 < min(MIN_NAME, cell_len(label)):
            unread = ""  # no room for a readable name beside both counts
        name_room = max(1, width - len(count) - len(unread) - 3)
        name = fit_cells(label, name_room)
        gap = width - 2 - cell_len(name) - len(unread) - len(count)
        return [
            ("✓ " if chosen else "  ", styles["success"]),
            (name, styles["primary"] if chosen else Style()),
            (" " * max(1, gap), Style()),
            (unread, styles["accent"]),
            (count, styles["muted"]),
        ]
