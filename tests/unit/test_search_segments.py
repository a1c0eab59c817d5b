"""The segment format: integer packing, postings columns, sharding, the builder."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.models import Brief, Quote
from store.search import analysis, segments


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**40), max_size=50))
def test_pack_uints_round_trips(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    packed = segments.pack_uints(array)
    unpacked, end = segments.unpack_uints(b"xx" + packed, 2)
    assert unpacked.tolist() == values
    assert end == 2 + len(packed)


def test_pack_uints_uses_the_narrowest_width() -> None:
    assert len(segments.pack_uints(np.array([1, 255]))) == 5 + 2
    assert len(segments.pack_uints(np.array([1, 256]))) == 5 + 4
    assert len(segments.pack_uints(np.array([70_000]))) == 5 + 4
    with pytest.raises(ValueError):
        segments.pack_uints(np.array([-1]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=10_000), max_size=6), max_size=8))
def test_delta_coding_restarts_per_group(groups: list[list[int]]) -> None:
    groups = [sorted(g) for g in groups]
    values = np.array([v for g in groups for v in g], dtype=np.int64)
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    deltas = segments._delta(values, sizes)
    assert segments._undelta(deltas, sizes).tolist() == values.tolist()


def _briefs(count: int) -> list[Brief]:
    words = ["harbour", "kraken", "ferry", "tariffs", "grain", "vote", "Corvain", "Valdoria"]
    return [
        Brief(id=f"b{i}", title=f"{words[i % 8]} report {i}", date=dt.date(2022, 1, 1 + i % 28),
              summary=" ".join(words[(i + k) % 8] for k in range(i % 5 + 1)),
              quotes=[Quote(f"{words[(i + 3) % 8]} again", speaker="Maren Kestrel")]
              if i % 3 == 0 else [])
        for i in range(count)
    ]


def _expected_postings(briefs: list[Brief]) -> Counter[tuple[str, int, int]]:
    """(term, doc, field) -> occurrences, counted the slow, obvious way."""
    expected: Counter[tuple[str, int, int]] = Counter()
    for doc, brief in enumerate(briefs):
        for field, items in enumerate(analysis.field_items(brief)):
            for item in items:
                for term in analysis.terms(item):
                    expected[(term, doc, field)] += 1
    return expected


def _actual_postings(shards: list[tuple[int, segments.Postings]]) -> Counter[tuple[str, int, int]]:
    actual: Counter[tuple[str, int, int]] = Counter()
    for _, part in shards:
        for term, (start, end) in part.slices().items():
            for i in range(start, end):
                for field in range(4):
                    if part.tf[field, i]:
                        actual[(term, int(part.docs[i]), field)] += int(part.tf[field, i])
    return actual


@pytest.mark.parametrize("batch", [7, 1000])
def test_builder_postings_match_a_naive_count(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "BUILD_BATCH", batch)
    monkeypatch.setattr(segments, "DOCS_PER_SHARD", 4)
    briefs = _briefs(60)
    builder = segments.build(briefs, first_doc=0)
    table, shards_iter, nshards = builder.finish()
    shards = list(shards_iter)
    assert nshards == segments.shards_for(60) > 1
    assert table.ids == [b.id for b in briefs]
    assert _actual_postings(shards) == _expected_postings(briefs)
    for shard, part in shards:
        assert all(segments.shard_of(t, nshards) == shard for t in part.terms)
        assert part.terms == sorted(part.terms)
        for start, end in part.slices().values():
            assert np.all(np.diff(part.docs[start:end]) > 0)
    assert builder.surfaces["tariffs"] == "tariff"  # the word as written -> its term
    assert builder.surfaces["corvain"] == "corvain"


def test_positions_follow_the_text_with_gaps_between_items() -> None:
    brief = Brief(id="x", title="Kraken ahoy", summary="kraken kraken")
    _, shards, _ = segments.build([brief], first_doc=5).finish()
    (_, part), = list(shards)
    start, end = part.slices()["kraken"]
    assert part.docs[start:end].tolist() == [5]
    assert part.counts is not None and part.positions is not None
    assert part.counts[start:end].tolist() == [3]
    offsets = part.position_starts()
    first = int(offsets[start])
    # Title: positions 0-1; a gap of one; summary: positions 3-4.
    assert part.positions[first:first + 3].tolist() == [0, 3, 4]


def test_encode_decode_round_trip() -> None:
    _, shards, _ = segments.build(_briefs(30), first_doc=100).finish()
    for _, part in shards:
        decoded = segments.decode_postings(part.terms, segments.encode_postings(part))
        assert decoded.terms == part.terms
        assert decoded.docs.tolist() == part.docs.tolist()
        assert decoded.tf.tolist() == part.tf.tolist()
        counts, positions = segments.decode_positions(segments.encode_positions(part),
                                                      len(part.docs))
        assert counts.tolist() == part.counts.tolist()  # type: ignore[union-attr]
        assert positions.tolist() == part.positions.tolist()  # type: ignore[union-attr]


def test_decode_rejects_mismatched_blobs() -> None:
    _, shards, _ = segments.build(_briefs(5), first_doc=0).finish()
    (_, part), = list(shards)
    with pytest.raises(ValueError):
        segments.decode_postings(part.terms[:-1], segments.encode_postings(part))


def test_regroup_merges_terms_and_drops_postings() -> None:
    _, first, _ = segments.build(_briefs(10), first_doc=0).finish()
    _, second, _ = segments.build(_briefs(10), first_doc=10).finish()
    combined = segments.concat([p for _, p in first] + [p for _, p in second])
    keep = combined.docs % 2 == 0
    merged = segments.regroup(combined, keep=keep)
    assert merged.terms == sorted(set(merged.terms))
    assert set(merged.docs.tolist()) <= set(range(0, 20, 2))
    for start, end in merged.slices().values():
        assert np.all(np.diff(merged.docs[start:end]) > 0)
    assert merged.counts is not None
    assert int(merged.counts.sum()) == len(merged.positions)  # type: ignore[arg-type]


def test_shard_counts_are_powers_of_two_and_nest() -> None:
    assert segments.shards_for(1) == 1
    assert segments.shards_for(segments.DOCS_PER_SHARD + 1) == 2
    assert segments.shards_for(10**9) == segments.MAX_SHARDS
    for term in ("kraken", "élysée", "x"):
        fine = segments.shard_of(term, 64)
        assert segments.shard_of(term, 16) == fine % 16
