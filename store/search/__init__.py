"""Full-text search for a Briefs store: the query language, a tantivy index, results
(docs/search-design.md); these names are all that :mod:`store` and the app use."""

from __future__ import annotations

from store.search.highlight import match_ranges
from store.search.index import SearchIndex
from store.search.query import HELP as QUERY_HELP
from store.search.query import Query, QueryError, parse_query
from store.search.results import SearchHit, SearchResults

__all__ = ["QUERY_HELP", "Query", "QueryError", "SearchHit", "SearchIndex", "SearchResults",
           "match_ranges", "parse_query"]
