"""Search as the user types (each keystroke supersedes the search before it); saved searches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from tui.controllers.base import Controller
from tui.controllers.list_state import ListState
from tui.controllers.reader import Reader
from tui.dialogs.prompt_dialog import PromptDialog
from tui.store_access import host_of, is_cancelled, store_of
from tui.widgets.brief_list import BriefList

if TYPE_CHECKING:
    from store import SearchResults

#: How many search hits the list shows (the status line says when there are more).
SEARCH_LIMIT = 5_000
#: Hits asked for first, on every keystroke: more than a screenful. At 100,000
#: briefs the store finds these in 1-10 ms, against 70-120 ms for SEARCH_LIMIT.
FIRST_PAGE = 120
#: How long the box must rest on a query before the rest of its hits are read.
#: The full search holds the store for ~100 ms: while keys come, it would make
#: the next keystroke's first page wait behind it.
REST_DELAY = 0.25


class SearchingScreen(Protocol):
    """What the search needs of its screen (the main screen)."""

    state: ListState

    @property
    def search_box(self) -> Input:
        """The box the query is typed in."""
        ...

    @property
    def brief_list(self) -> BriefList:
        """The list (focused again after a saved search)."""
        ...

    @property
    def reader(self) -> Reader:
        """The reader (the shown brief is drawn again with the new matches)."""
        ...

    def show_rows(self, *, note: str = "") -> None:
        """Show the rows the state now chooses."""
        ...

    def update_status(self, note: str = "") -> None:
        """Show the status line again."""
        ...


class SearchController(Controller):
    """Runs one query at a time; a newer query cancels the older one's worker.

    The list always shows the results of the query in the box: an answer to an
    older query is dropped, and an invalid query keeps the last good results on
    screen while the status line says what is wrong.
    """

    @dataclass
    class Answered(Message):
        """The results (or the error) of ``query``; the screen drops it if the box moved on."""

        query: str
        results: SearchResults
        #: True when these are all the hits the list shows (not only the first page).
        complete: bool = True

    def __init__(self) -> None:
        super().__init__()
        self._rest_timer: Timer | None = None

    @property
    def _host(self) -> SearchingScreen:
        return cast(SearchingScreen, self.screen)

    def open_box(self) -> None:
        """Show the search box and focus it (keeping the current query for editing)."""
        box = self._host.search_box
        box.display = True
        # Focus now, not on the next tick: keys already queued behind "/" (a fast
        # typist, a paste) belong to the query, not to the list's n, i, d keys.
        self.screen.set_focus(box)

    def clear(self, *, run: bool = True) -> None:
        """Empty and hide the box, drop the query and the tag filter; show every brief."""
        from tui.widgets.tags_pane import TagsPane

        host = self._host
        box = host.search_box
        box.value = ""
        box.display = False
        host.state.query_text = ""
        host.state.tag_filter = []
        self.screen.query_one(TagsPane).clear_choice()
        if run:
            self.run()

    def typed(self, value: str) -> None:
        """The box changed: search for what it holds now."""
        if self._host.search_box.has_focus:  # typed (not a saved search put in the box)
            self._host.reader.typing()
        self._host.state.query_text = value.strip()
        self._host.state.thread = None
        self.run()

    def apply(self, query: str) -> None:
        """Show the results of ``query`` (e.g. a saved search) as if typed."""
        box = self._host.search_box
        box.display = True
        box.value = query  # posts Input.Changed, which runs the search
        self._host.brief_list.focus()

    def run(self) -> None:
        """Search for the state's query (or show every brief when there is none)."""
        host = self._host
        self._cancel_rest()
        if not host.state.query_text:
            host.state.clear_search()
            host.show_rows()
            host.reader.refresh_shown_soon()
            return
        self.search(host.state.query_text)

    def search(self, query: str) -> None:
        """Search for ``query`` in a worker (cancelling the search before it)."""
        self._search(query)

    def on_search_controller_answered(self, event: Answered) -> None:
        """Results arrived: shown only if they answer the query now in the box."""
        event.stop()
        host = self._host
        if host.state.loading_total is not None:
            return  # the whole list is being read; it searches again once in
        first = host.state.answered_query != event.query or host.state.results is None
        if not host.state.answer(event.query, event.results):
            return  # an answer to a query the user has already changed
        if not event.complete:
            self._cancel_rest()
            self._rest_timer = self.set_timer(REST_DELAY, lambda: self._read_rest(event.query))
        if event.results.error:
            host.update_status()  # the last good results stay; the status says why
            return
        note = ""
        if not event.results.hits:
            note = "no matches"
            if event.results.suggestions:
                note += "; did you mean " + ", ".join(event.results.suggestions) + "?"
        host.show_rows(note=note)
        if first or not event.complete:
            host.reader.refresh_shown_soon()  # the rest of the hits change no match in it

    def _cancel_rest(self) -> None:
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None

    def _read_rest(self, query: str) -> None:
        self._rest_timer = None
        if query == self._host.state.query_text:
            self._search(query, SEARCH_LIMIT)

    @work(thread=True, exit_on_error=False, group="search", exclusive=True,
          description="search")
    def _search(self, query: str, limit: int | None = None) -> None:
        """Search for ``query``: the first page of hits, or (``limit``) all the list shows.

        Each keystroke asks for the first page only, so that the results of what
        is typed show at once; the rest follow once the box rests on the query.
        """
        if is_cancelled():
            return
        limit = FIRST_PAGE if limit is None else limit
        # The list shows titles, not snippets: no article needs reading.
        results = store_of(self).search(query, limit=limit, snippets=0)
        complete = limit >= SEARCH_LIMIT or len(results.hits) >= results.total
        if not is_cancelled():
            self.post_message(self.Answered(query, results, complete))

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
