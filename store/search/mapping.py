"""Briefs' query tree (:mod:`store.search.query`) as tantivy ``Query`` objects.

A word is a term anywhere in the brief (``all``: BM25 over the whole brief)
plus an extra for a match in the title, a quote or the summary; a prefix
expands through the index's word list to at most :data:`MAX_PREFIX_TERMS`
words. ``tag:``, ``is:``, ``source:`` and ``speaker:`` are answered from the
store's rows (:class:`RowFilters`); dates are a range over ``date``. Filters
score nothing (constant 0), so only the words rank the hits.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import compress
from operator import is_not

import tantivy
from tantivy import Occur
from tantivy import Query as TQ

from briefs.text import fold
from store.rows import BriefRow
from store.search import analysis
from store.search.engine import BONUS_FIELDS, FIELD_WEIGHTS, SCHEMA, keys_of
from store.search.query import And, Filter, Node, Not, Or, Phrase, Prefix, Word

#: A prefix expands to at most this many indexed words (the most frequent ones).
MAX_PREFIX_TERMS = 500
#: Expansions scored by BM25 (the commonest); the rest only match (constant score).
SCORED_EXPANSIONS = 24
#: The share of each field's weight above 1 given as an extra score for a match
#: there. FTS5 (like BM25F) adds the weight to the term frequency before it
#: saturates; tantivy scores each field on its own, so the extra is a constant
#: (times the IDF), scaled down to keep a title from outweighing a rarer word.
WEIGHT_SCALE = 0.3
#: The floor of the classic IDF (FTS5's): a word in most briefs weighs almost nothing.
MIN_IDF = 1e-6


def bonus(name: str) -> float:
    """The boost of a match in one of :data:`BONUS_FIELDS` (see :data:`WEIGHT_SCALE`)."""
    return (FIELD_WEIGHTS[name] - 1.0) * WEIGHT_SCALE


@lru_cache(maxsize=65_536)
def folded(text: str) -> str:
    """Cached :func:`fold` for the short strings filters compare (tags, names, sources)."""
    return fold(text)


def _const(query: TQ) -> TQ:
    return TQ.const_score_query(query, 0.0)


def _any(queries: list[TQ]) -> TQ:
    if len(queries) < 2:
        return queries[0] if queries else TQ.empty_query()
    return TQ.boolean_query([(Occur.Should, q) for q in queries])


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


class RowFilters:
    """The ids each row filter lets through, learnt from the store's rows and kept up to date.

    Tags and reading state are never indexed (they change all day): they are
    read from the store's rows. One pass learns every tag at once (another,
    every reading state). When the rows change (a new ``version``, as many
    rows), only the rows that are new objects are learnt again: the catalog
    replaces a row whenever it changes, so they are found by identity, in C.
    """

    def __init__(self) -> None:
        self.rows: Mapping[str, BriefRow] = {}
        self._version: object = None
        self._seen: tuple[list[str], list[BriefRow]] = ([], [])
        self._sets: dict[str, dict[str, set[str]]] = {}  # "tag"/"is" -> value -> ids
        self.queries: dict[tuple[str, str], TQ] = {}
        self.keys: dict[tuple[bool, str, str], frozenset[int]] = {}

    def use(self, rows: Mapping[str, BriefRow], version: object) -> None:
        """Answer from these rows (``version``: their commit number; None: unknown)."""
        self.rows = rows
        if version is not None and version == self._version and len(rows) == len(self._seen[0]):
            return
        old_keys, old_values = self._seen
        self._version, self._seen = version, ([], [])
        self.queries, self.keys = {}, {}
        if not self._sets:
            return  # nothing learnt yet: nothing to keep up to date
        keys, values = list(rows), list(rows.values())
        if version is None or len(keys) != len(old_keys):
            self._sets.clear()
            return
        self._seen = (keys, values)
        changed = list(compress(range(len(keys)), map(is_not, values, old_values)))
        for kind, sets in self._sets.items():
            for i in changed:
                for value in _values(kind, old_values[i]):
                    sets[value].discard(old_keys[i])
            for i in changed:
                for value in _values(kind, values[i]):
                    sets[value].add(keys[i])

    def _learnt(self, kind: str) -> dict[str, set[str]]:
        sets = self._sets.get(kind)
        if sets is None:
            if not self._sets:  # the rows the sets follow from now on
                self._seen = (list(self.rows), list(self.rows.values()))
            sets = self._sets[kind] = defaultdict(set)
            items = self.rows.items()
            if kind == "is":
                sets.update(read={k for k, r in items if r.read}, starred={
                    k for k, r in items if r.starred}, unread={k for k, r in items if not r.read})
            spelt: dict[str, set[str]] = {}  # a few hundred spellings for 100,000s of uses
            for key, row in items if kind == "tag" else ():
                for tag in row.tags:
                    ids = spelt.get(tag)
                    if ids is None:
                        ids = spelt[tag] = sets[folded(tag)]
                    ids.add(key)
        return sets

    def key_set(self, nodes: list[Node]) -> frozenset[int]:
        """The ``key`` s (:func:`key_of`) of the rows these row filters (each maybe negated) pass.

        A negated filter keeps the keys of the rows it lets through too (not
        those it stops): a key two ids share then lets a hit through, to be
        checked against its row, and never drops a hit that should be there.
        """
        sets = []
        for node in nodes:
            negated = isinstance(node, Not)
            inner = node.child if negated else node
            assert isinstance(inner, Filter)
            keys = self.keys.get((negated, inner.name, inner.value))
            if keys is None:
                ids = self.passing(inner)
                if negated:
                    stopped = ids if isinstance(ids, set) else set(ids)
                    ids = [k for k in self.rows if k not in stopped]
                keys = self.keys[negated, inner.name, inner.value] = frozenset(keys_of(ids))
            sets.append(keys)
        return frozenset.intersection(*sets)

    def passing(self, node: Filter) -> set[str] | list[str]:
        """The ids of the rows that pass one ``tag:``, ``is:``, ``source:`` or ``speaker:``."""
        if node.name in ("tag", "is"):
            return self._learnt(node.name).get(node.value) or set()
        test = row_test(node)
        return [key for key, row in self.rows.items() if test(row)]


def _values(kind: str, row: BriefRow) -> list[str]:
    """What one row contributes to the ``tag`` or ``is`` sets."""
    if kind == "tag":
        return [folded(tag) for tag in row.tags]
    return ["read" if row.read else "unread", *(["starred"] if row.starred else [])]


class Compiler:
    """Turns one parsed query into a tantivy query against one searcher."""

    def __init__(self, searcher: tantivy.Searcher, rows: Mapping[str, BriefRow],
                 filters: RowFilters) -> None:
        self.searcher, self.rows, self.filters = searcher, rows, filters
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

    def idf(self, term: str) -> tuple[float, float]:
        """The IDF tantivy's BM25 uses for ``term``, and the classic one Briefs ranks by.

        tantivy's ``ln(1 + (N - n + 0.5) / (n + 0.5))`` never falls below ln 2,
        so a word in most briefs still counts; the classic (Robertson, FTS5)
        ``ln((N - n + 0.5) / (n + 0.5))``, floored near 0, lets the rarer words
        of a query decide.
        """
        n, df = self.searcher.num_docs, self.searcher.doc_freq("all", term)
        ratio = (n - df + 0.5) / (df + 0.5)
        return math.log(1 + ratio), max(math.log(ratio), MIN_IDF) if ratio > 0 else MIN_IDF

    def _scored(self, name: str, terms: list[str]) -> TQ:
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
        clauses += [(Occur.Should, TQ.const_score_query(self._scored(name, terms),
                                                        bonus(name) * idf))
                    for name in BONUS_FIELDS]
        return TQ.boolean_query(clauses)

    def prefix(self, node: Prefix) -> TQ:
        """Words starting with the prefix: the commonest ranked, all of them matching."""
        found = self.searcher.terms_with_prefix("words", node.prefix,
                                                limit=MAX_PREFIX_TERMS + 1)
        if len(found) > MAX_PREFIX_TERMS:
            self.cut.append(f"{node.prefix}*")
            found = found[:MAX_PREFIX_TERMS]
        stems = list(dict.fromkeys(analysis.stems([word for word, _ in found])))
        if not stems:
            return TQ.empty_query()
        name = "title" if node.field == "title" else "all"
        queries = [TQ.const_score_query(TQ.term_set_query(SCHEMA, name, stems), 1e-3)]
        queries += [TQ.term_query(SCHEMA, name, stem, index_option="freq")
                    for stem in stems[:SCORED_EXPANSIONS]]
        return _any(queries)

    def filter(self, node: Filter) -> TQ:
        """A filter as a constant-zero query: a date range, or the ids the rows let through."""
        if node.name in ("after", "before", "on"):
            low = max(node.date_from or 1, 1)  # undated briefs (0) match no date filter
            if node.date_to is not None and node.date_to < low:
                return TQ.empty_query()
            return _const(TQ.range_query(SCHEMA, "date", tantivy.FieldType.Integer,
                                         low, node.date_to))
        cache = self.filters.queries
        if (node.name, node.value) not in cache:
            cache[node.name, node.value] = self._id_set(node)
        return cache[node.name, node.value]

    def _id_set(self, node: Filter) -> TQ:
        passing = self.filters.passing(node)
        if not passing:
            return TQ.empty_query()
        if len(passing) * 2 <= len(self.rows):
            return _const(TQ.term_set_query(SCHEMA, "id", list(passing)))
        passed = set(passing)
        others = [key for key in self.rows if key not in passed]
        return _const(TQ.boolean_query([(Occur.Must, TQ.all_query())] + [
            (Occur.MustNot, TQ.term_set_query(SCHEMA, "id", others))] * bool(others)))


def is_row_filter(node: Node) -> bool:
    """Whether ``node`` is answered by the rows alone: tag/is/source/speaker (or its negation)."""
    if isinstance(node, Not):
        return is_row_filter(node.child)
    return isinstance(node, Filter) and node.name in ("tag", "is", "source", "speaker")


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
