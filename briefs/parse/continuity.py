"""Who a sentence opening on "he" or "she" goes on about: the previous sentence's subject.

A quotation worked into a sentence without a speech verb (``He then urged the board
to "stop the sale"``) is its subject's. When that subject is a pronoun, a reader
takes it for whoever the sentence before was about; so does this module, and when
the sentence before was about something else ("The lawsuit demands …. He also
seeks …") the quotation is left without a speaker rather than guessed at.
"""

from __future__ import annotations

from typing import Protocol

from briefs.parse.phrases import Phrase, read_phrase
from briefs.parse.skeleton import Para
from briefs.parse.subjects import sentence_subject, valid_subject


class _Resolver(Protocol):
    def resolve(self, phrase: Phrase, pos: tuple[int, int]) -> str | None: ...


def previous_subject(paras: list[Para], p: int, lo: int) -> tuple[str, tuple[int, int]] | None:
    """The subject of the sentence before the one opening at ``lo`` in paragraph ``p``
    (the last sentence of the paragraph before, for a paragraph's first), and where that
    sentence opens; None when it has no subject that can name someone."""
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
