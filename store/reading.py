"""Reads that combine the catalog with the shard files: ids, quotes, and the index rebuild.

Functions over an :class:`~store.engine.Engine`; the caller
(:class:`store.BriefStore`) holds the lock the docstring names.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager

from briefs.models import Brief, tag_key
from briefs.text import clean_line, fold
from store.catalog import Catalog
from store.engine import Engine
from store.errors import BriefNotFoundError, StoreCorruptError
from store.rows import BriefRow, QuoteRow
from store.search import QueryError, SearchHit, SearchResults, parse_query
from store.shards import CATALOG


def resolve(catalog: Catalog, key: str) -> str:
    """The full id for ``key`` (a full id or a unique prefix; mutex held)."""
    return catalog.resolve_id(clean_line(str(key)))


def get_one(engine: Engine, key: str) -> Brief:
    """The brief with this id or unique prefix (mutex held)."""
    found = engine.get_many([resolve(engine.catalog, key)])
    if not found:
        # Listed, but its content is gone: another process deleted it.
        raise BriefNotFoundError(key)
    return found[0]


def row(catalog: Catalog, key: str) -> BriefRow:
    """The listing row of this id or unique prefix (mutex held)."""
    found = catalog.row(resolve(catalog, key))
    assert found is not None
    return found


def with_tag(catalog: Catalog, rows: list[BriefRow], tag: str) -> list[BriefRow]:
    """The ``rows`` carrying ``tag``, whatever its case (mutex held)."""
    # Every spelling this tag has in the store (usually one), so that rows
    # are matched without folding each of their tags.
    spellings = catalog.spellings(tag_key(tag))
    return [r for r in rows if not spellings.isdisjoint(r.tags)]


def quotes(engine: Engine, speaker: str | None) -> list[QuoteRow]:
    """Every quoted statement, newest brief first; ``speaker`` filters (mutex held)."""
    wanted = fold(clean_line(speaker)) if speaker else None
    folded: dict[str, bool] = {}  # speaker names repeat: fold each once

    def matches(name: str | None) -> bool:
        if wanted is None:
            return True
        if not name:
            return False
        if name not in folded:
            folded[name] = wanted in fold(name)
        return folded[name]

    catalog, shards = engine.catalog, engine.shards
    versions = engine.meta.record["versions"]
    rows = catalog.rows()
    by_segment: dict[int, list[tuple[int, BriefRow]]] = {}
    for row in rows:
        if row.quote_count and (wanted is None or any(map(matches, row.speakers))):
            serial = catalog.serial_of(row.id)
            assert serial is not None
            by_segment.setdefault(CATALOG.shard_of(serial), []).append((serial, row))
    texts: dict[str, list[tuple[str, str | None]]] = {}
    for segment in sorted(by_segment):
        table = shards.quotes(segment, versions)
        for serial, row in by_segment[segment]:
            doc = table.get(str(serial))
            if doc:
                texts[row.id] = shards.checked_quotes(segment, serial, doc)
    result: list[QuoteRow] = []
    for row in rows:
        for text, who in texts.get(row.id, ()):
            if matches(who):
                result.append(QuoteRow(row.id, row.date, row.title, text, who))
    return result


def search(engine: Engine, query: str, *, limit: int, snippets: int | None) -> SearchResults:
    """Run a query of the search language (mutex held); see :meth:`store.BriefStore.search`."""
    try:
        parsed = parse_query(query)
    except QueryError as error:
        return SearchResults.failed(str(error))
    damage: list[StoreCorruptError] = []

    def load(ids: Sequence[str]) -> list[Brief]:
        try:
            return engine.get_many(ids)
        except StoreCorruptError as error:
            damage.append(error)
            raise

    assert engine.index is not None
    results = engine.index.search(parsed, engine.catalog.row_map(), load,
                                  limit=limit, snippets=snippets)
    if damage:
        # A damaged article file is not a bad query: name the file, as get() does.
        raise damage[0]
    return results


def related(engine: Engine, brief: Brief, *, limit: int) -> list[SearchHit]:
    """Briefs sharing the most with ``brief`` (mutex held)."""
    assert engine.index is not None
    return engine.index.related(brief, engine.catalog.row_map(), limit=limit)


def index_stale(engine: Engine) -> bool:
    """True when the index does not reflect the content and may be rebuilt now (mutex held)."""
    index = engine.index
    return (index is not None and not engine.repair_waiting  # unwritable: the index too
            and index.needs_rebuild(engine.meta.record["generation"]))


def rebuild_index(
    engine: Engine,
    write_lock: Callable[[], AbstractContextManager[None]],
    processes_lock: AbstractContextManager[None],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild the search index from every brief, holding the store's lock only at the ends.

    The generation and the list of content files are taken under the lock;
    the briefs are then read and indexed without it (a content file is only
    ever replaced whole), so tag writes and reads get in meanwhile. Only the
    index's own final write holds the file lock (``processes_lock``), against
    another process writing the index at the same moment. A content change
    committed meanwhile by this process updates the index after the rebuild;
    one by another process makes the index stale, which the closing catch-up
    sees and repairs. ``on_progress(done, total)`` follows the briefs read.
    Returns how many briefs were indexed.
    """
    with write_lock():
        index = engine.index
        assert index is not None
        record = engine.meta.record
        generation = record["generation"]
        total = engine.catalog.count()
        # Under the lock: a tag write listed after this mark stays listed (see rebuild).
        mark = index.journal_mark()
        versions = {name: dict(v) if isinstance(v, dict) else v
                    for name, v in record["versions"].items()}
    count = 0
    with contextlib.ExitStack() as hold:

        def source() -> Iterator[Brief]:
            nonlocal count
            for brief in engine.shards.iter_briefs(versions, engine.catalog.state_doc):
                count += 1
                if on_progress is not None:
                    on_progress(count, total)
                yield brief
            hold.enter_context(processes_lock)

        index.rebuild(source(), generation, journal_mark=mark)
    with write_lock():
        # Only so that other processes reload the rebuilt index.
        engine.meta.commit(durable=False)
        engine.refresh_index()
    release_memory()
    return count


def release_memory() -> None:
    """Give the memory a rebuild freed back to the system (glibc keeps it otherwise).

    After a rebuild of 100,000 briefs in the app, the process held 90-210 MB
    more than before, all of it freed but kept by the allocator.
    """
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
