"""Persistence of briefs on TinyDB: sharded, crash-safe, shared between processes.

The public names here are the contract with the app (see ``docs/store-design.md``).
They are loaded on first use (PEP 562): the app's first screen needs the light
modules (:mod:`store.rows`, :mod:`store.errors`, :mod:`store.listhead`), not the
search engine and the importer behind :class:`BriefStore`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefs.lazy import lazy_attributes

if TYPE_CHECKING:
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
    from store.listhead import read_head, save_head
    from store.reports import DoctorReport, ImportReport, UpsertReport
    from store.rows import BriefRow, QuoteRow
    from store.search import QueryError, SearchHit, SearchResults, parse_query
    from store.storage import atomic_write_bytes
    from store.tables import SmallTable

#: Public name -> the module that defines it.
_WHERE = {
    "HOME_ENV": "store.home",
    "AmbiguousIdError": "store.errors",
    "BriefNotFoundError": "store.errors",
    "BriefRow": "store.rows",
    "BriefStore": "store.briefstore",
    "DoctorReport": "store.reports",
    "ImportReport": "store.reports",
    "QueryError": "store.search",
    "QuoteRow": "store.rows",
    "SearchHit": "store.search",
    "SearchResults": "store.search",
    "SmallTable": "store.tables",
    "StoreCorruptError": "store.errors",
    "StoreError": "store.errors",
    "StoreLockedError": "store.errors",
    "StoreOSError": "store.errors",
    "StoreVersionError": "store.errors",
    "UpsertReport": "store.reports",
    "atomic_write_bytes": "store.storage",
    "describe_os_error": "store.errors",
    "import_paths": "store.importer",
    "parse_query": "store.search",
    "read_head": "store.listhead",
    "save_head": "store.listhead",
    "read_briefs_file": "store.importer",
    "resolve_home": "store.home",
}

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
    "read_head",
    "resolve_home",
    "save_head",
]


__getattr__ = lazy_attributes(__name__, _WHERE)
