"""Text analysis in Python, for the query parser, snippets and highlighting.

A token is a run of letters and digits (``don't`` is ``don`` + ``t``), folded
with :func:`briefs.text.fold` (case, diacritics) and stemmed with the Snowball
English stemmer (PyStemmer): the same terms tantivy's ``briefs_en`` analyser
gives the index (see :mod:`store.search.engine`), so what a query asks for and
what is highlighted is what the index matched.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

from briefs.models import Brief
from briefs.text import fold

# Letters and digits, plus the combining marks of decomposed accents (which
# ``\w`` does not match), so ``cafe\u0301`` stays one token.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_RE = re.compile(rf"[^\W_][^\W_]*(?:[{_MARKS}]+[^\W_]*)*")

#: Tokens longer than this are not words (hashes, base64, URLs glued together);
#: they are skipped so they do not bloat the vocabulary.
MAX_TOKEN_CHARS = 64

_local = threading.local()
_TERMS_CACHE: dict[str, tuple[str, ...]] = {}
_PIECES_CACHE: dict[str, tuple[tuple[str, str], ...]] = {}
_CACHE_MAX = 500_000


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe; one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def stem(word: str) -> str:
    """The index term for one already folded word (Snowball English)."""
    return _stemmer().stemWord(word)


def fold_token(token: str) -> list[str]:
    """The folded pieces of one raw token (usually one; none if it is too long)."""
    if len(token) > MAX_TOKEN_CHARS:
        return []
    folded = token.lower() if token.isascii() else fold(token)
    if folded.isalnum():
        return [folded]
    return WORD_RE.findall(folded)


def terms_of_token(token: str) -> tuple[str, ...]:
    """The index terms of one raw token (as matched by :data:`WORD_RE`), cached."""
    terms = _TERMS_CACHE.get(token)
    if terms is None:
        terms = tuple(term for _, term in pieces_of_token(token))
        _TERMS_CACHE[token] = terms
    return terms


def pieces_of_token(token: str) -> tuple[tuple[str, str], ...]:
    """``(folded word, term)`` for each piece of one raw token, cached."""
    pieces = _PIECES_CACHE.get(token)
    if pieces is None:
        pieces = tuple((piece, stem(piece)) for piece in fold_token(token))
        if len(_PIECES_CACHE) >= _CACHE_MAX:
            # A crude bound on memory: the caches refill from the words in use.
            _PIECES_CACHE.clear()
            _TERMS_CACHE.clear()
        _PIECES_CACHE[token] = pieces
    return pieces


_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")


def terms(text: str) -> list[str]:
    """Every index term of ``text``, in order (one position each).

    For ASCII text, lower-casing first changes no term (folding lower-cases
    anyway) and lets a simpler, faster pattern find the same tokens.
    """
    found = _ASCII_WORD_RE.findall(text.lower()) if text.isascii() else WORD_RE.findall(text)
    return [term for token in found for term in terms_of_token(token)]


@dataclass(frozen=True, slots=True)
class Token:
    """One term of a text with the character range of the token it came from."""

    term: str
    surface: str  # the folded piece of the token (unstemmed): for prefixes
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """The terms of ``text`` with their character ranges, for snippets and highlights."""
    for match in WORD_RE.finditer(text):
        for piece, term in pieces_of_token(match.group()):
            yield Token(term, piece, match.start(), match.end())


def field_items(brief: Brief) -> list[list[str]]:
    """The texts of each field of ``brief`` (title, quotes, summary, body), one per item.

    Quoted statements carry their speakers (so a name finds what that person
    said); background, free sections and the caption count as body. Tags,
    sources and notes are not indexed: filters read them from the rows, and
    the reader's own state changes too often to be worth re-indexing.
    """
    quotes: list[str] = []
    for quote in brief.quotes:
        quotes.append(quote.text)
        if quote.speaker:
            quotes.append(quote.speaker)
    body: list[str] = []
    if brief.background:
        body.append(brief.background)
    for section in brief.sections:
        body.append(f"{section.label}\n{section.text}")
    if brief.caption:
        body.append(brief.caption)
    if brief.body:
        body.append(brief.body)
    return [[brief.title], quotes, [brief.summary] if brief.summary else [], body]
