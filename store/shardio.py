"""Shard I/O: reading and writing the shard files, the LRU caches of parsed ones.

The layout (which shard holds which serial, the document codecs) is
:mod:`store.shards`; this module is the one place that reads or writes those
files for an open store. It keeps up to :data:`CONTENT_CACHE_SHARDS` parsed
content files and :data:`QUOTES_CACHE_SHARDS` quote files. Not locked itself:
its owner holds the store's lock.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.shards import (
    CONTENT,
    KINDS,
    QUOTES,
    Doc,
    ShardKind,
    Table,
    brief_from_docs,
    read_table,
    write_table,
)
from store.storage import sync_paths

#: Content shards kept parsed in memory (64 briefs each): enough for a page of
#: search hits and the briefs around the cursor, a few MB.
CONTENT_CACHE_SHARDS = 64
#: Quote shards kept parsed between calls of :meth:`store.BriefStore.quotes`.
QUOTES_CACHE_SHARDS = 8

StateOf = Callable[[int], "Doc | None"]

#: A staged shard file, as a pending intent lists it: ``content/.00042.json.staged``.
_STAGED = re.compile(r"^(?P<folder>[a-z]+)/\.(?P<shard>\d{5})\.json\.staged$")


def listed(versions: Doc, kind: ShardKind) -> list[int]:
    """The shard numbers of ``kind`` that ``meta.json``'s ``versions`` lists, in order."""
    return sorted(int(k) for k in versions[kind.folder])


class ShardFiles:
    """The shard files of one store folder, with small caches of parsed content and quotes."""

    def __init__(self, home: Path) -> None:
        """The files under ``home``; nothing is read yet."""
        self.home = Path(home)
        self._content: OrderedDict[int, Table] = OrderedDict()
        self._quotes: OrderedDict[int, Table] = OrderedDict()
        #: Shard file -> the staged file to read instead, while an interrupted
        #: change cannot be finished (see :func:`store.repair.view_as_repaired`).
        self.overlay: dict[Path, Path] = {}

    def clear(self) -> None:
        """Drop every cached table."""
        self._content.clear()
        self._quotes.clear()

    def forget(self, kind: ShardKind, shard: int) -> None:
        """Drop one cached table (another process rewrote its file)."""
        if kind is CONTENT:
            self._content.pop(shard, None)
        elif kind is QUOTES:
            self._quotes.pop(shard, None)

    def path(self, kind: ShardKind, shard: int) -> Path:
        """The file of one shard."""
        return kind.path(self.home, shard)

    # --- reading ---------------------------------------------------------------

    def read(self, kind: ShardKind, shard: int, versions: Doc | None = None) -> Table | None:
        """A shard's table from disk (None when missing); one ``versions`` lists must exist."""
        path = kind.path(self.home, shard)
        table = read_table(self.overlay.get(path, path), kind.table)
        if table is None and versions is not None and str(shard) in versions[kind.folder]:
            raise StoreCorruptError(path, "the file is missing (meta.json lists it)")
        return table

    def content(self, shard: int, versions: Doc) -> Table:
        """The parsed content shard (cached); empty when it does not exist yet."""
        return self._cached(CONTENT, shard, versions, self._content, CONTENT_CACHE_SHARDS)

    def quotes(self, segment: int, versions: Doc) -> Table:
        """The parsed quotes shard (cached); empty when it does not exist yet."""
        return self._cached(QUOTES, segment, versions, self._quotes, QUOTES_CACHE_SHARDS)

    def _cached(
        self, kind: ShardKind, shard: int, versions: Doc, lru: OrderedDict[int, Table],
        capacity: int,
    ) -> Table:
        table = lru.get(shard)
        if table is not None:
            lru.move_to_end(shard)
            return table
        table = self.read(kind, shard, versions) or {}
        lru[shard] = table
        while len(lru) > capacity:
            lru.popitem(last=False)
        return table

    def iter_briefs(self, versions: Doc, state_of: StateOf) -> Iterator[Brief]:
        """Every brief, shard by shard, without filling the content cache."""
        for shard in listed(versions, CONTENT):
            table = self._content.get(shard)
            if table is None:
                table = self.read(CONTENT, shard, versions) or {}
            for key, doc in table.items():
                yield self.brief_from(int(key), doc, state_of(int(key)))

    def brief_from(
        self, serial: int, doc: Doc, state: Doc | None, *, expected_id: str | None = None
    ) -> Brief:
        """The Brief stored under ``serial``; a document of the wrong shape is named as damage."""
        try:
            brief = brief_from_docs(doc, state)
            if not isinstance(doc["id"], str) or (expected_id and brief.id != expected_id):
                raise ValueError(f"it holds brief {doc['id']!r}, not {expected_id!r}")
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreCorruptError(
                CONTENT.path(self.home, CONTENT.shard_of(serial)),
                f"document {serial} has the wrong shape ({error})",
            ) from error
        return brief

    def checked_quotes(self, segment: int, serial: int, doc: Doc) -> list[tuple[str, str | None]]:
        """The (text, speaker) pairs of a quotes document; damage is named."""
        pairs = doc.get("quotes")
        if isinstance(pairs, list) and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
            and (p[1] is None or isinstance(p[1], str)) for p in pairs
        ):
            return [(text, who) for text, who in pairs]
        raise StoreCorruptError(
            QUOTES.path(self.home, segment),
            f"document {serial} has the wrong shape (expected a list of [text, speaker])",
        )

    # --- writing ---------------------------------------------------------------

    def write(self, kind: ShardKind, shard: int, table: Table) -> None:
        """Replace one shard file atomically (the caller holds the store's lock)."""
        write_table(kind.path(self.home, shard), kind.table, table)

    def stage(self, kind: ShardKind, shard: int, table: Table) -> str:
        """Write a shard's next version beside it, durably; return its name for the intent.

        A staged file is invisible to readers until :meth:`publish` renames it
        over the shard. Synced (:meth:`sync_staged`) before the intent that lists
        it, it is either complete or never referenced.
        """
        name = f"{kind.folder}/.{shard:05d}.json.staged"
        path = self.home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_table(path, kind.table, table)
        return name

    def sync_staged(self, names: list[str]) -> None:
        """Make the staged files and their names durable, all at once (before the intent)."""
        paths = [self.home / name for name in names]
        sync_paths([*paths, *sorted({path.parent for path in paths})])

    def staged_target(self, name: str) -> tuple[Path, Path] | None:
        """(staged file, the shard it replaces) for a name :meth:`stage` gave; None if malformed."""
        match = _STAGED.match(name)
        if match is None or match["folder"] not in {kind.folder for kind in KINDS}:
            return None
        folder = self.home / match["folder"]
        return folder / name.split("/", 1)[1], folder / f"{match['shard']}.json"

    def publish(self, names: list[str]) -> None:
        """Rename staged files over their shards (a missing one was published already)."""
        folders: set[Path] = set()
        for name in names:
            pair = self.staged_target(name)
            assert pair is not None
            staged, target = pair
            with contextlib.suppress(FileNotFoundError):
                os.replace(staged, target)
            folders.add(target.parent)
        sync_paths(sorted(folders))

    def discard(self, names: list[str]) -> None:
        """Remove staged files of a change that was not committed (best effort)."""
        for name in names:
            pair = self.staged_target(name)
            if pair is not None:
                with contextlib.suppress(OSError):
                    os.unlink(pair[0])

    def written(self, content: dict[int, Table], quotes: dict[int, Table]) -> None:
        """Committed tables replace the cached ones (tables not cached stay out)."""
        for shard, table in content.items():
            if shard in self._content:
                self._content[shard] = table
        for segment, table in quotes.items():
            if segment in self._quotes:
                self._quotes[segment] = table

    def remove_temp_files(self, *, keep_staged: bool = False) -> None:
        """Delete temporary and staged files of writers that were killed (lock held).

        ``keep_staged`` when an intent that still lists staged files is pending.
        """
        # Temp files only exist while a writer holds the lock: under the lock,
        # any left over belong to a writer that was killed.
        endings = (".tmp",) if keep_staged else (".tmp", ".staged")
        for folder in (self.home, *(self.home / kind.folder for kind in KINDS)):
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                for entry in os.scandir(folder):
                    if entry.name.startswith(".") and entry.name.endswith(endings):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
