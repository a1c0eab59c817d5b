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

#: Snippet sources, best first on a tie: quoted statements, summary, body.
QUOTES, SUMMARY, BODY = "quotes", "summary", "body"
_PREFERENCE = {QUOTES: 3, SUMMARY: 2, BODY: 1}

Found = list[tuple[int, int, int]]  # (start, end, node index)


def _node_ranges(text: str, nodes: Sequence[TextNode]) -> Found:
    """``(start, end, node index)`` for every match of each node in ``text``."""
    wanted = {term for node in nodes if not isinstance(node, Prefix) for term in node.terms}
    prefixes = tuple(node.prefix for node in nodes if isinstance(node, Prefix))
    seen = [(position, token) for position, token in enumerate(analysis.tokens(text))
            if token.term in wanted or (prefixes and token.surface.startswith(prefixes))]
    at = {position: token for position, token in seen}
    found: Found = []
    for index, node in enumerate(nodes):
        if isinstance(node, Prefix):
            found += [(t.start, t.end, index) for _, t in seen if t.surface.startswith(node.prefix)]
            continue
        sequence = node.terms
        for position, token in seen:
            if token.term != sequence[0]:
                continue
            following = [at.get(position + offset) for offset in range(1, len(sequence))]
            if all(t is not None and t.term == term
                   for t, term in zip(following, sequence[1:], strict=True)):
                found.append((token.start, (following[-1] if following else token).end, index))
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
    return merge_ranges([(start, end) for start, end, _ in _node_ranges(text, nodes)])


def _one_line(text: str) -> str:
    # Brief fields are already clean (models.py strips controls on construction);
    # a snippet only needs its line breaks and runs of spaces folded into one space.
    return " ".join(text.split())


def _candidates(brief: Brief, kind: str) -> list[str]:
    """The one-line texts of one kind of snippet source."""
    if kind == QUOTES:
        return [_one_line(f"“{q.text}”" + (f" — {q.speaker}" if q.speaker else ""))
                for q in brief.quotes]
    if kind == SUMMARY:
        return [_one_line(brief.summary)] if brief.summary else []
    parts = [brief.body, brief.background, brief.caption or ""]
    parts += [section.text for section in brief.sections]
    return [_one_line(part) for part in parts if part]


def _window(text: str, found: Found, width: int) -> tuple[int, int]:
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
        # Start on a word boundary rather than mid-word (unless a match starts there).
        space = text.find(" ", lo, lo + _LEAD)
        if space != -1 and all(f[0] > space for f in found if f[0] >= lo):
            lo = space + 1
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", lo + width // 2, hi)
        if space != -1 and all(f[1] <= space for f in found if lo <= f[0] < hi):
            hi = space
    return lo, hi


def snippet(
    brief: Brief,
    query: Query,
    width: int = SNIPPET_CHARS,
    *,
    kinds: Sequence[str] | None = None,
) -> tuple[str, list[tuple[int, int]]]:
    """A short plain-text extract of ``brief`` showing the query's matches, with their ranges.

    The extract comes from the best field: the quote, summary or body passage
    matching the most distinct query words (on a tie quotes first, then the
    summary). ``kinds`` (from the index: the fields known to match, best
    first) limits where to look; the others are tried only if those show
    nothing. Without any match: the start of the summary, or of the body.
    The brief's fields are clean already (see :mod:`briefs.models`).
    """
    nodes = query.positive_text()
    order = list(kinds or ()) + [k for k in (QUOTES, SUMMARY, BODY) if k not in (kinds or ())]
    best: tuple[tuple[int, int, int], str, Found] | None = None
    if nodes:
        for kind in order:
            if best is not None and kinds:
                break  # the index's best field matched: no need to scan the others
            for text in _candidates(brief, kind):
                found = _node_ranges(text, nodes)
                if found:
                    key = (len({f[2] for f in found}), _PREFERENCE[kind], -len(text))
                    if best is None or key > best[0]:
                        best = (key, text, found)
    if best is None:
        texts = _candidates(brief, SUMMARY) or _candidates(brief, BODY)
        text, found = (texts[0] if texts else ""), []
    else:
        _, text, found = best
    lo, hi = _window(text, found, width)
    body = text[lo:hi]
    lead = len(body) - len(body.lstrip())
    prefix = _ELLIPSIS if lo > 0 else ""
    suffix = _ELLIPSIS if hi < len(text) else ""
    shown = prefix + body.strip() + suffix
    shift = len(prefix) - lo - lead
    ranges = [(s + shift, e + shift) for s, e, _ in found if s >= lo + lead and e <= hi]
    return shown, merge_ranges(ranges)
