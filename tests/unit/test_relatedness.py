"""The floor under related briefs and the story thread's walk (briefs/relatedness.py).

The pure scoring on hand-made numbers, then the whole of it through a store on
the samples: the fictional Vessa briefs relate to each other, never to the
two real Russia briefs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefs.relatedness import (
    MIN_COVERAGE,
    MIN_SCORE_RATIO,
    MIN_SHARED_TERMS,
    PRIOR_TERMS,
    Evidence,
    coverage,
    gather_thread,
    is_content_word,
    is_related,
    strength,
)
from briefs.samples import load_samples
from store import BriefStore


def test_coverage_weighs_the_shared_terms_with_a_prior_for_short_briefs() -> None:
    twelve = [1.0] * 12
    assert coverage(twelve, twelve) == pytest.approx(12 / (12 + PRIOR_TERMS))
    assert coverage([1.0], [1.0]) == pytest.approx(1 / (1 + PRIOR_TERMS))
    assert coverage([1.0] * 3, [1.0] * 3) == pytest.approx(3 / (3 + PRIOR_TERMS))
    # A rare shared term counts for more than a common one.
    assert coverage([5.0], [5.0, 1.0]) > coverage([1.0], [5.0, 1.0])
    assert coverage([], []) == 0.0


def test_a_brief_of_one_word_relates_to_nothing() -> None:
    # "Hello.": its one distinctive word, even shared, is not a story.
    assert not is_related(Evidence([2.0], [2.0], score_ratio=1.0))
    assert not is_related(Evidence([2.0, 2.0], [2.0, 2.0], score_ratio=1.0))


def test_every_floor_must_be_cleared() -> None:
    weights = [3.0, 2.0, 2.0, 1.0, 1.0, 1.0]
    good = Evidence(weights[:4], weights, score_ratio=0.5)
    assert is_related(good)
    assert len(good.shared) >= MIN_SHARED_TERMS
    assert coverage(good.shared, good.weights) >= MIN_COVERAGE
    # Too few shared terms, too little of the brief's weight, too low a score.
    assert not is_related(Evidence(weights[:2], [3.0, 2.0], score_ratio=0.9))
    assert not is_related(Evidence([1.0, 1.0, 1.0], [9.0, *[1.0] * 9], score_ratio=0.5))
    assert not is_related(Evidence(weights[:4], weights, score_ratio=MIN_SCORE_RATIO / 2))


def test_a_quoted_speaker_counts_as_one_shared_term() -> None:
    weights = [2.0, 2.0]
    assert not is_related(Evidence(weights, weights, score_ratio=0.6))
    assert is_related(Evidence(weights, weights, score_ratio=0.6, speakers=2))
    assert is_related(Evidence(weights, weights, score_ratio=0.6, speakers=1))


def test_strength_grows_with_what_is_shared() -> None:
    weights = [1.0] * 8
    weak, strong = (Evidence(weights[:n], weights, score_ratio=r) for n, r in ((3, 0.3), (8, 0.9)))
    assert 0.0 < strength(weak) < strength(strong) <= 1.0


def test_content_words_leave_out_function_words_numbers_and_short_words() -> None:
    assert is_content_word("kraken") and is_content_word("dam")
    for word in ("the", "said", "would", "2024", "ab", "year", "mr"):
        assert not is_content_word(word), word


def _graph(edges: dict[str, list[str]]):
    looked: list[str] = []

    def related_of(key: str) -> list[str]:
        looked.append(key)
        return edges.get(key, [])
    return related_of, looked


def test_a_thread_follows_a_chain_of_mutual_links_two_steps_away() -> None:
    related_of, _ = _graph({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]})
    assert gather_thread("a", related_of, limit=30) == ["a", "b", "c"]  # d is three steps


def test_a_link_one_way_only_is_noise_and_stays_out() -> None:
    # "a" lists "noise" (it shares a few of a's words); noise's own list has no "a".
    related_of, _ = _graph({"a": ["noise", "b"], "b": ["a"], "noise": ["other"],
                            "other": ["noise"]})
    assert gather_thread("a", related_of, limit=30) == ["a", "b"]


def test_a_thread_keeps_to_its_limit_and_its_lookups() -> None:
    star = {"a": [f"x{i}" for i in range(50)], **{f"x{i}": ["a"] for i in range(50)}}
    related_of, looked = _graph(star)
    found = gather_thread("a", related_of, limit=5)
    assert found == ["a", "x0", "x1", "x2", "x3"]
    assert len(looked) <= 1 + 2 * 5
    related_of, _ = _graph({})
    assert gather_thread("alone", related_of, limit=30) == ["alone"]


def _is_vessa(brief_id: str) -> bool:
    return brief_id.startswith("sample-vessa")


def test_on_the_samples_vessa_and_russia_keep_apart(tmp_path: Path) -> None:
    samples = load_samples()
    with BriefStore.open(tmp_path / "home") as store:
        store.upsert_many(samples)
        for brief in samples:
            related = [hit.id for hit in store.related(brief.id, limit=5)]
            assert related, brief.id  # each sample shares its story with another
            assert all(_is_vessa(i) == _is_vessa(brief.id) for i in related), (brief.id, related)
            thread = gather_thread(brief.id, lambda key: [
                hit.id for hit in store.related(key, limit=10)], limit=30)
            assert brief.id in thread
            assert all(_is_vessa(i) == _is_vessa(brief.id) for i in thread), (brief.id, thread)
            assert len(thread) >= (6 if _is_vessa(brief.id) else 2), (brief.id, thread)
