"""Related briefs: one brief's most distinctive words as one OR query, judged by
:mod:`briefs.relatedness` (docs/search-design.md, "Snippets, suggestions, related")."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from briefs.models import Brief
from briefs.relatedness import Evidence, is_content_word, is_related, strength
from store.rows import BriefRow
from store.search import analysis
from store.search.engine import SCHEMA
from store.search.mapping import Compiler, const, folded
from store.search.query import Word
from store.search.results import SearchHit, ordinal

#: Terms a brief contributes to its "related" query: its most distinctive ones.
RELATED_TERMS = 12
assert RELATED_TERMS <= 24, "the shared-terms mask must fit an f32's mantissa"
#: What sharing a quoted speaker or a tag adds to a related brief's strength (in [0, 1]).
SPEAKER_BONUS, TAG_BONUS = 0.1, 0.05
#: Candidates looked at per brief wanted (most fall below the floor at a large limit).
CANDIDATES_PER_HIT, MIN_CANDIDATES = 3, 12
#: The collection size below which document counts are smoothed (see distinctive()),
#: and the size from which a term in half the briefs is no longer distinctive.
PRIOR_COLLECTION, MIN_CUT_COLLECTION = 1_000, 50


@dataclass(frozen=True, slots=True)
class Term:
    """One distinctive term of a brief: the index term, the word shown, its TF-IDF weight."""

    term: str
    shown: str
    weight: float


def distinctive(searcher: tantivy.Searcher, brief: Brief) -> list[Term]:
    """The brief's most distinctive terms (TF-IDF, title weighing 3, quotes 2), best first."""
    pairs: Counter[tuple[str, str]] = Counter()  # (word, its index term) -> weighted count
    speaking = {q.speaker for q in brief.quotes if q.speaker}
    for weight, items in zip((3, 2, 1, 1), analysis.field_items(brief), strict=True):
        for item in items:
            if weight == 2 and item in speaking:
                continue  # speakers count on their own (see candidates())
            # One token per word in both analysers, so the two lists pair up.
            for pair in zip(analysis.terms(item, stem=False), analysis.terms(item), strict=True):
                pairs[pair] += weight
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}  # term -> its commonest spelling in the brief
    for (word, term), count in pairs.most_common():
        if is_content_word(word):
            counts[term] += count
            shown.setdefault(term, word)
    n = max(searcher.num_docs, 1)
    # A term only this brief has relates it to nothing, one in most briefs says nothing; a
    # small collection's counts say little ("vessa": 8 of 10), so it weighs as a larger one.
    most = n / 2 if n >= MIN_CUT_COLLECTION else n + 1
    size = max(n, PRIOR_COLLECTION) + 1
    scored = [Term(term, shown[term], (1 + math.log(count)) * math.log(size / df))
              for term, count in counts.items()
              if 2 <= (df := searcher.doc_freq("all", term)) < most]
    return sorted(scored, key=lambda t: (-t.weight, t.term))[:RELATED_TERMS]


def candidates(searcher: tantivy.Searcher, brief: Brief, rows: Mapping[str, BriefRow],
               count: int) -> list[tuple[str, Evidence, list[str]]]:
    """Up to ``count`` briefs the brief's query finds, best first: (id, evidence, words)."""
    if not (terms := distinctive(searcher, brief)):
        return []
    compiler = Compiler(searcher, rows)
    # Each term as the search box's word, boosted so that it weighs its TF-IDF in
    # the brief (the word query scores the classic IDF times BM25's saturation).
    query = TQ.boolean_query([(Occur.Should, TQ.boost_query(
        compiler.words(Word(t.term, (t.term,))), t.weight / compiler.idf(t.term)[1]))
        for t in terms])
    scores: dict[str, float] = {}
    address_of: dict[tuple[int, int], str] = {}
    for score, address in searcher.search(query, limit=count + 1, count=False).hits:
        key = searcher.doc(address).get_first("id")
        scores.setdefault(key, float(score))
        address_of[(address.segment_ord, address.doc)] = key
    if (own := scores.pop(brief.id, None)) is None:  # a long brief, or not indexed yet
        itself = TQ.boolean_query([(Occur.Must, query),
                                   (Occur.Must, TQ.term_query(SCHEMA, "id", brief.id))])
        found = searcher.search(itself, limit=1, count=False).hits
        own = float(found[0][0]) if found else max(scores.values(), default=0.0)
    ids = [key for key in scores if key in rows][:count]
    if not ids or own <= 0:
        return []
    shared = _shared_terms(searcher, terms, ids, address_of)
    speakers, weights = {folded(s) for s in brief.speakers}, [t.weight for t in terms]
    return [(key, Evidence([t.weight for t in shared[key]], weights, scores[key] / own,
                           sum(folded(s) in speakers for s in rows[key].speakers)),
             [t.shown for t in shared[key]]) for key in ids]


def _shared_terms(searcher: tantivy.Searcher, terms: list[Term], ids: list[str],
                  address_of: Mapping[tuple[int, int], str]) -> dict[str, list[Term]]:
    """Which of ``terms`` each of ``ids`` has, in one query: term ``i`` scores ``2 ** i``."""
    flags = TQ.boolean_query([(Occur.Should, TQ.const_score_query(
        TQ.term_query(SCHEMA, "all", term.term), float(1 << bit)))
        for bit, term in enumerate(terms)])
    masked = TQ.boolean_query([(Occur.Must, flags),
                               (Occur.Must, const(TQ.term_set_query(SCHEMA, "id", ids)))])
    shared: dict[str, list[Term]] = {key: [] for key in ids}
    for score, address in searcher.search(masked, limit=len(ids), count=False).hits:
        key = (address_of.get((address.segment_ord, address.doc))  # a second doc of an id: none
               or searcher.doc(address).get_first("id"))
        shared[key] = [term for bit, term in enumerate(terms) if round(score) >> bit & 1]
    return shared


def related(searcher: tantivy.Searcher, brief: Brief, rows: Mapping[str, BriefRow],
            limit: int) -> list[SearchHit]:
    """The ``limit`` briefs most related to ``brief``, best first (none below the floor)."""
    found = candidates(searcher, brief, rows, max(limit * CANDIDATES_PER_HIT, MIN_CANDIDATES))
    speakers, tags = {folded(s) for s in brief.speakers}, {folded(t) for t in brief.tags}
    hits = []
    for key, evidence, words in found:
        if not is_related(evidence):
            continue
        same = [s for s in rows[key].speakers if folded(s) in speakers][:2]
        common = [t for t in rows[key].tags if folded(t) in tags][:3]
        reasons = ["shares " + ", ".join(words[:3])]
        reasons += [f"{verb} " + ", ".join(names)
                    for names, verb in ((same, "quotes"), (common, "tagged")) if names]
        score = strength(evidence) + SPEAKER_BONUS * len(same) + TAG_BONUS * len(common)
        hits.append(SearchHit(key, score, "; ".join(reasons), []))
    hits.sort(key=lambda h: (-h.score, -ordinal(rows[h.id]), h.id))
    return hits[:limit]
