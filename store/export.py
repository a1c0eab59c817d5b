"""Export briefs as Markdown brief files, one per brief, readable back by ``briefs import``.

Below the UI so that the app, the command line and the sync engine
(:mod:`store.sync`) share one file naming.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from briefs import Brief, write_markdown
from briefs.text import fold
from store.storage import atomic_write_bytes

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class _BriefSource(Protocol):
    def get_many(self, ids: Sequence[str]) -> list[Brief]: ...


def export_filename(brief: Brief) -> str:
    """``2025-02-21-us-and-russian-representatives-4ce23b86cf1bdcde.md``: sortable, portable.

    The whole id is part of the name, so two briefs never share a file; an id
    with characters a file name cannot hold (``news/2025``) is reduced to
    letters, digits and dashes plus a hash of the real id.
    """
    slug = _NOT_SLUG.sub("-", fold(brief.title)).strip("-")[:60].rstrip("-") or "brief"
    date = brief.date.isoformat() if brief.date else "undated"
    return f"{date}-{slug}-{safe_file_stem(brief.id)}.md"


def safe_file_stem(brief_id: str) -> str:
    """The brief id as a portable file name part: itself when it is lower-case letters,
    digits and dashes (every generated id is), else those characters plus a hash of the id.

    It depends on the id alone, so a brief keeps its file name whatever else changes.
    """
    safe_id = _NOT_SLUG.sub("-", brief_id.lower()).strip("-")[:40]
    if safe_id != brief_id:
        digest = hashlib.blake2b(brief_id.encode("utf-8"), digest_size=4).hexdigest()
        safe_id = f"{safe_id}-{digest}" if safe_id else digest
    return safe_id


def export_briefs(store: _BriefSource, ids: Sequence[str], target: Path,
                  *, batch_size: int = 500) -> list[Path]:
    """Write each brief to ``target`` (created if missing); returns the files written.

    Files are written atomically, so an interrupted export leaves whole files only.
    """
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for start in range(0, len(ids), batch_size):
        for brief in store.get_many(ids[start:start + batch_size]):
            path = target / export_filename(brief)
            atomic_write_bytes(path, write_markdown(brief).encode("utf-8"), durable=False)
            written.append(path)
    return written
