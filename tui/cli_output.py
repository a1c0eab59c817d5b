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


def open_store(args: argparse.Namespace, *, create: bool = True) -> Any:
    """The store of ``--home``; read commands pass ``create=False`` (a typo is no new store)."""
    from store import BriefStore

    store = BriefStore.open(args.home_path, create=create)
    for notice in store.notices:  # e.g. a repair that waits for a writable store
        err(f"briefs: note: {notice}")
    return store
