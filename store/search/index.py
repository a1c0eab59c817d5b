"""The search index of a store, its reading half: one search's run (ties, snippets, "did you
mean"), suggestions, related briefs; :mod:`.writing` holds its state and changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from briefs.models import Brief
from store.rows import BriefRow
from store.search import analysis, engine, writing
from store.search.highlight import snippet
from store.search.mapping import Compiler
from store.search.query import Prefix, Query
from store.search.related import related
from store.search.results import SearchHit, SearchResults, ordinal

_DAMAGED = "the search index is damaged ({}); run `briefs reindex` to rebuild it"
_REBUILDING = "the search index is being rebuilt; search again when it is done"
#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: Extra hits fetched past the limit, so that ties can be ordered newer first.
_TIE_SLACK = 16
Found = list[tuple[float, str]]


@dataclass(frozen=True, slots=True)
class Searching:
    """One query's run with the store's rows (``restated``: see :class:`Compiler`)."""

    searcher: tantivy.Searcher
    rows: Mapping[str, BriefRow]
    restated: Set[str]
    load: Callable[[Sequence[str]], list[Brief]]  # full briefs, for snippets
    suggest: Callable[[str], list[str]]  # near words

    def run(self, query: Query, sort: str, limit: int, snippets: int) -> SearchResults:
        """The results of ``query``: at most ``limit`` hits, the first ``snippets`` with one."""
        compiler = Compiler(self.searcher, self.rows, self.restated)
        hits, total = self._top(compiler.compile(query.root), limit, sort)
        found = ordered(self._take(hits, limit, sort), self.rows, sort)[:limit]
        suggestions = [] if total else self._suggestions(query)
        return SearchResults(self._with_snippets(found, query, snippets), total, None,
                             suggestions, sort, query.terms(), list(dict.fromkeys(compiler.cut)))

    def _top(self, compiled: tantivy.Query, limit: int, sort: str) -> tuple[list, int]:
        """The best ``limit`` hits and the whole tie with the last (tantivy orders a tie by
        doc; Briefs puts the newer brief first), and the count."""
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
        """The first ``limit`` hits with a row and the rest of the last one's tie (only
        those are loaded for their ids)."""
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
        suggestions: list[str] = []
        for leaf in query.positive_text():
            for token in [] if isinstance(leaf, Prefix) else analysis.tokens(leaf.text):
                if not self.searcher.doc_freq("all", token.term):
                    suggestions += [w for w in self.suggest(token.surface) if w not in suggestions]
        return suggestions[:5]


def ordered(found: Found, rows: Mapping[str, BriefRow], sort: str) -> Found:
    """Best score first, then newer first (date order: newest, then title, then id)."""
    if sort == "relevance":
        return sorted(found, key=lambda f: (-round(f[0], 9), -ordinal(rows[f[1]]), f[1]))
    return sorted(found, key=lambda f: rows[f[1]].sort_key_newest_first())


class SearchIndex(writing.Writing):
    """The full-text index of one store in ``folder``, at store ``generation`` (-1: none usable);
    writes run under the store's lock, searches need none; thread-safe within a process."""

    def refresh(self) -> bool:
        """Reload when another process changed the index (a stat when nothing did)."""
        with self._lock:
            if self._stat() == self._pointer_stat:
                return False
            self._load()
            return True

    def _searcher(self) -> tantivy.Searcher | None:
        return None if self._index is None else self._index.searcher()

    def __len__(self) -> int:
        """The number of briefs indexed."""
        return 0 if self._index is None else self._index.searcher().num_docs

    def check(self) -> str | None:
        """What is wrong with the index on disk (for the doctor), or None when it reads back."""
        with self._lock:
            self._load()
            if self._index is None or self._dir is None:
                return self.damage or "there is no search index"
            try:
                files = list(engine.committed_files(self.folder / self._dir))
                searcher = self._index.searcher()
                counted = searcher.search(tantivy.Query.all_query(), limit=1, count=True).count
                if counted != searcher.num_docs:
                    return f"it counts {counted} briefs but holds {searcher.num_docs}"
                searcher.terms_with_prefix("words", "", limit=1)
            except writing.DAMAGE as error:
                return str(error)
            return None if files else "its tantivy folder lists no files"

    def search(self, query: Query, rows: Mapping[str, BriefRow],
               load: Callable[[Sequence[str]], list[Brief]], *, limit: int,
               snippets: int | None = None) -> SearchResults:
        """Run a parsed query, never raising (a damaged index gives ``error``); ``rows`` drop
        hits without a row; ``load`` reads the first ``snippets`` hits (None: all) for snippets."""
        limit = max(0, limit)
        wanted = limit if snippets is None else min(limit, max(0, snippets))
        sort = query.sort or ("relevance" if query.positive_text() else "date")
        with self._lock:
            if self._index is None and self.rebuilding:
                return SearchResults.failed(_REBUILDING)
            for attempt in range(2):
                try:
                    if (searcher := self._searcher()) is None:
                        return SearchResults(sort=sort, terms=query.terms())
                    return Searching(searcher, rows, self.restated(), load,
                                     self.suggest).run(query, sort, limit, wanted)
                except writing.DAMAGE as error:
                    if attempt == 0 and self.refresh():
                        continue  # another process rebuilt the index under us
                    self.damage, self.generation = str(error), -1
                    return SearchResults.failed(_DAMAGED.format(error))
            raise AssertionError("unreachable")

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` indexed words within 2 edits of ``word`` (1 up to 4 letters), nearest
        then commonest first."""
        with self._lock:
            pieces = analysis.terms(word.strip(), stem=False)
            searcher = self._searcher()
            if len(pieces) != 1 or limit <= 0 or searcher is None:
                return []
            if self._vocab is None:
                counted = searcher.terms_with_prefix("words", "", limit=None)
                self._vocab = ([w for w, _ in counted], dict(counted))
            words, counts = self._vocab
            target = pieces[0]
            near = process.extract(target, words, scorer=OSA.distance, limit=None,
                                   score_cutoff=1 if len(target) <= 4 else 2)
            ranked = sorted((d, -counts[w], w) for w, d, _ in near if w != target)
            return [w for _, _, w in ranked[:limit]]

    def related(self, brief: Brief, rows: Mapping[str, BriefRow], *,
                limit: int) -> list[SearchHit]:
        """Briefs sharing the most with ``brief`` (:mod:`.related`); ``snippet`` says what."""
        with self._lock:
            searcher = self._searcher()
            if limit <= 0 or searcher is None:
                return []
            try:
                return related(searcher, brief, rows, limit)
            except writing.DAMAGE as error:
                self.damage, self.generation = str(error), -1
                return []
