"""Finding quotation-marked spans, paired across paragraphs.

The scanner pairs opening and closing marks of every common kind (straight and
curly double quotes, guillemets, German low-high quotes). A quotation that
runs over several paragraphs, written the English way (the paragraph ends with
no closing mark and the next one opens again), comes out as one span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARK = re.compile(r"[\"“”„«»]")
_MARKS = "\"“”„«»"
# Which closing marks end a quotation opened by each opening mark. A straight
# quote is also accepted after a curly opener, as badly converted text mixes them.
_CLOSERS = {'"': '"”', "“": '”"', "„": '“”"', "«": '»"'}
_OPENERS = frozenset(_CLOSERS)
# A paragraph that re-opens a quotation left open starts with an opening mark.
_REOPENS = re.compile(r"\s*[\"“„«]")


@dataclass(slots=True)
class Piece:
    """The part of one quotation that lies in one paragraph.

    ``start`` is the offset of the opening mark (or 0 when the quotation
    continues from the previous paragraph), ``end`` is the offset just past
    the closing mark (or the paragraph's length when it stays open).
    """

    para: int
    start: int
    end: int
    inner: str


@dataclass(slots=True)
class QuoteSpan:
    """One quotation: its pieces in paragraph order and its words without marks."""

    index: int
    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The quoted words, paragraphs of a long quotation kept apart by a blank line."""
        return "\n\n".join(p.inner.strip() for p in self.pieces if p.inner.strip())

    @property
    def first(self) -> Piece:
        """The piece where the quotation opens."""
        return self.pieces[0]

    @property
    def last(self) -> Piece:
        """The piece where the quotation closes."""
        return self.pieces[-1]


def _is_stray(para: str, at: int) -> bool:
    """An opening mark glued to the word before it and followed by nothing that
    could be quoted (``no.“`` at a paragraph's end) is a closing mark typed wrong."""
    before = para[at - 1 : at]
    after = para[at + 1 : at + 2]
    return bool(before) and not before.isspace() and before not in "([{—–-/" and (
        not after or after.isspace()
    )


def find_quotes(paragraphs: list[str]) -> list[QuoteSpan]:
    """Every quotation in ``paragraphs``, in reading order.

    A quotation left open at the end of a paragraph continues only when the
    next paragraph opens with a quotation mark; otherwise it ends with its
    paragraph (a missing closing mark must not swallow the rest of the article).
    """
    spans: list[QuoteSpan] = []
    carry: QuoteSpan | None = None  # a quotation left open by the previous paragraph
    carry_closers = ""
    for p, para in enumerate(paragraphs):
        if not any(mark in para for mark in _MARKS):
            # No mark, so nothing opens or closes here, and nothing left open goes on (it
            # would have to re-open with a mark); substring tests are far cheaper than the
            # pattern, and most paragraphs quote no one.
            carry = None
            continue
        inside: QuoteSpan | None = None
        closers = ""
        open_at = 0
        pos = 0
        if carry is not None:
            m = _REOPENS.match(para)
            if m:
                inside, closers, open_at = carry, carry_closers, m.end()
                pos = m.end()
            carry = None
        for m in _MARK.finditer(para, pos):
            ch = m.group()
            if inside is None:
                if ch in _OPENERS and not _is_stray(para, m.start()):
                    inside = QuoteSpan(len(spans))
                    spans.append(inside)
                    closers, open_at = _CLOSERS[ch], m.end()
            elif ch in closers or (ch == "“" and closers == _CLOSERS["“"]
                                   and _is_stray(para, m.start())):
                # "“It's unusual,“ said": an opening mark glued to the words before it
                # and followed by a space closes the quotation (a typing slip).
                inside.pieces.append(
                    Piece(p, max(open_at - 1, 0), m.end(), para[open_at : m.start()])
                )
                inside = None
        if inside is not None:
            inside.pieces.append(Piece(p, max(open_at - 1, 0), len(para), para[open_at:]))
            carry, carry_closers = inside, closers
    return [s for s in spans if s.pieces and s.text]
