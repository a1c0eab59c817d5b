"""The index's state and writing half: changes, rebuilds, the restated journal, an import's
held writer (docs/search-design.md, "Files, commits and crashes": what a crash sees)."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence, Set
from contextlib import contextmanager
from pathlib import Path

import filelock
import tantivy

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.rows import BriefRow
from store.search import engine
from store.storage import atomic_write_bytes

#: What opening or reading a damaged index raises (tantivy reports its errors as these).
DAMAGE = (OSError, ValueError, KeyError, StoreCorruptError)
#: An import's writer memory and threads (200 MB: 22% less CPU than 96 MB, fewer merges).
HELD_HEAP, THREADS = 200_000_000, 2
#: Briefs after which a held writer publishes progress (a commit stalls the import: see the doc).
COMMIT_EVERY = 100_000
#: Restated briefs beyond which the index is rebuilt instead.
RESTATED_MAX = 20_000


def busy_elsewhere(directory: Path) -> bool:
    """True while another process's import holds a writer on ``directory`` (store lock held)."""
    path = directory / ".tantivy-writer.lock"  # tantivy's flock while a writer lives
    if not path.is_file():
        return False
    lock = filelock.FileLock(path, thread_local=False, preserve_lock_file=True)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        return True
    except OSError:
        return False  # cannot open it for writing: nobody writes this index from here
    lock.release()
    return False


class HeldWriter:
    """An import's open writer: its commit is ``generation`` unless ``gap`` (a missed change)."""

    def __init__(self, index: tantivy.Index, directory: str, generation: int) -> None:
        """Open the writer (tantivy's lock on the folder is held until :meth:`close`)."""
        self.writer = index.writer(HELD_HEAP, THREADS)
        self.directory, self.generation = directory, generation
        self.gap, self.uncommitted = False, 0

    def close(self, *, finish: bool) -> None:
        """Let the writer go (after its merges when ``finish``), and with it the lock."""
        try:
            if finish:
                self.writer.wait_merging_threads()
        finally:
            del self.writer


class Writing:
    """The state and writing half of :class:`store.search.SearchIndex` (which reads)."""

    def __init__(self, folder: Path) -> None:
        """Open the index in ``folder`` (a missing or damaged one reads as stale)."""
        self.folder = Path(folder)
        self._lock = threading.RLock()
        self._held: HeldWriter | None = None  # an import's open writer
        self._restated, self._restated_stat = frozenset[str](), None
        self._journal = threading.Lock()
        self._rebuild_lock = threading.Lock()
        #: True while :meth:`rebuild` reads the briefs (searches answer meanwhile).
        self.rebuilding = False
        self._load()

    def _stat(self, name: str = engine.POINTER) -> tuple[int, int, int] | None:
        try:
            st = (self.folder / name).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        """(Re)open what the pointer names; a missing or damaged index reads as stale."""
        self._pointer_stat = self._stat()
        self._index: tantivy.Index | None = None
        self._dir: str | None = None
        self.generation = -1
        self.damage: str | None = None
        self._vocab: tuple[list[str], dict[str, int]] | None = None
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
        except DAMAGE as error:
            self.damage = str(error)
            return
        self._index, self._dir, self.generation = index, pointer["dir"], pointer["generation"]

    def restated(self) -> frozenset[str]:
        """The briefs whose reading state changed since their document was written."""
        with self._lock:
            if (stat := self._stat(engine.RESTATED)) != self._restated_stat:
                try:
                    text = (self.folder / engine.RESTATED).read_text("utf-8", "replace")
                except OSError:
                    text = ""  # none yet (or unreadable: a rebuild will tell)
                self._restated, self._restated_stat = frozenset(text.split()), stat
            return self._restated

    def _failed(self) -> None:  # after a failed write: what the disk holds
        self.abandon()
        self._pointer_stat = None
        self._load()

    @contextmanager
    def _writing(self, defer: bool) -> Iterator[tantivy.IndexWriter | None]:
        """The import's held writer (``defer`` opens it), else one committed at the end; None
        on a stale index or one another process writes (one thread: two double the segments)."""
        if self._held is None and (self._stat() != self._pointer_stat or self.damage):
            self._load()
        if self._index is None or self._dir is None or (
                self._held is None and busy_elsewhere(self.folder / self._dir)):
            yield None  # another process's import will see the gap this leaves
            return
        if self._held is None and defer:
            self._held = HeldWriter(self._index, self._dir, self.generation)
        writer = (self._held.writer if self._held is not None
                  else self._index.writer(engine.UPDATE_HEAP, 1))
        try:
            yield writer
            if self._held is None:
                writer.commit()
                writer.wait_merging_threads()
        except BaseException:
            del writer
            self._failed()
            raise

    def _change(self, gone: Collection[str], added: Collection[Brief], generation: int,
                defer: bool) -> None:
        """Delete ``gone``, add ``added``, then publish (or leave it to the held writer)."""
        with self._lock:
            with self._writing(defer) as writer:
                if writer is None:
                    return
                for key in gone:
                    writer.delete_documents_by_term("id", key)
                for brief in added:
                    writer.add_document(engine.document(brief))
            if (held := self._held) is None:
                self._publish(generation)
                return
            # Each content commit adds one generation (a remove and an add share one).
            held.gap |= generation not in (held.generation, held.generation + 1)
            held.generation = generation
            held.uncommitted += max(len(gone), len(added))  # the briefs changed
            if defer and held.uncommitted < COMMIT_EVERY:
                return
            self._commit(held)
            held.uncommitted = 0
            self._publish_held(held)

    def _commit(self, held: HeldWriter) -> None:
        try:
            held.writer.commit()
        except BaseException:
            self._failed()  # which drops the held writer
            raise

    def _publish(self, generation: int) -> None:
        assert self._index is not None and self._dir is not None
        engine.write_pointer(self.folder, self._dir, generation)
        self._pointer_stat = self._stat()
        self.generation = int(generation)
        self._index.reload()
        self._vocab = None

    def _publish_held(self, held: HeldWriter) -> None:
        """Publish a held writer's commit, unless it missed a change or the index moved on."""
        pointer = engine.read_pointer(self.folder)
        if held.gap or pointer is None or not pointer["dir"] == self._dir == held.directory:
            self._load()  # behind the store (or rebuilt by someone else): the store decides
        else:
            self._publish(held.generation)

    def update(self, briefs: Sequence[Brief], generation: int, *, defer: bool = False,
               new: Set[str] = frozenset()) -> None:
        """Add or replace these briefs at store ``generation``; ``defer``: held until :meth:`flush`;
        ``new``: ids the index cannot hold (no delete queued: one costs a lookup per segment)."""
        latest = {b.id: b for b in briefs}
        self._change([k for k in latest if k not in new], latest.values(), generation, defer)

    def remove(self, ids: Iterable[str], generation: int, *, defer: bool = False) -> None:
        """Drop these briefs (unknown ids are ignored); record the store ``generation``."""
        self._change(set(ids), [], generation, defer)

    def flush(self) -> None:
        """Commit an import's held writer (store lock held); publish unless it missed a change."""
        with self._lock:
            if (held := self._held) is None:
                return
            self._commit(held)
            self._held = None
            held.close(finish=True)
            self._publish_held(held)

    @property
    def holding(self) -> bool:
        """True while an import's writer is held open (changes not yet committed)."""
        return self._held is not None

    def abandon(self) -> None:
        """Drop an import's held writer uncommitted (a rebuild brings its changes in)."""
        with self._lock:
            held, self._held = self._held, None
            if held is not None:
                held.close(finish=False)

    def needs_rebuild(self, generation: int) -> bool:
        """True when the index is behind ``generation`` (or too restated) and no import works."""
        with self._lock:
            if self._held is not None or self.rebuilding:  # it is being brought there
                return False
            if self.generation == generation:
                return len(self.restated()) > RESTATED_MAX
            try:
                pointer = engine.read_pointer(self.folder)
            except DAMAGE:
                return True
            return pointer is None or not busy_elsewhere(self.folder / pointer["dir"])

    def restate(self, changes: Sequence[tuple[BriefRow | None, BriefRow]]) -> Callable[[], None]:
        """Journal the briefs whose tags or state (old row, new row) change, before the store
        commits (an OSError stops the change; never an index commit); returns the undo."""
        ids = [new.id for old, new in changes if old is None
               or (old.tags, old.read, old.starred) != (new.tags, new.read, new.starred)]
        path = self.folder / engine.RESTATED
        if not ids or (self._index is None and not self.rebuilding):
            return lambda: None  # no index: the rebuild the store will run reads the state
        with self._journal:  # not the index's lock: a tag write gets in during a rebuild
            before = os.stat(path) if path.exists() else None
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:  # not open(): a file object costs a quarter more CPU per tag write
                os.write(descriptor, "".join(f"{k}\n" for k in ids).encode())
                os.fdatasync(descriptor)
            finally:
                os.close(descriptor)

        def undo() -> None:  # the file as it was, times included
            with self._journal, contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    os.truncate(path, before.st_size)
                    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return undo

    def journal_mark(self) -> int:
        """The length of ``restated`` now, taken under the store's lock: what a rebuild may drop."""
        return (self._stat(engine.RESTATED) or (0, 0, 0))[1]

    def rebuild(self, briefs: Iterable[Brief], generation: int, *,
                journal_mark: int | None = None) -> None:
        """Index exactly these briefs in a new folder, then switch to it (``journal_mark``: now)."""
        with self._rebuild_lock:
            with self._lock:
                self.abandon()  # what an import held is in the content the rebuild reads
                self.folder.mkdir(parents=True, exist_ok=True)
                name = engine.new_directory(self.folder)
                done = self.journal_mark() if journal_mark is None else journal_mark
                self.rebuilding = True
            try:
                # Without the index's lock: reading every brief takes minutes; searches go on.
                _build(self.folder / name, briefs)
            except BaseException:
                # A brief could not be read (a damaged store file): the index stays as it was.
                shutil.rmtree(self.folder / name, ignore_errors=True)
                self.rebuilding = False
                raise
            with self._lock:
                self.rebuilding = False
                engine.write_pointer(self.folder, name, generation)
                journal = self.folder / engine.RESTATED
                with self._journal:  # the documents hold what was restated before the mark
                    if done:
                        atomic_write_bytes(journal, journal.read_bytes()[done:])
                engine.remove_strays(self.folder, keep=name)
                self._load()


def _build(path: Path, briefs: Iterable[Brief]) -> None:
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
