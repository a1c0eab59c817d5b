"""Article structure: date, title, captions, sections, background, sources, summary.

Every article here is invented: the people, places and outlets do not exist.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefs import parse_article
from briefs.models import brief_id_for
from briefs.parse.dates import find_dateline, take_date_marker
from briefs.parse.structure import escape_markdown, split_paragraphs
from briefs.parse.titles import title_from_lead

LEAD = ("The Valdorian government has held undisclosed talks with Corvain over the past "
        "18 months despite the border dispute, according to a report by the regional "
        "publication eastwire.")


# --- date ----------------------------------------------------------------------


def test_date_marker_sharing_the_first_line() -> None:
    brief = parse_article(f" date 2023-09-23 {LEAD}\n\nMore text follows here.")
    assert brief.date == dt.date(2023, 9, 23)
    assert "date 2023" not in brief.body
    assert brief.body.startswith("The Valdorian government")


def test_date_marker_on_its_own_line() -> None:
    assert parse_article(f"date 2021-01-05\n{LEAD}").date == dt.date(2021, 1, 5)


def test_an_impossible_marker_is_no_date() -> None:
    assert take_date_marker("date 2023-13-45 text") == (None, "date 2023-13-45 text")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("TARROW, March 4, 2019 — The council met.", dt.date(2019, 3, 4)),
        ("Published 12 Sept. 2018. The council met.", dt.date(2018, 9, 12)),
        ("Updated: 2020-02-29. The council met.", dt.date(2020, 2, 29)),
        ("Posted 25/12/2017. The council met.", dt.date(2017, 12, 25)),
        ("Posted 03/04/2017. The council met.", None),  # day and month could swap
        ("Between 1 May 2019 and 2 June 2020 the council met.", None),  # two dates
        ("The council met on Tuesday.", None),
    ],
)
def test_dateline(paragraph: str, expected: dt.date | None) -> None:
    assert find_dateline([paragraph]) == expected


def test_no_date_is_none_never_today() -> None:
    assert parse_article("The council met on Tuesday.\n\nNothing was decided.").date is None


# --- title -----------------------------------------------------------------------


def test_headline_line_is_the_title() -> None:
    brief = parse_article("Harbour reopens after storm\n\nThe harbour of Velmora reopened.")
    assert brief.title == "Harbour reopens after storm"
    assert brief.summary == "The harbour of Velmora reopened."


def test_title_from_the_lead_is_cut_at_a_clause_boundary() -> None:
    title = parse_article(LEAD).title
    assert title == ("The Valdorian government has held undisclosed talks with Corvain "
                     "over the past 18 months")
    assert len(title.split()) <= 16


def test_title_never_ends_on_a_dangling_word() -> None:
    lead = ("Officials in the northern province of Estvale and the coastal towns of the "
            "Pellham region have agreed to share the cost of a new ferry terminal.")
    title = title_from_lead(lead)
    assert len(title.split()) <= 16
    assert title.split()[-1].lower() not in {"the", "of", "and", "a", "to"}


# --- captions ----------------------------------------------------------------------


def test_photo_caption_and_credit_leave_the_text() -> None:
    text = ("Fishing boats moored in the harbour of Velmora. Stock photo: Lantern Images\n\n"
            "The harbour of Velmora reopened after the storm.\n\n"
            "Image caption Workers cleared the quay overnight\n\n"
            "The mayor thanked the crews.")
    brief = parse_article(text)
    assert brief.caption is not None
    assert "Lantern Images" in brief.caption and "cleared the quay" in brief.caption
    assert "Lantern" not in brief.title and "Lantern" not in brief.summary
    assert "Fishing boats" not in brief.body and "Image caption" not in brief.body
    assert brief.summary.startswith("The harbour of Velmora reopened after the storm.")
    assert "cleared the quay" not in brief.summary


def test_wire_credit_in_a_dateline_becomes_caption_and_source() -> None:
    brief = parse_article("TARROW (Reuters) - The port of Tarrow reopened on Monday.")
    assert brief.caption == "(Reuters)"
    assert "Reuters" in brief.sources
    assert brief.summary == "The port of Tarrow reopened on Monday."


# --- sections and background ---------------------------------------------------------


ARTICLE = """Valdorian and Corvain envoys have held informal talks in Tarrow this year.

Source: Eastmarch Wire, citing three people familiar with the matter, as reported by Corvain Daily

Details: The envoys are not government officials, two sources noted.

The talks were described as contacts during the transition.

Update: A fourth meeting is planned for June.

Background:

On 18 February, ministers of both states met in Ostrava Vale.

On 20 February, the premier stated that Corvain "holds the keys" in any talks.
"""


def test_labelled_sections_and_background() -> None:
    brief = parse_article(ARTICLE)
    assert [s.label for s in brief.sections] == ["Source", "Details", "Update"]
    details = brief.sections[1].text
    assert details.startswith("The envoys are not") and "transition" in details
    assert brief.sections[2].text == "A fourth meeting is planned for June."
    assert "18 February" in brief.background and "20 February" in brief.background
    assert "Source" not in brief.summary and "Eastmarch" not in brief.summary
    assert brief.summary.startswith("Valdorian and Corvain envoys")


def test_unlabelled_paragraphs_stepping_back_form_the_background() -> None:
    text = (f"{LEAD}\n\nThe talks covered grain and shipping.\n\n"
            "Last year, the Halvard Times reported on secret talks between the two states. "
            "Known as “the quiet channel,” they were never confirmed.\n\n"
            "They concluded that a treaty was years away.\n\n"
            "The ministry declined to comment.")
    brief = parse_article(text)
    assert "quiet channel" in brief.background
    assert "treaty was years away" in brief.background
    assert "declined to comment" not in brief.background
    assert "grain and shipping" not in brief.background


def test_a_year_after_the_article_date_is_not_background() -> None:
    text = f"date 2020-05-01 {LEAD}\n\nIn 2021, the bridge will open.\n\nIn 2018, it was planned."
    brief = parse_article(text)
    assert "2018" in brief.background and "2021" not in brief.background


# --- sources ------------------------------------------------------------------------


def test_sources_are_clean_outlet_names() -> None:
    text = (f"{LEAD}\n\nThis spring, the Halvard Times and NBC reported on the talks.\n\n"
            "In 2022, Reuters reported that envoys had met twice.")
    assert parse_article(text).sources == ["eastwire", "Halvard Times", "NBC", "Reuters"]


def test_source_label_lists_both_outlets() -> None:
    assert parse_article(ARTICLE).sources[:2] == ["Eastmarch Wire", "Corvain Daily"]


def test_a_person_who_said_something_is_not_a_source() -> None:
    text = "Tamsin Reeve said the reservoir was full, according to Orla Penhale."
    assert parse_article(text).sources == []


# --- summary and text hygiene --------------------------------------------------------------


def test_summary_is_at_most_about_eighty_words() -> None:
    sentence = "The council of Velmora voted to rebuild the old stone bridge over the river. "
    brief = parse_article(sentence * 12)
    assert 0 < len(brief.summary.split()) <= 80
    assert brief.summary.startswith("The council of Velmora")


def test_a_short_lead_takes_the_next_paragraph_along() -> None:
    brief = parse_article("Tarrow votes today\n\nPolls open at seven and close at ten.\n\n"
                          "Results are due on Friday.\n\nBackground:\n\nThe last vote was in 2019.")
    assert brief.title == "Tarrow votes today"
    assert brief.summary == "Polls open at seven and close at ten. Results are due on Friday."


def test_summary_is_markdown_with_user_text_escaped() -> None:
    brief = parse_article("Shares of *Velmora Ferries* fell [sharply] after the <storm>.")
    assert brief.summary == r"Shares of \*Velmora Ferries\* fell \[sharply\] after the \<storm\>."
    assert escape_markdown("# not a heading\n1. not a list") == "\\# not a heading\n1\\. not a list"


def test_windows_line_endings_nbsp_and_control_characters() -> None:
    text = ("Harbour\u00a0reopens\r\n\r\nThe\u00a0harbour  of Velmora\x1b[31m reopened.\r\n\r\n"
            "“It is\u00a0open,” said\u00a0Ilsa Marrow.\x07\r\n")
    brief = parse_article(text)
    assert brief.title == "Harbour reopens"
    assert brief.summary.startswith("The harbour of Velmora reopened.")
    assert brief.quotes[0].speaker == "Ilsa Marrow"
    assert "\r" not in brief.body and "\x1b" not in brief.body and "\x07" not in brief.body
    assert brief.id == brief_id_for(text)


def test_text_with_no_paragraphs() -> None:
    text = ("The harbour of Velmora reopened on Monday. “We are open again,” said Ilsa Marrow. "
            "Boats returned by noon.")
    brief = parse_article(text)
    assert brief.title == "The harbour of Velmora reopened on Monday"
    assert brief.quotes[0].speaker == "Ilsa Marrow"


def test_single_line_breaks_make_paragraphs_when_there_are_no_blank_lines() -> None:
    text = ("Harbour reopens\nThe harbour of Velmora reopened on Monday after the storm.\n"
            "“We are open again,” said Ilsa Marrow.")
    assert split_paragraphs(text) == text.split("\n")
    assert parse_article(text).title == "Harbour reopens"


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The harbour of Velmora\nreopened on Monday.\n\nBoats came back."
    assert split_paragraphs(text) == ["The harbour of Velmora reopened on Monday.",
                                      "Boats came back."]


def test_empty_input() -> None:
    brief = parse_article("")
    assert brief.title == "Untitled brief"
    assert (brief.date, brief.summary, brief.quotes, brief.body) == (None, "", [], "")
    assert (brief.tags, brief.read) == ([], False)
