"""The parts of an open store, and how they stay in step with the files and other processes.

:class:`Engine` ties the record (:class:`~store.metafile.MetaFile`), the
in-memory :class:`~store.catalog.Catalog`, the :class:`~store.shardio.ShardFiles`
and the search index together: it loads them, catches up with what other
processes committed, and repairs an interrupted change. Every method expects
the store's lock to be held by the caller (:class:`store.BriefStore`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from briefs.models import Brief
from store.catalog import GC_FREEZE_MIN_ROWS, Catalog, gc_paused
from store.errors import NOT_WRITABLE, StoreCorruptError, StoreError, StoreOSError, os_cause
from store.metafile import KIND_NAMES, MetaFile
from store.repair import repair_pending, view_as_repaired
from store.search import SearchIndex
from store.shardio import ShardFiles
from store.shards import CATALOG, CONTENT, KIND_BY_FOLDER, SEGMENT_SIZE, STATE, Doc, Table

INDEX_FOLDER = "index"
#: A store of up to this many briefs has its stale index rebuilt as it opens, even
#: when asked to leave it for later (~0.3 s at 1,000 briefs).
REBUILD_AT_ONCE = 1_000


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
        #: Things the user should know that are not errors (a repair that waits).
        self.notices: list[str] = []
        #: True while an interrupted update waits for a writable store (seen as done).
        self.repair_waiting = False
        #: How many imports are running (:meth:`store.BriefStore.importing`): while
        #: any is, content changes go to the index's held writer, uncommitted.
        self.importing = 0

    def close(self) -> None:
        """Drop everything loaded; later use raises :class:`StoreError`."""
        self.closed = True
        self.catalog.reset()
        self.shards.clear()
        if self.index is not None:
            self.index.abandon()
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
        except StoreError:
            raise
        except OSError as error:
            # Disk full, read-only, not a folder...: one line naming the path.
            raise StoreOSError.from_os_error(error, self.home) from error

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

    def open_index(self, *, rebuild: bool = True) -> None:
        """Open the search index; rebuild it when it does not reflect the content generation.

        With ``rebuild`` False a stale index is left for the caller to rebuild
        (:meth:`store.BriefStore.reindex`, with progress), so that the app shows
        the list at once instead of waiting minutes on a large store.
        """

        def job() -> None:
            self.index = SearchIndex(self.home / INDEX_FOLDER)
            # Not while the store cannot be written (nor, then, the index; see refresh_index).
            # A small store is rebuilt at once anyway (under a second): no one waits.
            if ((rebuild or self.catalog.count() <= REBUILD_AT_ONCE)
                    and self.index.needs_rebuild(self.meta.record["generation"])
                    and not self.repair_waiting):
                self.index.rebuild(self.iter_briefs(), self.meta.record["generation"])

        self.index_job(job)

    def index_job(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the index; what blocks it or cannot be written is said, not raised.

        The index is derived from the content: a folder where one of its files
        belongs (or a file where its folder belongs) is moved aside, never
        deleted, and the index rebuilt; when the index cannot be written (a
        read-only or full disk) the store is still read, and a notice says
        that searches may miss the latest changes.
        """
        try:
            job()
        except StoreError:
            raise
        except OSError as error:
            blocked = self._blocking_entry(error)
            if blocked is not None:
                aside = blocked.with_name(f"{blocked.name}.moved-aside")
                n = 1
                while aside.exists() or aside.is_symlink():
                    n += 1
                    aside = blocked.with_name(f"{blocked.name}.moved-aside-{n}")
                os.rename(blocked, aside)
                self._notice(f"{blocked}: was in the search index's way ({os_cause(error)}); "
                             f"moved aside to {aside.name}, and the index was rebuilt")
                job()
            elif error.errno in NOT_WRITABLE | {errno.ENOSPC, errno.EDQUOT}:
                self._notice(f"{self.home / INDEX_FOLDER}: the search index cannot be updated "
                             f"({os_cause(error)}); searches may miss the latest changes")
            else:
                raise

    def _blocking_entry(self, error: OSError) -> Path | None:
        folder = self.home / INDEX_FOLDER
        for name in (error.filename, error.filename2):
            if not name:
                continue
            path = Path(os.fsdecode(name))
            if path == folder and (path.is_symlink() or not path.is_dir()) and path.exists():
                return path
            if folder in path.parents and path.is_dir() and not path.is_symlink():
                return path
        return None

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

    def read_repaired(self, *, writing: bool = True) -> Doc:
        """The record on disk, after repairing an interrupted change it records.

        When the store cannot be written and this is for reading, the repair
        waits: the record is seen as if it were done, and a notice says so.
        """
        meta = self.meta.require()
        if meta.get("pending"):
            # Its writer died (or failed) between intent and commit: repair.
            try:
                repair_pending(self.shards, self.meta, meta)
            except OSError as error:
                if writing or error.errno not in NOT_WRITABLE | {errno.ENOSPC, errno.EDQUOT}:
                    raise
                self._notice(f"{self.meta.path}: an interrupted update cannot be finished "
                             f"({os_cause(error)}); the store is shown as if it were, and it "
                             f"is finished when the store can be written")
                self.repair_waiting = True
                return view_as_repaired(self.shards, self.meta, meta)
            meta = self.meta.require()
        self.shards.overlay = {}
        self.repair_waiting = False
        return meta

    def _notice(self, line: str) -> None:
        if line not in self.notices:
            self.notices.append(line)

    def catch_up(self, *, writing: bool = True) -> bool:
        """Catch up with whatever other processes committed (lock held); True if anything did."""
        if self.needs_reload:
            self.meta.adopt(self.read_repaired(writing=writing))
            self.load_all()
            if self.index is not None:
                # Its memory may be half updated too: start again from its files.
                self.index.abandon()
                self.index = SearchIndex(self.home / INDEX_FOLDER)
                self.refresh_index()
            self.needs_reload = False
            return True
        # Under the lock the file is always read (30 KB): a stat alone could in
        # theory miss a change, and a missed change here would lose a write.
        meta = self.read_repaired(writing=writing)
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
                self.catch_up(writing=False)

    def refresh_index(self) -> None:
        """Load the index's new files; rebuild it when it is behind the content."""
        index = self.index
        if index is None:
            return

        def job() -> None:
            index.refresh()
            if self.repair_waiting:
                # The store cannot be written: neither can the index. Search keeps the
                # index as it is until the repair is done (the notice says why).
                return
            if index.needs_rebuild(self.meta.record["generation"]):
                # The writer died after its commit but before updating the index
                # (not while an import holds the index's writer: it brings it up).
                index.rebuild(self.iter_briefs(), self.meta.record["generation"])

        self.index_job(job)


__all__ = ["INDEX_FOLDER", "Engine"]
