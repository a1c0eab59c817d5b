"""Full-text search for a Briefs store: the query language, a tantivy index, results.

The contract with :mod:`store` and the app: :func:`parse_query` -> :class:`Query`
(or :class:`QueryError`), :class:`SearchIndex` (one per store, in ``home / "index"``),
:class:`SearchResults` of :class:`SearchHit`, :func:`match_ranges` for highlighting
any text safely, and :data:`QUERY_HELP`, the help text of the query language.
"""

from __future__ import annotations

from store.search.highlight import match_ranges
from store.search.index import SearchIndex
from store.search.query import HELP as QUERY_HELP
from store.search.query import Query, QueryError, parse_query
from store.search.results import SearchHit, SearchResults

__all__ = ["QUERY_HELP", "Query", "QueryError", "SearchHit", "SearchIndex", "SearchResults",
           "match_ranges", "parse_query"]
