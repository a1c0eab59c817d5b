"""The people quoted across the collection, one line each: name, count, other names."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from rich.style import Style

from briefs.people import SpeakerCount
from briefs.text import clean_line
from tui.widgets.row_list import RowList, fit_cells


class SpeakerList(RowList[SpeakerCount]):
    """``Ilsa Varnholt  12  (also: Ms Varnholt, Varnholt)``; enter shows that person's quotes."""

    DEFAULT_CSS = """
    SpeakerList {
        height: 1fr;
    }
    """

    def row_key(self, row: SpeakerCount) -> Hashable:
        """A person is identified by the name they are shown under."""
        return row.name

    def row_segments(self, row: SpeakerCount, width: int,
                     styles: dict[str, Style]) -> list[tuple[str, Style]]:
        """The name, the count right-aligned in a column, then the other names muted."""
        name_width = min(32, max(10, width // 3))
        name = fit_cells(clean_line(row.name), name_width)
        count = f"{row.count:>6,}"
        parts: list[tuple[str, Style]] = [
            (" ", Style()),
            (name + " " * (name_width - cell_len(name)), styles["accent"]),
            (count, styles["primary"]),
        ]
        others = [alias for alias in row.aliases if alias != row.name]
        room = width - 1 - name_width - len(count) - 2
        if others and room > 8:
            parts.append(("  " + fit_cells("also: " + ", ".join(map(clean_line, others)), room),
                          styles["muted"]))
        return parts

    def on_unmount(self) -> None:
        """Let go of the rows at once (a closed screen's cycles wait for a full collection)."""
        self.set_rows([])
