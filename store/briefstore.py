"""BriefStore: the collection of briefs on disk, sharded TinyDB files, crash-safe and shared.

This is the facade; the parts behind it, and who calls whom, are in
``docs/store-design.md``:

* :mod:`store.lock`: the one lock (thread mutex, then file lock);
* :mod:`store.engine`: record, catalog, shard files and index, kept in step
  with other processes (:mod:`store.metafile`, :mod:`store.catalog`,
  :mod:`store.shardio`, :mod:`store.repair`);
* :mod:`store.transaction`: a batch of changes, written in crash-safe order;
* :mod:`store.opening`: opening, creating, migrating;
* :mod:`store.tables` and :mod:`store.saved`: small tables such as saved searches;
* :mod:`store.doctor`: the read-only check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

from briefs.models import Brief, normalize_note
from store import changes, reading
from store import doctor as doctor_module
from store.engine import Engine
from store.lock import DEFAULT_LOCK_TIMEOUT, StoreLock
from store.opening import open_engine, prepare_home
from store.reports import DoctorReport, UpsertReport
from store.rows import BriefRow, QuoteRow
from store.saved import SavedSearches
from store.search import SearchHit, SearchResults
from store.shards import Doc
from store.tables import SmallTable

#: Briefs written per transaction by :meth:`BriefStore.upsert_many`.
UPSERT_BATCH = 500


class BriefStore:
    """A collection of briefs in a folder: sharded TinyDB files, crash-safe, shared by processes.

    Open with :meth:`open` (also a context manager). Rows are in memory, articles
    read on demand. Every method is synchronous and thread-safe (see :meth:`locked`).
    """

    def __init__(self, home: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """Prepare a store object for ``home``; use :meth:`open`, which also loads it."""
        self.home = Path(home)
        self._lock = StoreLock(self.home, timeout=lock_timeout)
        self._engine = Engine(self.home)
        self._saved = SavedSearches(self)

    @classmethod
    def open(cls, home: Path | str, *, create: bool = True,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT, index_later: bool = False) -> BriefStore:
        """Open (or, with ``create``, make) the store in ``home`` (see :mod:`store.opening`).

        :class:`StoreCorruptError` and :class:`StoreVersionError` write nothing;
        :class:`StoreError` when there is no store and ``create`` is False; with
        ``index_later`` a stale search index is left for :meth:`reindex`.
        """
        store = cls(prepare_home(Path(home), create=create), lock_timeout=lock_timeout)
        with store.locked():
            open_engine(store._engine, create=create, batch_size=UPSERT_BATCH,
                        index_later=index_later)
        return store

    def close(self) -> None:
        """Forget the loaded data; further calls raise :class:`StoreError`."""
        with self._lock.mutex:
            self._engine.close()

    def __enter__(self) -> BriefStore:
        """The store itself."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close the store."""
        self.close()

    # --- the lock --------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The store's one re-entrant lock: thread mutex, then file lock ``home/.lock``.

        :class:`StoreLockedError` after the lock timeout; damage met inside makes the
        store refuse later writes. Hold it for a short step only (docs/store-design.md).
        """
        with self._lock.held(), self._engine.guarded():
            yield

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """:meth:`locked`, refusing a damaged store, caught up with other processes first.

        Every read-modify-write of a store file goes inside one.
        """
        with self.locked():
            if self._engine.broken is not None:
                raise self._engine.broken
            if self._lock.unwritable is not None:
                raise self._lock.unwritable
            self._engine.catch_up()
            yield

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Engine]:
        # Reads of memory need only this process's mutex; damage found is remembered.
        with self._lock.mutex, self._engine.guarded() as engine:
            yield engine

    def table(self, name: str) -> SmallTable:
        """A store module's small table ``home/<name>.json`` (:class:`store.tables.SmallTable`).

        ``documents()`` reads it, ``change(edit)`` writes it atomically under this lock.
        """
        return SmallTable(self, name)

    def table_version(self, name: str) -> tuple[str, int]:
        """(store id, seq) of the commit that last wrote small table ``name``."""
        with self._reading() as engine:
            return engine.meta.table_version(name)

    def commit_table(self, name: str) -> None:
        """Record that small table ``name`` was written (call inside :meth:`write_lock`)."""
        self._engine.meta.commit(tables=[name], durable=False)

    def refresh(self) -> bool:
        """Load whatever other processes changed since we last looked; True if anything did.

        Cheap when nothing changed: one ``stat`` of ``meta.json``. A store that
        has found a damaged file does not reload (it already raised the error).
        """
        with self._reading() as engine:
            if engine.broken is not None:
                return False
            if not engine.needs_reload and not engine.meta.changed_on_disk():
                return False
            with self.locked():
                return engine.catch_up(writing=False)

    # --- reading ----------------------------------------------------------------------

    def resolve_id(self, key: str) -> str:
        """The full id for ``key``: a full id or a unique prefix of one.

        Raises :class:`BriefNotFoundError` or :class:`AmbiguousIdError`.
        """
        with self._reading() as engine:
            return reading.resolve(engine.catalog, key)

    def get(self, key: str) -> Brief:
        """The brief with this id or unique id prefix, with its reading state."""
        with self._reading() as engine:
            return reading.get_one(engine, key)

    def get_many(self, ids: Sequence[str]) -> list[Brief]:
        """The briefs with these full ids, in the given order; unknown ids are skipped."""
        with self._reading() as engine:
            return engine.get_many(ids)

    def rows(self) -> list[BriefRow]:
        """Every listing row, newest first (from memory; no article is read)."""
        with self._reading() as engine:
            return engine.catalog.rows()

    def row(self, brief_id: str) -> BriefRow:
        """The listing row of one brief (full id or unique prefix)."""
        with self._reading() as engine:
            return reading.row(engine.catalog, brief_id)

    def count(self) -> int:
        """How many briefs the store holds."""
        with self._lock.mutex:
            return self._engine.catalog.count()

    def list(self, *, tag: str | None = None) -> list[BriefRow]:
        """The listing rows, newest first; with ``tag``, only the briefs carrying it."""
        with self._reading() as engine:
            rows = engine.catalog.rows()
            return rows if tag is None else reading.with_tag(engine.catalog, rows, tag)

    def tag_counts(self) -> dict[str, int]:
        """Each tag (its most used spelling) -> how many briefs carry it, by folded name."""
        with self._reading() as engine:
            return engine.catalog.tag_counts()

    def quotes(self, *, speaker: str | None = None) -> list[QuoteRow]:
        """Every quoted statement, newest brief first; ``speaker`` filters by a folded substring."""
        with self._reading() as engine:
            return reading.quotes(engine, speaker)

    # --- writing: import, delete, restore -----------------------------------------------
    def upsert_many(self, briefs: Iterable[Brief], *, batch_size: int = UPSERT_BATCH
                    ) -> UpsertReport:
        """Add new briefs, update changed ones (rules: :func:`store.transaction.apply_batch`).

        Each ``batch_size`` briefs are one transaction under the lock (other calls
        get in between); the call is one import (:meth:`importing`)."""
        return changes.store_in_batches(self._engine, self._lock.mutex, self.write_lock, briefs,
                                        batch_size=batch_size, restore=False)

    def importing(self) -> AbstractContextManager[None]:
        """The :meth:`upsert_many` calls inside are one import: one search-index commit."""
        return changes.importing(self._engine, self._lock.mutex, self.write_lock)

    def restore(self, briefs: Sequence[Brief]) -> None:
        """Put back briefs returned by :meth:`delete`, reading state included (undo)."""
        changes.store_in_batches(self._engine, self._lock.mutex, self.write_lock, briefs,
                                 batch_size=UPSERT_BATCH, restore=True)

    def delete(self, ids: Sequence[str]) -> list[Brief]:
        """Delete these briefs (full ids or unique prefixes); return them, for :meth:`restore`."""
        with self.write_lock():
            return changes.delete(self._engine, ids)

    # --- writing: reading state -----------------------------------------------------

    def edit_tags(
        self, ids: Sequence[str], add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> None:
        """Remove then add tags on these briefs (full ids or unique prefixes).

        Tags compare case-insensitively; an added tag that already exists in
        the store with another spelling takes that spelling.
        """
        with self.write_lock():
            changes.edit_tags(self._engine, ids, add, remove)

    def add_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        """Add ``tags`` to these briefs (see :meth:`edit_tags`)."""
        self.edit_tags(ids, add=tags)

    def remove_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        """Remove ``tags`` from these briefs, whatever their case."""
        self.edit_tags(ids, remove=tags)

    def set_read(self, ids: Sequence[str], read: bool) -> None:
        """Mark these briefs read or unread."""
        with self.write_lock():
            changes.set_flag(self._engine, ids, "read", bool(read))

    def set_starred(self, ids: Sequence[str], starred: bool) -> None:
        """Star or unstar these briefs."""
        with self.write_lock():
            changes.set_flag(self._engine, ids, "starred", bool(starred))

    def set_note(self, brief_id: str, note: str) -> None:
        """Replace the reader's note on one brief ("" removes it)."""
        note = normalize_note(note)
        with self.write_lock():
            changes.set_note(self._engine, brief_id, note)

    # --- search ---------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50,
               snippets: int | None = None) -> SearchResults:
        """Run a query of the search language; a bad query gives ``error``, never an exception.

        Only the first ``snippets`` hits (all when None) get a snippet. A damaged
        article file met on the way raises :class:`StoreCorruptError`, as :meth:`get`.
        """
        with self._reading() as engine:
            return reading.search(engine, query, limit=limit, snippets=snippets)

    def related(self, brief_id: str, *, limit: int = 8) -> list[SearchHit]:
        """Briefs related to this one, best first (none below :mod:`briefs.relatedness`'s floor)."""
        with self._reading() as engine:
            return reading.related(engine, self.get(brief_id), limit=limit)

    def index_stale(self) -> bool:
        """True when the search index misses briefs (opened ``index_later``): reindex is due."""
        with self._reading() as engine:
            return reading.index_stale(engine)

    def reindex(self, *, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the search index from every brief; return how many were indexed.

        Tag writes get in meanwhile (see :func:`store.reading.rebuild_index`);
        ``on_progress(done, total)`` is called as each brief is read.
        """
        return reading.rebuild_index(self._engine, self.write_lock, self._lock.processes(),
                                     on_progress=on_progress)

    # --- saved searches --------------------------------------------------------------

    def saved_searches(self) -> dict[str, str]:
        """Saved searches: name -> query, by folded name."""
        return self._saved.all()

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a search under ``name`` (names compare case-insensitively)."""
        self._saved.save(name, query)

    def delete_saved_search(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there was none."""
        return self._saved.delete(name)

    # --- samples, doctor --------------------------------------------------------------

    def seed_samples_once(self, briefs: Sequence[Brief]) -> bool:
        """Add these sample briefs if this store has never been seeded; True if it was now."""
        with self.write_lock():
            return changes.seed_once(self._engine, briefs, batch_size=UPSERT_BATCH)

    def doctor(self) -> DoctorReport:
        """Check every file of the store and report what was found (nothing is changed)."""
        with self.locked():
            self._engine.catch_up_quietly()  # the doctor reports damage, not stops at it
            return doctor_module.check_engine(self._engine, len(self.tag_counts()))

    def fingerprints(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Brief id -> digest of content and state, from memory (for sync; ids: only those)."""
        self.refresh()
        with self._reading() as engine:
            return engine.catalog.fingerprints(ids)

    @property
    def meta(self) -> Doc:
        """A copy of the store record from ``meta.json`` (schema, generations, versions)."""
        with self._lock.mutex:
            return dict(self._engine.meta.record)

    @property
    def notices(self) -> list[str]:
        """What the user should know that is not an error, one line each (a repair waiting)."""
        with self._lock.mutex:
            return list(self._engine.notices)

    @property
    def index_generation(self) -> int | None:
        """The content generation the search index reflects (None when closed)."""
        with self._lock.mutex:
            index = self._engine.index
            return None if index is None else index.generation
