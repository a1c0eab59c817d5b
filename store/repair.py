"""Crash repair: finish a content change whose writer died between intent and commit.

A content change first writes its intent (``pending``) into ``meta.json``.
Whoever next holds the lock and finds it calls :func:`repair_pending`: the
content files are the truth, and the rows, quotes and reading state of the
segments the intent names are rebuilt from them. Everything is read before
anything is written, so a damaged file found on the way stops it untouched.
"""

from __future__ import annotations

from store.errors import StoreCorruptError
from store.metafile import MetaFile
from store.shardio import ShardFiles
from store.shards import (
    CATALOG,
    CONTENT,
    QUOTES,
    STATE,
    Doc,
    Table,
    brief_from_docs,
    catalog_doc,
    content_digest,
    content_shards_of_segment,
    quotes_doc,
)

#: One segment's plan: (segment, content shards present, catalog, quotes, state).
Plan = tuple[int, list[int], Table, Table, Table]


def repair_pending(shards: ShardFiles, meta_file: MetaFile, meta: Doc) -> None:
    """Rebuild the segments ``meta['pending']`` names from content, then write the commit.

    The repaired record is written but not adopted: the caller compares it
    with what it has loaded and reloads the difference.
    """
    pending = meta["pending"]
    try:
        segments = sorted({int(s) for s in pending["segments"]})
        generation = int(pending["generation"])
        next_serial = max(int(pending["next_serial"]), meta["next_serial"])
    except (KeyError, TypeError, ValueError) as error:
        raise StoreCorruptError(
            meta_file.path, f"unreadable 'pending' record ({error!r})"
        ) from error
    staged = staged_names(shards, meta_file, pending)
    # Every staged file was complete before the intent was written: finish the renames
    # (the change is then wholly in), then rebuild what derives from content.
    shards.publish(staged)
    plans = [_plan(shards, segment) for segment in segments]
    seq = meta["seq"] + 1
    versions = {name: dict(v) if isinstance(v, dict) else v
                for name, v in meta["versions"].items()}
    for segment, present, catalog, quotes, state in plans:
        shards.write(CATALOG, segment, catalog)
        shards.write(QUOTES, segment, quotes)
        shards.write(STATE, segment, state)
        for name in ("catalog", "quotes", "state"):
            versions[name][str(segment)] = seq
        for shard in present:
            versions["content"][str(shard)] = seq
    # A serial in use must never be handed out again, whatever the intent said.
    highest = max((int(key) for plan in plans for key in plan[2]), default=0)
    repaired = {**meta, "seq": seq, "generation": generation,
                "next_serial": max(next_serial, highest + 1),
                "pending": None, "versions": versions}
    meta_file.write(repaired, adopt=False)


def view_as_repaired(shards: ShardFiles, meta_file: MetaFile, meta: Doc) -> Doc:
    """The record as if its pending change were finished, for a store that cannot be written.

    Nothing is written: reads of the shards the intent staged go to the staged
    files instead (``shards.overlay``), so the interrupted change is seen wholly
    in, as the repair will make it once the store can be written.
    """
    pending = meta["pending"]
    names = staged_names(shards, meta_file, pending)
    versions = {name: dict(v) if isinstance(v, dict) else v
                for name, v in meta["versions"].items()}
    overlay = {}
    for name in names:
        pair = shards.staged_target(name)
        assert pair is not None
        staged, target = pair
        if staged.exists():
            overlay[target] = staged
        versions[target.parent.name].setdefault(target.name[:5].lstrip("0") or "0", meta["seq"])
    shards.overlay = overlay
    try:
        generation = int(pending["generation"])
    except (KeyError, TypeError, ValueError) as error:
        raise StoreCorruptError(
            meta_file.path, f"unreadable 'pending' record ({error!r})"
        ) from error
    return {**meta, "generation": generation, "versions": versions}


def staged_names(shards: ShardFiles, meta_file: MetaFile, pending: Doc) -> list[str]:
    """The staged files a pending intent lists, checked (an older intent lists none)."""
    names = pending.get("staged", [])
    if not isinstance(names, list) or not all(
        isinstance(name, str) and shards.staged_target(name) is not None for name in names
    ):
        raise StoreCorruptError(meta_file.path, "unreadable 'pending' record (its staged files)")
    return names


def _plan(shards: ShardFiles, segment: int) -> Plan:
    present: list[int] = []
    catalog: Table = {}
    quotes: Table = {}
    for shard in content_shards_of_segment(segment):
        table = shards.read(CONTENT, shard)
        if table is None:
            continue
        present.append(shard)
        for key, doc in table.items():
            try:
                brief = brief_from_docs(doc, None)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise StoreCorruptError(
                    shards.path(CONTENT, shard),
                    f"document {key} has the wrong shape ({error!r})",
                ) from error
            catalog[key] = catalog_doc(brief, content_digest(doc))
            quote_doc = quotes_doc(brief)
            if quote_doc:
                quotes[key] = quote_doc
    state = shards.read(STATE, segment) or {}
    state = {k: v for k, v in state.items() if k in catalog}
    return segment, present, catalog, quotes, state
