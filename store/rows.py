"""The light-weight listing row: what the list pane and search filters need, without bodies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefs.models import Brief


@dataclass(slots=True)
class BriefRow:
    """One brief as the list and the query filters see it (no summary, no body).

    Kept in memory for every brief in the store, so it holds only short fields.
    ``tags``, ``read``, ``starred`` and ``has_note`` are the reader's state and
    change all day; the rest changes only when the article is re-imported.
    """

    id: str
    title: str
    date: dt.date | None
    sources: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    read: bool = False
    starred: bool = False
    has_note: bool = False
    quote_count: int = 0

    @classmethod
    def from_brief(cls, brief: Brief) -> BriefRow:
        """The row for ``brief``."""
        return cls(
            id=brief.id,
            title=brief.title,
            date=brief.date,
            sources=list(brief.sources),
            speakers=brief.speakers,
            tags=list(brief.tags),
            read=brief.read,
            starred=brief.starred,
            has_note=bool(brief.note),
            quote_count=len(brief.quotes),
        )

    def sort_key_newest_first(self) -> tuple[int, str, str]:
        """Sort key putting the newest first; undated briefs last, ties by title then id."""
        ordinal = self.date.toordinal() if self.date else 0
        return (-ordinal, self.title.casefold(), self.id)


@dataclass(slots=True, frozen=True)
class QuoteRow:
    """One quoted statement in the collection, with the brief it comes from."""

    brief_id: str
    date: dt.date | None
    title: str
    text: str
    speaker: str | None
