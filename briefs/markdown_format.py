"""The Markdown brief format: a file people can read and edit, with an exact round trip.

A brief is written as YAML front matter followed by level-two sections::

    ---
    id: 4ce23b86cf1bdcde
    title: US and Russian representatives held informal talks
    date: 2025-02-21
    tags: [russia, diplomacy]
    sources: [Reuters, European Pravda]
    ---

    ## Summary

    Free Markdown text.

    ## Quoted statements

    > The words as spoken,
    > line by line.
    — Speaker Name
    <!-- {"mention": "the diplomat", "cue": "told"} -->

    ## Background
    ## <any other section label>
    ## Note
    ## Full text

Conventions (all reversible, so ``read_markdown(write_markdown(b)) == b``):

* Front matter keys whose value is empty or default are left out; missing keys
  read as defaults. ``id`` and ``title`` are always written.
* A content line that would read as a ``## `` heading (``^\\*##`` followed by a
  space, a tab or the end of the line) gets one more leading backslash on write
  and loses one on read. Markdown shows ``\\##`` as ``##``, so the file still
  reads naturally.
* A quoted statement is a blockquote (``> `` before every line, ``>`` alone for
  a blank inner line), then ``— Speaker`` when the speaker is known (no such
  line means the quote is unattributed), then an optional HTML comment holding
  ``speaker_mention`` and ``cue`` as JSON in which ``<`` and ``>`` are ``\\u``
  escapes, so that ``-->`` can never appear inside it.
* A free section whose label would read as one of the brief's own headings (or
  starts with a backslash) is written ``## \\<label>``; on read a heading label
  starting with a backslash loses it and always names a free section.

Hand-written briefs are read leniently: front matter is optional (the title then
comes from the first ``# Heading``), headings are case- and accent-insensitive,
``## Quotes`` is an alias of ``## Quoted statements``, ``### `` headings stay
content, attributions may be written ``— Name``, ``-- Name`` or ``- Name``, and
text before the first section is taken as the full text. Anything that cannot
be read raises :class:`BriefFormatError`, never another exception.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefs.front_matter import (
    BriefFormatError,
    flag,
    kind,
    optional_line,
    optional_text,
    read_date,
    require_encodable,
    shorten,
    string_list,
)
from briefs.models import Brief, Quote, Section, brief_id_for
from briefs.text import fold

__all__ = ["BriefFormatError", "read_markdown", "write_markdown"]

SUMMARY = "Summary"
QUOTES = "Quoted statements"
BACKGROUND = "Background"
NOTE = "Note"
FULL_TEXT = "Full text"

#: Folded heading text -> the Brief part it names. Every key here is a heading
#: a free section must not be read as, so labels that fold to one are escaped.
_HEADING_ALIASES: dict[str, str] = {
    fold(SUMMARY): SUMMARY,
    fold(QUOTES): QUOTES,
    fold("Quotes"): QUOTES,
    fold(BACKGROUND): BACKGROUND,
    fold(NOTE): NOTE,
    fold(FULL_TEXT): FULL_TEXT,
}

_FRONT_MATTER_FENCE = "---"
# YAML also ends a document with "...", and some editors write that.
_FRONT_MATTER_ENDS = ("---", "...")

# What the reader takes for a section heading: "##" then a space, a tab or the end
# of the line ("###" is content). The escape pattern is the same with any number
# of leading backslashes, so escaping stays reversible at every depth.
_HEADING = re.compile(r"^##(?:[ \t]+(?P<label>.*?))?[ \t]*$")
_NEEDS_ESCAPE = re.compile(r"^\\*##(?:[ \t]|$)")
_ESCAPED = re.compile(r"^\\+##(?:[ \t]|$)")
_DOCUMENT_TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*$")

# "— Name" is what we write; "-- Name" and "- Name" are accepted from people.
_ATTRIBUTION = re.compile(r"^(?:—|--|-)[ \t]*(?P<speaker>\S.*)$")
_META_COMMENT = re.compile(r"^<!--[ \t]*(?P<json>\{.*\})[ \t]*-->[ \t]*$")
# With every "<" and ">" escaped, neither "<!--" nor "-->" can occur inside the comment.
_JSON_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e"})

_LINE_ENDINGS = re.compile(r"\r\n?")

# Errors PyYAML's safe loader lets escape besides YAMLError: an impossible
# timestamp such as 2024-13-45 raises ValueError, very deep nesting RecursionError.
_YAML_FAILURES = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)


class _FrontMatterDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with the short lists on one line: ``tags: [russia, diplomacy]``."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_FrontMatterDumper.add_representer(list, _represent_list)


# --------------------------------------------------------------------------- write


def write_markdown(brief: Brief) -> str:
    """Serialise ``brief`` as a Markdown brief that :func:`read_markdown` reads back exactly."""
    front = yaml.dump(
        _front_matter(brief),
        Dumper=_FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        # Wide, so that long titles stay on one line instead of being folded.
        width=sys.maxsize,
        default_flow_style=False,
    )
    parts: list[str] = []
    if brief.summary:
        parts.append(_part(SUMMARY, _escape_block(brief.summary)))
    if brief.quotes:
        parts.append(_part(QUOTES, "\n\n".join(_write_quote(q) for q in brief.quotes)))
    if brief.background:
        parts.append(_part(BACKGROUND, _escape_block(brief.background)))
    for section in brief.sections:
        parts.append(_part(_escape_label(section.label), _escape_block(section.text)))
    if brief.note:
        parts.append(_part(NOTE, _escape_block(brief.note)))
    if brief.body:
        parts.append(_part(FULL_TEXT, _escape_block(brief.body)))
    text = f"{_FRONT_MATTER_FENCE}\n{front}{_FRONT_MATTER_FENCE}\n"
    if parts:
        text += "\n" + "\n\n".join(parts) + "\n"
    return text


def _front_matter(brief: Brief) -> dict[str, Any]:
    data: dict[str, Any] = {"id": brief.id, "title": brief.title}
    if brief.date is not None:
        data["date"] = brief.date
    if brief.tags:
        data["tags"] = list(brief.tags)
    if brief.sources:
        data["sources"] = list(brief.sources)
    if brief.url:
        data["url"] = brief.url
    if brief.caption:
        data["caption"] = brief.caption
    if brief.read:
        data["read"] = True
    if brief.starred:
        data["starred"] = True
    return data


def _part(heading: str, content: str) -> str:
    return f"## {heading}\n\n{content}"


def _escape_block(text: str) -> str:
    lines = text.split("\n")
    return "\n".join("\\" + line if _NEEDS_ESCAPE.match(line) else line for line in lines)


def _escape_label(label: str) -> str:
    if label.startswith("\\") or fold(label) in _HEADING_ALIASES:
        return "\\" + label
    return label


def _write_quote(quote: Quote) -> str:
    lines = [f"> {line}" if line else ">" for line in quote.text.split("\n")]
    if quote.speaker:
        lines.append(f"— {quote.speaker}")
    meta = {
        key: value
        for key, value in (("mention", quote.speaker_mention), ("cue", quote.cue))
        if value
    }
    if meta:
        payload = json.dumps(meta, ensure_ascii=False).translate(_JSON_UNSAFE)
        lines.append(f"<!-- {payload} -->")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- read


@dataclass
class _Part:
    """A section of the document as read: its heading and raw lines."""

    name: str  # one of the reserved names, or a free label
    reserved: bool
    line_number: int  # 1-based line of the heading, for error messages
    lines: list[str] = field(default_factory=list)


def read_markdown(text: str, *, fallback_id: str | None = None) -> Brief:
    """Parse a Markdown brief (see the module docs for the format).

    Args:
        text: The file's content.
        fallback_id: The id to use when the front matter has none; without it
            the id is :func:`~briefs.models.brief_id_for` of ``text``.

    Raises:
        BriefFormatError: the front matter is not valid YAML, not a mapping, is
            not closed, or has a value of the wrong type; or a line in the
            quoted statements is neither quote, attribution nor metadata.
    """
    require_encodable(text, "the text")
    lines = _LINE_ENDINGS.sub("\n", text.removeprefix("\ufeff")).split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    meta: dict[str, Any] = {}
    if start < len(lines) and lines[start].rstrip() == _FRONT_MATTER_FENCE:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].rstrip() in _FRONT_MATTER_ENDS),
            None,
        )
        if end is None:
            raise BriefFormatError("front matter has no closing '---' line")
        meta = _load_front_matter("\n".join(lines[start + 1 : end]), first_line=start + 2)
        start = end + 1

    preamble, parts = _split_parts(lines, start)
    document_title = _take_document_title(preamble)

    texts: dict[str, list[str]] = {SUMMARY: [], BACKGROUND: [], NOTE: [], FULL_TEXT: []}
    quotes: list[Quote] = []
    sections: list[Section] = []
    for part in parts:
        if part.reserved and part.name == QUOTES:
            quotes.extend(_read_quotes(part))
        elif part.reserved:
            texts[part.name].append(_unescape_block(part.lines))
        else:
            sections.append(Section(part.name, _unescape_block(part.lines)))
    # Text before the first section of a hand-written brief is its article text.
    texts[FULL_TEXT].insert(0, _unescape_block(preamble))

    def joined(name: str) -> str:
        return "\n\n".join(t for t in texts[name] if t)

    brief_id = optional_line(meta, "id")
    if brief_id is None:
        brief_id = fallback_id if fallback_id is not None else brief_id_for(text)
    return Brief(
        id=brief_id,
        title=optional_line(meta, "title") or document_title or "",
        date=read_date(meta.get("date")),
        summary=joined(SUMMARY),
        quotes=quotes,
        background=joined(BACKGROUND),
        sections=sections,
        sources=string_list(meta, "sources"),
        caption=optional_text(meta, "caption"),
        body=joined(FULL_TEXT),
        tags=string_list(meta, "tags"),
        read=flag(meta, "read"),
        starred=flag(meta, "starred"),
        note=joined(NOTE),
        url=optional_line(meta, "url"),
    )


def _load_front_matter(source: str, first_line: int) -> dict[str, Any]:
    """The front matter as a mapping; ``first_line`` is its 1-based line in the file."""
    try:
        data = yaml.safe_load(source)
    except _YAML_FAILURES as exc:
        # PyYAML's full message is several lines of context; keep the problem and
        # where it is, counted in lines of the whole file.
        if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
            problem = exc.problem
            if exc.problem_mark is not None:
                problem += f" (line {exc.problem_mark.line + first_line})"
        else:
            problem = str(exc).strip().split("\n", 1)[0] or type(exc).__name__
        raise BriefFormatError(f"front matter is not valid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefFormatError(
            f"front matter must be a mapping of keys to values, not {kind(data)}"
        )
    return data


def _split_parts(lines: list[str], start: int) -> tuple[list[str], list[_Part]]:
    preamble: list[str] = []
    parts: list[_Part] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        heading = _HEADING.match(line)
        if heading is None:
            (parts[-1].lines if parts else preamble).append(line)
            continue
        label = heading.group("label") or ""
        if label.startswith("\\"):
            # An escaped label always names a free section (see _escape_label).
            parts.append(_Part(label[1:], False, number))
        elif fold(label) in _HEADING_ALIASES:
            parts.append(_Part(_HEADING_ALIASES[fold(label)], True, number))
        else:
            parts.append(_Part(label, False, number))
    return preamble, parts


def _take_document_title(preamble: list[str]) -> str | None:
    """Remove the first ``# Title`` line of the preamble and return its text."""
    for index, line in enumerate(preamble):
        match = _DOCUMENT_TITLE.match(line)
        if match:
            del preamble[index]
            return match.group("title")
    return None


def _unescape_block(lines: list[str]) -> str:
    text = "\n".join(line[1:] if _ESCAPED.match(line) else line for line in lines)
    return text.strip("\n")


@dataclass
class _QuoteDraft:
    lines: list[str] = field(default_factory=list)
    speaker: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    closed: bool = False  # an attribution or metadata line ended the blockquote


def _read_quotes(part: _Part) -> list[Quote]:
    drafts: list[_QuoteDraft] = []
    after_blank = True
    for offset, line in enumerate(part.lines, start=1):
        number = part.line_number + offset
        current = drafts[-1] if drafts else None
        if not line.strip():
            after_blank = True
            continue
        if line.startswith(">"):
            # A blank line or an attribution between blockquote lines starts a new quote.
            if current is None or current.closed or after_blank:
                current = _QuoteDraft()
                drafts.append(current)
            current.lines.append(line[2:] if line.startswith("> ") else line[1:])
        elif (attribution := _ATTRIBUTION.match(line)) and current and not current.closed:
            current.speaker = attribution.group("speaker")
            current.closed = True
        elif (comment := _META_COMMENT.match(line)) and current and not current.meta:
            current.meta = _read_quote_meta(comment.group("json"), number)
            current.closed = True
        else:
            raise BriefFormatError(
                f"line {number}: expected a '> ' quote, a '— Speaker' line or a "
                f"<!-- {{...}} --> comment in {QUOTES}, found {shorten(line)!r}"
            )
        after_blank = False
    return [
        Quote(
            text="\n".join(d.lines),
            speaker=d.speaker,
            speaker_mention=d.meta.get("mention"),
            cue=d.meta.get("cue"),
        )
        for d in drafts
    ]


def _read_quote_meta(payload: str, number: int) -> dict[str, str]:
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        raise BriefFormatError(f"line {number}: quote metadata is not valid JSON") from None
    if not isinstance(data, dict):
        raise BriefFormatError(f"line {number}: quote metadata must be a JSON object")
    result: dict[str, str] = {}
    for key in ("mention", "cue"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BriefFormatError(
                f"line {number}: quote metadata {key!r} must be text, not {kind(value)}"
            )
        result[key] = require_encodable(value, f"line {number}: quote metadata {key!r}")
    return result
