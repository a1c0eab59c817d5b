"""BriefStore: the collection of briefs on disk, sharded TinyDB files, crash-safe and shared.

How the files are laid out is in :mod:`store.shards`; why, in
``docs/store-design.md``. In short:

* ``meta.json`` (TinyDB) records the schema version, a commit counter
  ``seq``, the content ``generation`` the search index must reflect, and the
  ``seq`` at which each shard file was last written. Every change ends by
  rewriting it: that write is the commit, and the one file other processes
  look at to learn what changed.
* A change that touches content (import, delete, restore) first writes its
  intent (``pending``) into ``meta.json``, then the shard files, then the
  commit. A crash in between leaves ``pending`` behind; whoever takes the lock
  next rebuilds the listed segments' rows, quotes and state from the content
  files (the source of truth) and the search index notices it is behind.
* Every read-modify-write holds one cross-process :class:`filelock.FileLock`
  (``home/.lock``) and starts by re-reading ``meta.json``, reloading any shard
  another process committed since.
* All public methods are synchronous and thread-safe (one re-entrant mutex).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import gc
import itertools
import os
import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

import filelock
from tinydb import Query as TinyQuery
from tinydb import TinyDB
from tinydb.table import Document

from briefs.models import Brief, normalize_note, normalize_tags, tag_key
from briefs.text import clean_line, fold
from store import doctor as doctor_module
from store import migrations
from store.errors import (
    AmbiguousIdError,
    BriefNotFoundError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)
from store.reports import DoctorReport, UpsertReport
from store.rows import BriefRow, QuoteRow
from store.search import QueryError, SearchHit, SearchIndex, SearchResults, parse_query
from store.shards import (
    CATALOG,
    CONTENT,
    KINDS,
    QUOTES,
    SEGMENT_SIZE,
    STATE,
    Doc,
    ShardKind,
    Table,
    brief_from_docs,
    catalog_doc,
    content_digest,
    content_doc,
    content_shards_of_segment,
    quotes_doc,
    read_table,
    state_doc,
    state_of_brief,
    write_table,
)
from store.storage import AtomicJSONStorage, fsync_directory

META_FILE = "meta.json"
SAVED_FILE = "saved.json"
LOCK_FILE = ".lock"
INDEX_FOLDER = "index"
_META_TABLE = "store"
_SAVED_TABLE = "saved_searches"

#: Content shards kept parsed in memory (64 briefs each): enough for a page of
#: search hits and the briefs around the cursor, a few MB.
CONTENT_CACHE_SHARDS = 64
#: Quote shards kept parsed between calls of :meth:`BriefStore.quotes`.
QUOTES_CACHE_SHARDS = 8
#: Briefs written per transaction by :meth:`BriefStore.upsert_many`.
UPSERT_BATCH = 500
#: How long a call waits for another process's lock before giving up.
DEFAULT_LOCK_TIMEOUT = 30.0

_KIND_NAMES = tuple(kind.folder for kind in KINDS)
StatSig = tuple[int, int, int, int]


def _stat_sig(path: Path) -> StatSig | None:
    # The inode changes on every atomic replace (the new file is created while
    # the old one still exists), so this catches writes within one mtime tick.
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


#: From this many rows up, a bulk load freezes what it built out of the cyclic
#: garbage collector's sight (see :func:`_gc_paused`).
GC_FREEZE_MIN_ROWS = 20_000


@contextlib.contextmanager
def _gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Loading 100,000 rows creates ~600,000 container objects, none of them
    garbage. Left on, the collector rescans the growing heap again and again;
    re-enabled afterwards, its next pass still walks them all. With ``freeze``
    they are moved to the permanent generation (``gc.freeze()``), which the
    collector never walks: together this halves a cold open. Rows hold no
    reference cycles, so they are still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _newest_first(rows: Iterable[BriefRow]) -> list[BriefRow]:
    """``rows`` sorted by :meth:`BriefRow.sort_key_newest_first`, twice as fast as ``sorted``.

    Rows are bucketed by day first (about ten a day in a large store), so the
    key function and tuple comparisons only run inside each small bucket.
    """
    by_day: dict[int, list[BriefRow]] = {}
    for row in rows:
        day = row.date.toordinal() if row.date else 0
        bucket = by_day.get(day)
        if bucket is None:
            by_day[day] = [row]
        else:
            bucket.append(row)
    ordered: list[BriefRow] = []
    for day in sorted(by_day, reverse=True):
        bucket = by_day[day]
        if len(bucket) > 1:
            bucket.sort(key=BriefRow.sort_key_newest_first)
        ordered.extend(bucket)
    return ordered


def _new_meta() -> Doc:
    return {
        "schema": migrations.SCHEMA_VERSION,
        "store_id": uuid.uuid4().hex,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seq": 0,
        "generation": 0,
        "next_serial": 1,
        "seeded": False,
        "pending": None,
        "migration": None,
        "versions": {name: {} for name in _KIND_NAMES} | {"saved": 0},
    }


def _check_meta_shape(path: Path, meta: Any) -> Doc:
    problem = None
    if not isinstance(meta, dict):
        problem = "no store record in table 'store'"
    else:
        for key, kind in (("seq", int), ("generation", int), ("next_serial", int),
                          ("store_id", str), ("versions", dict)):
            if not isinstance(meta.get(key), kind):
                problem = f"field {key!r} is missing or not {kind.__name__}"
                break
        else:
            versions = meta["versions"]
            if not all(isinstance(versions.get(name), dict) for name in _KIND_NAMES):
                problem = "field 'versions' has the wrong shape"
            for key in ("pending", "migration"):
                if meta.get(key) is not None and not isinstance(meta[key], dict):
                    problem = f"field {key!r} has the wrong shape"
    if problem:
        raise StoreCorruptError(path, f"wrong shape: {problem}")
    return dict(meta)


def _row_from_docs(doc: Doc, state: Doc | None) -> BriefRow:
    date = doc["date"]
    if not isinstance(doc["id"], str) or not isinstance(doc["title"], str):
        raise TypeError("id and title must be strings")
    if state is None:
        return BriefRow(
            doc["id"], doc["title"], dt.date.fromisoformat(date) if date else None,
            doc["sources"], doc["speakers"], [], False, False, False, doc["quotes"],
        )
    return BriefRow(
        doc["id"], doc["title"], dt.date.fromisoformat(date) if date else None,
        # The tags list is shared with the state document: neither is ever
        # changed in place (edits build new lists), and a copy per row is
        # 100,000 more objects to build and for the collector to walk.
        doc["sources"], doc["speakers"], state.get("tags") or [],
        bool(state.get("read")), bool(state.get("starred")), bool(state.get("note")),
        doc["quotes"],
    )


def _row_catalog_doc(row: BriefRow, digest: str) -> Doc:
    return {
        "id": row.id,
        "title": row.title,
        "date": row.date.isoformat() if row.date else None,
        "sources": row.sources,
        "speakers": row.speakers,
        "quotes": row.quote_count,
        "digest": digest,
    }


def _with_state(row: BriefRow, state: Doc | None) -> BriefRow:
    state = state or {}
    return dataclasses.replace(
        row,
        tags=list(state.get("tags") or []),
        read=bool(state.get("read")),
        starred=bool(state.get("starred")),
        has_note=bool(state.get("note")),
    )


class BriefStore:
    """A collection of briefs in a folder: sharded TinyDB files, crash-safe, shared by processes.

    Open with :meth:`open` (also a context manager). Listing rows are kept in
    memory; article content is read from its shard on demand, with a small
    LRU of parsed shards. Every method is synchronous and thread-safe.
    """

    # --- opening and closing -------------------------------------------------

    def __init__(self, home: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """Prepare a store object for ``home``; use :meth:`open`, which also loads it."""
        self.home = Path(home)
        self._meta_path = self.home / META_FILE
        self._lock_path = self.home / LOCK_FILE
        self._lock_timeout = lock_timeout
        # One re-entrant mutex for the threads of this process, then the file
        # lock for other processes (always taken in that order).
        self._mutex = threading.RLock()
        self._flock = filelock.FileLock(
            self._lock_path, thread_local=False, preserve_lock_file=True, poll_interval=0.005
        )
        self._closed = False
        self._broken: StoreCorruptError | None = None
        self._needs_reload = False
        self._meta: Doc = _new_meta()
        self._meta_sig: StatSig | None = None
        self._index: SearchIndex | None = None
        self._reset_memory()

    def _reset_memory(self) -> None:
        self._rows: dict[str, BriefRow] = {}
        self._serial: dict[str, int] = {}
        self._digest: dict[str, str] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._state: dict[int, Table] = {}
        # Tag key -> its spellings and how many rows carry each; built on
        # first use (opening a store need not fold every tag), then kept up to date.
        self._tags: dict[str, Counter[str]] | None = None
        self._tag_keys: dict[str, str] = {}
        self._order: list[str] | None = None
        self._rows_list: list[BriefRow] | None = None
        self._sorted_ids: list[str] | None = None
        self._content_lru: OrderedDict[int, Table] = OrderedDict()
        self._quotes_lru: OrderedDict[int, Table] = OrderedDict()
        self._saved: dict[str, str] | None = None

    @classmethod
    def open(
        cls,
        home: Path | str,
        *,
        create: bool = True,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> BriefStore:
        """Open (or, with ``create``, make) the store in ``home``.

        Repairs an update a crash interrupted, migrates an older schema after
        writing a backup copy, and rebuilds a stale search index. Raises
        :class:`StoreCorruptError` or :class:`StoreVersionError` without
        writing anything, :class:`StoreError` when ``create`` is False and
        there is no store.
        """
        home = Path(home).expanduser()
        if home.exists() and not home.is_dir():
            raise StoreError(f"{home}: not a folder; a Briefs store is a folder")
        if not home.is_dir():
            if not create:
                raise StoreError(f"{home}: no Briefs store here (the folder does not exist)")
            home.mkdir(parents=True, exist_ok=True)
        markers = [META_FILE, migrations.V0_FILE, *(kind.folder for kind in KINDS)]
        if not create and not any((home / name).exists() for name in markers):
            # Checked before locking, so that not even the lock file is made there.
            raise StoreError(f"{home}: no Briefs store here (no {META_FILE})")
        store = cls(home, lock_timeout=lock_timeout)
        with store._locked():
            store._open_locked(create)
        return store

    def close(self) -> None:
        """Forget the loaded data; further calls raise :class:`StoreError`."""
        with self._mutex:
            self._closed = True
            self._reset_memory()
            self._index = None

    def __enter__(self) -> BriefStore:
        """The store itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def _open_locked(self, create: bool) -> None:
        meta = self._read_meta()
        if meta is None:
            v0 = self.home / migrations.V0_FILE
            if any((self.home / kind.folder).is_dir() and any((self.home / kind.folder).iterdir())
                   for kind in KINDS):
                # Starting afresh here would write new shards over the old ones.
                raise StoreCorruptError(
                    self._meta_path, "the file is missing, but the store's other files are here"
                )
            if v0.exists():
                self._migrate_from_v0(v0)
            elif create:
                self._meta = _new_meta()
                self._write_meta(self._meta)
            else:
                raise StoreError(f"{self.home}: no Briefs store here (no {META_FILE})")
        else:
            if meta.get("pending"):
                self._repair(meta)
                meta = self._require_meta()
            self._meta = meta
            self._meta_sig = _stat_sig(self._meta_path)
            self._load_all()
            migration = self._meta.get("migration")
            if migration:
                # A migration was interrupted: its source is still there, so run it again
                # (re-importing the same briefs is idempotent).
                source = self.home / str(migration.get("source", migrations.V0_FILE))
                if source.exists():
                    self._migrate_from_v0(source, resume=True)
                else:
                    self._commit_meta(migration=None)
        self._remove_temp_files()
        self._index = SearchIndex(self.home / INDEX_FOLDER)
        if self._index.generation != self._meta["generation"]:
            self._index.rebuild(self._iter_briefs(), self._meta["generation"])

    # --- meta.json ----------------------------------------------------------

    def _read_meta(self) -> Doc | None:
        """The store record, checked: None when there is no meta.json."""
        if not self._meta_path.exists():
            return None
        table = TinyDB(self._meta_path, storage=AtomicJSONStorage).table(_META_TABLE)
        try:
            raw = table.get(doc_id=1)
        except (TypeError, ValueError, AttributeError) as error:
            raise StoreCorruptError(self._meta_path, f"wrong shape ({error})") from error
        # The version comes first: a newer store may have any other shape.
        schema = raw.get("schema") if isinstance(raw, dict) else None
        if isinstance(schema, int) and schema > migrations.SCHEMA_VERSION:
            raise StoreVersionError(self._meta_path, schema, migrations.SCHEMA_VERSION)
        if schema != migrations.SCHEMA_VERSION:
            raise StoreCorruptError(self._meta_path, f"wrong shape: schema version {schema!r}")
        return _check_meta_shape(self._meta_path, raw)

    def _write_meta(self, meta: Doc, *, adopt: bool = True, durable: bool = True) -> None:
        """Write the store record; with ``adopt``, it becomes what this process has loaded.

        Always atomic, and the file's data is always synced. ``durable=False``
        skips syncing the rename (one fsync of two), for commits whose data
        files are durable on their own and which only tell other running
        processes what to reload: after a power cut ``meta.json`` is then this
        version or an older complete one, consistent with those files either
        way (see docs/store-design.md).
        """
        db = TinyDB(self._meta_path, storage=AtomicJSONStorage, sync_folder=durable)
        db.table(_META_TABLE).upsert(Document(meta, doc_id=1))
        if adopt:
            self._meta = meta
            self._meta_sig = _stat_sig(self._meta_path)

    def _commit_meta(self, *, durable: bool = True, **changes: Any) -> None:
        meta = dict(self._meta)
        meta.update(changes)
        meta["seq"] = self._meta["seq"] + 1
        self._write_meta(meta, durable=durable)

    # --- locking and staying in step with other processes --------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._mutex:
            if self._closed:
                raise StoreError(f"{self.home}: the store is closed")
            try:
                self._flock.acquire(timeout=self._lock_timeout)
            except filelock.Timeout as error:
                raise StoreLockedError(self._lock_path, self._lock_timeout) from error
            try:
                yield
            except StoreCorruptError as error:
                # Once a damaged file is found, nothing more is written.
                self._broken = error
                raise
            finally:
                self._flock.release()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        with self._locked():
            if self._broken is not None:
                raise self._broken
            self._sync_locked()
            yield

    def _sync_locked(self) -> bool:
        """Catch up with whatever other processes committed (lock held); True if anything did."""
        sig = _stat_sig(self._meta_path)
        if self._needs_reload:
            meta = self._require_meta()
            if meta.get("pending"):
                self._repair(meta)
                meta = self._require_meta()
                sig = _stat_sig(self._meta_path)
            self._meta, self._meta_sig = meta, sig
            self._load_all()
            if self._index is not None:
                # Its memory may be half updated too: start again from its files.
                self._index = SearchIndex(self.home / INDEX_FOLDER)
                self._refresh_index()
            self._needs_reload = False
            return True
        # Under the lock the file is always read (30 KB): a stat alone could in
        # theory miss a change, and a missed change here would lose a write.
        meta = self._require_meta()
        if meta.get("pending"):
            # Its writer died (or failed) between intent and commit: repair.
            self._repair(meta)
            meta = self._require_meta()
            sig = _stat_sig(self._meta_path)
        if meta["seq"] == self._meta["seq"] and meta["store_id"] == self._meta["store_id"]:
            self._meta_sig = sig
            return False
        self._apply_meta(meta)
        self._meta_sig = sig
        return True

    def _require_meta(self) -> Doc:
        meta = self._read_meta()
        if meta is None:
            raise StoreCorruptError(self._meta_path, "the file has disappeared")
        return meta

    def _apply_meta(self, meta: Doc) -> None:
        old, new = self._meta, meta
        if old["store_id"] != new["store_id"]:
            self._meta = new
            self._load_all()
            self._refresh_index()
            return
        changed = {
            name: {int(k) for k, v in new["versions"][name].items()
                   if old["versions"][name].get(k) != v}
            for name in _KIND_NAMES
        }
        self._reload_segments(changed["catalog"] | changed["state"], new)
        for shard in changed["content"]:
            self._content_lru.pop(shard, None)
        for shard in changed["quotes"]:
            self._quotes_lru.pop(shard, None)
        if old["versions"].get("saved") != new["versions"].get("saved"):
            self._saved = None
        self._meta = new
        # Also when the generation is the same: another process may have rebuilt
        # the index (``reindex``). Its refresh is a stat when nothing changed.
        self._refresh_index()

    def _refresh_index(self) -> None:
        if self._index is None:
            return
        self._index.refresh()
        if self._index.generation != self._meta["generation"]:
            # The writer died after its commit but before updating the index.
            self._index.rebuild(self._iter_briefs(), self._meta["generation"])

    def refresh(self) -> bool:
        """Load whatever other processes changed since we last looked; True if anything did.

        Cheap when nothing changed: one ``stat`` of ``meta.json``. A store that
        has found a damaged file does not reload (it already raised the error).
        """
        with self._mutex:
            if self._closed:
                raise StoreError(f"{self.home}: the store is closed")
            if self._broken is not None:
                return False
            if not self._needs_reload and _stat_sig(self._meta_path) == self._meta_sig:
                return False
            with self._locked():
                return self._sync_locked()

    # --- loading ---------------------------------------------------------------

    def _load_all(self) -> None:
        """(Re)load every listing row and reading state from disk."""
        self._reset_memory()
        versions = self._meta["versions"]
        segments = {int(k) for k in versions["catalog"]} | {int(k) for k in versions["state"]}
        self._reload_segments(segments, self._meta)

    def _reload_segments(self, segments: set[int], meta: Doc) -> None:
        """Replace the in-memory rows of ``segments`` by what their files hold now."""
        if not segments:
            return
        big = len(segments) * SEGMENT_SIZE >= GC_FREEZE_MIN_ROWS
        with _gc_paused(freeze=big):
            self._replace_segments(segments, meta)

    def _replace_segments(self, segments: set[int], meta: Doc) -> None:
        loaded: list[tuple[int, Path, Table, Table]] = []
        for segment in sorted(segments):
            catalog_path = CATALOG.path(self.home, segment)
            catalog = self._read_listed(CATALOG, segment, meta) or {}
            state = self._read_listed(STATE, segment, meta) or {}
            loaded.append((segment, catalog_path, catalog, state))
        # Take every old member out first: a brief may have moved between
        # two of these segments (deleted, then restored under a new serial).
        for segment, *_ in loaded:
            for brief_id in self._members.pop(segment, {}).values():
                self._forget(brief_id)
            self._quotes_lru.pop(segment, None)
        # Loading into an empty store (an open) skips the per-row bookkeeping
        # of _put_row; the derived caches are reset once below instead.
        fresh = not self._rows and self._tags is None
        rows, serials, digests = self._rows, self._serial, self._digest
        for segment, catalog_path, catalog, state in loaded:
            members: dict[int, str] = {}
            state_get = state.get
            for key, doc in catalog.items():
                try:
                    row = _row_from_docs(doc, state_get(key))
                    digest = doc["digest"]
                    serial = int(key)
                except (KeyError, TypeError, ValueError, AttributeError) as error:
                    raise StoreCorruptError(
                        catalog_path, f"document {key} has the wrong shape ({error!r})"
                    ) from error
                brief_id = row.id
                if brief_id in serials:
                    raise StoreCorruptError(
                        catalog_path, f"brief {brief_id} is listed twice (documents "
                        f"{serials[brief_id]} and {key})"
                    )
                members[serial] = brief_id
                serials[brief_id] = serial
                digests[brief_id] = digest
                if fresh:
                    rows[brief_id] = row
                else:
                    self._put_row(brief_id, row)
            self._members[segment] = members
            self._state[segment] = state
        if fresh:
            self._order = self._rows_list = self._sorted_ids = None

    def _read_listed(self, kind: ShardKind, shard: int, meta: Doc) -> Table | None:
        """A shard's table; a shard ``meta.json`` lists must exist."""
        path = kind.path(self.home, shard)
        table = read_table(path, kind.table)
        if table is None and str(shard) in meta["versions"][kind.folder]:
            raise StoreCorruptError(path, "the file is missing (meta.json lists it)")
        return table

    def _forget(self, brief_id: str) -> None:
        self._put_row(brief_id, None)
        self._serial.pop(brief_id, None)
        self._digest.pop(brief_id, None)

    def _put_row(self, brief_id: str, row: BriefRow | None) -> None:
        """Set (or with None remove) one listing row, keeping the derived caches right."""
        old = self._rows.get(brief_id)
        if old is not None and self._tags is not None:
            self._count_tags(old.tags, -1)
        if row is None:
            if old is None:
                return
            del self._rows[brief_id]
        else:
            self._rows[brief_id] = row
            if self._tags is not None:
                self._count_tags(row.tags, 1)
        self._rows_list = None
        if old is None or row is None:
            self._order = None
            self._sorted_ids = None
        elif old.date != row.date or old.title != row.title:
            self._order = None

    def _tag_key(self, tag: str) -> str:
        # A store has a few hundred distinct spellings; folding each once
        # instead of once per row makes opening 100,000 briefs 2 s faster.
        key = self._tag_keys.get(tag)
        if key is None:
            key = self._tag_keys[tag] = tag_key(tag)
        return key

    def _tag_index(self) -> dict[str, Counter[str]]:
        """Tag key -> Counter of its spellings over all rows (built on first use)."""
        if self._tags is None:
            # Counted in C over every row's tags, then grouped by key: the few
            # hundred distinct spellings are folded once each (~20 ms at 100,000).
            counts = Counter(itertools.chain.from_iterable(r.tags for r in self._rows.values()))
            index: dict[str, Counter[str]] = {}
            for spelling, count in counts.items():
                key = self._tag_key(spelling)
                if key not in index:
                    index[key] = Counter()
                index[key][spelling] = count
            self._tags = index
        return self._tags

    def _count_tags(self, tags: list[str], delta: int) -> None:
        index = self._tags
        assert index is not None
        for tag in tags:
            key = self._tag_key(tag)
            spellings = index.get(key)
            if spellings is None:
                spellings = index[key] = Counter()
            spellings[tag] += delta
            if spellings[tag] <= 0:
                del spellings[tag]
                if not spellings:
                    del index[key]

    def _content_table(self, shard: int) -> Table:
        """The parsed content shard (cached); empty when it does not exist yet."""
        return self._cached(CONTENT, shard, self._content_lru, CONTENT_CACHE_SHARDS)

    def _quotes_table(self, segment: int) -> Table:
        """The parsed quotes shard (cached); empty when it does not exist yet."""
        return self._cached(QUOTES, segment, self._quotes_lru, QUOTES_CACHE_SHARDS)

    def _cached(
        self, kind: ShardKind, shard: int, lru: OrderedDict[int, Table], capacity: int
    ) -> Table:
        table = lru.get(shard)
        if table is not None:
            lru.move_to_end(shard)
            return table
        try:
            table = self._read_listed(kind, shard, self._meta) or {}
        except StoreCorruptError as error:
            self._broken = error
            raise
        lru[shard] = table
        while len(lru) > capacity:
            lru.popitem(last=False)
        return table

    def _iter_briefs(self) -> Iterator[Brief]:
        """Every brief, shard by shard, without filling the content cache."""
        for shard in sorted(int(k) for k in self._meta["versions"]["content"]):
            table = self._content_lru.get(shard)
            if table is None:
                table = self._read_listed(CONTENT, shard, self._meta) or {}
            for key, doc in table.items():
                yield self._brief_from(int(key), doc)

    def _brief_from(self, serial: int, doc: Doc, *, expected_id: str | None = None) -> Brief:
        """The Brief stored under ``serial``; a document of the wrong shape is named as damage."""
        try:
            brief = brief_from_docs(doc, self._state_doc(serial))
            if not isinstance(doc["id"], str) or (expected_id and brief.id != expected_id):
                raise ValueError(f"it holds brief {doc['id']!r}, not {expected_id!r}")
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            self._broken = StoreCorruptError(
                CONTENT.path(self.home, CONTENT.shard_of(serial)),
                f"document {serial} has the wrong shape ({error})",
            )
            raise self._broken from error
        return brief

    def _state_doc(self, serial: int) -> Doc | None:
        return self._state.get(STATE.shard_of(serial), {}).get(str(serial))

    # --- crash repair and migration ------------------------------------------

    def _repair(self, meta: Doc) -> None:
        """Finish an interrupted content change: rebuild derived files from content (lock held).

        Content files are the truth; rows, quotes and reading state of the
        segments the change named are rebuilt from them, and the commit is
        written. Everything is read before anything is written.
        """
        pending = meta["pending"]
        try:
            segments = sorted({int(s) for s in pending["segments"]})
            generation = int(pending["generation"])
            next_serial = max(int(pending["next_serial"]), meta["next_serial"])
        except (KeyError, TypeError, ValueError) as error:
            raise StoreCorruptError(
                self._meta_path, f"unreadable 'pending' record ({error!r})"
            ) from error
        plans: list[tuple[int, list[int], Table, Table, Table]] = []
        for segment in segments:
            shards: list[int] = []
            catalog: Table = {}
            quotes: Table = {}
            for shard in content_shards_of_segment(segment):
                path = CONTENT.path(self.home, shard)
                table = read_table(path, CONTENT.table)
                if table is None:
                    continue
                shards.append(shard)
                for key, doc in table.items():
                    try:
                        brief = brief_from_docs(doc, None)
                    except (KeyError, TypeError, ValueError, AttributeError) as error:
                        raise StoreCorruptError(
                            path, f"document {key} has the wrong shape ({error!r})"
                        ) from error
                    catalog[key] = catalog_doc(brief, content_digest(doc))
                    quote_doc = quotes_doc(brief)
                    if quote_doc:
                        quotes[key] = quote_doc
            state = read_table(STATE.path(self.home, segment), STATE.table) or {}
            state = {k: v for k, v in state.items() if k in catalog}
            plans.append((segment, shards, catalog, quotes, state))
        seq = meta["seq"] + 1
        versions = {name: dict(v) if isinstance(v, dict) else v
                    for name, v in meta["versions"].items()}
        for segment, shards, catalog, quotes, state in plans:
            write_table(CATALOG.path(self.home, segment), CATALOG.table, catalog)
            write_table(QUOTES.path(self.home, segment), QUOTES.table, quotes)
            write_table(STATE.path(self.home, segment), STATE.table, state)
            for name in ("catalog", "quotes", "state"):
                versions[name][str(segment)] = seq
            for shard in shards:
                versions["content"][str(shard)] = seq
        repaired = {**meta, "seq": seq, "generation": generation, "next_serial": next_serial,
                    "pending": None, "versions": versions}
        # Not adopted: the caller compares it with what it has loaded and reloads the difference.
        self._write_meta(repaired, adopt=False)

    def _migrate_from_v0(self, source: Path, *, resume: bool = False) -> None:
        """Move a version-0 ``briefs.json`` into this layout; a backup copy is written first."""
        briefs = migrations.read_v0_briefs(source)  # checked before anything is written
        if not resume:
            backup = migrations.write_backup(self.home, source, 0)
            self._meta = _new_meta()
            self._meta["migration"] = {
                "from": 0,
                "source": source.name,
                "backup": str(backup.relative_to(self.home)),
            }
            self._write_meta(self._meta)
            self._reset_memory()
        for start in range(0, len(briefs), UPSERT_BATCH):
            self._apply(briefs[start : start + UPSERT_BATCH], restore=True)
        source.unlink()
        fsync_directory(self.home)
        self._commit_meta(migration=None)

    def _remove_temp_files(self) -> None:
        # Temp files only exist while a writer holds the lock: under the lock,
        # any left over belong to a writer that was killed.
        for folder in (self.home, *(self.home / kind.folder for kind in KINDS)):
            with contextlib.suppress(FileNotFoundError):
                for entry in os.scandir(folder):
                    if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    # --- reading ----------------------------------------------------------------

    def resolve_id(self, key: str) -> str:
        """The full id for ``key``: a full id or a unique prefix of one.

        Raises :class:`BriefNotFoundError` or :class:`AmbiguousIdError`.
        """
        with self._mutex:
            key = clean_line(str(key))
            if key in self._rows:
                return key
            if not key:
                raise BriefNotFoundError(key)
            if self._sorted_ids is None:
                self._sorted_ids = sorted(self._rows)
            ids = self._sorted_ids
            start = bisect.bisect_left(ids, key)
            following = itertools.islice(ids, start, None)
            matches = list(itertools.takewhile(lambda i: i.startswith(key), following))
            if not matches:
                raise BriefNotFoundError(key)
            if len(matches) > 1:
                raise AmbiguousIdError(key, matches)
            return matches[0]

    def get(self, key: str) -> Brief:
        """The brief with this id or unique id prefix, with its reading state."""
        with self._mutex:
            brief_id = self.resolve_id(key)
            found = self.get_many([brief_id])
            if not found:
                # Listed, but its content is gone: another process deleted it.
                raise BriefNotFoundError(key)
            return found[0]

    def get_many(self, ids: Sequence[str]) -> list[Brief]:
        """The briefs with these full ids, in the given order; unknown ids are skipped."""
        with self._mutex:
            self._check_open()
            found: list[Brief] = []
            for brief_id in ids:
                serial = self._serial.get(brief_id)
                if serial is None:
                    continue
                doc = self._content_table(CONTENT.shard_of(serial)).get(str(serial))
                if doc is not None:
                    found.append(self._brief_from(serial, doc, expected_id=brief_id))
            return found

    def rows(self) -> list[BriefRow]:
        """Every listing row, newest first (from memory; no article is read)."""
        with self._mutex:
            self._check_open()
            if self._rows_list is None:
                if self._order is None:
                    with _gc_paused():
                        ordered = _newest_first(self._rows.values())
                    self._order = [row.id for row in ordered]
                    self._rows_list = ordered
                else:
                    rows = self._rows
                    self._rows_list = [rows[i] for i in self._order]
            return list(self._rows_list)

    def row(self, brief_id: str) -> BriefRow:
        """The listing row of one brief (full id or unique prefix)."""
        with self._mutex:
            return self._rows[self.resolve_id(brief_id)]

    def count(self) -> int:
        """How many briefs the store holds."""
        with self._mutex:
            return len(self._rows)

    def list(self, *, tag: str | None = None) -> list[BriefRow]:
        """The listing rows, newest first; with ``tag``, only the briefs carrying it."""
        rows = self.rows()
        if tag is None:
            return rows
        with self._mutex:
            # Every spelling this tag has in the store (usually one), so that
            # rows are matched without folding each of their tags.
            spellings = set(self._tag_index().get(tag_key(tag), ()))
        return [row for row in rows if not spellings.isdisjoint(row.tags)]

    def tag_counts(self) -> dict[str, int]:
        """Each tag (its most used spelling) -> how many briefs carry it, by folded name."""
        with self._mutex:
            counts = {
                key: (spellings.most_common(1)[0][0], spellings.total())
                for key, spellings in self._tag_index().items()
            }
            return {counts[key][0]: counts[key][1] for key in sorted(counts)}

    def quotes(self, *, speaker: str | None = None) -> list[QuoteRow]:
        """Every quoted statement, newest brief first; ``speaker`` filters by a folded substring."""
        wanted = fold(clean_line(speaker)) if speaker else None
        folded: dict[str, bool] = {}  # speaker names repeat: fold each once

        def matches(name: str | None) -> bool:
            if wanted is None:
                return True
            if not name:
                return False
            if name not in folded:
                folded[name] = wanted in fold(name)
            return folded[name]

        with self._mutex:
            rows = self.rows()
            by_segment: dict[int, list[BriefRow]] = {}
            for row in rows:
                if row.quote_count and (wanted is None or any(map(matches, row.speakers))):
                    by_segment.setdefault(CATALOG.shard_of(self._serial[row.id]), []).append(row)
            texts: dict[str, list[tuple[str, str | None]]] = {}
            for segment in sorted(by_segment):
                table = self._quotes_table(segment)
                for row in by_segment[segment]:
                    serial = self._serial[row.id]
                    doc = table.get(str(serial))
                    if doc:
                        texts[row.id] = self._checked_quotes(segment, serial, doc)
            result: list[QuoteRow] = []
            for row in rows:
                for text, who in texts.get(row.id, ()):
                    if matches(who):
                        result.append(QuoteRow(row.id, row.date, row.title, text, who))
            return result

    def _checked_quotes(self, segment: int, serial: int, doc: Doc) -> list[tuple[str, str | None]]:
        """The (text, speaker) pairs of a quotes document; damage is named."""
        pairs = doc.get("quotes")
        if isinstance(pairs, list) and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
            and (p[1] is None or isinstance(p[1], str)) for p in pairs
        ):
            return [(text, who) for text, who in pairs]
        self._broken = StoreCorruptError(
            QUOTES.path(self.home, segment),
            f"document {serial} has the wrong shape (expected a list of [text, speaker])",
        )
        raise self._broken

    # --- writing: import, delete, restore ---------------------------------------

    def upsert_many(
        self, briefs: Iterable[Brief], *, batch_size: int = UPSERT_BATCH
    ) -> UpsertReport:
        """Add new briefs and update changed ones; keep the reading state of known ones.

        Re-importing a brief with the same id updates its content and keeps its
        tags, read/starred flags and note; identical content is reported as
        unchanged and writes nothing. The search index follows. Work is done in
        transactions of ``batch_size`` briefs, so memory stays flat however
        many briefs the iterable yields.
        """
        report = UpsertReport()
        iterator = iter(briefs)
        while batch := list(itertools.islice(iterator, max(1, batch_size))):
            with self._writing():
                report.extend(self._apply(batch, restore=False))
        return report

    def restore(self, briefs: Sequence[Brief]) -> None:
        """Put back briefs returned by :meth:`delete`, reading state included (undo)."""
        for start in range(0, len(briefs), UPSERT_BATCH):
            with self._writing():
                self._apply(list(briefs[start : start + UPSERT_BATCH]), restore=True)

    def delete(self, ids: Sequence[str]) -> list[Brief]:
        """Delete these briefs (full ids or unique prefixes); return them, for :meth:`restore`."""
        with self._writing():
            resolved = list(dict.fromkeys(self.resolve_id(i) for i in ids))
            deleted = self.get_many(resolved)
            tx = _Transaction(self)
            for brief_id in resolved:
                tx.remove(brief_id)
            tx.commit()
            return deleted

    def _apply(self, batch: list[Brief], *, restore: bool) -> UpsertReport:
        """Write one batch in one transaction (lock held)."""
        report = UpsertReport()
        tx = _Transaction(self)
        for brief in batch:
            if not isinstance(brief, Brief):
                raise TypeError(f"expected a Brief, got {type(brief).__name__}")
            if not brief.id:
                raise ValueError(f"brief {brief.title!r} has no id")
            doc = content_doc(brief)
            digest = content_digest(doc)
            known = tx.serial_of(brief.id) is not None
            # A known brief keeps its reading state, unless this is an undo.
            keep_state = known and not restore
            state = None if keep_state else tx.canonical_state(brief)
            if known and tx.digest_of(brief.id) == digest:
                report.unchanged.append(brief.id)
                if restore:
                    tx.set_state(brief.id, state)
                continue
            (report.updated if known else report.imported).append(brief.id)
            tx.put(brief, doc, digest, state, keep_state=keep_state)
        tx.commit()
        return report

    # --- writing: reading state -------------------------------------------------

    def edit_tags(
        self, ids: Sequence[str], add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> None:
        """Remove then add tags on these briefs (full ids or unique prefixes).

        Tags compare case-insensitively; an added tag that already exists in
        the store with another spelling takes that spelling.
        """
        remove_keys = {tag_key(t) for t in remove} - {""}
        with self._writing():
            resolved = list(dict.fromkeys(self.resolve_id(i) for i in ids))
            tx = _Transaction(self)
            to_add = [tx.spelling(t) for t in normalize_tags(list(add))]
            key = self._tag_key
            for brief_id in resolved:
                row = self._rows[brief_id]
                tags = [t for t in row.tags if key(t) not in remove_keys]
                keys = {key(t) for t in tags}
                tags += [t for t in to_add if key(t) not in keys]
                if tags != row.tags:
                    tx.update_state(brief_id, tags=tags)
            tx.commit()

    def add_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        """Add ``tags`` to these briefs (see :meth:`edit_tags`)."""
        self.edit_tags(ids, add=tags)

    def remove_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        """Remove ``tags`` from these briefs, whatever their case."""
        self.edit_tags(ids, remove=tags)

    def set_read(self, ids: Sequence[str], read: bool) -> None:
        """Mark these briefs read or unread."""
        self._set_flag(ids, "read", bool(read))

    def set_starred(self, ids: Sequence[str], starred: bool) -> None:
        """Star or unstar these briefs."""
        self._set_flag(ids, "starred", bool(starred))

    def _set_flag(self, ids: Sequence[str], name: str, value: bool) -> None:
        with self._writing():
            tx = _Transaction(self)
            for brief_id in dict.fromkeys(self.resolve_id(i) for i in ids):
                if getattr(self._rows[brief_id], name) != value:
                    tx.update_state(brief_id, **{name: value})
            tx.commit()

    def set_note(self, brief_id: str, note: str) -> None:
        """Replace the reader's note on one brief ("" removes it)."""
        note = normalize_note(note)
        with self._writing():
            resolved = self.resolve_id(brief_id)
            tx = _Transaction(self)
            tx.update_state(resolved, note=note)
            tx.commit()

    # --- search --------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50,
               snippets: int | None = None) -> SearchResults:
        """Run a query of the search language; a bad query gives ``error``, never an exception.

        Only the first ``snippets`` hits (all when None) get a snippet; the others
        carry their title, so a long result list never reads every article.
        A damaged article file met while making snippets raises
        :class:`StoreCorruptError` naming it, as :meth:`get` would.
        """
        try:
            parsed = parse_query(query)
        except QueryError as error:
            return SearchResults.failed(str(error))
        damage: list[StoreCorruptError] = []

        def load(ids: Sequence[str]) -> list[Brief]:
            try:
                return self.get_many(ids)
            except StoreCorruptError as error:
                damage.append(error)
                raise

        with self._mutex:
            self._check_open()
            assert self._index is not None
            results = self._index.search(parsed, MappingProxyType(self._rows), load,
                                         limit=limit, snippets=snippets)
        if damage:
            # A damaged article file is not a bad query: name the file, as get() does.
            raise damage[0]
        return results

    def related(self, brief_id: str, *, limit: int = 8) -> list[SearchHit]:
        """Briefs sharing the most with this one: distinctive words, speakers, tags."""
        with self._mutex:
            brief = self.get(brief_id)
            assert self._index is not None
            return self._index.related(brief, MappingProxyType(self._rows), limit=limit)

    def reindex(self, *, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the search index from every brief; return how many were indexed.

        ``on_progress(done, total)`` is called as each brief is read (for a progress bar).
        """
        with self._writing():
            assert self._index is not None
            counted = _Counted(self._iter_briefs(), on_progress, len(self._rows))
            self._index.rebuild(counted, self._meta["generation"])
            # Only so that other processes reload the rebuilt index.
            self._commit_meta(durable=False)
            return counted.count

    # --- saved searches -------------------------------------------------------------

    def saved_searches(self) -> dict[str, str]:
        """Saved searches: name -> query, by folded name."""
        with self._mutex:
            self._check_open()
            if self._saved is None:
                docs = TinyDB(self.home / SAVED_FILE, storage=AtomicJSONStorage)
                try:
                    found = {
                        str(doc["name"]): str(doc["query"]) for doc in docs.table(_SAVED_TABLE)
                    }
                except (KeyError, TypeError, ValueError) as error:
                    self._broken = StoreCorruptError(
                        self.home / SAVED_FILE, f"wrong shape ({error!r})"
                    )
                    raise self._broken from error
                except StoreCorruptError as error:
                    self._broken = error
                    raise
                self._saved = {name: found[name] for name in sorted(found, key=fold)}
            return dict(self._saved)

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a search under ``name`` (names compare case-insensitively)."""
        name, query = clean_line(name), clean_line(query)
        if not name:
            raise ValueError("a saved search needs a name")
        key = fold(name)
        with self._writing():
            table = self._saved_table()
            table.remove(TinyQuery().name.test(lambda value: fold(str(value)) == key))
            table.insert({"name": name, "query": query})
            self._saved = None
            self._commit_meta(versions=self._bump_versions({}, saved=True), durable=False)

    def delete_saved_search(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there was none."""
        key = fold(clean_line(name))
        with self._writing():
            removed = self._saved_table().remove(
                TinyQuery().name.test(lambda value: fold(str(value)) == key)
            )
            if not removed:
                return False
            self._saved = None
            self._commit_meta(versions=self._bump_versions({}, saved=True), durable=False)
            return True

    def _saved_table(self) -> Any:
        # A fresh TinyDB each time: a long-lived Table caches the next document
        # id, which another process may have used meanwhile.
        return TinyDB(self.home / SAVED_FILE, storage=AtomicJSONStorage).table(
            _SAVED_TABLE
        )

    def _bump_versions(self, written: dict[str, Iterable[int]], *, saved: bool = False) -> Doc:
        seq = self._meta["seq"] + 1
        versions = {name: dict(v) for name, v in self._meta["versions"].items() if name != "saved"}
        for name, shards in written.items():
            for shard in shards:
                versions[name][str(shard)] = seq
        versions["saved"] = seq if saved else self._meta["versions"].get("saved", 0)
        return versions

    # --- samples, doctor -------------------------------------------------------------

    def seed_samples_once(self, briefs: Sequence[Brief]) -> bool:
        """Add these sample briefs if this store has never been seeded; True if it was now."""
        with self._writing():
            if self._meta.get("seeded"):
                return False
            for start in range(0, len(briefs), UPSERT_BATCH):
                self._apply(list(briefs[start : start + UPSERT_BATCH]), restore=False)
            self._commit_meta(seeded=True)
            return True

    def doctor(self) -> DoctorReport:
        """Check every file of the store and report what was found (nothing is changed)."""
        with self._locked():
            self._sync_locked_quietly()
            return doctor_module.check(self)

    def _sync_locked_quietly(self) -> None:
        # The doctor reports damage rather than stopping at it.
        with contextlib.suppress(StoreError):
            if self._broken is None:
                self._sync_locked()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.home}: the store is closed")

    # Used by the doctor.
    @property
    def meta(self) -> Doc:
        """A copy of the store record from ``meta.json`` (schema, generations, versions)."""
        with self._mutex:
            return dict(self._meta)

    @property
    def index_generation(self) -> int | None:
        """The content generation the search index reflects (None when closed)."""
        with self._mutex:
            return None if self._index is None else self._index.generation


class _Counted:
    """An iterable that counts what it yields (for :meth:`BriefStore.reindex`)."""

    def __init__(self, items: Iterable[Brief],
                 on_progress: Callable[[int, int], None] | None = None, total: int = 0) -> None:
        self._items = items
        self._on_progress = on_progress
        self._total = total
        self.count = 0

    def __iter__(self) -> Iterator[Brief]:
        for item in self._items:
            self.count += 1
            if self._on_progress is not None:
                self._on_progress(self.count, self._total)
            yield item


class _Transaction:
    """The changes of one store operation: computed aside, written in order, then applied.

    Shard tables are copied before being changed, so that nothing in memory
    changes unless every file was written and the commit succeeded.
    """

    def __init__(self, store: BriefStore) -> None:
        self.store = store
        self.rows: dict[str, BriefRow | None] = {}
        self.serials: dict[str, int | None] = {}
        self.digests: dict[str, str] = {}
        self.content: dict[int, Table] = {}
        self.quotes: dict[int, Table] = {}
        self.state: dict[int, Table] = {}
        self.members: dict[int, dict[int, str]] = {}
        self.catalog: set[int] = set()
        self.next_serial: int = store._meta["next_serial"]
        self.indexed: dict[str, Brief] = {}
        self.unindexed: list[str] = []
        self.spellings: dict[str, str] = {}

    # Views of the store with this transaction's changes on top.

    def serial_of(self, brief_id: str) -> int | None:
        if brief_id in self.serials:
            return self.serials[brief_id]
        return self.store._serial.get(brief_id)

    def digest_of(self, brief_id: str) -> str | None:
        return self.digests.get(brief_id) or self.store._digest.get(brief_id)

    def row_of(self, brief_id: str) -> BriefRow | None:
        if brief_id in self.rows:
            return self.rows[brief_id]
        return self.store._rows.get(brief_id)

    def state_of(self, serial: int) -> Doc | None:
        return self._state_table(STATE.shard_of(serial)).get(str(serial))

    def spelling(self, tag: str) -> str:
        """The spelling this tag already has in the store, else its own."""
        key = self.store._tag_key(tag)
        if key in self.spellings:
            return self.spellings[key]
        known = self.store._tag_index().get(key)
        spelling = known.most_common(1)[0][0] if known else tag
        self.spellings[key] = spelling
        return spelling

    def canonical_state(self, brief: Brief) -> Doc | None:
        tags = [self.spelling(t) for t in brief.tags]
        return state_doc(tags, brief.read, brief.starred, brief.note)

    def _content_table(self, shard: int) -> Table:
        if shard not in self.content:
            self.content[shard] = dict(self.store._content_table(shard))
        return self.content[shard]

    def _quotes_table(self, segment: int) -> Table:
        if segment not in self.quotes:
            self.quotes[segment] = dict(self.store._quotes_table(segment))
        return self.quotes[segment]

    def _state_table(self, segment: int) -> Table:
        if segment in self.state:
            return self.state[segment]
        return self.store._state.get(segment, {})

    def _state_table_for_write(self, segment: int) -> Table:
        if segment not in self.state:
            self.state[segment] = dict(self.store._state.get(segment, {}))
        return self.state[segment]

    def _members(self, segment: int) -> dict[int, str]:
        if segment not in self.members:
            self.members[segment] = dict(self.store._members.get(segment, {}))
        return self.members[segment]

    # Changes.

    def put(
        self, brief: Brief, doc: Doc, digest: str, state: Doc | None, *, keep_state: bool
    ) -> None:
        """Write a brief's content (new or changed); keep or replace its reading state."""
        serial = self.serial_of(brief.id)
        if serial is None:
            serial = self.next_serial
            self.next_serial += 1
        segment = CATALOG.shard_of(serial)
        self._content_table(CONTENT.shard_of(serial))[str(serial)] = doc
        self._members(segment)[serial] = brief.id
        self.catalog.add(segment)
        quote_doc = quotes_doc(brief)
        quotes = self._quotes_table(segment)
        if quote_doc:
            quotes[str(serial)] = quote_doc
        else:
            quotes.pop(str(serial), None)
        self.serials[brief.id] = serial
        self.digests[brief.id] = digest
        if keep_state:
            state = self.state_of(serial)
        elif state != self.state_of(serial):
            self._write_state(serial, state)
        self.rows[brief.id] = _with_state(BriefRow.from_brief(brief), state)
        # The index gets the brief as the store now holds it, reading state included.
        if state != state_of_brief(brief):
            brief = brief_from_docs(doc, state)
        self.indexed[brief.id] = brief

    def set_state(self, brief_id: str, state: Doc | None) -> None:
        """Replace a known brief's reading state."""
        serial = self.serial_of(brief_id)
        row = self.row_of(brief_id)
        assert serial is not None and row is not None
        if self.state_of(serial) == state:
            return
        self._write_state(serial, state)
        self.rows[brief_id] = _with_state(row, state)

    def update_state(self, brief_id: str, **changes: Any) -> None:
        """Change some fields of a known brief's reading state."""
        serial = self.serial_of(brief_id)
        assert serial is not None
        current = self.state_of(serial) or {}
        fields = {
            "tags": list(current.get("tags") or []),
            "read": bool(current.get("read")),
            "starred": bool(current.get("starred")),
            "note": current.get("note") or "",
        }
        fields.update(changes)
        for tag in fields["tags"]:
            self.spellings.setdefault(self.store._tag_key(tag), tag)
        self.set_state(brief_id, state_doc(**fields))

    def _write_state(self, serial: int, state: Doc | None) -> None:
        table = self._state_table_for_write(STATE.shard_of(serial))
        if state is None:
            table.pop(str(serial), None)
        else:
            table[str(serial)] = state
            for tag in state["tags"]:
                self.spellings.setdefault(self.store._tag_key(tag), tag)

    def remove(self, brief_id: str) -> None:
        """Delete a brief: content, row, quotes and reading state."""
        serial = self.serial_of(brief_id)
        if serial is None:
            return
        segment = CATALOG.shard_of(serial)
        self._content_table(CONTENT.shard_of(serial)).pop(str(serial), None)
        self._members(segment).pop(serial, None)
        self.catalog.add(segment)
        quotes = self._quotes_table(segment)
        if str(serial) in quotes:
            del quotes[str(serial)]
        if self.state_of(serial) is not None:
            self._write_state(serial, None)
        self.serials[brief_id] = None
        self.rows[brief_id] = None
        self.indexed.pop(brief_id, None)
        self.unindexed.append(brief_id)

    # Writing.

    def commit(self) -> None:
        """Write the changed files in crash-safe order, commit, then update memory and index."""
        store = self.store
        if not (self.content or self.state or self.catalog):
            return
        home = store.home
        meta = store._meta
        content_changed = bool(self.content)
        seq = meta["seq"] + 1
        generation = meta["generation"] + (1 if content_changed else 0)
        if content_changed:
            # The intent first: a crash from here to the commit is repaired on
            # the next lock from the content files these segments hold.
            store._write_meta({**meta, "pending": {
                "generation": generation,
                "segments": sorted(self.catalog | set(self.quotes) | set(self.state)),
                "next_serial": self.next_serial,
            }}, adopt=False)
        for shard, table in self.content.items():
            write_table(CONTENT.path(home, shard), CONTENT.table, table)
        for segment, table in self.quotes.items():
            write_table(QUOTES.path(home, segment), QUOTES.table, table)
        catalog_tables = {segment: self._catalog_table(segment) for segment in self.catalog}
        for segment, table in catalog_tables.items():
            write_table(CATALOG.path(home, segment), CATALOG.table, table)
        for segment, table in self.state.items():
            write_table(STATE.path(home, segment), STATE.table, table)
        versions = store._bump_versions(
            {"content": self.content, "quotes": self.quotes, "catalog": self.catalog,
             "state": self.state}
        )
        committed = {**meta, "seq": seq, "generation": generation, "pending": None,
                     "next_serial": self.next_serial, "versions": versions}
        # A content change's commit must be durable (it ends the pending
        # intent); a state-only commit's data is durable in its state files.
        store._write_meta(committed, durable=content_changed)
        try:
            self._apply_to_memory()
            if content_changed and store._index is not None:
                if self.unindexed:
                    store._index.remove(self.unindexed, generation)
                if self.indexed:
                    store._index.update(list(self.indexed.values()), generation)
        except BaseException:
            # Memory (or the index) may be half updated: reload at the next lock.
            store._needs_reload = True
            raise

    def _catalog_table(self, segment: int) -> Table:
        table: Table = {}
        for serial, brief_id in self._members(segment).items():
            row = self.row_of(brief_id)
            digest = self.digest_of(brief_id)
            assert row is not None and digest is not None
            table[str(serial)] = _row_catalog_doc(row, digest)
        return table

    def _apply_to_memory(self) -> None:
        store = self.store
        for brief_id, serial in self.serials.items():
            if serial is None:
                store._serial.pop(brief_id, None)
                store._digest.pop(brief_id, None)
            else:
                store._serial[brief_id] = serial
        store._digest.update(self.digests)
        for brief_id, row in self.rows.items():
            store._put_row(brief_id, row)
        store._members.update(self.members)
        store._state.update(self.state)
        for shard, table in self.content.items():
            if shard in store._content_lru:
                store._content_lru[shard] = table
        for segment, table in self.quotes.items():
            if segment in store._quotes_lru:
                store._quotes_lru[segment] = table

