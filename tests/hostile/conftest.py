"""Hostile text, broken files and helpers shared by the hostile-input tests.

Every name, place and outlet here is invented. The hostile strings are what a
stranger's article, a hand-edited Markdown brief or another tool could put in a
title, a quote, a tag or a note: Textual/Rich markup, action links, template
variables, backslashes, emoji, and terminal escape sequences.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefs import Brief, Quote
from store import BriefStore
from tui.cli import main

#: Markup that crashes Textual (``[/]`` closes nothing), styles text, runs an
#: action when clicked, opens a link, or names a variable; then backslashes and emoji.
MARKUP_PIECES = (
    "[/]",
    "[bold]x",
    "[@click=app.quit]quit[/]",
    '[link="https://example.com"]x[/link]',
    "$variable",
    "back\\slash",
    "\\[b]",
    "🦊🗞️",
)
HOSTILE = " ".join(MARKUP_PIECES)

#: Terminal escape payloads: set the window title (OSC), clear the screen (CSI),
#: an 8-bit CSI, a DCS string, and a bare BEL.
ESCAPE_PAYLOADS = (
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x1bP+q544e\x1b\\",
    "\x07",
)

#: Any C0 control except tab and newline, DEL, any C1 control.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HOSTILE_ID = "0badc0de0badc0de"
OTHER_ID = "0123456789abcdef"


def has_controls(text: str) -> bool:
    """True when ``text`` holds a terminal control character (tab and newline allowed)."""
    return CONTROL_CHARS.search(text) is not None


def hostile_brief(**changes: object) -> Brief:
    """A brief with hostile text in every field a reader sees."""
    fields: dict[str, object] = {
        "id": HOSTILE_ID,
        "title": f"Title {HOSTILE}",
        "date": dt.date(2025, 3, 14),
        "summary": f"Summary {HOSTILE}",
        "quotes": [Quote(f"Quote {HOSTILE}", speaker=f"Speaker {HOSTILE}", cue="said")],
        "background": f"Background {HOSTILE}",
        "sources": [f"Source {HOSTILE}"],
        "tags": ["[/]", "[bold]x", "[@click=app.quit]quit[/]", "$variable", "back\\slash 🦊"],
        "note": f"Note {HOSTILE}",
        "url": "javascript:[/][@click=app.quit]quit[/]",
        "body": f"Body {HOSTILE}",
    }
    fields.update(changes)
    return Brief(**fields)  # type: ignore[arg-type]


def plain_brief(**changes: object) -> Brief:
    """An ordinary brief about invented people and places (to sit beside the hostile one)."""
    fields: dict[str, object] = {
        "id": OTHER_ID,
        "title": "Harbour talks resume in Tessaly",
        "date": dt.date(2025, 1, 15),
        "summary": "Dock workers in Tessaly returned to work on Monday.",
        "quotes": [Quote("The agreement protects every job on the quay", speaker="Joram Lockhart")],
        "sources": ["Eastmarch Wire"],
        "body": "Dock workers in Tessaly returned to work on Monday after a nine-day strike.",
    }
    fields.update(changes)
    return Brief(**fields)  # type: ignore[arg-type]


def make_store(home: Path, briefs: Sequence[Brief], saved: dict[str, str] | None = None) -> Path:
    """Create a store in ``home`` holding ``briefs`` (samples marked as already seeded)."""
    with BriefStore.open(home) as store:
        store.seed_samples_once([])
        store.upsert_many(list(briefs))
        for name, query in (saved or {}).items():
            store.save_search(name, query)
    return home


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``briefs ARGS`` in-process; return (exit status, stdout, stderr)."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def file_states(home: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``home`` but the lock: relative path -> (bytes, mtime in ns)."""
    return {
        str(path.relative_to(home)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(home.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def can_read(path: Path) -> bool:
    """Whether this process can read ``path`` whatever its mode (root can)."""
    return os.access(path, os.R_OK)
