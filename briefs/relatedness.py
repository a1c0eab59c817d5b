"""How much two briefs share in content: the floor under "related briefs" and threads.

The search index ranks related briefs by scores relative to the best match, so
a brief that shares nothing real with anything ("Hello.") still gets a full
list. This is the absolute check: two briefs are related when a fair share of
the content words of each (stemmed, at least four letters, common function
words left out) appear in the other; the cosine of the two word sets. A
journalist's rule, "they are about the same things", stated as a number.

Measured on the samples (briefs/samples/): the fictional Vessa briefs share
0.245-0.507 with one another, and at most 0.156 with the real Russia briefs;
the two Russia briefs share 0.301. :data:`MIN_SIMILARITY` sits between.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

import Stemmer

from briefs.models import Brief

#: Below this, two briefs are not shown as related (see the module's docstring).
MIN_SIMILARITY = 0.18
#: Two briefs must share at least this many content words besides.
MIN_SHARED_WORDS = 2

#: Words that say nothing of what a brief is about (four letters and more only).
_FUNCTION_WORDS_TEXT = """
about above after again against also among been before being below between both
could does doing down during each either even ever every from further have having
here hers herself himself into itself just last like more most much must near next
none only other ours over said same says should since some such than that their
theirs them themselves then there these they this those through under until very
were what when where which while whom will with within without would year years
your week today told first
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+")
_stemmer = Stemmer.Stemmer("english")

HitT = TypeVar("HitT")


def content_terms(brief: Brief) -> frozenset[str]:
    """The stems of the content words in the brief's title, summary, background and quotes."""
    text = " ".join([brief.title, brief.summary, brief.background,
                     *(quote.text for quote in brief.quotes)])
    words = {word.lower() for word in _WORD.findall(text)}
    return frozenset(_stem(word) for word in words
                     if len(word) >= 4 and word not in FUNCTION_WORDS)


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def similarity(a: Brief, b: Brief) -> float:
    """The cosine of the two briefs' content word sets (0 when they share too few words)."""
    terms_a, terms_b = content_terms(a), content_terms(b)
    shared = len(terms_a & terms_b)
    if shared < MIN_SHARED_WORDS:
        return 0.0
    return shared / math.sqrt(len(terms_a) * len(terms_b))


def keep_related(brief: Brief, hits: Sequence[HitT], brief_of: Callable[[HitT], Brief | None],
                 *, floor: float = MIN_SIMILARITY) -> list[HitT]:
    """The hits whose brief shares at least ``floor`` with ``brief``, in their order.

    ``brief_of`` reads a hit's brief (None: it is gone, and dropped).
    """
    kept = []
    for hit in hits:
        other = brief_of(hit)
        if other is not None and similarity(brief, other) >= floor:
            kept.append(hit)
    return kept
