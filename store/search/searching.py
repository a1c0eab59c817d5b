"""One search over the index: matches, ties, snippets and "did you mean".

:class:`store.search.index.SearchIndex` opens the searcher and holds its lock;
a :class:`Searching` runs one parsed query on it and is then dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set

import tantivy

from briefs.models import Brief
from store.rows import BriefRow
from store.search import analysis
from store.search.highlight import snippet
from store.search.mapping import Compiler
from store.search.query import Prefix, Query
from store.search.results import SearchHit, SearchResults

#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: Extra hits fetched past the limit, so that ties can be ordered newer first.
_TIE_SLACK = 16
Found = list[tuple[float, str]]


class Searching:
    """One query's run over ``searcher`` (None: an empty index), with the store's rows."""

    def __init__(self, searcher: tantivy.Searcher | None, rows: Mapping[str, BriefRow],
                 restated: Set[str], load: Callable[[Sequence[str]], list[Brief]],
                 suggest: Callable[[str], list[str]]) -> None:
        """``restated``: see :class:`Compiler`; ``load`` reads full briefs (for snippets);
        ``suggest`` gives near words."""
        self.searcher, self.rows, self.restated = searcher, rows, restated
        self.load, self.suggest = load, suggest

    def run(self, query: Query, limit: int, snippets: int) -> SearchResults:
        """The results of ``query``: at most ``limit`` hits, the first ``snippets`` with one."""
        sort = query.sort or ("relevance" if query.positive_text() else "date")
        if self.searcher is None:
            return SearchResults([], 0, None, [], sort, query.terms(), [])
        compiler = Compiler(self.searcher, self.rows, self.restated)
        hits, total = self._top(compiler.compile(query.root), limit, sort)
        found = ordered(self._take(hits, limit, sort), self.rows, sort)[:limit]
        suggestions = [] if total else self._suggestions(query)
        return SearchResults(self._with_snippets(found, query, snippets), total, None,
                             suggestions, sort, query.terms(), list(dict.fromkeys(compiler.cut)))

    def _top(self, compiled: tantivy.Query, limit: int, sort: str) -> tuple[list, int]:
        """The best ``limit`` hits and everything tied with the last of them, and the count.

        tantivy breaks ties by its own doc order; Briefs puts the newer brief
        first (or, by date, the title), so the whole tie is fetched and sorted.
        """
        assert self.searcher is not None
        fetch = limit + _TIE_SLACK
        order = {"order_by_field": "date"} if sort == "date" else {}
        while True:
            answer = self.searcher.search(compiled, limit=fetch, count=True, **order)
            hits = answer.hits
            if (limit == 0 or len(hits) < fetch
                    or hits[-1][0] != hits[min(limit, len(hits)) - 1][0]):
                return hits, answer.count
            fetch *= 4

    def _take(self, hits: list, limit: int, sort: str) -> Found:
        """The first ``limit`` hits with a row, and the rest of the last one's tie.

        Only those are loaded for their ids: the hits past the tie never are.
        """
        assert self.searcher is not None
        found: Found = []
        last = None
        for value, address in hits:
            if len(found) >= limit and value != last:
                break  # the limit is reached and the tie with the last of it is whole
            key = self.searcher.doc(address).get_first("id")
            if key in self.rows:
                found.append((float(value) if sort == "relevance" else 0.0, key))
                last = value
        return found

    def _with_snippets(self, found: Found, query: Query, snippets: int) -> list[SearchHit]:
        hits = []
        # A chunk at a time: a huge limit (an export) never holds every brief at once.
        for start in range(0, len(found), _LOAD_CHUNK):
            chunk = found[start:start + _LOAD_CHUNK]
            wanted = [key for i, (_, key) in enumerate(chunk, start) if i < snippets]
            briefs = {b.id: b for b in self.load(wanted)} if wanted else {}
            for score, key in chunk:
                brief = briefs.get(key)
                text, ranges = (snippet(brief, query) if brief is not None
                                else (self.rows[key].title, []))
                hits.append(SearchHit(key, score, text, ranges))
        return hits

    def _suggestions(self, query: Query) -> list[str]:
        """Closest indexed words for the query words that match nothing at all."""
        assert self.searcher is not None
        suggestions: list[str] = []
        for leaf in query.positive_text():
            for token in [] if isinstance(leaf, Prefix) else analysis.tokens(leaf.text):
                if not self.searcher.doc_freq("all", token.term):
                    suggestions += [w for w in self.suggest(token.surface) if w not in suggestions]
        return suggestions[:5]


def ordinal(row: BriefRow) -> int:
    """A row's date as a day number (0 when it has none), for newer-first ties."""
    return row.date.toordinal() if row.date else 0


def ordered(found: Found, rows: Mapping[str, BriefRow], sort: str) -> Found:
    """Best score first, then newer first (date order: newest, then title, then id)."""
    if sort == "relevance":
        return sorted(found, key=lambda f: (-round(f[0], 9), -ordinal(rows[f[1]]), f[1]))
    return sorted(found, key=lambda f: rows[f[1]].sort_key_newest_first())
