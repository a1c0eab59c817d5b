"""Web-page import benchmark: pages per second through ``briefs import``, beside trafilatura.

Pages are the saved news pages of ``../shared/corpora/news-html-dev`` (60 real
pages, gzipped); without them the benchmark says so and stops. Both sides run
as a fresh process, as a user meets them (interpreter start and imports
included), each timed over :data:`ROUNDS` runs, best kept:

* ours: ``briefs --home TMP import DIR`` -- decode, trafilatura extraction,
  article parsing (quotes, speakers, sources), and the crash-safe store write;
* baseline: a process that runs trafilatura's default ``extract()`` on every
  page and does nothing else (the extraction alone, no parsing, no storing).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import ROOT

HTML_DIR = Path(os.environ.get("BRIEFS_HTML_DIR",
                               ROOT.parent / "shared" / "corpora" / "news-html-dev" / "html"))
ROUNDS = 3
_BASELINE = """
import sys, pathlib, trafilatura
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    trafilatura.extract(p.read_bytes())
"""


def _best(command: list[str], fresh_home: Path | None = None) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        if fresh_home is not None:
            shutil.rmtree(fresh_home, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    """Print pages/s for both sides and their ratio."""
    if not HTML_DIR.is_dir():
        print(f"skipped: no saved pages at {HTML_DIR}")
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-html-"))
    try:
        pages = tmp / "pages"
        pages.mkdir()
        for source in sorted(HTML_DIR.glob("*.html.gz")):
            (pages / source.name.removesuffix(".gz")).write_bytes(
                gzip.decompress(source.read_bytes()))
        count = len(list(pages.glob("*.html")))
        home = tmp / "home"
        briefs = str(Path(sys.executable).parent / "briefs")
        ours = _best([briefs, "--home", str(home), "import", str(pages)], fresh_home=home)
        base = _best([sys.executable, "-c", _BASELINE, str(pages)])
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{count} saved news pages, fresh process each run, best of {ROUNDS}; "
              f"load average {load:.1f}")
        print(f"{'':34}{'seconds':>9}{'pages/s':>10}")
        print(f"{'briefs import (extract+parse+store)':34}{ours:9.2f}{count / ours:10.1f}")
        print(f"{'trafilatura extract() alone':34}{base:9.2f}{count / base:10.1f}")
        print(f"ratio (ours / baseline pages/s): {base / ours:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
