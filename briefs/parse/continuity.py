"""Who a sentence opening on "he" or "she" goes on about: the previous sentence's subject.

A quotation worked into a sentence without a speech verb (``He then urged the board
to "stop the sale"``) is its subject's. When that subject is a pronoun, a reader
takes it for whoever the sentence before was about; so does this module, and when
the sentence before was about something else ("The lawsuit demands …. He also
seeks …") the quotation is left without a speaker rather than guessed at.
"""

from __future__ import annotations

import re
from typing import Protocol

from briefs.parse.cues import find_cues
from briefs.parse.phrases import Phrase, read_phrase
from briefs.parse.skeleton import PLACEHOLDER, Para
from briefs.parse.subjects import sentence_subject, valid_subject

#: What may follow a speech verb in a clause that only attributes: nothing, punctuation,
#: or the circumstances ("in a statement", "on Monday", "adding …").
CLAUSE_DONE = re.compile(
    r"\s*(?:$|[,.;:]|(?:in|on|at|to|during|via|after|before|from|when|while|on|about|as|"
    r"with|this|last|yesterday|today|of|[A-Z][a-z]+day|[a-z]+ing|[a-z]{3,}ly)\b)"
)
_PRONOUN_AND = re.compile(r"(?<![\w’'-])(?:[Hh]e|[Ss]he)\s+and\b")
# "…, he said.": an attribution set off by a comma, closing its sentence.
_CLOSING_ATTRIBUTION = re.compile(r",\s+[^,.;:\ue000]{1,40}$")


class _Resolver(Protocol):
    def resolve(self, phrase: Phrase, pos: tuple[int, int]) -> str | None: ...


def previous_subject(paras: list[Para], p: int, lo: int,
                     start: int) -> tuple[str, tuple[int, int]] | None:
    """The subject of the sentence before the one opening at ``lo`` in paragraph ``p``
    (the last sentence of the paragraph before, for a paragraph's first), and where that
    sentence opens; None when it has no subject that can name someone, or when the
    pronoun is one of two ("He and his partner", up to ``start``)."""
    if _PRONOUN_AND.search(paras[p].skeleton, lo, start):
        return None
    if lo > 0:
        para = paras[p]
        hi = lo
    else:
        p -= 1
        while p >= 0 and not paras[p].skeleton.strip():
            p -= 1
        if p < 0:
            return None
        para = paras[p]
        hi = len(para.skeleton.rstrip())
    start = para.sentence_start(hi - 1)
    subject = sentence_subject(para.skeleton, start, hi)
    if not valid_subject(subject):
        return None
    assert subject is not None
    return subject, (p, start)


def same_referent(discourse: _Resolver, pronoun: Phrase, speaker: str,
                  antecedent: tuple[str, tuple[int, int]]) -> bool:
    """Whether ``speaker``, what ``pronoun`` was resolved to, is who the previous
    sentence was about: that sentence's subject is the same pronoun (``He has coined
    …. He expressed …``) or names the same person."""
    phrase = read_phrase(antecedent[0])
    if phrase is None:
        return False
    if phrase.kind == "pronoun":
        return phrase.head == pronoun.head
    if phrase.plural or phrase.org:
        return False
    named = discourse.resolve(phrase, antecedent[1])
    return bool(named) and _surname(named) == _surname(speaker)


def _surname(name: str) -> str:
    return name.rsplit(None, 1)[-1].lower()


def goes_on(para: Para, start: int) -> int | None:
    """``… misinformation, he said. Good information still wins, but only when “…”``: a
    quotation inside a sentence no one speaks, right after a sentence closed by its
    attribution, goes on with that speaker's reported speech. Where that attribution's
    verb ends (for the caller to read its subject), or None."""
    sk = para.skeleton
    lo = para.sentence_start(start)
    if lo == 0 or PLACEHOLDER.search(sk, lo, start) or find_cues(sk, lo, para.sentence_end(start)):
        return None
    subject = sentence_subject(sk, lo, start)
    if subject is not None and read_phrase(subject) is not None:
        return None  # a sentence about someone (or something) of its own
    plo = para.sentence_start(lo - 1)
    cues = find_cues(sk, plo, lo)
    if not cues or PLACEHOLDER.search(sk, plo, lo):
        return None
    m = cues[-1]
    if not (_CLOSING_ATTRIBUTION.search(sk, plo, m.start()) and CLAUSE_DONE.match(sk, m.end())):
        return None
    return m.end()
