"""Reading: briefs read from the store (and ahead of the cursor), related briefs, threads."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from textual import work
from textual.message import Message

from briefs import Brief
from store import BriefRow, SearchHit
from tui.controllers.base import Controller
from tui.store_access import is_cancelled, store_of

#: Briefs kept in memory (with their related briefs) so that moving shows them at once.
BRIEF_CACHE_SIZE = 64
#: How many related briefs the brief pane lists (each opened with its number key).
RELATED_LIMIT = 5
#: How many related briefs a story thread gathers.
THREAD_LIMIT = 30


class Reader(Controller):
    """Reads briefs in workers and keeps the recent ones; messages carry what it read."""

    @dataclass
    class BriefReady(Message):
        """``brief`` was read from the store (it is in the cache now)."""

        brief: Brief

    @dataclass
    class RelatedReady(Message):
        """The related briefs of ``brief_id`` were found."""

        brief_id: str
        related: list[SearchHit]

    @dataclass
    class ThreadReady(Message):
        """The story thread of ``current``: it and its related briefs."""

        current: BriefRow
        rows: list[BriefRow]

    def __init__(self) -> None:
        super().__init__()
        # Briefs read ahead of the cursor, and related lists found, by id; dropped on change.
        self._briefs: OrderedDict[str, Brief] = OrderedDict()
        self._related: dict[str, list[SearchHit]] = {}

    # --- the caches (UI thread) --------------------------------------------------------------

    def cached(self, brief_id: str) -> Brief | None:
        """The brief if it was read already (and keep it as recently used)."""
        brief = self._briefs.get(brief_id)
        if brief is not None:
            self._briefs.move_to_end(brief_id)
        return brief

    def has_related(self, brief_id: str) -> bool:
        """True if the related briefs of ``brief_id`` are known."""
        return brief_id in self._related

    def related_of(self, brief_id: str) -> list[SearchHit]:
        """The related briefs found for ``brief_id`` (none until found)."""
        return self._related.get(brief_id, [])

    def forget(self, ids: Sequence[str] | None = None) -> None:
        """Drop cached briefs that changed (all of them when ``ids`` is None).

        Related lists are dropped with them: tags and imports change what is related.
        """
        self._related.clear()
        if ids is None:
            self._briefs.clear()
        else:
            for brief_id in ids:
                self._briefs.pop(brief_id, None)

    def _remember(self, briefs: dict[str, Brief]) -> None:
        self._briefs.update(briefs)
        while len(self._briefs) > BRIEF_CACHE_SIZE:
            self._briefs.popitem(last=False)

    def on_reader_brief_ready(self, event: BriefReady) -> None:
        """Cache the brief before the screen sees the message."""
        self._remember({event.brief.id: event.brief})

    def on_reader_related_ready(self, event: RelatedReady) -> None:
        """Cache the related list before the screen sees the message."""
        self._related[event.brief_id] = event.related

    @dataclass
    class ReadAhead(Message):
        """Briefs read ahead of the cursor (they only fill the cache)."""

        briefs: dict[str, Brief]

    def on_reader_read_ahead(self, event: ReadAhead) -> None:
        """Read-ahead results only fill the cache."""
        event.stop()
        self._remember(event.briefs)

    # --- workers -----------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="brief", exclusive=True,
          description="load a brief")
    def load(self, brief_id: str) -> None:
        """Read ``brief_id``; posts :class:`BriefReady`."""
        if is_cancelled():
            return
        brief = store_of(self).get(brief_id)
        if not is_cancelled():
            self.post_message(self.BriefReady(brief))

    @work(thread=True, exit_on_error=False, group="related", exclusive=True,
          description="find related briefs")
    def find_related(self, brief_id: str) -> None:
        """Find the related briefs of ``brief_id``; posts :class:`RelatedReady`."""
        if is_cancelled():
            return
        related = store_of(self).related(brief_id, limit=RELATED_LIMIT)
        if not is_cancelled():
            self.post_message(self.RelatedReady(brief_id, related))

    def read_ahead(self, ids: Sequence[str]) -> None:
        """Read ``ids`` into the cache (the briefs around the cursor)."""
        wanted = [brief_id for brief_id in ids if brief_id not in self._briefs]
        if wanted:
            self._read_ahead(wanted)

    @work(thread=True, exit_on_error=False, group="prefetch", exclusive=True,
          description="read ahead")
    def _read_ahead(self, ids: list[str]) -> None:
        if is_cancelled():
            return
        briefs = {brief.id: brief for brief in store_of(self).get_many(ids)}
        if not is_cancelled():
            self.post_message(self.ReadAhead(briefs))

    @work(thread=True, exit_on_error=False, group="thread", exclusive=True,
          description="find the story thread")
    def find_thread(self, current: BriefRow) -> None:
        """Gather the story thread of ``current``; posts :class:`ThreadReady`."""
        store = store_of(self)
        hits = store.related(current.id, limit=THREAD_LIMIT)
        rows = [current, *(store.row(hit.id) for hit in hits)]
        rows.sort(key=lambda r: r.sort_key_newest_first(), reverse=True)  # oldest first
        if not is_cancelled():
            self.post_message(self.ThreadReady(current, rows))
