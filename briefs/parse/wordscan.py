"""Finding the words of a set in a text, fast: where whole words of it stand.

A pattern such as ``(?<![\\w'’-])(?:said|told)(?![\\w'’-])`` is tried by the regex
engine at every position of the text, and the look-behind it opens with costs most
of that. :class:`WordFinder` finds the same words with a pattern led by the
character before the word (``[^\\w'’-](said|told)…``): a pattern that opens with a
character class lets the engine skip to candidate positions in C. A word at the
very start of the text has no character before it: there the run of word characters
that opens the text is looked up in the set.
"""

from __future__ import annotations

import re

from briefs.parse.lexicon import word_alternation


class WordFinder:
    """Spans of the words of ``words`` in a text, each bounded on both sides by
    something other than a word character or one of the characters ``edge``.

    ``spans(text, lo, hi)`` gives what ``(?<![\\w{edge}])(?:words)(?![\\w{edge}])``
    finds by ``finditer(text, lo, hi)``: the look-behind sees the character before
    ``lo``, and the look-ahead the end at ``hi``, just as there.
    """

    def __init__(self, words: frozenset[str] | set[str], edge: str) -> None:
        cls = re.escape(edge)
        run = re.compile(rf"[\w{cls}]+")
        if not all(run.fullmatch(w) for w in words):
            raise ValueError("every word must be word characters and edge characters only")
        self._words = frozenset(words)
        # A word of the set opening the text is that text's leading run (bounded alike).
        self._leading_run = run
        self._after_edge = re.compile(
            rf"[^\w{cls}]((?:{word_alternation(words)}))(?![\w{cls}])")

    def spans(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """(start, end) of each word found in ``text[lo:hi]``, in order."""
        if hi is None:
            hi = len(text)
        found: list[tuple[int, int]] = []
        if lo <= 0:
            first = self._leading_run.match(text, 0, hi)
            start = 0
            if first is not None and first.group() in self._words:
                found.append(first.span())
                # No word of the set starts where one ends (a word character is before it).
                start = first.end()
        else:
            start = lo - 1  # the character before lo is the edge of a word starting at lo
        found.extend(m.span(1) for m in self._after_edge.finditer(text, start, hi))
        return found
