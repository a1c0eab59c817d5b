"""Parse benchmark: ``parse_article`` over real news text, beside a trivial pass.

Articles are the BBC corpus in ``../shared/corpora/bbc`` (2,225 texts in five
topic folders) when it is present, else a synthetic set built from
:mod:`bench.corpus` (its generated briefs written out as plain articles, with
their quotes as attributed quotation paragraphs by invented people).

The baseline is the cheapest pass that still looks at the same text: split
paragraphs and find quotation marks with one regex. Both run in this process
on one core; each side's figure is the best of :data:`ROUNDS` rounds.
``BENCH_N`` caps the number of articles (default: the whole corpus).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable

from bench.corpus import BBC_DIR, bench_size, generate
from briefs import parse_article

#: Rounds per side; the best is kept, so that a busy neighbour on the machine
#: does not decide the figure.
ROUNDS = 3
#: Synthetic articles when the BBC corpus is absent (and BENCH_N is not set).
SYNTHETIC_DEFAULT = 2_225
TARGET = "target: >= 1,000 articles/s on one core on a quiet machine (issue 10)"

_PARAGRAPHS = re.compile(r"\n\s*\n")
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")


def load_articles(limit: int | None = None) -> tuple[list[str], str]:
    """The benchmark texts and a description of where they came from."""
    if BBC_DIR.is_dir():
        paths = sorted(p for p in BBC_DIR.glob("*/*.txt"))
        if limit is not None:
            paths = paths[:limit]
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
        return texts, f"BBC corpus ({BBC_DIR})"
    n = limit if limit is not None else SYNTHETIC_DEFAULT
    return [_as_article(i, brief) for i, brief in enumerate(generate(n))], "synthetic articles"


def _as_article(i: int, brief: object) -> str:
    """A generated brief written out the way a news export would read."""
    paragraphs = [brief.title, *brief.body.split("\n\n")]  # type: ignore[attr-defined]
    for q in brief.quotes:  # type: ignore[attr-defined]
        who = q.speaker_mention or q.speaker or "a spokesperson"
        quote = f"“{q.text.rstrip('.')},” {who} {q.cue}."
        paragraphs.insert(min(len(paragraphs), 2 + i % 3), quote)
    return "\n\n".join(paragraphs)


def trivial_pass(text: str) -> int:
    """The baseline: paragraphs split and quotation marks found, nothing understood."""
    return sum(len(_QUOTE_MARKS.findall(p)) for p in _PARAGRAPHS.split(text))


def ours(text: str) -> int:
    """Our side: the full parse; returns the number of quoted statements found."""
    return len(parse_article(text).quotes)


def rate(func: Callable[[str], int], texts: list[str]) -> tuple[float, float, int]:
    """Best articles/s over :data:`ROUNDS` rounds by the wall clock and by this
    process's CPU time (which a busy neighbour on the machine disturbs less), and the
    function's total output."""
    best = best_cpu = float("inf")
    total = 0
    for _ in range(ROUNDS):
        started, started_cpu = time.perf_counter(), time.process_time()
        total = sum(func(t) for t in texts)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    n = len(texts)
    return (n / best if best > 0 else float("inf"),
            n / best_cpu if best_cpu > 0 else float("inf"), total)


def main() -> None:
    """Parse every article and print our rate beside the trivial pass's."""
    limit = bench_size(default=0) or None
    texts, source = load_articles(limit)
    size = sum(len(t) for t in texts) / 1024
    print(f"{len(texts):,} articles ({size:,.0f} KB) from the {source}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    mine, mine_cpu, quotes = rate(ours, texts)
    theirs, theirs_cpu, marks = rate(trivial_pass, texts)
    header = f"| {'metric':<26} | {'ours':>10} | {'trivial pass':>12} | {'ratio':>8} |"
    print()
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    print(f"| {'articles/s (one core)':<26} | {mine:>10,.0f} | {theirs:>12,.0f} | "
          f"{mine / theirs:>7.3g}x |")
    print(f"| {'articles/s (CPU time)':<26} | {mine_cpu:>10,.0f} | {theirs_cpu:>12,.0f} | "
          f"{mine_cpu / theirs_cpu:>7.3g}x |")
    print(f"| {'ms per article':<26} | {1000 / mine:>10.3f} | {1000 / theirs:>12.4f} | "
          f"{theirs / mine:>7.3g}x |")
    print(f"(ratio = ours / trivial pass; {quotes:,} quoted statements found, "
          f"{marks:,} quotation marks seen; {TARGET})")


if __name__ == "__main__":
    main()
