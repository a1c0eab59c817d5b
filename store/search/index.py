"""The search index of a store: a tantivy index, kept in step with the store's generation.

See :mod:`store.search.engine` for the files and the commit protocol, and
:mod:`store.search.mapping` for how queries become tantivy queries.
"""

from __future__ import annotations

import math
import os
import shutil
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import compress
from pathlib import Path

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.rows import BriefRow
from store.search import analysis, engine, mapping
from store.search.highlight import snippet
from store.search.mapping import Compiler, folded, row_predicate
from store.search.query import And, Filter, Prefix, Query, TextNode, Word
from store.search.results import SearchHit, SearchResults

#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: A query of words and row filters whose words match at most this many briefs
#: gets them all and filters them by their ``key`` fast field (else the filters
#: become id sets, which tantivy looks up in every segment: slow for thousands).
POST_FILTER_MAX = 100_000
#: Extra hits fetched past the limit, so that ties can be ordered newer first.
_TIE_SLACK = 16
#: Terms a brief contributes to its "related" query, and what sharing a speaker or a
#: tag adds to the text similarity (which is scaled to [0, 1]).
RELATED_TERMS = 12
SPEAKER_BONUS = 0.3
TAG_BONUS = 0.15
_DAMAGED = "the search index is damaged ({}); run `briefs reindex` to rebuild it"
#: What opening or reading a damaged index raises (tantivy reports its errors as these).
_DAMAGE = (OSError, ValueError, KeyError, StoreCorruptError)


class SearchIndex:
    """The full-text index of one store, kept in ``folder`` (see :mod:`store.search.engine`).

    ``generation`` is the store content generation the index reflects (-1 when
    there is no usable index): the store compares it with its own on open and
    calls :meth:`rebuild` when they differ. The caller holds the store's
    cross-process lock around :meth:`update`, :meth:`remove` and
    :meth:`rebuild`; searches need no lock. Thread-safe within a process.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._dir: str | None = None
        self.generation = -1
        self.damage: str | None = None
        self._vocab: tuple[list[str], dict[str, int]] | None = None
        self._filters = mapping.RowFilters()
        self._load()

    # ------------------------------------------------------------------ state

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = (self.folder / engine.POINTER).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        """(Re)open what the pointer names; a missing or damaged index reads as stale."""
        self._pointer_stat = self._stat()
        self._index, self._dir, self.generation, self.damage = None, None, -1, None
        self._vocab = None
        try:
            pointer = engine.read_pointer(self.folder)
            if pointer is None:
                return
            if pointer["format"] != engine.FORMAT:
                self.damage = f"index format {pointer['format']}, expected {engine.FORMAT}"
                return
            path = self.folder / pointer["dir"]
            if not (path / "meta.json").is_file():
                raise FileNotFoundError(f"{path.name}/meta.json is missing")
            index = engine.open_index(path)
            index.reload()
            index.searcher().num_docs  # noqa: B018 - opens every segment now
        except _DAMAGE as error:
            self.damage = str(error)
            return
        self._index, self._dir, self.generation = index, pointer["dir"], pointer["generation"]

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
        searcher = self._searcher()
        return 0 if searcher is None else searcher.num_docs

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
            except _DAMAGE as error:
                return str(error)
            return None if files else "its tantivy folder lists no files"

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _writing(self) -> Iterator[tantivy.IndexWriter | None]:
        """A tantivy writer on the current index (None when it is stale), committed at the end.

        The caller holds the store's lock, so nobody else writes meanwhile; if the
        change fails half-way, it is rolled back and memory reloaded from disk.
        """
        with self._lock:
            if self._stat() != self._pointer_stat or self.damage:
                self._load()
            if self._index is None:
                yield None
                return
            # One thread: a second doubles the segments per commit (and the merges),
            # costing 40% more CPU for a batch of 500 on a loaded machine.
            writer = self._index.writer(engine.UPDATE_HEAP, 1)
            try:
                yield writer
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                del writer
                self._pointer_stat = None
                self._load()
                raise

    def _publish(self, generation: int) -> None:
        assert self._index is not None and self._dir is not None
        engine.write_pointer(self.folder, self._dir, generation)
        self._pointer_stat = self._stat()
        self.generation = int(generation)
        self._index.reload()
        self._vocab = None

    def update(self, briefs: Sequence[Brief], generation: int) -> None:
        """Add these briefs, replacing any with the same id; record the store ``generation``.

        On an index that is missing or unreadable (``generation == -1``) this does
        nothing: adding to it would make a partial index look current, whereas
        staying stale makes the store rebuild it. One tantivy commit per call.
        """
        latest = {b.id: b for b in briefs}
        with self._writing() as writer:
            if writer is None:
                return
            for brief in latest.values():
                writer.delete_documents_by_term("id", brief.id)
                writer.add_document(engine.document(brief))
        if self._index is not None:
            self._publish(generation)

    def remove(self, ids: Iterable[str], generation: int) -> None:
        """Drop these briefs (unknown ids are ignored); record the store ``generation``."""
        with self._writing() as writer:
            if writer is None:
                return
            for key in set(ids):
                writer.delete_documents_by_term("id", key)
        if self._index is not None:
            self._publish(generation)

    def rebuild(self, briefs: Iterable[Brief], generation: int) -> None:
        """Index exactly these briefs from scratch, in a new folder, then switch to it."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = engine.new_directory(self.folder)
            try:
                self._build(self.folder / name, briefs)
            except BaseException:
                # The briefs could not all be read (a damaged store file): the new
                # folder goes, and the index stays as it was.
                shutil.rmtree(self.folder / name, ignore_errors=True)
                raise
            engine.write_pointer(self.folder, name, generation)
            engine.remove_strays(self.folder, keep=name)
            self._load()

    def _build(self, path: Path, briefs: Iterable[Brief]) -> None:
        index = engine.open_index(path)
        writer = index.writer(engine.REBUILD_HEAP, min(2, os.cpu_count() or 1))
        seen: set[str] = set()
        for brief in briefs:
            if brief.id in seen:
                writer.delete_documents_by_term("id", brief.id)  # the last one wins
            seen.add(brief.id)
            writer.add_document(engine.document(brief))
        writer.commit()
        writer.wait_merging_threads()

    # ------------------------------------------------------------------ searching

    def search(
        self,
        query: Query,
        rows: Mapping[str, BriefRow],
        load: Callable[[Sequence[str]], list[Brief]],
        *,
        limit: int,
        snippets: int | None = None,
        rows_version: object = None,
    ) -> SearchResults:
        """Run a parsed query: matches, ranked by BM25 over weighted fields (or by date).

        ``rows`` supplies what filters need (tags, state, sources, speakers);
        ``load`` the full briefs of the hits, for their snippets. Only the first
        ``snippets`` hits (all when None) get a snippet: the others carry their
        title. ``rows_version`` (the store's commit number) lets the filters keep
        what they learnt from the rows until it changes; None: learn it afresh.
        Never raises because of the query; a damaged index gives ``error``.
        """
        limit = max(0, limit)
        wanted = limit if snippets is None else min(limit, max(0, snippets))
        with self._lock:
            for attempt in range(2):
                try:
                    self._filters.use(rows, rows_version)
                    return self._search(query, rows, load, limit, wanted)
                except _DAMAGE as error:
                    if attempt == 0 and self.refresh():
                        continue  # another process rebuilt the index under us
                    self.damage, self.generation = str(error), -1
                    return SearchResults.failed(_DAMAGED.format(error))
            raise AssertionError("unreachable")

    def _search(self, query: Query, rows: Mapping[str, BriefRow],
                load: Callable[[Sequence[str]], list[Brief]], limit: int,
                snippets: int) -> SearchResults:
        leaves = query.positive_text()
        sort = query.sort or ("relevance" if leaves else "date")
        searcher = self._searcher()
        found: list[tuple[float, str]] = []
        total, cut = 0, []
        if searcher is None:
            pass
        elif not _has_text(query.root):
            found, total = self._from_rows(query, rows, sort, limit)
        else:
            compiler = Compiler(searcher, rows, self._filters)
            found, total = self._post_filtered(compiler, query, rows, sort, limit)
            if total < 0:
                answer = self._top(searcher, compiler.compile(query.root), limit, sort)
                total = answer.count
                found = self._keyed(searcher, answer.hits, rows, sort)
            cut = list(dict.fromkeys(compiler.cut))
            found = _ordered(found, rows, sort)[:limit]
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
        allowed = self._filters.key_set(filters)
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
        return _ordered([(0.0, k) for k in keys], rows, sort)[:limit], len(keys)

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

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` indexed words closest to ``word``, nearest then commonest first.

        Edit distance (with transpositions) at most 2, or 1 for words of up to
        4 letters, over the index's own word list (rapidfuzz does the distances).
        """
        with self._lock:
            pieces = analysis.fold_token(word.strip())
            searcher = self._searcher()
            if len(pieces) != 1 or limit <= 0 or searcher is None:
                return []
            target = pieces[0]
            if self._vocab is None:
                counted = searcher.terms_with_prefix("words", "", limit=None)
                self._vocab = ([w for w, _ in counted], dict(counted))
            words, counts = self._vocab
            allowed = 1 if len(target) <= 4 else 2
            near = process.extract(target, words, scorer=OSA.distance, limit=None,
                                   score_cutoff=allowed)
            ranked = sorted((d, -counts[w], w) for w, d, _ in near if w != target)
            return [w for _, _, w in ranked[:limit]]

    # ------------------------------------------------------------------ related

    def related(self, brief: Brief, rows: Mapping[str, BriefRow], *,
                limit: int) -> list[SearchHit]:
        """Briefs sharing the most with ``brief``: distinctive words, speakers, tags.

        Its most distinctive words (top TF-IDF against the collection) are
        searched as one weighted OR query; briefs quoting the same people or
        carrying the same tags get a bonus. ``snippet`` says what they share.
        """
        with self._lock:
            searcher = self._searcher()
            if limit <= 0 or searcher is None:
                return []
            try:
                return _Related(searcher, brief, rows).top(limit)
            except _DAMAGE as error:
                self.damage, self.generation = str(error), -1
                return []


class _Related:
    """One "related briefs" computation (see :meth:`SearchIndex.related`)."""

    def __init__(self, searcher: tantivy.Searcher, brief: Brief,
                 rows: Mapping[str, BriefRow]) -> None:
        self.searcher, self.brief, self.rows = searcher, brief, rows

    def distinctive(self) -> dict[str, str]:
        """The brief's most distinctive terms -> the word shown for each."""
        counts: dict[str, int] = defaultdict(int)
        shown: dict[str, str] = {}
        speaking = {q.speaker for q in self.brief.quotes if q.speaker}
        for weight, items in zip((3, 2, 1, 1), analysis.field_items(self.brief), strict=True):
            for item in items:
                if weight == 2 and item in speaking:
                    continue  # speakers count through their own bonus
                for token in analysis.tokens(item):
                    counts[token.term] += weight
                    shown.setdefault(token.term, token.surface)
        n = max(self.searcher.num_docs, 1)
        # A term only this brief has relates it to nothing; one in most briefs says
        # nothing; numbers rarely say what a brief is about.
        scored = []
        for term, count in counts.items():
            if len(term) <= 2 or not term.isalpha():
                continue
            df = self.searcher.doc_freq("all", term)
            if 2 <= df < max(n / 2, 2.5):
                scored.append(((1 + math.log(count)) * math.log((n + 1) / df), term))
        return {t: shown[t] for _, t in sorted(scored)[-RELATED_TERMS:][::-1]}

    def top(self, limit: int) -> list[SearchHit]:
        terms = self.distinctive()
        compiler = Compiler(self.searcher, self.rows, mapping.RowFilters())
        score: dict[str, float] = defaultdict(float)
        if terms:
            words = [compiler.words(_word(t)) for t in terms]
            answer = self.searcher.search(tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in words]), limit=limit * 4 + 20)
            for value, address in answer.hits:
                score[self.searcher.doc(address).get_first("id")] = float(value)
        score.pop(self.brief.id, None)
        top = max(score.values(), default=0.0)
        for key in score:
            score[key] /= top or 1.0
        reasons: dict[str, list[str]] = defaultdict(list)
        for key in list(score):
            shared = [shown for term, shown in terms.items()
                      if self._holds(key, compiler.words(_word(term)))]
            if shared:
                reasons[key].append("shares " + ", ".join(shared[:3]))
        self._bonuses(score, reasons)
        score.pop(self.brief.id, None)
        ranked = sorted((k for k in score if k in self.rows and score[k] > 0),
                        key=lambda k: (-score[k], -_ordinal(self.rows[k]), k))
        return [SearchHit(k, score[k], "; ".join(reasons[k]), []) for k in ranked[:limit]]

    def _holds(self, key: str, query: tantivy.Query) -> bool:
        both = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "id", key)),
            (tantivy.Occur.Must, query)])
        return self.searcher.search(both, limit=1, count=False).hits != []

    def _bonuses(self, score: dict[str, float], reasons: dict[str, list[str]]) -> None:
        speakers = {folded(s) for s in self.brief.speakers}
        tags = {folded(t) for t in self.brief.tags}
        if speakers:
            people = [tantivy.Query.phrase_query(engine.SCHEMA, "speakers", words)
                      if len(words) > 1 else
                      tantivy.Query.term_query(engine.SCHEMA, "speakers", words[0])
                      for name in self.brief.speakers
                      if (words := engine.analyse(name, stem=False))]
            answer = self.searcher.search(tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in people]), limit=2_000, count=False)
            for _, address in answer.hits:
                key = self.searcher.doc(address).get_first("id")
                row = self.rows.get(key)
                same = [s for s in row.speakers if folded(s) in speakers] if row else []
                if same:
                    score[key] += SPEAKER_BONUS * min(len(same), 2)
                    reasons[key].append("quotes " + ", ".join(same[:2]))
        if tags:
            for key, row in self.rows.items():
                shared = [t for t in row.tags if folded(t) in tags]
                if shared:
                    score[key] += TAG_BONUS * min(len(shared), 3)
                    reasons[key].append("tagged " + ", ".join(shared[:3]))


def _word(term: str) -> Word:
    return Word(term, (term,))


def _ordinal(row: BriefRow) -> int:
    return row.date.toordinal() if row.date else 0


def _ordered(found: list[tuple[float, str]], rows: Mapping[str, BriefRow],
             sort: str) -> list[tuple[float, str]]:
    """Best score first, then newer first (date order: newest, then title, then id)."""
    if sort == "relevance":
        return sorted(found, key=lambda f: (-round(f[0], 9), -_ordinal(rows[f[1]]), f[1]))
    return sorted(found, key=lambda f: rows[f[1]].sort_key_newest_first())


def _has_text(node: object) -> bool:
    if node is None or isinstance(node, Filter):
        return False
    children = getattr(node, "children", None)
    if children is not None:
        return any(map(_has_text, children))
    child = getattr(node, "child", None)
    return _has_text(child) if child is not None else True
