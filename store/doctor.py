"""``briefs doctor``: read every file of a store, cross-check them, report in plain lines.

Nothing is written. Findings that make the store wrong (a file that cannot be
read, a row without its article, a stale search index) set ``ok`` to False;
harmless leftovers (an unlisted shard from an interrupted write) are reported
as notes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import StoreCorruptError
from store.migrations import BACKUP_FOLDER, V0_FILE
from store.reports import DoctorReport
from store.shards import (
    CATALOG,
    CONTENT,
    KINDS,
    QUOTES,
    STATE,
    ShardKind,
    Table,
    content_digest,
    content_shards_of_segment,
    is_shard_name,
    read_table,
)

if TYPE_CHECKING:
    from store.engine import Engine

_KNOWN_TOP = {"meta.json", "saved.json", "feeds.json", ".lock", "index", BACKUP_FOLDER} | {
    kind.folder for kind in KINDS
}


class _Findings:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.ok = True
        self.files = 0

    def info(self, line: str) -> None:
        self.lines.append(line)

    def problem(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"PROBLEM: {line}")

    def note(self, line: str) -> None:
        self.lines.append(f"note: {line}")


def check_engine(engine: Engine, tag_count: int) -> DoctorReport:
    """:func:`check` on an open store's engine (its lock held), with its search index."""
    index, meta = engine.index, dict(engine.meta.record)
    return check(engine.home, meta, None if index is None else index.generation, tag_count,
                 list(engine.notices), index_damage=None if index is None else index.check(),
                 index_catching_up=index is not None
                 and not index.needs_rebuild(meta["generation"]))


def check(home: Path, meta: dict, index_generation: int | None, tag_count: int,
          notices: Sequence[str] = (), *, index_damage: str | None = None,
          index_catching_up: bool = False) -> DoctorReport:
    """Check every file of the store in ``home`` (its lock held by the caller) and report.

    ``meta`` is the store record as loaded, ``index_generation`` the generation
    the open search index reflects, ``tag_count`` how many tags the store has,
    ``notices`` what the store said on the way (a repair that waits),
    ``index_damage`` what is wrong with the index's files (None when whole),
    ``index_catching_up`` whether an import holds the index's writer (it brings
    an index that is behind up to date when it ends).
    """
    found = _Findings()
    found.info(
        f"store {home}: schema {meta['schema']}, content generation {meta['generation']}, "
        f"commit {meta['seq']}"
    )
    found.files += 1  # meta.json, read to open the store
    for notice in notices:
        found.note(notice)
    if meta.get("pending"):
        found.problem("an interrupted update is recorded in meta.json (repaired on the next write)")
    if meta.get("migration"):
        found.problem("a migration was interrupted (it resumes when the store is next opened)")

    shards = {kind.folder: _survey(home, kind, meta, found) for kind in KINDS}
    briefs, quotes, highest = _cross_check(home, shards, found)
    if meta["next_serial"] <= highest:
        found.problem(
            f"meta.json: next_serial is {meta['next_serial']}, but serial {highest} is in use: "
            f"new briefs would be written over existing ones (the store skips past the serials "
            f"in use, and the next import corrects it)"
        )
    _check_saved(home, found)
    _check_index(index_generation, index_damage, meta, found, catching_up=index_catching_up)
    tables = {f"{name}.json" for name in meta["versions"] if name not in shards}
    _check_leftovers(home, tables, found)
    _list_backups(home, found)
    found.info(
        f"{found.files} files checked: {briefs} briefs, {quotes} quoted statements, "
        f"{tag_count} tags"
    )
    found.info("no problems found" if found.ok else "problems found: see the lines above")
    return DoctorReport(ok=found.ok, lines=found.lines)


def _survey(home: Path, kind: ShardKind, meta: dict, found: _Findings) -> set[int]:
    """The shards of ``kind`` to read: listed in meta.json and present; reports the others."""
    listed = {int(k) for k in meta["versions"][kind.folder]}
    folder = home / kind.folder
    present = (
        {int(name[:5]) for name in os.listdir(folder) if is_shard_name(name)}
        if folder.is_dir() else set()
    )
    for shard in sorted(listed - present):
        found.problem(f"{kind.path(home, shard)}: missing (meta.json lists it)")
    for shard in sorted(present - listed):
        found.note(
            f"{kind.path(home, shard)}: not recorded in meta.json "
            f"(left by an interrupted write); ignored"
        )
    found.info(f"{kind.folder}/: {len(listed)} files")
    return listed & present


def _read(home: Path, kind: ShardKind, shard: int, usable: set[int], found: _Findings) -> Table:
    if shard not in usable:
        return {}
    found.files += 1
    try:
        return read_table(kind.path(home, shard), kind.table) or {}
    except StoreCorruptError as error:
        found.problem(f"{error.path}: {error.reason}")
        return {}


def _cross_check(
    home: Path, shards: dict[str, set[int]], found: _Findings
) -> tuple[int, int, int]:
    """Rows against articles, quotes and state against rows, a segment at a time.

    One segment's files are in memory at a time, so the doctor's memory does
    not grow with the collection. Returns (briefs, quoted statements, highest serial).
    """
    seen: dict[str, str] = {}
    briefs = quote_count = highest = 0
    segments = (
        shards[CATALOG.folder] | shards[QUOTES.folder] | shards[STATE.folder]
        | {CATALOG.shard_of(s * CONTENT.size) for s in shards[CONTENT.folder]}
    )
    for segment in sorted(segments):
        rows = _read(home, CATALOG, segment, shards[CATALOG.folder], found)
        articles: Table = {}
        for shard in content_shards_of_segment(segment):
            articles.update(_read(home, CONTENT, shard, shards[CONTENT.folder], found))
        highest = max([highest, *map(int, rows), *map(int, articles)])
        for key, row in rows.items():
            briefs += 1
            brief_id = str(row.get("id"))
            if brief_id in seen:
                found.problem(
                    f"brief {brief_id} is listed twice (documents {seen[brief_id]}, {key})"
                )
            seen[brief_id] = key
            article = articles.get(key)
            if article is None:
                found.problem(f"brief {brief_id}: its article is missing from content/")
            elif content_digest(article) != row.get("digest"):
                found.problem(f"brief {brief_id}: its row does not match its article")
        for key in articles.keys() - rows.keys():
            found.problem(f"content/: article {articles[key].get('id')} has no row (an orphan)")
        for key, doc in _read(home, QUOTES, segment, shards[QUOTES.folder], found).items():
            quote_count += len(doc.get("quotes") or [])
            if key not in rows:
                found.problem(f"quotes/: document {key} belongs to no brief (an orphan)")
            elif len(doc.get("quotes") or []) != rows[key].get("quotes"):
                found.problem(f"brief {rows[key].get('id')}: quotes do not match its row")
        state = _read(home, STATE, segment, shards[STATE.folder], found)
        for key in state.keys() - rows.keys():
            found.problem(f"state/: reading state {key} belongs to no brief (an orphan)")
    return briefs, quote_count, highest


def _check_saved(home: Path, found: _Findings) -> None:
    path = home / "saved.json"
    if not path.exists():
        return
    found.files += 1
    try:
        table = read_table(path, "saved_searches") or {}
    except StoreCorruptError as error:
        found.problem(f"{path}: {error.reason}")
        return
    found.info(f"saved.json: {len(table)} saved searches")


def _check_index(generation: int | None, damage: str | None, meta: dict,
                 found: _Findings, *, catching_up: bool = False) -> None:
    if damage:
        found.problem(f"search index: damaged ({damage}); run `briefs reindex`")
    elif generation == meta["generation"]:
        found.info(f"search index: up to date (generation {generation})")
    elif catching_up:
        found.info(f"search index: an import is writing it (generation {generation}, the "
                   f"store is at {meta['generation']}); it is brought up to date when it ends")
    else:
        found.problem(
            f"search index: stale (it reflects generation {generation}, the store is at "
            f"{meta['generation']}); run `briefs reindex`"
        )


def _check_leftovers(home: Path, tables: set[str], found: _Findings) -> None:
    for folder in (home, *(home / kind.folder for kind in KINDS)):
        if not folder.is_dir():
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith(".") and name.endswith((".tmp", ".staged")):
                found.note(f"{folder / name}: temporary file of an interrupted write")
            elif folder == home and name not in _KNOWN_TOP | tables:
                hint = " (a version-0 store; it was already migrated)" if name == V0_FILE else ""
                found.note(f"{folder / name}: not part of the store{hint}")


def _list_backups(home: Path, found: _Findings) -> None:
    folder = home / BACKUP_FOLDER
    backups = sorted(folder.iterdir()) if folder.is_dir() else []
    if not backups:
        found.info("backups: none")
        return
    for path in backups:
        stat = path.stat()
        when = dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
        found.info(f"backup: {path} ({stat.st_size / 1024:.0f} KB, {when})")
