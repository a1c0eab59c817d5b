"""Sentence boundaries that survive abbreviations (``Mr.``, ``U.S.``, ``Sept.``) and initials."""

from __future__ import annotations

import re
from itertools import pairwise

# A full stop, question or exclamation mark, closing marks, space, then what can
# open a sentence (a capital, a digit, an opening mark, a quotation placeholder).
_END = re.compile(r"[.?!][\"”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9\ue000])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|Jr|Sr|Inc|"
    r"Corp|Co|Ltd|No|vs|Del|Pres|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Fr|Mt|Ft)"
    r"|(?<![\w.])[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$"
)


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence after the first one starts, ascending."""
    starts: list[int] = []
    # What _END.finditer(text) finds, tried only at the full stops and marks that open
    # each match (substring searches, much cheaper than the pattern at every position;
    # a match holds no other such mark, so none is skipped).
    for dot in _stops(text):
        m = _END.match(text, dot)
        if m is None or (text[dot] == "." and is_abbreviation(text, dot)):
            continue
        starts.append(m.end())
    return starts


def _stops(text: str) -> list[int]:
    """Offsets of every full stop, question and exclamation mark, ascending."""
    found: list[int] = []
    for mark in ".?!":
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def split_sentences(text: str) -> list[str]:
    """``text`` cut into sentences (stripped, none empty)."""
    bounds = [0, *sentence_starts(text), len(text)]
    parts = (text[a:b].strip() for a, b in pairwise(bounds))
    return [p for p in parts if p]


def is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``text[dot]`` closes an abbreviation or an initial
    (``Mr.``, ``U.S.``, ``J.``), not a sentence."""
    if text[dot : dot + 1] == ".":
        # Every abbreviation the pattern knows puts an ASCII letter before the full stop;
        # after a lower-case one, a full stop before it ("U.S"), a capital in the four
        # characters before it ("Sept", "Mr") or "vs". Most full stops end a plain word.
        before = text[dot - 1] if dot > 0 else ""
        if not ("a" <= before <= "z" or "A" <= before <= "Z"):
            return False
        if ("a" <= before <= "z" and text[dot - 2 : dot - 1] != "."
                and text[max(0, dot - 2) : dot] != "vs"
                and text[max(0, dot - 4) : dot].lower() == text[max(0, dot - 4) : dot]):
            return False
    return _ABBREVIATION.search(text, max(0, dot - 12), dot + 1) is not None
