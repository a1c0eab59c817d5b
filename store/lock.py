"""The store's one lock: a re-entrant thread mutex, then a cross-process file lock.

The rule (``docs/store-design.md``, "The lock"): every read-modify-write of a
store file, and every read or change of the in-memory catalog and caches, is
done holding this lock. It is re-entrant, so a store method may call another.
The thread mutex is always taken before the file lock, and the file lock is
never held while waiting for anything else, so there is one lock order and no
deadlock. Long jobs take it once per batch, never for their whole length.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import filelock

from store.errors import NOT_WRITABLE, StoreLockedError, StoreOSError

LOCK_FILE = ".lock"
#: How long a call waits for another process's lock before giving up.
DEFAULT_LOCK_TIMEOUT = 30.0


class StoreLock:
    """The lock of one store folder, shared by every thread of this process."""

    def __init__(self, home: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """The lock on ``home/.lock``; ``timeout`` is how long to wait for other processes."""
        self.path = Path(home) / LOCK_FILE
        self.timeout = timeout
        self.mutex = threading.RLock()
        # thread_local=False: the mutex already keeps this process's threads
        # apart; the file lock only has to keep other processes out.
        self._file = filelock.FileLock(
            self.path, thread_local=False, preserve_lock_file=True, poll_interval=0.005
        )
        #: Set while the lock file cannot be opened for writing (a read-only
        #: store): reads go on under the mutex alone, writes are refused with it.
        self.unwritable: StoreOSError | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the mutex, then the file lock; :class:`StoreLockedError` after ``timeout``."""
        with self.mutex:
            if not self._acquire_or_read_only():
                yield  # a store nobody can write: read it under the mutex alone
                return
            try:
                yield
            finally:
                self._file.release()

    def _acquire_or_read_only(self) -> bool:
        """Take the file lock (True); False when it cannot be opened for writing."""
        try:
            self._file.acquire(timeout=self.timeout)
        except filelock.Timeout as error:
            raise StoreLockedError(self.path, self.timeout) from error
        except OSError as error:
            if error.errno not in NOT_WRITABLE:
                raise StoreOSError.from_os_error(error, self.path) from error
            # Nobody can write a store we cannot lock either.
            self.unwritable = StoreOSError.from_os_error(
                error, self.path, hint="the store can be read but not changed"
            )
            return False
        self.unwritable = None
        return True

    @contextlib.contextmanager
    def processes(self) -> Iterator[None]:
        """Hold only the file lock: keeps other processes out, not this process's threads.

        For a job that must not take the mutex because it runs inside another
        lock that this process's store calls may wait for (the search index's,
        during :meth:`store.BriefStore.reindex`).
        """
        try:
            self._file.acquire(timeout=self.timeout)
        except filelock.Timeout as error:
            raise StoreLockedError(self.path, self.timeout) from error
        try:
            yield
        finally:
            self._file.release()
