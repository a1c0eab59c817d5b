"""Shared helpers for the store tests (no tests here): briefs with invented people and places."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

from briefs.models import Brief, Quote

ROOT = Path(__file__).resolve().parents[2]

_PEOPLE = ["Amara Brisco", "Élodie Varnell", "Joram Kestrel", "Tamsin Oakhurst"]
_PLACES = ["Valdoria", "Eastmarch", "Corvain", "Brindle"]


def make_brief(i: int, **changes: object) -> Brief:
    """A small brief about invented people and places; ``changes`` override fields."""
    person, place = _PEOPLE[i % len(_PEOPLE)], _PLACES[i % len(_PLACES)]
    fields: dict[str, object] = {
        "id": hashlib.blake2b(f"brief {i}".encode(), digest_size=8).hexdigest(),
        "title": f"Harbour talks in {place} enter day {i}",
        "date": dt.date(2024, 1, 1) + dt.timedelta(days=i),
        "summary": f"Negotiators in {place} met again on day {i}.",
        "quotes": [Quote(f"We will keep talking about item {i}", speaker=person, cue="said")],
        "sources": ["Valdoria Herald"],
        "body": f"Talks in {place} continued. Item {i} was discussed at length.",
    }
    fields.update(changes)
    return Brief(**fields)  # type: ignore[arg-type]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes), to prove nothing was written."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def run_python(code: str, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with the project importable."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=True,
    )
