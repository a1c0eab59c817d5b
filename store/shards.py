"""The store's files: which shard holds a brief, and reading/writing one shard.

Every brief gets a *serial* (a TinyDB document id, never reused) when it first
enters the store. Its serial decides where each part of it lives:

* ``content/NNNNN.json``: the article (everything but the reader's state),
  64 briefs a file, so opening one brief parses ~200 KB, not the collection;
* ``catalog/NNNNN.json``: the listing rows (title, date, sources, speakers,
  content digest), 1,024 a file, all read on open;
* ``quotes/NNNNN.json``: the quoted statements (text, speaker), 1,024 briefs a
  file, read only by :meth:`store.BriefStore.quotes`;
* ``state/NNNNN.json``: the reader's tags, read/starred flags and note, only
  for briefs that have any, 1,024 briefs a file: the file a tag edit rewrites.

Serials grow with every import, so an import appends to the last files
instead of rewriting the whole collection. Each file is a plain TinyDB
database (``{"table": {"<doc id>": {...}}}``) written by
:class:`~store.storage.AtomicJSONStorage`; ``TinyDB(path)`` reads any of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from briefs.models import Brief
from store.errors import StoreCorruptError
from store.storage import AtomicJSONStorage, write_unsynced

#: A document of a TinyDB table, as stored (keys are the string form of doc ids).
Doc = dict[str, Any]
#: A whole table: doc id (as a string) -> document.
Table = dict[str, Doc]

#: The reader's fields of a Brief; everything else is content.
PERSONAL_FIELDS = ("tags", "read", "starred", "note")


@dataclass(frozen=True)
class ShardKind:
    """One family of shard files: its folder, TinyDB table name and serials per file."""

    folder: str
    table: str
    size: int

    def shard_of(self, serial: int) -> int:
        """The number of the shard file holding ``serial``."""
        return serial // self.size

    def path(self, home: Path, shard: int) -> Path:
        """The file of shard number ``shard`` under ``home``."""
        return home / self.folder / f"{shard:05d}.json"


#: 64 articles (~200 KB) a file: a brief opens by parsing one small file.
CONTENT = ShardKind("content", "briefs", 64)
#: Rows, quotes and reading state are grouped by the same 1,024-serial segment.
SEGMENT_SIZE = 1024
CATALOG = ShardKind("catalog", "rows", SEGMENT_SIZE)
QUOTES = ShardKind("quotes", "quotes", SEGMENT_SIZE)
STATE = ShardKind("state", "state", SEGMENT_SIZE)
KINDS = (CONTENT, CATALOG, QUOTES, STATE)
KIND_BY_FOLDER = {kind.folder: kind for kind in KINDS}

_SHARD_NAME = re.compile(r"^\d{5}\.json$")
#: The ending of a staged shard file (the next version of a shard, beside it).
STAGED_SUFFIX = ".json.staged"


def is_shard_name(name: str) -> bool:
    """True when ``name`` is how a shard file is named (``00042.json``)."""
    return bool(_SHARD_NAME.match(name))


def content_shards_of_segment(segment: int) -> range:
    """The content shard numbers whose serials fall in catalog segment ``segment``."""
    per_segment = SEGMENT_SIZE // CONTENT.size
    return range(segment * per_segment, (segment + 1) * per_segment)


def read_table(path: Path, table: str) -> Table | None:
    """One table of a TinyDB file, checked for shape; None when the file does not exist.

    Raises :class:`StoreCorruptError` naming ``path`` when the file is
    unreadable or not a TinyDB database of documents.
    """
    data = AtomicJSONStorage(path).read()
    if data is None:
        return None
    docs = data.get(table, {})
    for key, doc in docs.items():
        if not key.isdigit() or not isinstance(doc, dict):
            raise StoreCorruptError(path, f"table {table!r}: {key!r} is not a TinyDB document")
    return docs


def write_table(path: Path, table: str, docs: Table) -> None:
    """Replace ``path`` atomically with a TinyDB database holding one table.

    A staged file (``.00042.json.staged``) is written in place, unsynced:
    :meth:`store.shardio.ShardFiles.sync_staged` syncs all of a change's staged
    files and their folders at once, before the intent that lists them.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(STAGED_SUFFIX):
        write_unsynced(path, orjson.dumps({table: docs}))
    else:
        AtomicJSONStorage(path).write({table: docs})


def content_doc(brief: Brief) -> Doc:
    """The content document of ``brief``: its JSON shape without the reader's state."""
    doc = brief.to_dict()
    for key in PERSONAL_FIELDS:
        del doc[key]
    return doc


def content_digest(doc: Doc) -> str:
    """A fingerprint of a content document: equal digests mean an unchanged article."""
    data = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def state_doc(tags: list[str], read: bool, starred: bool, note: str) -> Doc | None:
    """The stored reading state, or None when it is the default (nothing is stored then)."""
    if not (tags or read or starred or note):
        return None
    return {"tags": list(tags), "read": read, "starred": starred, "note": note}


def state_of_brief(brief: Brief) -> Doc | None:
    """The reading state ``brief`` carries (see :func:`state_doc`)."""
    return state_doc(brief.tags, brief.read, brief.starred, brief.note)


def quotes_doc(brief: Brief) -> Doc | None:
    """The quotes document of ``brief`` (None when it quotes nobody)."""
    if not brief.quotes:
        return None
    return {"quotes": [[quote.text, quote.speaker] for quote in brief.quotes]}


def catalog_doc(brief: Brief, digest: str) -> Doc:
    """The listing row document of ``brief``."""
    return {
        "id": brief.id,
        "title": brief.title,
        "date": brief.date.isoformat() if brief.date else None,
        "sources": list(brief.sources),
        "speakers": brief.speakers,
        "quotes": len(brief.quotes),
        "digest": digest,
    }


def brief_from_docs(content: Doc, state: Doc | None) -> Brief:
    """Rebuild a Brief from its content document and reading state."""
    if not state:
        return Brief.from_dict(content)
    merged = dict(content)
    merged["tags"] = state.get("tags") or []
    merged["read"] = bool(state.get("read"))
    merged["starred"] = bool(state.get("starred"))
    merged["note"] = state.get("note") or ""
    return Brief.from_dict(merged)
