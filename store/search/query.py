"""The query language of the search box and ``briefs search`` (Gmail-style, see :data:`HELP`):
:func:`parse_query` gives a :class:`Query` tree or a :class:`QueryError` saying where."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from briefs.models import tag_key
from briefs.text import clean_line, fold, strip_controls
from store.search import analysis

#: Longest query accepted, in characters, and most search terms in one query:
#: far beyond what anyone types, low enough that no query can be slow on purpose.
MAX_QUERY_CHARS, MAX_LEAVES, MAX_DEPTH = 2_000, 64, 16
OPERATORS = ("tag", "source", "speaker", "is", "after", "before", "on", "title", "sort")
IS_VALUES, SORT_VALUES = ("read", "unread", "starred"), ("relevance", "date")

HELP = """\
Search: words must all match (any form: talk, talks, talking; case and accents ignored).
  "exact phrase"        the words in this order
  a OR b                either one; (a OR b) c groups
  -word                 without it (also -"phrase", -tag:x, -is:read)
  prefix*               words starting with prefix
  tag:x  tag:"two words"  briefs with this tag (several tag: must all hold)
  source:x              a source containing x        speaker:x   quoted someone named x
  title:x               x in the title               is:unread  is:read  is:starred
  after:D  before:D  on:D   D is YYYY, YYYY-MM or YYYY-MM-DD; as in Gmail, after:2024
                        means from 2025-01-01, before:2024-03 means until 2024-02-29,
                        on:2024-03 means any day in March 2024
  sort:date  sort:relevance   (filters alone list briefs newest first)"""


class QueryError(ValueError):
    """A query that cannot be understood; the message says what is wrong and where."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word that must occur (several terms in a row for ``e-mail``); ``field``: ``"title"``."""

    text: str
    terms: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """An exact phrase: its terms in this order, next to each other."""

    text: str
    terms: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Prefix:
    """Any word starting with ``prefix`` (folded, not stemmed)."""

    text: str
    prefix: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    """A filter: ``value`` folded; dates as inclusive ordinals (None = open)."""

    name: str
    value: str
    date_from: int | None = None
    date_to: int | None = None


@dataclass(frozen=True, slots=True)
class Not:
    """Everything except what ``child`` matches."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """All children must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one child must match."""

    children: tuple[Node, ...]


Node = Word | Phrase | Prefix | Filter | Not | And | Or
TextNode = Word | Phrase | Prefix


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: a tree (``root``, None when empty) and the ``sort`` asked for, if any."""

    root: Node | None
    sort: str | None = None
    text: str = ""

    def positive_text(self) -> list[TextNode]:
        """The words, phrases and prefixes the matches contain (those not under a ``-``)."""
        found: list[TextNode] = []
        stack = [] if self.root is None else [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, And | Or):
                stack += reversed(node.children)
            elif not isinstance(node, Not | Filter):
                found.append(node)
        return found

    def terms(self) -> list[str]:
        """The positive words as the user typed them (folded): phrases quoted, prefixes starred."""
        return list(dict.fromkeys(
            f'"{node.text}"' if isinstance(node, Phrase) else
            f"{node.prefix}*" if isinstance(node, Prefix) else node.text
            for node in self.positive_text()))


_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_OPERATOR_RE = re.compile(r"([A-Za-z]{1,12}):")
_QUOTED_RE = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)([{_QUOTES}]?)")
_BARE_RE = re.compile(rf"[^\s{_QUOTES}()]*")
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


@dataclass(slots=True)
class _Tok:
    kind: str  # "word", "phrase", "op", "(", ")", "or", "not"
    text: str
    column: int  # 1-based, for messages
    name: str = ""  # operator name for kind "op"
    quoted: bool = False  # operator value was quoted


def _read(text: str, start: int, quoted: bool) -> tuple[str, int]:
    """The quoted text (or bare word: up to a space, quote or parenthesis) at ``start``."""
    if not quoted:
        end = _BARE_RE.match(text, start).end()  # type: ignore[union-attr] - it matches ""
        return text[start:end], end
    match = _QUOTED_RE.match(text, start)
    if match is None or not match.group(2):
        raise QueryError(f"unclosed quote at column {start + 1}")
    return match.group(1), match.end()


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    while i < len(text):
        ch, following, column = text[i], text[i + 1:i + 2], i + 1
        if ch.isspace():
            i += 1
        elif ch in "()" or (ch == "-" and following.strip() and following != ")"):
            toks.append(_Tok("not" if ch == "-" else ch, ch, column))
            i += 1
        elif ch in _QUOTES:
            inner, i = _read(text, i, True)
            toks.append(_Tok("phrase", inner, column))
        elif (match := _OPERATOR_RE.match(text, i)) and match.group(1).lower() in OPERATORS:
            quoted = text[match.end():match.end() + 1] in tuple(_QUOTES)
            value, i = _read(text, match.end(), quoted)
            toks.append(_Tok("op", value, column, name=match.group(1).lower(), quoted=quoted))
        else:
            word, i = _read(text, i, False)
            if word not in ("OR", "|"):
                _reject_near_miss(word, column)
            toks.append(_Tok("or" if word in ("OR", "|") else "word", word, column))
    return toks


def _reject_near_miss(word: str, column: int) -> None:
    """``tga:x`` is a typo for ``tag:x``: say so rather than search for the words."""
    match = _OPERATOR_RE.match(word)
    if not match or len(match.group(1)) < 2:
        return
    name = match.group(1).lower()
    best = min(OPERATORS, key=lambda op: edit_distance(name, op))
    if edit_distance(name, best) <= (2 if len(best) >= 6 else 1):
        raise QueryError(
            f'unknown operator "{match.group(1)}:" at column {column}; did you mean "{best}:"?')


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    return int(OSA.distance(a, b))


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks, self.pos, self.leaves = toks, 0, 0
        self.sort: str | None = None

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse_and(self, depth: int) -> Node | None:
        children: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            if (node := self.parse_or(depth)) is not None:
                children.append(node)
        return _joined(And, children)

    def parse_or(self, depth: int) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind == "or":
            raise QueryError(f'"OR" at column {tok.column} needs a search term before it')
        alternatives = [self.parse_unary(depth, in_or=False)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            following = self.peek()
            if following is None or following.kind in (")", "or"):
                raise QueryError(f'"OR" at column {tok.column} needs a search term after it')
            alternatives.append(self.parse_unary(depth, in_or=True))
        # An alternative with no words ("a OR !!!") drops out; the rest still make sense.
        return _joined(Or, [a for a in alternatives if a is not None])

    def parse_unary(self, depth: int, *, in_or: bool) -> Node | None:
        negations = 0
        while (tok := self.peek()) is not None and tok.kind == "not":
            negations += 1
            self.pos += 1
        if tok is None or tok.kind in (")", "or"):
            return None  # a lone "-" is not a search term
        if tok.kind == "op" and tok.name == "sort":
            self.pos += 1
            self.sort_order(tok, negations, in_or or (
                (following := self.peek()) is not None and following.kind == "or"))
            return None
        node = self.parse_atom(depth)
        for _ in range(negations if node is not None else 0):
            node = node.child if isinstance(node, Not) else Not(node)
        return node

    def sort_order(self, tok: _Tok, negations: int, in_or: bool) -> None:
        if negations:
            raise QueryError(f"sort: at column {tok.column} cannot be negated")
        if in_or:
            raise QueryError(f"sort: at column {tok.column} cannot be part of an OR")
        if (value := clean_line(tok.text).lower()) not in SORT_VALUES:
            raise QueryError(f'sort: at column {tok.column} expects "date" or "relevance", '
                             f'not "{tok.text}"')
        self.sort = value

    def parse_atom(self, depth: int) -> Node | None:
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "(":
            if depth >= MAX_DEPTH:
                raise QueryError(f"too many nested parentheses at column {tok.column}")
            inner = self.parse_and(depth + 1)
            if (closing := self.peek()) is None or closing.kind != ")":
                raise QueryError(f'unclosed "(" at column {tok.column}')
            self.pos += 1
            return inner
        if tok.kind == "op":
            return self.operator(tok)
        return self.text_node(tok.text, phrase=tok.kind == "phrase", field=None)

    def count_leaf(self) -> None:
        self.leaves += 1
        if self.leaves > MAX_LEAVES:
            raise QueryError(f"too many search terms ({MAX_LEAVES} at most)")

    def text_node(self, text: str, *, phrase: bool, field: str | None) -> Node | None:
        text = clean_line(text)
        if not phrase and text.endswith("*"):
            stripped = text.rstrip("*")
            pieces = (analysis.terms(stripped, stem=False)
                      if analysis.WORD_RE.fullmatch(stripped) else [])
            if len(pieces) == 1:
                self.count_leaf()
                return Prefix(text=fold(stripped), prefix=pieces[0], field=field)
            # "e-mai*", "*": treat the stars as punctuation, the rest as words.
        if not (terms := tuple(analysis.terms(text))):
            return None
        self.count_leaf()
        return (Phrase if phrase else Word)(text=fold(text), terms=terms, field=field)

    def operator(self, tok: _Tok) -> Node | None:
        name, raw = tok.name, clean_line(tok.text)
        if not raw:
            raise QueryError(f"{name}: at column {tok.column} needs a value")
        if name == "title":
            return self.text_node(raw, phrase=tok.quoted, field="title")
        self.count_leaf()
        if name == "is":
            if (value := raw.lower()) not in IS_VALUES:
                raise QueryError(
                    f'is: at column {tok.column} expects read, unread or starred, not "{raw}"')
            return Filter("is", value)
        if name in ("after", "before", "on"):
            first, last = parse_date_period(raw)
            low, high = {"after": (last.toordinal() + 1, None),
                         "before": (None, first.toordinal() - 1)}.get(
                name, (first.toordinal(), last.toordinal()))
            return Filter(name, raw, date_from=low, date_to=high)
        if name == "tag":
            if not (key := tag_key(raw)):
                raise QueryError(f"tag: at column {tok.column} needs a value")
            return Filter("tag", key)
        return Filter(name, fold(raw))


def _joined(kind: type[And] | type[Or], children: list[Node]) -> Node | None:
    if not children:
        return None
    return children[0] if len(children) == 1 else kind(tuple(children))


def parse_date_period(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``/`` also accepted)."""
    try:
        year, month, day = _DATE_RE.fullmatch(value).groups()  # type: ignore[union-attr]
        first = dt.date(int(year), int(month or 1), int(day or 1))
        end = int(month or 12)
        last = first if day else dt.date(first.year, end, calendar.monthrange(first.year, end)[1])
        return first, last
    except (AttributeError, ValueError):  # no match; no such day
        raise QueryError(f'bad date "{value}": expected YYYY, YYYY-MM or YYYY-MM-DD') from None


def parse_query(text: str) -> Query:
    """Parse a search query (see the module docstring); raises :class:`QueryError` only."""
    text = strip_controls(str(text)).replace("\n", " ").replace("\t", " ")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({MAX_QUERY_CHARS} characters at most)")
    parser = _Parser(_lex(text))  # MAX_DEPTH keeps its recursion far from Python's limit
    root = parser.parse_and(depth=0)
    if (tok := parser.peek()) is not None:  # only a stray ")" stops it at the top level
        raise QueryError(f'unmatched ")" at column {tok.column}')
    return Query(root=root, sort=parser.sort, text=text.strip())
