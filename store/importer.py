"""Importing article files: folders walked recursively, each file decoded, parsed, stored.

One bad file never stops an import: it is reported with a one-line reason
(through ``on_error`` as it happens, and in :class:`ImportReport.failed`) and
the rest go on. Briefs are stored in batches, so memory stays flat on a folder
of any size: only the file names are collected up front (for the progress
total), and at most ``batch_size`` parsed briefs are held at a time.

Which reader a file takes (plain text, Markdown brief, web page, feed, email,
mailbox) is decided by :func:`briefs.extract.files.briefs_from_file`, shared
with ``briefs parse``.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.decode import UndecodableError
from briefs.extract.files import (
    MARKDOWN_SUFFIXES,
    SUFFIXES,
    TEXT_SUFFIXES,
    FileRefused,
    briefs_from_file,
    max_bytes_for,
    too_large_reason_for,
)
from briefs.models import Brief, normalize_tags, tag_key
from briefs.text import clean_line
from store.reports import ImportReport, UpsertReport

if TYPE_CHECKING:
    from store.briefstore import BriefStore

__all__ = ["MARKDOWN_SUFFIXES", "SUFFIXES", "TEXT_SUFFIXES", "import_paths"]

#: File names skipped inside folders unless named explicitly: a folder's README
#: describes the folder, it is not an article.
DEFAULT_EXCLUDES = ("README*", "readme*")

OnProgress = Callable[[int, int | None, Path], None]
OnError = Callable[[Path, str], None]


class _Refused(Exception):
    """A file that cannot be imported; the message is the one-line reason."""

    def __init__(self, reason: str, *, other_kind: bool = False) -> None:
        super().__init__(reason)
        self.other_kind = other_kind


def import_paths(
    store: BriefStore,
    paths: Sequence[Path],
    *,
    tags: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_progress: OnProgress | None = None,
    on_error: OnError | None = None,
    batch_size: int = 500,
) -> ImportReport:
    """Import files and folders (recursively) into ``store``.

    ``.txt`` files are parsed as plain-text articles, ``.md``/``.markdown``
    files as Markdown briefs, ``.html``/``.htm`` as web pages, ``.xml``/
    ``.rss``/``.atom``/``.json`` as feeds (one brief per entry), ``.eml`` as
    an email and ``.mbox`` as a mailbox (one brief per message). Inside
    folders other files are skipped, and so are files matching an ``exclude``
    glob (on the name or the path below the folder) or ``README*``; a file
    named explicitly with another ending is reported. Every brief gets
    ``tags`` (added to a brief already in the store). ``on_progress(done,
    total, path)`` is called after each file, ``on_error(path, reason)`` for
    each file that fails.
    """
    report = ImportReport()
    tags = normalize_tags(list(tags))
    found_files: dict[Path, None] = {}  # a file named twice (or in two named folders) once
    named = {Path(path) for path in paths}
    for path in paths:
        for found in _walk(Path(path), tuple(exclude)):
            if isinstance(found, Path):
                found_files[found] = None
            else:
                _fail(report, on_error, *found)
    files = list(found_files)
    with store.importing():  # one search-index commit for the whole run
        _import_files(store, files, named, report, tags, on_progress, on_error, batch_size)
    return report


def _import_files(store: BriefStore, files: list[Path], named: set[Path], report: ImportReport,
                  tags: Sequence[str], on_progress: OnProgress | None,
                  on_error: OnError | None, batch_size: int) -> None:
    total = len(files)
    batch: list[Brief] = []
    for done, path in enumerate(files, 1):
        try:
            briefs, warnings = _read_briefs(path)
        except _Refused as refusal:
            if refusal.other_kind and path not in named:
                # A settings .json or a non-feed .xml inside a folder: not ours.
                report.warnings.append((path, f"skipped: {refusal}"))
            else:
                _fail(report, on_error, path, str(refusal))
        else:
            report.warnings.extend((path, warning) for warning in warnings)
            batch.extend(briefs)
            if len(batch) >= batch_size:
                _store(store, batch, report, tags)
                batch = []
        if on_progress is not None:
            on_progress(done, total, path)
    if batch:
        _store(store, batch, report, tags)


def _store(store: BriefStore, batch: list[Brief], report: ImportReport,
           tags: Sequence[str] = ()) -> None:
    outcome = store_tagged(store, batch, tags)
    report.imported += len(outcome.imported)
    report.updated += len(outcome.updated)
    report.unchanged += len(outcome.unchanged)


def store_tagged(store: BriefStore, briefs: Sequence[Brief], tags: Sequence[str]) -> UpsertReport:
    """Upsert ``briefs`` (one id met twice: the last wins), each tagged with ``tags``.

    A new brief gets the tags in the same transaction as its content. A brief
    already in the store keeps the reader's tags (or takes its file's own, for a
    Markdown brief that has some); the tags are then added to it, so importing
    or fetching a story again with another tag never drops the tags it had.
    """
    unique = list({brief.id: brief for brief in briefs}.values())
    tags = normalize_tags(list(tags))
    known = set(store.fingerprints([brief.id for brief in unique])) if tags else set()
    keys = {tag_key(tag) for tag in tags}
    for brief in unique:
        if brief.id in known:
            brief.tags = [tag for tag in brief.tags if tag_key(tag) not in keys]
        else:
            brief.tags = normalize_tags([*brief.tags, *tags])
    outcome = store.upsert_many(unique, batch_size=max(1, len(unique)))
    if known:
        store.add_tags(sorted(known), tags)
    return outcome


def _fail(report: ImportReport, on_error: OnError | None, path: Path, reason: str) -> None:
    report.failed.append((path, reason))
    if on_error is not None:
        on_error(path, reason)


def _walk(path: Path, exclude: tuple[str, ...] = ()) -> Iterator[Path | tuple[Path, str]]:
    """The importable files under ``path`` in name order, or (path, reason) for a bad one."""
    problem = _stat_problem(path)
    if problem:
        yield (path, problem)
    elif path.is_dir():
        patterns = DEFAULT_EXCLUDES + exclude
        for found in _walk_folder(path, set()):
            if isinstance(found, Path) and _excluded(found, path, patterns):
                continue
            yield found
    elif path.suffix.lower() in SUFFIXES:
        yield path
    else:
        yield (path, f"not an article file (expected {', '.join(SUFFIXES)})")


def _excluded(path: Path, root: Path, patterns: tuple[str, ...]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatchcase(path.name, p) or fnmatch.fnmatchcase(relative, p)
               for p in patterns)


def _walk_folder(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | tuple[Path, str]]:
    # Folders are identified by (device, inode), so a symbolic link back to a
    # parent is reported once rather than walked forever.
    info = folder.stat()
    if (info.st_dev, info.st_ino) in seen:
        yield (folder, "symbolic link loop (this folder is already being imported)")
        return
    seen.add((info.st_dev, info.st_ino))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield (folder, _os_reason(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, editor swap files)
        child = Path(entry.path)
        problem = _stat_problem(child)
        if problem:
            if child.suffix.lower() in SUFFIXES or entry.is_symlink():
                yield (child, problem)
        elif child.is_dir():
            yield from _walk_folder(child, seen)
        elif child.suffix.lower() in SUFFIXES:
            yield child


def _stat_problem(path: Path) -> str | None:
    """Why ``path`` cannot be followed (missing, broken link, link loop), else None."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if error.errno == errno.ENOENT and path.is_symlink():
            return f"broken symbolic link (points to {os.readlink(path)})"
        return _os_reason(error)
    return None


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (cannot read this file)"
    return f"cannot read ({error.strerror or error})"


def read_briefs_file(path: Path) -> tuple[list[Brief], list[str]]:
    """The briefs in one file of any kind the importer reads, and any warnings.

    Read as the importer reads it: only a regular file is opened (a named pipe
    or ``/dev/zero`` cannot hang it), its size is checked before a byte is read,
    and at most the limit for its kind is read. Raises :class:`UndecodableError`
    with a one-line reason for a file that cannot be read, decoded or parsed.
    """
    try:
        return _read_briefs(path)
    except _Refused as refusal:
        raise UndecodableError(str(refusal)) from refusal


def _read_bytes(path: Path) -> bytes:
    suffix = path.suffix.lower()
    try:
        # O_NONBLOCK so that a named pipe cannot hang the import; the type and
        # size are checked on the open file, before reading a byte of it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _Refused("not a regular file")
            too_large = too_large_reason_for(suffix, info.st_size)
            if too_large:
                raise _Refused(too_large)
            # Bounded even if the file grows meanwhile; the readers refuse the excess.
            return handle.read(max_bytes_for(suffix) + 1)
    except OSError as error:
        raise _Refused(_os_reason(error)) from error


def _read_briefs(path: Path) -> tuple[list[Brief], list[str]]:
    """Read and parse one file; raise :class:`_Refused` with the reason."""
    data = _read_bytes(path)
    try:
        found = briefs_from_file(path.suffix.lower(), data)
    except FileRefused as error:
        raise _Refused(str(error), other_kind=error.other_kind) from error
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # A parser bug on an odd file must not stop the import of the others.
        reason = f"{type(error).__name__}: {_one_line(str(error))}"
        raise _Refused(f"could not parse ({reason})") from error
    for brief in found.briefs:
        problem = id_problem(brief.id)
        if problem:
            raise _Refused(problem)
    return found.briefs, found.warnings


def id_problem(brief_id: str) -> str | None:
    """Why ``brief_id`` cannot be a brief's id (empty, spaces, control characters), or None."""
    if clean_line(brief_id) == brief_id and brief_id:
        return None
    shown = repr(brief_id) if len(brief_id) <= 40 else repr(brief_id[:40]) + "..."
    if not clean_line(brief_id):
        return (f"its id is empty ({shown}); give it an id, or remove the 'id:' line "
                f"to have one made from its text")
    return (f"its id {shown} has control characters or surrounding or repeated spaces; "
            f"give it a plain id")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
