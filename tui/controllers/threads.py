"""Story threads (``h``): the brief under the cursor and its related briefs, oldest first."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from briefs.relatedness import gather_thread
from store import BriefNotFoundError, BriefRow
from tui.controllers.base import Controller
from tui.store_access import is_cancelled, store_of
from tui.widgets.brief_list import BriefList

if TYPE_CHECKING:
    from store import BriefStore

#: How many briefs a story thread gathers, and how many related briefs each one
#: brings to its walk (:func:`briefs.relatedness.gather_thread`).
THREAD_LIMIT, THREAD_FANOUT = 30, 10


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
        rows = thread_rows(store_of(self), current.id, cancelled=is_cancelled)
        if not is_cancelled():
            self.post_message(self.ThreadReady(current, rows))


def thread_rows(store: BriefStore, brief_id: str, *,
                cancelled: Callable[[], bool] = lambda: False) -> list[BriefRow]:
    """The story thread of ``brief_id``, oldest first (:func:`briefs.relatedness.gather_thread`).

    Once ``cancelled()`` holds, the walk looks nothing more up.
    """

    def related_of(key: str) -> list[str]:
        if cancelled():
            return []
        try:
            return [hit.id for hit in store.related(key, limit=THREAD_FANOUT)]
        except BriefNotFoundError:  # deleted meanwhile, as in Reader.load()
            return []

    rows = []
    for key in gather_thread(brief_id, related_of, limit=THREAD_LIMIT):
        with contextlib.suppress(BriefNotFoundError):
            rows.append(store.row(key))
    return sorted(rows, key=lambda r: r.sort_key_newest_first(), reverse=True)
