"""Parse time grows linearly with the text: earlier mentions are indexed, not rescanned."""

from __future__ import annotations

import gc
import time

from briefs import parse_article

# Invented people only; every paragraph is quote-dense and refers back (pronouns,
# surnames, a role noun) so that every resolution path looks at earlier mentions.
_PARAGRAPH = (
    "“We will build the bridge by spring, and the council knows it,” said Orla Penhallow{n}, "
    "the transport chair. She added that the budget was agreed. “Nobody here wants another "
    "delay,” she said. The chief engineer, Tobias Wrenfield, told reporters: “The steel is "
    "ordered and the crews are ready.” “It is done,” the engineer said. Mr Wrenfield thanked "
    "Ms Penhallow{n}."
)


def _article(size: int) -> str:
    paragraphs = ["Bridge work to start in spring"]
    total = 0
    n = 0
    while total < size:
        paragraphs.append(_PARAGRAPH.format(n=n % 50))
        total += len(paragraphs[-1]) + 2
        n += 1
    return "\n\n".join(paragraphs)


def _cpu_seconds(text: str) -> float:
    # CPU time of this process, not wall time: other work on a loaded machine
    # does not count against the parser. The cyclic garbage collector is paused while
    # timing: its full passes cost with the size of the whole heap (the test's own
    # strings included), which is the interpreter's growth, not the parser's.
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        brief = parse_article(text)
        elapsed = time.process_time() - started
    finally:
        gc.enable()
    assert brief.quotes and brief.quotes[-1].speaker == "Tobias Wrenfield"
    return elapsed


def test_parse_time_grows_linearly() -> None:
    small_text, large_text = _article(200_000), _article(2_000_000)
    # On a shared machine the CPU's speed drifts over seconds (neighbours, caches), so
    # the 200 KB figure is the mean of ten parses in a row: as long as the one 2 MB
    # parse, it meets the same drift. Rounds interleave; the least disturbed of each.
    # A busy neighbour on the shared cache slows the 2 MB parse (40 MB of objects) more
    # than the 200 KB one (4 MB, which stays cached): when the first three rounds were
    # disturbed, up to two more are taken before judging.
    small = large = float("inf")
    for round_ in range(5):
        small = min(small, sum(_cpu_seconds(small_text) for _ in range(10)) / 10)
        large = min(large, _cpu_seconds(large_text))
        if round_ >= 2 and large <= 12 * small:
            break
    assert large < 120, f"2 MB took {large:.1f} s of CPU"
    assert large <= 12 * max(small, 0.01), f"200 KB {small:.2f} s, 2 MB {large:.2f} s"
