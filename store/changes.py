"""The store's changes of reading state and deletions, each one :class:`Transaction`.

Functions over an :class:`~store.engine.Engine`, called by
:class:`store.BriefStore` inside its write lock.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager

from briefs.models import Brief, normalize_tags, tag_key
from store.engine import Engine
from store.reading import resolve
from store.reports import UpsertReport
from store.transaction import Transaction, apply_batch

WriteLock = Callable[[], AbstractContextManager[None]]


def store_in_batches(engine: Engine, mutex: AbstractContextManager[object],
                     write_lock: WriteLock,
                     briefs: Iterable[Brief], *, batch_size: int, restore: bool) -> UpsertReport:
    """Store ``briefs`` one transaction of ``batch_size`` at a time, each under the lock alone.

    The whole call is one import (:func:`importing`): the index commits once.
    """
    report = UpsertReport()
    iterator = iter(briefs)
    with importing(engine, mutex, write_lock):
        while batch := list(itertools.islice(iterator, max(1, batch_size))):
            with write_lock():
                report.extend(apply_batch(engine, batch, restore=restore))
    return report


@contextlib.contextmanager
def importing(engine: Engine, mutex: AbstractContextManager[object],
              write_lock: WriteLock) -> Iterator[None]:
    """Inside, the search index holds one writer across transactions and commits at the end.

    Each transaction's briefs still go to tantivy as the store commits them (it
    indexes them on its own thread meanwhile); see :mod:`store.search.writing`
    for what a crash or another process sees until the commit. Nested (or in
    several threads): the last one out commits. ``mutex`` guards the count;
    the commit and the check after it (a rebuild if the index missed a change)
    run under ``write_lock``.
    """
    with mutex:
        engine.importing += 1
    try:
        yield
    finally:
        with mutex:
            engine.importing -= 1
            index = engine.index if engine.importing == 0 else None
        if index is not None and index.holding:
            try:
                with write_lock():
                    engine.index_job(index.flush)
                    engine.refresh_index()
            except BaseException:
                index.abandon()  # behind the store, so rebuilt at the next open
                raise


def seed_once(engine: Engine, briefs: Sequence[Brief], *, batch_size: int) -> bool:
    """Add sample briefs unless the store was ever seeded (write lock held); True if now."""
    if engine.meta.record.get("seeded"):
        return False
    for start in range(0, len(briefs), batch_size):
        apply_batch(engine, list(briefs[start : start + batch_size]), restore=False)
    engine.meta.commit(seeded=True)
    return True


def resolve_all(engine: Engine, ids: Sequence[str]) -> list[str]:
    """The full ids of these ids or prefixes, each once, in order."""
    return list(dict.fromkeys(resolve(engine.catalog, i) for i in ids))


def delete(engine: Engine, ids: Sequence[str]) -> list[Brief]:
    """Delete these briefs; return them as they were."""
    resolved = resolve_all(engine, ids)
    deleted = engine.get_many(resolved)
    tx = Transaction(engine)
    for brief_id in resolved:
        tx.remove(brief_id)
    tx.commit()
    return deleted


def edit_tags(engine: Engine, ids: Sequence[str], add: Sequence[str],
              remove: Sequence[str]) -> None:
    """Remove then add tags (compared case-insensitively; added ones take the store's spelling)."""
    remove_keys = {tag_key(t) for t in remove} - {""}
    tx = Transaction(engine)
    to_add = [tx.spelling(t) for t in normalize_tags(list(add))]
    catalog = engine.catalog
    key = catalog.tag_key
    for brief_id in resolve_all(engine, ids):
        row = catalog.row(brief_id)
        assert row is not None
        tags = [t for t in row.tags if key(t) not in remove_keys]
        keys = {key(t) for t in tags}
        tags += [t for t in to_add if key(t) not in keys]
        if tags != row.tags:
            tx.update_state(brief_id, tags=tags)
    tx.commit()


def set_flag(engine: Engine, ids: Sequence[str], name: str, value: bool) -> None:
    """Set the ``read`` or ``starred`` flag of these briefs."""
    tx = Transaction(engine)
    for brief_id in resolve_all(engine, ids):
        if getattr(engine.catalog.row(brief_id), name) != value:
            tx.update_state(brief_id, **{name: value})
    tx.commit()


def set_note(engine: Engine, brief_id: str, note: str) -> None:
    """Replace one brief's note (already normalised)."""
    tx = Transaction(engine)
    tx.update_state(resolve(engine.catalog, brief_id), note=note)
    tx.commit()
