"""The absolute floor under related briefs (briefs/relatedness.py), measured on the samples."""

from __future__ import annotations

import datetime as dt
import itertools

from briefs import Brief
from briefs.relatedness import MIN_SIMILARITY, content_terms, keep_related, similarity
from briefs.samples import load_samples


def _is_vessa(brief: Brief) -> bool:
    return brief.id.startswith("sample-vessa")


def test_the_fictional_vessa_briefs_relate_to_each_other_and_not_to_the_russia_briefs() -> None:
    samples = load_samples()
    vessa = [b for b in samples if _is_vessa(b)]
    others = [b for b in samples if not _is_vessa(b)]
    assert len(vessa) >= 5 and len(others) >= 2
    for a, b in itertools.combinations(vessa, 2):
        assert similarity(a, b) >= MIN_SIMILARITY, (a.id, b.id)
    for a, b in itertools.product(vessa, others):
        assert similarity(a, b) < MIN_SIMILARITY, (a.id, b.id)
    assert similarity(others[0], others[1]) >= MIN_SIMILARITY


def test_a_brief_that_says_hello_relates_to_nothing() -> None:
    hello = Brief(id="hello", title="Hello", date=dt.date(2025, 1, 1), summary="Hello.")
    for other in load_samples():
        assert similarity(hello, other) == 0.0
    assert keep_related(hello, load_samples(), lambda b: b) == []


def test_content_terms_are_stemmed_and_leave_out_function_words() -> None:
    brief = Brief(id="x", title="Protests and protesters", summary="They said it would be so.")
    assert content_terms(brief) == {"protest"}


def test_keep_related_keeps_the_order_and_drops_gone_briefs() -> None:
    samples = [b for b in load_samples() if _is_vessa(b)]
    first, rest = samples[0], samples[1:]
    by_id = {b.id: b for b in rest[1:]}
    kept = keep_related(first, [b.id for b in rest], by_id.get)
    assert kept == [b.id for b in rest[1:]]
