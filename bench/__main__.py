"""Run the benchmarks: ``python -m bench [NAME ...]`` (default: all of them).

Each ``bench/bench_<name>.py`` module has a ``main()`` that prints a table with
our figure, the baseline's figure from the same run, and their ratio.
``BENCH_N`` sets the collection size (default 100,000); ``BENCH_DIR`` where the
generated stores go (default a temporary folder, removed afterwards).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def available() -> list[str]:
    """Names of the benchmark modules, in a stable order (cheap ones first)."""
    order = ["parse", "store", "search", "app"]
    here = Path(__file__).resolve().parent
    found = [m.name.removeprefix("bench_") for m in pkgutil.iter_modules([str(here)])
             if m.name.startswith("bench_")]
    return [n for n in order if n in found] + sorted(n for n in found if n not in order)


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all when none are named)."""
    names = argv or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")
        return 2
    for name in names:
        print(f"\n=== bench {name} ===", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.bench_{name}").main()
        print(f"(bench {name} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
