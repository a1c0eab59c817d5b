"""Schema versions of a store folder, and what moves an older one forward.

Version 0 is the layout before the sharded store, and what anyone keeping
briefs in plain TinyDB has: one ``briefs.json`` (TinyDB's default JSON
storage), every brief one document of one table with all of
:meth:`briefs.models.Brief.to_dict`'s fields, reading state included.

Version 1 is the sharded layout described in ``docs/store-design.md``: a
``meta.json`` recording the version, and the shard folders.

A migration never starts before a backup copy of what it reads is written to
``home/backups``, and never writes anything when what it reads is damaged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from briefs.models import Brief, brief_id_for
from store.errors import StoreCorruptError
from store.storage import AtomicJSONStorage, atomic_write_bytes

#: The schema version this code writes; ``meta.json`` records it from day one.
SCHEMA_VERSION = 1
#: The version-0 file, in the store folder.
V0_FILE = "briefs.json"
#: Where backups go, inside the store folder.
BACKUP_FOLDER = "backups"


def read_v0_briefs(path: Path) -> list[Brief]:
    """Every brief of a version-0 ``briefs.json``, checked before anything is written.

    The table is TinyDB's ``_default``, or the only table when there is just
    one. A document without an ``id`` gets the id its text would get on import.
    Raises :class:`StoreCorruptError` naming the file (and the document) when
    it cannot be read or a document is not a brief.
    """
    tables = AtomicJSONStorage(path).read() or {}
    if "_default" in tables:
        docs = tables["_default"]
    elif len(tables) == 1:
        docs = next(iter(tables.values()))
    elif not tables:
        docs = {}
    else:
        raise StoreCorruptError(
            path, f"several tables ({', '.join(sorted(tables))}) and no '_default' one"
        )
    briefs: list[Brief] = []
    for doc_id, doc in docs.items():
        if not isinstance(doc, dict):
            raise StoreCorruptError(path, f"document {doc_id} is not an object")
        try:
            briefs.append(_v0_brief(doc))
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise StoreCorruptError(path, f"document {doc_id} is not a brief ({error})") from error
    return briefs


def _v0_brief(doc: dict[str, Any]) -> Brief:
    if not doc.get("id"):
        text = "\n\n".join(str(doc.get(k) or "") for k in ("title", "summary", "body"))
        doc = {**doc, "id": brief_id_for(text)}
    for list_field in ("tags", "sources", "quotes", "sections"):
        if doc.get(list_field) is not None and not isinstance(doc[list_field], list):
            raise TypeError(f"{list_field!r} should be a list")
    return Brief.from_dict(doc)


def write_backup(home: Path, source: Path, version: int) -> Path:
    """Copy ``source`` into ``home/backups`` (durably), named after it, its version and the time.

    Returns the backup's path. The copy is written before any migration
    touches the store, so that the user can always go back.
    """
    folder = home / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{source.name}.v{version}-{stamp}.bak"
    atomic_write_bytes(target, source.read_bytes())
    return target
