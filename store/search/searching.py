"""One search over the index: matches, the filters, ties, snippets and "did you mean".

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
from store.search.query import And, Filter, Prefix, Query, TextNode
from store.search.results import SearchHit, SearchResults

#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: A query of words and row filters whose words match at most this many briefs
#: gets them all and filters them by their ``key`` fast field (else the filters
#: become id sets, which tantivy looks up in every segment: slow for thousands).
POST_FILTER_MAX = 100_000
#: Extra hits fetched past the limit, so that ties can be ordered newer first.
_TIE_SLACK = 16


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
        rows, load = self.rows, self.load
        leaves = query.positive_text()
        sort = query.sort or ("relevance" if leaves else "date")
        searcher = self.searcher
        found: list[tuple[float, str]] = []
        total, cut = 0, []
        if searcher is None:
            pass
        elif not has_text(query.root):
            found, total = self._from_rows(query, rows, sort, limit)
        else:
            compiler = Compiler(searcher, rows, self.filters)
            found, total = self._post_filtered(compiler, query, rows, sort, limit)
            if total < 0:
                answer = self._top(searcher, compiler.compile(query.root), limit, sort)
                total = answer.count
                found = self._keyed(searcher, answer.hits, rows, sort)
            cut = list(dict.fromkeys(compiler.cut))
            found = ordered(found, rows, sort)[:limit]
        hits = self._with_snippets(found, query, rows, load, snippets)
        suggestions = [] if total or searcher is None else self._suggestions(searcher, leaves)
        return SearchResults(hits, total, None, suggestions, sort, query.terms(), cut)

    def _top(self, searcher: tantivy.Searcher, compiled: tantivy.Query, limit: int,
             sort: str) -> tantivy.SearchResult:
        """The best ``limit`` hits and everything tied with the last of them.

        tantivy breaks ties by its own doc order; Briefs puts the newer brief
        first (or, by date, the title), so the whole tie is fetched and sorted.
        """
        fetch = limit + _TIE_SLACK
        order = {"order_by_field": "date"} if sort == "date" else {}
        while True:
            answer = searcher.search(compiled, limit=fetch, count=True, **order)
            hits = answer.hits
            if (limit == 0 or len(hits) < fetch
                    or hits[-1][0] != hits[min(limit, len(hits)) - 1][0]):
                return answer
            fetch *= 4

    def _keyed(self, searcher: tantivy.Searcher, hits: list, rows: Mapping[str, BriefRow],
               sort: str) -> list[tuple[float, str]]:
        found = []
        for score, address in hits:
            key = searcher.doc(address).get_first("id")
            if key in rows:
                found.append((float(score) if sort == "relevance" else 0.0, key))
        return found

    def _post_filtered(self, compiler: Compiler, query: Query, rows: Mapping[str, BriefRow],
                       sort: str, limit: int) -> tuple[list[tuple[float, str]], int]:
        """Words AND row filters, when the words match few briefs: filter their hits by key.

        Every hit of the words comes back, its ``key`` is read from the fast
        field (no document loaded) and tested against the keys the filters let
        through; only the best of those are loaded for their ids (and checked
        against their rows). Cheaper than a term set of every id a tag lets
        through (thousands, at 100k). Returns a total of -1 when this does not apply.
        """
        root = query.root
        if not isinstance(root, And):
            return [], -1
        filters = [c for c in root.children if mapping.is_row_filter(c)]
        words = [c for c in root.children if not mapping.is_row_filter(c)]
        if not filters or not words:
            return [], -1
        searcher = compiler.searcher
        text = compiler.compile(And(tuple(words)) if len(words) > 1 else words[0])
        count = searcher.search(text, limit=1, count=True).count
        if count > POST_FILTER_MAX:
            return [], -1
        order = {"order_by_field": "date"} if sort == "date" else {}
        hits = searcher.search(text, limit=max(count, 1), count=False, **order).hits
        allowed = self.filters.key_set(filters)
        keys = searcher.fast_field_values("key", [address for _, address in hits])
        hits = list(compress(hits, map(allowed.__contains__, keys)))
        test = row_predicate(And(tuple(filters)))
        found: list[tuple[float, str]] = []
        last = None
        for value, address in hits:
            if len(found) >= limit and value != last:
                break  # the limit is reached and the tie with the last of it is whole
            key = searcher.doc(address).get_first("id")
            if key in rows and test(rows[key]):
                found.append((float(value) if sort == "relevance" else 0.0, key))
                last = value
        return found, len(hits)

    def _from_rows(self, query: Query, rows: Mapping[str, BriefRow], sort: str,
                   limit: int) -> tuple[list[tuple[float, str]], int]:
        """A query of filters only, answered from the rows alone (newest first)."""
        test = row_predicate(query.root)
        keys = [k for k, row in rows.items() if test(row)]
        return ordered([(0.0, k) for k in keys], rows, sort)[:limit], len(keys)

    def _with_snippets(self, found: list[tuple[float, str]], query: Query,
                       rows: Mapping[str, BriefRow],
                       load: Callable[[Sequence[str]], list[Brief]],
                       snippets: int) -> list[SearchHit]:
        hits = []
        # A chunk at a time: a huge limit (an export) never holds every brief at once.
        for start in range(0, len(found), _LOAD_CHUNK):
            chunk = found[start:start + _LOAD_CHUNK]
            wanted = [key for i, (_, key) in enumerate(chunk, start) if i < snippets]
            briefs = {b.id: b for b in load(wanted)} if wanted else {}
            for score, key in chunk:
                brief = briefs.get(key)
                if brief is None:
                    hits.append(SearchHit(key, score, rows[key].title, []))
                else:
                    text, ranges = snippet(brief, query)
                    hits.append(SearchHit(key, score, text, ranges))
        return hits

    # ------------------------------------------------------------------ did you mean

    def _suggestions(self, searcher: tantivy.Searcher, leaves: list[TextNode]) -> list[str]:
        """Closest indexed words for the query words that match nothing at all."""
        suggestions: list[str] = []
        for leaf in leaves:
            if isinstance(leaf, Prefix):
                continue
            for token in analysis.tokens(leaf.text):
                if not searcher.doc_freq("all", token.term):
                    suggestions.extend(w for w in self.suggest(token.surface)
                                       if w not in suggestions)
        return suggestions[:5]


def ordinal(row: BriefRow) -> int:
    """A row's date as a day number (0 when it has none), for newer-first ties."""
    return row.date.toordinal() if row.date else 0


def ordered(found: list[tuple[float, str]], rows: Mapping[str, BriefRow],
             sort: str) -> list[tuple[float, str]]:
    """Best score first, then newer first (date order: newest, then title, then id)."""
    if sort == "relevance":
        return sorted(found, key=lambda f: (-round(f[0], 9), -ordinal(rows[f[1]]), f[1]))
    return sorted(found, key=lambda f: rows[f[1]].sort_key_newest_first())


def has_text(node: object) -> bool:
    """True when the query node holds words (not only row filters)."""
    if node is None or isinstance(node, Filter):
        return False
    children = getattr(node, "children", None)
    if children is not None:
        return any(map(has_text, children))
    child = getattr(node, "child", None)
    return has_text(child) if child is not None else True
