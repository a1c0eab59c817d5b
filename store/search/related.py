"""Related briefs: the distinctive words of one brief searched as a weighted OR query.

Briefs quoting the same people or carrying the same tags get a bonus; the hit's
``snippet`` says what they share (see :meth:`store.search.index.SearchIndex.related`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import tantivy

from briefs.models import Brief
from store.rows import BriefRow
from store.search import analysis, engine, mapping
from store.search.mapping import Compiler, folded
from store.search.query import Word
from store.search.results import SearchHit
from store.search.searching import ordinal

#: Terms a brief contributes to its "related" query, and what sharing a speaker or a
#: tag adds to the text similarity (which is scaled to [0, 1]).
RELATED_TERMS = 12
SPEAKER_BONUS = 0.3
TAG_BONUS = 0.15


class Related:
    """One "related briefs" computation (see :meth:`SearchIndex.related`)."""

    def __init__(self, searcher: tantivy.Searcher, brief: Brief,
                 rows: Mapping[str, BriefRow]) -> None:
        self.searcher, self.brief, self.rows = searcher, brief, rows

    def distinctive(self) -> dict[str, str]:
        """The brief's most distinctive terms -> the word shown for each."""
        counts: dict[str, int] = defaultdict(int)
        shown: dict[str, str] = {}
        speaking = {q.speaker for q in self.brief.quotes if q.speaker}
        for weight, items in zip((3, 2, 1, 1), analysis.field_items(self.brief), strict=True):
            for item in items:
                if weight == 2 and item in speaking:
                    continue  # speakers count through their own bonus
                for token in analysis.tokens(item):
                    counts[token.term] += weight
                    shown.setdefault(token.term, token.surface)
        n = max(self.searcher.num_docs, 1)
        # A term only this brief has relates it to nothing; one in most briefs says
        # nothing; numbers rarely say what a brief is about.
        scored = []
        for term, count in counts.items():
            if len(term) <= 2 or not term.isalpha():
                continue
            df = self.searcher.doc_freq("all", term)
            if 2 <= df < max(n / 2, 2.5):
                scored.append(((1 + math.log(count)) * math.log((n + 1) / df), term))
        return {t: shown[t] for _, t in sorted(scored)[-RELATED_TERMS:][::-1]}

    def top(self, limit: int) -> list[SearchHit]:
        """The ``limit`` briefs sharing the most with this one, best first."""
        terms = self.distinctive()
        compiler = Compiler(self.searcher, self.rows, mapping.RowFilters())
        score: dict[str, float] = defaultdict(float)
        if terms:
            words = [compiler.words(_word(t)) for t in terms]
            answer = self.searcher.search(tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in words]), limit=limit * 4 + 20)
            for value, address in answer.hits:
                score[self.searcher.doc(address).get_first("id")] = float(value)
        score.pop(self.brief.id, None)
        top = max(score.values(), default=0.0)
        for key in score:
            score[key] /= top or 1.0
        reasons: dict[str, list[str]] = defaultdict(list)
        for key in list(score):
            shared = [shown for term, shown in terms.items()
                      if self._holds(key, compiler.words(_word(term)))]
            if shared:
                reasons[key].append("shares " + ", ".join(shared[:3]))
        self._bonuses(score, reasons)
        score.pop(self.brief.id, None)
        ranked = sorted((k for k in score if k in self.rows and score[k] > 0),
                        key=lambda k: (-score[k], -ordinal(self.rows[k]), k))
        return [SearchHit(k, score[k], "; ".join(reasons[k]), []) for k in ranked[:limit]]

    def _holds(self, key: str, query: tantivy.Query) -> bool:
        both = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_query(engine.SCHEMA, "id", key)),
            (tantivy.Occur.Must, query)])
        return self.searcher.search(both, limit=1, count=False).hits != []

    def _bonuses(self, score: dict[str, float], reasons: dict[str, list[str]]) -> None:
        speakers = {folded(s) for s in self.brief.speakers}
        tags = {folded(t) for t in self.brief.tags}
        if speakers:
            people = [tantivy.Query.phrase_query(engine.SCHEMA, "speakers", words)
                      if len(words) > 1 else
                      tantivy.Query.term_query(engine.SCHEMA, "speakers", words[0])
                      for name in self.brief.speakers
                      if (words := analysis.terms(name, stem=False))]
            answer = self.searcher.search(tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in people]), limit=2_000, count=False)
            for _, address in answer.hits:
                key = self.searcher.doc(address).get_first("id")
                row = self.rows.get(key)
                same = [s for s in row.speakers if folded(s) in speakers] if row else []
                if same:
                    score[key] += SPEAKER_BONUS * min(len(same), 2)
                    reasons[key].append("quotes " + ", ".join(same[:2]))
        if tags:
            for key, row in self.rows.items():
                shared = [t for t in row.tags if folded(t) in tags]
                if shared:
                    score[key] += TAG_BONUS * min(len(shared), 3)
                    reasons[key].append("tagged " + ", ".join(shared[:3]))


def _word(term: str) -> Word:
    # An already analysed term as a query word.
    return Word(term, (term,))
