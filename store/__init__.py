"""Persistence of briefs on TinyDB: sharded, crash-safe, shared between processes.

The public names here are the contract with the app (see ``docs/store-design.md``).
"""

from store.briefstore import BriefStore
from store.errors import (
    AmbiguousIdError,
    BriefNotFoundError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)
from store.home import HOME_ENV, resolve_home
from store.importer import import_paths
from store.reports import DoctorReport, ImportReport, UpsertReport
from store.rows import BriefRow, QuoteRow
from store.search import QueryError, SearchHit, SearchResults, parse_query
from store.storage import atomic_write_bytes
from store.tables import SmallTable

__all__ = [
    "HOME_ENV",
    "AmbiguousIdError",
    "BriefNotFoundError",
    "BriefRow",
    "BriefStore",
    "DoctorReport",
    "ImportReport",
    "QueryError",
    "QuoteRow",
    "SearchHit",
    "SearchResults",
    "SmallTable",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "UpsertReport",
    "atomic_write_bytes",
    "import_paths",
    "parse_query",
    "resolve_home",
]
