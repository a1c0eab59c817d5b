"""The tantivy side of the search index: schema, documents, the commit pointer.

Layout of the index folder::

    current.json     the pointer: {"format", "dir", "generation"}; replaced atomically
    t000003/         the tantivy index it names (tantivy's own files and meta.json)

An update writes into the current tantivy folder (tantivy publishes a commit
by replacing its own ``meta.json`` atomically), then replaces ``current.json``
with the new store generation. A rebuild writes a whole new folder, then
points ``current.json`` at it and removes the old one. A crash at any point
leaves either the previous state or a pointer whose generation is behind
the store's, which the store answers with a rebuild.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
import tantivy

from briefs.models import Brief
from store.search.analysis import ANALYSERS, FOLDED, STEMMED, field_items, searchable
from store.storage import atomic_write_bytes, read_json_file

#: Bumped whenever the schema or the analysers change: an older index reads as stale.
FORMAT = 3
POINTER = "current.json"
_DIR_RE = re.compile(r"^t(\d{6})$")

#: The four ranked parts of a brief and their weights (title, quoted statements,
#: summary, body). Indexed as ``all`` (every part: BM25 over the whole brief, as
#: FTS5 ranks) plus the first three on their own, for their extra weight.
TEXT_FIELDS = ("title", "quotes", "summary", "body")
FIELD_WEIGHTS = {"title": 3.0, "quotes": 2.5, "summary": 1.5, "body": 1.0}
BONUS_FIELDS = ("title", "quotes", "summary")
#: Writer memory: an update (an import commits once per batch of 500 briefs,
#: about 1.5 MB of text) fits in one heap; a rebuild commits once, flushing a
#: segment whenever its heap fills.
UPDATE_HEAP, REBUILD_HEAP = 48_000_000, 200_000_000


def build_schema() -> tantivy.Schema:
    """The index schema: the id, the ranked fields, the word list, speakers, date."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in (*BONUS_FIELDS, "all"):
        builder.add_text_field(name, tokenizer_name=STEMMED)
    # Unstemmed words, for prefixes and "did you mean" (no positions needed).
    builder.add_text_field("words", tokenizer_name=FOLDED, index_option="basic")
    builder.add_text_field("speakers", tokenizer_name=FOLDED)
    builder.add_integer_field("date", indexed=True, fast=True)  # proleptic ordinal, 0 = none
    # The id as a number filters read for thousands of hits without loading documents.
    builder.add_unsigned_field("key", fast=True)
    return builder.build()


SCHEMA = build_schema()


def key_of(brief_id: str) -> int:
    """The number of a brief id in the ``key`` fast field (CRC-32: cheap to compute in bulk).

    A collision only costs time: every hit a filter lets through by its key is
    checked against its row before it is returned.
    """
    return zlib.crc32(brief_id.encode())


def keys_of(ids: Iterable[str]) -> Iterator[int]:
    """:func:`key_of` of many ids (in C: thousands per filter)."""
    return map(zlib.crc32, map(str.encode, ids))


def document(brief: Brief) -> tantivy.Document:
    """The tantivy document of one brief."""
    doc = tantivy.Document()
    doc.add_text("id", brief.id)
    for name, items in zip(TEXT_FIELDS, field_items(brief), strict=True):
        for item in items:
            text = searchable(item)
            if name != "body":
                doc.add_text(name, text)
            doc.add_text("all", text)  # separate values: no phrase spans two of them
            # The same text again: tantivy tokenises it faster than Python could
            # pick out the distinct words (the field keeps no frequencies anyway).
            doc.add_text("words", text)
    for speaker in brief.speakers:
        doc.add_text("speakers", searchable(speaker))
    doc.add_integer("date", brief.date.toordinal() if brief.date else 0)
    doc.add_unsigned("key", key_of(brief.id))
    return doc


def open_index(path: Path) -> tantivy.Index:
    """Open (or create) the tantivy index in ``path`` with Briefs' analysers registered."""
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(SCHEMA, str(path), reuse=True)
    for name, analyser in ANALYSERS.items():
        index.register_tokenizer(name, analyser)
    index.config_reader("Manual")
    return index


def read_pointer(folder: Path) -> dict[str, Any] | None:
    """The pointer record, or None when there is none; raises on a damaged one."""
    record = read_json_file(folder / POINTER)
    if record is None:
        return None
    if not isinstance(record, dict) or not _DIR_RE.match(str(record.get("dir", ""))):
        raise ValueError(f"{POINTER} is not an index pointer")
    return {"format": int(record["format"]), "dir": str(record["dir"]),
            "generation": int(record["generation"])}


def write_pointer(folder: Path, directory: str, generation: int) -> None:
    """Replace the pointer (the commit point of the whole index), durably."""
    record = {"format": FORMAT, "dir": directory, "generation": int(generation)}
    atomic_write_bytes(folder / POINTER, orjson.dumps(record))


def new_directory(folder: Path) -> str:
    """A tantivy folder name never used before in ``folder``."""
    highest = 0
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if match := _DIR_RE.match(entry.name):
                highest = max(highest, int(match.group(1)))
    return f"t{highest + 1:06d}"


def remove_strays(folder: Path, keep: str | None) -> None:
    """Remove tantivy folders other than ``keep`` (left by a rebuild or a crash)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if _DIR_RE.match(entry.name) and entry.name != keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(f".{POINTER}.") and entry.name.endswith(".tmp"):
                entry.unlink(missing_ok=True)


def committed_files(path: Path) -> Iterator[tuple[Path, int]]:
    """Every file tantivy's ``meta.json`` in ``path`` relies on, with the size tantivy needs.

    Used by the doctor: a missing or truncated segment file is damage.
    """
    meta = orjson.loads((path / "meta.json").read_bytes())
    for segment in meta.get("segments", []):
        uuid = str(segment["segment_id"]).replace("-", "")
        for found in path.glob(f"{uuid}.*"):
            yield found, found.stat().st_size
        if not any(path.glob(f"{uuid}.*")):
            raise FileNotFoundError(f"segment {uuid} has no files")
