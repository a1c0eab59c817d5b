"""The domain model: a :class:`Brief` and the :class:`Quote` statements in it.

Both normalise their fields on construction (see :mod:`briefs.text`), so every
``Brief`` that exists is clean: no control characters, unified line breaks,
tags de-duplicated. That is what lets the Markdown format promise an exact
round trip, ``read_markdown(write_markdown(b)) == b``, for every Brief.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from briefs.text import clean_block, clean_line, fold, strip_controls

#: The longest tag kept; longer ones are cut (tags are chips, not prose).
TAG_MAX_CHARS = 40
#: The longest personal note kept.
NOTE_MAX_CHARS = 20_000
#: Headings the Markdown brief format uses for the Brief's own fields; a free
#: section may not take one of these names (see :class:`Section`).
RESERVED_HEADINGS = ("Summary", "Quoted statements", "Background", "Note", "Full text")
_RESERVED_FOLDED = {fold(h) for h in RESERVED_HEADINGS}
#: Characters that carry meaning in tag edits (``a, b, -c``) and so cannot start
#: or appear in a tag.
_TAG_FORBIDDEN = ","
_TAG_LEADING = "+-#"


def normalize_tag(tag: str) -> str:
    """Return ``tag`` trimmed, cleaned and cut to :data:`TAG_MAX_CHARS` ("" if nothing is left).

    Commas separate tags in the editor, and a leading ``+``/``-``/``#`` means
    add/remove in the command line, so neither can be part of a tag.
    """
    cleaned = clean_line(tag.replace(_TAG_FORBIDDEN, " ")).lstrip(_TAG_LEADING).strip()
    return cleaned[:TAG_MAX_CHARS].rstrip()


def normalize_tags(tags: list[str] | tuple[str, ...]) -> list[str]:
    """Normalise and de-duplicate tags case-insensitively, keeping the first spelling."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        clean = normalize_tag(str(tag))
        key = fold(clean)
        if clean and key not in seen:
            seen.add(key)
            result.append(clean)
    return result


def normalize_note(note: str | None) -> str:
    """A personal note as stored: cleaned, cut to :data:`NOTE_MAX_CHARS`, trimmed."""
    return clean_block(str(note or ""))[:NOTE_MAX_CHARS].strip()


def tag_key(tag: str) -> str:
    """The identity of a tag: ``Diplomacy`` and ``diplomacy`` are the same tag."""
    return fold(normalize_tag(tag))


def brief_id_for(text: str) -> str:
    """A stable id for an article: the same text always gives the same id.

    White space is normalised first, so re-saving a file with other line
    endings or trailing spaces does not make it a new brief.
    """
    # (clean_block would also drop trailing and blank-line white space, which split()
    # drops anyway: taking the controls out is all the cleaning the id needs)
    canonical = " ".join(strip_controls(text).split())
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(eq=True)
class Quote:
    """A quoted statement: the words, who said them, and how the article said so.

    Attributes:
        text: The statement without its quotation marks.
        speaker: Who said it, as a reader would name them (resolved from
            pronouns and role mentions), or None when the article does not say.
        speaker_mention: The words in the article that point to the speaker
            (``"the diplomat"``, ``"he"``), or None.
        cue: The verb or phrase that introduces it (``"told"``, ``"according to"``).
    """

    text: str
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None

    def __post_init__(self) -> None:
        self.text = clean_block(str(self.text or ""))
        self.speaker = clean_line(self.speaker) or None if self.speaker else None
        self.speaker_mention = (
            clean_line(self.speaker_mention) or None if self.speaker_mention else None
        )
        self.cue = clean_line(self.cue) or None if self.cue else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by the command line and the store."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "cue": self.cue,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        """Build a Quote from :meth:`to_dict` output (unknown keys are ignored)."""
        return cls(
            text=data.get("text", ""),
            speaker=data.get("speaker"),
            speaker_mention=data.get("speaker_mention"),
            cue=data.get("cue"),
        )


@dataclass(eq=True)
class Section:
    """A labelled section of a brief other than summary and background (e.g. Details).

    A label that collides with one of :data:`RESERVED_HEADINGS` gets
    ``" (section)"`` appended, so that the Markdown format stays unambiguous.
    """

    label: str
    text: str

    def __post_init__(self) -> None:
        label = clean_line(str(self.label or "")).lstrip("#").strip() or "Section"
        if fold(label) in _RESERVED_FOLDED:
            label = f"{label} (section)"
        self.label = label
        self.text = clean_block(str(self.text or ""))

    def to_dict(self) -> dict[str, str]:
        """The JSON shape: ``{"label": ..., "text": ...}``."""
        return {"label": self.label, "text": self.text}


@dataclass(eq=True)
class Brief:
    """A dated news item with its summary, quoted statements, background and the reader's state.

    Content fields come from the article; ``tags``, ``read``, ``starred`` and
    ``note`` belong to the reader and survive re-imports of the same article.
    """

    id: str
    title: str
    date: dt.date | None = None
    summary: str = ""
    quotes: list[Quote] = field(default_factory=list)
    background: str = ""
    sections: list[Section] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    caption: str | None = None
    body: str = ""
    tags: list[str] = field(default_factory=list)
    read: bool = False
    starred: bool = False
    note: str = ""
    url: str | None = None

    def __post_init__(self) -> None:
        self.id = clean_line(str(self.id or ""))
        self.title = clean_line(str(self.title or "")) or "Untitled brief"
        if isinstance(self.date, dt.datetime):
            self.date = self.date.date()
        elif self.date is not None and not isinstance(self.date, dt.date):
            self.date = dt.date.fromisoformat(str(self.date))
        self.summary = clean_block(self.summary or "")
        self.quotes = [q if isinstance(q, Quote) else Quote.from_dict(q) for q in self.quotes]
        self.quotes = [q for q in self.quotes if q.text]
        self.background = clean_block(self.background or "")
        self.sections = [
            s if isinstance(s, Section) else Section(s["label"], s["text"]) for s in self.sections
        ]
        self.sections = [s for s in self.sections if s.text]
        self.sources = _dedupe_lines(self.sources)
        self.caption = clean_block(self.caption) or None if self.caption else None
        self.body = clean_block(self.body or "")
        self.tags = normalize_tags(list(self.tags))
        self.read = bool(self.read)
        self.starred = bool(self.starred)
        self.note = normalize_note(self.note)
        self.url = clean_line(self.url) or None if self.url else None

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers of the quoted statements, in order of first appearance."""
        return _dedupe_lines([q.speaker for q in self.quotes if q.speaker])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape shared by ``list``, ``show``, ``parse`` and ``search``."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "summary": self.summary,
            "quotes": [q.to_dict() for q in self.quotes],
            "background": self.background,
            "sections": [s.to_dict() for s in self.sections],
            "sources": list(self.sources),
            "caption": self.caption,
            "body": self.body,
            "tags": list(self.tags),
            "read": self.read,
            "starred": self.starred,
            "note": self.note,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """Build a Brief from :meth:`to_dict` output (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["quotes"] = [Quote.from_dict(q) for q in data.get("quotes") or []]
        kwargs["sections"] = [
            Section(s.get("label", ""), s.get("text", "")) for s in data.get("sections") or []
        ]
        return cls(**kwargs)

    def content_equals(self, other: Brief) -> bool:
        """True when the article content is the same, whatever the reader's state."""
        mine, theirs = asdict(self), asdict(other)
        for personal in ("tags", "read", "starred", "note"):
            mine.pop(personal)
            theirs.pop(personal)
        return mine == theirs

    def with_personal_state_of(self, other: Brief) -> Brief:
        """This brief's content with ``other``'s tags, read/starred flags and note."""
        return replace(
            self, tags=list(other.tags), read=other.read, starred=other.starred, note=other.note
        )


def _dedupe_lines(values: list[str | None] | list[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        clean = clean_line(str(value or ""))
        key = fold(clean)
        if clean and key not in seen:
            seen.add(key)
            result.append(clean)
    return result
