"""Short ids (tui.ids): unique, as short as they can be, never below 8 characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.ids import MIN_PREFIX, prefixes_for, unique_prefixes

IDS = st.sets(st.text(alphabet="ab-01", min_size=1, max_size=14), min_size=1, max_size=40)


def _matches(prefix: str, ids: set[str]) -> set[str]:
    return {i for i in ids if i.startswith(prefix)}


@given(IDS)
def test_each_prefix_finds_its_own_id_and_is_the_shortest(ids: set[str]) -> None:
    short = unique_prefixes(ids)
    assert set(short) == ids
    for brief_id, prefix in short.items():
        assert brief_id.startswith(prefix)
        assert len(prefix) >= min(MIN_PREFIX, len(brief_id))
        # What `show` accepts: the whole id, or a prefix of exactly one id.
        assert prefix == brief_id or _matches(prefix, ids) == {brief_id}
        if len(prefix) > MIN_PREFIX:
            assert len(_matches(prefix[:-1], ids)) > 1  # one character less is ambiguous


@given(IDS, st.data())
def test_prefixes_for_a_few_agrees_with_all(ids: set[str], data: st.DataObject) -> None:
    wanted = data.draw(st.lists(st.sampled_from(sorted(ids)), max_size=5))
    assert prefixes_for(wanted, ids) == {i: unique_prefixes(ids)[i] for i in wanted}


def test_the_samples_are_told_apart() -> None:
    ids = {f"sample-vessa-0{i}" for i in range(1, 9)} | {"4ce23b86cf1bdcde"}
    short = unique_prefixes(ids)
    assert short["4ce23b86cf1bdcde"] == "4ce23b86"
    assert short["sample-vessa-01"] == "sample-vessa-01"
