"""The list's first rows, kept beside the store so that the app shows them at once.

Opening a store of 100,000 briefs reads every catalog and state shard (about a
second); the app's first screen needs only its first few dozen rows. After a
full load, and when it closes, the app saves the first rows here with the
store's commit (``store_id`` and ``seq`` of ``meta.json``); the next start shows
them if ``meta.json`` still names that commit, while the store opens behind
them. Any commit since (by this process or another) makes the file stale, and
it is then ignored: the rows shown are always the rows the store holds.

A cache, not the store of record: written atomically (never half), never
needed, and a file that cannot be read or written is skipped silently. This
module imports only what reading it needs (no search engine, no parser).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store.rows import BriefRow
from store.storage import atomic_write_bytes

if TYPE_CHECKING:
    from store.briefstore import BriefStore

#: The file, in the store's home.
HEAD_FILE = "list-head.json"
#: The meta file and its table (as :mod:`store.metafile` writes them; not imported
#: here, to keep this module light).
_META_FILE, _META_TABLE = "meta.json", "store"
#: Larger files are not read (a head holds a few hundred rows, tens of KB).
_MAX_BYTES = 4 << 20


@dataclass
class ListHead:
    """The first rows of a store's list (newest first) and how many rows it holds."""

    rows: list[BriefRow]
    total: int


def commit_of(record: dict[str, Any]) -> list[Any] | None:
    """The commit a store record names (None while a change is pending: nothing is saved)."""
    if record.get("pending") or record.get("migration"):
        return None
    return [record.get("store_id"), record.get("seq")]


def _read_json(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            return None
        return orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError):
        return None


def _row(item: list[Any]) -> BriefRow:
    brief_id, title, date, sources, speakers, tags, read, starred, note, quotes = item
    if not isinstance(brief_id, str) or not isinstance(title, str):
        raise TypeError("id and title must be strings")
    return BriefRow(brief_id, title, dt.date.fromisoformat(date) if date else None,
                    list(sources), list(speakers), list(tags), bool(read), bool(starred),
                    bool(note), int(quotes))


def read_head(home: Path) -> ListHead | None:
    """The saved first rows if they are those of the store's current commit, else None."""
    home = Path(home)
    saved = _read_json(home / HEAD_FILE)
    meta = _read_json(home / _META_FILE)
    try:
        record = meta[_META_TABLE]["1"]
        commit = commit_of(record)
        if commit is None or saved.get("commit") != commit:
            return None
        return ListHead([_row(item) for item in saved["rows"]], int(saved["total"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # no store yet, another layout, a damaged file: the store opens as usual


def save_head(store: BriefStore, limit: int) -> None:
    """Save the first ``limit`` rows of ``store``'s list with the commit they belong to.

    From memory, through the store's public reads, each under its mutex (never
    the file lock: closing the app must not wait for another process): the
    record before and after the rows names the same commit, so no commit came
    between. Nothing is saved while a change is pending or a repair waits.
    """
    before = commit_of(store.meta)
    rows = store.rows()
    total, rows = len(rows), rows[:limit]
    if before is None or store.notices or commit_of(store.meta) != before:
        return
    write_head(store.home, before, rows, total)


def write_head(home: Path, commit: list[Any], rows: list[BriefRow], total: int) -> None:
    """Save ``rows`` (the list's first rows) as the head of ``commit`` (silently, on failure)."""
    items = [[row.id, row.title, row.date.isoformat() if row.date else None, row.sources,
              row.speakers, row.tags, row.read, row.starred, row.has_note, row.quote_count]
             for row in rows]
    data = orjson.dumps({"commit": commit, "total": total, "rows": items})
    # A read-only or full disk: the next start reads the store, as without it.
    with contextlib.suppress(OSError):
        atomic_write_bytes(Path(home) / HEAD_FILE, data, durable=False)
