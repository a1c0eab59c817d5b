"""One search over the index: matches, the row filters, ties, snippets and "did you mean".

:class:`store.search.index.SearchIndex` opens the searcher and holds its lock;
a :class:`Searching` runs one parsed query on it and is then dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import compress

import tantivy

from briefs.models import Brief
from store.rows import BriefRow
from store.search import analysis, mapping
from store.search.highlight import snippet
from store.search.mapping import Compiler, row_predicate
from store.search.query import And, Filter, Prefix, Query
from store.search.results import SearchHit, SearchResults

#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: A query of words and row filters whose words match at most this many briefs
#: gets them all and filters them by their ``key`` fast field (else the filters
#: become id sets, which tantivy looks up in every segment: slow for thousands).
POST_FILTER_MAX = 100_000
#: Extra hits fetched past the limit, so that ties can be ordered newer first.
_TIE_SLACK = 16
Found = list[tuple[float, str]]


class Searching:
    """One query's run over ``searcher`` (None: an empty index), with the store's rows."""

    def __init__(self, searcher: tantivy.Searcher | None, rows: Mapping[str, BriefRow],
                 filters: mapping.RowFilters, load: Callable[[Sequence[str]], list[Brief]],
                 suggest: Callable[[str], list[str]]) -> None:
        """``load`` reads full briefs (for snippets); ``suggest`` gives near words."""
        self.searcher, self.rows, self.filters = searcher, rows, filters
        self.load, self.suggest = load, suggest

    def run(self, query: Query, limit: int, snippets: int) -> SearchResults:
        """The results of ``query``: at most ``limit`` hits, the first ``snippets`` with one."""
        searcher, rows = self.searcher, self.rows
        sort = query.sort or ("relevance" if query.positive_text() else "date")
        found: Found = []
        total, cut = 0, []
        if searcher is not None and not has_text(query.root):
            test = row_predicate(query.root)  # filters only: the rows, newest first
            found = [(0.0, k) for k, row in rows.items() if test(row)]
            total = len(found)
        elif searcher is not None:
            compiler = Compiler(searcher, rows, self.filters)
            found, total = self._post_filtered(compiler, query, sort, limit)
            if total < 0:
                hits, total = self._top(compiler.compile(query.root), limit, sort)
                found = self._take(hits, limit, sort)
            cut = list(dict.fromkeys(compiler.cut))
        found = ordered(found, rows, sort)[:limit]
        hits = self._with_snippets(found, query, snippets)
        suggestions = self._suggestions(query) if not total and searcher is not None else []
        return SearchResults(hits, total, None, suggestions, sort, query.terms(), cut)

    def _id(self, address: tantivy.DocAddress) -> str:
        assert self.searcher is not None
        return self.searcher.doc(address).get_first("id")

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

    def _post_filtered(self, compiler: Compiler, query: Query, sort: str,
                       limit: int) -> tuple[Found, int]:
        """Words AND row filters, when the words match few briefs: filter their hits by key.

        Every hit of the words comes back, its ``key`` is read from the fast
        field (no document loaded) and tested against the keys the filters let
        through; only the best of those are loaded for their ids (and checked
        against their rows). Cheaper than a term set of every id a tag lets
        through (thousands, at 100k). Returns a total of -1 when this does not apply.
        """
        root, searcher = query.root, compiler.searcher
        children = root.children if isinstance(root, And) else ()
        filters = [c for c in children if mapping.is_row_filter(c)]
        words = [c for c in children if not mapping.is_row_filter(c)]
        if not filters or not words:
            return [], -1
        text = compiler.compile(And(tuple(words)) if len(words) > 1 else words[0])
        count = searcher.search(text, limit=1, count=True).count
        if count > POST_FILTER_MAX:
            return [], -1
        order = {"order_by_field": "date"} if sort == "date" else {}
        hits = searcher.search(text, limit=max(count, 1), count=False, **order).hits
        keys = searcher.fast_field_values("key", [address for _, address in hits])
        hits = list(compress(hits, map(self.filters.key_set(filters).__contains__, keys)))
        return self._take(hits, limit, sort, row_predicate(And(tuple(filters)))), len(hits)

    def _take(self, hits: list, limit: int, sort: str,
              test: Callable[[BriefRow], bool] | None = None) -> Found:
        """The first ``limit`` hits with a row (passing ``test``), and the rest of the last's tie.

        Only those are loaded for their ids: the hits past the tie never are.
        """
        found: Found = []
        last = None
        for value, address in hits:
            if len(found) >= limit and value != last:
                break  # the limit is reached and the tie with the last of it is whole
            key = self._id(address)
            row = self.rows.get(key)
            if row is not None and (test is None or test(row)):
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


def has_text(node: object) -> bool:
    """True when the query node holds words (not only row filters)."""
    if node is None or isinstance(node, Filter):
        return False
    if (children := getattr(node, "children", None)) is not None:
        return any(map(has_text, children))
    child = getattr(node, "child", None)
    return has_text(child) if child is not None else True
