"""The main screen: tags pane, brief list and the selected brief, all from the keyboard.

The screen composes the widgets and routes messages. What it shows is decided
by :class:`~tui.controllers.list_state.ListState`; store calls run in the
controllers' workers (loading, search, reading, changes and undo, long jobs),
which post their results back as messages handled here.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui.controllers.changes import Changes
from tui.controllers.editing import Editing
from tui.controllers.index_keeper import IndexKeeper
from tui.controllers.links import Links
from tui.controllers.list_state import ListState
from tui.controllers.loader import Loader
from tui.controllers.long_jobs import LongJob, LongJobs
from tui.controllers.panes import Panes
from tui.controllers.reader import Reader
from tui.controllers.search import SearchController
from tui.controllers.threads import Threads
from tui.jobs import IMPORT
from tui.screens.main_keys import MAIN_BINDINGS
from tui.store_access import host_of
from tui.widgets.brief_document import LinkClicked
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

if TYPE_CHECKING:
    from store import SearchHit

#: How often to look for changes made by other processes (a stat or two each time).
REFRESH_SECONDS = 2.0


#: Keys the screen hands straight to a controller: action -> (controller, its method).
ROUTED_ACTIONS: dict[str, tuple[type, str]] = {
    "tag": (Editing, "tag"),
    "toggle_read": (Editing, "toggle_read"),
    "toggle_star": (Editing, "toggle_star"),
    "edit_note": (Editing, "edit_note"),
    "delete": (Editing, "delete"),
    "undo": (Changes, "undo"),
    "next_unread": (BriefList, "next_unread"),
    "open_url": (Links, "open_url"),
    "copy_url": (Links, "copy_url"),
    "toggle_full_text": (Reader, "toggle_full_text"),
    "thread": (Threads, "thread_of_highlighted"),
    "full_width": (Panes, "toggle_full_width"),
    "mark": (BriefList, "mark_and_advance"),
    "mark_all": (BriefList, "mark_all_shown"),
    "clear_marks": (BriefList, "clear_marks"),
    "search": (SearchController, "open_box"),
    "open_related": (Reader, "open_related"),
    "export": (Editing, "export_shown"),
}


def _linked_brief(href: str) -> str | None:
    """The brief a related brief's link points to (None: another kind of link)."""
    from briefs.render import BRIEF_LINK_SCHEME  # the renderer is not needed at start

    return href.removeprefix(BRIEF_LINK_SCHEME) if href.startswith(BRIEF_LINK_SCHEME) else None


class MainScreen(Screen[None]):
    """List, brief, search and tags; every store call goes through a controller's worker."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __getattr__(self, name: str) -> Any:
        """``action_tag`` and the like: the routed controller's method (see ROUTED_ACTIONS)."""
        route = ROUTED_ACTIONS.get(name.removeprefix("action_")) if name.startswith(
            "action_") else None
        if route is None:
            raise AttributeError(name)
        controller, method = route
        return getattr(self.query_one(controller), method)

    def __init__(self) -> None:
        super().__init__()
        self.state = ListState()
        #: Every tag in the store with its count (the tags pane counts within the search).
        self._store_tags: dict[str, int] = {}
        self._pending_open: str | None = None

    def compose(self) -> ComposeResult:
        """Status line, tags pane, list, brief, footer; and the controllers (never drawn)."""
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield TagsPane(id="tags")
            with Vertical(id="list-pane"):
                yield Input(placeholder='words "phrase" tag:x is:unread after:2024 (? for help)',
                            id="search")
                yield BriefList(id="briefs")
            yield BriefView(id="brief")
        yield Footer()
        yield Loader()
        yield SearchController()
        yield Reader()
        yield Threads()
        yield Changes()
        yield Editing()
        yield LongJobs()
        yield Panes()
        yield Links()
        yield IndexKeeper()

    def on_mount(self) -> None:
        """Load the list in a worker; poll for changes by others."""
        self.search_box.display = False
        self.query_one(TagsPane).display = False
        self.brief_list.highlight_listener = self._on_highlighted
        self.brief_list.focus()
        self.query_one(Loader).start()
        self.set_interval(REFRESH_SECONDS, self.query_one(Loader).poll)

    # --- parts ------------------------------------------------------------------------------

    @property
    def brief_list(self) -> BriefList:
        """The list widget."""
        return self.query_one(BriefList)

    @property
    def search_box(self) -> Input:
        """The search box."""
        return self.query_one("#search", Input)

    @property
    def reader(self) -> Reader:
        """Briefs read from the store, related briefs, threads."""
        return self.query_one(Reader)

    @property
    def changes(self) -> Changes:
        """The reader's changes and their undo."""
        return self.query_one(Changes)

    @property
    def known_tags(self) -> list[str]:
        """Every tag in the store, as the store spells it."""
        return list(self._store_tags)

    @property
    def search(self) -> SearchController:
        """The search box's searches and the saved searches."""
        return self.query_one(SearchController)

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every row, the tag counts and the saved searches again (in a worker)."""
        self.query_one(Loader).reload()

    def on_loader_loaded(self, event: Loader.Loaded) -> None:
        """The list arrived: show it (searching again if a query is active).

        ``partial_total``: only its saved first rows; the store is read after this frame.
        """
        self.reader.forget()
        self.state.load(event.rows)
        self.state.loading_total = self.brief_list.partial = event.partial_total
        if event.partial_total is not None:
            self.call_after_refresh(self.reload)
        else:  # the whole list is in: a stale search index is rebuilt now, behind it
            self.query_one(IndexKeeper).check()
        # Marks survive searches and reloads; only briefs that are gone lose theirs.
        self.brief_list.marked &= self.state.row_by_id.keys()
        host_of(self).saved_searches = event.saved_searches
        self._store_tags = event.tag_counts
        self.search.run()
        # Long-lived rows go to the permanent generation: no full collection walks them
        # (100-130 ms mid-keystroke at 10,000); without cycles, they are freed when replaced.
        gc.freeze()
        if not event.rows:
            self.notify("The store is empty. Press i to import articles, or run: "
                        "briefs import PATH", markup=False, timeout=8)

    def on_loader_changed_elsewhere(self) -> None:
        """Another process changed the store: read the list and the shown brief again."""
        self.reload()
        if self.reader.shown_id:
            self.reader.show_again(self.reader.shown_id)

    # --- what the list shows ----------------------------------------------------------------

    def show_rows(self, *, note: str = "") -> None:
        """Show the rows the state chooses, keeping the cursor (or moving it to a pending id)."""
        keep = self._pending_open
        self.brief_list.set_rows(self.state.visible_rows(), keep=keep)
        if keep is not None and self.brief_list.highlighted_id == keep:
            self._pending_open = None
        self._count_tags()
        self.update_status(note)

    def _count_tags(self) -> None:
        """The tags pane's counts (and unread counts) within the current search."""
        pane = self.query_one(TagsPane)
        if pane.display:  # counting costs a pass over the matches: only when it shows
            pane.set_counts(*self.state.tag_counts(self._store_tags))

    def update_status(self, note: str = "") -> None:
        """Show the counts, the query and ``note`` (or the query's error) in the status line."""
        status = self.state.status(len(self.brief_list.rows), marked=len(self.brief_list.marked),
                                   note=note, width=self.size.width or None)
        self.query_one(StatusLine).show(shown=status.shown, total=status.total,
                                        query=status.query, note=status.note, sort=status.sort)

    # --- reading ----------------------------------------------------------------------------

    def _on_highlighted(self, key: object) -> None:
        # Called by the list as its cursor moves (not a message): the brief is
        # shown in the same frame as the cursor.
        self.reader.show(None if key is None else str(key))

    @property
    def related(self) -> list[SearchHit]:
        """The related briefs listed under the shown brief."""
        return self.reader.related

    @on(BriefList.Selected, "#briefs")
    def _on_selected(self) -> None:
        self.query_one(Panes).read_selected()

    @property
    def full_width(self) -> bool:
        """True while the brief is shown alone, across the whole width."""
        return self.query_one(Panes).full_width

    @on(LinkClicked)
    def _on_link(self, event: LinkClicked) -> None:
        event.stop()
        if (brief_id := _linked_brief(event.href)) is not None:
            self.open_brief(brief_id)
        else:
            self.notify(f"Link: {event.href} (links do not open by themselves; "
                        "o opens the brief's URL)", markup=False)

    def open_brief(self, brief_id: str | None) -> None:
        """Put the cursor on ``brief_id``, leaving any filter that hides it (None: nothing)."""
        if brief_id is None or self.brief_list.move_to(brief_id):
            return
        self._pending_open = brief_id
        self.state.thread = None
        self.search.clear(run=False)
        self.state.clear_search()
        self.show_rows()

    # --- search -----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self.search.typed(event.value)

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self) -> None:
        self.brief_list.focus()

    @on(Input.Blurred, "#search")
    def _on_search_left(self) -> None:
        self.reader.typing_done()  # the brief pane no longer waits for typing to rest

    def apply_query(self, query: str) -> None:
        """Show the results of ``query`` (e.g. a saved search) as if typed."""
        self.search.apply(query)

    def action_cycle_sort(self) -> None:
        """Newest first, oldest first, relevance (while searching)."""
        sort = self.state.cycle_sort()
        self.show_rows()
        self.notify(f"Sorted by {sort}", timeout=2)

    def action_escape(self) -> None:
        """Leave the thread, clear the search and tag filter, or clear the marks."""
        search = self.search_box
        if self.full_width:
            self.query_one(Panes).leave_full_width()
        elif self.state.thread is not None:
            self.state.thread = None
            self.show_rows()
        elif search.display or self.state.query_text or self.state.tag_filter:
            self.search.clear()
        elif self.brief_list.marked:
            self.brief_list.clear_marks()
        self.brief_list.focus()

    def action_save_search(self) -> None:
        """Save the current query under a name (listed in the command palette)."""
        self.search.save(self.state.query_text)

    # --- tags pane and story thread ---------------------------------------------------------

    def on_resize(self) -> None:
        """Narrow terminals get their own layout (:meth:`Panes.fit_width`)."""
        self.query_one(Panes).fit_width()

    def action_toggle_tags(self) -> None:
        """Show or hide the tags pane (every tag with its count)."""
        if self.query_one(Panes).toggle_tags():
            self._count_tags()

    @on(TagsPane.Toggled)
    def _on_tags_toggled(self, event: TagsPane.Toggled) -> None:
        self.state.tag_filter = event.chosen
        self.state.thread = None
        self.show_rows()

    def on_threads_thread_ready(self, event: Threads.ThreadReady) -> None:
        """Show the thread, the cursor on the brief it started from."""
        from tui.controllers.list_state import StoryThread

        self.state.thread = StoryThread(event.current.title, event.rows)
        self._pending_open = event.current.id
        self.show_rows()

    # --- changes (asked by tui.controllers.editing, saved by tui.controllers.changes) -------

    def on_changes_applied(self, event: Changes.Applied) -> None:
        """A change is saved: update its rows in place (or reload after deletes and undo)."""
        outcome = event.outcome
        self.reader.keep_unread.update(outcome.made_unread)
        self.reader.forget(outcome.ids)
        if outcome.notice:
            self.notify(outcome.notice, markup=False)
        if outcome.reload:
            self.reload()
            if outcome.ids:
                self._pending_open = outcome.ids[0]
        by_id = self.state.update(event.rows)
        for row in event.rows:
            self.brief_list.update_row(row)
        self._store_tags = event.tag_counts
        self._count_tags()
        self.update_status()
        if self.reader.shown_id in by_id:
            self.reader.show_again(self.reader.shown_id)

    def on_brief_list_marks_changed(self) -> None:
        """Marks changed: the status line counts them."""
        self.update_status()

    # --- long jobs (import, export, and whatever tui.jobs registers) ------------------------

    def run_long_job(self, job: LongJob) -> None:
        """Run a registered long job (see :mod:`tui.controllers.long_jobs`)."""
        self.query_one(LongJobs).start(job)

    def action_import_files(self) -> None:
        """Import files or folders, with a progress bar."""
        self.run_long_job(IMPORT)

    # --- other screens ----------------------------------------------------------------------

    def action_quotes(self) -> None:
        """Who said what: every quoted statement; choosing one opens its brief."""
        from tui.screens.quotes_screen import QuotesScreen

        self.app.push_screen(QuotesScreen(), self.reader.open_quote)

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())
