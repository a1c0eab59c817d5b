"""Feed subscriptions and feed updates.

Subscriptions are a small TinyDB table (``feeds.json`` in the store folder,
:meth:`store.BriefStore.table`), written crash-safely (temp file, fsync,
``os.replace``) under the store's lock, like every other store file.

An update asks each feed with its ETag/Last-Modified (a 304 costs nothing),
takes only the entries it has not seen (by entry id, else canonical link),
uses an entry's own full content when it has it and fetches the linked page
otherwise, and tags every brief with the feed's tags. The network is used
outside the lock; only the short writes take it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from briefs.extract.article import brief_from_extracted
from briefs.extract.feed import NotAFeedError, parse_feed
from briefs.extract.urls import canonical_url
from briefs.models import Brief, normalize_tags
from briefs.text import clean_line
from store.fetch import Fetcher, FetchError, FetchLimits, FetchReport, brief_from_page, check_url
from store.fetch import store_briefs as _store_briefs

FEEDS_TABLE = "feeds"
FEEDS_FILE = f"{FEEDS_TABLE}.json"

OnProgress = Callable[[int, int, str], None]
OnError = Callable[[str, str], None]


def _subscriptions(store: Any) -> Any:
    """The subscriptions table (a :class:`store.tables.SmallTable`)."""
    return store.table(FEEDS_TABLE)


@dataclass
class Subscription:
    """A subscribed feed: its URL, tags, title, and what the last update learnt."""

    url: str
    tags: list[str] = field(default_factory=list)
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)
    added: str | None = None
    updated: str | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Subscription:
        """From a stored document (unknown keys ignored)."""
        return cls(url=str(doc["url"]), tags=normalize_tags(list(doc.get("tags") or [])),
                   title=doc.get("title"), etag=doc.get("etag"),
                   last_modified=doc.get("last_modified"),
                   seen=[str(s) for s in doc.get("seen") or []],
                   added=doc.get("added"), updated=doc.get("updated"))

    def to_doc(self) -> dict[str, Any]:
        """The stored document."""
        return {"url": self.url, "tags": self.tags, "title": self.title, "etag": self.etag,
                "last_modified": self.last_modified, "seen": self.seen, "added": self.added,
                "updated": self.updated}

    def public(self) -> dict[str, Any]:
        """The JSON shape of ``feed list --json`` (without the seen-entry keys)."""
        return {"url": self.url, "title": self.title, "tags": self.tags, "added": self.added,
                "updated": self.updated, "entries_seen": len(self.seen)}


def list_feeds(store: Any) -> list[Subscription]:
    """Every subscription, in the order they were added."""
    return [Subscription.from_doc(doc) for doc in _subscriptions(store).documents()]


def add_feed(store: Any, url: str, *, tags: Sequence[str] = ()) -> tuple[Subscription, bool]:
    """Subscribe to ``url`` (tags are added if already subscribed); return it and if it is new.

    Raises :class:`~store.fetch.FetchError` for a URL that is not http(s).
    """
    url = canonical_url(check_url(url))
    tags = normalize_tags(list(tags))

    def edit(docs: list[dict[str, Any]]) -> tuple[Subscription, bool]:
        for doc in docs:
            if doc.get("url") == url:
                sub = Subscription.from_doc(doc)
                sub.tags = normalize_tags([*sub.tags, *tags])
                doc.update(sub.to_doc())
                return sub, False
        sub = Subscription(url=url, tags=tags, added=_now())
        docs.append(sub.to_doc())
        return sub, True

    return _subscriptions(store).change(edit)


def remove_feed(store: Any, url: str) -> bool:
    """Unsubscribe from ``url``; False when it was not subscribed. Its briefs stay."""
    key = canonical_url(url.strip())

    def edit(docs: list[dict[str, Any]]) -> bool:
        kept = [doc for doc in docs if doc.get("url") != key]
        removed = len(kept) != len(docs)
        docs[:] = kept
        return removed

    return _subscriptions(store).change(edit)


@dataclass
class FeedResult:
    """One feed's update: new briefs, whether it was unchanged (304), and entry failures."""

    url: str
    title: str | None = None
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    error: str | None = None
    failed_entries: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``feed update --json``."""
        return {"url": self.url, "title": self.title, "new": self.new, "updated": self.updated,
                "not_modified": self.not_modified, "error": self.error,
                "failed_entries": [{"entry": e, "reason": r} for e, r in self.failed_entries]}


def update_feeds(
    store: Any,
    *,
    urls: Sequence[str] | None = None,
    limits: FetchLimits | None = None,
    fetcher: Fetcher | None = None,
    on_progress: OnProgress | None = None,
    on_error: OnError | None = None,
) -> list[FeedResult]:
    """Update every subscribed feed (or those in ``urls``); one result per feed, in order.

    ``on_progress(done, total, url)`` after each feed; ``on_error(what, reason)``
    for a feed or entry that failed (the others go on). A failed entry is not
    marked seen, so the next update tries it again.
    """
    subs = list_feeds(store)
    if urls is not None:
        wanted = {canonical_url(u) for u in urls}
        subs = [s for s in subs if s.url in wanted]
    own = fetcher is None
    client = fetcher or Fetcher(limits)
    results: list[FeedResult] = []
    try:
        for done, sub in enumerate(subs, 1):
            result = _update_one(store, client, sub, on_error)
            results.append(result)
            if on_progress is not None:
                on_progress(done, len(subs), sub.url)
    finally:
        if own:
            client.close()
    return results


def _update_one(store: Any, client: Fetcher, sub: Subscription,
                on_error: OnError | None) -> FeedResult:
    result = FeedResult(url=sub.url, title=sub.title)

    def fail_entry(what: str, reason: str) -> None:
        result.failed_entries.append((what, reason))
        if on_error is not None:
            on_error(what, reason)

    try:
        response = client.get(sub.url, etag=sub.etag, last_modified=sub.last_modified)
        if response.not_modified:
            result.not_modified = True
            return result
        feed = parse_feed(response.content, url=response.url)
    except (FetchError, NotAFeedError) as error:
        result.error = error.reason if isinstance(error, FetchError) else str(error)
        if on_error is not None:
            on_error(sub.url, result.error)
        return result
    result.title = feed.title or sub.title
    seen = set(sub.seen)
    briefs: list[Brief] = []
    newly_seen: list[str] = []
    for entry in feed.entries:
        if entry.key in seen or entry.key in newly_seen:
            continue
        name = clean_line(entry.title or entry.link or entry.key)[:80]
        try:
            brief = _entry_brief(client, feed, entry, sub.tags)
        except FetchError as error:
            fail_entry(f"{sub.url}: entry {name!r}", error.reason)
            continue
        briefs.append(brief)
        newly_seen.append(entry.key)
    counts = FetchReport()
    _store_briefs(store, briefs, counts, tags=sub.tags)
    result.new, result.updated = counts.imported, counts.updated + counts.unchanged
    # Marked seen only once the briefs are stored: a crash in between re-imports
    # them next time (same ids, so nothing is doubled) rather than losing them.

    def record(docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            if doc.get("url") == sub.url:
                current = Subscription.from_doc(doc)
                current.seen = [*current.seen, *(k for k in newly_seen if k not in current.seen)]
                current.etag, current.last_modified = response.etag, response.last_modified
                current.title = result.title
                current.updated = _now()
                doc.update(current.to_doc())

    _subscriptions(store).change(record)
    return result


def _entry_brief(client: Fetcher, feed: Any, entry: Any, tags: list[str]) -> Brief:
    full = entry.full_text()
    if full:
        return brief_from_extracted(entry.extracted(full, feed=feed, tags=tags))
    if not entry.link:
        text = entry.any_text()
        if not text:
            raise FetchError(entry.key, "the entry has no text and no link")
        return brief_from_extracted(entry.extracted(text, feed=feed, tags=tags))
    # Asked without its tracking parameters (they identify the reader, not the page).
    page = brief_from_page(client.get(canonical_url(entry.link)), tags=tags)
    # The feed's title and date for the entry are the publisher's own words.
    title = entry.title or page.title
    return replace(page, title=title, date=entry.date or page.date)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
