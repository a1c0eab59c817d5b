"""The rows a Line-API list drew last, by position, so that unchanged rows are not drawn again."""

from __future__ import annotations

from textual.strip import Strip


class DrawnRows:
    """Lines drawn by position, each with what it was drawn from (its key).

    A scroll by one row, or a search answer keeping most of the rows shown,
    then draws only the rows that changed (a row costs about 0.1 ms to draw; a
    screen holds 40). The key's first item is the row object itself: rows are
    replaced, never changed in place, when what they show changes.
    """

    def __init__(self) -> None:
        self._lines: dict[int, tuple[tuple[object, ...], Strip]] = {}

    def get(self, index: int, key: tuple[object, ...]) -> Strip | None:
        """The line drawn at ``index`` from ``key`` (None: not drawn, or from another key)."""
        drawn = self._lines.get(index)
        if drawn is not None and drawn[0][0] is key[0] and drawn[0] == key:
            return drawn[1]
        return None

    def put(self, index: int, key: tuple[object, ...], line: Strip) -> None:
        """Remember ``line``, drawn at ``index`` from ``key``."""
        self._lines[index] = (key, line)

    def clear(self) -> None:
        """Forget every line (the styles changed)."""
        self._lines.clear()

    def keep_near(self, top: int, height: int) -> None:
        """Once more than four screens are kept, keep only about three around the visible one."""
        if len(self._lines) > 4 * max(1, height):
            keep = range(top - height, top + 2 * height)
            self._lines = {i: drawn for i, drawn in self._lines.items() if i in keep}
