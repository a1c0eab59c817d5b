"""When two briefs are related: the floor under "related briefs" and story threads.

The search index finds candidates by searching a brief's most distinctive words
(the top terms by TF-IDF against the collection) as one OR query. Its scores
only rank; this module says whether a candidate is related at all, from three
numbers a reader could check by hand:

* **shared terms**: how many of the brief's distinctive terms the candidate
  has (a quoted speaker both quote counts as one): at least
  :data:`MIN_SHARED_TERMS`, so that one common word ("Hello.") relates nothing;
* **coverage**: the IDF-weighted share of the brief's distinctive terms that
  the candidate has, with a prior of :data:`PRIOR_TERMS` unshared terms of
  average weight in the denominator. A long brief with twelve distinctive
  terms can reach 0.75; a brief of three words at most 0.43, of one word 0.2:
  the less a brief says, the less it can be said to share;
* **score ratio**: the candidate's BM25 score for the brief's query over the
  brief's own score for it (the best a document can answer "more like this
  one"). BM25's length normalisation keeps a very long article that mentions
  every word once from counting as the same story.

A candidate is related when all three clear their floors (see
:func:`is_related`); related candidates rank by :func:`strength`. The floors
were set on the samples (the fictional Vessa thread against the two real
Russia briefs: tests/unit/test_relatedness.py) and on the BBC corpus (2,225
articles in five sections): of the top 15 candidates of 300 briefs, 77% are
in the brief's own section; of those the floors keep, 97%, and 183 of the 300
briefs keep at least one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: A candidate must share at least this many of the brief's distinctive terms.
MIN_SHARED_TERMS = 3
#: Unshared pseudo-terms of average weight added to the coverage's denominator.
PRIOR_TERMS = 4
#: The least IDF-weighted coverage of the brief's distinctive terms.
MIN_COVERAGE = 0.3
#: The least BM25 score relative to the brief's own score for its query.
MIN_SCORE_RATIO = 0.2

#: Words that say nothing of what a brief is about (three letters and more: the
#: index's terms are), compared before stemming.
_FUNCTION_WORDS_TEXT = """
about above across after again against ago all almost along already also although
always among and another any anyone anything are around away back because been
before behind being below between both but can cannot could did does doing done
down during each either else even ever every few for from further get gets getting
got had has have having her here hers herself him himself his how however into its
itself just last least less let like made make makes many may maybe more most much
must near nearly need needs never new next none nor not now off often old once one
only onto other others our ours out over own per perhaps put rather really said
same say saying says see seen set several she should since some something still
such take taken than that the their theirs them themselves then there these they
thing things this those though three through thus too took toward two under until
upon use used very want wanted was way ways well went were what whatever when where
whether which while who whole whom whose why will with within without would yes
yet you your year years week weeks day days today told time times first second
mr mrs ms dr
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


def is_content_word(word: str) -> bool:
    """True for a folded word that can say what a brief is about (letters, three or more)."""
    return len(word) > 2 and word.isalpha() and word not in FUNCTION_WORDS


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a candidate shares with a brief: the numbers :func:`is_related` judges.

    ``shared`` holds the weights of the brief's distinctive terms the candidate
    has, ``weights`` the weights of all of them; ``score_ratio`` is the
    candidate's score over the brief's own; ``speakers`` counts the quoted
    speakers both quote.
    """

    shared: Sequence[float]
    weights: Sequence[float]
    score_ratio: float
    speakers: int = 0


def coverage(shared: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted share of the brief's terms the candidate has, with the length prior."""
    if not weights:
        return 0.0
    total = sum(weights)
    return sum(shared) / (total + PRIOR_TERMS * total / len(weights))


def is_related(evidence: Evidence) -> bool:
    """True when the candidate clears every floor (see the module's docstring)."""
    return (len(evidence.shared) + min(evidence.speakers, 1) >= MIN_SHARED_TERMS
            and coverage(evidence.shared, evidence.weights) >= MIN_COVERAGE
            and evidence.score_ratio >= MIN_SCORE_RATIO)


def strength(evidence: Evidence) -> float:
    """How strongly a related candidate relates, in [0, 1]: its coverage and score ratio."""
    return 0.5 * min(coverage(evidence.shared, evidence.weights), 1.0) + 0.5 * min(
        evidence.score_ratio, 1.0)


#: A story thread's walk: how many steps from the first brief, and how many
#: briefs it may look up (each a related-briefs search) per brief it may hold.
THREAD_STEPS = 2
THREAD_LOOKUPS_PER_BRIEF = 2


def gather_thread(start: str, related_of: Callable[[str], Sequence[str]], *,
                  limit: int) -> list[str]:
    """A story thread: ``start`` and the briefs linked to it both ways, step by step.

    A story runs as a chain (a protest, talks, a draft, an accord): the first
    and the last brief may share little, each with the next a lot. So the
    thread takes the related briefs of ``start``, then theirs, up to
    :data:`THREAD_STEPS` steps away; a brief joins only if the brief that found
    it is among its own related briefs too (``related_of``, already above the
    floor). One brief's noise is not mutual, and does not pull in another story.
    At most ``limit`` briefs, ``start`` first, in the order found.
    """
    members, lookups = [start], 0
    known: dict[str, Sequence[str]] = {start: related_of(start)}
    frontier = [start]
    for _ in range(THREAD_STEPS):
        found_now: list[str] = []
        for member in frontier:
            for candidate in known[member]:
                if candidate in members or len(members) >= limit:
                    continue
                if candidate not in known:
                    if lookups >= THREAD_LOOKUPS_PER_BRIEF * limit:
                        return members
                    lookups += 1
                    known[candidate] = related_of(candidate)
                if member in known[candidate]:
                    members.append(candidate)
                    found_now.append(candidate)
        frontier = found_now
    return members
