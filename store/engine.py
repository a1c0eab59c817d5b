"""The parts of an open store, and how they stay in step with the files and other processes.

:class:`Engine` ties the record (:class:`~store.metafile.MetaFile`), the
in-memory :class:`~store.catalog.Catalog`, the :class:`~store.shardio.ShardFiles`
and the search index together: it loads them, catches up with what other
processes committed, and repairs an interrupted change. Every method expects
the store's lock to be held by the caller (:class:`store.BriefStore`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefs.models import Brief
from store.catalog import GC_FREEZE_MIN_ROWS, Catalog, gc_paused
from store.errors import StoreCorruptError, StoreError
from store.metafile import KIND_NAMES, MetaFile
from store.repair import repair_pending
from store.search import SearchIndex
from store.shardio import ShardFiles
from store.shards import CATALOG, CONTENT, KIND_BY_FOLDER, SEGMENT_SIZE, STATE, Doc, Table

INDEX_FOLDER = "index"


class Engine:
    """Record, catalog, shard files and search index of one store folder."""

    def __init__(self, home: Path) -> None:
        """The parts of the store in ``home``, empty until :meth:`load_all`."""
        self.home = Path(home)
        self.meta = MetaFile(self.home)
        self.catalog = Catalog()
        self.shards = ShardFiles(self.home)
        self.index: SearchIndex | None = None
        #: Set when memory may be half updated (a failure after a commit).
        self.needs_reload = False
        #: The damage found, once found: nothing more is written.
        self.broken: StoreCorruptError | None = None
        self.closed = False

    def close(self) -> None:
        """Drop everything loaded; later use raises :class:`StoreError`."""
        self.closed = True
        self.catalog.reset()
        self.shards.clear()
        self.index = None

    @contextlib.contextmanager
    def guarded(self) -> Iterator[Engine]:
        """Refuse a closed store; remember damage met inside (nothing more is written then)."""
        if self.closed:
            raise StoreError(f"{self.home}: the store is closed")
        try:
            yield self
        except StoreCorruptError as error:
            self.broken = error
            raise

    # --- loading -----------------------------------------------------------------

    def load_all(self) -> None:
        """(Re)load every listing row and reading state from disk."""
        self.catalog.reset()
        self.shards.clear()
        versions = self.meta.record["versions"]
        segments = {int(k) for k in versions["catalog"]} | {int(k) for k in versions["state"]}
        self.reload_segments(segments, self.meta.record)

    def reload_segments(self, segments: set[int], meta: Doc) -> None:
        """Replace the in-memory rows of ``segments`` by what their files hold now."""
        if not segments:
            return
        big = len(segments) * SEGMENT_SIZE >= GC_FREEZE_MIN_ROWS
        with gc_paused(freeze=big):
            loaded: list[tuple[int, Path, Table, Table]] = []
            for segment in sorted(segments):
                catalog = self.shards.read(CATALOG, segment, meta["versions"]) or {}
                state = self.shards.read(STATE, segment, meta["versions"]) or {}
                loaded.append((segment, self.shards.path(CATALOG, segment), catalog, state))
                self.shards.forget(KIND_BY_FOLDER["quotes"], segment)
            self.catalog.replace_segments(loaded)

    def open_index(self) -> None:
        """Open the search index; rebuild it when it does not reflect the content generation."""
        self.index = SearchIndex(self.home / INDEX_FOLDER)
        if self.index.generation != self.meta.record["generation"]:
            self.index.rebuild(self.iter_briefs(), self.meta.record["generation"])

    def iter_briefs(self) -> Iterator[Brief]:
        """Every brief, shard by shard, without filling the content cache."""
        return self.shards.iter_briefs(self.meta.record["versions"], self.catalog.state_doc)

    def get_many(self, ids: Sequence[str]) -> list[Brief]:
        """The briefs with these full ids, in the given order; unknown ids are skipped."""
        versions = self.meta.record["versions"]
        found: list[Brief] = []
        for brief_id in ids:
            serial = self.catalog.serial_of(brief_id)
            if serial is None:
                continue
            doc = self.shards.content(CONTENT.shard_of(serial), versions).get(str(serial))
            if doc is not None:
                found.append(self.shards.brief_from(
                    serial, doc, self.catalog.state_doc(serial), expected_id=brief_id
                ))
        return found

    # --- staying in step ------------------------------------------------------------

    def read_repaired(self) -> Doc:
        """The record on disk, after repairing an interrupted change it records."""
        meta = self.meta.require()
        if meta.get("pending"):
            # Its writer died (or failed) between intent and commit: repair.
            repair_pending(self.shards, self.meta, meta)
            meta = self.meta.require()
        return meta

    def catch_up(self) -> bool:
        """Catch up with whatever other processes committed (lock held); True if anything did."""
        if self.needs_reload:
            self.meta.adopt(self.read_repaired())
            self.load_all()
            if self.index is not None:
                # Its memory may be half updated too: start again from its files.
                self.index = SearchIndex(self.home / INDEX_FOLDER)
                self.refresh_index()
            self.needs_reload = False
            return True
        # Under the lock the file is always read (30 KB): a stat alone could in
        # theory miss a change, and a missed change here would lose a write.
        meta = self.read_repaired()
        old = self.meta.record
        if meta["seq"] == old["seq"] and meta["store_id"] == old["store_id"]:
            self.meta.adopt(meta)
            return False
        self._apply_meta(meta)
        return True

    def _apply_meta(self, new: Doc) -> None:
        old = self.meta.record
        self.meta.adopt(new)
        if old["store_id"] != new["store_id"]:
            self.load_all()
            self.refresh_index()
            return
        changed = {
            name: {int(k) for k, v in new["versions"][name].items()
                   if old["versions"][name].get(k) != v}
            for name in KIND_NAMES
        }
        self.reload_segments(changed["catalog"] | changed["state"], new)
        for name in ("content", "quotes"):
            for shard in changed[name]:
                self.shards.forget(KIND_BY_FOLDER[name], shard)
        # Also when the generation is the same: another process may have rebuilt
        # the index (``reindex``). Its refresh is a stat when nothing changed.
        self.refresh_index()

    def catch_up_quietly(self) -> None:
        """:meth:`catch_up`, unless damage is known or found (for the doctor, which reports it)."""
        with contextlib.suppress(StoreError):
            if self.broken is None:
                self.catch_up()

    def refresh_index(self) -> None:
        """Load the index's new files; rebuild it when it is behind the content."""
        if self.index is None:
            return
        self.index.refresh()
        if self.index.generation != self.meta.record["generation"]:
            # The writer died after its commit but before updating the index.
            self.index.rebuild(self.iter_briefs(), self.meta.record["generation"])


__all__ = ["INDEX_FOLDER", "Engine"]
