"""The writing half of the index, and the tantivy writer held open across an import.

During an import (:meth:`store.BriefStore.importing`) the index keeps one
writer open instead of committing per 500-brief batch: each batch's briefs go
to it as the store commits them, tantivy indexes them on its own threads while
the store goes on, and it commits once at the end (and every
:data:`COMMIT_EVERY` briefs, so that other processes see progress). Until then
the pointer (``current.json``, the generation of the last *published* commit)
is behind the store, and: a crash makes the next open rebuild the index, as
after any crash between the two commits; another process sees the index
behind but busy (:func:`busy_elsewhere`: tantivy's own ``flock``, dropped by
the OS when the process dies), so it neither rebuilds nor writes it; and a
content change that other process commits meanwhile shows as a gap in the
generations the held writer is given (each content commit adds exactly one),
so its commit leaves the pointer behind and the store rebuilds the index.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator, Sequence, Set
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock
import tantivy

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.search import engine

#: What opening or reading a damaged index raises (tantivy reports its errors as these).
DAMAGE = (OSError, ValueError, KeyError, StoreCorruptError)
#: An import's writer memory, split between its two threads (a segment whenever a
#: thread's share fills: 200 MB rather than 96 MB took 22% less CPU over 4,000 briefs,
#: fewer segments to merge); two threads cut the import's time by 15-30% on two cores.
HELD_HEAP, THREADS = 200_000_000, 2
#: Briefs after which a held writer commits and publishes (progress for other processes).
COMMIT_EVERY = 25_000
#: Restated briefs (``SearchIndex.restate``) beyond which the index is rebuilt instead.
RESTATED_MAX = 20_000


def busy_elsewhere(directory: Path) -> bool:
    """True while a writer is open on the tantivy index in ``directory`` (another process's
    import: only ever probed under the store's lock, where nobody else opens one)."""
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
    """An import's open tantivy writer on folder ``directory``; ``generation`` is what the
    index reflects once it commits, unless ``gap`` (it missed a change)."""

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
    """The writing half of :class:`store.search.SearchIndex`: changes, the held writer."""

    folder: Path
    generation: int
    damage: str | None
    _lock: threading.RLock
    _index: tantivy.Index | None
    _dir: str | None
    _held: HeldWriter | None
    _pointer_stat: Any
    _vocab: Any

    if TYPE_CHECKING:  # provided by SearchIndex
        def _stat(self) -> Any: ...
        def _load(self) -> None: ...
        def restated(self) -> frozenset[str]: ...

    def _failed(self) -> None:  # after a failed write: what the disk holds
        self.abandon()
        self._pointer_stat = None
        self._load()

    @contextmanager
    def _writing(self, defer: bool) -> Iterator[tantivy.IndexWriter | None]:
        """A tantivy writer on the current index (None: stale, or written by another process).

        The held writer of an import when there is one (``defer`` opens it),
        else one for this change alone (one thread: a second doubles the
        segments and merges of a small commit), committed at the end.
        """
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
        count = max(len(gone), len(added))  # the briefs changed
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
            held.generation, held.uncommitted = generation, held.uncommitted + count
            if defer and held.uncommitted < COMMIT_EVERY:
                return
            try:
                held.writer.commit()
                held.uncommitted = 0
            except BaseException:
                self._failed()
                raise
            self._publish_held(held)

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
        """Add these briefs, replacing any with the same id; record the store ``generation``.

        One tantivy commit, or with ``defer`` (an import) the writer held until
        :meth:`flush`. ``new``: ids the store did not hold before, so the index
        neither (no delete to queue: each costs a term lookup per segment at the
        commit). Nothing on a stale index (``generation == -1``): adding to it
        would make a partial index look current; the store rebuilds it instead.
        """
        latest = {b.id: b for b in briefs}
        self._change([k for k in latest if k not in new], latest.values(), generation, defer)

    def remove(self, ids: Iterable[str], generation: int, *, defer: bool = False) -> None:
        """Drop these briefs (unknown ids are ignored); record the store ``generation``."""
        self._change(set(ids), [], generation, defer)

    def flush(self) -> None:
        """Commit the writer an import held open and publish what it saw (store lock held);
        when it missed a change or the index was rebuilt meanwhile, the pointer stays
        behind the store, which rebuilds the index."""
        with self._lock:
            held, self._held = self._held, None
            if held is None:
                return
            try:
                held.writer.commit()
            except BaseException:
                held.close(finish=False)
                self._failed()
                raise
            held.close(finish=True)
            self._publish_held(held)

    @property
    def holding(self) -> bool:
        """True while an import's writer is held open (changes not yet committed)."""
        return self._held is not None

    def abandon(self) -> None:
        """Drop an import's held writer without committing (its changes reach the index by a
        rebuild: the pointer is behind the store)."""
        with self._lock:
            held, self._held = self._held, None
            if held is not None:
                held.close(finish=False)

    def needs_rebuild(self, generation: int) -> bool:
        """True when the index does not reflect store ``generation`` (or carries too many
        restated briefs) and no import is bringing it there (here, or in another process)."""
        with self._lock:
            if self._held is not None:
                return False
            if self.generation == generation:
                return len(self.restated()) > RESTATED_MAX
            try:
                pointer = engine.read_pointer(self.folder)
            except DAMAGE:
                return True
            return pointer is None or not busy_elsewhere(self.folder / pointer["dir"])
