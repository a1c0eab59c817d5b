"""Hypothesis strategies shared by the tests: a Brief built from given text pools."""

from __future__ import annotations

from hypothesis import strategies as st

from briefs import Brief, Quote, Section


def briefs_from(
    words: st.SearchStrategy[str],
    block: st.SearchStrategy[str],
    *,
    ids: st.SearchStrategy[str] | None = None,
    section_labels: st.SearchStrategy[str] | None = None,
    max_quotes: int = 3,
    max_sections: int = 2,
) -> st.SearchStrategy[Brief]:
    """Briefs whose one-line fields come from ``words`` and multi-line fields from ``block``.

    Each test passes the pools that matter to it (tricky Markdown lines, markup,
    control characters); the shape of a Brief is built here once.
    """
    optional_words = st.none() | words
    quotes = st.builds(Quote, text=block, speaker=optional_words,
                       speaker_mention=optional_words, cue=optional_words)
    labels = section_labels if section_labels is not None else words
    sections = st.builds(Section, label=labels, text=block)
    return st.builds(
        Brief,
        id=ids if ids is not None else words,
        title=words,
        date=st.none() | st.dates(),
        summary=block,
        quotes=st.lists(quotes, max_size=max_quotes),
        background=block,
        sections=st.lists(sections, max_size=max_sections),
        sources=st.lists(words, max_size=3),
        caption=st.none() | block,
        body=block,
        tags=st.lists(words, max_size=4),
        read=st.booleans(),
        starred=st.booleans(),
        note=block,
        url=optional_words,
    )
