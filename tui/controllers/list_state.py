"""What the brief list shows: every row, the search, the tag filter, the sort, a thread.

Plain Python (no Textual, no store calls), so it can be tested alone: the main
screen feeds it rows and search results and asks it for the visible rows and
the status line's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefs.models import tag_key
from store import BriefRow

if TYPE_CHECKING:
    from store import SearchResults
    from store.search import Query

#: Sort orders, cycled with ``S``.
SORTS = ("newest", "oldest", "relevance")


@dataclass
class StoryThread:
    """A brief and its related briefs, oldest first."""

    title: str
    rows: list[BriefRow]


@dataclass
class Status:
    """The words of the status line."""

    shown: int
    total: int
    query: str
    note: str
    sort: str


class ListState:
    """Rows by id and position, and the filters that choose which of them are shown."""

    def __init__(self) -> None:
        self.all_rows: list[BriefRow] = []
        #: The same rows by id, kept in step (search results and links look rows up).
        self.row_by_id: dict[str, BriefRow] = {}
        self._position: dict[str, int] = {}
        self.query_text = ""
        self.tag_filter: list[str] = []
        self.results: SearchResults | None = None
        #: The query the last search outcome answered (results or an error message).
        self.answered_query: str | None = None
        #: The error of the query in the box, if it is invalid (its last good results stay).
        self.query_error: str | None = None
        self.parsed_query: Query | None = None
        self.sort = "newest"
        self.thread: StoryThread | None = None
        #: While the store opens, the list holds only its saved first rows: the store's count.
        self.loading_total: int | None = None
        #: While the search index is rebuilt: (briefs indexed, of how many).
        self.index_progress: tuple[int, int] | None = None

    # --- rows --------------------------------------------------------------------------------

    def load(self, rows: list[BriefRow]) -> None:
        """Every row of the store, newest first."""
        self.all_rows = rows
        self.row_by_id = {row.id: row for row in rows}
        self._position = {row.id: i for i, row in enumerate(rows)}

    def update(self, rows: Iterable[BriefRow]) -> dict[str, BriefRow]:
        """Replace changed rows in place, by position; returns them by id.

        Rebuilding 100,000 rows for one tag (or for the automatic mark-read after
        every brief shown) would cost the UI thread.
        """
        by_id = {row.id: row for row in rows}
        for row in by_id.values():
            position = self._position.get(row.id)
            if position is not None:
                self.all_rows[position] = row
        self.row_by_id.update(by_id)
        if self.thread is not None:
            self.thread.rows = [by_id.get(r.id, r) for r in self.thread.rows]
        return by_id

    # --- search ------------------------------------------------------------------------------

    def clear_search(self) -> None:
        """No query: every brief (the tag filter stays)."""
        self.results = None
        self.parsed_query = None
        self.query_error = None
        if self.sort == "relevance":
            self.sort = "newest"

    def answer(self, query: str, results: SearchResults) -> bool:
        """Take the results of ``query``; False (and nothing changes) if the box moved on.

        An invalid query keeps the last good results and remembers its error.
        """
        if query != self.query_text:
            return False
        # The same query answered again (the rest of its hits, a reload) keeps the
        # order the reader chose meanwhile (S).
        again = (query == self.answered_query and self.results is not None
                 and self.results.sort == results.sort)
        self.answered_query = query
        if results.error:
            self.query_error = results.error
            return True
        self.query_error = None
        self.results = results
        # The search engine is loaded by now (it answered): imported here, not at start.
        from store.search import QueryError
        from store.search import parse_query as parse_search_query

        try:
            self.parsed_query = parse_search_query(query)
        except QueryError:
            self.parsed_query = None
        if not again:
            self.sort = "relevance" if results.sort == "relevance" else "newest"
        return True

    def cycle_sort(self) -> str:
        """Newest first, oldest first, relevance (while searching); the new order."""
        choices = list(SORTS) if self.results is not None else ["newest", "oldest"]
        current = choices.index(self.sort) if self.sort in choices else -1
        self.sort = choices[(current + 1) % len(choices)]
        return self.sort

    # --- what is shown -----------------------------------------------------------------------

    def _tag_filtered(self, rows: list[BriefRow]) -> list[BriefRow]:
        """Rows carrying every tag chosen in the tags pane.

        Applied to rows rather than written into the query, so that any tag works,
        whatever characters it holds (quotes, brackets, colons).
        """
        if not self.tag_filter:
            return rows
        wanted = {tag_key(tag) for tag in self.tag_filter}
        return [row for row in rows if wanted <= {tag_key(t) for t in row.tags}]

    def searched_rows(self) -> list[BriefRow]:
        """The rows the query matches (every row without a query), before the tag filter."""
        if self.results is not None and self.query_text:
            by_id = self.row_by_id
            return [by_id[hit.id] for hit in self.results.hits if hit.id in by_id]
        return self.all_rows

    def visible_rows(self) -> list[BriefRow]:
        """The rows the list shows, in the chosen order."""
        if self.thread is not None:
            return self.thread.rows
        searching = self.results is not None and bool(self.query_text)
        rows = self._tag_filtered(self.searched_rows())
        if searching and self.sort == "relevance":
            return rows
        if self.sort == "oldest":
            return sorted(rows, key=lambda r: r.sort_key_newest_first(), reverse=True)
        if rows is self.all_rows:
            return rows
        return sorted(rows, key=lambda r: r.sort_key_newest_first())

    def tag_counts(self, spellings: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Briefs and unread briefs per tag among the rows the search matches.

        Every tag of ``spellings`` (the store's) is listed, with 0 when the search
        matches none of its briefs; the tag filter is left out, so that a second
        tag can still be chosen.
        """
        shown = {tag_key(tag): tag for tag in spellings}
        counts = dict.fromkeys(shown.values(), 0)
        unread = dict.fromkeys(shown.values(), 0)
        for row in self.searched_rows():
            for tag in row.tags:
                name = shown.get(tag_key(tag))
                if name is not None:
                    counts[name] += 1
                    if not row.read:
                        unread[name] += 1
        return counts, unread

    def status(self, shown: int, *, marked: int = 0, note: str = "",
               width: int | None = None) -> Status:
        """The status line for ``shown`` rows on screen, ``width`` cells wide if known.

        A story thread's title is cut to fit, so that "escape to leave" always shows.
        """
        query = self.query_text
        waits = False  # the query waits for the search index being rebuilt
        if self.tag_filter:
            tags = "tags: " + ", ".join(self.tag_filter)
            query = f"{query} · {tags}" if query else tags
        if self.thread is not None:
            title = self.thread.title
            if width is not None:
                fixed = len(f" Briefs · {shown:,} of {len(self.all_rows):,} · query: "
                            "story thread of “” (escape to leave) ")
                room = max(12, width - fixed)
                if len(title) > room:
                    title = title[:room - 1].rstrip() + "…"
            query = f"story thread of “{title}” (escape to leave)"
        elif not note and self.query_error and self.query_text:
            # While the index is rebuilt, a query's error is that it cannot run yet.
            waits = self.index_progress is not None
            note = "search waits for the index" if waits else self.query_error
        elif self.results is not None and self.results.total > shown and not note:
            note = f"first {shown:,} of {self.results.total:,} matches"
        if self.loading_total is not None and not note:
            note = "reading the store…"
        if self.index_progress is not None:
            progress = "({:,} of {:,})".format(*self.index_progress)
            rebuilding = f"rebuilding the search index {progress}"
            note = (f"{note} {progress}" if waits
                    else f"{note} · {rebuilding}" if note else rebuilding)
        if marked:
            note = f"{marked} marked" + (f" · {note}" if note else "")
        sort = self.sort if (self.query_text or self.sort != "newest") else ""
        total = len(self.all_rows) if self.loading_total is None else self.loading_total
        return Status(shown=shown, total=total, query=query, note=note, sort=sort)
