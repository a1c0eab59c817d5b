"""Search as the user types: each keystroke supersedes the search before it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from store import SearchResults
from tui.controllers.base import Controller
from tui.store_access import is_cancelled, store_of

#: How many search hits the list shows (the status line says when there are more).
SEARCH_LIMIT = 5_000


class SearchController(Controller):
    """Runs one query at a time; a newer query cancels the older one's worker."""

    @dataclass
    class Answered(Message):
        """The results (or the error) of ``query``; the screen drops it if the box moved on."""

        query: str
        results: SearchResults

    def search(self, query: str) -> None:
        """Search for ``query`` in a worker (cancelling the search before it)."""
        self._search(query)

    @work(thread=True, exit_on_error=False, group="search", exclusive=True,
          description="search")
    def _search(self, query: str) -> None:
        if is_cancelled():
            return
        # The list shows titles, not snippets: no article needs reading.
        results = store_of(self).search(query, limit=SEARCH_LIMIT, snippets=0)
        if not is_cancelled():
            self.post_message(self.Answered(query, results))
