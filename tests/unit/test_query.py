"""The query language: what each piece of syntax parses to, and the errors it reports."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.search import QueryError, parse_query
from store.search.query import (
    HELP,
    And,
    Filter,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Word,
    edit_distance,
    parse_date_period,
)


def _ordinal(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal()


def test_single_word_is_a_stemmed_word_node() -> None:
    query = parse_query("Talks")
    assert query.root == Word(text="talks", terms=("talk",))
    assert query.sort is None


def test_several_words_must_all_match() -> None:
    query = parse_query("trade talks harbour")
    assert isinstance(query.root, And)
    assert [c.terms for c in query.root.children] == [("trade",), ("talk",), ("harbour",)]


def test_phrase_keeps_word_order() -> None:
    query = parse_query('"Harbour Talks resumed"')
    assert query.root == Phrase(text="harbour talks resumed", terms=("harbour", "talk", "resum"))


def test_or_binds_tighter_than_and() -> None:
    query = parse_query("tariffs OR sanctions valdoria")
    assert isinstance(query.root, And)
    first, second = query.root.children
    assert isinstance(first, Or)
    assert [c.text for c in first.children] == ["tariffs", "sanctions"]
    assert second == Word("valdoria", ("valdoria",))


def test_lowercase_or_is_a_word() -> None:
    query = parse_query("this or that")
    assert isinstance(query.root, And)
    assert [c.text for c in query.root.children] == ["this", "or", "that"]


def test_parentheses_group() -> None:
    query = parse_query("(tariffs OR sanctions) -(harbour OR port)")
    assert isinstance(query.root, And)
    either, without = query.root.children
    assert isinstance(either, Or)
    assert isinstance(without, Not)
    assert isinstance(without.child, Or)


def test_negations() -> None:
    query = parse_query('-football -"extra time" -tag:Sport')
    assert isinstance(query.root, And)
    kinds = [type(c.child) for c in query.root.children if isinstance(c, Not)]
    assert kinds == [Word, Phrase, Filter]
    assert query.positive_text() == []
    # A double negation cancels out.
    assert parse_query("--harbour").root == Word("harbour", ("harbour",))


def test_lone_dash_is_ignored() -> None:
    assert parse_query("harbour - port").root == And(
        (Word("harbour", ("harbour",)), Word("port", ("port",))))


def test_prefix() -> None:
    assert parse_query("negotiat*").root == Prefix(text="negotiat", prefix="negotiat")
    assert parse_query("Élys*").root == Prefix(text="elys", prefix="elys")


def test_tag_filters_fold_case_and_accept_quotes() -> None:
    query = parse_query('tag:Energy tag:"Water Rights"')
    assert isinstance(query.root, And)
    assert query.root.children == (Filter("tag", "energy"), Filter("tag", "water rights"))


def test_source_speaker_title() -> None:
    query = parse_query('source:Eastmarch speaker:Késtrel title:budget title:"harbour talks"')
    assert isinstance(query.root, And)
    source, speaker, word, phrase = query.root.children
    assert source == Filter("source", "eastmarch")
    assert speaker == Filter("speaker", "kestrel")
    assert word == Word("budget", ("budget",), field="title")
    assert phrase == Phrase("harbour talks", ("harbour", "talk"), field="title")


def test_title_prefix() -> None:
    assert parse_query("title:harb*").root == Prefix("harb", "harb", field="title")


def test_operator_names_are_case_insensitive() -> None:
    assert parse_query("TAG:energy").root == Filter("tag", "energy")


@pytest.mark.parametrize("value", ["read", "unread", "starred", "Starred"])
def test_is_values(value: str) -> None:
    assert parse_query(f"is:{value}").root == Filter("is", value.lower())


def test_is_unknown_value() -> None:
    with pytest.raises(QueryError, match=r'is: at column 1 expects read, unread or starred, '
                                         r'not "flagged"'):
        parse_query("is:flagged")


def test_after_means_after_the_whole_period() -> None:
    assert parse_query("after:2024").root == Filter("after", "2024",
                                                    date_from=_ordinal(2025, 1, 1))
    assert parse_query("after:2024-03").root == Filter("after", "2024-03",
                                                       date_from=_ordinal(2024, 4, 1))
    assert parse_query("after:2024-03-01").root == Filter("after", "2024-03-01",
                                                          date_from=_ordinal(2024, 3, 2))


def test_before_means_before_the_period_starts() -> None:
    assert parse_query("before:2024-03").root == Filter("before", "2024-03",
                                                        date_to=_ordinal(2024, 2, 29))
    assert parse_query("before:2024").root == Filter("before", "2024",
                                                     date_to=_ordinal(2023, 12, 31))


def test_on_means_within_the_period() -> None:
    assert parse_query("on:2024-02").root == Filter(
        "on", "2024-02", date_from=_ordinal(2024, 2, 1), date_to=_ordinal(2024, 2, 29))
    assert parse_query("on:2024/03/05").root == Filter(
        "on", "2024/03/05", date_from=_ordinal(2024, 3, 5), date_to=_ordinal(2024, 3, 5))


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "24", "soon", "2024-1-1-1", "0000"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(f"after:{value}")
    assert str(caught.value) == f'bad date "{value}": expected YYYY, YYYY-MM or YYYY-MM-DD'


def test_date_period_helper() -> None:
    assert parse_date_period("2023-02") == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))


def test_sort() -> None:
    assert parse_query("harbour sort:date").sort == "date"
    assert parse_query("sort:relevance harbour").sort == "relevance"
    assert parse_query("sort:date").root is None
    with pytest.raises(QueryError, match='expects "date" or "relevance"'):
        parse_query("sort:newest")
    with pytest.raises(QueryError, match="cannot be negated"):
        parse_query("-sort:date")
    with pytest.raises(QueryError, match="cannot be part of an OR"):
        parse_query("harbour OR sort:date")


def test_unclosed_quote_says_where() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query('trade "tariff')
    assert str(caught.value) == "unclosed quote at column 7"


def test_unclosed_quoted_operator_value() -> None:
    with pytest.raises(QueryError, match="unclosed quote at column 5"):
        parse_query('tag:"water')


def test_parenthesis_errors() -> None:
    with pytest.raises(QueryError, match=r'unclosed "\(" at column 1'):
        parse_query("(a OR b")
    with pytest.raises(QueryError, match=r'unmatched "\)" at column 3'):
        parse_query("a )")


def test_or_needs_both_sides() -> None:
    with pytest.raises(QueryError, match='"OR" at column 1 needs a search term before it'):
        parse_query("OR harbour")
    with pytest.raises(QueryError, match='"OR" at column 9 needs a search term after it'):
        parse_query("harbour OR")


def test_operator_without_value() -> None:
    with pytest.raises(QueryError, match="tag: at column 1 needs a value"):
        parse_query("tag: harbour")


def test_near_miss_operator_is_an_error() -> None:
    message = 'unknown operator "tga:" at column 1; did you mean "tag:"'
    with pytest.raises(QueryError, match=message):
        parse_query("tga:energy")
    with pytest.raises(QueryError, match='did you mean "speaker:"'):
        parse_query("speeker:kestrel")


def test_unknown_operator_is_plain_words() -> None:
    # Not close to any operator: the words, next to each other.
    assert parse_query("foo:bar").root == Word("foo:bar", ("foo", "bar"))
    assert parse_query("10:30").root == Word("10:30", ("10", "30"))


def test_curly_quotes_make_phrases() -> None:
    assert parse_query("“harbour talks”").root == Phrase("harbour talks", ("harbour", "talk"))


def test_control_characters_are_stripped() -> None:
    assert parse_query("har\x1b[31mbour\x07").root == Word("harbour", ("harbour",))


def test_empty_and_punctuation_only_queries() -> None:
    assert parse_query("").root is None
    assert parse_query("   !!! ").root is None
    assert parse_query('""').root is None


def test_terms_lists_positive_words_as_typed() -> None:
    query = parse_query('Harbour "trade talks" negotiat* -football tag:energy')
    assert query.terms() == ["harbour", '"trade talks"', "negotiat*"]


def test_limits() -> None:
    with pytest.raises(QueryError, match="too many search terms"):
        parse_query(" ".join(f"w{i}" for i in range(100)))
    with pytest.raises(QueryError, match="nested parentheses"):
        parse_query("(" * 40 + "a" + ")" * 40)
    with pytest.raises(QueryError, match="too long"):
        parse_query("a" * 5000)


def test_edit_distance() -> None:
    assert edit_distance("tag", "tga") == 1  # a transposition
    assert edit_distance("speaker", "speeker") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


def test_help_mentions_every_operator() -> None:
    for operator in ("tag:", "source:", "speaker:", "title:", "is:unread", "after:", "before:",
                     "on:", "sort:date", "OR", "*"):
        assert operator in HELP
    assert "after:2024" in HELP and "2025-01-01" in HELP


_PIECES = st.sampled_from([
    "harbour", "Talks", "OR", "|", "-", "(", ")", '"', "“", "”", "*", "tag:", "tag:\"x y\"",
    "is:", "is:read", "after:", "after:2024-02", "before:2024-13", "on:2024", "sort:date",
    "sort:", "title:", "speaker:", "source:", "tga:x", "foo:bar", ":", "é", "\x1b", "\x00",
    " ", "  ", "\n", "a*", "*a", "--", "-(", "()",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_parse_query_raises_only_query_errors_on_grammar_soup(text: str) -> None:
    try:
        result = parse_query(text)
    except QueryError as error:
        assert str(error)
    else:
        assert isinstance(result, Query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_query_raises_only_query_errors_on_any_text(text: str) -> None:
    try:
        result = parse_query(text)
    except QueryError as error:
        assert str(error)
    else:
        assert isinstance(result, Query)
