"""Highlight ranges and snippets: where a query matched, as character ranges (never markup)."""

from __future__ import annotations

from collections.abc import Sequence

from briefs.models import Brief
from briefs.text import clean_line
from store.search import analysis
from store.search.query import Prefix, Query, TextNode

#: Snippet length in characters (a little more with the ellipses).
SNIPPET_CHARS = 200
#: Characters of context kept before the first match in a snippet window.
_LEAD = 40
_ELLIPSIS = "…"


def _node_ranges(
    toks: Sequence[analysis.Token], nodes: Sequence[TextNode]
) -> list[tuple[int, int, int]]:
    """``(start, end, node index)`` for every match of each node in ``toks``."""
    found: list[tuple[int, int, int]] = []
    for index, node in enumerate(nodes):
        if isinstance(node, Prefix):
            prefix = node.prefix
            found.extend(
                (t.start, t.end, index)
                for t in toks
                if t.surface.startswith(prefix) or t.term.startswith(prefix)
            )
            continue
        seq = node.terms
        first, k = seq[0], len(seq)
        for i, tok in enumerate(toks):
            if tok.term != first or i + k > len(toks):
                continue
            if all(toks[i + j].term == seq[j] for j in range(1, k)):
                found.append((tok.start, toks[i + k - 1].end, index))
    return found


def merge_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort ranges and merge the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def match_ranges(text: str, query: Query) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that the query's words, phrases and prefixes match.

    Uses the index's own tokeniser and stemmer, so what is highlighted is what
    was matched; negated words are not highlighted. Ranges are sorted and
    merged; ``text[start:end]`` is the matched word or phrase.
    """
    nodes = query.positive_text()
    if not nodes or not text:
        return []
    found = _node_ranges(list(analysis.tokens(text)), nodes)
    return merge_ranges([(start, end) for start, end, _ in found])


def _candidates(brief: Brief) -> list[tuple[int, str]]:
    """Snippet sources with a preference (quotes 3, summary 2, body 1), as one-line text."""
    out: list[tuple[int, str]] = []
    for quote in brief.quotes:
        text = f"“{quote.text}”"
        if quote.speaker:
            text += f" — {quote.speaker}"
        out.append((3, clean_line(text)))
    if brief.summary:
        out.append((2, clean_line(brief.summary)))
    parts = [brief.body, brief.background, brief.caption or ""]
    parts += [section.text for section in brief.sections]
    out.extend((1, clean_line(part)) for part in parts if part)
    return out


def _window(text: str, found: list[tuple[int, int, int]], width: int) -> tuple[int, int]:
    """The ``[start, end)`` window of ``text`` (at most ``width``) showing the most matches."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_key = 0, (-1, 0)
    for start, _, _ in found:
        lo = max(0, start - _LEAD)
        inside = [f for f in found if f[0] >= lo and f[1] <= lo + width]
        key = (len({f[2] for f in inside}), len(inside))
        if key > best_key:
            best_start, best_key = lo, key
    lo = best_start
    if lo > 0:
        # Start on a word boundary rather than mid-word.
        space = text.find(" ", lo, lo + _LEAD)
        if space != -1 and all(f[0] > space for f in found if f[0] >= lo):
            lo = space + 1
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", lo + width // 2, hi)
        if space != -1:
            hi = space
    return lo, hi


def snippet(
    brief: Brief, query: Query, width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """A short plain-text extract of ``brief`` showing the query's matches, with their ranges.

    The extract comes from the best field: the quote, summary or body passage
    matching the most distinct query words (quotes first on a tie, then the
    summary). Without any match, the start of the summary (or body).
    """
    nodes = query.positive_text()
    best: tuple[tuple[int, int, int], str, list[tuple[int, int, int]]] | None = None
    candidates = _candidates(brief)
    if nodes:
        for preference, text in candidates:
            found = _node_ranges(list(analysis.tokens(text)), nodes)
            if not found:
                continue
            key = (len({f[2] for f in found}), preference, -len(text))
            if best is None or key > best[0]:
                best = (key, text, found)
    if best is None:
        fallback = next((t for p, t in candidates if p < 3), "") or (
            candidates[0][1] if candidates else ""
        )
        text, found = fallback, []
    else:
        _, text, found = best
    lo, hi = _window(text, found, width)
    prefix = _ELLIPSIS if lo > 0 else ""
    suffix = _ELLIPSIS if hi < len(text) else ""
    shown = prefix + text[lo:hi].strip() + suffix
    shift = len(prefix) - lo - (len(text[lo:hi]) - len(text[lo:hi].lstrip()))
    ranges = [
        (start + shift, end + shift) for start, end, _ in found if start >= lo and end <= hi
    ]
    return shown, merge_ranges(ranges)
