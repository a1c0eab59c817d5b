"""What a reader flags on sight: event dates, entities, function words as sources,
names run across a full stop. Every article here is invented.
"""

from __future__ import annotations

import datetime as dt

from briefs import parse_article
from briefs.parse.dates import find_dateline


def test_an_event_date_in_the_story_is_not_the_articles_date() -> None:
    text = ("Tarrow quay reopens\n\n"
            "The quay at Tarrow has reopened.\n\n"
            "It had been shut since the storm of 14 March 1998, when the sea wall failed.")
    assert parse_article(text).date is None


def test_a_dateline_and_a_short_date_line_are_the_articles_date() -> None:
    assert find_dateline(["12 March 2019", "The quay reopened."]) == dt.date(2019, 3, 12)
    assert find_dateline(["TARROW, March 4, 2019 — The quay reopened."]) == dt.date(2019, 3, 4)


def test_html_entities_are_decoded_in_title_summary_and_quotes() -> None:
    text = ("Tarrow bids &#163;8m for ferry\n\n"
            "The council said &quot;the ferry is worth every penny we have&quot; on Monday. "
            "AT&T and R&D stay as written.")
    brief = parse_article(text)
    assert brief.title == "Tarrow bids £8m for ferry"
    assert brief.quotes[0].text == "the ferry is worth every penny we have"
    assert "&#" not in brief.summary and "&quot;" not in brief.summary
    assert "AT&T" in brief.body


def test_a_function_word_after_an_outlet_noun_is_not_a_source() -> None:
    text = ("Ferry plan\n\n"
            "The magazine that first reported the plan said it would cost more. "
            "According to a report by the island publication tarrowpost, it will not.")
    # A lower-case brand built on an outlet word is a name; "that" is not.
    assert parse_article(text).sources == ["tarrowpost"]


def test_a_source_name_stops_at_a_full_stop() -> None:
    text = ("Ferry plan\n\n"
            "The plan was first reported by the Halvard Times. The council has not commented.")
    assert parse_article(text).sources == ["Halvard Times"]


def test_a_name_never_runs_across_a_full_stop() -> None:
    text = ("Ferry plan\n\n"
            "The ferry will call at Blackpool Pleasure Beach. Tobias Wrenfield, the harbour "
            "master, was pleased.\n\n"
            "Mr Wrenfield said the ferry was \"the best news the island has had in years\".")
    assert parse_article(text).quotes[0].speaker == "Tobias Wrenfield"


def test_a_clause_is_never_a_speaker() -> None:
    text = ("Ferry plan\n\nThe ferry firm Halvard Lines expects a good summer. It said the "
            "year had begun well, with \"further gradual improvement in bookings across the "
            "islands\" expected.")
    speaker = parse_article(text).quotes[0].speaker
    assert speaker is None or "had" not in speaker.split()


def test_a_gerund_after_the_is_a_noun_inside_the_speaker() -> None:
    text = ("Ferry plan\n\n\"We will keep the bridge open all winter,\" said one engineer "
            "involved in the planning, who asked not to be named.")
    assert parse_article(text).quotes[0].speaker == "one engineer involved in the planning"


def test_a_summary_skips_boilerplate_lines() -> None:
    text = ("Tarrow coach keeps faith\n\n"
            "Listen to the full interview on Island Radio from 1900 GMT.\n\n"
            "Tarrow coach Ivo Stenner says the squad is ready for Saturday's final.")
    summary = parse_article(text).summary
    assert summary.startswith("Tarrow coach Ivo Stenner says")
    assert "Listen" not in summary


def test_a_story_line_that_starts_with_listen_is_kept() -> None:
    text = "Radio plan\n\nListen to most radio today and it sounds fake, Ivo Stenner says."
    assert parse_article(text).summary.startswith("Listen to most radio")


def test_he_points_to_the_subject_of_the_last_cue() -> None:
    text = ("Polls show Orla Penhallow ahead in the harbour vote.\n\n"
            "\"Many would call that an embarrassment\" if the lead shrank, said Tobias "
            "Wrenfield, an analyst at the Tarrow Institute. \"And yet it would seal the vote,\" "
            "he said.")
    assert parse_article(text).quotes[-1].speaker == "Tobias Wrenfield"
