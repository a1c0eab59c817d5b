"""Store benchmark: BriefStore beside plain TinyDB on the same generated collection.

Plain TinyDB is the baseline the issue describes: ``TinyDB(path)`` with its
default ``JSONStorage``, one table, every field of a brief in one document.

Each side runs in its own subprocesses (one to import, one to open and
edit), so that peak RSS (``ru_maxrss``) is that side's alone. Measured:

* import rate: briefs stored per second of store time (generating the briefs
  is not timed; ours includes updating the search index);
* cold open: a fresh process opening the store until the list can be shown
  (open + ``rows()`` sorted newest first);
* tag write p50/p95: adding or removing one tag on one brief, acknowledged
  (durable) on return; plain TinyDB rewrites its whole file each time, so a
  handful of samples is enough there;
* peak RSS of each phase.

``BENCH_N`` sets the size (default 100,000), ``BENCH_DIR`` where the stores
are written (default: a temporary folder, removed afterwards).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import ROOT, bench_size, generate, source_name

#: Tag writes sampled on our store, and on plain TinyDB (each one rewrites the file there).
OUR_TAG_SAMPLES = 200
PLAIN_TAG_SAMPLES = 5
#: Opening one brief: plain TinyDB parses the whole file each time.
PLAIN_GET_SAMPLES = 3
BATCH = 500
TARGETS = (
    "targets at 100,000: tag p95 <= 30 ms, cold open <= 1.0 s, RSS <= 500 MB, import >= 1,000/s"
)


def _peak_rss_mb() -> float:
    # ru_maxrss is in KB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- the child processes ---------------------------------------------------------


def _import_ours(folder: Path, n: int) -> dict[str, float]:
    from store import BriefStore

    store = BriefStore.open(folder / "ours")
    stored = 0.0
    briefs = generate(n)
    with store.importing():  # one import, as `briefs import` runs it
        while batch := list(itertools.islice(briefs, BATCH)):
            started = time.perf_counter()
            store.upsert_many(batch)
            stored += time.perf_counter() - started
        started = time.perf_counter()
    stored += time.perf_counter() - started  # the index's one commit, at the end
    store.close()
    return {"import_rate": n / stored, "import_s": stored}


def _import_plain(folder: Path, n: int) -> dict[str, float]:
    from tinydb import TinyDB

    docs = [brief.to_dict() for brief in generate(n)]
    started = time.perf_counter()
    db = TinyDB(folder / "plain.json")
    # One call: TinyDB's best case (each insert call rewrites the whole file).
    db.insert_multiple(docs)
    db.close()
    stored = time.perf_counter() - started
    return {"import_rate": n / stored, "import_s": stored}


def _use_ours(folder: Path, n: int) -> dict[str, float]:
    from store import BriefStore

    started = time.perf_counter()
    store = BriefStore.open(folder / "ours", create=False)
    rows = store.rows()
    cold_open = time.perf_counter() - started
    assert len(rows) == n, (len(rows), n)
    rng = random.Random(11)
    writes = []
    for i in range(OUR_TAG_SAMPLES):
        # Add a tag to a random brief, then take it off again: each call writes.
        if i % 2 == 0:
            brief_id = rng.choice(rows).id
        started = time.perf_counter()
        if i % 2:
            store.remove_tags([brief_id], ["bench-tag"])
        else:
            store.add_tags([brief_id], ["bench-tag"])
        writes.append(time.perf_counter() - started)
    reads = []
    for _ in range(50):
        brief_id = rng.choice(rows).id
        started = time.perf_counter()
        store.get(brief_id)
        reads.append(time.perf_counter() - started)
    store.close()
    return {
        "cold_open": cold_open,
        "tag_p50": _percentile(writes, 0.5) * 1000,
        "tag_p95": _percentile(writes, 0.95) * 1000,
        "get_p50": _percentile(reads, 0.5) * 1000,
    }


def _use_plain(folder: Path, n: int) -> dict[str, float]:
    from tinydb import TinyDB

    started = time.perf_counter()
    db = TinyDB(folder / "plain.json")
    table = db.table("_default")
    docs = table.all()
    rows = sorted(docs, key=lambda d: (d["date"] or "", d["title"]), reverse=True)
    cold_open = time.perf_counter() - started
    assert len(rows) == n, (len(rows), n)
    rng = random.Random(11)
    writes = []
    for _ in range(PLAIN_TAG_SAMPLES):
        doc = rng.choice(rows)
        started = time.perf_counter()
        table.update({"tags": [*doc["tags"], "bench-tag"]}, doc_ids=[doc.doc_id])
        writes.append(time.perf_counter() - started)
    reads = []
    for _ in range(PLAIN_GET_SAMPLES):
        doc = rng.choice(rows)
        started = time.perf_counter()
        table.get(doc_id=doc.doc_id)
        reads.append(time.perf_counter() - started)
    db.close()
    return {
        "cold_open": cold_open,
        "tag_p50": _percentile(writes, 0.5) * 1000,
        "tag_p95": _percentile(writes, 0.95) * 1000,
        "get_p50": _percentile(reads, 0.5) * 1000,
    }


_PHASES = {
    ("ours", "import"): _import_ours,
    ("plain", "import"): _import_plain,
    ("ours", "use"): _use_ours,
    ("plain", "use"): _use_plain,
}


def _child(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("side", choices=["ours", "plain"])
    parser.add_argument("phase", choices=["import", "use"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    args = parser.parse_args(argv)
    result = _PHASES[(args.side, args.phase)](args.folder, args.n)
    result["rss_mb"] = _peak_rss_mb()
    print(json.dumps(result), flush=True)


# --- the parent ---------------------------------------------------------------------


def _run(side: str, phase: str, folder: Path, n: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.bench_store", side, phase, str(folder), str(n)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{side} {phase} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1024 / 1024
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024


def main() -> None:
    """Run both sides at ``BENCH_N`` briefs and print the comparison table."""
    n = bench_size()
    base = os.environ.get("BENCH_DIR")
    if base is not None:
        Path(base).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-store-", dir=base))
    print(f"{n:,} briefs from the {source_name()}; stores in {folder}")
    try:
        ours, plain = {}, {}
        for side, result in (("ours", ours), ("plain", plain)):
            for phase in ("import", "use"):
                started = time.perf_counter()
                measured = _run(side, phase, folder, n)
                result.update({k: v for k, v in measured.items() if k != "rss_mb"})
                result[f"rss_{phase}"] = measured["rss_mb"]
                print(f"  {side} {phase}: {time.perf_counter() - started:.1f} s", flush=True)
        ours["disk"] = _size_mb(folder / "ours")
        ours["disk_index"] = _size_mb(folder / "ours" / "index")
        plain["disk"] = _size_mb(folder / "plain.json")
    finally:
        if base is None:
            shutil.rmtree(folder, ignore_errors=True)
    _print_table(ours, plain)


def _print_table(ours: dict[str, float], plain: dict[str, float]) -> None:
    metrics = [
        ("import rate (briefs/s)", "import_rate", "{:,.0f}"),
        ("cold open + rows() (s)", "cold_open", "{:.3f}"),
        ("tag write p50 (ms)", "tag_p50", "{:.1f}"),
        ("tag write p95 (ms)", "tag_p95", "{:.1f}"),
        ("get one brief p50 (ms)", "get_p50", "{:.2f}"),
        ("peak RSS, import (MB)", "rss_import", "{:.0f}"),
        ("peak RSS, open + edit (MB)", "rss_use", "{:.0f}"),
        ("size on disk (MB)", "disk", "{:.0f}"),
    ]
    header = f"| {'metric':<28} | {'ours':>10} | {'plain TinyDB':>12} | {'ratio':>8} |"
    print()
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for label, key, fmt in metrics:
        mine, theirs = ours[key], plain[key]
        ratio = mine / theirs if theirs else float("nan")
        print(f"| {label:<28} | {fmt.format(mine):>10} | {fmt.format(theirs):>12} | "
              f"{ratio:>7.3g}x |")
    print(f"(ratio = ours / plain TinyDB; of our disk, {ours['disk_index']:.0f} MB is the "
          f"search index; {TARGETS})")


if __name__ == "__main__":
    _child(sys.argv[1:])
