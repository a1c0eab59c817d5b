"""The on-disk segments of the search index: columnar posting arrays in TinyDB files.

A *segment* is an immutable, self-contained inverted index of some briefs (see
docs/search-design.md). Its postings are stored **columnar per shard**: for
the terms of one shard, one compressed blob holds the number of postings per
term, the doc numbers (delta-coded per term) and the per-field term
frequencies; a second blob holds the positions (delta-coded per posting), only
read for exact phrases. Blobs are zlib-compressed little-endian integer arrays
in the narrowest width that fits, base64-encoded, since every file is a plain
TinyDB database (JSON): ``TinyDB(path).table("postings").all()`` reads it.

Small segments (under :data:`DOCS_PER_SHARD` briefs, e.g. one import) keep
everything in one file; larger ones have a main file (docs and vocabulary)
and up to :data:`MAX_SHARDS` postings and positions files, sharded by a hash
of the term so that a query reads only the shards of its terms. Shard counts
are powers of two and a shard is the low bits of the term's CRC-32, so a shard
of a segment with more shards always falls within one shard of a segment with
fewer: merging segments of different shard counts needs no rehashing.
"""

from __future__ import annotations

import base64
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from briefs.models import Brief
from store.search import analysis
from store.storage import AtomicJSONStorage

#: Bumped whenever the layout changes: an index in another format is stale.
FORMAT = 1
#: Most shards a segment has (a power of two): about 1 MB of postings each at 100,000 briefs.
MAX_SHARDS = 128
#: Briefs per shard aimed at; segments under this size are a single file.
DOCS_PER_SHARD = 800
#: Briefs tokenised at a time while building: about 100 MB of transient arrays.
BUILD_BATCH = 2048
#: The largest term frequency kept per field (BM25 saturates long before).
_TF_MAX = 255
#: zlib level: 1 compresses these arrays nearly as well as 6, several times faster.
_ZLIB_LEVEL = 1

#: An empty int64 array (shared: never written to).
EMPTY = np.zeros(0, dtype=np.int64)


def shards_for(ndocs: int) -> int:
    """How many shards a segment of ``ndocs`` briefs gets (a power of two).

    Few files for small segments (each file costs an fsync), enough shards in
    large ones that a query reads only a small part of the index.
    """
    shards = 1
    while shards < MAX_SHARDS and shards * DOCS_PER_SHARD < ndocs:
        shards *= 2
    return shards


def shard_of(term: str, nshards: int) -> int:
    """The shard holding ``term`` (stable across processes, unlike ``hash``)."""
    return zlib.crc32(term.encode("utf-8")) & (nshards - 1)


# --------------------------------------------------------------------------- packing


def pack_uints(values: np.ndarray) -> bytes:
    """Unsigned integers in the narrowest of 1, 2, 4 or 8 bytes each, with a 5-byte header."""
    top = int(values.max()) if len(values) else 0
    if int(values.min(initial=0)) < 0:
        raise ValueError("pack_uints takes non-negative values")
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4 if top < 1 << 32 else 8
    header = bytes([width]) + len(values).to_bytes(4, "little")
    return header + values.astype(f"<u{width}", copy=False).tobytes()


def unpack_uints(buf: bytes, offset: int) -> tuple[np.ndarray, int]:
    """The array packed at ``offset`` by :func:`pack_uints` (as int64) and the offset after it."""
    width = buf[offset]
    count = int.from_bytes(buf[offset + 1:offset + 5], "little")
    start = offset + 5
    values = np.frombuffer(buf, dtype=f"<u{width}", count=count, offset=start)
    return values.astype(np.int64), start + width * count


def to_blob(data: bytes) -> str:
    """Bytes as JSON-safe text: zlib-compressed, then base64."""
    return base64.b64encode(zlib.compress(data, _ZLIB_LEVEL)).decode("ascii")


def from_blob(text: str) -> bytes:
    """Inverse of :func:`to_blob` (binascii.Error or zlib.error on damage)."""
    return zlib.decompress(base64.b64decode(text))


def exclusive_cumsum(counts: np.ndarray) -> np.ndarray:
    """Where each group starts, given the group sizes (``[0, c0, c0 + c1, ...]``)."""
    out = np.zeros(len(counts), dtype=np.int64)
    if len(counts) > 1:
        np.cumsum(counts[:-1], out=out[1:])
    return out


def _delta(values: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Differences between neighbours, restarting at each group (first value kept)."""
    out = values.copy()
    if len(values) > 1:
        out[1:] -= values[:-1]
        starts = exclusive_cumsum(group_sizes)[group_sizes > 0]
        out[starts] = values[starts]
    return out


def _undelta(deltas: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_delta`."""
    if not len(deltas):
        return deltas
    running = np.cumsum(deltas)
    starts = exclusive_cumsum(group_sizes)
    base = np.zeros(len(group_sizes), dtype=np.int64)
    nonempty = group_sizes > 0
    base[nonempty] = running[starts[nonempty]] - deltas[starts[nonempty]]
    return running - np.repeat(base, group_sizes)


# --------------------------------------------------------------------------- postings


@dataclass(slots=True)
class Postings:
    """Columnar postings of several terms.

    Postings are grouped by term (in ``terms`` order), ascending doc numbers
    within a term. ``tf`` is ``(4, n)``: occurrences per field (see
    :data:`analysis.FIELDS`), capped at 255. ``counts``/``positions`` (every
    occurrence's position, ascending per posting) are None when not loaded.
    """

    terms: list[str]
    npost: np.ndarray
    docs: np.ndarray
    tf: np.ndarray
    counts: np.ndarray | None = None
    positions: np.ndarray | None = None

    @classmethod
    def empty(cls, *, with_positions: bool = True) -> Postings:
        """No terms at all."""
        return cls([], EMPTY, EMPTY, np.zeros((4, 0), dtype=np.uint8),
                   EMPTY if with_positions else None, EMPTY if with_positions else None)

    def slices(self) -> dict[str, tuple[int, int]]:
        """Each term's ``[start, end)`` range in the posting arrays."""
        ends = np.cumsum(self.npost).tolist()
        starts = [0, *ends[:-1]]
        return {t: (s, e) for t, s, e in zip(self.terms, starts, ends, strict=True)}

    def position_starts(self) -> np.ndarray:
        """Where each posting's positions start in ``positions``."""
        assert self.counts is not None
        return exclusive_cumsum(self.counts)

    def nbytes(self) -> int:
        """Approximate memory held (for cache budgets)."""
        size = self.docs.nbytes + self.tf.nbytes + self.npost.nbytes + 60 * len(self.terms)
        if self.positions is not None and self.counts is not None:
            size += self.positions.nbytes + self.counts.nbytes
        return size


def concat(parts: list[Postings]) -> Postings:
    """The parts one after the other (terms may repeat; see :func:`regroup`)."""
    parts = [p for p in parts if p.terms]
    if not parts:
        return Postings.empty()
    if len(parts) == 1:
        return parts[0]
    with_positions = all(p.positions is not None for p in parts)
    return Postings(
        terms=[t for p in parts for t in p.terms],
        npost=np.concatenate([p.npost for p in parts]),
        docs=np.concatenate([p.docs for p in parts]),
        tf=np.concatenate([p.tf for p in parts], axis=1),
        counts=np.concatenate([p.counts for p in parts]) if with_positions else None,  # type: ignore[misc]
        positions=(np.concatenate([p.positions for p in parts])  # type: ignore[misc]
                   if with_positions else None),
    )


def regroup(
    postings: Postings, order_key: Any = None, keep: np.ndarray | None = None
) -> Postings:
    """Merge repeated terms, sort terms (by ``order_key(term)`` or name), drop postings.

    Postings of one term keep their relative order, so parts concatenated in
    ascending doc order stay ascending. ``keep`` (one bool per posting) drops
    postings (deleted briefs); terms left without postings disappear.
    """
    unique = sorted(set(postings.terms), key=order_key)
    rank = {t: i for i, t in enumerate(unique)}
    term_rank = np.fromiter((rank[t] for t in postings.terms), dtype=np.int64,
                            count=len(postings.terms))
    posting_rank = np.repeat(term_rank, postings.npost)
    index = np.arange(len(posting_rank), dtype=np.int64)
    if keep is not None:
        posting_rank, index = posting_rank[keep], index[keep]
    order = index[np.argsort(posting_rank, kind="stable")]
    npost = np.bincount(posting_rank, minlength=len(unique)).astype(np.int64)
    present = npost > 0
    terms = [t for t, p in zip(unique, present.tolist(), strict=True) if p]
    counts = positions = None
    if postings.counts is not None and postings.positions is not None:
        counts = postings.counts[order]
        starts = postings.position_starts()[order]
        gather = np.repeat(starts - exclusive_cumsum(counts), counts)
        gather += np.arange(len(gather), dtype=np.int64)
        positions = postings.positions[gather]
    return Postings(terms, npost[present], postings.docs[order], postings.tf[:, order],
                    counts, positions)


def split_shards(postings: Postings, nshards: int) -> Iterator[tuple[int, Postings]]:
    """``(shard, postings of its terms)`` for every non-empty shard, terms sorted by name."""
    shards = {t: shard_of(t, nshards) for t in set(postings.terms)}
    ordered = regroup(postings, order_key=lambda t: (shards[t], t))
    term_shards = np.array([shards[t] for t in ordered.terms], dtype=np.int64)
    bounds = np.searchsorted(term_shards, np.arange(nshards + 1))
    post_ends = np.concatenate([[0], np.cumsum(ordered.npost)])
    pos_ends = (np.concatenate([[0], np.cumsum(ordered.counts)])
                if ordered.counts is not None else None)
    for shard in range(nshards):
        t0, t1 = int(bounds[shard]), int(bounds[shard + 1])
        if t0 == t1:
            continue
        p0, p1 = int(post_ends[t0]), int(post_ends[t1])
        counts = positions = None
        if ordered.counts is not None and ordered.positions is not None and pos_ends is not None:
            counts = ordered.counts[p0:p1]
            positions = ordered.positions[int(pos_ends[p0]):int(pos_ends[p1])]
        yield shard, Postings(ordered.terms[t0:t1], ordered.npost[t0:t1],
                              ordered.docs[p0:p1], ordered.tf[:, p0:p1], counts, positions)


def encode_postings(postings: Postings) -> bytes:
    """The doc/frequency blob of these postings (uncompressed)."""
    return (pack_uints(postings.npost) + pack_uints(_delta(postings.docs, postings.npost))
            + np.ascontiguousarray(postings.tf, dtype=np.uint8).tobytes())


def decode_postings(terms: list[str], raw: bytes) -> Postings:
    """Inverse of :func:`encode_postings`."""
    npost, offset = unpack_uints(raw, 0)
    deltas, offset = unpack_uints(raw, offset)
    n = len(deltas)
    tf = np.frombuffer(raw, dtype=np.uint8, count=4 * n, offset=offset).reshape(4, n)
    if len(npost) != len(terms) or int(npost.sum()) != n:
        raise ValueError("postings blob does not match its term list")
    return Postings(list(terms), npost, _undelta(deltas, npost), tf)


def encode_positions(postings: Postings) -> bytes:
    """The positions blob of these postings (uncompressed)."""
    assert postings.counts is not None and postings.positions is not None
    return pack_uints(postings.counts) + pack_uints(_delta(postings.positions, postings.counts))


def decode_positions(raw: bytes, npostings: int) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`encode_positions`: ``(counts, positions)``."""
    counts, offset = unpack_uints(raw, 0)
    deltas, _ = unpack_uints(raw, offset)
    if len(counts) != npostings or int(counts.sum()) != len(deltas):
        raise ValueError("positions blob does not match its postings")
    return counts, _undelta(deltas, counts)


# --------------------------------------------------------------------------- builder


@dataclass(slots=True)
class DocTable:
    """The briefs of one segment: doc numbers, ids, lengths and dates.

    Lengths count terms (for BM25); dates are proleptic ordinals, 0 when undated.
    """

    docs: np.ndarray
    ids: list[str]
    lengths: np.ndarray
    dates: np.ndarray

    def to_record(self) -> dict[str, Any]:
        """The JSON document stored in the segment's ``docs`` table."""
        return {"docs": to_blob(pack_uints(self.docs)), "ids": self.ids,
                "lengths": to_blob(pack_uints(self.lengths)),
                "dates": to_blob(pack_uints(self.dates))}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> DocTable:
        """Inverse of :meth:`to_record`."""
        docs = unpack_uints(from_blob(record["docs"]), 0)[0]
        lengths = unpack_uints(from_blob(record["lengths"]), 0)[0]
        dates = unpack_uints(from_blob(record["dates"]), 0)[0]
        ids = [str(i) for i in record["ids"]]
        if not len(docs) == len(ids) == len(lengths) == len(dates):
            raise ValueError("docs table columns differ in length")
        return cls(docs, ids, lengths, dates)

    @classmethod
    def concat(cls, tables: list[DocTable]) -> DocTable:
        """The tables one after the other."""
        if not tables:
            return cls(EMPTY, [], EMPTY, EMPTY)
        return cls(np.concatenate([t.docs for t in tables]), [i for t in tables for i in t.ids],
                   np.concatenate([t.lengths for t in tables]),
                   np.concatenate([t.dates for t in tables]))

    def select(self, keep: np.ndarray) -> DocTable:
        """Only the rows where ``keep`` is True."""
        return DocTable(self.docs[keep], [i for i, k in zip(self.ids, keep.tolist(), strict=True)
                                          if k], self.lengths[keep], self.dates[keep])


@dataclass(slots=True)
class Vocabulary:
    """The terms of a segment with their document frequency, and the words seen for each.

    ``surfaces`` maps each folded word as written (``talking``) to its term
    (``talk``): prefix queries and spelling suggestions work on real words.
    """

    df: dict[str, int]
    surfaces: dict[str, str]

    def to_record(self) -> dict[str, Any]:
        """The JSON document stored in the segment's ``vocab`` table."""
        terms = sorted(self.df)
        index = {t: i for i, t in enumerate(terms)}
        words = sorted(w for w, t in self.surfaces.items() if t in index)
        return {
            "terms": terms,
            "df": to_blob(pack_uints(np.array([self.df[t] for t in terms], dtype=np.int64))),
            "words": words,
            "word_terms": to_blob(pack_uints(np.array([index[self.surfaces[w]] for w in words],
                                                   dtype=np.int64))),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Vocabulary:
        """Inverse of :meth:`to_record`."""
        terms = [str(t) for t in record["terms"]]
        df = unpack_uints(from_blob(record["df"]), 0)[0].tolist()
        words = [str(w) for w in record["words"]]
        word_terms = unpack_uints(from_blob(record["word_terms"]), 0)[0].tolist()
        if len(df) != len(terms) or len(word_terms) != len(words):
            raise ValueError("vocabulary columns differ in length")
        return cls(dict(zip(terms, df, strict=True)),
                   {w: terms[i] for w, i in zip(words, word_terms, strict=True)})


class Lexicon:
    """Raw tokens to term numbers, shared by the builders of one index in one process.

    Learning a token (fold, split, stem) costs far more than looking it up, and
    consecutive imports share most of their words, so the mapping outlives a
    single build. It is cleared between builds when it grows past
    :data:`MAX_TOKENS` (a bound on memory; it refills from the words in use).
    """

    MAX_TOKENS = 1_000_000

    def __init__(self) -> None:
        self.raw: dict[str, tuple[int, ...]] = {}
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.words: list[list[str]] = []  # folded words seen for each term number

    def learn(self, token: str) -> tuple[int, ...]:
        """The term numbers of a raw token not seen before."""
        tids = []
        for piece, term in analysis.pieces_of_token(token):
            tid = self.term_ids.get(term)
            if tid is None:
                tid = self.term_ids[term] = len(self.terms)
                self.terms.append(term)
                self.words.append([])
            if piece not in self.words[tid]:
                self.words[tid].append(piece)
            tids.append(tid)
        result = self.raw[token] = tuple(tids)
        return result

    def trim(self) -> None:
        """Start afresh if the lexicon has grown too large (call between builds only)."""
        if len(self.raw) > self.MAX_TOKENS:
            self.__init__()  # type: ignore[misc]


class Builder:
    """Tokenises briefs into postings, a batch at a time, numbering docs from ``first_doc``.

    Memory stays bounded: every :data:`BUILD_BATCH` briefs the batch's
    postings are split by shard and kept zlib-compressed until :meth:`finish`.
    """

    def __init__(self, first_doc: int, lexicon: Lexicon | None = None) -> None:
        self.next_doc = first_doc
        self.lexicon = lexicon or Lexicon()
        self.lexicon.trim()
        self._used: set[int] = set()
        self._tables: list[DocTable] = []
        self._parts: list[list[tuple[list[str], bytes, bytes]]] = [
            [] for _ in range(MAX_SHARDS)]
        self._pending: Postings | None = None
        self._reset_batch()

    @property
    def surfaces(self) -> dict[str, str]:
        """Folded word -> term, for the terms of the briefs added so far."""
        lexicon = self.lexicon
        return {word: lexicon.terms[tid] for tid in self._used for word in lexicon.words[tid]}

    def _reset_batch(self) -> None:
        self._tids = array("i")
        self._item_fields: list[int] = []
        self._item_lens: list[int] = []
        self._item_shift: list[int] = []  # token index minus position, per item
        self._ids: list[str] = []
        self._lengths: list[int] = []
        self._dates: list[int] = []

    def add(self, brief: Brief) -> int:
        """Tokenise one brief; returns its doc number."""
        raw = self.lexicon.raw
        get_tids = raw.__getitem__
        position = 0
        token_index = first_token = len(self._tids)
        for field, items in enumerate(analysis.field_items(brief)):
            for item in items:
                tokens = analysis.raw_tokens(item)
                try:
                    tids = list(chain.from_iterable(map(get_tids, tokens)))
                except KeyError:  # words this builder has not seen yet
                    for token in tokens:
                        if token not in raw:
                            self.lexicon.learn(token)
                    tids = list(chain.from_iterable(map(get_tids, tokens)))
                if not tids:
                    continue
                self._tids.extend(tids)
                self._item_fields.append(field)
                self._item_lens.append(len(tids))
                self._item_shift.append(token_index - position)
                token_index += len(tids)
                position += len(tids) + analysis.ITEM_GAP
        doc = self.next_doc
        self.next_doc += 1
        self._ids.append(brief.id)
        self._lengths.append(token_index - first_token)
        self._dates.append(brief.date.toordinal() if brief.date else 0)
        if len(self._ids) >= BUILD_BATCH:
            self._flush()
        return doc

    def _batch_postings(self) -> Postings:
        """The batch's tokens turned into postings: one stable sort by (term, doc)."""
        ndocs = len(self._ids)
        ntok = len(self._tids)
        if not ntok:
            return Postings.empty()
        first = self.next_doc - ndocs
        # Arrays here have one entry per token (millions per batch): int32 where it
        # fits, and nothing kept longer than needed, to bound the builder's memory.
        item_lens = np.array(self._item_lens, dtype=np.int64)
        key = np.repeat(np.arange(ndocs, dtype=np.int64), np.array(self._lengths, dtype=np.int64))
        key += np.frombuffer(self._tids, dtype=np.int32).astype(np.int64) * ndocs
        order = np.argsort(key, kind="stable")
        key = key[order]
        boundary = np.ones(ntok, dtype=bool)
        np.not_equal(key[1:], key[:-1], out=boundary[1:])
        starts = np.flatnonzero(boundary)
        del boundary
        post_key = key[starts]
        del key
        counts = np.diff(np.append(starts, ntok))
        fields = np.repeat(np.array(self._item_fields, dtype=np.int8), item_lens)[order]
        tf = np.empty((4, len(starts)), dtype=np.uint8)
        for field in range(4):
            per_posting = np.add.reduceat((fields == field).astype(np.int32), starts)
            tf[field] = np.minimum(per_posting, _TF_MAX)
        del fields
        positions = np.arange(ntok, dtype=np.int32)
        positions -= np.repeat(np.array(self._item_shift, dtype=np.int32), item_lens)
        positions = positions[order]
        del order
        post_tid = post_key // ndocs
        docs = post_key % ndocs + first
        term_starts = np.flatnonzero(np.append(True, post_tid[1:] != post_tid[:-1]))
        npost = np.diff(np.append(term_starts, len(post_tid)))
        term_tids = post_tid[term_starts].tolist()
        self._used.update(term_tids)
        terms = [self.lexicon.terms[t] for t in term_tids]
        return Postings(terms, npost.astype(np.int64), docs, tf, counts.astype(np.int64),
                        positions)

    def _flush(self) -> None:
        """End the current batch: its postings go to compressed per-shard parts."""
        if not self._ids:
            return
        if self._pending is not None:
            self._compress(self._pending)
        self._pending = self._batch_postings()
        self._tables.append(DocTable(
            np.arange(self.next_doc - len(self._ids), self.next_doc, dtype=np.int64),
            self._ids, np.array(self._lengths, dtype=np.int64),
            np.array(self._dates, dtype=np.int64)))
        self._reset_batch()

    def _compress(self, postings: Postings) -> None:
        for shard, part in split_shards(postings, MAX_SHARDS):
            self._parts[shard].append((
                part.terms, zlib.compress(encode_postings(part), _ZLIB_LEVEL),
                zlib.compress(encode_positions(part), _ZLIB_LEVEL)))

    def finish(self) -> tuple[DocTable, Iterator[tuple[int, Postings]], int]:
        """``(docs table, shards, shard count)``; shards are yielded lazily, one at a time."""
        self._flush()
        table = DocTable.concat(self._tables)
        nshards = shards_for(len(table.ids))
        if not any(self._parts):
            # One batch, never compressed: split it directly.
            return table, split_shards(self._pending or Postings.empty(), nshards), nshards
        if self._pending is not None:
            self._compress(self._pending)
            self._pending = None
        return table, self._drain_parts(nshards), nshards

    def _drain_parts(self, nshards: int) -> Iterator[tuple[int, Postings]]:
        for shard in range(nshards):
            decoded = []
            # Parts were split MAX_SHARDS ways; shard s of fewer gathers s, s + n, ...
            for fine in range(shard, MAX_SHARDS, nshards):
                for terms, post, pos in self._parts[fine]:
                    part = decode_postings(terms, zlib.decompress(post))
                    part.counts, part.positions = decode_positions(zlib.decompress(pos),
                                                                   len(part.docs))
                    decoded.append(part)
                self._parts[fine] = []
            if decoded:
                # A term lives in one fine shard, whose parts are in batch (doc) order.
                yield shard, regroup(concat(decoded))


def build(briefs: Iterable[Brief], first_doc: int, lexicon: Lexicon | None = None) -> Builder:
    """A :class:`Builder` fed with ``briefs`` (the caller calls :meth:`Builder.finish`)."""
    builder = Builder(first_doc, lexicon)
    for brief in briefs:
        builder.add(brief)
    return builder


# --------------------------------------------------------------------------- files


def _table(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A TinyDB table: documents keyed by their id ("1", "2", ...)."""
    return {str(i): record for i, record in enumerate(records, 1)}


def write_segment(
    folder: Path,
    name: str,
    table: DocTable,
    shards: Iterable[tuple[int, Postings]],
    nshards: int,
    surfaces: dict[str, str],
) -> dict[str, Any]:
    """Write a segment's files (shards first, main file last); returns its meta entry."""
    df: dict[str, int] = {}
    small_post: list[dict[str, Any]] = []
    small_pos: list[dict[str, Any]] = []
    for shard, part in shards:
        df.update(zip(part.terms, part.npost.tolist(), strict=True))
        post = {"shard": shard, "terms": part.terms, "blob": to_blob(encode_postings(part))}
        pos = {"shard": shard, "blob": to_blob(encode_positions(part))}
        if nshards == 1:
            small_post.append(post)
            small_pos.append(pos)
            continue
        write_tables(folder / f"{name}.p{shard:03d}.json", {"postings": _table([post])})
        write_tables(folder / f"{name}.x{shard:03d}.json", {"positions": _table([pos])})
    vocab = Vocabulary(df, {w: t for w, t in surfaces.items() if t in df})
    info = {"name": name, "format": FORMAT, "shards": nshards, "docs": len(table.ids)}
    main: dict[str, dict[str, Any]] = {
        "segment": _table([info]),
        "docs": _table([table.to_record()]),
        "vocab": _table([vocab.to_record()]),
    }
    if nshards == 1:
        main["postings"] = _table(small_post)
        main["positions"] = _table(small_pos)
    write_tables(folder / f"{name}.json", main)
    return info


def write_tables(path: Path, tables: dict[str, dict[str, Any]]) -> None:
    """Write a TinyDB file through :class:`AtomicJSONStorage` (atomic, durable, orjson)."""
    AtomicJSONStorage(path).write(tables)


def read_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of a TinyDB file as a list of documents.

    Raises FileNotFoundError when the file is missing and StoreCorruptError
    when it is not a TinyDB database.
    """
    data = AtomicJSONStorage(path).read()
    if data is None:
        raise FileNotFoundError(path)
    return {name: list(table.values()) for name, table in data.items()}
