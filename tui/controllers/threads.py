"""Story threads (``h``): the brief under the cursor and its related briefs, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from store import BriefRow
from tui.controllers.base import Controller
from tui.controllers.reader import related_enough
from tui.store_access import is_cancelled, store_of
from tui.widgets.brief_list import BriefList

#: How many related briefs a story thread gathers.
THREAD_LIMIT = 30


class Threads(Controller):
    """Finds a story thread in a worker; the screen shows it as the list."""

    @dataclass
    class ThreadReady(Message):
        """The story thread of ``current``: it and its related briefs."""

        current: BriefRow
        rows: list[BriefRow]

    def thread_of_highlighted(self) -> None:
        """The story thread of the brief under the cursor (``h``): it and its related briefs."""
        current = self.screen.query_one(BriefList).highlighted_row
        if current is not None:
            self.find_thread(current)

    @work(thread=True, exit_on_error=False, group="thread", exclusive=True,
          description="find the story thread")
    def find_thread(self, current: BriefRow) -> None:
        """Gather the story thread of ``current``; posts :class:`ThreadReady`."""
        store = store_of(self)
        hits = related_enough(store, current.id, store.related(current.id, limit=THREAD_LIMIT))
        rows = [current, *(store.row(hit.id) for hit in hits)]
        rows.sort(key=lambda r: r.sort_key_newest_first(), reverse=True)  # oldest first
        if not is_cancelled():
            self.post_message(self.ThreadReady(current, rows))
