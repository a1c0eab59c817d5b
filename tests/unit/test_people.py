"""Merging one person's names (briefs.people), with invented people."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefs.people import count_speakers, merge_names, name_key


def test_titles_and_dots_are_not_part_of_a_name() -> None:
    assert name_key("Mr. Ilsa Varnholt") == ("ilsa", "varnholt")
    assert name_key("President Orsolya Brandt") == ("orsolya", "brandt")
    assert name_key("Mr") == ("mr",)


def test_surname_and_title_forms_join_the_one_full_name() -> None:
    merged = merge_names(["Ilsa Varnholt", "Ms Varnholt", "Varnholt", "Dr Varnholt"])
    assert set(merged.values()) == {"Ilsa Varnholt"}


def test_a_surname_shared_by_two_full_names_stays_on_its_own() -> None:
    merged = merge_names(["Ilsa Varnholt", "Tomas Varnholt", "Varnholt"])
    assert merged["Varnholt"] == "Varnholt"
    assert merged["Ilsa Varnholt"] == "Ilsa Varnholt"


def test_full_names_that_fold_alike_are_one_person_under_the_usual_spelling() -> None:
    merged = merge_names(["Jörg Almas", "Jörg Almas", "JÖRG ALMAS", "Mr Jörg Almas"])
    assert set(merged.values()) == {"Jörg Almas"}


def test_a_surname_with_no_full_name_is_left_alone() -> None:
    assert merge_names(["Brandt"]) == {"Brandt": "Brandt"}


def test_counts_follow_the_merged_person_most_quoted_first() -> None:
    counts = count_speakers(["Ilsa Varnholt", "Varnholt", None, "Ms Varnholt",
                             "Orsolya Brandt", ""])
    assert [(c.name, c.count) for c in counts] == [("Ilsa Varnholt", 3), ("Orsolya Brandt", 1)]
    assert counts[0].aliases == ("Ilsa Varnholt", "Ms Varnholt", "Varnholt")


@given(st.lists(st.text(max_size=20), max_size=20))
def test_every_name_maps_to_a_name_given(names: list[str]) -> None:
    merged = merge_names(names)
    given_names = {n for n in names if n.strip()}
    assert set(merged) == given_names
    assert set(merged.values()) <= given_names
