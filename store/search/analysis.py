"""Text analysis: one set of tantivy analysers for the index, the query parser and highlighting,
so what is asked for and highlighted is what the index matched (docs/search-design.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import tantivy

from briefs.models import Brief
from briefs.text import fold

#: Tokens longer than this are not words (hashes, base64, URLs glued together).
MAX_TOKEN_CHARS = 64
STEMMED, FOLDED = "briefs_en", "briefs_folded"
# Letters and digits, plus the combining marks of decomposed accents (which
# ``\w`` does not match), so ``cafe\u0301`` stays one token.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_RE = re.compile(rf"[^\W_][^\W_]*(?:[{_MARKS}]+[^\W_]*)*")


def _analyser(*extra: tantivy.Filter) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    for step in (tantivy.Filter.remove_long(MAX_TOKEN_CHARS + 1), tantivy.Filter.lowercase(),
                 tantivy.Filter.ascii_fold(), *extra):
        builder = builder.filter(step)
    return builder.build()


_STEM, _FOLD = _analyser(tantivy.Filter.stemmer("english")), _analyser()
ANALYSERS = {STEMMED: _STEM, FOLDED: _FOLD}


def searchable(text: str) -> str:
    """Text as the index sees it: folded like queries are (accents, ligatures) when not ASCII."""
    return text if text.isascii() else fold(unicodedata.normalize("NFC", text))


def terms(text: str, *, stem: bool = True) -> list[str]:
    """Every index term of ``text``, in order (one position each); unstemmed if not ``stem``."""
    return (_STEM if stem else _FOLD).analyze(searchable(text))


def stems(words: list[str]) -> list[str]:
    """The stem of each of these single folded words (one call into tantivy)."""
    return _STEM.analyze(" ".join(words))


@dataclass(frozen=True, slots=True)
class Token:
    """One term of a text with the character range of the token it came from."""

    term: str
    surface: str  # the folded piece of the token (unstemmed): for prefixes
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """The terms of ``text`` with their character ranges, for snippets and highlights."""
    if text.isascii():
        for token in _STEM.pre_tokenize(text).tokens:
            start, end = token.char_offset_from, token.char_offset_to
            yield Token(token.text, text[start:end].lower(), start, end)
        return
    for match in WORD_RE.finditer(text):
        folded = searchable(match.group())
        for piece, term in zip(_FOLD.analyze(folded), _STEM.analyze(folded), strict=True):
            yield Token(term, piece, match.start(), match.end())


def field_items(brief: Brief) -> list[list[str]]:
    """The texts of ``brief``'s title, quotes (speakers too), summary and body, one per item."""
    quotes = [text for q in brief.quotes for text in (q.text, q.speaker)[:1 + bool(q.speaker)]]
    body = [*([brief.background] if brief.background else []),
            *(f"{section.label}\n{section.text}" for section in brief.sections),
            *(text for text in (brief.caption, brief.body) if text)]
    return [[brief.title], quotes, [brief.summary] if brief.summary else [], body]
