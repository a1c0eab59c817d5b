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
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from store.errors import StoreCorruptError


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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable and sync_folder:
        fsync_directory(path.parent)


def read_json_file(path: Path) -> Any:
    """Read a JSON file; None when it does not exist; StoreCorruptError when it is unreadable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
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
