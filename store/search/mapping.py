"""Briefs' query tree (:mod:`store.search.query`) as tantivy ``Query`` objects.

* a word is a term in any of the four ranked fields, each boosted by its
  weight (a word of several terms, as ``e-mail``, is a phrase);
* a prefix expands through the index's own word list to at most
  :data:`MAX_PREFIX_TERMS` words (the most frequent), recorded when cut;
* ``tag:``, ``is:``, ``source:`` and ``speaker:`` are answered from the
  store's rows (the reader's state changes all day and is never indexed):
  the matching ids become a term set on the ``id`` field, or the complement
  of one when most briefs match; dates are a range over the ``date`` field.

Filters score nothing (constant 0), so only the words rank the hits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from briefs.text import fold
from store.rows import BriefRow
from store.search import analysis
from store.search.engine import FIELD_WEIGHTS, SCHEMA, TEXT_FIELDS
from store.search.query import And, Filter, Node, Not, Or, Phrase, Prefix, Word

#: A prefix expands to at most this many indexed words (the most frequent ones).
MAX_PREFIX_TERMS = 500
#: Expansions scored by BM25 (the commonest); the rest only match (constant score).
SCORED_EXPANSIONS = 24
#: What the fields other than the best one add to a word's score.
TIE_BREAKER = 0.1
#: How much of each field weight (above 1) is applied as a boost. BM25F (and
#: FTS5's bm25()) weight a field's term frequency before it saturates; tantivy
#: saturates each field on its own, so a full weight on a short title would
#: outrank a much rarer word: half the weight gives BM25F's order on the tests.
WEIGHT_SCALE = 0.5


def boost(name: str) -> float:
    """The boost of one ranked field (see :data:`WEIGHT_SCALE`)."""
    return 1.0 + (FIELD_WEIGHTS[name] - 1.0) * WEIGHT_SCALE


@lru_cache(maxsize=65_536)
def folded(text: str) -> str:
    """Cached :func:`fold` for the short strings filters compare (tags, names, sources)."""
    return fold(text)


def _nothing() -> TQ:
    return TQ.empty_query()


def _const(query: TQ) -> TQ:
    return TQ.const_score_query(query, 0.0)


def _any(queries: list[TQ]) -> TQ:
    if not queries:
        return _nothing()
    return queries[0] if len(queries) == 1 else TQ.boolean_query(
        [(Occur.Should, q) for q in queries])


def row_test(node: Filter) -> Callable[[BriefRow], bool]:
    """A test of one row against a ``tag:``, ``is:``, ``source:`` or ``speaker:`` filter."""
    if node.name == "is":
        return {"read": lambda r: r.read, "unread": lambda r: not r.read,
                "starred": lambda r: r.starred}[node.value]
    value, memo = node.value, {}

    def matches(text: str) -> bool:  # few spellings recur across thousands of rows
        found = memo.get(text)
        if found is None:
            found = memo[text] = (folded(text) == value if node.name == "tag"
                                  else value in folded(text))
        return found

    attribute = {"tag": "tags", "source": "sources", "speaker": "speakers"}[node.name]
    return lambda row: any(map(matches, getattr(row, attribute)))


class Compiler:
    """Turns one parsed query into a tantivy query against one searcher."""

    def __init__(self, searcher: tantivy.Searcher, rows: Mapping[str, BriefRow]) -> None:
        self.searcher = searcher
        self.rows = rows
        self.cut: list[str] = []  # prefixes whose expansion was cut, as typed ("e*")

    def compile(self, node: Node) -> TQ:
        """The tantivy query of ``node``."""
        if isinstance(node, And):
            clauses = [(Occur.MustNot, self.compile(c.child)) if isinstance(c, Not)
                       else (Occur.Must, self.compile(c)) for c in node.children]
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.append((Occur.Must, _const(TQ.all_query())))
            return TQ.boolean_query(clauses)
        if isinstance(node, Or):
            return _any([self.compile(c) for c in node.children])
        if isinstance(node, Not):
            return TQ.boolean_query([(Occur.Must, _const(TQ.all_query())),
                                     (Occur.MustNot, self.compile(node.child))])
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Prefix):
            return self.prefix(node)
        return self.words(node)

    def words(self, node: Word | Phrase) -> TQ:
        """A word or phrase in any ranked field (or the title only), weighted by field."""
        fields = ("title",) if node.field == "title" else TEXT_FIELDS
        terms = list(node.terms)
        queries = []
        for name in fields:
            if len(terms) == 1:
                found = TQ.term_query(SCHEMA, name, terms[0], index_option="freq")
            else:
                found = TQ.phrase_query(SCHEMA, name, terms)
            queries.append(TQ.boost_query(found, boost(name)))
        if len(queries) == 1:
            return queries[0]
        # The best field counts, the others a little: a word in the title and the
        # summary is not worth two words (as in BM25F, unlike a plain sum).
        return TQ.disjunction_max_query(queries, tie_breaker=TIE_BREAKER)

    def prefix(self, node: Prefix) -> TQ:
        """Words starting with the prefix: the commonest ranked, all of them matching."""
        found = self.searcher.terms_with_prefix("words", node.prefix,
                                                limit=MAX_PREFIX_TERMS + 1)
        if len(found) > MAX_PREFIX_TERMS:
            self.cut.append(f"{node.prefix}*")
            found = found[:MAX_PREFIX_TERMS]
        stems = list(dict.fromkeys(analysis.stem(word) for word, _ in found))
        if not stems:
            return _nothing()
        fields = ("title",) if node.field == "title" else TEXT_FIELDS
        queries = [TQ.const_score_query(TQ.term_set_query(SCHEMA, name, stems), 1e-3)
                   for name in fields]
        for stem in stems[:SCORED_EXPANSIONS]:
            queries.extend(TQ.boost_query(TQ.term_query(SCHEMA, name, stem, index_option="freq"),
                                          boost(name)) for name in fields)
        return _any(queries)

    def filter(self, node: Filter) -> TQ:
        """A filter as a constant-zero query: a date range, or the ids the rows let through."""
        if node.name in ("after", "before", "on"):
            low = max(node.date_from or 1, 1)  # undated briefs (0) match no date filter
            if node.date_to is not None and node.date_to < low:
                return _nothing()
            return _const(TQ.range_query(SCHEMA, "date", tantivy.FieldType.Integer,
                                         low, node.date_to))
        test = row_test(node)
        passing = [key for key, row in self.rows.items() if test(row)]
        if not passing:
            return _nothing()
        if len(passing) * 2 <= len(self.rows):
            return _const(TQ.term_set_query(SCHEMA, "id", passing))
        passed = set(passing)
        others = [key for key in self.rows if key not in passed]
        if not others:
            return _const(TQ.all_query())
        return _const(TQ.boolean_query([(Occur.Must, TQ.all_query()),
                                        (Occur.MustNot, TQ.term_set_query(SCHEMA, "id", others))]))


def row_predicate(node: Node | None) -> Callable[[BriefRow], bool]:
    """A test of one row against a tree of filters only (no words)."""
    if node is None:
        return lambda row: True
    if isinstance(node, And | Or):
        tests = [row_predicate(c) for c in node.children]
        combine = all if isinstance(node, And) else any
        return lambda row: combine(t(row) for t in tests)
    if isinstance(node, Not):
        inner = row_predicate(node.child)
        return lambda row: not inner(row)
    assert isinstance(node, Filter)
    if node.name in ("after", "before", "on"):
        return lambda row: row.date is not None and node.accepts_date(row.date.toordinal())
    return row_test(node)
