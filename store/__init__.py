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
    StoreOSError,
    StoreVersionError,
    describe_os_error,
)
from store.home import HOME_ENV, resolve_home
from store.importer import import_paths, read_briefs_file
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
    "StoreOSError",
    "StoreVersionError",
    "UpsertReport",
    "atomic_write_bytes",
    "describe_os_error",
    "import_paths",
    "parse_query",
    "read_briefs_file",
    "resolve_home",
]
