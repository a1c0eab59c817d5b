"""Related-briefs benchmark: ``BriefStore.related`` beside tantivy's own more-like-this query.

The app asks for the related briefs of every brief the cursor rests on (in a
worker thread, beside the UI thread: its CPU is the UI's loss), and for a
story thread on ``h``. Over the same briefs of a generated collection
(:func:`bench.corpus.generate`), reported as p50/p95 of wall and CPU time:

* **ours**: ``store.related(id, limit=5)`` as the reader calls it (the brief
  read, its 12 most distinctive terms, one OR query, the shared-terms queries,
  the floor of :mod:`briefs.relatedness`);
* **raw tantivy MLT**: the same brief read (``store.get``), then tantivy's
  ``MoreLikeThisQuery`` over its text in the ``all`` field (12 terms, terms in
  at least 2 briefs), top 20, their ids: a related query with no floor, the
  least any tantivy-based one costs;
* **thread**: the story thread as ``h`` gathers it (tui.controllers.threads.thread_rows).

Also how many briefs list any related brief, and how many on average. ``BENCH_N``
sets the size (default 100,000); the store is built once and kept in
``BENCH_DIR`` (default ``/tmp/briefs-bench-related-N``), marked when complete.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import tantivy

from bench.corpus import batches, bench_size, generate, source_name
from store import BriefStore
from store.search import analysis, engine
from tui.controllers.threads import thread_rows

#: Briefs measured (after a few to warm the caches), and threads gathered.
SAMPLE, WARM, THREADS = 200, 10, 20


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _build(home: Path, n: int) -> None:
    with BriefStore.open(home) as store:
        for batch in batches(generate(n)):
            store.upsert_many(batch)


def _timed(call: Callable[[str], object], ids: list[str]) -> tuple[list[float], list[float]]:
    for key in ids[:WARM]:
        call(key)
    wall, cpu = [], []
    for key in ids[WARM:]:
        started, used = time.perf_counter(), time.process_time()
        call(key)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


def _pct(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _mlt(store: BriefStore) -> Callable[[str], object]:
    index = store._engine.index  # the bench reaches in for the raw searcher, as a baseline
    assert index is not None

    def related(key: str) -> list[str]:
        brief = store.get(key)
        text = [item for items in analysis.field_items(brief) for item in items]
        with index._lock:
            searcher = index._searcher()
            query = tantivy.Query.more_like_this_document_fields_query(
                engine.SCHEMA, {"all": text}, min_doc_frequency=2, max_query_terms=12,
                min_term_frequency=1)
            hits = searcher.search(query, limit=21, count=False).hits
            return [searcher.doc(a).get_first("id") for _, a in hits][1:]
    return related


def main() -> None:
    """Build (or reuse) the store, time ours and the baseline on the same briefs, print."""
    n = bench_size()
    home = Path(os.environ.get("BENCH_DIR", "/tmp")) / f"briefs-bench-related-{n}"
    print(f"related briefs at N = {n:,} ({source_name()}); load {_load()}")
    marker = home / ".bench-complete"
    if not marker.exists():
        started = time.perf_counter()
        _build(home, n)
        marker.touch()
        print(f"(store built in {time.perf_counter() - started:.0f} s)")
    with BriefStore.open(home) as store:
        ids = random.Random(11).sample([row.id for row in store.rows()], SAMPLE + WARM)
        counts = [len(store.related(key, limit=5)) for key in ids[WARM:]]
        ours = _timed(lambda key: store.related(key, limit=5), ids)
        base = _timed(_mlt(store), ids)
        threads = _timed(lambda key: thread_rows(store, key), ids[:WARM + THREADS])
    print(f"(load after: {_load()})")
    print(f"{'':28} {'wall p50':>9} {'wall p95':>9} {'CPU p50':>9} {'CPU p95':>9}  (ms)")
    for name, (wall, cpu) in (("ours: related(limit=5)", ours), ("raw tantivy MLT, top 20", base),
                              ("ours: story thread (h)", threads)):
        print(f"{name:28} {_pct(wall, .5):9.1f} {_pct(wall, .95):9.1f} "
              f"{_pct(cpu, .5):9.1f} {_pct(cpu, .95):9.1f}")
    print(f"ratio ours/MLT: CPU p50 {_pct(ours[1], .5) / _pct(base[1], .5):.2f}, "
          f"p95 {_pct(ours[1], .95) / _pct(base[1], .95):.2f}")
    print(f"briefs listing any related: {sum(c > 0 for c in counts)}/{len(counts)}, "
          f"mean {statistics.mean(counts):.2f} (of at most 5)")


if __name__ == "__main__":
    main()
