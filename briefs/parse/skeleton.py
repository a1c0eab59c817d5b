"""Paragraph skeletons: quotations replaced by placeholders.

Each paragraph is read as a *skeleton*: its quotations replaced by a private
placeholder (``\\ue000<k>\\ue001`` followed by the quotation's closing
punctuation), so that the words inside a quotation never pass for a speech
verb or a speaker, and sentence splitting sees a quotation as one token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from briefs.parse.quotes import QuoteSpan
from briefs.parse.sentences import sentence_starts

PH_OPEN, PH_CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(r"\ue000(\d+)\ue001")
_FINAL_PUNCT = {",": ",", ".": ".", "?": ".", "!": ".", ";": ";", ":": ":", "…": "."}
_DOUBLE_PUNCT = re.compile(r"(\ue001[,.;:])[,.;:]")
_ASIDE = re.compile(r"\s*\([^()\ue000\ue001]{0,40}\)")


@dataclass(slots=True)
class Para:
    """A paragraph's skeleton and where each quotation sits in it."""

    skeleton: str
    slots: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # k -> (start, end, tail)
    ends: list[int] = field(default_factory=list)  # sentence starts, ascending

    def sentence_start(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` starts."""
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0

    def sentence_end(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` ends (the next one starts)."""
        i = bisect_right(self.ends, pos)
        return self.ends[i] if i < len(self.ends) else len(self.skeleton)



def build_skeletons(paragraphs: list[str], spans: list[QuoteSpan]) -> list[Para]:
    """One skeleton per paragraph, with where each quotation sits and its sentences."""
    by_para: dict[int, list[tuple[int, int, int, str]]] = {}
    for span in spans:
        last = len(span.pieces) - 1
        for i, piece in enumerate(span.pieces):
            tail = ""
            if i == last:
                inner = piece.inner.rstrip()
                tail = _FINAL_PUNCT.get(inner[-1:], "") if inner else ""
            by_para.setdefault(piece.para, []).append((piece.start, piece.end, span.index, tail))
    paras: list[Para] = []
    for p, text in enumerate(paragraphs):
        out: list[str] = []
        pos = 0
        for start, end, k, tail in sorted(by_para.get(p, ())):
            out.append(text[pos:start])
            out.append(f"{PH_OPEN}{k}{PH_CLOSE}{tail}")
            pos = end
        out.append(text[pos:])
        skeleton = "".join(out)
        # Punctuation the writer put after the closing mark as well is kept once;
        # short asides in brackets ("Sen. Claire Doe (D-Mo.) said") are dropped so
        # that they do not split a speaker from the verb.
        if PH_CLOSE in skeleton:  # only a quotation's closing mark can double punctuation
            skeleton = _DOUBLE_PUNCT.sub(r"\1", skeleton)
        if "(" in skeleton:
            skeleton = _ASIDE.sub("", skeleton)
        paras.append(Para(skeleton, _slots_of(skeleton), sentence_starts(skeleton)))
    return paras


def _slots_of(skeleton: str) -> dict[int, tuple[int, int, int]]:
    slots: dict[int, tuple[int, int, int]] = {}
    if PH_OPEN not in skeleton:
        return slots  # most paragraphs hold no quotation
    for m in PLACEHOLDER.finditer(skeleton):
        tail = 1 if m.end() < len(skeleton) and skeleton[m.end()] in ",.;:" else 0
        slots[int(m.group(1))] = (m.start(), m.end(), m.end() + tail)
    return slots

