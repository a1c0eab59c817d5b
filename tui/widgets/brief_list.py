"""The brief list: unread dot, star, date, title and tag chips, drawn only for visible rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from textual.message import Message

from briefs.text import clean_line
from store.rows import BriefRow
from tui.widgets.row_list import RowList, fit_cells

_DATE_WIDTH = 10
#: Below this many cells for the title, tag chips are left out.
_MIN_TITLE = 24


class BriefList(RowList[BriefRow]):
    """The list of briefs. Rows are keyed by brief id; ``marked`` holds the marked ids."""

    DEFAULT_CSS = """
    BriefList {
        height: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.marked: set[str] = set()
        #: While the store opens the list shows only its first rows (mark-all waits).
        self.partial: int | None = None

    def row_key(self, row: BriefRow) -> str:
        """Briefs are identified by id."""
        return row.id

    @property
    def highlighted_id(self) -> str | None:
        """The id of the brief under the cursor, or None."""
        row = self.highlighted_row
        return None if row is None else row.id

    def set_rows(self, rows: list[BriefRow] | tuple[BriefRow, ...],  # type: ignore[override]
                 *, keep: str | None = None) -> None:
        """Show ``rows``, keeping the cursor on the same brief.

        Marks stay, shown or not: they survive searches, filters and reloads
        until cleared (the screen drops those of deleted briefs). A list is kept
        as it is, not copied: the screen's lists are new for each call, or its
        list of every row, which it changes in step with :meth:`update_row`.
        """
        super().set_rows(rows, keep=keep, share=True)

    @dataclass
    class MarksChanged(Message):
        """The set of marked briefs changed (the status line counts them)."""

    def mark_and_advance(self) -> None:
        """Mark the brief under the cursor and move down (to act on several at once)."""
        self.toggle_mark()
        self.action_cursor_down()
        self.post_message(self.MarksChanged())

    def mark_all_shown(self) -> None:
        """Mark every brief shown (the search or filter); if all are marked, clear the marks."""
        if self.partial is not None:
            self.notify("The list is still being read; mark them in a moment.")
            return
        shown = {row.id for row in self.rows}
        if shown and not shown <= self.marked:
            self.marked |= shown
        else:
            self.marked.clear()
        self.refresh()
        self.post_message(self.MarksChanged())

    def clear_marks(self) -> None:
        """Clear every mark, shown or not."""
        self.marked.clear()
        self.refresh()
        self.post_message(self.MarksChanged())

    def toggle_mark(self) -> None:
        """Mark or unmark the brief under the cursor (for actions on several briefs)."""
        brief_id = self.highlighted_id
        if brief_id is None:
            return
        self.marked.symmetric_difference_update({brief_id})
        self.refresh_line(self.cursor)

    def next_unread(self) -> None:
        """Go to the next unread brief (wrapping around)."""
        rows = self.rows
        for offset in range(1, len(rows) + 1):
            index = (self.cursor + offset) % len(rows)
            if not rows[index].read:
                self.move_cursor(index)
                return
        self.notify("No unread briefs here.")

    def row_state(self, row: BriefRow) -> bool:
        """A row is drawn again when it is marked or unmarked."""
        return row.id in self.marked

    def row_segments(self, row: BriefRow, width: int,
                     styles: dict[str, Style]) -> list[tuple[str, Style]]:
        """Mark, unread dot, star, date, title and as many tag chips as fit."""
        plain = Style()
        parts: list[tuple[str, Style]] = [
            ("✓" if row.id in self.marked else " ", styles["success"]),
            ("●" if not row.read else " ", styles["accent"]),
            ("★" if row.starred else " ", styles["warning"]),
            (" ", plain),
        ]
        used = 4
        if width - used >= _DATE_WIDTH + 12:  # the date only when the title keeps some room
            date = row.date.isoformat() if row.date else "undated".ljust(_DATE_WIDTH)
            parts += [(date, styles["muted"]), (" ", plain)]
            used += _DATE_WIDTH + 1
        room = width - used
        # Tag chips only get what the title can spare: the title stays readable first.
        chips: list[str] = []
        chip_room = min(room // 3, max(0, room - _MIN_TITLE))
        for tag in row.tags:
            chip = f" #{clean_line(tag)}"
            if cell_len("".join(chips)) + cell_len(chip) > chip_room:
                if not chips and chip_room > 6:
                    chips.append(fit_cells(chip, chip_room))
                break
            chips.append(chip)
        chip_text = "".join(chips)
        title_room = room - cell_len(chip_text)
        title = fit_cells(clean_line(row.title), title_room)
        parts.append((title, styles["muted"] if row.read else plain))
        gap = title_room - cell_len(title)
        if gap > 0:
            parts.append((" " * gap, plain))
        if chip_text:
            parts.append((chip_text, styles["primary"]))
        return parts
