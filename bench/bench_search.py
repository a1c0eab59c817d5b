"""Search benchmark: Briefs (through BriefStore.search) beside SQLite FTS5 and raw tantivy.

All three index the collection of :func:`bench.corpus.generate` with the same
four ranked fields and weights (title 3, quoted statements 2.5, summary 1.5,
body 1) and answer the same queries, top 20:

* **ours**: ``BriefStore.search(q, limit=20, snippets=0)``, the public API as
  the app calls it (parsing, the tantivy query, the tag filter from the rows,
  ids); with snippets (the CLI's way) reported on its own line;
* **FTS5**: ``tokenize='porter unicode61'``, the weights as the table's
  ``rank`` (``bm25(...)``), ``ORDER BY rank LIMIT 20``; ``tag:`` as a JOIN on an
  indexed side table, as an expert would write it;
* **raw tantivy**: the same documents in a plain tantivy index (``en_stem``,
  tags as a raw field), queried through tantivy's own query parser with field
  boosts: the floor any tantivy-based engine can reach.

The query set: single words (rare, medium, common by document frequency in a
sample), two and three words, phrases from real sentences, prefixes, each
class alone and with a ``tag:`` filter. Reported per class, p50/p95 of:
**first query after opening** (a fresh process per query, for one query of
each class), **first run** (every query once, distinct queries, in one
process after the open), and **repeats** (median of 3 further runs). Also:
``e*`` and ``a*b`` as the app runs them (limit 5,000, no snippets), tag write
p95, import rate (BriefStore.upsert_many in batches of 500 inside one
``importing()``, as ``briefs import`` runs, index included),
index sizes and the mean overlap of our top 10 with FTS5's on word queries.

The overlap is reported strictly and counting ties (:data:`NEAR`). The
generated collection draws its titles from 2,225 BBC headlines and its
sentences from one pool, so at 100,000 each headline titles about 45 briefs
and each sentence recurs in dozens: FTS5's 20th hit of a common word scores
97-99% of its 10th, and which of them make the top 10 is decided by details no
user would call relevance. One of them is the index's precision: tantivy keeps
a field's length in one byte (Lucene's scheme: 8 steps per doubling, so a
450-token brief's length is known to within 32 tokens, 7%), which moves a
score by up to 2-3% (BM25, k1 1.2, b 0.75, one or two mentions). So one of our
top 10 also counts as shared when FTS5 scores it as high as its own 10th hit
(an exact tie), within 1%, or within 2.5% (the index's length precision), and
the other way round.

``BENCH_N`` sets the size (default 100,000), ``BENCH_DIR`` where the indexes
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
from pathlib import Path

import tantivy

from bench.corpus import ROOT, bench_size, generate, source_name
from briefs.models import Brief, tag_key
from store.search.engine import FIELD_WEIGHTS, TEXT_FIELDS

BATCH, SAMPLE, REPEATS, LIMIT = 500, 4_000, 3, 20
#: Scores this close to the 10th count as tied with it, for the overlap (see the docstring):
#: exactly, within 1%, within the index's length precision.
NEAR = (0.0, 0.01, 0.025)
TARGETS = ("targets at 100,000: first-run p95 <= 0.5x FTS5 and <= 2x raw tantivy; first query "
           "after open <= 100 ms; e* and a*b <= 300 ms; import >= 5,000/s; tag write p95 <= 30 "
           "ms; top-10 overlap with FTS5 >= 0.9 on word queries")
_WORD = re.compile(r"[a-z]+")
_WEIGHTS = ", ".join(str(FIELD_WEIGHTS[f]) for f in TEXT_FIELDS)


def _fields(brief: Brief) -> tuple[str, str, str, str]:
    """The four ranked fields as text (as our index splits them)."""
    quotes = "\n\n".join(f"{q.text}\n\n{q.speaker}" if q.speaker else q.text
                         for q in brief.quotes)
    body = "\n\n".join([brief.background, *(f"{s.label}\n{s.text}" for s in brief.sections),
                        brief.caption or "", brief.body])
    return brief.title, quotes, brief.summary, body


Q = tuple[str, str, str, str | None]  # class, our query, FTS5/tantivy text, tag key


def _query_set(n: int, seed: int = 11) -> list[Q]:
    """About 100 queries drawn from the collection's own words (see the module docstring)."""
    rng = random.Random(seed)
    df: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    summaries: list[str] = []
    sample = min(SAMPLE, n)
    for brief in generate(sample):
        df.update(w for w in set(_WORD.findall(" ".join(_fields(brief)).lower())) if len(w) >= 3)
        tags.update(tag_key(t) for t in brief.tags)
        summaries.append(brief.summary)

    def band(lo: float, hi: float) -> list[str]:
        return sorted(w for w, c in df.items() if lo <= c / sample < hi)

    rare, medium = band(0.0008, 0.003) or band(0.0, 0.01), band(0.01, 0.05)
    common, stop = band(0.08, 0.35), {w for w, c in df.items() if c / sample >= 0.35}
    alone: list[tuple[str, str, str]] = []
    for kind, pools, count in (("1 word rare", [rare], 6), ("1 word medium", [medium], 6),
                               ("1 word common", [common], 6), ("2 words", [medium, common], 8),
                               ("3 words", [medium, common, common], 8)):
        for _ in range(count):
            text = " ".join(rng.choice(pool) for pool in pools)
            alone.append((kind, text, text))
    while sum(k == "phrase" for k, _, _ in alone) < 8:
        tokens = _WORD.findall(rng.choice(summaries).lower())
        pairs = [(a, b) for a, b in itertools.pairwise(tokens)
                 if len(a) >= 3 and len(b) >= 3 and a not in stop and b not in stop]
        if pairs:
            text = '"{} {}"'.format(*rng.choice(pairs))
            alone.append(("phrase", text, text))
    for _ in range(6):
        stem = rng.choice(medium)[:4]
        alone.append(("prefix", f"{stem}*", f"{stem}*"))
    top_tags = [t for t, _ in tags.most_common(20)]
    queries: list[Q] = [(k, ours, other, None) for k, ours, other in alone]
    for kind, ours, other in alone:
        tag = rng.choice(top_tags)
        queries.append((f"{kind} + tag", f'{ours} tag:"{tag}"', other, tag))
    return queries


# --------------------------------------------------------------------------- FTS5 and tantivy


def _fts_build(path: Path, collection: list[Brief]) -> float:
    db = sqlite3.connect(path)
    db.executescript(f"""
        PRAGMA journal_mode = WAL;
        CREATE VIRTUAL TABLE fts USING fts5(
            id UNINDEXED, title, quotes, summary, body, tokenize = 'porter unicode61');
        INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(0, {_WEIGHTS})');
        CREATE TABLE tags (tag TEXT NOT NULL, brief INTEGER NOT NULL);
    """)
    started = time.perf_counter()
    with db:
        for rowid, brief in enumerate(collection, 1):
            db.execute("INSERT INTO fts (rowid, id, title, quotes, summary, body) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (rowid, brief.id, *_fields(brief)))
            db.executemany("INSERT INTO tags VALUES (?, ?)",
                           [(tag_key(t), rowid) for t in brief.tags])
        db.execute("CREATE INDEX tags_by_tag ON tags (tag, brief)")
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


_FTS_SQL = (f"SELECT fts.id FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT {LIMIT}",
            "SELECT fts.id FROM fts JOIN tags ON tags.brief = fts.rowid WHERE fts MATCH ? "
            f"AND tags.tag = ? ORDER BY rank LIMIT {LIMIT}")


_FTS_SCORED = (f"SELECT id, bm25(fts, 0, {_WEIGHTS}) FROM fts WHERE fts MATCH ? "
               "ORDER BY rank LIMIT 2000")


def _fts_query(db: sqlite3.Connection, match: str, tag: str | None) -> list[str]:
    if tag:
        return [r[0] for r in db.execute(_FTS_SQL[1], (match, tag))]
    return [r[0] for r in db.execute(_FTS_SQL[0], (match,))]


def _near(scored: list[tuple[str, float]], near: float) -> set[str]:
    """The ids scoring within ``near`` of the 10th (all of them when fewer than 10)."""
    if len(scored) < 10:
        return {key for key, _ in scored}
    tenth = scored[9][1]
    return {key for key, score in scored if score >= tenth - near * abs(tenth) - 1e-9}


def _overlap(store: object, db: sqlite3.Connection, q: Q) -> tuple[float, ...] | None:
    """Top-10 overlap with FTS5: strict, then counting ties (see the module docstring)."""
    fts = [(key, -score) for key, score in db.execute(_FTS_SCORED, (q[2],))]
    ours = [(h.id, h.score) for h in store.search(q[1], limit=2_000, snippets=0).hits]
    a, b = {k for k, _ in ours[:10]}, {k for k, _ in fts[:10]}
    if not (a or b):
        return None
    size = max(len(a), len(b))
    return (len(a & b) / size, *(min(max(len(a & _near(fts, n)), len(b & _near(ours, n))),
                                     size) / size for n in NEAR))


def _raw_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    builder.add_text_field("tags", tokenizer_name="raw")
    return builder.build()


def _raw_build(path: Path, collection: list[Brief]) -> float:
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_raw_schema(), str(path))
    started = time.perf_counter()
    writer = index.writer(200_000_000, 2)
    for brief in collection:
        doc = tantivy.Document(id=brief.id, tags=[tag_key(t) for t in brief.tags])
        for name, text in zip(TEXT_FIELDS, _fields(brief), strict=True):
            doc.add_text(name, text)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - started


def _raw_query(index: tantivy.Index, text: str, tag: str | None) -> list[str]:
    query = index.parse_query(text, list(TEXT_FIELDS), field_boosts=dict(FIELD_WEIGHTS),
                              conjunction_by_default=True)
    if tag:
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, query),
            (tantivy.Occur.Must, tantivy.Query.term_query(index.schema, "tags", tag))])
    searcher = index.searcher()
    return [searcher.doc(a)["id"][0] for _, a in searcher.search(query, LIMIT).hits]


# --------------------------------------------------------------------------- helpers


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _pct(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0


def _clock(run: object) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - started


_COLD = """
import json, sys, time
side, target, text, tag = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] or None
if side == "ours":
    from store import BriefStore
    handle = BriefStore.open(target, create=False)
    run = lambda: handle.search(text, limit=20, snippets=0)
elif side == "fts5":
    import sqlite3
    from bench.bench_search import _fts_query
    handle = sqlite3.connect(target)
    run = lambda: _fts_query(handle, text, tag)
else:
    import tantivy
    from bench.bench_search import _raw_query, _raw_schema
    handle = tantivy.Index(_raw_schema(), target)
    run = lambda: _raw_query(handle, text, tag)
t0 = time.perf_counter(); run(); t1 = time.perf_counter()
print(json.dumps({"query": t1 - t0}))
"""


def _cold(side: str, target: Path, text: str, tag: str | None) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _COLD, side, str(target), text, tag or ""],
                         env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["query"])


# --------------------------------------------------------------------------- main


def main() -> None:
    """Build the three indexes, run the query set on each, print the comparison tables."""
    from store import BriefStore

    n = bench_size()
    print(f"collection: {n:,} briefs from {source_name()}; load: {os.getloadavg()}")
    print(TARGETS)
    base = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="bench-search-"))
    base.mkdir(parents=True, exist_ok=True)
    home, fts_path, raw_path = base / "ours", base / "fts5.sqlite", base / "tantivy"
    try:
        for old in (home, raw_path):
            shutil.rmtree(old, ignore_errors=True)
        fts_path.unlink(missing_ok=True)
        collection = list(generate(n))  # generated before the clocks start
        store = BriefStore.open(home)
        started = time.perf_counter()
        with store.importing():  # one import, as `briefs import` runs it
            for start in range(0, n, BATCH):
                store.upsert_many(collection[start:start + BATCH])
        imported = time.perf_counter() - started
        store.close()
        fts_build, raw_build = _fts_build(fts_path, collection), _raw_build(raw_path, collection)
        del collection
        print(f"built: ours {imported:.1f} s (import, index included), FTS5 {fts_build:.1f} s, "
              f"raw tantivy {raw_build:.1f} s", flush=True)

        queries = _query_set(n)
        sides = {"ours": {}, "fts5": {}, "tantivy": {}}  # class -> {cold, first, repeat}
        by_class: dict[str, list[int]] = {}
        for i, (kind, *_rest) in enumerate(queries):
            by_class.setdefault(kind, []).append(i)
        # First query after opening, in a fresh process: one query of each class.
        for kind, members in by_class.items():
            _, ours_q, text, tag = queries[members[0]]
            for side, target, q in (("ours", home, ours_q), ("fts5", fts_path, text),
                                    ("tantivy", raw_path, text)):
                sides[side].setdefault(kind, {}).setdefault("cold", []).append(
                    _cold(side, target, q, tag))
        store = BriefStore.open(home, create=False)
        db = sqlite3.connect(fts_path)
        raw = tantivy.Index(_raw_schema(), str(raw_path))
        runners = {
            "ours": lambda q: store.search(q[1], limit=LIMIT, snippets=0).ids,
            "fts5": lambda q: _fts_query(db, q[2], q[3]),
            "tantivy": lambda q: _raw_query(raw, q[2], q[3]),
        }
        for phase in ("first", "repeat"):
            for side, run in runners.items():
                for q in queries:
                    if phase == "first":
                        started = time.perf_counter()
                        run(q)
                        elapsed = time.perf_counter() - started
                    else:
                        elapsed = statistics.median(_clock(lambda q=q, run=run: run(q))
                                                    for _ in range(REPEATS))
                    sides[side].setdefault(q[0], {}).setdefault(phase, []).append(elapsed)
        overlaps = [_overlap(store, db, q) for q in queries
                    if q[0].startswith(("1 word", "2 words", "3 words")) and "tag" not in q[0]]
        overlaps = [o for o in overlaps if o is not None]
        # The CLI's way (snippets for the 20 hits: the store loads each brief).
        snippets = [_clock(lambda q=q: store.search(q[1], limit=LIMIT)) for q in queries]
        app = {}
        for text in ("e*", "a*b"):
            first = _clock(lambda t=text: store.search(t, limit=5_000, snippets=0))
            again = _clock(lambda t=text: store.search(t, limit=5_000, snippets=0))
            cut = store.search(text, limit=5_000, snippets=0).cut
            app[text] = (first, again, cut)
        rng = random.Random(5)
        ids = [row.id for row in rng.sample(store.rows(), 20)]
        writes = []
        for brief_id in ids:
            writes.append(_clock(lambda b=brief_id: store.add_tags([b], ["bench-tag"])))
            writes.append(_clock(lambda b=brief_id: store.remove_tags([b], ["bench-tag"])))
        store.close()
        db.close()
        sizes = (_size(home / "index"), _size(fts_path), _size(raw_path))
    finally:
        if not os.environ.get("BENCH_DIR"):
            shutil.rmtree(base, ignore_errors=True)
    _report(n, queries, sides, overlaps, app, writes, imported, sizes)
    print(f"ours with snippets for all 20 hits (the CLI's search; after the runs above): "
          f"p50 {1000 * _pct(snippets, 0.5):.1f} ms, p95 {1000 * _pct(snippets, 0.95):.1f} ms")
    print(f"raw tantivy import alone: {n / raw_build:,.0f} briefs/s (one writer, one commit); "
          f"load after the run: {os.getloadavg()}")


def _report(n: int, queries: list[Q], sides: dict, overlaps: list[float], app: dict,
            writes: list[float], imported: float, sizes: tuple[int, int, int]) -> None:
    print(f"\n{len(queries)} queries, top {LIMIT}; times in ms, p50/p95 per class; "
          f"first = each query's first run; cold = first query after open (fresh process, "
          f"1 query per class)")
    head = (f"{'class':22} | {'phase':6} | {'ours':>15} | {'FTS5':>15} | {'tantivy':>15} | "
            f"{'p95 ours/FTS5':>13} | {'p95 ours/tantivy':>16}")
    print(head)
    print("-" * len(head))
    every: dict[str, dict[str, list[float]]] = {s: {} for s in sides}
    for kind in dict.fromkeys(q[0] for q in queries):
        for phase in ("cold", "first", "repeat"):
            cells = []
            p95 = {}
            for side in ("ours", "fts5", "tantivy"):
                values = sides[side][kind][phase]
                every[side].setdefault(phase, []).extend(values)
                p95[side] = _pct(values, 0.95)
                cells.append(f"{1000 * _pct(values, 0.5):6.1f}/{1000 * p95[side]:7.1f}")
            print(f"{kind:22} | {phase:6} | " + " | ".join(f"{c:>15}" for c in cells)
                  + f" | {p95['ours'] / p95['fts5']:13.2f} | {p95['ours'] / p95['tantivy']:16.2f}")
    for phase in ("cold", "first", "repeat"):
        p = {s: (_pct(every[s][phase], 0.5), _pct(every[s][phase], 0.95)) for s in sides}
        print(f"{'ALL':22} | {phase:6} | " + " | ".join(
            f"{1000 * p[s][0]:6.1f}/{1000 * p[s][1]:7.1f}" for s in ("ours", "fts5", "tantivy"))
            + f" | {p['ours'][1] / p['fts5'][1]:13.2f} | {p['ours'][1] / p['tantivy'][1]:16.2f}")
    print()
    for text, (first, again, cut) in app.items():
        print(f"app search {text!r:6} (limit 5,000, no snippets): first {1000 * first:.1f} ms, "
              f"repeat {1000 * again:.1f} ms, expansion cut: {cut or 'no'}")
    print(f"tag write (add or remove one tag, 40 writes): p50 {1000 * _pct(writes, 0.5):.1f} ms, "
          f"p95 {1000 * _pct(writes, 0.95):.1f} ms")
    print(f"import: {n / imported:,.0f} briefs/s ({imported:.1f} s, BriefStore.upsert_many in "
          f"batches of {BATCH}, one import, index included)")
    print(f"index size: ours {sizes[0] / 1e6:.1f} MB, raw tantivy {sizes[2] / 1e6:.1f} MB, "
          f"FTS5 file (with its stored text) {sizes[1] / 1e6:.1f} MB")
    strict = [o[0] for o in overlaps]
    ties = "; ".join(
        f"{f'within {n:.1%}' if n else 'exact ties'} {statistics.mean(o[i] for o in overlaps):.2f}"
        f" (min {min(o[i] for o in overlaps):.2f})" for i, n in enumerate(NEAR, 1))
    print(f"top-10 overlap with FTS5, word queries: {statistics.mean(strict):.2f} "
          f"(min {min(strict):.2f}, {len(strict)} queries); counting ties with the 10th "
          f"score on either side: {ties}")


if __name__ == "__main__":
    main()
