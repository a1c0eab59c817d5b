"""What every ``briefs`` command shares: exit codes, safe printing, JSON, opening the store.

Kept below :mod:`tui.cli` and the command modules beside it (:mod:`tui.cli_ingest`,
:mod:`tui.cli_sync`), so that none of them imports another and there is no circle.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from briefs.text import strip_controls

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_ERROR = 2

_C1_AND_DEL = re.compile(r"[\x7f-\x9f]")


def out(text: str, stream: TextIO | None = None) -> None:
    """Print user-derived text with terminal control characters removed."""
    print(strip_controls(text), file=stream or sys.stdout)


def err(text: str) -> None:
    """:func:`out` to standard error."""
    out(text, sys.stderr)


def dump_json(data: Any) -> None:
    """Print ``data`` as indented JSON that cannot carry a terminal control character."""
    # JSON escapes C0 controls itself; DEL and C1 controls would reach the terminal
    # raw, so they are written as \u escapes too (other characters stay readable).
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(_C1_AND_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def json_path(path: Path | str) -> str:
    """A path for a JSON report: undecodable bytes as escapes, never an encoding error."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def open_store(args: argparse.Namespace, *, create: bool = True,
               rebuild_index: bool = True) -> Any:
    """The store of ``--home``; read commands pass ``create=False`` (a typo is no new store).

    A stale search index is rebuilt first, with a progress bar (not with
    ``rebuild_index`` False: ``briefs reindex`` does that itself).
    """
    from store import BriefStore

    store = BriefStore.open(args.home_path, create=create, index_later=True)
    for notice in store.notices:  # e.g. a repair that waits for a writable store
        err(f"briefs: note: {notice}")
    if rebuild_index and store.index_stale():
        # Minutes on a large store (after an upgrade changed the index format, say):
        # say so, with a bar on a terminal, rather than sit silent.
        from tui.progress import progress_bar

        err("briefs: note: rebuilding the search index first")
        with progress_bar("rebuilding the search index",
                          enabled=not getattr(args, "quiet", False)) as bar:
            store.reindex(on_progress=bar)
    return store
