"""``meta.json``: the store record, and the commit every change ends with.

It holds the schema version, a random ``store_id``, the commit counter
``seq``, the content ``generation`` the search index must reflect,
``next_serial``, ``pending`` (a content change's intent), ``migration``, and
``versions``: for every shard file the ``seq`` that last wrote it, and for
every small table (saved searches and the tables other store modules keep)
the ``seq`` that last wrote it. Rewriting this file is the commit other
processes look at to learn what changed.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from store import migrations
from store.errors import StoreCorruptError, StoreVersionError
from store.shards import KINDS, Doc
from store.storage import AtomicJSONStorage

META_FILE = "meta.json"
META_TABLE = "store"
#: The shard folders; their ``versions`` entries map shard number -> seq.
KIND_NAMES = tuple(kind.folder for kind in KINDS)
#: The small table of saved searches records its seq under this key.
SAVED_VERSION = "saved"

StatSig = tuple[int, int, int, int]


def stat_sig(path: Path) -> StatSig | None:
    """Inode, size, mtime and ctime of ``path`` (None when missing): changes on every replace."""
    # The inode changes on every atomic replace (the new file is created while
    # the old one still exists), so this catches writes within one mtime tick.
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def new_meta() -> Doc:
    """The record of a new, empty store."""
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
        "versions": {name: {} for name in KIND_NAMES} | {SAVED_VERSION: 0},
    }


def check_meta_shape(path: Path, meta: Any) -> Doc:
    """``meta`` as a dict when it has the record's shape; else :class:`StoreCorruptError`."""
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
            if not all(isinstance(versions.get(name), dict) for name in KIND_NAMES):
                problem = "field 'versions' has the wrong shape"
            for key in ("pending", "migration"):
                if meta.get(key) is not None and not isinstance(meta[key], dict):
                    problem = f"field {key!r} has the wrong shape"
    if problem:
        raise StoreCorruptError(path, f"wrong shape: {problem}")
    return dict(meta)


def bump_versions(
    meta: Doc, written: dict[str, Iterable[int]], tables: Iterable[str] = ()
) -> Doc:
    """The ``versions`` of the next commit after ``meta``: written shards and tables get its seq."""
    seq = meta["seq"] + 1
    versions: Doc = {
        name: dict(v) if isinstance(v, dict) else v for name, v in meta["versions"].items()
    }
    for name, shards in written.items():
        for shard in shards:
            versions[name][str(shard)] = seq
    for name in tables:
        versions[name] = seq
    return versions


class MetaFile:
    """The store record as this process last read or wrote it, and the file behind it."""

    def __init__(self, home: Path) -> None:
        """The record of the store in ``home`` (a new store's until :meth:`adopt`)."""
        self.path = Path(home) / META_FILE
        self.record: Doc = new_meta()
        self.sig: StatSig | None = None

    def exists(self) -> bool:
        """True when ``meta.json`` is there."""
        return self.path.exists()

    def changed_on_disk(self) -> bool:
        """True when the file differs from the one last read or written (one ``stat``)."""
        return stat_sig(self.path) != self.sig

    def read(self) -> Doc | None:
        """The record on disk, checked: None when there is no meta.json."""
        if not self.path.exists():
            return None
        table = TinyDB(self.path, storage=AtomicJSONStorage).table(META_TABLE)
        try:
            raw = table.get(doc_id=1)
        except (TypeError, ValueError, AttributeError) as error:
            raise StoreCorruptError(self.path, f"wrong shape ({error})") from error
        # The version comes first: a newer store may have any other shape.
        schema = raw.get("schema") if isinstance(raw, dict) else None
        if isinstance(schema, int) and schema > migrations.SCHEMA_VERSION:
            raise StoreVersionError(self.path, schema, migrations.SCHEMA_VERSION)
        if schema != migrations.SCHEMA_VERSION:
            raise StoreCorruptError(self.path, f"wrong shape: schema version {schema!r}")
        return check_meta_shape(self.path, raw)

    def require(self) -> Doc:
        """The record on disk; damage when the file has disappeared."""
        meta = self.read()
        if meta is None:
            raise StoreCorruptError(self.path, "the file has disappeared")
        return meta

    def adopt(self, meta: Doc) -> None:
        """Take ``meta`` (just read from disk) as what this process has loaded."""
        self.record = meta
        self.sig = stat_sig(self.path)

    def write(self, meta: Doc, *, adopt: bool = True, durable: bool = True) -> None:
        """Write the store record; with ``adopt``, it becomes what this process has loaded.

        Always atomic, and the file's data is always synced. ``durable=False``
        skips syncing the rename (one fsync of two), for commits whose data
        files are durable on their own and which only tell other running
        processes what to reload: after a power cut ``meta.json`` is then this
        version or an older complete one, consistent with those files either
        way (see docs/store-design.md).
        """
        db = TinyDB(self.path, storage=AtomicJSONStorage, sync_folder=durable)
        db.table(META_TABLE).upsert(Document(meta, doc_id=1))
        if adopt:
            self.adopt(meta)

    def table_version(self, name: str) -> tuple[str, int]:
        """(store id, seq) of the commit that last wrote small table ``name``."""
        return self.record["store_id"], int(self.record["versions"].get(name) or 0)

    def commit(self, *, durable: bool = True, tables: Iterable[str] = (), **changes: Any) -> None:
        """Write the next commit: ``changes`` applied, ``seq`` + 1, ``tables`` marked written."""
        meta = dict(self.record)
        meta.update(changes)
        meta["versions"] = bump_versions(self.record, {}, tables)
        meta["seq"] = self.record["seq"] + 1
        self.write(meta, durable=durable)
