"""The Markdown brief format: exact round trips, readable layout, lenient reading, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.markdown_format import BriefFormatError, read_markdown, write_markdown
from briefs.models import Brief, Quote, Section, brief_id_for
from tests.strategies import briefs_from

# Lines that mean something to the format, to Markdown or to YAML; mixed into
# arbitrary text so that the round trip is tested where it is most likely to break.
TRICKY_LINES = [
    "---",
    "...",
    "## Summary",
    "## Quoted statements",
    "## quotes",
    "## Full text",
    "##",
    "##\tTabbed",
    "\\## already escaped",
    "\\\\## twice escaped",
    "### Sub-heading",
    "# Title",
    "> quoted",
    ">",
    ">> nested",
    "— Someone",
    "—",
    "-- Someone",
    "- Someone",
    "<!-- comment -->",
    '<!-- {"mention": "x"} -->',
    "<!--",
    "-->",
    "yes",
    "null",
    "1.0",
    "2024-01-05",
    ": ",
    "key: value",
    "#",
    "[",
    "{",
    "&amp;",
    "*",
    "|",
    "```",
    "~~~",
    "    indented",
    " leading space",
    "\tleading tab",
    "trailing space ",
    "\\",
    "\u00a0",
    "\ufeff",
    "",
]
TRICKY_WORDS = [
    "yes",
    "No",
    "null",
    "~",
    "1.0",
    "0o17",
    "1_000",
    ".inf",
    "2024-01-05",
    "=",
    "<<",
    ": ",
    "- x",
    "#",
    "[a, b]",
    "{a: b}",
    "'",
    '"',
    "---",
    "...",
    "— x",
    "\\",
    "\\## x",
    "!tag",
    "&anchor",
    "*alias",
    "%",
    "@",
    "`",
]
LABELS = [
    "Summary",
    "summary",
    "Quotes",
    "QUOTES",
    "Quoted Statements",
    "Summáry",
    "Note",
    "Full text",
    "\\Quotes",
    "\\",
    "Details",
    "## Update",
]

line = st.one_of(st.text(max_size=25), st.sampled_from(TRICKY_LINES))
block = st.lists(line, max_size=6).map("\n".join)
words = st.one_of(st.text(max_size=30), st.sampled_from(TRICKY_WORDS))
briefs = briefs_from(words, block, section_labels=st.one_of(words, st.sampled_from(LABELS)),
                     max_quotes=4, max_sections=3)


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(briefs)
def test_every_brief_round_trips_exactly(brief: Brief) -> None:
    assert read_markdown(write_markdown(brief)) == brief


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(),
        st.lists(st.one_of(st.text(max_size=20), st.sampled_from(TRICKY_LINES))).map("\n".join),
        st.tuples(st.text(), st.text()).map(lambda p: f"---\n{p[0]}\n---\n{p[1]}"),
        st.tuples(st.lists(st.sampled_from(TRICKY_LINES + TRICKY_WORDS))).map(
            lambda p: "## Quoted statements\n" + "\n".join(p[0])
        ),
    )
)
def test_any_text_reads_as_a_brief_or_raises_brief_format_error(text: str) -> None:
    try:
        result = read_markdown(text)
    except BriefFormatError as exc:
        assert str(exc)
    else:
        assert isinstance(result, Brief)


# ------------------------------------------------------------------ the written layout


def _full_brief() -> Brief:
    return Brief(
        id="abc123",
        title="Talks resume in Brelle",
        date=dt.date(2024, 5, 22),
        summary="Officials met again.",
        quotes=[
            Quote("We will keep talking.", "Ilsa Varnholt", "the deputy minister", "told"),
            Quote("Nothing is agreed.\n\nNot yet."),
        ],
        background="The river has been disputed since 2019.",
        sections=[Section("Details", "Three rounds so far."), Section("Update", "A fourth.")],
        sources=["Meridian Wire", "The Ossarian Courier"],
        caption="The Vessa at dusk.",
        body="Full article text.",
        tags=["sample", "water"],
        read=True,
        starred=True,
        note="Follow up next week.",
        url="https://example.org/talks",
    )


def test_written_file_has_front_matter_then_sections_in_order() -> None:
    text = write_markdown(_full_brief())
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    assert list(yaml.safe_load(front)) == [
        "id",
        "title",
        "date",
        "tags",
        "sources",
        "url",
        "caption",
        "read",
        "starred",
    ]
    assert "tags: [sample, water]" in front
    headings = [ln for ln in body.split("\n") if ln.startswith("## ")]
    assert headings == [
        "## Summary",
        "## Quoted statements",
        "## Background",
        "## Details",
        "## Update",
        "## Note",
        "## Full text",
    ]
    assert text.endswith("Full article text.\n")


def test_quotes_are_blockquotes_with_attribution_and_metadata_comment() -> None:
    text = write_markdown(_full_brief())
    quotes = text.split("## Quoted statements\n\n", 1)[1].split("\n\n## Background", 1)[0]
    assert quotes == (
        "> We will keep talking.\n"
        "— Ilsa Varnholt\n"
        '<!-- {"mention": "the deputy minister", "cue": "told"} -->\n'
        "\n"
        "> Nothing is agreed.\n"
        ">\n"
        "> Not yet."
    )


def test_unattributed_quote_has_no_attribution_line_and_round_trips() -> None:
    brief = Brief(id="q", title="T", quotes=[Quote("Said by nobody.", cue="-->")])
    text = write_markdown(brief)
    assert "—" not in text
    assert "--\\u003e" in text
    assert text.count("-->") == 1  # only the comment's own end
    assert read_markdown(text).quotes == [Quote("Said by nobody.", None, None, "-->")]


def test_defaults_are_left_out_of_front_matter_and_empty_parts_omitted() -> None:
    text = write_markdown(Brief(id="min", title="Only a title"))
    assert text == "---\nid: min\ntitle: Only a title\n---\n"
    assert read_markdown(text) == Brief(id="min", title="Only a title")


def test_heading_like_content_lines_are_escaped_by_one_backslash() -> None:
    brief = Brief(id="e", title="T", body="## Not a heading\n\\## Literal\n### Sub\n##")
    text = write_markdown(brief)
    assert "\\## Not a heading\n\\\\## Literal\n### Sub\n\\##" in text
    assert read_markdown(text).body == brief.body


def test_section_labels_that_read_as_reserved_headings_are_escaped() -> None:
    brief = Brief(id="s", title="T", sections=[Section("Quotes", "x"), Section("\\odd", "y")])
    text = write_markdown(brief)
    assert "## \\Quotes\n" in text
    assert "## \\\\odd\n" in text
    assert read_markdown(text) == brief


def test_yaml_special_strings_stay_strings() -> None:
    brief = Brief(id="1.0", title="yes", tags=["null", "2024-01-05"], sources=["~"], url="no")
    back = read_markdown(write_markdown(brief))
    assert (back.id, back.title, back.tags, back.sources, back.url) == (
        "1.0",
        "yes",
        ["null", "2024-01-05"],
        ["~"],
        "no",
    )


def test_empty_id_round_trips() -> None:
    brief = Brief(id="", title="T")
    assert read_markdown(write_markdown(brief)).id == ""


# ------------------------------------------------------------ hand-written briefs


def test_hand_written_brief_without_front_matter() -> None:
    text = (
        "# River talks resume\n"
        "\n"
        "## SUMMARY\n"
        "Talks resumed.\n"
        "### A detail\n"
        "More.\n"
        "\n"
        "## quotes\n"
        "> We are close.\n"
        "-- Nadira Sefalo\n"
        "\n"
        "> Not that close.\n"
        "- Ilsa Varnholt\n"
        "> Unattributed.\n"
        "\n"
        "## full TEXT\n"
        "The article.\n"
    )
    brief = read_markdown(text, fallback_id="fb")
    assert brief.id == "fb"
    assert brief.title == "River talks resume"
    assert brief.summary == "Talks resumed.\n### A detail\nMore."
    assert brief.quotes == [
        Quote("We are close.", "Nadira Sefalo"),
        Quote("Not that close.", "Ilsa Varnholt"),
        Quote("Unattributed."),
    ]
    assert brief.body == "The article."


def test_missing_id_defaults_to_brief_id_for_text() -> None:
    text = "Just some words.\n"
    brief = read_markdown(text)
    assert brief.id == brief_id_for(text)
    assert brief.title == "Untitled brief"
    assert brief.body == "Just some words."


def test_hand_written_front_matter_is_lenient_about_shapes() -> None:
    text = (
        "\ufeff---\r\n"
        "title: 2024\r\n"
        "date: '2024-03-05'\r\n"
        "tags: water, sample\r\n"
        "sources: Meridian Wire\r\n"
        "---\r\n"
        "## Summary\r\n"
        "Short.\r\n"
        "## Blank\r\n"
    )
    brief = read_markdown(text, fallback_id="x")
    assert brief.title == "2024"
    assert brief.date == dt.date(2024, 3, 5)
    assert brief.tags == ["water", "sample"]
    assert brief.sources == ["Meridian Wire"]
    assert brief.summary == "Short."
    assert brief.sections == []  # empty sections are dropped


def test_user_text_is_cleaned_of_control_characters() -> None:
    text = '---\ntitle: "Bad\\x1b[31m title"\n---\n## Summary\nHi\x07 there\n'
    brief = read_markdown(text, fallback_id="x")
    assert brief.title == "Bad title"
    assert brief.summary == "Hi there"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\n", "not valid YAML: .* \\(line 2\\)"),
        ("\n---\nid: x\n\tbad: tab\n---\n", "not valid YAML: .* \\(line 4\\)"),
        ("---\n- a\n- b\n---\n", "must be a mapping"),
        ("---\njust text\n---\n", "must be a mapping"),
        ("---\ndate: 2024-13-45\n---\n", "not valid YAML"),
        ("---\ndate: next tuesday\n---\n", "'date'"),
        ("---\ndate: 5\n---\n", "'date'"),
        ("---\ntags: 5\n---\n", "'tags'"),
        ("---\nsources: [ok, {a: b}]\n---\n", "'sources'"),
        ("---\nread: maybe\n---\n", "'read'"),
        ("---\ntitle: {a: b}\n---\n", "'title'"),
        ("---\ncaption: [x]\n---\n", "'caption'"),
        ("---\ntitle: open\n", "closing"),
        ("---\ntitle: x\n---\n## Quotes\nstray text\n", "line 5"),
        ("---\ntitle: x\n---\n## Quotes\n— Nobody said\n", "line 5"),
        ("## Quotes\n> x\n<!-- {not json} -->\n", "not valid JSON"),
        ('## Quotes\n> x\n<!-- {"cue": 5} -->\n', "'cue'"),
        ('## Quotes\n> x\n<!-- {"cue": "\\ud800"} -->\n', "surrogate"),
        ('---\ntitle: "\\ud800"\n---\n', "surrogate"),
        ("Body \ud800\n", "surrogate"),
    ],
)
def test_bad_input_raises_brief_format_error_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(BriefFormatError, match=message):
        read_markdown(text)
