"""The search index of a store: a tantivy index, kept in step with the store's generation.

See :mod:`store.search.engine` for the files and the commit protocol, and
:mod:`store.search.mapping` for how queries become tantivy queries.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.rows import BriefRow
from store.search import analysis, engine, mapping, writing
from store.search.query import Query
from store.search.related import related
from store.search.results import SearchHit, SearchResults
from store.search.searching import Searching

_DAMAGED = "the search index is damaged ({}); run `briefs reindex` to rebuild it"
#: What opening or reading a damaged index raises (tantivy reports its errors as these).
_DAMAGE = (OSError, ValueError, KeyError, StoreCorruptError)


class SearchIndex(writing.Writing):
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
        #: The writer an import holds open across store transactions (or None).
        self._held: writing.HeldWriter | None = None
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
    # (update, remove, flush, abandon, needs_rebuild: store.search.writing.Writing)

    def rebuild(self, briefs: Iterable[Brief], generation: int) -> None:
        """Index exactly these briefs from scratch, in a new folder, then switch to it."""
        with self._lock:
            self.abandon()  # what an import held is in the content the rebuild reads
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
        return Searching(self._searcher(), rows, self._filters, load,
                         self.suggest).run(query, limit, snippets)

    # ------------------------------------------------------------------ did you mean

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` indexed words closest to ``word``, nearest then commonest first.

        Edit distance (with transpositions) at most 2, or 1 for words of up to
        4 letters, over the index's own word list (rapidfuzz does the distances).
        """
        with self._lock:
            pieces = analysis.terms(word.strip(), stem=False)
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
                return related(searcher, brief, rows, limit)
            except _DAMAGE as error:
                self.damage, self.generation = str(error), -1
                return []
