"""Briefs' query tree as tantivy ``Query`` objects (docs/search-design.md, "Ranking" and
"Filters": words rank, filters score 0, rows answer for the restated briefs)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
from functools import lru_cache

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from briefs.text import fold
from store.rows import BriefRow
from store.search import analysis
from store.search.engine import BONUS_FIELDS, FIELD_WEIGHTS, FILTER_FIELDS, SCHEMA, state_terms
from store.search.query import And, Filter, Node, Not, Or, Phrase, Prefix, Word

#: A prefix expands to at most this many indexed words (the most frequent ones).
MAX_PREFIX_TERMS = 500
#: Expansions scored by BM25 (the commonest); the rest only match (constant score).
SCORED_EXPANSIONS = 24
#: The share of each field's weight above 1 given as a constant extra (times the IDF)
#: for a match there, scaled down to keep a title from outweighing a rarer word.
WEIGHT_SCALE = 0.3
#: The floor of the classic IDF (FTS5's): a word in most briefs weighs almost nothing.
MIN_IDF = 1e-6


#: :func:`fold`, cached: the short strings filters compare (tags, names) recur.
folded = lru_cache(maxsize=65_536)(fold)


def const(query: TQ) -> TQ:
    """``query`` scoring 0: a filter, which only the words rank."""
    return TQ.const_score_query(query, 0.0)


def _any(queries: list[TQ]) -> TQ:
    if len(queries) < 2:
        return queries[0] if queries else TQ.empty_query()
    return TQ.boolean_query([(Occur.Should, q) for q in queries])


class Compiler:
    """Turns parsed queries into tantivy's; ``rows`` answer for the ``restated`` briefs."""

    def __init__(self, searcher: tantivy.Searcher, rows: Mapping[str, BriefRow],
                 restated: Set[str] = frozenset()) -> None:
        self.searcher, self.rows, self.restated = searcher, rows, restated
        self.cut: list[str] = []  # prefixes whose expansion was cut, as typed ("e*")

    def compile(self, node: Node | None) -> TQ:
        """The tantivy query of ``node`` (None: every brief)."""
        if node is None:
            return const(TQ.all_query())
        if isinstance(node, And | Not):
            clauses = [(Occur.MustNot, self.compile(c.child)) if isinstance(c, Not)
                       else (Occur.Must, self.compile(c))
                       for c in (node.children if isinstance(node, And) else [node])]
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.append((Occur.Must, const(TQ.all_query())))
            return TQ.boolean_query(clauses)
        if isinstance(node, Or):
            return _any([self.compile(c) for c in node.children])
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Prefix):
            return self.prefix(node)
        return self.words(node)

    def idf(self, term: str) -> tuple[float, float]:
        """tantivy's IDF of ``term`` (``ln(1 + r)``) and FTS5's, which Briefs ranks by."""
        n, df = self.searcher.num_docs, self.searcher.doc_freq("all", term)
        ratio = (n - df + 0.5) / (df + 0.5)
        return math.log(1 + ratio), max(math.log(ratio), MIN_IDF) if ratio > 0 else MIN_IDF

    @staticmethod
    def _scored(name: str, terms: list[str]) -> TQ:
        if len(terms) == 1:
            return TQ.term_query(SCHEMA, name, terms[0], index_option="freq")
        return TQ.phrase_query(SCHEMA, name, terms)

    def words(self, node: Word | Phrase) -> TQ:
        """A word or phrase anywhere (BM25 over the whole brief) plus its fields' extra weight."""
        terms = list(node.terms)
        if node.field == "title":
            return self._scored("title", terms)
        idfs = [self.idf(term) for term in dict.fromkeys(terms)]
        engine_idf, idf = sum(i for i, _ in idfs), sum(c for _, c in idfs)
        clauses = [(Occur.Must, TQ.boost_query(self._scored("all", terms), idf / engine_idf))]
        # The extra is the words' IDF times the field's extra weight, whatever the
        # field's length: most briefs have no quotes, and tantivy's length
        # normalisation would all but cancel a match in a sparse field.
        clauses += [(Occur.Should, TQ.const_score_query(
            self._scored(name, terms), (FIELD_WEIGHTS[name] - 1.0) * WEIGHT_SCALE * idf))
            for name in BONUS_FIELDS]
        return TQ.boolean_query(clauses)

    def prefix(self, node: Prefix) -> TQ:
        """The stems starting with the prefix and those of the words that do, commonest ranked."""
        name = "title" if node.field == "title" else "all"
        found: dict[str, int] = {}  # stem -> how many briefs have it
        for field in ("words", name):
            pairs = self.searcher.terms_with_prefix(field, node.prefix, limit=MAX_PREFIX_TERMS + 1)
            words = [word for word, _ in pairs]
            for stem, (_, count) in zip(analysis.stems(words) if field == "words" else words,
                                        pairs, strict=True):
                found[stem] = max(count, found.get(stem, 0))
        stems = sorted(found, key=lambda stem: -found[stem])
        if len(stems) > MAX_PREFIX_TERMS:
            self.cut.append(f"{node.prefix}*")
            stems = stems[:MAX_PREFIX_TERMS]
        if not stems:
            return TQ.empty_query()
        queries = [TQ.const_score_query(TQ.term_set_query(SCHEMA, name, stems), 1e-3)]
        queries += [TQ.term_query(SCHEMA, name, stem, index_option="freq")
                    for stem in stems[:SCORED_EXPANSIONS]]
        return _any(queries)

    def filter(self, node: Filter) -> TQ:
        """A filter as a constant-zero query: a date range, or the filter field's terms."""
        if node.name in ("after", "before", "on"):
            low = max(node.date_from or 1, 1)  # undated briefs (0) match no date filter
            if node.date_to is not None and node.date_to < low:
                return TQ.empty_query()
            return const(TQ.range_query(SCHEMA, "date", tantivy.FieldType.Integer,
                                         low, node.date_to))
        field = FILTER_FIELDS[node.name]
        if node.name in ("source", "speaker"):  # a substring of a name
            literal = "".join(c if c.isalnum() else f"\\x{{{ord(c):x}}}" for c in node.value)
            return const(TQ.regex_query(SCHEMA, field, f".*{literal}.*"))  # Rust regex
        query = TQ.term_query(SCHEMA, field, node.value)
        if not self.restated:
            return const(query)
        passing = [k for k in self.restated if (row := self.rows.get(k)) and (
            node.value in state_terms(row.read, row.starred) if node.name == "is"
            else any(folded(tag) == node.value for tag in row.tags))]
        stale = TQ.term_set_query(SCHEMA, "id", list(self.restated))
        indexed = TQ.boolean_query([(Occur.Must, query), (Occur.MustNot, stale)])
        return const(_any([indexed, TQ.term_set_query(SCHEMA, "id", passing)] if passing
                           else [indexed]))
