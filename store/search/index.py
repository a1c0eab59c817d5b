"""The search index of a store: segments on disk, a live view in memory, BM25F ranking.

Layout of the index folder (every file a TinyDB database written through
:mod:`store.storage`)::

    meta.json            the commit point: format, store generation, segment list,
                         deleted doc numbers, next doc number
    s000012.json         a segment: its briefs (doc numbers, ids, lengths, dates),
                         vocabulary and, for small segments, postings and positions
    s000012.p042.json    postings of shard 42 of a large segment
    s000012.x042.json    positions of shard 42 (read only for exact phrases)

Segments are immutable: :meth:`SearchIndex.update` writes a new small segment
and a new ``meta.json``; replaced or removed briefs are recorded as deleted
doc numbers; small segments are merged into larger ones as they accumulate
(tiered, so each brief is rewritten a logarithmic number of times). A crash
before ``meta.json`` is replaced leaves the previous index intact (and its
generation behind the store's, so the store rebuilds it); stray files are
removed by the next write. See docs/search-design.md.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import os
import re
import threading
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from briefs.models import Brief
from briefs.text import fold
from store.errors import StoreCorruptError
from store.rows import BriefRow
from store.search import analysis
from store.search import segments as seg
from store.search.highlight import BODY, QUOTES, SUMMARY, snippet
from store.search.query import (
    And,
    Filter,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    TextNode,
    Word,
    edit_distance,
)
from store.search.results import SearchHit, SearchResults

#: BM25 field weights, in :data:`analysis.FIELDS` order: title, quoted statements,
#: summary, body. The bench gives SQLite FTS5 the same column weights.
FIELD_WEIGHTS = (3.0, 2.5, 1.5, 1.0)
#: BM25 parameters (the usual values, also FTS5's).
K1, B = 1.2, 0.75
#: FTS5's floor for the IDF of words in more than half the briefs.
_MIN_IDF = 1e-6

#: Memory budget of decoded shards kept between queries (bytes).
SHARD_CACHE_BYTES = 64 * 1024 * 1024
#: Merged postings (and, separately, positions) kept per term between queries (bytes).
TERM_CACHE_BYTES = 32 * 1024 * 1024
#: Segments are merged when this many fall in the same size tier (powers of 8):
#: each brief is rewritten about log8(N / batch) times, and a query reads at most
#: 7 segments per tier.
TIER_FANOUT = 8
#: Hits whose briefs are loaded at a time (for their snippets).
_LOAD_CHUNK = 256
#: Prefix queries expand to at most this many words (the most frequent ones).
MAX_PREFIX_TERMS = 2_000
#: Terms a brief contributes to its "related" query, and what sharing a speaker or a
#: tag adds to the text similarity (which is scaled to [0, 1]).
RELATED_TERMS = 12
SPEAKER_BONUS = 0.3
TAG_BONUS = 0.15

_META = "meta.json"
_SEGMENT_FILE = re.compile(r"^s(\d{6})(?:\.[px]\d{3})?\.json$")
_DAMAGED = "the search index is damaged ({}); run `briefs reindex` to rebuild it"
#: What reading a damaged index file can raise (bad JSON, base64, zlib, array shapes).
_DAMAGE = (StoreCorruptError, ValueError, KeyError, IndexError, TypeError, zlib.error)


@lru_cache(maxsize=65_536)
def _folded(text: str) -> str:
    """Cached :func:`fold` for the short strings filters compare (tags, names, sources)."""
    return fold(text)


@dataclass(slots=True)
class _Term:
    """One term's live postings across all segments."""

    docs: np.ndarray  # doc numbers (int64), ascending
    tf: np.ndarray  # (4, n) occurrences per field (uint8)
    tfw: np.ndarray  # weighted term frequency (float64)
    in_title: np.ndarray  # bool

    def nbytes(self) -> int:
        return self.docs.nbytes + self.tf.nbytes + self.tfw.nbytes + self.in_title.nbytes

    def fields_of(self, doc: int) -> np.ndarray | None:
        """The per-field frequencies of ``doc`` (None when it lacks the term)."""
        at = int(np.searchsorted(self.docs, doc))
        if at < len(self.docs) and int(self.docs[at]) == doc:
            return self.tf[:, at]
        return None


@dataclass(slots=True)
class _Positions:
    """One term's postings with positions, across all segments (deleted docs included)."""

    docs: np.ndarray
    counts: np.ndarray
    starts: np.ndarray
    positions: np.ndarray

    def nbytes(self) -> int:
        return (self.docs.nbytes + self.counts.nbytes + self.starts.nbytes
                + self.positions.nbytes)


class _LRU:
    """A small least-recently-used cache with a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()

    def get(self, key: Any) -> Any:
        found = self.items.get(key)
        if found is None:
            return None
        self.items.move_to_end(key)
        return found[0]

    def put(self, key: Any, value: Any, size: int) -> None:
        if key in self.items:
            self.used -= self.items.pop(key)[1]
        self.items[key] = (value, size)
        self.used += size
        while self.used > self.budget and len(self.items) > 1:
            _, (_, old) = self.items.popitem(last=False)
            self.used -= old

    def clear(self) -> None:
        self.items.clear()
        self.used = 0


class _Segment:
    """A segment on disk: its briefs are loaded on open, its shards on demand."""

    def __init__(self, folder: Path, info: dict[str, Any]) -> None:
        self.folder = folder
        self.name = str(info["name"])
        self.nshards = int(info["shards"])
        if self.nshards < 1 or self.nshards & (self.nshards - 1):
            raise ValueError(f"segment {self.name}: bad shard count {self.nshards}")
        tables = seg.read_tables(folder / f"{self.name}.json")
        self.table = seg.DocTable.from_record(tables["docs"][0])
        self._vocab_record: dict[str, Any] = tables["vocab"][0]
        self._vocab: seg.Vocabulary | None = None
        # Small segments hold their postings in the main file: keep them (they are small).
        self._inline: dict[str, list[dict[str, Any]]] | None = None
        if self.nshards == 1:
            self._inline = {"postings": tables.get("postings", []),
                            "positions": tables.get("positions", [])}

    @property
    def docs(self) -> int:
        return len(self.table.ids)

    def vocab(self) -> seg.Vocabulary:
        if self._vocab is None:
            self._vocab = seg.Vocabulary.from_record(self._vocab_record)
        return self._vocab

    def _records(self, kind: str, shard: int) -> list[dict[str, Any]]:
        if self._inline is not None:
            return [r for r in self._inline[kind] if int(r.get("shard", 0)) == shard]
        letter = "p" if kind == "postings" else "x"
        path = self.folder / f"{self.name}.{letter}{shard:03d}.json"
        try:
            return seg.read_tables(path).get(kind, [])
        except FileNotFoundError:
            # A large segment only has files for non-empty shards... unless it was
            # merged away by another process meanwhile; the caller checks that.
            if (self.folder / f"{self.name}.json").exists():
                return []
            raise

    def postings(self, shard: int, *, with_positions: bool) -> seg.Postings:
        """Every term of one shard (with positions if asked)."""
        parts = []
        for record in self._records("postings", shard):
            parts.append(seg.decode_postings(list(record["terms"]), seg.from_blob(record["blob"])))
        postings = seg.concat(parts) if parts else seg.Postings.empty(with_positions=False)
        if with_positions and postings.terms:
            blobs = self._records("positions", shard)
            if len(blobs) != 1:
                raise ValueError(f"segment {self.name}: shard {shard} has no positions")
            postings.counts, postings.positions = seg.decode_positions(
                seg.from_blob(blobs[0]["blob"]), len(postings.docs))
        elif with_positions:
            postings.counts, postings.positions = seg.EMPTY, seg.EMPTY
        return postings


class SearchIndex:
    """The full-text index of one store, kept in ``folder`` (see the module docstring).

    ``generation`` is the store content generation the index reflects (-1 when
    there is no usable index): the store compares it with its own on open and
    calls :meth:`rebuild` when they differ. The caller holds the store's
    cross-process lock around :meth:`update`, :meth:`remove` and
    :meth:`rebuild`; searches need no lock (segments are immutable and
    ``meta.json`` is replaced atomically). Thread-safe within a process.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.RLock()
        self._shards = _LRU(SHARD_CACHE_BYTES)
        self._terms = _LRU(TERM_CACHE_BYTES)
        self._positions = _LRU(TERM_CACHE_BYTES)
        self._segments: dict[str, _Segment] = {}
        self._lexicon = seg.Lexicon()
        self.damage: str | None = None
        self._meta_stat: tuple[int, int, int] | None = None
        self._clear_view()
        self._load()

    # ------------------------------------------------------------------ state

    def _clear_view(self) -> None:
        self.generation = -1
        self._serial = 0
        self._next_doc = 0
        self._order: list[str] = []  # segment names, oldest first
        self._deleted = np.zeros(0, dtype=np.int64)
        self._ids: list[str | None] = []
        self._doc_of: dict[str, int] = {}
        self._lengths = np.zeros(0, dtype=np.float64)
        self._dates = np.zeros(0, dtype=np.int64)
        self._live = np.zeros(0, dtype=bool)
        self._reset_stats()

    def _reset_stats(self) -> None:
        self._n_live = int(self._live.sum())
        total = float(self._lengths[self._live].sum()) if self._n_live else 0.0
        self._avgdl = total / self._n_live if self._n_live else 1.0
        self._norm = K1 * (1 - B + B * self._lengths / max(self._avgdl, 1e-9))
        self._terms.clear()
        self._positions.clear()
        self._vocab_cache: tuple[dict[str, int], list[str], dict[str, str]] | None = None
        self._buckets: dict[str, list[str]] | None = None

    def _stat_meta(self) -> tuple[int, int, int] | None:
        try:
            st = (self.folder / _META).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        """(Re)read ``meta.json`` and the segments it lists; a damaged index reads as stale."""
        self._meta_stat = self._stat_meta()
        self.damage = None
        try:
            try:
                meta = seg.read_tables(self.folder / _META)
            except FileNotFoundError:
                self._clear_view()
                return
            record = meta["index"][0]
            if int(record["format"]) != seg.FORMAT:
                self._clear_view()
                self.damage = f"index format {record['format']}, expected {seg.FORMAT}"
                return
            loaded = {}
            for info in record["segments"]:
                name = str(info["name"])
                loaded[name] = self._segments.get(name) or _Segment(self.folder, info)
            deleted = seg.unpack_uints(seg.from_blob(record["deleted"]), 0)[0]
            next_doc = int(record["next_doc"])
        except (OSError, *_DAMAGE) as error:
            self._clear_view()
            self.damage = str(error)
            return
        self._segments = loaded
        self._order = list(loaded)
        self._serial = int(record.get("serial", 0))
        self._next_doc = next_doc
        self._deleted = np.sort(deleted)
        self.generation = int(record["generation"])
        self._rebuild_view()

    def _rebuild_view(self) -> None:
        size = self._next_doc
        self._ids = [None] * size
        self._lengths = np.zeros(size, dtype=np.float64)
        self._dates = np.zeros(size, dtype=np.int64)
        self._live = np.zeros(size, dtype=bool)
        for name in self._order:
            table = self._segments[name].table
            self._place(table)
        self._live[self._deleted[self._deleted < size]] = False
        self._doc_of = {}
        for doc in np.flatnonzero(self._live).tolist():
            key = self._ids[doc]
            if key is not None:
                self._doc_of[key] = doc
        self._reset_stats()

    def _place(self, table: seg.DocTable) -> None:
        docs = table.docs
        if len(docs) and int(docs.max()) >= len(self._ids):
            raise ValueError("a segment holds doc numbers beyond next_doc")
        for doc, key in zip(docs.tolist(), table.ids, strict=True):
            self._ids[doc] = key
        self._lengths[docs] = table.lengths
        self._dates[docs] = table.dates
        self._live[docs] = True

    def refresh(self) -> bool:
        """Reload when another process changed the index (a stat when nothing did)."""
        with self._lock:
            if self._stat_meta() == self._meta_stat:
                return False
            self._load()
            return True

    def __len__(self) -> int:
        """The number of briefs indexed."""
        return self._n_live

    def __contains__(self, key: object) -> bool:
        return key in self._doc_of

    # ------------------------------------------------------------------ writing

    def _commit(self, generation: int) -> None:
        """Write ``meta.json`` (the commit point), then remove files no longer referenced."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "format": seg.FORMAT,
            "generation": int(generation),
            "serial": self._serial,
            "next_doc": self._next_doc,
            "segments": [{"name": n, "shards": self._segments[n].nshards,
                          "docs": self._segments[n].docs} for n in self._order],
            "deleted": seg.to_blob(seg.pack_uints(self._deleted)),
        }
        seg.write_tables(self.folder / _META, {"index": {"1": record}})
        self.generation = int(generation)
        self.damage = None
        self._meta_stat = self._stat_meta()
        self._remove_strays()

    def _remove_strays(self) -> None:
        keep = set(self._order)
        with os.scandir(self.folder) as entries:
            for entry in entries:
                match = _SEGMENT_FILE.match(entry.name)
                stray_tmp = entry.name.startswith((".s", ".meta")) and entry.name.endswith(".tmp")
                if (match and f"s{match.group(1)}" not in keep) or stray_tmp:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _new_name(self) -> str:
        # Never reuse the name of a file already there (left by a crash, or by an
        # index whose meta.json was lost): a new segment must not mix with it.
        highest = self._serial
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                match = _SEGMENT_FILE.match(entry.name)
                if match:
                    highest = max(highest, int(match.group(1)))
        self._serial = highest + 1
        return f"s{self._serial:06d}"

    def _write(self, builder: seg.Builder) -> _Segment | None:
        table, shards, nshards = builder.finish()
        if not table.ids:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = self._new_name()
        info = seg.write_segment(self.folder, name, table, shards, nshards, builder.surfaces)
        return _Segment(self.folder, info)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the lock around a change, starting from what is on disk now.

        The caller holds the store's lock, so nobody else writes meanwhile; if the
        change fails half-way, memory is reset to the last commit on disk.
        """
        with self._lock:
            if self._stat_meta() != self._meta_stat or self.damage:
                self._load()
            try:
                yield
            except BaseException:
                self._meta_stat = None
                self._load()
                raise

    def update(self, briefs: Sequence[Brief], generation: int) -> None:
        """Add these briefs, replacing any with the same id; record the store ``generation``.

        On an index that is missing or unreadable (``generation == -1``) this does
        nothing: adding to it would make a partial index look current, whereas
        staying stale makes the store rebuild it.
        """
        with self._writing():
            if self.generation < 0:
                return
            latest = {b.id: b for b in briefs}
            replaced = [self._doc_of[k] for k in latest if k in self._doc_of]
            first = self._next_doc
            segment = self._write(seg.build(latest.values(), first, self._lexicon))
            if segment is not None:
                self._segments[segment.name] = segment
                self._order.append(segment.name)
                self._next_doc = first + segment.docs
                self._ids.extend([None] * segment.docs)
                self._lengths = np.concatenate([self._lengths, np.zeros(segment.docs)])
                self._dates = np.concatenate([self._dates, np.zeros(segment.docs, np.int64)])
                self._live = np.concatenate([self._live, np.zeros(segment.docs, bool)])
                self._place(segment.table)
            self._delete_docs(replaced)
            for doc in range(first, self._next_doc):
                key = self._ids[doc]
                if key is not None:
                    self._doc_of[key] = doc
            self._reset_stats()
            self._commit(generation)
            self._merge_if_needed(generation)

    def remove(self, ids: Iterable[str], generation: int) -> None:
        """Drop these briefs (unknown ids are ignored); record the store ``generation``.

        Like :meth:`update`, does nothing on a missing or unreadable index.
        """
        with self._writing():
            if self.generation < 0:
                return
            docs = [self._doc_of.pop(k) for k in set(ids) if k in self._doc_of]
            self._delete_docs(docs)
            self._reset_stats()
            self._commit(generation)
            self._merge_if_needed(generation)

    def _delete_docs(self, docs: list[int]) -> None:
        if not docs:
            return
        array = np.array(docs, dtype=np.int64)
        self._live[array] = False
        self._deleted = np.union1d(self._deleted, array)

    def rebuild(self, briefs: Iterable[Brief], generation: int) -> None:
        """Index exactly these briefs from scratch (streamed: memory stays bounded)."""
        with self._writing():
            builder = seg.Builder(0, self._lexicon)
            seen: dict[str, int] = {}
            duplicates: list[int] = []
            for brief in briefs:
                if brief.id in seen:
                    duplicates.append(seen[brief.id])
                seen[brief.id] = builder.add(brief)
            segment = self._write(builder)
            self._segments = {} if segment is None else {segment.name: segment}
            self._order = list(self._segments)
            self._next_doc = builder.next_doc
            self._deleted = np.array(sorted(duplicates), dtype=np.int64)
            self._shards.clear()
            self._rebuild_view()
            self._commit(generation)

    # ------------------------------------------------------------------ merging

    def _merge_if_needed(self, generation: int) -> None:
        while (group := self._merge_candidates()) is not None:
            self._merge(group)
            self._commit(generation)

    def _merge_candidates(self) -> list[str] | None:
        live = {}
        for name in self._order:
            docs = self._segments[name].table.docs
            dead = int(np.isin(docs, self._deleted).sum()) if len(self._deleted) else 0
            live[name] = len(docs) - dead
            if live[name] * 2 < len(docs) and len(docs) >= 64:
                return [name]  # mostly deleted: rewrite it without the dead weight
        tiers: dict[int, list[str]] = defaultdict(list)
        for name in self._order:
            tiers[int(math.log(max(live[name], 1), TIER_FANOUT))].append(name)
        for tier in sorted(tiers):
            if len(tiers[tier]) >= TIER_FANOUT:
                return tiers[tier]
        return None

    def _merge(self, names: list[str]) -> None:
        """Replace these segments by one, without their deleted briefs."""
        sources = sorted((self._segments[n] for n in names),
                         key=lambda s: int(s.table.docs.min()) if s.docs else 0)
        deleted = self._deleted
        tables = [s.table.select(~np.isin(s.table.docs, deleted)) for s in sources]
        table = seg.DocTable.concat(tables)
        nshards = seg.shards_for(len(table.ids))
        surfaces: dict[str, str] = {}
        for source in sources:
            surfaces.update(source.vocab().surfaces)
        # Visit target shards so that the targets fed by one coarser source shard
        # come one after the other: each coarse shard is decoded once, then dropped.
        moduli = sorted({min(s.nshards, nshards) for s in sources})
        targets = sorted(range(nshards), key=lambda t: (*(t % m for m in moduli), t))

        def shards() -> Iterator[tuple[int, seg.Postings]]:
            split: dict[tuple[str, int], tuple[dict[int, seg.Postings], int]] = {}
            for target in targets:
                parts = []
                for source in sources:
                    parts.extend(self._merge_parts(source, target, nshards, split))
                combined = seg.concat(parts)
                if combined.terms:
                    yield target, seg.regroup(combined, keep=~np.isin(combined.docs, deleted))

        name = self._new_name()
        if table.ids:
            info = seg.write_segment(self.folder, name, table, shards(), nshards, surfaces)
            merged: _Segment | None = _Segment(self.folder, info)
        else:
            merged = None
        position = min(self._order.index(n) for n in names)
        order = [n for n in self._order if n not in names]
        if merged is not None:
            order.insert(position, merged.name)
            self._segments[merged.name] = merged
        for n in names:
            self._segments.pop(n, None)
        self._order = order
        # Deleted doc numbers that no segment holds any more need no remembering.
        held = [s.table.docs for s in self._segments.values()]
        if held and len(deleted):
            self._deleted = deleted[np.isin(deleted, np.concatenate(held))]
        else:
            self._deleted = np.zeros(0, dtype=np.int64)

    def _merge_parts(
        self,
        source: _Segment,
        target: int,
        nshards: int,
        split: dict[tuple[str, int], tuple[dict[int, seg.Postings], int]],
    ) -> list[seg.Postings]:
        """The postings of ``source`` that belong to shard ``target`` of an ``nshards`` segment.

        Shard numbers are hash bits, so with power-of-two shard counts a shard
        of a finer segment lies within one shard of a coarser one.
        """
        if source.nshards == nshards:
            return [source.postings(target, with_positions=True)]
        if source.nshards < nshards:
            key = (source.name, target % source.nshards)
            if key not in split:  # feeds several targets: decode and split it once
                whole = source.postings(key[1], with_positions=True)
                split[key] = (dict(seg.split_shards(whole, nshards)), nshards // source.nshards)
            parts, uses = split[key]
            split[key] = (parts, uses - 1)
            if uses == 1:
                del split[key]  # its last target: free it
            part = parts.pop(target, None)
            return [] if part is None else [part]
        return [source.postings(s, with_positions=True)
                for s in range(target, source.nshards, nshards)]

    # ------------------------------------------------------------------ postings

    def _shard(
        self, segment: _Segment, shard: int, positions: bool
    ) -> tuple[seg.Postings, dict[str, tuple[int, int]]]:
        """A decoded shard and its term ranges (cached; segments never change)."""
        key = (segment.name, shard, positions)
        found = self._shards.get(key)
        if found is None:
            postings = segment.postings(shard, with_positions=positions)
            found = (postings, postings.slices())
            self._shards.put(key, found, postings.nbytes())
        return found  # type: ignore[no-any-return]

    def _term(self, term: str) -> _Term | None:
        """The live postings of ``term`` (None if no live brief has it)."""
        cached = self._terms.get(term)
        if cached is not None:
            return cached if cached.docs.size else None
        docs, tfs = [], []
        for name in self._order:
            segment = self._segments[name]
            postings, slices = self._shard(segment, seg.shard_of(term, segment.nshards), False)
            span = slices.get(term)
            if span is not None:
                docs.append(postings.docs[span[0]:span[1]])
                tfs.append(postings.tf[:, span[0]:span[1]])
        if docs:
            all_docs = np.concatenate(docs)
            tf = np.concatenate(tfs, axis=1)
            alive = self._live[all_docs]
            all_docs, tf = all_docs[alive], tf[:, alive]
            if len(docs) > 1 and np.any(np.diff(all_docs) < 0):
                # Merged segments can interleave: keep one ascending order for lookups.
                order = np.argsort(all_docs, kind="stable")
                all_docs, tf = all_docs[order], tf[:, order]
            tfw = np.asarray(FIELD_WEIGHTS) @ tf
            found = _Term(all_docs, tf, tfw, tf[analysis.TITLE] > 0)
        else:
            found = _Term(seg.EMPTY, np.zeros((4, 0), dtype=np.uint8), np.zeros(0),
                          np.zeros(0, dtype=bool))
        self._terms.put(term, found, found.nbytes() + 100)
        return found if found.docs.size else None

    def _term_positions(self, term: str) -> _Positions:
        cached = self._positions.get(term)
        if cached is not None:
            return cached
        docs, counts, positions = [], [], []
        for name in self._order:
            segment = self._segments[name]
            postings, slices = self._shard(segment, seg.shard_of(term, segment.nshards), True)
            span = slices.get(term)
            if span is None:
                continue
            a, b = span
            starts = postings.position_starts()
            assert postings.counts is not None and postings.positions is not None
            docs.append(postings.docs[a:b])
            counts.append(postings.counts[a:b])
            lo = int(starts[a]) if a < len(starts) else 0
            hi = lo + int(postings.counts[a:b].sum())
            positions.append(postings.positions[lo:hi])
        if docs:
            c = np.concatenate(counts)
            found = _Positions(np.concatenate(docs), c, seg.exclusive_cumsum(c),
                               np.concatenate(positions))
        else:
            found = _Positions(seg.EMPTY, seg.EMPTY, seg.EMPTY, seg.EMPTY)
        self._positions.put(term, found, found.nbytes() + 100)
        return found

    def _phrase_docs(self, terms: Sequence[str], candidates: np.ndarray) -> np.ndarray:
        """Which ``candidates`` (sorted doc numbers) hold ``terms`` next to each other."""
        keys: np.ndarray | None = None
        for offset, term in enumerate(terms):
            if not candidates.size:
                break
            found = self._term_positions(term)
            picked = np.flatnonzero(np.isin(found.docs, candidates))
            counts = found.counts[picked]
            gather = np.repeat(found.starts[picked] - seg.exclusive_cumsum(counts), counts)
            gather += np.arange(len(gather), dtype=np.int64)
            docs = np.repeat(found.docs[picked], counts)
            # Align every term on the phrase start: position - offset (+ len to stay >= 0).
            term_keys = (docs << 32) | (found.positions[gather] + (len(terms) - offset))
            keys = term_keys if keys is None else np.intersect1d(keys, term_keys)
            candidates = np.unique(keys >> 32)
        return candidates

    # ------------------------------------------------------------------ vocabulary

    def _vocabulary(self) -> tuple[dict[str, int], list[str], dict[str, str]]:
        """``(term -> document frequency, sorted words, word -> term)`` over all segments."""
        if self._vocab_cache is None:
            df: dict[str, int] = defaultdict(int)
            surfaces: dict[str, str] = {}
            for name in self._order:
                vocab = self._segments[name].vocab()
                for term, count in vocab.df.items():
                    df[term] += count
                surfaces.update(vocab.surfaces)
            self._vocab_cache = (dict(df), sorted(surfaces), surfaces)
        return self._vocab_cache

    def _expand(self, prefix: str) -> list[str]:
        """The terms of the indexed words starting with ``prefix`` (most frequent first)."""
        df, words, surfaces = self._vocabulary()
        start = bisect.bisect_left(words, prefix)
        terms: set[str] = set()
        for word in words[start:]:
            if not word.startswith(prefix):
                break
            terms.add(surfaces[word])
        return sorted(terms, key=lambda t: -df.get(t, 0))[:MAX_PREFIX_TERMS]

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` indexed words closest to ``word``, nearest then commonest first.

        Edit distance (with transpositions) at most 2, or 1 for words of up
        to 4 letters; candidates share the first or the second letter.
        """
        with self._lock:
            pieces = analysis.fold_token(word.strip())
            if len(pieces) != 1 or limit <= 0:
                return []
            target = pieces[0]
            df, _, surfaces = self._vocabulary()
            if self._buckets is None:
                # Candidates share the first or the second letter: typos rarely hit both.
                buckets: dict[str, list[str]] = defaultdict(list)
                for candidate in surfaces:
                    buckets["0" + candidate[0]].append(candidate)
                    if len(candidate) > 1:
                        buckets["1" + candidate[1]].append(candidate)
                self._buckets = dict(buckets)
            pool = set(self._buckets.get("0" + target[0], []))
            if len(target) > 1:
                pool.update(self._buckets.get("1" + target[1], []))
            allowed = 1 if len(target) <= 4 else 2
            scored = []
            for candidate in pool:
                if candidate == target or abs(len(candidate) - len(target)) > allowed:
                    continue
                distance = edit_distance(target, candidate)
                if distance <= allowed:
                    scored.append((distance, -df.get(surfaces[candidate], 0), candidate))
            scored.sort()
            return [c for _, _, c in scored[:limit]]

    # ------------------------------------------------------------------ searching

    def search(
        self,
        query: Query,
        rows: Mapping[str, BriefRow],
        load: Callable[[Sequence[str]], list[Brief]],
        *,
        limit: int,
        snippets: int | None = None,
    ) -> SearchResults:
        """Run a parsed query: matches, ranked by BM25F (or date), with snippets.

        ``rows`` supplies what filters need (tags, state, sources, speakers);
        ``load`` the full briefs of the hits, for their snippets. Only the first
        ``snippets`` hits (all when None) get a snippet: the others carry their
        title, so that a long result list (the app's) never reads every brief.
        Never raises because of the query; a damaged index gives ``error`` set.
        """
        with self._lock:
            for attempt in range(2):
                try:
                    wanted = limit if snippets is None else min(limit, max(0, snippets))
                    return self._search(query, rows, load, max(0, limit), wanted)
                except FileNotFoundError:
                    # Another process merged segments away under us: catch up, retry once.
                    if attempt == 0 and self.refresh():
                        continue
                    return self._damaged("a segment file is missing")
                except _DAMAGE as error:
                    return self._damaged(str(error))
            raise AssertionError("unreachable")

    def _damaged(self, reason: str) -> SearchResults:
        self.damage = reason
        self.generation = -1  # stale: the store rebuilds it on the next open
        return SearchResults.failed(_DAMAGED.format(reason))

    def _search(
        self,
        query: Query,
        rows: Mapping[str, BriefRow],
        load: Callable[[Sequence[str]], list[Brief]],
        limit: int,
        snippets: int,
    ) -> SearchResults:
        leaves = query.positive_text()
        sort = query.sort or ("relevance" if leaves else "date")
        if query.root is None:
            matched = self._live.copy()
        else:
            matched = _Evaluator(self, rows).eval(query.root, None)
        matched &= self._live
        docs = np.flatnonzero(matched)
        scores = self._scores(leaves, docs) if leaves else np.zeros(len(docs))
        order = self._rank(docs, scores, rows, sort, limit)
        picked = [(int(docs[i]), float(scores[i])) for i in order]
        hits = []
        # Briefs are loaded a chunk at a time: a huge limit (an export) must not hold
        # every matching brief in memory at once.
        for start in range(0, len(picked), _LOAD_CHUNK):
            chunk = [(doc, score, self._ids[doc]) for doc, score in
                     picked[start:start + _LOAD_CHUNK]]
            wanted = [key for i, (_, _, key) in enumerate(chunk, start)
                      if key is not None and key in rows and i < snippets]
            briefs = {b.id: b for b in load(wanted)} if wanted else {}
            for doc, score, key in chunk:
                if key is None or key not in rows:
                    continue
                brief = briefs.get(key)
                if brief is None:
                    text, ranges = rows[key].title, []
                else:
                    text, ranges = snippet(brief, query, kinds=self._snippet_kinds(leaves, doc))
                hits.append(SearchHit(key, score, text, ranges))
        suggestions = [] if docs.size else self._suggestions(leaves)
        return SearchResults(hits, int(docs.size), None, suggestions, sort, query.terms())

    def _snippet_kinds(self, leaves: list[TextNode], doc: int) -> list[str]:
        """Snippet sources holding the most query words in ``doc``, best first (from the index)."""
        found = np.zeros(4, dtype=np.int64)
        for leaf in leaves:
            if isinstance(leaf, Prefix):
                return []  # expansions are many: let the snippet scan every field
            fields = np.ones(4, dtype=bool)
            for term in leaf.terms:
                entry = self._term(term)
                tf = entry.fields_of(doc) if entry is not None else None
                if tf is None:
                    fields[:] = False
                    break
                fields &= tf > 0
            found += fields
        kinds = [(int(found[f]), pref, kind) for f, pref, kind in (
            (analysis.QUOTES, 3, QUOTES), (analysis.SUMMARY, 2, SUMMARY),
            (analysis.BODY, 1, BODY)) if found[f]]
        return [kind for _, _, kind in sorted(kinds, reverse=True)]

    def _scores(self, leaves: list[TextNode], docs: np.ndarray) -> np.ndarray:
        """BM25F score of each of ``docs`` for the query's positive words."""
        total = np.zeros(len(self._live), dtype=np.float64)
        seen: set[str] = set()
        for leaf in leaves:
            if isinstance(leaf, Prefix):
                self._add_prefix_scores(leaf, total)
                continue
            for term in leaf.terms:
                if term in seen:
                    continue
                seen.add(term)
                found = self._term(term)
                if found is not None:
                    self._add_bm25(found.docs, found.tfw, total)
        return total[docs]

    def _add_bm25(self, docs: np.ndarray, tfw: np.ndarray, total: np.ndarray) -> None:
        n, df = self._n_live, len(docs)
        idf = max(math.log((n - df + 0.5) / (df + 0.5)), _MIN_IDF)
        total[docs] += idf * tfw * (K1 + 1) / (tfw + self._norm[docs])

    def _add_prefix_scores(self, leaf: Prefix, total: np.ndarray) -> None:
        # Scored as one word: every expansion counts as an occurrence (as FTS5 does).
        parts = [t for t in map(self._term, self._expand(leaf.prefix)) if t is not None]
        if not parts:
            return
        tfw = np.bincount(np.concatenate([p.docs for p in parts]),
                          weights=np.concatenate([p.tfw for p in parts]),
                          minlength=len(self._live))
        docs = np.flatnonzero(tfw)
        self._add_bm25(docs, tfw[docs], total)

    def _rank(
        self, docs: np.ndarray, scores: np.ndarray, rows: Mapping[str, BriefRow], sort: str,
        limit: int,
    ) -> list[int]:
        """Indexes into ``docs`` of the best ``limit`` hits, in order."""
        if not docs.size or limit <= 0:
            return []
        dates = self._dates[docs]
        primary = scores if sort == "relevance" else dates.astype(np.float64)
        if docs.size > limit:
            # Everything that ties with the limit-th best stays in for the exact sort.
            threshold = np.partition(primary, docs.size - limit)[docs.size - limit]
            shortlist = np.flatnonzero(primary >= threshold)
        else:
            shortlist = np.arange(docs.size)
        if sort == "relevance":
            # Best score first, then newer first, then doc number for a stable order.
            order = shortlist[np.lexsort((docs[shortlist], -dates[shortlist],
                                          -scores[shortlist]))]
            return order[:limit].tolist()

        def date_key(i: int) -> tuple[int, str, str]:
            key = self._ids[int(docs[i])] or ""
            row = rows.get(key)
            return (-int(dates[i]), row.title.casefold() if row else "", key)

        return sorted(shortlist.tolist(), key=date_key)[:limit]

    def _suggestions(self, leaves: list[TextNode]) -> list[str]:
        """Closest indexed words for the query words that match nothing at all."""
        suggestions: list[str] = []
        for leaf in leaves:
            if isinstance(leaf, Prefix):
                continue
            for token in analysis.tokens(leaf.text):
                if self._term(token.term) is None:
                    for word in self.suggest(token.surface):
                        if word not in suggestions:
                            suggestions.append(word)
        return suggestions[:5]

    # ------------------------------------------------------------------ related

    def related(
        self, brief: Brief, rows: Mapping[str, BriefRow], *, limit: int
    ) -> list[SearchHit]:
        """Briefs sharing the most with ``brief``: distinctive words, speakers, tags.

        Its most distinctive words (top TF-IDF against the collection) are
        searched as an OR query ranked by BM25F; briefs quoting the same
        people or carrying the same tags get a bonus. ``snippet`` says what
        they share (plain text).
        """
        with self._lock:
            try:
                return self._related(brief, rows, limit)
            except FileNotFoundError:
                if self.refresh():
                    return self._related(brief, rows, limit)
                return []
            except _DAMAGE as error:
                self.damage, self.generation = str(error), -1
                return []

    def _related(
        self, brief: Brief, rows: Mapping[str, BriefRow], limit: int
    ) -> list[SearchHit]:
        if limit <= 0:
            return []
        counts: dict[str, int] = defaultdict(int)
        shown: dict[str, str] = {}
        # Speakers count through their own bonus below, not also as words.
        speaking = {q.speaker for q in brief.quotes if q.speaker}
        for weight, items in zip((3, 2, 1, 1), analysis.field_items(brief), strict=True):
            for item in items:
                if weight == 2 and item in speaking:
                    continue
                for token in analysis.tokens(item):
                    counts[token.term] += weight
                    shown.setdefault(token.term, token.surface)
        df, _, _ = self._vocabulary()
        n = max(self._n_live, 1)
        # A term only this brief has relates it to nothing; one in most briefs says
        # nothing; numbers ("198m", "2024") rarely say what a brief is about.
        common = max(n / 2, 2.5)
        distinctive = [t for _, t in sorted(
            ((1 + math.log(c)) * math.log((n + 1) / df[t]), t)
            for t, c in counts.items()
            if 2 <= df.get(t, 0) < common and len(t) > 2 and t.isalpha()
        )[-RELATED_TERMS:][::-1]]
        total = np.zeros(len(self._live), dtype=np.float64)
        postings = {t: p for t in distinctive if (p := self._term(t)) is not None}
        for found in postings.values():
            self._add_bm25(found.docs, found.tfw, total)
        own = self._doc_of.get(brief.id)
        if own is not None:
            total[own] = 0.0
        top = float(total.max()) if total.size else 0.0
        if top > 0:
            total /= top  # text similarity in [0, 1], comparable with the bonuses below
        reasons = self._shared_people_and_tags(brief, rows, total)
        if own is not None:
            total[own] = 0.0
        total[~self._live] = 0.0
        candidates = np.flatnonzero(total > 0)
        order = candidates[np.lexsort((candidates, -self._dates[candidates],
                                       -total[candidates]))]
        hits = []
        for doc in order.tolist():
            key = self._ids[doc]
            if key is None or key not in rows or key == brief.id:
                continue
            shared = [shown[t] for t, p in postings.items() if p.fields_of(doc) is not None]
            why = ["shares " + ", ".join(shared[:3])] if shared else []
            why.extend(reasons.get(doc, []))
            hits.append(SearchHit(key, float(total[doc]), "; ".join(why), []))
            if len(hits) >= limit:
                break
        return hits

    def _shared_people_and_tags(
        self, brief: Brief, rows: Mapping[str, BriefRow], total: np.ndarray
    ) -> dict[int, list[str]]:
        """Add the speaker and tag bonuses of :meth:`related` to ``total``; say why, per doc."""
        reasons: dict[int, list[str]] = defaultdict(list)
        speakers = {_folded(s) for s in brief.speakers}
        tags = {_folded(t) for t in brief.tags}
        if not speakers and not tags:
            return reasons
        # Speakers' names are indexed with the quotes: the index narrows the rows to
        # read to the briefs quoting someone of that name.
        maybe = np.zeros(len(self._live), dtype=bool)
        for name in brief.speakers:
            found = [self._term(term) for term in analysis.terms(name)]
            if found and all(f is not None for f in found):
                mask = self._live.copy()
                for f in found:
                    assert f is not None
                    term_mask = np.zeros(len(self._live), dtype=bool)
                    term_mask[f.docs[f.tf[analysis.QUOTES] > 0]] = True
                    mask &= term_mask
                maybe |= mask
        same_person = _matcher_in(speakers)
        for doc in np.flatnonzero(maybe).tolist():
            row = rows.get(self._ids[doc] or "")
            people = [s for s in row.speakers if same_person(s)] if row is not None else []
            if people:
                total[doc] += SPEAKER_BONUS * min(len(people), 2)
                reasons[doc].append("quotes " + ", ".join(people[:2]))
        if tags:
            same_tag = _matcher_in(tags)
            doc_of = self._doc_of
            for key, row in rows.items():
                if not row.tags:
                    continue
                shared = [t for t in row.tags if same_tag(t)]
                doc = doc_of.get(key)
                if shared and doc is not None:
                    total[doc] += TAG_BONUS * min(len(shared), 3)
                    reasons[doc].append("tagged " + ", ".join(shared[:3]))
        return reasons


class _Evaluator:
    """Evaluates a query tree to a boolean mask over doc numbers."""

    def __init__(self, index: SearchIndex, rows: Mapping[str, BriefRow]) -> None:
        self.index = index
        self.rows = rows
        self.size = len(index._live)

    def _mask(self, docs: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        return mask

    def eval(self, node: Node, candidates: np.ndarray | None) -> np.ndarray:
        """The docs matching ``node`` (within ``candidates`` when given)."""
        if isinstance(node, And):
            current = candidates
            for child in sorted(node.children, key=_cost):
                current = self.eval(child, current)
                if not current.any():
                    break
            assert current is not None
            return current
        if isinstance(node, Or):
            result = np.zeros(self.size, dtype=bool)
            for child in node.children:
                result |= self.eval(child, candidates)
            return result
        if isinstance(node, Not):
            base = self.index._live if candidates is None else candidates
            return base & ~self.eval(node.child, base)
        if isinstance(node, Filter):
            base = self.index._live if candidates is None else candidates
            return self._filter(node, base)
        result = self._text(node)
        return result if candidates is None else result & candidates

    def _text(self, node: TextNode) -> np.ndarray:
        title_only = node.field == "title"
        if isinstance(node, Prefix):
            result = np.zeros(self.size, dtype=bool)
            for term in self.index._expand(node.prefix):
                found = self.index._term(term)
                if found is not None:
                    result[found.docs[found.in_title] if title_only else found.docs] = True
            return result
        result: np.ndarray | None = None
        for term in dict.fromkeys(node.terms):
            found = self.index._term(term)
            if found is None:
                return np.zeros(self.size, dtype=bool)
            mask = self._mask(found.docs[found.in_title] if title_only else found.docs)
            result = mask if result is None else result & mask
        assert result is not None
        if len(node.terms) > 1 and result.any():
            result = self._mask(self.index._phrase_docs(node.terms, np.flatnonzero(result)))
            if title_only:
                result = self._rows_where(result, lambda row: _in_order(node.terms, row.title))
        return result

    def _filter(self, node: Filter, base: np.ndarray) -> np.ndarray:
        if node.name in ("after", "before", "on"):
            dates = self.index._dates
            ok = base & (dates > 0)
            if node.date_from is not None:
                ok &= dates >= node.date_from
            if node.date_to is not None:
                ok &= dates <= node.date_to
            return ok
        if node.name == "is":
            wanted = node.value
            test: Callable[[BriefRow], bool] = {
                "read": lambda r: r.read, "unread": lambda r: not r.read,
                "starred": lambda r: r.starred}[wanted]
        else:
            matches = _matcher(node.value, exact=node.name == "tag")
            if node.name == "tag":
                test = lambda r: any(map(matches, r.tags))  # noqa: E731
            elif node.name == "source":
                test = lambda r: any(map(matches, r.sources))  # noqa: E731
            else:  # speaker
                test = lambda r: any(map(matches, r.speakers))  # noqa: E731
        return self._rows_where(base, test)

    def _rows_where(self, base: np.ndarray, test: Callable[[BriefRow], bool]) -> np.ndarray:
        ids, rows = self.index._ids, self.rows
        keep = []
        for doc in np.flatnonzero(base).tolist():
            row = rows.get(ids[doc] or "")
            if row is not None and test(row):
                keep.append(doc)
        return self._mask(np.array(keep, dtype=np.int64))


def _matcher(value: str, *, exact: bool) -> Callable[[str], bool]:
    """A test of one tag, source or speaker name against a folded filter value, memoised.

    Few distinct spellings recur across thousands of rows, so each is folded
    and compared once per query.
    """
    memo: dict[str, bool] = {}

    def matches(text: str) -> bool:
        found = memo.get(text)
        if found is None:
            folded = _folded(text)
            found = memo[text] = folded == value if exact else value in folded
        return found

    return matches


def _matcher_in(values: set[str]) -> Callable[[str], bool]:
    """A memoised test: does this name or tag fold to one of ``values``?"""
    memo: dict[str, bool] = {}

    def matches(text: str) -> bool:
        found = memo.get(text)
        if found is None:
            found = memo[text] = _folded(text) in values
        return found

    return matches


def _in_order(terms: Sequence[str], text: str) -> bool:
    """Whether ``text`` holds ``terms`` next to each other, in order."""
    found = analysis.terms(text)
    k = len(terms)
    return any(tuple(found[i:i + k]) == tuple(terms) for i in range(len(found) - k + 1))


def _cost(node: Node) -> int:
    """Evaluation order inside AND: cheap vectorised nodes narrow the set for costly ones."""
    if isinstance(node, Word | Prefix):
        return 0
    if isinstance(node, Phrase):
        return 1
    if isinstance(node, Filter):
        return 2 if node.name in ("after", "before", "on") else 4
    return 3
