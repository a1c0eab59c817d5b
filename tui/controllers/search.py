"""Search as the user types (each keystroke supersedes the search before it); saved searches."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from store import SearchResults
from tui.controllers.base import Controller
from tui.dialogs.prompt_dialog import PromptDialog
from tui.store_access import host_of, is_cancelled, store_of

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

    def save(self, query: str) -> None:
        """Ask for a name, then save ``query`` under it (listed in the command palette)."""
        if not query:
            self.notify("Type a search first (/), then save it.")
            return

        def named(name: str | None) -> None:
            if name:
                self._save(name, query)

        self.app.push_screen(PromptDialog(title=f"Save the search “{query}” as",
                                          hint="A short name; it appears in ctrl+p."), named)

    @dataclass
    class Saved(Message):
        """A search was saved: every saved search now."""

        saved: dict[str, str]

    @work(thread=True, exit_on_error=False, group="save-search", description="save a search")
    def _save(self, name: str, query: str) -> None:
        store = store_of(self)
        store.save_search(name, query)
        self.post_message(self.Saved(store.saved_searches()))

    def on_search_controller_saved(self, event: Saved) -> None:
        """Keep the palette's list in step; say where to find it."""
        event.stop()
        host_of(self).saved_searches = event.saved
        self.notify("Search saved; find it with ctrl+p.")
