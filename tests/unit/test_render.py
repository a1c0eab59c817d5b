"""The Markdown shown in the main pane: every part, in order, and user text shown literally."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefs.models import Brief, Quote, Section
from briefs.render import escape_inline, render_markdown, render_related

HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]q[/]",
    "**x**",
    "_y_",
    "<script>alert(1)</script>",
    "`code`",
    "#hash",
    "[link](http://example.org)",
    "![img](x.png)",
    "&amp; &lt;",
    "\\*",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "|a|b|",
    "~~gone~~",
    "===",
    "---",
    "x  ",
]
PARSERS = [MarkdownIt("commonmark"), MarkdownIt("gfm-like")]


def _inline_text(token: Token) -> str:
    """What a viewer shows for an inline token: text and code contents, breaks as newlines."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _headings(tokens: list[Token], tags: tuple[str, ...] = ("h1", "h2")) -> list[str]:
    return [
        _inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in tags
    ]


def _full_brief() -> Brief:
    return Brief(
        id="r1",
        title="Vessa talks resume",
        date=dt.date(2024, 5, 22),
        summary="Officials met **again**.",
        quotes=[
            Quote("We will keep talking.", "Ilsa Varnholt"),
            Quote("Nothing is agreed."),
        ],
        background="The river has been disputed since 2019.",
        sections=[Section("Details", "Three rounds so far.")],
        sources=["Meridian Wire", "The Ossarian Courier"],
        caption="The Vessa at dusk. Photo: Meridian Wire",
        body="Full article text.",
        tags=["sample", "water"],
        note="Follow up.",
    )


@pytest.mark.parametrize("parser", PARSERS, ids=["commonmark", "gfm-like"])
def test_all_parts_appear_in_order(parser: MarkdownIt) -> None:
    tokens = parser.parse(render_markdown(_full_brief()))
    assert _headings(tokens) == [
        "Vessa talks resume",
        "Summary",
        "Quoted statements",
        "Background",
        "Details",
        "Note",
        "Full text",
    ]
    texts = [_inline_text(t) for t in tokens if t.type == "inline"]
    meta = texts[1]
    assert meta == "2024-05-22 · Meridian Wire, The Ossarian Courier · #sample #water"
    assert texts[2] == "The Vessa at dusk. Photo: Meridian Wire"
    assert texts.index("We will keep talking.") < texts.index("— Ilsa Varnholt")
    assert texts.index("Nothing is agreed.") < texts.index("— unattributed")
    assert "Follow up." in texts


def test_meta_line_tags_are_code_chips_caption_italic_speaker_bold() -> None:
    tokens = MarkdownIt("commonmark").parse(render_markdown(_full_brief()))
    inlines = [t for t in tokens if t.type == "inline"]
    chips = [c.content for c in inlines[1].children or [] if c.type == "code_inline"]
    assert chips == ["#sample", "#water"]
    assert next(c.type for c in inlines[2].children or []) == "em_open"
    speaker_line = next(t for t in inlines if _inline_text(t) == "— Ilsa Varnholt")
    assert "strong_open" in [c.type for c in speaker_line.children or []]


def test_empty_parts_are_omitted() -> None:
    text = render_markdown(Brief(id="m", title="Only a title"))
    assert text == "# Only a title\n"
    tokens = MarkdownIt("commonmark").parse(
        render_markdown(Brief(id="m", title="T", body="Just the text."))
    )
    assert _headings(tokens) == ["T", "Full text"]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("parser", PARSERS, ids=["commonmark", "gfm-like"])
def test_single_line_fields_and_quotes_render_literally(parser: MarkdownIt, hostile: str) -> None:
    brief = Brief(
        id="h",
        title=f"T {hostile}",
        quotes=[Quote(f"Q {hostile}", f"S {hostile}")],
        sections=[Section(f"L {hostile}", "text")],
        sources=[f"Src {hostile}"],
        caption=f"C {hostile}",
        tags=[f"t{hostile}"],
    )
    tokens = parser.parse(render_markdown(brief))
    texts = [_inline_text(t) for t in tokens if t.type == "inline"]
    shown = hostile.strip()  # Brief trims the ends of single-line fields
    assert f"T {shown}" in texts
    assert f"Q {shown}" in texts
    assert f"— S {shown}" in texts
    assert f"L {shown}" in texts
    assert f"C {shown}" in texts
    meta = texts[1]
    assert f"Src {shown}" in meta
    assert f"#{brief.tags[0]}" in meta
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "link_open")]


def test_escape_inline_escapes_every_markdown_active_character() -> None:
    assert escape_inline("a*b_[c]<d>`e`#f\\") == "a\\*b\\_\\[c\\]\\<d\\>\\`e\\`\\#f\\\\"
    assert escape_inline("plain words, ünïcode.") == "plain words, ünïcode."
    assert escape_inline("- not a list\n1. nor this") == "\\- not a list\n1\\. nor this"


def test_body_headings_and_html_in_markdown_fields_are_not_interpreted() -> None:
    brief = Brief(
        id="b",
        title="T",
        summary=(
            "Intro\n\n## Fake page heading\n\n### Kept sub-heading\n\n<script>alert(1)</script>"
        ),
        background="Text with <b>bold</b> tag\n\nSetext\n===",
        body="# Not a title\n## Not a section\n#### Nor this\nplain",
        note="<!-- hidden -->",
    )
    tokens = MarkdownIt("commonmark").parse(render_markdown(brief))
    assert _headings(tokens) == ["T", "Summary", "Background", "Note", "Full text"]
    assert _headings(tokens, ("h3", "h4", "h5", "h6")) == ["Kept sub-heading"]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    texts = "\n".join(_inline_text(t) for t in tokens if t.type == "inline")
    for literal in (
        "## Fake page heading",
        "<script>alert(1)</script>",
        "<b>bold</b>",
        "<!-- hidden -->",
        "# Not a title",
        "#### Nor this",
        "===",
    ):
        assert literal in texts


def test_markdown_fields_keep_their_markdown() -> None:
    tokens = MarkdownIt("commonmark").parse(render_markdown(_full_brief()))
    assert "strong_open" in [c.type for t in tokens if t.type == "inline" for c in t.children or []]


def test_unclosed_code_fence_does_not_swallow_later_parts() -> None:
    brief = Brief(id="f", title="T", summary="```python\nprint('hi')", background="After.")
    tokens = MarkdownIt("commonmark").parse(render_markdown(brief))
    assert _headings(tokens) == ["T", "Summary", "Background"]
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == "print('hi')\n"


def test_closed_fence_is_left_alone_and_its_html_shown_as_code() -> None:
    summary = "~~~\n<b>x</b>\n## y\n~~~"
    text = render_markdown(Brief(id="f", title="T", summary=summary))
    assert summary in text
    fence = next(t for t in MarkdownIt("commonmark").parse(text) if t.type == "fence")
    assert fence.content == "<b>x</b>\n## y\n"


def test_related_briefs_are_links_with_the_brief_scheme() -> None:
    text = render_markdown(
        Brief(id="r", title="T"), related=[("abc 1/2", "Other *story*"), ("def", "Third")]
    )
    tokens = MarkdownIt("commonmark").parse(text)
    assert _headings(tokens) == ["T", "Related briefs"]
    links = [
        (c.attrs["href"], _inline_text(t))
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open"
    ]
    assert links == [("brief:abc%201%2F2", "Other *story*"), ("brief:def", "Third")]


# Lines that start block structures or raw HTML, mixed into arbitrary text.
RISKY_LINES = [
    "# h1",
    "## h2",
    "### h3",
    "===",
    "---",
    "-",
    "```",
    "~~~~",
    "<div>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<?php",
    "<![CDATA[",
    "<b>x</b>",
    "<a\nhref='x'>",
    "> # quoted h1",
    "- ## listed h2",
    "    indented",
    "",
]
risky_block = st.lists(
    st.one_of(st.text(max_size=15), st.sampled_from(RISKY_LINES)), max_size=8
).map("\n".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    summary=risky_block,
    background=risky_block,
    section=risky_block,
    note=risky_block,
    body=risky_block,
)
@pytest.mark.slow
def test_no_field_can_add_page_headings_or_raw_html(
    summary: str, background: str, section: str, note: str, body: str
) -> None:
    brief = Brief(
        id="p",
        title="Title",
        summary=summary,
        background=background,
        sections=[Section("Extra", section)],
        note=note,
        body=body,
    )
    expected = ["Title"]
    for heading, text in (
        ("Summary", brief.summary),
        ("Background", brief.background),
        ("Extra", brief.sections[0].text if brief.sections else ""),
        ("Note", brief.note),
        ("Full text", brief.body),
    ):
        if text:
            expected.append(heading)
    for parser in PARSERS:
        tokens = parser.parse(render_markdown(brief))
        assert _headings(tokens) == expected
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")]


def test_the_url_follows_the_meta_line_as_literal_text() -> None:
    url = "https://example.com/a_b*c*/[x](y)?q=1&r=<b>2</b>"
    text = render_markdown(Brief(id="u", title="T", date=dt.date(2026, 1, 2), url=url))
    tokens = MarkdownIt("commonmark").parse(text)
    header = [t for t in tokens if t.type == "inline"][1]
    kinds = [child.type for child in header.children or []]
    assert "link_open" not in kinds and "html_inline" not in kinds
    assert _inline_text(header).split("\n") == ["2026-01-02", url]


def test_the_related_part_alone_is_what_follows_the_brief() -> None:
    brief = _full_brief()
    related = [("abc 1/2", "Other *story*"), ("def", "Third")]
    assert render_markdown(brief, related=related) == (
        render_markdown(brief) + "\n" + render_related(related))
    assert render_related([]) == ""
