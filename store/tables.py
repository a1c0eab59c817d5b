"""Small tables: a store module's own TinyDB file, written crash-safely under the store's lock.

Saved searches (:mod:`store.saved`), feed subscriptions and sync state each
keep a handful of documents in one file of their own, ``home/<name>.json``.
:class:`SmallTable` reads it (cached until another commit changes it) and
changes it under the store's lock: read afresh, change, write atomically
(temp file, fsync, ``os.replace``), then a commit of ``meta.json`` that records
the table's new version, so other processes' :meth:`store.BriefStore.refresh`
sees the change. Get one with :meth:`store.BriefStore.table`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from store.errors import StoreCorruptError
from store.shards import Doc, read_table, write_table

T = TypeVar("T")


class TableHost(Protocol):
    """What a small table needs of the store (:class:`store.BriefStore` provides it)."""

    home: Path

    def locked(self) -> AbstractContextManager[None]:
        """Hold the store's lock."""

    def write_lock(self) -> AbstractContextManager[None]:
        """Hold the store's lock, caught up with other processes, for a write."""

    def table_version(self, name: str) -> tuple[str, int]:
        """(store id, seq) of the last commit that wrote table ``name``."""

    def commit_table(self, name: str) -> None:
        """Commit a write of table ``name`` (inside :meth:`write_lock`)."""


class SmallTable:
    """One TinyDB table in ``home/<file>``: a list of documents, changed under the store's lock."""

    def __init__(self, host: TableHost, name: str, *, file: str | None = None,
                 table: str | None = None) -> None:
        """Table ``name`` (the key of its version in ``meta.json``) in ``file`` (``name.json``)."""
        self.host = host
        self.name = name
        self.path = host.home / (file or f"{name}.json")
        self.table = table or name
        self._cache: tuple[tuple[str, int], list[Doc]] | None = None

    def documents(self) -> list[Doc]:
        """Every document, in stored order (copies: changing them changes nothing)."""
        with self.host.locked():
            version = self.host.table_version(self.name)
            if self._cache is None or self._cache[0] != version:
                self._cache = (version, self._read())
            return [dict(doc) for doc in self._cache[1]]

    def change(self, edit: Callable[[list[Doc]], T]) -> T:
        """Run ``edit(documents)`` on the current documents and write what it left, atomically.

        ``edit`` changes the list in place; its return value is returned. Nothing
        is written when the list is unchanged. Runs under the store's write lock.
        """
        with self.host.write_lock():
            docs = self._read()
            before = [dict(doc) for doc in docs]
            result = edit(docs)
            if docs != before:
                write_table(self.path, self.table, {str(i): d for i, d in enumerate(docs, 1)})
                self._cache = None
                self.host.commit_table(self.name)
            return result

    def _read(self) -> list[Doc]:
        table = read_table(self.path, self.table) or {}
        return [table[key] for key in sorted(table, key=int)]


def checked(path: Path, docs: list[Doc], convert: Callable[[Doc], Any]) -> list[Any]:
    """``convert`` applied to each document; a document it cannot convert is named as damage."""
    try:
        return [convert(doc) for doc in docs]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise StoreCorruptError(path, f"wrong shape ({error!r})") from error
