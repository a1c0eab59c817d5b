"""Related briefs: the distinctive words of one brief searched as one OR query.

Briefs quoting the same people or carrying the same tags get a bonus; the hit's
``snippet`` says what they share (see :meth:`store.search.index.SearchIndex.related`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from briefs.models import Brief
from store.rows import BriefRow
from store.search import analysis, engine
from store.search.mapping import Compiler, RowFilters, folded
from store.search.query import Word
from store.search.results import SearchHit
from store.search.searching import ordinal

#: Terms a brief contributes to its "related" query, and what sharing a speaker or a
#: tag adds to the text similarity (which is scaled to [0, 1]).
RELATED_TERMS = 12
SPEAKER_BONUS = 0.3
TAG_BONUS = 0.15


def distinctive(searcher: tantivy.Searcher, brief: Brief) -> dict[str, str]:
    """The brief's most distinctive terms (TF-IDF, title weighing 3, quotes 2) -> the word shown."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    speaking = {q.speaker for q in brief.quotes if q.speaker}
    for weight, items in zip((3, 2, 1, 1), analysis.field_items(brief), strict=True):
        for item in items:
            if weight == 2 and item in speaking:
                continue  # speakers count through their own bonus
            for token in analysis.tokens(item):
                counts[token.term] += weight
                shown.setdefault(token.term, token.surface)
    n = max(searcher.num_docs, 1)
    # A term only this brief has relates it to nothing; one in most briefs says
    # nothing; numbers rarely say what a brief is about.
    scored = [((1 + math.log(count)) * math.log((n + 1) / df), term)
              for term, count in counts.items() if len(term) > 2 and term.isalpha()
              and 2 <= (df := searcher.doc_freq("all", term)) < max(n / 2, 2.5)]
    return {t: shown[t] for _, t in sorted(scored)[-RELATED_TERMS:][::-1]}


def related(searcher: tantivy.Searcher, brief: Brief, rows: Mapping[str, BriefRow],
            limit: int) -> list[SearchHit]:
    """The ``limit`` briefs sharing the most with ``brief``, best first."""
    compiler = Compiler(searcher, rows, RowFilters())
    words = {shown: compiler.words(Word(term, (term,)))
             for term, shown in distinctive(searcher, brief).items()}
    score: dict[str, float] = {}
    reasons: dict[str, list[str]] = defaultdict(list)
    if words:
        hits = searcher.search(TQ.boolean_query([(Occur.Should, q) for q in words.values()]),
                               limit=limit * 4 + 20, count=False).hits
        score = {searcher.doc(a).get_first("id"): float(s) for s, a in hits}
        score.pop(brief.id, None)
        top = max(score.values(), default=1.0) or 1.0
        score = {key: value / top for key, value in score.items()}
        among = TQ.term_set_query(engine.SCHEMA, "id", list(score))
        shared: dict[str, list[str]] = defaultdict(list)
        for shown, query in words.items():  # which of the words each hit shares
            both = TQ.boolean_query([(Occur.Must, query), (Occur.Must, among)])
            for _, address in searcher.search(both, limit=len(score) or 1, count=False).hits:
                shared[searcher.doc(address).get_first("id")].append(shown)
        for key, found in shared.items():
            reasons[key].append("shares " + ", ".join(found[:3]))
    speakers, tags = {folded(s) for s in brief.speakers}, {folded(t) for t in brief.tags}
    for key, row in rows.items() if speakers or tags else ():
        same = [s for s in row.speakers if folded(s) in speakers][:2] if speakers else []
        common = [t for t in row.tags if folded(t) in tags][:3] if tags else []
        for bonus, names, verb in ((SPEAKER_BONUS, same, "quotes"), (TAG_BONUS, common, "tagged")):
            if names:
                score[key] = score.get(key, 0.0) + bonus * len(names)
                reasons[key].append(f"{verb} " + ", ".join(names))
    score.pop(brief.id, None)
    ranked = sorted((k for k in score if k in rows and score[k] > 0),
                    key=lambda k: (-score[k], -ordinal(rows[k]), k))
    return [SearchHit(k, score[k], "; ".join(reasons[k]), []) for k in ranked[:limit]]
