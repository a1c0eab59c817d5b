"""What a search returns: :class:`SearchResults` holding :class:`SearchHit` items."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.rows import BriefRow


def ordinal(row: BriefRow) -> int:
    """A row's date as a day number (0 when it has none), for newer-first ties."""
    return row.date.toordinal() if row.date else 0


@dataclass(slots=True)
class SearchHit:
    """One matching brief: ``snippet`` plain text, ``highlights`` the ranges in it matched."""

    id: str
    score: float
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class SearchResults:
    """The best ``hits`` of the ``total`` matched, or ``error``; ``suggestions`` when none did;
    ``terms`` as typed (folded); ``cut``: the prefixes (``"e*"``) whose expansion was cut."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    error: str | None = None
    suggestions: list[str] = field(default_factory=list)
    sort: str = "relevance"
    terms: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)

    @classmethod
    def failed(cls, message: str) -> SearchResults:
        """The results of a query that could not run: no hits, ``error`` set."""
        return cls(error=message)

    @property
    def expansion_cut(self) -> bool:
        """Whether a prefix matched more words than a search expands (see ``cut``)."""
        return bool(self.cut)

    @property
    def ids(self) -> list[str]:
        """The ids of the hits, in order."""
        return [hit.id for hit in self.hits]
