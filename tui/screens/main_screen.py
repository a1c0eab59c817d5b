"""The main screen: tags pane, brief list and the selected brief, all from the keyboard."""

from __future__ import annotations

import shlex
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from briefs import Brief, render_markdown
from briefs.models import tag_key
from briefs.render import BRIEF_LINK_SCHEME
from store import BriefRow, BriefStore, ImportReport, SearchHit, SearchResults
from store.search import Query, QueryError, match_ranges
from store.search import parse_query as parse_search_query
from tui.cli import printable_path
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.progress_dialog import ProgressDialog
from tui.dialogs.prompt_dialog import PromptDialog
from tui.dialogs.tag_editor import TagEdit, TagEditor
from tui.undo import UndoEntry, UndoStack, restore_states, snapshot
from tui.widgets.brief_document import LinkClicked
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

if TYPE_CHECKING:
    from tui.app import BriefsApp

#: How long a brief must stay on screen before it counts as read.
READ_AFTER_SECONDS = 1.5
#: How many search hits the list shows (the status line says when there are more).
SEARCH_LIMIT = 5_000
#: How often to look for changes made by other processes (a stat or two each time).
REFRESH_SECONDS = 2.0
#: How many related briefs the brief pane lists (each opened with its number key).
RELATED_LIMIT = 5
#: Below this width the tags pane replaces the brief pane instead of squeezing it.
NARROW_WIDTH = 110
#: Briefs kept in memory (with their related briefs) so that moving shows them at once.
BRIEF_CACHE_SIZE = 64
#: How long the cursor must rest before related briefs and read-ahead start
#: (longer while a search is being typed, so that they never delay a keystroke).
SETTLE_SECONDS = 0.12
SETTLE_SECONDS_TYPING = 0.6
#: How many briefs after (and before) the cursor are read ahead in the background.
PREFETCH_AHEAD = 3
PREFETCH_BEHIND = 1
#: Sort orders, cycled with ``S``.
SORTS = ("newest", "oldest", "relevance")

StoreChange = Callable[[BriefStore, list[str]], object]


class MainScreen(Screen[None]):
    """List, brief, search and tags; every store call goes through a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("escape", "escape", "Clear", show=False),
        Binding("t", "tag", "Tag"),
        Binding("r", "toggle_read", "Read"),
        Binding("s", "toggle_star", "Star"),
        Binding("n", "next_unread", "Next unread", show=False),
        Binding("e", "edit_note", "Note"),
        Binding("d", "delete", "Delete"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("space", "mark", "Mark", show=False),
        Binding("i", "import_files", "Import", show=False),
        Binding("x", "export", "Export", show=False),
        Binding("Q", "quotes", "Quotes"),
        Binding("T", "toggle_tags", "Tags"),
        Binding("h", "thread", "Thread", show=False),
        Binding("o", "open_url", "Open URL", show=False),
        Binding("S", "cycle_sort", "Sort", show=False),
        *[Binding(str(n), f"open_related({n})", show=False) for n in range(1, 10)],
        Binding("question_mark", "help", "Keys"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[BriefRow] = []
        #: The same rows by id, kept in step (search results and links look rows up).
        self.row_by_id: dict[str, BriefRow] = {}
        self._all_position: dict[str, int] = {}
        self.query_text = ""
        self.tag_filter: list[str] = []
        self.results: SearchResults | None = None
        #: The query the last search outcome answered (results or an error message).
        self.answered_query: str | None = None
        self.parsed_query: Query | None = None
        self.sort = "newest"
        self.thread: tuple[str, list[BriefRow]] | None = None  # (title, rows) of a story thread
        self.related: list[SearchHit] = []
        self.undo = UndoStack()
        # Briefs read ahead of the cursor, and related lists found, by id; dropped on change.
        self._brief_cache: OrderedDict[str, Brief] = OrderedDict()
        self._related_cache: dict[str, list[SearchHit]] = {}
        self._settle_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._shown_id: str | None = None
        self._pending_open: str | None = None

    @property
    def briefs_app(self) -> BriefsApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Status line, tags pane, list, brief, footer."""
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield TagsPane(id="tags")
            with Vertical(id="list-pane"):
                yield Input(placeholder='words "phrase" tag:x is:unread after:2024 (? for help)',
                            id="search")
                yield BriefList(id="briefs")
            yield BriefView(id="brief")
        yield Footer()

    def on_mount(self) -> None:
        """Open the store and load the list in a worker; poll for changes by others."""
        self.query_one("#search", Input).display = False
        self.query_one(TagsPane).display = False
        self.brief_list.focus()
        self.reload()
        self.set_interval(REFRESH_SECONDS, self._poll_changes)

    # --- loading ----------------------------------------------------------------------------

    @property
    def brief_list(self) -> BriefList:
        """The list widget."""
        return self.query_one(BriefList)

    def reload(self) -> None:
        """Fetch every row, the tag counts and the saved searches again (in a worker)."""

        def job(store: BriefStore) -> tuple[list[BriefRow], dict[str, int], dict[str, str]]:
            return store.rows(), store.tag_counts(), store.saved_searches()

        self.briefs_app.call_store(job, self._loaded, group="reload", exclusive=True,
                                   description="load the list")

    def _loaded(self, outcome: tuple[list[BriefRow], dict[str, int], dict[str, str]]) -> None:
        rows, tag_counts, saved = outcome
        self._forget_briefs()
        self.all_rows = rows
        self.row_by_id = {row.id: row for row in rows}
        self._all_position = {row.id: i for i, row in enumerate(rows)}
        self.briefs_app.saved_searches = saved
        self.query_one(TagsPane).set_counts(tag_counts)
        if self.effective_query:
            self._run_search()
        else:
            self._show_rows()
        if not rows:
            self.notify("The store is empty. Press i to import articles, or run: "
                        "briefs import PATH", markup=False, timeout=8)

    def _poll_changes(self) -> None:
        if self.briefs_app.store is None:
            return

        def check(store: BriefStore) -> bool:
            return store.refresh()

        def apply(changed: bool) -> None:
            if changed:
                self._forget_briefs()
                self.reload()
                if self._shown_id:
                    self._load_brief(self._shown_id)

        self.briefs_app.call_store(check, apply, group="refresh", exclusive=True,
                                   description="look for changes")

    # --- what the list shows ----------------------------------------------------------------

    @property
    def effective_query(self) -> str:
        """The query being searched (the tags pane filters apart, see :meth:`_tag_filtered`)."""
        return self.query_text

    def _tag_filtered(self, rows: list[BriefRow]) -> list[BriefRow]:
        """Rows carrying every tag chosen in the tags pane.

        Applied to rows rather than written into the query, so that any tag works,
        whatever characters it holds (quotes, brackets, colons).
        """
        if not self.tag_filter:
            return rows
        wanted = {tag_key(tag) for tag in self.tag_filter}
        return [row for row in rows if wanted <= {tag_key(t) for t in row.tags}]

    def _visible_rows(self) -> list[BriefRow]:
        if self.thread is not None:
            return self.thread[1]
        if self.results is not None and self.effective_query:
            by_id = self.row_by_id
            rows = self._tag_filtered(
                [by_id[hit.id] for hit in self.results.hits if hit.id in by_id])
            if self.sort == "relevance":
                return rows
        else:
            rows = self._tag_filtered(self.all_rows)
        if self.sort == "oldest":
            return sorted(rows, key=lambda r: r.sort_key_newest_first(), reverse=True)
        if rows is self.all_rows:
            return rows
        return sorted(rows, key=lambda r: r.sort_key_newest_first())

    def _show_rows(self, *, note: str = "") -> None:
        keep = self._pending_open
        self.brief_list.set_rows(self._visible_rows(), keep=keep)
        if keep is not None and self.brief_list.highlighted_id == keep:
            self._pending_open = None
        self._update_status(note)

    def _update_status(self, note: str = "") -> None:
        shown = len(self.brief_list.rows)
        query = self.effective_query
        if self.tag_filter:
            tags = "tags: " + ", ".join(self.tag_filter)
            query = f"{query} · {tags}" if query else tags
        if self.thread is not None:
            query = f"story thread of “{self.thread[0]}” (escape to leave)"
        elif self.results is not None and self.results.total > shown and not note:
            note = f"first {shown:,} of {self.results.total:,} matches"
        if self.brief_list.marked:
            note = f"{len(self.brief_list.marked)} marked" + (f" · {note}" if note else "")
        sort = self.sort if (self.effective_query or self.sort != "newest") else ""
        status = self.query_one(StatusLine)
        status.show(shown=shown, total=len(self.all_rows), query=query, note=note, sort=sort)

    # --- reading ----------------------------------------------------------------------------

    @on(BriefList.Highlighted, "#briefs")
    def _on_highlighted(self, event: BriefList.Highlighted) -> None:
        if event.key is None:
            self._shown_id = None
            self.query_one(BriefView).show_brief(None)
            return
        self._load_brief(str(event.key))

    def _load_brief(self, brief_id: str) -> None:
        """Show ``brief_id`` now if it was read ahead, else as soon as a worker reads it.

        Related briefs (a search: tens of milliseconds on a large store) and the
        read-ahead of the next briefs start only once the cursor has rested for
        :data:`SETTLE_SECONDS`: while keys repeat, nothing competes with drawing.
        """
        self._shown_id = brief_id
        cached = self._brief_cache.get(brief_id)
        if cached is not None:
            self._brief_cache.move_to_end(brief_id)
            self._show_brief(cached)
            self._when_settled(brief_id)
            return

        def shown(brief: Brief) -> None:
            self._remember({brief.id: brief})
            self._show_brief(brief)
            self._when_settled(brief_id)

        self.briefs_app.call_store(lambda store: store.get(brief_id), shown, group="brief",
                                   exclusive=True, description="load a brief")

    def _when_settled(self, brief_id: str) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
        typing = self.query_one("#search", Input).has_focus
        delay = max(SETTLE_SECONDS, SETTLE_SECONDS_TYPING) if typing else SETTLE_SECONDS
        self._settle_timer = self.set_timer(delay, lambda: self._settled(brief_id))

    def _settled(self, brief_id: str) -> None:
        """The cursor rests on ``brief_id``: find its related briefs, read the next ones."""
        if self.brief_list.highlighted_id != brief_id:
            return
        if brief_id not in self._related_cache:

            def found(related: list[SearchHit]) -> None:
                self._related_cache[brief_id] = related
                brief = self._brief_cache.get(brief_id)
                if brief is not None and self.brief_list.highlighted_id == brief_id:
                    self._show_brief(brief)  # the same brief: the reader keeps their place

            self.briefs_app.call_store(
                lambda store: store.related(brief_id, limit=RELATED_LIMIT), found,
                group="related", exclusive=True, description="find related briefs")
        wanted = self._neighbours(brief_id)
        if wanted:
            self.briefs_app.call_store(
                lambda store: {b.id: b for b in store.get_many(wanted)}, self._remember,
                group="prefetch", exclusive=True, description="read ahead")

    def _neighbours(self, brief_id: str) -> list[str]:
        rows = self.brief_list.rows
        index = self.brief_list.index_of(brief_id)
        if index is None:
            return []
        span = range(max(0, index - PREFETCH_BEHIND), min(len(rows), index + PREFETCH_AHEAD + 1))
        return [rows[i].id for i in span if i != index and rows[i].id not in self._brief_cache]

    def _remember(self, found: dict[str, Brief]) -> None:
        self._brief_cache.update(found)
        while len(self._brief_cache) > BRIEF_CACHE_SIZE:
            self._brief_cache.popitem(last=False)

    def _forget_briefs(self, ids: Sequence[str] | None = None) -> None:
        """Drop cached briefs that changed (all of them when ``ids`` is None).

        Related lists are dropped with them: tags and imports change what is related.
        """
        self._related_cache.clear()
        if ids is None:
            self._brief_cache.clear()
        else:
            for brief_id in ids:
                self._brief_cache.pop(brief_id, None)

    def _show_brief(self, brief: Brief) -> None:
        if brief.id != self.brief_list.highlighted_id:
            return  # the cursor moved on while we were loading
        related = self._related_cache.get(brief.id, [])
        self.related = related
        titles = self._related_titles(related)
        query = self.parsed_query
        ranges = (lambda text: match_ranges(text, query)) if query is not None else None
        self.query_one(BriefView).show_brief(
            brief, markdown=render_markdown(brief, related=titles), ranges=ranges)
        if self._read_timer is not None:
            self._read_timer.stop()
        if not brief.read:
            self._read_timer = self.set_timer(READ_AFTER_SECONDS,
                                              lambda: self._mark_read_if_shown(brief.id))

    def _related_titles(self, related: Sequence[SearchHit]) -> list[tuple[str, str]]:
        by_id = self.row_by_id
        titles = []
        for hit in related:
            row = by_id.get(hit.id)
            if row is not None:
                date = f"{row.date.isoformat()} · " if row.date else ""
                titles.append((hit.id, f"{date}{row.title}"))
        return titles

    def _mark_read_if_shown(self, brief_id: str) -> None:
        row = self.brief_list.highlighted_row
        if row is not None and row.id == brief_id and not row.read:
            # Reading is not an edit: it does not go on the undo stack.
            self._change_rows([brief_id], lambda store, ids: store.set_read(ids, True),
                              undoable=None)

    @on(BriefList.Selected, "#briefs")
    def _on_selected(self) -> None:
        self.query_one(BriefView).focus()

    @on(LinkClicked)
    def _on_link(self, event: LinkClicked) -> None:
        event.stop()
        if event.href.startswith(BRIEF_LINK_SCHEME):
            self.open_brief(event.href.removeprefix(BRIEF_LINK_SCHEME))
        else:
            self.notify(f"Link: {event.href} (links do not open by themselves; "
                        "o opens the brief's URL)", markup=False)

    def open_brief(self, brief_id: str) -> None:
        """Put the cursor on ``brief_id``, leaving any filter that hides it."""
        if self.brief_list.move_to(brief_id):
            return
        self._pending_open = brief_id
        self.thread = None
        self.query_text = ""
        self.tag_filter = []
        self.query_one(TagsPane).clear_choice()
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.results = None
        self.parsed_query = None
        self._show_rows()

    def action_open_related(self, number: int) -> None:
        """Open the n-th related brief listed under the brief."""
        if 1 <= number <= len(self.related):
            self.open_brief(self.related[number - 1].id)

    def action_next_unread(self) -> None:
        """Go to the next unread brief (wrapping around)."""
        rows = self.brief_list.rows
        start = self.brief_list.cursor
        for offset in range(1, len(rows) + 1):
            index = (start + offset) % len(rows)
            if not rows[index].read:
                self.brief_list.move_cursor(index)
                return
        self.notify("No unread briefs here.")

    def action_open_url(self) -> None:
        """Open the brief's web page in the browser."""
        view = self.query_one(BriefView)
        url = view.brief.url if view.brief else None
        if not url:
            self.notify("This brief has no URL.")
            return
        if not url.startswith(("http://", "https://")):
            self.notify(f"Not opening {url}: only http and https links open.", markup=False,
                        severity="warning")
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    # --- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search box (keeps the current query for editing)."""
        search = self.query_one("#search", Input)
        search.display = True
        # Focus now, not on the next tick: keys already queued behind "/" (a fast
        # typist, a paste) belong to the query, not to the list's n, i, d keys.
        self.set_focus(search)

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.thread = None
        self._run_search()

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self) -> None:
        self.brief_list.focus()

    def apply_query(self, query: str) -> None:
        """Show the results of ``query`` (e.g. a saved search) as if typed."""
        search = self.query_one("#search", Input)
        search.display = True
        search.value = query  # posts Input.Changed, which runs the search
        self.brief_list.focus()

    def _run_search(self) -> None:
        text = self.effective_query
        if not text:
            self.results = None
            self.parsed_query = None
            if self.sort == "relevance":
                self.sort = "newest"
            self._show_rows()
            self._refresh_highlights()
            return

        def search(store: BriefStore) -> tuple[str, SearchResults]:
            # The list shows titles, not snippets: no article needs reading.
            return text, store.search(text, limit=SEARCH_LIMIT, snippets=0)

        self.briefs_app.call_store(search, self._show_results, group="search", exclusive=True,
                                   description="search")

    def _show_results(self, outcome: tuple[str, SearchResults]) -> None:
        text, results = outcome
        if text != self.effective_query:
            return  # an answer to a query the user has already changed
        self.answered_query = text
        if results.error:
            # Keep the previous results on screen while the query is being typed.
            self._update_status(note=results.error)
            return
        self.results = results
        try:
            self.parsed_query = parse_search_query(self.effective_query)
        except QueryError:
            self.parsed_query = None
        self.sort = "relevance" if results.sort == "relevance" else "newest"
        note = ""
        if not results.hits:
            note = "no matches"
            if results.suggestions:
                note += "; did you mean " + ", ".join(results.suggestions) + "?"
        self._show_rows(note=note)
        self._refresh_highlights()

    def _refresh_highlights(self) -> None:
        """Show the current brief again with the new query's matches highlighted."""
        shown = self._shown_id
        if shown is None or shown != self.brief_list.highlighted_id:
            return
        brief = self._brief_cache.get(shown)
        if brief is not None:
            self._show_brief(brief)
        else:
            self._load_brief(shown)

    def action_cycle_sort(self) -> None:
        """Newest first, oldest first, relevance (while searching)."""
        choices = list(SORTS) if self.results is not None else ["newest", "oldest"]
        current = choices.index(self.sort) if self.sort in choices else -1
        self.sort = choices[(current + 1) % len(choices)]
        self._show_rows()
        self.notify(f"Sorted by {self.sort}", timeout=2)

    def action_escape(self) -> None:
        """Leave the thread, clear the search and tag filter, or go back to the list."""
        search = self.query_one("#search", Input)
        if self.thread is not None:
            self.thread = None
            self._show_rows()
        elif search.display or self.query_text or self.tag_filter:
            search.value = ""
            search.display = False
            self.query_text = ""
            self.tag_filter = []
            self.query_one(TagsPane).clear_choice()
            self._run_search()
        elif self.brief_list.marked:
            self.brief_list.marked.clear()
            self.brief_list.refresh()
            self._update_status()
        self.brief_list.focus()

    def action_save_search(self) -> None:
        """Save the current query under a name (listed in the command palette)."""
        query = self.effective_query
        if not query:
            self.notify("Type a search first (/), then save it.")
            return

        def save(name: str | None) -> None:
            if name:
                self.briefs_app.call_store(
                    lambda store: (store.save_search(name, query), store.saved_searches())[1],
                    self._saved, description="save a search")

        self.app.push_screen(PromptDialog(title=f"Save the search “{query}” as",
                                          hint="A short name; it appears in ctrl+p."), save)

    def _saved(self, saved: dict[str, str]) -> None:
        self.briefs_app.saved_searches = saved
        self.notify("Search saved; find it with ctrl+p.")

    # --- tags pane and story thread ---------------------------------------------------------

    def on_resize(self) -> None:
        """On narrow terminals the tags pane takes the brief pane's place."""
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")

    def action_toggle_tags(self) -> None:
        """Show or hide the tags pane (every tag with its count)."""
        pane = self.query_one(TagsPane)
        pane.display = not pane.display
        self.set_class(pane.display, "-tags-open")
        if pane.display:
            pane.focus()
        else:
            self.brief_list.focus()

    @on(TagsPane.Toggled)
    def _on_tags_toggled(self, event: TagsPane.Toggled) -> None:
        self.tag_filter = event.chosen
        self.thread = None
        self._show_rows()

    def action_thread(self) -> None:
        """Show the story thread: this brief and its related briefs in date order."""
        current = self.brief_list.highlighted_row
        if current is None:
            return

        def job(store: BriefStore) -> list[BriefRow]:
            hits = store.related(current.id, limit=30)
            return [current, *(store.row(hit.id) for hit in hits)]

        def show(rows: list[BriefRow]) -> None:
            rows.sort(key=lambda r: r.sort_key_newest_first(), reverse=True)  # oldest first
            self.thread = (current.title, rows)
            self._pending_open = current.id
            self._show_rows()

        self.briefs_app.call_store(job, show, description="find the story thread")

    # --- changes ----------------------------------------------------------------------------

    def _target_ids(self) -> list[str]:
        """The marked briefs, else the one under the cursor."""
        marked = [row.id for row in self.brief_list.rows if row.id in self.brief_list.marked]
        if marked:
            return marked
        current = self.brief_list.highlighted_id
        return [current] if current else []

    def _change_rows(self, ids: Sequence[str], change: StoreChange,
                     *, undoable: str | None) -> None:
        """Apply ``change(store, ids)`` in a worker, remember how to undo it, refresh rows."""
        ids = list(ids)

        def job(store: BriefStore) -> tuple[list[BriefRow], dict[str, int]]:
            before = snapshot(store, ids) if undoable else None
            change(store, ids)
            if before is not None and undoable is not None:
                self.undo.push(UndoEntry(undoable, lambda s: restore_states(s, before)))
            return [store.row(brief_id) for brief_id in ids], store.tag_counts()

        self.briefs_app.call_store(job, self._rows_changed, description="save a change")

    def _rows_changed(self, outcome: tuple[list[BriefRow], dict[str, int]]) -> None:
        rows, tag_counts = outcome
        self._forget_briefs([row.id for row in rows])
        by_id = {row.id: row for row in rows}
        # In place, by position: rebuilding 100,000 rows for one tag (or for the
        # automatic mark-read after every brief shown) would cost the UI thread.
        for row in rows:
            position = self._all_position.get(row.id)
            if position is not None:
                self.all_rows[position] = row
        self.row_by_id.update(by_id)
        if self.thread is not None:
            self.thread = (self.thread[0], [by_id.get(r.id, r) for r in self.thread[1]])
        for row in rows:
            self.brief_list.update_row(row)
        self.query_one(TagsPane).set_counts(tag_counts)
        self._update_status()
        if self._shown_id in by_id:
            self._load_brief(self._shown_id)

    def action_tag(self) -> None:
        """Edit the tags of the marked briefs, or of the brief under the cursor."""
        ids = self._target_ids()
        row = self.brief_list.highlighted_row
        if not ids or row is None:
            return
        if len(ids) == 1:
            target, current = f"“{row.title}”", row.tags
        else:
            target, current = f"{len(ids)} marked briefs", []
        known = [row.tag for row in self.query_one(TagsPane).rows]

        def apply(edit: TagEdit | None) -> None:
            if edit is not None:
                self._change_rows(
                    ids,
                    lambda store, ids: store.edit_tags(ids, add=edit.add, remove=edit.remove),
                    undoable="tag change",
                )

        self.app.push_screen(TagEditor(target=target, current=current, known=known), apply)

    def action_toggle_read(self) -> None:
        """Mark the brief(s) read or unread."""
        row = self.brief_list.highlighted_row
        if row is None:
            return
        if self._read_timer is not None:
            self._read_timer.stop()
        value = not row.read
        self._change_rows(self._target_ids(), lambda store, ids: store.set_read(ids, value),
                          undoable="read change")

    def action_toggle_star(self) -> None:
        """Star or unstar the brief(s)."""
        row = self.brief_list.highlighted_row
        if row is None:
            return
        value = not row.starred
        self._change_rows(self._target_ids(), lambda store, ids: store.set_starred(ids, value),
                          undoable="star change")

    def action_mark(self) -> None:
        """Mark the brief under the cursor and move down (to act on several at once)."""
        self.brief_list.toggle_mark()
        self.brief_list.action_cursor_down()
        self._update_status()

    def action_edit_note(self) -> None:
        """Write or change the personal note on the brief (shown in the brief)."""
        view = self.query_one(BriefView)
        brief = view.brief
        if brief is None or brief.id != self.brief_list.highlighted_id:
            return
        old_note = brief.note

        def save(note: str | None) -> None:
            if note is None or note == old_note:
                return

            def job(store: BriefStore, ids: list[str]) -> None:
                store.set_note(brief.id, note)
                self.undo.push(UndoEntry("note change",
                                         lambda s: (s.set_note(brief.id, old_note), [brief.id])[1]))

            self._change_rows([brief.id], job, undoable=None)

        self.app.push_screen(NoteEditor(title=brief.title, note=old_note), save)

    def action_delete(self) -> None:
        """Delete the brief or the marked briefs, after a confirmation."""
        ids = self._target_ids()
        row = self.brief_list.highlighted_row
        if not ids or row is None:
            return
        what = f"“{row.title}”" if len(ids) == 1 else f"{len(ids)} marked briefs"

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def job(store: BriefStore) -> int:
                deleted = store.delete(ids)
                self.undo.push(UndoEntry(
                    f"delete of {len(deleted)} brief(s)",
                    lambda s: (s.restore(deleted), [b.id for b in deleted])[1],
                ))
                return len(deleted)

            def done(count: int) -> None:
                self.notify(f"Deleted {count} brief(s). ctrl+z undoes it.")
                self.reload()

            self.briefs_app.call_store(job, done, description="delete")

        self.app.push_screen(ConfirmDialog(f"Delete {what}?", confirm_label="Delete"),
                             confirmed)

    def action_undo(self) -> None:
        """Undo the last tag, read, star, note or delete change."""
        entry = self.undo.pop()
        if entry is None:
            self.notify("Nothing to undo.")
            return

        def done(ids: list[str]) -> None:
            self._forget_briefs(ids)
            self.notify(f"Undid the {entry.description}.", markup=False)
            self.reload()
            if ids:
                self._pending_open = ids[0]
            if self._shown_id in ids:
                self._load_brief(self._shown_id)

        self.briefs_app.call_store(entry.revert, done, description="undo")

    # --- import, export, other screens ------------------------------------------------------

    def action_import_files(self) -> None:
        """Import files or folders, with a progress bar."""

        def start(text: str | None) -> None:
            if not text:
                return
            try:
                paths = [Path(p).expanduser() for p in shlex.split(text)]
            except ValueError as error:
                self.notify(f"Cannot read those paths: {error}", severity="error", markup=False)
                return
            self._run_import(paths)

        self.app.push_screen(PromptDialog(
            title="Import articles (.txt) and Markdown briefs (.md)",
            hint="Files or folders, separated by spaces; tab completes; folders are recursive.",
            complete_paths=True,
        ), start)

    def _run_import(self, paths: list[Path]) -> None:
        from store import import_paths

        dialog = ProgressDialog("Importing…")
        self.app.push_screen(dialog)
        failures: list[str] = []

        def job(store: BriefStore) -> ImportReport:
            def progress(done: int, total: int | None, path: Path) -> None:
                self.app.call_from_thread(dialog.advance, done, total, str(path))

            def error(path: Path, reason: str) -> None:
                failures.append(f"{printable_path(path)}: {reason}")

            try:
                return import_paths(store, paths, on_progress=progress, on_error=error)
            finally:
                # Closed on every outcome; a failure is then shown by the app's error dialog.
                self.app.call_from_thread(dialog.dismiss)

        def done(report: ImportReport) -> None:
            summary = (f"Imported {report.imported}, updated {report.updated}, "
                       f"unchanged {report.unchanged}, failed {len(report.failed)}.")
            if failures:
                shown = "\n".join(failures[:5])
                more = f"\n… and {len(failures) - 5} more" if len(failures) > 5 else ""
                self.notify(f"{summary}\n{shown}{more}", severity="warning", markup=False,
                            timeout=15)
            else:
                self.notify(summary, markup=False)
            self.reload()

        self.briefs_app.call_store(job, done, description="import")

    def action_export(self) -> None:
        """Write the briefs shown in the list as Markdown files into a folder."""
        ids = [row.id for row in self.brief_list.rows]
        if not ids:
            self.notify("Nothing to export.")
            return

        def start(text: str | None) -> None:
            if not text:
                return
            target = Path(text).expanduser()

            def job(store: BriefStore) -> int:
                from tui.export import export_briefs

                return len(export_briefs(store, ids, target))

            self.briefs_app.call_store(
                job, lambda count: self.notify(f"Exported {count} briefs to {target}",
                                               markup=False),
                description="export")

        self.app.push_screen(PromptDialog(
            title=f"Export the {len(ids):,} briefs shown as Markdown files into",
            hint="A folder (created if missing); one .md file per brief, importable again.",
            value=str(Path("~/briefs-export").expanduser()),
            complete_paths=True,
        ), start)

    def action_quotes(self) -> None:
        """Who said what: every quoted statement in the collection."""
        from tui.screens.quotes_screen import QuotesScreen

        def back(brief_id: str | None) -> None:
            if brief_id:
                self.open_brief(brief_id)

        self.app.push_screen(QuotesScreen(), back)

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())
