"""Fuzzing: no input makes a parser raise anything but its own error, and export/import is exact.

* :func:`briefs.parse_article` never raises, whatever the text;
* :func:`briefs.read_markdown` raises only :class:`BriefFormatError`;
* :func:`store.search.parse_query` raises only :class:`QueryError`;
* ``read_markdown(write_markdown(b)) == b`` for every brief hypothesis can build, and
  ``briefs export`` then ``briefs import`` into another store gives the same briefs back.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs import (
    Brief,
    BriefFormatError,
    parse_article,
    read_markdown,
    write_markdown,
)
from briefs.models import tag_key
from store import BriefStore
from store.search import QueryError, parse_query
from tests.hostile.conftest import ESCAPE_PAYLOADS, MARKUP_PIECES, has_controls
from tests.strategies import briefs_from
from tui.cli import main

#: Fragments that mean something to some layer: markup, escapes, Markdown, YAML, queries.
FRAGMENTS = [
    *MARKUP_PIECES,
    *ESCAPE_PAYLOADS,
    "\x1b]", "\x9d", "\x90", "\r", "\r\n", "\u2028", "\u202e", "\ufeff", "\x00", "\t",
    "---", "...", "## Summary", "## Quoted statements", "## Note", "## Full text", "# Title",
    "> ", ">", "— ", "-- ", "<!--", "-->", '<!-- {"cue": "said"} -->', "```", "~~~",
    "<script>", "&amp;", "\\", "\\## ", "[x](javascript:alert(1))", "![i](x.png)",
    "title: ", "tags: [", "date: 2024-13-45", "&a [x]", "*a", "!!python/object:os.system",
    "{", "}", "[", "]", ": ", "- ", "|", ">-", "? ", "%YAML 1.2", "null", "~",
    '"', "“", "”", "«", "»", "'", "(", ")", "-", "*", "OR", "|",
    "tag:", "source:", "speaker:", "title:", "is:", "after:", "before:", "on:", "sort:",
    "2024", "2024-02-30", "9999-12-31", "0000", "relevance", "unread",
    "said", "told reporters", "according to", "Joram Lockhart", "Valdoria",
    "\n", "\n\n", " ", "é", "🦊", "𝔘", "\u0301", "ǅ", "ß", "İ",
]

fragment = st.sampled_from(FRAGMENTS)
mixed_text = st.lists(st.one_of(fragment, st.text(max_size=12)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), mixed_text)

MARKDOWN_LINES = [
    "---", "id: 0badc0de", "title: Harbour talks", "title: [", "title: 5", "date: 2024-13-45",
    "date: 2024-02-03", "tags: [a, A, a\\x1b]", "tags: x", "sources: [Eastmarch Wire]",
    "read: maybe", "read: yes", "url: javascript:x", "note: |", "  indented", "", "## Summary",
    "## Quoted statements", "## quotes", "> Words.", ">", "— Joram Lockhart",
    '<!-- {"mention": "he", "cue": "said"} -->', "<!-- {bad json} -->", "<!-- [1] -->",
    "## Background", "## Details", "## \\Summary", "## Note", "## Full text", "### Sub",
    "# Heading", "Plain text.", "```", "\\## not a heading", "&a [x, *a]", "*a",
]
markdown_doc = st.lists(st.one_of(st.sampled_from(MARKDOWN_LINES), mixed_text),
                        max_size=30).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_parse_article_never_raises(text: str) -> None:
    brief = parse_article(text)
    assert isinstance(brief, Brief) and brief.id and brief.title
    assert not has_controls(brief.title + brief.summary + brief.body)


@settings(max_examples=200, deadline=None)
@given(st.one_of(any_text, markdown_doc))
def test_read_markdown_raises_only_brief_format_error(text: str) -> None:
    try:
        brief = read_markdown(text, fallback_id="0badc0de")
    except BriefFormatError as error:
        assert str(error)
    else:
        assert isinstance(brief, Brief)
        assert not has_controls(brief.title + "".join(brief.tags))


query_text = st.lists(st.one_of(fragment, st.text(max_size=8)), max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), query_text, mixed_text))
def test_parse_query_raises_only_query_error(text: str) -> None:
    try:
        parse_query(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)


words = st.one_of(st.text(max_size=30), fragment, mixed_text.map(lambda t: t[:60]))
block = st.lists(st.one_of(words, st.sampled_from(MARKDOWN_LINES)), max_size=6).map("\n".join)
brief_ids = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)
briefs = briefs_from(words, block, ids=st.one_of(brief_ids, words))


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs)
def test_markdown_export_then_import_gives_the_same_brief(brief: Brief) -> None:
    assert read_markdown(write_markdown(brief)) == brief


def _cli(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(briefs, min_size=1, max_size=3), st.data())
def test_cli_export_then_import_into_another_store_gives_the_same_briefs(
    generated: list[Brief], data: st.DataObject,
) -> None:
    # Ids as Briefs makes them (hex digests): an id holding "/" is a reported bug (test_files).
    ids = data.draw(st.lists(brief_ids, min_size=len(generated), max_size=len(generated),
                             unique=True))
    generated = [Brief.from_dict({**b.to_dict(), "id": i}) for b, i in zip(generated, ids,
                                                                             strict=True)]
    # One spelling per tag across the briefs: a store merges tags that differ only in case.
    spelling: dict[str, str] = {}
    generated = [Brief.from_dict({**b.to_dict(), "tags": [
        spelling.setdefault(tag_key(t), t) for t in b.tags]}) for b in generated]
    with tempfile.TemporaryDirectory() as scratch:
        first, second, folder = (Path(scratch) / name for name in ("one", "two", "out"))
        with BriefStore.open(first) as store:
            store.upsert_many(generated)
            expected = store.get_many([b.id for b in generated])
        assert expected == generated
        assert _cli("--home", str(first), "export", str(folder)) == 0
        assert len(list(folder.glob("*.md"))) == len(generated)
        assert _cli("--home", str(second), "import", str(folder)) == 0
        with BriefStore.open(second) as store:
            assert store.get_many([b.id for b in generated]) == expected
