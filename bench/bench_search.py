"""Search benchmark: our index (through BriefStore) beside SQLite FTS5, same collection, same run.

Both sides index the collection of :func:`bench.corpus.generate` with the same
fields and weights: FTS5 gets one column per field (title, quoted statements,
summary, body; ``tokenize='porter unicode61'``) and ``bm25()`` with our field
weights; tags go to a side table joined for ``tag:`` queries. Both return the
top 10 with a snippet (FTS5's ``snippet()``, ours from the store).

The query set (about 100 queries) is drawn from the collection's own words
by document frequency, counted on a sample of the generated briefs
independently of either engine: one-, two- and three-word queries over rare,
medium and common words, two-word phrases taken from real sentences, and a
word with a ``tag:`` filter. Each query is run once to warm both sides, then
timed three times (the median counts).

Measured: p50 and p95 latency, index size on disk, build time, mean overlap
of the two top-10 lists on plain word queries, the first query after a cold
open (a new process; OS cache warm), and adding one brief to the full index.

``BENCH_N`` sets the size (default 100,000), ``BENCH_DIR`` where the stores
go (default: a temporary folder, removed afterwards).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bench.corpus import ROOT, bench_size, generate, source_name
from briefs.models import Brief, tag_key
from store.search.index import FIELD_WEIGHTS

BATCH = 500
SAMPLE = 4_000
REPEATS = 3
LIMIT = 10
TARGETS = ("targets at 100,000: p95 ratio <= 1.0, first query after cold open <= 1.0 s, "
           "add one brief <= 50 ms, top-10 overlap >= 0.7")

_WORD = re.compile(r"[a-z]+")
# Our field weights, in FTS5 column order (the unindexed id column gets 0).
_BM25 = "bm25(fts, 0, {})".format(", ".join(str(w) for w in FIELD_WEIGHTS))


# --------------------------------------------------------------------------- collection


def _fields(brief: Brief) -> tuple[str, str, str, str]:
    """The four searchable fields as FTS5 columns (as our index splits them)."""
    quotes = "\n\n".join(
        f"{q.text}\n\n{q.speaker}" if q.speaker else q.text for q in brief.quotes)
    body = "\n\n".join([brief.background,
                        *(f"{s.label}\n{s.text}" for s in brief.sections),
                        brief.caption or "", brief.body])
    return brief.title, quotes, brief.summary, body


def _query_set(n: int, seed: int = 11) -> list[tuple[str, str, str, str | None]]:
    """``(kind, our query, FTS5 MATCH, tag key or None)`` for about 100 queries."""
    rng = random.Random(seed)
    df: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    summaries: list[str] = []
    sample = min(SAMPLE, n)
    for brief in generate(sample):
        words = set(_WORD.findall(" ".join(_fields(brief)).lower()))
        df.update(w for w in words if len(w) >= 3)
        tags.update(tag_key(t) for t in brief.tags)
        summaries.append(brief.summary)

    def band(lo: float, hi: float) -> list[str]:
        return sorted(w for w, c in df.items() if lo <= c / sample < hi)

    rare = band(0.0008, 0.003) or band(0.0, 0.01)
    medium = band(0.01, 0.05)
    common = band(0.08, 0.35)
    queries: list[tuple[str, str, str, str | None]] = []

    def words(kind: str, pools: list[list[str]], count: int) -> None:
        for _ in range(count):
            picked = [rng.choice(pool) for pool in pools]
            text = " ".join(picked)
            queries.append((kind, text, text, None))

    words("1 word rare", [rare], 8)
    words("1 word medium", [medium], 8)
    words("1 word common", [common], 8)
    words("2 words", [medium, common], 8)
    words("2 words", [common, common], 6)
    words("2 words", [rare, medium], 4)
    words("3 words", [medium, common, common], 8)
    words("3 words", [common, common, common], 6)
    words("3 words", [rare, medium, common], 4)
    stop = {w for w, c in df.items() if c / sample >= 0.35}
    phrases: list[str] = []
    while len(phrases) < 16:
        tokens = _WORD.findall(rng.choice(summaries).lower())
        pairs = [(a, b) for a, b in itertools.pairwise(tokens)
                 if len(a) >= 3 and len(b) >= 3 and a not in stop and b not in stop]
        if pairs:
            a, b = rng.choice(pairs)
            phrases.append(f"{a} {b}")
    queries.extend(("phrase", f'"{p}"', f'"{p}"', None) for p in phrases)
    top_tags = [t for t, _ in tags.most_common(40)]
    for _ in range(14):
        word, tag = rng.choice(medium + common), rng.choice(top_tags)
        queries.append(("word + tag", f'{word} tag:"{tag}"', word, tag))
    return queries


# --------------------------------------------------------------------------- FTS5 side


def _fts_build(path: Path, briefs: Iterable[Brief]) -> float:
    db = sqlite3.connect(path)
    db.executescript("""
        PRAGMA journal_mode = WAL;
        CREATE VIRTUAL TABLE fts USING fts5(
            id UNINDEXED, title, quotes, summary, body, tokenize = 'porter unicode61');
        CREATE TABLE tags (tag TEXT NOT NULL, brief INTEGER NOT NULL);
    """)
    started = time.perf_counter()
    with db:
        for rowid, brief in enumerate(briefs, 1):
            db.execute("INSERT INTO fts (rowid, id, title, quotes, summary, body) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (rowid, brief.id, *_fields(brief)))
            db.executemany("INSERT INTO tags VALUES (?, ?)",
                           [(tag_key(t), rowid) for t in brief.tags])
        db.execute("CREATE INDEX tags_by_tag ON tags (tag, brief)")
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def _fts_query(db: sqlite3.Connection, match: str, tag: str | None) -> list[str]:
    select = ("SELECT id, snippet(fts, -1, '', '', '…', 32) FROM fts WHERE fts MATCH ?"
              + (" AND rowid IN (SELECT brief FROM tags WHERE tag = ?)" if tag else "")
              + f" ORDER BY {_BM25} LIMIT {LIMIT}")
    return [row[0] for row in db.execute(select, (match, tag) if tag else (match,))]


def _fts_index_bytes(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        # The inverted index proper (fts_data), without the stored text.
        return int(db.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = 'fts_data'")
                   .fetchone()[0] or 0)
    except sqlite3.DatabaseError:
        return int(db.execute("SELECT SUM(length(block)) FROM fts_data").fetchone()[0] or 0)
    finally:
        db.close()


# --------------------------------------------------------------------------- helpers


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _timed(run: object, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


_COLD_OURS = """
import json, sys, time
t0 = time.perf_counter()
from store import BriefStore
store = BriefStore.open(sys.argv[1], create=False)
t1 = time.perf_counter()
results = store.search(sys.argv[2], limit=10)
t2 = time.perf_counter()
assert results.error is None, results.error
print(json.dumps({"open": t1 - t0, "query": t2 - t1, "hits": len(results.hits)}))
"""

_COLD_FTS = """
import json, sqlite3, sys, time
t0 = time.perf_counter()
db = sqlite3.connect(sys.argv[1])
t1 = time.perf_counter()
rows = db.execute("SELECT id, snippet(fts, -1, '', '', '…', 32) FROM fts WHERE fts MATCH ? "
                  "ORDER BY BM25 LIMIT 10", (sys.argv[2],)).fetchall()
t2 = time.perf_counter()
print(json.dumps({"open": t1 - t0, "query": t2 - t1, "hits": len(rows)}))
"""


def _cold(script: str, target: Path, query: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script, str(target), query], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def main() -> None:
    """Build both indexes, run the query set on both, print the comparison table."""
    from store import BriefStore
    from store.search import SearchIndex

    n = bench_size()
    print(f"collection: {n:,} briefs from {source_name()}")
    print(TARGETS)
    base = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="bench-search-"))
    base.mkdir(parents=True, exist_ok=True)
    home, fts_path = base / "ours", base / "fts5.sqlite"
    keep = bool(os.environ.get("BENCH_DIR"))
    try:
        shutil.rmtree(home, ignore_errors=True)
        fts_path.unlink(missing_ok=True)
        started = time.perf_counter()
        store = BriefStore.open(home)
        briefs = generate(n)
        while batch := list(itertools.islice(briefs, BATCH)):
            store.upsert_many(batch)
        imported = time.perf_counter() - started
        print(f"imported into BriefStore (index kept up to date batch by batch) in "
              f"{imported:.1f} s", flush=True)
        started = time.perf_counter()
        store.reindex()
        ours_build = time.perf_counter() - started
        fts_build = _fts_build(fts_path, generate(n))
        print(f"built: ours (reindex) {ours_build:.1f} s, FTS5 {fts_build:.1f} s", flush=True)

        queries = _query_set(n)
        db = sqlite3.connect(fts_path)
        ours_top: dict[str, list[str]] = {}
        fts_top: dict[str, list[str]] = {}
        for _, ours_q, match, tag in queries:  # warm both sides
            results = store.search(ours_q, limit=LIMIT)
            assert results.error is None, (ours_q, results.error)
            ours_top[ours_q] = results.ids
            fts_top[ours_q] = _fts_query(db, match, tag)
        ours_times, fts_times = [], []
        for _, ours_q, match, tag in queries:
            ours_times.append(_timed(lambda q=ours_q: store.search(q, limit=LIMIT)))
            fts_times.append(_timed(lambda m=match, t=tag: _fts_query(db, m, t)))
        overlaps = []
        by_kind: dict[str, list[tuple[float, float]]] = {}
        for (kind, ours_q, _, _), ours_t, fts_t in zip(queries, ours_times, fts_times,
                                                       strict=True):
            by_kind.setdefault(kind, []).append((ours_t, fts_t))
            if kind.startswith(("1 word", "2 words", "3 words")):
                a, b = set(ours_top[ours_q]), set(fts_top[ours_q])
                if a or b:
                    overlaps.append(len(a & b) / max(len(a), len(b)))
        db.close()
        store.close()

        cold_query = queries[len(queries) // 2][1]
        cold_ours = _cold(_COLD_OURS, home, cold_query)
        cold_fts = _cold(_COLD_FTS.replace("BM25", _BM25), fts_path, cold_query)

        # Adding one brief to the full index: our SearchIndex.update vs an FTS5 insert + commit.
        extra = list(itertools.islice(generate(n + 5, seed=99), n, n + 5))
        index = SearchIndex(home / "index")
        add_ours = []
        for brief in extra:
            started = time.perf_counter()
            index.update([brief], index.generation)
            add_ours.append(time.perf_counter() - started)
        db = sqlite3.connect(fts_path)
        add_fts = []
        for offset, brief in enumerate(extra, 1):
            started = time.perf_counter()
            with db:
                db.execute("INSERT INTO fts (rowid, id, title, quotes, summary, body) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (n + offset, brief.id, *_fields(brief)))
            add_fts.append(time.perf_counter() - started)
        db.close()
        fts_index = _fts_index_bytes(fts_path)
        ours_size, fts_total = _size(home / "index"), _size(fts_path)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)

    rows = [
        ("query latency p50 (ms)", 1000 * _percentile(ours_times, 0.5),
         1000 * _percentile(fts_times, 0.5)),
        ("query latency p95 (ms)", 1000 * _percentile(ours_times, 0.95),
         1000 * _percentile(fts_times, 0.95)),
    ]
    for kind, pairs in by_kind.items():
        rows.append((f"  {kind} p95 (ms)", 1000 * _percentile([p[0] for p in pairs], 0.95),
                     1000 * _percentile([p[1] for p in pairs], 0.95)))
    rows += [
        ("first query after cold open (ms)", 1000 * cold_ours["query"],
         1000 * cold_fts["query"]),
        ("  the open itself (ms), not comparable", 1000 * cold_ours["open"],
         1000 * cold_fts["open"]),
        ("add one brief, median of 5 (ms)", 1000 * statistics.median(add_ours),
         1000 * statistics.median(add_fts)),
        ("add one brief, worst of 5 (ms)", 1000 * max(add_ours), 1000 * max(add_fts)),
        ("build time (s), ours = store reindex", ours_build, fts_build),
        ("index size on disk (MB)", ours_size / 1e6, fts_index / 1e6),
    ]
    print(f"\n{len(queries)} queries, top {LIMIT} with snippets; median of {REPEATS} runs each")
    print(f"{'metric':40} | {'ours':>10} | {'FTS5':>10} | {'ours/FTS5':>9}")
    print(f"{'-' * 40}-+-{'-' * 10}-+-{'-' * 10}-+-{'-' * 9}")
    for name, ours_v, fts_v in rows:
        comparable = fts_v and "not comparable" not in name
        ratio = f"{ours_v / fts_v:9.2f}" if comparable else f"{'-':>9}"
        print(f"{name:40} | {ours_v:10.2f} | {fts_v:10.2f} | {ratio}")
    print(f"{'top-10 overlap, plain word queries':40} | {statistics.mean(overlaps):10.2f} |"
          f" {'':>10} |")
    print(f"(FTS5 size is its inverted index, fts_data; with the stored text the SQLite file "
          f"is {fts_total / 1e6:.1f} MB. Ours excludes the store's content files. The open: "
          f"BriefStore.open, which loads every row, vs sqlite3.connect, which reads nothing.)")
