"""What a search returns: :class:`SearchResults` holding :class:`SearchHit` items."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SearchHit:
    """One matching brief: ``snippet`` is plain text (never markup, no control
    characters); ``highlights`` are the sorted, disjoint ``(start, end)`` character
    ranges in it that the query matched, for the app to style."""

    id: str
    score: float
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class SearchResults:
    """The answer to one query.

    Attributes:
        hits: The best matches, at most ``limit`` of them, best first.
        total: How many briefs matched before the limit was applied.
        error: Why the query could not run (a bad query), else None.
        suggestions: The closest indexed words, when nothing matched.
        sort: ``"relevance"`` or ``"date"``: the order the hits are in.
        terms: The words searched for, as typed and folded (phrases in quotes,
            prefixes with ``*``); negated words are not listed.
        cut: The prefixes (as ``"e*"``) whose expansion was cut to the most
            frequent words: the hits may miss briefs with rarer words.
    """

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
