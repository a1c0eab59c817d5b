"""The three-way merge of one brief: each rule, and the properties sync relies on."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from briefs import Brief
from briefs.merge import NOTE_MERGE_MARKER, merge_briefs
from briefs.models import tag_key
from tests.strategies import briefs_from

BASE = Brief(id="b1", title="Talks resume", summary="The two sides met.", tags=["talks", "eu"],
             note="Follow up.")


def merged(base, ours, theirs):
    return merge_briefs(base, ours, theirs).brief


def test_tags_added_on_either_side_are_kept_and_removed_on_either_side_removed() -> None:
    ours = replace(BASE, tags=["talks", "ours-added"])          # removed eu
    theirs = replace(BASE, tags=["eu", "theirs-added"])          # removed talks
    assert merged(BASE, ours, theirs).tags == ["ours-added", "theirs-added"]


def test_tags_compare_case_insensitively() -> None:
    ours = replace(BASE, tags=["Talks", "eu"])
    theirs = replace(BASE, tags=["talks", "eu", "New"])
    assert [tag_key(t) for t in merged(BASE, ours, theirs).tags] == ["talks", "eu", "new"]


def test_a_flag_takes_the_side_that_changed_it() -> None:
    assert merged(BASE, replace(BASE, starred=True), BASE).starred
    assert merged(BASE, BASE, replace(BASE, starred=True)).starred
    starred = replace(BASE, starred=True)
    assert not merged(starred, replace(starred, starred=False), starred).starred
    assert merged(BASE, replace(BASE, read=True), replace(BASE, starred=True)).read


def test_one_note_edit_wins_and_two_keep_both_texts() -> None:
    assert merged(BASE, replace(BASE, note="Mine."), BASE).note == "Mine."
    outcome = merge_briefs(BASE, replace(BASE, note="Mine."), replace(BASE, note="Theirs."))
    assert outcome.notes_kept_both
    assert outcome.brief.note == f"Mine.\n\n{NOTE_MERGE_MARKER}\n\nTheirs."
    # Removed on one side, rewritten on the other: the words stay.
    assert merged(BASE, replace(BASE, note=""), replace(BASE, note="Rewritten.")).note == \
        "Rewritten."


def test_deleted_on_one_side_edited_on_the_other_is_kept() -> None:
    edited = replace(BASE, tags=[*BASE.tags, "kept"])
    assert merged(BASE, None, edited) == edited
    assert merged(BASE, edited, None) == edited
    assert merged(BASE, None, BASE) is None
    assert merged(BASE, BASE, None) is None
    assert merged(BASE, None, None) is None


def test_a_content_change_wins_and_keeps_the_other_sides_reading_state() -> None:
    reimported = replace(BASE, summary="A corrected summary.")
    tagged = replace(BASE, tags=[*BASE.tags, "later"], starred=True)
    result = merged(BASE, tagged, reimported)
    assert result.summary == "A corrected summary."
    assert result.tags == [*BASE.tags, "later"] and result.starred


def test_two_different_reimports_pick_the_same_version_on_both_sides() -> None:
    one = replace(BASE, summary="Version one.")
    two = replace(BASE, summary="Version two.")
    first = merge_briefs(BASE, one, two)
    assert first.content_chosen
    assert first.brief == merged(BASE, two, one)


def test_new_on_both_sides_merges_from_an_empty_base() -> None:
    ours = replace(BASE, tags=["a"], note="")
    theirs = replace(BASE, tags=["b"], note="", starred=True)
    result = merged(None, ours, theirs)
    assert result.tags == ["a", "b"] and result.starred


_words = st.text(alphabet="abcdefgh XY", min_size=1, max_size=8)
_briefs = briefs_from(_words, st.text(alphabet="ab \n", max_size=20),
                      ids=st.just("same-id"))


@given(_briefs, _briefs, _briefs)
def test_merge_is_the_same_whoever_merges_up_to_tag_order(base, ours, theirs) -> None:
    one = merged(base, ours, theirs)
    two = merged(base, theirs, ours)
    if one is None or two is None:
        assert one is None and two is None
        return
    assert sorted(map(tag_key, one.tags)) == sorted(map(tag_key, two.tags))
    assert replace(one, tags=[]) == replace(two, tags=[])


@given(_briefs, _briefs)
def test_an_unchanged_side_gives_the_other_side(base, changed) -> None:
    assert merged(base, base, changed) == changed
    assert merged(base, changed, base) == changed
    assert merged(base, changed, changed) == changed


@given(_briefs, _briefs, _briefs)
def test_no_tag_added_on_one_side_is_lost(base, ours, theirs) -> None:
    result = merged(base, ours, theirs)
    assert result is not None
    keys = {tag_key(t) for t in result.tags}
    base_keys = {tag_key(t) for t in base.tags}
    for tag in [*ours.tags, *theirs.tags]:
        if tag_key(tag) not in base_keys:
            assert tag_key(tag) in keys
