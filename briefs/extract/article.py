"""What an extractor found, and the Brief made of it through the article parser."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from briefs.models import Brief, brief_id_for
from briefs.parse import parse_article
from briefs.text import clean_block, clean_line


@dataclass
class Extracted:
    """An article's text as taken from a page, feed entry or email, with what its source states.

    Attributes:
        text: The article text, paragraphs separated by blank lines.
        title, date, author, sitename, url: The source's own metadata (None when absent).
        tags: Tags the source puts on it (a subscribed feed's tags).
        key: A stable identity when there is no URL (an email's Message-ID).
        warnings: One-line notes for the user (a charset that had to be guessed).
    """

    text: str
    title: str | None = None
    date: dt.date | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    key: str | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = clean_block(self.text or "")
        self.title = clean_line(self.title or "") or None
        self.author = clean_line(self.author or "") or None
        self.sitename = clean_line(self.sitename or "") or None
        self.url = clean_line(self.url or "") or None


def brief_from_extracted(found: Extracted) -> Brief:
    """Parse ``found.text`` as an article; the source's own metadata wins over guesses.

    The id follows the canonical URL when there is one (so the same story
    fetched again, or met in two feeds, is one brief), else ``found.key``, else
    the text. The brief keeps the URL and the extracted text as its body.
    """
    from briefs.extract.urls import canonical_url

    parsed = parse_article(found.text)
    url = canonical_url(found.url) if found.url else None
    if url:
        brief_id = brief_id_for(url)
    elif found.key:
        brief_id = brief_id_for(found.key)
    else:
        brief_id = parsed.id
    sources = ([found.sitename] if found.sitename else []) + list(parsed.sources)
    return replace(
        parsed,
        id=brief_id,
        title=found.title or parsed.title,
        date=found.date or parsed.date,
        sources=sources,
        body=found.text,
        url=url,
        tags=list(found.tags),
    )
