"""The brief pane's wrapping: a word longer than a line (a URL) is cut at its separators."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from tui.widgets.brief_document import wrap


def test_a_url_is_cut_after_slashes_and_ampersands() -> None:
    url = "https://www.example.org/news/world-europe/2026/accord?utm_source=feed&utm_medium=rss"
    lines = [line.plain for line in wrap(Content(url), 30)]
    assert "".join(lines) == url
    assert all(len(line) <= 30 for line in lines)
    assert all(line[-1] in "/?&=-." for line in lines[:-1])


def test_a_word_with_no_separator_is_folded_at_the_width() -> None:
    lines = [line.plain for line in wrap(Content("x" * 70), 30)]
    assert lines == ["x" * 30, "x" * 30, "x" * 10]


def test_text_that_fits_or_has_no_long_word_wraps_as_usual() -> None:
    text = Content("a short line of ordinary words that wraps at its spaces")
    assert [line.plain for line in wrap(text, 20)] == [line.plain for line in text.wrap(20)]


@given(st.lists(st.text(alphabet="ab/?&=.-", min_size=1, max_size=60), min_size=1, max_size=6),
       st.integers(min_value=10, max_value=50))
def test_wrapping_loses_nothing_but_the_spaces_it_breaks_at(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = [line.plain for line in wrap(Content(text), width)]
    assert all(len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
