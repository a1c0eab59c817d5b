"""The tantivy side of the search index: schema, documents, the folder's files and the commit
pointer ``current.json`` (docs/search-design.md, "Files, commits and crashes")."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import tantivy

from briefs.models import Brief
from briefs.text import fold
from store.search.analysis import ANALYSERS, FOLDED, STEMMED, field_items, searchable
from store.storage import atomic_write_bytes, read_json_file

#: Bumped whenever the schema or the analysers change: an older index reads as stale.
FORMAT = 5
POINTER, RESTATED = "current.json", "restated"
_DIR_RE = re.compile(r"^t(\d{6})$")

#: The ranked parts of a brief and their weights: all in ``all``, three also alone.
TEXT_FIELDS = ("title", "quotes", "summary", "body")
FIELD_WEIGHTS = {"title": 3.0, "quotes": 2.5, "summary": 1.5, "body": 1.0}
BONUS_FIELDS = ("title", "quotes", "summary")
#: Filter fields, one raw term per folded value: what ``tag:``, ``is:``, ``source:``
#: and ``speaker:`` look up (the reading state as of the document's last write).
FILTER_FIELDS = {"tag": "tags", "is": "state", "source": "sources", "speaker": "speakers"}
#: Writer memory: a rebuild's 50 MB is as fast as 200 MB and peaks 100 MB lower (benchmarks.md).
UPDATE_HEAP, REBUILD_HEAP = 48_000_000, 50_000_000


def build_schema() -> tantivy.Schema:
    """The id, the ranked fields, the word list, the filters, the date."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in (*BONUS_FIELDS, "all"):
        builder.add_text_field(name, tokenizer_name=STEMMED)
    # Unstemmed words (not the body's), for "did you mean" and prefixes past a stem.
    builder.add_text_field("words", tokenizer_name=FOLDED, index_option="basic")
    for name in FILTER_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("date", indexed=True, fast=True)  # proleptic ordinal, 0 = none
    return builder.build()


SCHEMA = build_schema()


def state_terms(read: bool, starred: bool) -> list[str]:
    """The ``is:`` values a reading state passes."""
    return ["read" if read else "unread", *(["starred"] if starred else [])]


def document(brief: Brief) -> tantivy.Document:
    """The tantivy document of one brief."""
    doc = tantivy.Document()
    doc.add_text("id", brief.id)
    for name, items in zip(TEXT_FIELDS, field_items(brief), strict=True):
        for item in items:
            text = searchable(item)
            doc.add_text("all", text)  # separate values: no phrase spans two of them
            if name != "body":  # nor in "did you mean"'s words: the body's are half the cost
                doc.add_text(name, text)
                doc.add_text("words", text)
    for name, texts in (("tags", brief.tags), ("state", state_terms(brief.read, brief.starred)),
                        ("sources", brief.sources), ("speakers", brief.speakers)):
        for text in texts:
            doc.add_text(name, fold(text))
    doc.add_integer("date", brief.date.toordinal() if brief.date else 0)
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
    if (record := read_json_file(folder / POINTER)) is None:
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
    with contextlib.suppress(OSError):
        found = [int(m.group(1)) for e in folder.iterdir() if (m := _DIR_RE.match(e.name))]
        return f"t{max(found, default=0) + 1:06d}"
    return "t000001"


def remove_strays(folder: Path, keep: str | None) -> None:
    """Remove tantivy folders other than ``keep`` (left by a rebuild or a crash)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if _DIR_RE.match(entry.name) and entry.name != keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
                entry.unlink(missing_ok=True)


def committed_files(path: Path) -> Iterator[Path]:
    """Every file tantivy's ``meta.json`` in ``path`` relies on (for the doctor)."""
    meta = orjson.loads((path / "meta.json").read_bytes())
    for segment in meta.get("segments", []):
        uuid = str(segment["segment_id"]).replace("-", "")
        if not (found := list(path.glob(f"{uuid}.*"))):
            raise FileNotFoundError(f"segment {uuid} has no files")
        yield from found
