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

from briefs.extract.files import (
    MARKDOWN_SUFFIXES,
    SUFFIXES,
    TEXT_SUFFIXES,
    FileRefused,
    briefs_from_file,
    max_bytes_for,
    too_large_reason_for,
)
from briefs.models import Brief, normalize_tags
from store.reports import ImportReport

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
            for brief in briefs:
                if tags:
                    brief.tags = normalize_tags([*brief.tags, *tags])
                batch.append(brief)
            if len(batch) >= batch_size:
                _store(store, batch, report, tags)
                batch = []
        if on_progress is not None:
            on_progress(done, total, path)
    if batch:
        _store(store, batch, report, tags)
    return report


def _store(store: BriefStore, batch: list[Brief], report: ImportReport,
           tags: Sequence[str] = ()) -> None:
    # One id met twice in a batch (the same story in a feed file twice): the last wins.
    unique = list({brief.id: brief for brief in batch}.values())
    outcome = store.upsert_many(unique, batch_size=len(unique))
    report.imported += len(outcome.imported)
    report.updated += len(outcome.updated)
    report.unchanged += len(outcome.unchanged)
    known = outcome.updated + outcome.unchanged
    if tags and known:
        # A brief already in the store keeps its own tags; the new ones are added.
        store.add_tags(known, list(tags))


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


def _read_briefs(path: Path) -> tuple[list[Brief], list[str]]:
    """Read and parse one file; raise :class:`_Refused` with the reason."""
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
            data = handle.read(max_bytes_for(suffix) + 1)
    except OSError as error:
        raise _Refused(_os_reason(error)) from error
    try:
        found = briefs_from_file(suffix, data)
    except FileRefused as error:
        raise _Refused(str(error), other_kind=error.other_kind) from error
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # A parser bug on an odd file must not stop the import of the others.
        reason = f"{type(error).__name__}: {_one_line(str(error))}"
        raise _Refused(f"could not parse ({reason})") from error
    return found.briefs, found.warnings


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
