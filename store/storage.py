"""Crash-safe TinyDB storage: orjson, temp file, fsync, ``os.replace``, folder fsync.

TinyDB's default ``JSONStorage`` truncates and rewrites its file in place, so a
crash mid-write leaves a broken store. :class:`AtomicJSONStorage` writes the
whole document to a temporary file in the same folder, fsyncs it, renames it
over the old file (atomic on POSIX and Windows) and fsyncs the folder, so at
every instant the file on disk is either the old or the new version.

It never writes over a file it could not read: a corrupt file raises
:class:`~store.errors.StoreCorruptError` and stays as it is.

Cross-process safety is the caller's job (one :class:`filelock.FileLock` for the
whole store, held around each read-modify-write); this class only makes each
single write atomic.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.errors import StoreCorruptError

#: The largest store file read: the biggest the store writes is a version-0
#: ``briefs.json`` of a whole collection (about 300 MB at 100,000 briefs) being
#: migrated. A bigger "store file" is not one, and is refused unread.
MAX_STORE_FILE_BYTES = 1024 * 1024 * 1024


def fsync_directory(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its rename is durable already
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_paths(paths: Iterable[Path]) -> None:
    """fsync these files and folders, all at once: the disk serves concurrent flushes
    together (13 shard files: 9-19 ms at once against 27-60 ms one after the other
    here). Raises the first error, naming its path; all are done when it returns."""
    unique = list(dict.fromkeys(Path(p) for p in paths))
    if len(unique) <= 1:
        for path in unique:
            _sync(path)
        return
    with ThreadPoolExecutor(max_workers=min(len(unique), 16)) as pool:
        for _ in pool.map(_sync, unique):
            pass


def _sync(path: Path) -> None:
    if path.is_dir():
        fsync_directory(path)
        return
    try:
        fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise _naming(error, path) from error


def write_unsynced(path: Path, data: bytes) -> None:
    """Write ``path`` in place, not synced: for a staged file, which nothing reads
    until :func:`sync_paths` has made it durable and an intent lists it. A file or link
    already there (a killed writer's) is replaced, never written through."""
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, 0o600), "wb") as handle:  # as mkstemp makes them
            handle.write(data)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(path)  # a full disk leaves no part of it behind
        if not isinstance(error, OSError):
            raise
        raise _naming(error, path) from error


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, sync_folder: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically: old or new content, never a mix.

    With ``durable=False`` the fsyncs are skipped (for caches that can be rebuilt).
    With ``sync_folder=False`` the data is synced but the rename is not: after
    a power cut the file holds this version or an older complete one (for
    records whose older versions stay consistent with the other files).
    """
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _naming(error, path) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise _naming(error, path) from error
        raise
    if durable and sync_folder:
        fsync_directory(path.parent)


def _naming(error: OSError, path: Path) -> OSError:
    # The error names the file being replaced, not the temporary file, so that
    # the one line the user sees says which store file could not be written.
    return OSError(error.errno, error.strerror, str(path))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, opened only if it is a regular file and read up to ``limit``.

    A named pipe, a device (``/dev/zero``) or a folder is refused before a byte
    is read, so nothing can hang or fill memory: :class:`IsADirectoryError` for
    a folder, :class:`OSError` ``EINVAL`` "not a regular file" for the others,
    ``EFBIG`` for a file over ``limit``. ``FileNotFoundError`` when missing.
    """
    # O_NONBLOCK: opening a named pipe with no writer would otherwise wait forever.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(22, "not a regular file (a named pipe or a device)", str(path))
        size = os.fstat(fd).st_size
        if size > limit:
            raise OSError(27, f"file too large (over {limit // 1024 // 1024} MB)", str(path))
        # Sized by the file, not the limit (a read(limit) would allocate the limit);
        # a file that grows meanwhile is read on, up to the limit.
        parts: list[bytes] = []
        total = 0
        chunk = handle.read(size + 1 if size else 1 << 16)
        while chunk:
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise OSError(27, f"file too large (over {limit // 1024 // 1024} MB)", str(path))
            chunk = handle.read(1 << 20)
    return b"".join(parts)


def read_json_file(path: Path) -> Any:
    """Read a JSON file; None when it does not exist; StoreCorruptError when it is unreadable."""
    path = Path(path)
    try:
        raw = read_regular_file(path, MAX_STORE_FILE_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    if not raw.strip():
        # An empty file is what a crash during the very first write of a
        # non-atomic writer leaves; we never write one, so it is damage.
        raise StoreCorruptError(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorruptError(path, f"not valid JSON: {error}") from error


class AtomicJSONStorage(Storage):
    """A TinyDB ``Storage`` that writes atomically and durably, serialised with orjson.

    Usage: ``TinyDB(path, storage=AtomicJSONStorage)``. The file is created on
    the first write, not on open, so opening a missing store creates nothing.
    The top level must be a JSON object of tables (TinyDB's own layout), so the
    files stay readable by plain TinyDB.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, durable: bool = True, sync_folder: bool = True
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self.sync_folder = sync_folder

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database as a dict of tables, or None when the file does not exist yet."""
        data = read_json_file(self.path)
        if data is None:
            return None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreCorruptError(self.path, "JSON of the wrong shape: expected tables")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with ``data`` atomically."""
        atomic_write_bytes(
            self.path, orjson.dumps(data), durable=self.durable, sync_folder=self.sync_folder
        )

    def close(self) -> None:
        """Nothing to close: no handle is kept open between operations."""
