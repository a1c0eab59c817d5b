"""Quoted statements: marks, attribution patterns, continuation, terms.

Every article here is invented: the people, places and outlets do not exist.
"""

from __future__ import annotations

import pytest

from briefs import parse_article
from briefs.models import Quote
from briefs.parse.lexicon import CUE_RE, inflections
from briefs.parse.quotes import find_quotes


def quotes_of(text: str) -> list[Quote]:
    return parse_article(text).quotes


def only(text: str) -> Quote:
    found = quotes_of(text)
    assert len(found) == 1, found
    return found[0]


# --- quotation marks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("„", "”")],
)
def test_every_kind_of_quotation_mark(opening: str, closing: str) -> None:
    text = (
        f"The harbour of Velmora reopened on Monday.\n\n"
        f"{opening}The cranes are moving again,{closing} said Ilsa Marrow, the port director."
    )
    q = only(text)
    assert q.text == "The cranes are moving again"
    assert q.speaker == "Ilsa Marrow"


def test_a_quotation_over_several_paragraphs_is_one_statement() -> None:
    text = (
        "Councillor Brann Oddly spoke for an hour.\n\n"
        "“We built this bridge with our own taxes, and we will keep it open.\n\n"
        "“No committee in the capital will close it while I sit on this council,” he said."
    )
    q = only(text)
    assert q.text.startswith("We built this bridge")
    assert q.text.endswith("while I sit on this council")
    assert "\n\n" in q.text
    assert q.speaker == "Brann Oddly"


def test_an_unclosed_quotation_ends_with_its_paragraph() -> None:
    spans = find_quotes(["He said “we never agreed to that", "The vote was held on Friday."])
    assert len(spans) == 1
    assert spans[0].text == "we never agreed to that"


def test_a_closing_mark_typed_as_an_opening_one_opens_nothing() -> None:
    spans = find_quotes(["“It is over,” she said. Forty-three, no.“", "Next paragraph."])
    assert [s.text for s in spans] == ["It is over,"]


# --- attribution patterns --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "mention", "cue"),
    [
        ("“The reservoir is full,” Tamsin Reeve said.", "Tamsin Reeve", "Tamsin Reeve", "said"),
        ("“The reservoir is full,” said Tamsin Reeve.", "Tamsin Reeve", "Tamsin Reeve", "said"),
        ("Tamsin Reeve said: “The reservoir is full.”", "Tamsin Reeve", "Tamsin Reeve", "said"),
        ("Tamsin Reeve told the Corvain Daily: “The reservoir is full.”", "Tamsin Reeve",
         "Tamsin Reeve", "told"),
        ("Tamsin Reeve warned that the dam was old and “could fail within a decade.”",
         "Tamsin Reeve", "Tamsin Reeve", "warned"),
        ("The reservoir is “fuller than at any time this century,” according to Tamsin Reeve.",
         "Tamsin Reeve", "Tamsin Reeve", "according to"),
        ("According to Tamsin Reeve, “the reservoir has never been fuller.”", "Tamsin Reeve",
         "Tamsin Reeve", "According to"),
        ("“The reservoir is full,” Tamsin Reeve, the engineer in charge of the dam, said.",
         "Tamsin Reeve", "Tamsin Reeve", "said"),
        ("“The reservoir is full,” said Tamsin Reeve, a hydrologist at Lindqvist University.",
         "Tamsin Reeve", "Tamsin Reeve", "said"),
        ("Water board chief Tamsin Reeve insisted: “The reservoir is full.”", "Tamsin Reeve",
         "Water board chief Tamsin Reeve", "insisted"),
        ("“The reservoir is full,” Sen. Tamsin Reeve (D-Ore.) said.", "Tamsin Reeve",
         "Sen. Tamsin Reeve", "said"),
    ],
)
def test_attribution_patterns(text: str, speaker: str, mention: str, cue: str) -> None:
    q = only("Water levels rose across Pellham county this week.\n\n" + text)
    assert (q.speaker, q.speaker_mention, q.cue) == (speaker, mention, cue)


@pytest.mark.parametrize(
    "verb",
    ["said", "says", "added", "stated", "warned", "confirmed", "insisted", "argued", "wrote",
     "concluded", "noted", "claimed", "denied", "explained", "admitted", "acknowledged",
     "told reporters", "declared", "predicted", "tweeted", "quipped", "recalled"],
)
def test_the_speech_verb_list(verb: str) -> None:
    q = only(f"The ferry strike entered its third day.\n\nOrla Penhale {verb}: “The ferries will "
             f"sail again when the crews are paid.”")
    assert q.speaker == "Orla Penhale"
    assert q.cue == verb.split()[0]


def test_verb_inflections_cover_regular_and_irregular_forms() -> None:
    assert inflections("say") == ("say", "says", "said", "saying")
    assert inflections("deny") == ("deny", "denies", "denied", "denying")
    assert inflections("admit") == ("admit", "admits", "admitted", "admitting")
    assert inflections("note") == ("note", "notes", "noted", "noting")
    assert inflections("stress") == ("stress", "stresses", "stressed", "stressing")
    assert CUE_RE.search("as the report put it")
    # A verb form used as a name is not a cue: "The Post" is a newspaper.
    assert not CUE_RE.search("The Post")


def test_a_partial_quote_after_that() -> None:
    q = only("Jorun Vale said that the plan was “dead on arrival” and would be withdrawn.")
    assert q.text == "dead on arrival"
    assert q.speaker == "Jorun Vale"


def test_a_short_attributed_quote_is_a_statement() -> None:
    q = only("On 3 May, Halvard Brisk stated that the league “holds the keys” now.")
    assert (q.text, q.speaker) == ("holds the keys", "Halvard Brisk")


def test_a_participle_shares_the_subject_of_its_clause() -> None:
    text = ("Mayor Idris Calloway rejected the plan on Tuesday, adding that it would "
            "“bankrupt the county within a year.”")
    assert only(text).speaker == "Idris Calloway"


def test_a_verb_coordinated_with_an_earlier_one_shares_its_subject() -> None:
    text = ("The mayors concluded that, for the region, “a shared bus network is overdue” "
            "and warned that delay would “cost every town dearly.”")
    found = quotes_of("Four mayors met in Ostrava Vale.\n\n" + text)
    # "The mayors" resolves to the fuller earlier mention, and keeps its own words.
    assert [q.speaker for q in found] == ["Four mayors", "Four mayors"]
    assert [q.speaker_mention for q in found] == ["The mayors", "The mayors"]


def test_a_colon_closing_the_previous_paragraph_introduces_the_quote() -> None:
    text = ("The union's chair, Wendel Stroud, was blunt.\n\nThe chair added:\n\n"
            "“We will not sign a deal that cuts the night shift.”")
    q = only(text)
    assert q.speaker == "Wendel Stroud"
    assert q.speaker_mention == "The chair"


def test_an_attribution_closing_the_sentence() -> None:
    q = only("A clerk who “takes a single coin” is punished, Marit Osk said. Executives are not.")
    assert (q.text, q.speaker) == ("takes a single coin", "Marit Osk")


def test_a_dash_credit_after_the_quotation() -> None:
    q = only("Readers wrote in.\n\n“The new timetable has ruined my mornings.” ― Bettany Crole")
    assert q.speaker == "Bettany Crole"


# --- continuation ----------------------------------------------------------------


def test_a_second_quote_in_the_paragraph_keeps_the_speaker() -> None:
    text = ("“We have kept talking throughout,” an unnamed senior Valdorian diplomat told the "
            "Eastmarch Wire. “Nobody is carving up anyone's land.”")
    found = quotes_of(text)
    assert [q.speaker for q in found] == ["an unnamed senior Valdorian diplomat"] * 2


def test_a_quote_only_paragraph_continues_the_previous_speaker() -> None:
    text = ("“The mine will close in March,” said Piet Anholt, the site manager.\n\n"
            "“Every worker will be offered a place at the new plant.”")
    found = quotes_of(text)
    assert [q.speaker for q in found] == ["Piet Anholt", "Piet Anholt"]
    assert found[1].speaker_mention == "Piet Anholt"


def test_a_quote_before_its_attributed_neighbour_takes_its_speaker() -> None:
    text = "“It was a long night.” “We will vote again tomorrow,” Saskia Brem said."
    assert [q.speaker for q in quotes_of(text)] == ["Saskia Brem", "Saskia Brem"]


def test_a_quote_after_reported_speech_in_the_same_paragraph() -> None:
    text = ("The board may delay the vote, Nadim Quell said. “The other question is whether "
            "anyone will still be here to vote on it.”")
    assert only(text).speaker == "Nadim Quell"


# --- what is not a statement ---------------------------------------------------------


def test_terms_and_titles_are_not_statements() -> None:
    text = (
        "Known as “Track Three diplomacy,” the meetings were informal.\n\n"
        "She appeared on “The Morning Lantern Show” and on the so-called “back channel for "
        "river towns” programme.\n\n"
        "The document, titled “Rivers Without Borders”, was leaked."
    )
    assert quotes_of(text) == []


def test_short_quoted_words_with_no_speaker_are_not_statements() -> None:
    assert quotes_of("The deal was described as “historic” in the local press.") == []
    assert quotes_of("The so-called “water war” is over, and the “grey zone” remains.") == []
    assert quotes_of("Meetings in Vienna covered “security matters” for the port.") == []


def test_a_long_unattributed_quotation_is_kept_without_a_speaker() -> None:
    q = only("Protesters carried banners with “no tolls on the old bridge ever again” all week.")
    assert q.speaker is None
