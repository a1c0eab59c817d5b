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
    """``(start, end, node index)`` for every match of each node in ``text``.

    Only tokens whose term the query wants are recorded (most are not), which
    keeps this fast enough to run on every hit of every search.
    """
    wanted: set[str] = set()
    prefixes: list[str] = []
    for node in nodes:
        if isinstance(node, Prefix):
            prefixes.append(node.prefix)
        else:
            wanted.update(node.terms)
    ascii_text = text.isascii()
    scan = text.lower() if ascii_text else text  # same offsets when ASCII
    if ascii_text and not any(hint in scan for hint in _hints(wanted, prefixes)):
        return []  # no word of the query can be here: skip tokenising (most texts)
    seen: list[tuple[int, str, str, int, int]] = []  # position, term, piece, start, end
    position = 0
    cache = analysis._TERMS_CACHE
    for match in analysis.WORD_RE.finditer(scan):
        token = match.group()
        terms = cache.get(token) or analysis.terms_of_token(token)
        for index, term in enumerate(terms):
            if term in wanted or prefixes:
                piece = token if ascii_text else analysis.pieces_of_token(token)[index][0]
                if term in wanted or any(piece.startswith(p) for p in prefixes):
                    seen.append((position, term, piece, match.start(), match.end()))
            position += 1
    found: Found = []
    if not seen:
        return found
    at = {pos: (term, start, end) for pos, term, _, start, end in seen}
    for index, node in enumerate(nodes):
        if isinstance(node, Prefix):
            found.extend((s, e, index) for _, _, piece, s, e in seen
                         if piece.startswith(node.prefix))
            continue
        sequence = node.terms
        for pos, term, _, start, end in seen:
            if term != sequence[0]:
                continue
            last = end
            for offset in range(1, len(sequence)):
                nxt = at.get(pos + offset)
                if nxt is None or nxt[0] != sequence[offset]:
                    break
                last = nxt[2]
            else:
                found.append((start, last, index))
    return found


def _hints(wanted: set[str], prefixes: list[str]) -> list[str]:
    """Substrings one of which any ASCII text matching these terms or prefixes contains.

    A Snowball stem shares its first three letters with every word it comes
    from (``economi``: economy), or two for stems of three letters (``cri``:
    cry), save ``-ying`` words such as dying (``die``) and vying (``vie``).
    """
    hints = [term[:3] if len(term) > 3 else term[:2] for term in wanted]
    hints += [term[0] + "y" for term in wanted if len(term) == 3 and term.endswith("ie")]
    return hints + [p[:3] for p in prefixes]


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
