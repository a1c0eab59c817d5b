"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed read here.

feedparser 6 reads every XML feed dialect but not JSON Feed (jsonfeed.org),
which is plain JSON with a small documented shape, so :func:`parse_feed` reads
that with :mod:`json`. Either way the result is a :class:`Feed` of
:class:`FeedEntry` records in the feed's order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from dataclasses import dataclass, field
from typing import Any

from briefs.extract.article import Extracted
from briefs.extract.html import html_fragment_text, plain_paragraphs
from briefs.extract.urls import canonical_url
from briefs.text import clean_line

#: An entry whose content has at least this many words carries the article
#: itself; a shorter one is a teaser, and the linked page is fetched instead.
FULL_CONTENT_MIN_WORDS = 120


class NotAFeedError(ValueError):
    """The bytes are not an RSS, Atom or JSON feed; the message says why in one line."""


@dataclass
class FeedEntry:
    """One item of a feed: its identity, link, title, date and whatever text it carries."""

    key: str
    link: str | None = None
    title: str | None = None
    date: dt.date | None = None
    author: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    summary_html: str | None = None

    def full_text(self) -> str | None:
        """The entry's own article text when it has the whole article, else None."""
        text = self._content()
        if text and len(text.split()) >= FULL_CONTENT_MIN_WORDS:
            return text
        return None

    def any_text(self) -> str:
        """Whatever text the entry has (content, else summary), for a link that cannot be read."""
        return self._content() or html_fragment_text(self.summary_html or "")

    def _content(self) -> str:
        if self.content_html:
            return html_fragment_text(self.content_html)
        return plain_paragraphs(self.content_text or "")

    def extracted(self, text: str, *, feed: Feed, tags: list[str] | None = None) -> Extracted:
        """An :class:`Extracted` for this entry's ``text``, titled and dated by the feed."""
        return Extracted(text=text, title=self.title, date=self.date, author=self.author,
                         sitename=feed.title, url=self.link, tags=list(tags or []),
                         key=self.key)


@dataclass
class Feed:
    """A parsed feed: its title and link, its entries in order, and warnings."""

    title: str | None
    link: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    kind: str = ""
    warnings: list[str] = field(default_factory=list)


def looks_like_json_feed(data: bytes) -> bool:
    """True when the bytes start like a JSON object (JSON Feed is the only JSON feed kind)."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_feed(data: bytes, *, url: str | None = None) -> Feed:
    """Parse a feed document (RSS, Atom or JSON Feed); raise :class:`NotAFeedError`."""
    if looks_like_json_feed(data):
        return _parse_json_feed(data)
    return _parse_xml_feed(data, url)


def _parse_xml_feed(data: bytes, url: str | None) -> Feed:
    import feedparser

    # A stream, never a str: feedparser would take a str for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url or ""})
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f" ({clean_line(str(reason))[:120]})" if reason else ""
        raise NotAFeedError(f"not an RSS or Atom feed{detail}")
    info = parsed.get("feed", {})
    feed = Feed(title=_text(info.get("title")), link=info.get("link"), kind=parsed["version"])
    if parsed.get("bozo"):
        feed.warnings.append(f"feed is not well-formed: {clean_line(str(parsed.bozo_exception))}")
    for index, entry in enumerate(parsed.get("entries", [])):
        link = entry.get("link") or None
        contents = entry.get("content") or []
        html_parts = [c.get("value", "") for c in contents if "html" in c.get("type", "html")]
        text_parts = [c.get("value", "") for c in contents if "html" not in c.get("type", "html")]
        feed.entries.append(
            FeedEntry(
                key=_entry_key(entry.get("id"), link, entry.get("title"), index),
                link=link,
                title=_text(entry.get("title")),
                date=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                author=_text(entry.get("author")),
                content_html="\n".join(html_parts) or None,
                content_text="\n\n".join(text_parts) or None,
                summary_html=entry.get("summary") or None,
            )
        )
    return feed


def _parse_json_feed(data: bytes) -> Feed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise NotAFeedError(f"not a JSON Feed (invalid JSON: {error})") from error
    version = str(document.get("version", "")) if isinstance(document, dict) else ""
    if "jsonfeed.org" not in version or not isinstance(document.get("items", []), list):
        raise NotAFeedError("not a JSON Feed (no jsonfeed.org version, or no items list)")
    feed = Feed(title=_text(document.get("title")), link=_str(document.get("home_page_url")),
                kind="json" + version.rsplit("/", 1)[-1])
    for index, item in enumerate(document.get("items", [])):
        if not isinstance(item, dict):
            feed.warnings.append(f"item {index + 1} is not an object; skipped")
            continue
        link = _str(item.get("url")) or _str(item.get("external_url"))
        feed.entries.append(
            FeedEntry(
                key=_entry_key(_str(item.get("id")), link, _str(item.get("title")), index),
                link=link,
                title=_text(item.get("title")),
                date=_iso_date(item.get("date_published") or item.get("date_modified")),
                author=_json_author(item),
                content_html=_str(item.get("content_html")),
                content_text=_str(item.get("content_text")),
                summary_html=_str(item.get("summary")),
            )
        )
    return feed


def _entry_key(entry_id: str | None, link: str | None, title: str | None, index: int) -> str:
    # The entry id when there is one, else the canonical link; a feed with
    # neither (rare) falls back to the title, then the position.
    if entry_id and str(entry_id).strip():
        return "id:" + str(entry_id).strip()
    if link:
        return "url:" + canonical_url(link)
    return "title:" + (clean_line(title or "") or str(index))


def _text(value: Any) -> str | None:
    return clean_line(str(value)) or None if value else None


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def _json_author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict)
                                      else [])
    names = [str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")]
    return ", ".join(names) or None


def _struct_date(value: time.struct_time | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None


def _iso_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
