"""Highlight ranges and snippets: where a query matched, as character ranges (never markup)."""

from __future__ import annotations

from collections.abc import Sequence

from briefs.models import Brief
from store.search import analysis
from store.search.query import Prefix, Query, TextNode

#: Snippet length in characters (a little more with the ellipses).
SNIPPET_CHARS = 200
#: Characters of context kept before the first match in a snippet window.
_LEAD = 40
_ELLIPSIS = "…"

Found = list[tuple[int, int, int]]  # (start, end, node index)


def _node_ranges(text: str, nodes: Sequence[TextNode]) -> Found:
    """``(start, end, node index)`` for every match of each node in ``text``."""
    wanted = {term for node in nodes if not isinstance(node, Prefix) for term in node.terms}
    prefixes = tuple(node.prefix for node in nodes if isinstance(node, Prefix))
    seen = [(position, token) for position, token in enumerate(analysis.tokens(text))
            if token.term in wanted or (prefixes and token.surface.startswith(prefixes))]
    at = dict(seen)
    found: Found = []
    for index, node in enumerate(nodes):
        for position, token in seen:
            if isinstance(node, Prefix):
                if token.surface.startswith(node.prefix):
                    found.append((token.start, token.end, index))
                continue
            run = [at.get(position + offset) for offset in range(len(node.terms))]
            if all(t is not None and t.term == w for t, w in zip(run, node.terms, strict=True)):
                found.append((token.start, run[-1].end, index))  # type: ignore[union-attr]
    return found


def merge_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort ranges and merge the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def match_ranges(text: str, query: Query) -> list[tuple[int, int]]:
    """Sorted, merged character ranges of ``text`` that the query's positive words match."""
    nodes = query.positive_text()
    if not nodes or not text:
        return []
    return merge_ranges([(start, end) for start, end, _ in _node_ranges(text, nodes)])


def _candidates(brief: Brief) -> list[tuple[int, str]]:
    """``(preference, one-line text)`` of every snippet source: quotes 3, summary 2, body 1."""
    quotes = [f"“{q.text}”" + (f" — {q.speaker}" if q.speaker else "") for q in brief.quotes]
    body = [brief.body, brief.background, brief.caption or "", *(s.text for s in brief.sections)]
    # Fields are clean already (models.py strips controls); only runs of spaces fold.
    return [(rank, " ".join(text.split())) for rank, texts in
            ((3, quotes), (2, [brief.summary]), (1, body)) for text in texts if text]


def _window(text: str, found: Found, width: int) -> tuple[int, int]:
    """The ``[start, end)`` window of ``text`` (at most ``width``) showing the most matches."""
    if len(text) <= width:
        return 0, len(text)
    best_key, lo = (-1, 0), 0
    for start, _, _ in found:
        low = max(0, start - _LEAD)
        inside = [f for f in found if f[0] >= low and f[1] <= low + width]
        if (key := (len({f[2] for f in inside}), len(inside))) > best_key:
            best_key, lo = key, low
    space = text.find(" ", lo, lo + _LEAD) if lo > 0 else -1
    if space != -1 and all(f[0] > space for f in found if f[0] >= lo):
        lo = space + 1  # start on a word boundary rather than mid-word
    hi = min(len(text), lo + width)
    space = text.rfind(" ", lo + width // 2, hi) if hi < len(text) else -1
    if space != -1 and all(f[1] <= space for f in found if lo <= f[0] < hi):
        hi = space
    return lo, hi


def snippet(brief: Brief, query: Query) -> tuple[str, list[tuple[int, int]]]:
    """A plain-text extract of the passage matching the most query words (quotes first on a
    tie, then the summary, the shorter), with the ranges matched; else the summary's start."""
    nodes = query.positive_text()
    candidates = _candidates(brief)
    scored = [((len({f[2] for f in found}), rank, -len(text)), text, found)
              for rank, text in (candidates if nodes else ())
              if (found := _node_ranges(text, nodes))]
    if scored:
        _, text, found = max(scored, key=lambda entry: entry[0])  # the first of a tie
    else:  # the summary, else the body
        text = next((t for r, t in sorted(candidates, key=lambda c: -c[0]) if r < 3), "")
        found = []
    lo, hi = _window(text, found, SNIPPET_CHARS)
    body = text[lo:hi]
    lead = len(body) - len(body.lstrip())
    prefix, suffix = (_ELLIPSIS if lo > 0 else ""), (_ELLIPSIS if hi < len(text) else "")
    shift = len(prefix) - lo - lead
    ranges = [(s + shift, e + shift) for s, e, _ in found if s >= lo + lead and e <= hi]
    return prefix + body.strip() + suffix, merge_ranges(ranges)
