"""The list of quoted statements: speaker, date and the words, drawn only for visible rows."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from rich.style import Style

from briefs.text import clean_line
from store.rows import QuoteRow
from tui.widgets.row_list import RowList, fit_cells

_SPEAKER_WIDTH = 24


class QuoteList(RowList[QuoteRow]):
    """Every quoted statement in the collection, one per line ("who said what")."""

    DEFAULT_CSS = """
    QuoteList {
        height: 1fr;
    }
    """

    def row_key(self, row: QuoteRow) -> Hashable:
        """A quote is identified by its brief and its words."""
        return (row.brief_id, row.text)

    def continues_run(self, row: QuoteRow) -> bool:
        """True if the row above is the same speaker in the same brief (its name shows once).

        ``row`` is the row being drawn (its position is :attr:`drawing`).
        """
        index = self.drawing
        if not index or self.rows[index] is not row:
            index = self.index_of(self.row_key(row)) or 0
        if not index:
            return False
        above = self.rows[index - 1]
        return above.brief_id == row.brief_id and above.speaker == row.speaker

    def row_state(self, row: QuoteRow) -> bool:
        """A row is drawn again when it starts or leaves a run (its speaker shows or not)."""
        return self.continues_run(row)

    def row_segments(self, row: QuoteRow, width: int,
                     styles: dict[str, Style]) -> list[tuple[str, Style]]:
        """``speaker  date  “text”``, the speaker column a fixed width (blank in a run)."""
        plain = Style()
        speaker_width = min(_SPEAKER_WIDTH, max(8, width // 4))
        name = "" if self.continues_run(row) else clean_line(row.speaker or "unattributed")
        speaker = fit_cells(name, speaker_width)
        parts: list[tuple[str, Style]] = [
            (" ", plain),
            (speaker.ljust(speaker_width - cell_len(speaker) + len(speaker)),
             styles["accent"] if row.speaker else styles["muted"]),
            (" ", plain),
        ]
        used = 2 + speaker_width
        if width - used > 30:
            date = row.date.isoformat() if row.date else "undated".ljust(10)
            parts += [(date, styles["muted"]), (" ", plain)]
            used += 11
        parts.append((fit_cells(f"“{clean_line(row.text)}”", width - used), plain))
        return parts

    def on_unmount(self) -> None:
        """Let go of the rows at once (a closed screen's cycles wait for a full collection)."""
        self.set_rows([])
