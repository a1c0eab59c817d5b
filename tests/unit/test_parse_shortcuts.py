"""The parser's cheap first looks agree with the full tests they spare (issue 10).

Each shortcut answers "cannot match" without running a pattern; these tests hold
it to the pattern's own answer on texts made to sit at its edges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re

import pytest

from briefs.models import brief_id_for
from briefs.parse import lexicon as lx
from briefs.parse import sources
from briefs.parse.dates import (
    _DATES,
    _OWN_DATE_LEAD,
    DATE_LINE_MAX_WORDS,
    _match_date,
    find_dateline,
)
from briefs.parse.phrases import Phrase, read_phrase
from briefs.parse.quotes import find_quotes
from briefs.parse.sentences import _ABBREVIATION, _END, is_abbreviation, sentence_starts
from briefs.parse.structure import (
    _MD_INLINE,
    _MD_LINE_START,
    CAPTION_MAX_WORDS,
    _caption_of,
    _escape_line_start,
    escape_markdown,
)
from briefs.text import clean_block

_TERM_WINDOWS = [
    "the plan known as ", "a scheme so-called", "what she termed, ", "the slogan:",
    "the film\n", "an event dubbed  :  ", "the bill ", "the acts", "a programme",
    "his program,", "the words ", "the word", "he said that ", "it was renamed ",
    "a label, , ", "the catchphrase ", "nicknamed", "entitled ", "labelled as ",
    "THE SLOGAN ", "Known As ", "referred to as", "the name\t", "the documentary",
    "a campaign.", "", "   ", ":", "the plan \ue000", "an \ue0001\ue001 called ",
    "they were called", "the strategy —", "the policy -", "as", "the operation ;",
]


@pytest.mark.parametrize("window", _TERM_WINDOWS)
def test_introduces_term_agrees_with_the_pattern(window: str) -> None:
    assert lx.introduces_term(window) == (lx.TERM_INTRO_RE.search(window) is not None)


def test_introduces_term_finds_terms_and_passes_statements() -> None:
    assert lx.introduces_term("the scheme known as ")
    assert lx.introduces_term("what the mayor called, ")
    assert not lx.introduces_term("Ivo Marlowe said: ")


@pytest.mark.parametrize("text", [
    "Bridge talks\r\n\r\n\r\nOrla Penhallow said  \nno.\t\n", "  a\u2028b\x85c  ",
    "x\x1b[31my", "one\n\n\n\ntwo \n", "", "\u00a0lead\u2029",
])
def test_brief_id_ignores_white_space_as_before(text: str) -> None:
    canonical = " ".join(clean_block(text).split())
    expected = hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()
    assert brief_id_for(text) == expected


def test_read_phrase_reads_names_roles_and_pronouns() -> None:
    name = read_phrase("Transport chair Mrs Orla Penhallow")
    assert isinstance(name, Phrase)
    assert (name.kind, name.name, name.head, name.gender) == (
        "name", "Orla Penhallow", "penhallow", "f")
    assert "chair" in name.descriptors
    owner = read_phrase("Orla Penhallow's")
    assert owner is not None and owner.name == "Orla Penhallow"
    surname = read_phrase("Mrs Penhallow")
    assert surname is not None and surname.name == "Mrs Penhallow"
    role = read_phrase("the chief engineer, a spokeswoman")
    assert role is not None and (role.kind, role.head, role.gender) == ("role", "engineer", "f")
    assert read_phrase("she") == Phrase(text="she", kind="pronoun", head="she", gender="f")


_ABBREVIATION_TEXT = (
    "Mr. Penhallow met Sen. Wrenfield and Mrs. Dale in Sept. at St. Ives. The U.S. team "
    "and the e.g. clause, J. Doe vs. Ltd. Co. No. 5 Capt. Reps. Prof. Pres. Corp. 2004. "
    "He said. (Ok.) WHO. Lt. Ft. Jr. é. ÉMr. mr. vs.. x.y.z. A. Ab. abC. a.b. .. . "
    "the end.")


def test_is_abbreviation_agrees_with_the_pattern() -> None:
    dots = [i for i, ch in enumerate(_ABBREVIATION_TEXT) if ch == "."]
    for dot in dots:
        expected = _ABBREVIATION.search(_ABBREVIATION_TEXT, max(0, dot - 12), dot + 1)
        assert is_abbreviation(_ABBREVIATION_TEXT, dot) == (expected is not None), dot
    assert is_abbreviation("Mr.", 2) and is_abbreviation("the U.S.", 7)
    assert not is_abbreviation("he said.", 7) and not is_abbreviation(".", 0)


@pytest.mark.parametrize("words", [59, 60, 61, 200])
def test_a_caption_is_short_by_its_word_count(words: int) -> None:
    para = " ".join(["view"] * words) + " Photo: Ivo Marlowe"
    caption, rest, _ = _caption_of(para, first=False)
    assert (caption is not None) == (words + 2 <= CAPTION_MAX_WORDS)
    assert rest == ("" if caption else para)


def _dateline_from_the_start(para: str) -> dt.date | None:
    """find_dateline's reading of one paragraph with the pattern run from its start."""
    short = len(para.split()) <= DATE_LINE_MAX_WORDS
    found = set()
    for m in _DATES.finditer(para):
        lead = para[: m.start()]
        if _OWN_DATE_LEAD.match(lead) or (short and len(lead.split()) < 3):
            day = _match_date(m)
            if day is not None:
                found.add(day)
    return found.pop() if len(found) == 1 else None


@pytest.mark.parametrize("para, expected", [
    ("TARROW, 12th of September, 2016 — Orla Penhallow opened the bridge.", "2016-09-12"),
    ("TARROW, 12th      of        September,          2016 — the bridge opened.",
     "2016-09-12"),
    ("TARROW,\n12th\u2003\u2003of September,\t\t\t\t\t\t\t\t\t\t\t\t 2016", "2016-09-12"),
    ("Published  September 3, 2019\t and   then 2020 came", "2019-09-03"),
    ("A long lead about the bridge that Orla Penhallow opened in the spring of 2016 "
     "after 12 March 2015.", None),
    ("12 March 2015", "2015-03-12"),
    ("2015-03-12: the bridge", "2015-03-12"),
    ("Sept. 4 2001 and 5/6/2002 and 25/12/2003", "2001-09-04"),
    ("25/12/2003", "2003-12-25"),
])
def test_dateline_read_from_before_the_first_year(para: str, expected: str | None) -> None:
    found = find_dateline([para])
    assert (found.isoformat() if found else None) == expected
    assert found == _dateline_from_the_start(para)


def _sentence_starts_by_pattern(text: str) -> list[int]:
    """sentence_starts as the pattern alone finds them, tried at every position."""
    return [m.end() for m in _END.finditer(text)
            if not (text[m.start()] == "." and is_abbreviation(text, m.start()))]


def test_sentence_starts_agree_with_the_pattern() -> None:
    pieces = ["Orla", " ", ".", "?", "!", "”", ")", "]", "\"", "“", "(", "Mr", "U.S", "7",
              "\ue0001\ue001", "\n", "  ", "said", "Sept", "…", "A", "b"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 18)))
        assert sentence_starts(text) == _sentence_starts_by_pattern(text), text
    assert sentence_starts("Orla Penhallow spoke. Mr. Wrenfield left! Why? “Now.”") == [22, 42, 47]


def test_quotes_are_found_around_paragraphs_without_marks() -> None:
    spans = find_quotes(["“We will build it,” said Orla Penhallow.", "No marks here.",
                         "“It opens", "“in spring.”", "Nothing.", "“Left open"])
    assert [s.text for s in spans] == ["We will build it,", "It opens\n\nin spring.",
                                       "Left open"]


def _escape_by_patterns(text: str) -> str:
    """escape_markdown with both patterns always run."""
    text = _MD_INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def test_escape_markdown_agrees_with_its_patterns() -> None:
    pieces = ["Orla", " ", "\n", "\n\n", "#", ">", "-", "+", "=", "1", "٣", ".", ")", "*",
              "_", "&amp;", "&", "[", "|", "~", "`", "\\", "<", "\t", "x", "\u2003"]
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert escape_markdown(text) == _escape_by_patterns(text), repr(text)
    assert escape_markdown("Orla Penhallow spoke") == "Orla Penhallow spoke"
    assert escape_markdown("1. a\n# b") == "1\\. a\n\\# b"


def test_reported_starts_agree_with_the_plain_pattern() -> None:
    plain = re.compile(rf"\b[Tt]he\s+(?=[A-Z])|{sources._NAME_RUN}")
    pieces = ["The", "the", " ", "Times", "xTimes", "bathe", "Tarrow", "of", "de", "&", ",",
              "’s", "-", "Post", "and", "NBC", "\n", "Othe", "tThe", "é", "T"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        got = [m.span() for m in sources._REPORTED_START.finditer(text)]
        assert got == [m.span() for m in plain.finditer(text)], text
