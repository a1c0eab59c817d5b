"""The main screen: tags pane, brief list and the selected brief, all from the keyboard.

The screen composes the widgets and routes messages. What it shows is decided
by :class:`~tui.controllers.list_state.ListState`; store calls run in the
controllers' workers (loading, search, reading, changes and undo, long jobs),
which post their results back as messages handled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from briefs import Brief, render_markdown
from briefs.render import BRIEF_LINK_SCHEME
from store import SearchHit
from store.search import match_ranges
from tui.controllers.changes import Changes
from tui.controllers.list_state import ListState
from tui.controllers.loader import Loader
from tui.controllers.long_jobs import LONG_JOBS, LongJob, LongJobs, report_text
from tui.controllers.reader import Reader
from tui.controllers.search import SearchController
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_editor import NoteEditor
from tui.dialogs.prompt_dialog import PromptDialog
from tui.dialogs.tag_editor import TagEdit, TagEditor
from tui.jobs import IMPORT, export_job
from tui.store_access import host_of, run_store_job
from tui.widgets.brief_document import LinkClicked
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

#: How long a brief must stay on screen before it counts as read.
READ_AFTER_SECONDS = 1.5
#: How often to look for changes made by other processes (a stat or two each time).
REFRESH_SECONDS = 2.0
#: Below this width the tags pane replaces the brief pane instead of squeezing it.
NARROW_WIDTH = 110
#: How long the cursor must rest before related briefs and read-ahead start
#: (longer while a search is being typed, so that they never delay a keystroke).
SETTLE_SECONDS = 0.12
SETTLE_SECONDS_TYPING = 0.6
#: How many briefs after (and before) the cursor are read ahead in the background.
PREFETCH_AHEAD = 3
PREFETCH_BEHIND = 1


class MainScreen(Screen[None]):
    """List, brief, search and tags; every store call goes through a controller's worker."""

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
        self.state = ListState()
        self.related: list[SearchHit] = []
        self._settle_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._shown_id: str | None = None
        self._pending_open: str | None = None
        #: Briefs the reader made unread: not marked read again until they leave them.
        self._keep_unread: set[str] = set()

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
        yield Changes()
        yield LongJobs()

    def on_mount(self) -> None:
        """Load the list in a worker; poll for changes by others."""
        self.search_box.display = False
        self.query_one(TagsPane).display = False
        self.brief_list.focus()
        self.reload()
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
    def answered_query(self) -> str | None:
        """The query the last search outcome answered (results or an error message)."""
        return self.state.answered_query

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every row, the tag counts and the saved searches again (in a worker)."""
        self.query_one(Loader).reload()

    def on_loader_loaded(self, event: Loader.Loaded) -> None:
        """The whole list arrived: show it (searching again if a query is active)."""
        self.reader.forget()
        self.state.load(event.rows)
        # Marks survive searches and reloads; only briefs that are gone lose theirs.
        self.brief_list.marked &= self.state.row_by_id.keys()
        host_of(self).saved_searches = event.saved_searches
        self.query_one(TagsPane).set_counts(event.tag_counts)
        self._run_search()
        if not event.rows:
            self.notify("The store is empty. Press i to import articles, or run: "
                        "briefs import PATH", markup=False, timeout=8)

    def on_loader_changed_elsewhere(self) -> None:
        """Another process changed the store: read the list and the shown brief again."""
        self.reader.forget()
        self.reload()
        if self._shown_id:
            self._load_brief(self._shown_id)

    # --- what the list shows ----------------------------------------------------------------

    def _show_rows(self, *, note: str = "") -> None:
        keep = self._pending_open
        self.brief_list.set_rows(self.state.visible_rows(), keep=keep)
        if keep is not None and self.brief_list.highlighted_id == keep:
            self._pending_open = None
        self._update_status(note)

    def _update_status(self, note: str = "") -> None:
        status = self.state.status(len(self.brief_list.rows),
                                   marked=len(self.brief_list.marked), note=note)
        self.query_one(StatusLine).show(shown=status.shown, total=status.total,
                                        query=status.query, note=status.note, sort=status.sort)

    # --- reading ----------------------------------------------------------------------------

    @on(BriefList.Highlighted, "#briefs")
    def _on_highlighted(self, event: BriefList.Highlighted) -> None:
        brief_id = None if event.key is None else str(event.key)
        self._keep_unread.intersection_update({brief_id})  # left them: reading may mark them
        if brief_id is None:
            self._shown_id = None
            self.query_one(BriefView).show_brief(None)
            return
        self._load_brief(brief_id)

    def _load_brief(self, brief_id: str) -> None:
        """Show ``brief_id`` now if it was read ahead, else as soon as a worker reads it.

        Related briefs (a search: tens of milliseconds on a large store) and the
        read-ahead of the next briefs start only once the cursor has rested for
        :data:`SETTLE_SECONDS`: while keys repeat, nothing competes with drawing.
        """
        self._shown_id = brief_id
        cached = self.reader.cached(brief_id)
        if cached is not None:
            self._show_brief(cached)
            self._when_settled(brief_id)
        else:
            self.reader.load(brief_id)

    def on_reader_brief_ready(self, event: Reader.BriefReady) -> None:
        """A brief was read: show it if the cursor is still on it."""
        if event.brief.id == self._shown_id:
            self._show_brief(event.brief)
            self._when_settled(event.brief.id)

    def _when_settled(self, brief_id: str) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
        typing = self.search_box.has_focus
        delay = max(SETTLE_SECONDS, SETTLE_SECONDS_TYPING) if typing else SETTLE_SECONDS
        self._settle_timer = self.set_timer(delay, lambda: self._settled(brief_id))

    def _settled(self, brief_id: str) -> None:
        """The cursor rests on ``brief_id``: find its related briefs, read the next ones."""
        if self.brief_list.highlighted_id != brief_id:
            return
        if not self.reader.has_related(brief_id):
            self.reader.find_related(brief_id)
        self.reader.read_ahead(self._neighbours(brief_id))

    def on_reader_related_ready(self, event: Reader.RelatedReady) -> None:
        """Related briefs found: show the same brief again (the reader keeps their place)."""
        brief = self.reader.cached(event.brief_id)
        if brief is not None and self.brief_list.highlighted_id == event.brief_id:
            self._show_brief(brief)

    def _neighbours(self, brief_id: str) -> list[str]:
        rows = self.brief_list.rows
        index = self.brief_list.index_of(brief_id)
        if index is None:
            return []
        span = range(max(0, index - PREFETCH_BEHIND), min(len(rows), index + PREFETCH_AHEAD + 1))
        return [rows[i].id for i in span if i != index]

    def _show_brief(self, brief: Brief) -> None:
        if brief.id != self.brief_list.highlighted_id:
            return  # the cursor moved on while we were loading
        self.related = self.reader.related_of(brief.id)
        titles = self._related_titles(self.related)
        query = self.state.parsed_query
        ranges = (lambda text: match_ranges(text, query)) if query is not None else None
        self.query_one(BriefView).show_brief(
            brief, markdown=render_markdown(brief, related=titles), ranges=ranges)
        if self._read_timer is not None:
            self._read_timer.stop()
        if not brief.read and brief.id not in self._keep_unread:
            self._read_timer = self.set_timer(READ_AFTER_SECONDS,
                                              lambda: self._mark_read_if_shown(brief.id))

    def _related_titles(self, related: Sequence[SearchHit]) -> list[tuple[str, str]]:
        by_id = self.state.row_by_id
        titles = []
        for hit in related:
            row = by_id.get(hit.id)
            if row is not None:
                date = f"{row.date.isoformat()} · " if row.date else ""
                titles.append((hit.id, f"{date}{row.title}"))
        return titles

    def _mark_read_if_shown(self, brief_id: str) -> None:
        row = self.brief_list.highlighted_row
        if (row is not None and row.id == brief_id and not row.read
                and brief_id not in self._keep_unread):
            # Reading is not an edit: it does not go on the undo stack.
            self.changes.set_flag("read", [brief_id], True, undoable=False)

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
        self.state.thread = None
        self.state.query_text = ""
        self.state.tag_filter = []
        self.state.clear_search()
        self.query_one(TagsPane).clear_choice()
        self.search_box.value = ""
        self.search_box.display = False
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
        self.search_box.display = True
        # Focus now, not on the next tick: keys already queued behind "/" (a fast
        # typist, a paste) belong to the query, not to the list's n, i, d keys.
        self.set_focus(self.search_box)

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self.state.query_text = event.value.strip()
        self.state.thread = None
        self._run_search()

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self) -> None:
        self.brief_list.focus()

    def apply_query(self, query: str) -> None:
        """Show the results of ``query`` (e.g. a saved search) as if typed."""
        self.search_box.display = True
        self.search_box.value = query  # posts Input.Changed, which runs the search
        self.brief_list.focus()

    def _run_search(self) -> None:
        if not self.state.query_text:
            self.state.clear_search()
            self._show_rows()
            self._refresh_highlights()
            return
        self.query_one(SearchController).search(self.state.query_text)

    def on_search_controller_answered(self, event: SearchController.Answered) -> None:
        """Results arrived: shown only if they answer the query now in the box."""
        if not self.state.answer(event.query, event.results):
            return  # an answer to a query the user has already changed
        if event.results.error:
            # Keep the previous results on screen while the query is being typed.
            self._update_status()
            return
        note = ""
        if not event.results.hits:
            note = "no matches"
            if event.results.suggestions:
                note += "; did you mean " + ", ".join(event.results.suggestions) + "?"
        self._show_rows(note=note)
        self._refresh_highlights()

    def _refresh_highlights(self) -> None:
        """Show the current brief again with the new query's matches highlighted."""
        shown = self._shown_id
        if shown is None or shown != self.brief_list.highlighted_id:
            return
        brief = self.reader.cached(shown)
        if brief is not None:
            self._show_brief(brief)
        else:
            self._load_brief(shown)

    def action_cycle_sort(self) -> None:
        """Newest first, oldest first, relevance (while searching)."""
        sort = self.state.cycle_sort()
        self._show_rows()
        self.notify(f"Sorted by {sort}", timeout=2)

    def action_escape(self) -> None:
        """Leave the thread, clear the search and tag filter, or clear the marks."""
        search = self.search_box
        if self.state.thread is not None:
            self.state.thread = None
            self._show_rows()
        elif search.display or self.state.query_text or self.state.tag_filter:
            search.value = ""
            search.display = False
            self.state.query_text = ""
            self.state.tag_filter = []
            self.query_one(TagsPane).clear_choice()
            self._run_search()
        elif self.brief_list.marked:
            self.brief_list.marked.clear()
            self.brief_list.refresh()
            self._update_status()
        self.brief_list.focus()

    def action_save_search(self) -> None:
        """Save the current query under a name (listed in the command palette)."""
        query = self.state.query_text
        if not query:
            self.notify("Type a search first (/), then save it.")
            return

        def save(name: str | None) -> None:
            if name:
                run_store_job(
                    self, lambda store: (store.save_search(name, query), store.saved_searches())[1],
                    self._saved, description="save a search")

        self.app.push_screen(PromptDialog(title=f"Save the search “{query}” as",
                                          hint="A short name; it appears in ctrl+p."), save)

    def _saved(self, saved: dict[str, str]) -> None:
        host_of(self).saved_searches = saved
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
        self.state.tag_filter = event.chosen
        self.state.thread = None
        self._show_rows()

    def action_thread(self) -> None:
        """Show the story thread: this brief and its related briefs in date order."""
        current = self.brief_list.highlighted_row
        if current is not None:
            self.reader.find_thread(current)

    def on_reader_thread_ready(self, event: Reader.ThreadReady) -> None:
        """Show the thread, the cursor on the brief it started from."""
        from tui.controllers.list_state import StoryThread

        self.state.thread = StoryThread(event.current.title, event.rows)
        self._pending_open = event.current.id
        self._show_rows()

    # --- changes (the dialogs here; the work in tui.controllers.changes) --------------------

    def _target_ids(self) -> list[str]:
        """The marked briefs (shown or not), else the one under the cursor."""
        marked = self.brief_list.marked
        if marked:
            shown = [row.id for row in self.brief_list.rows if row.id in marked]
            hidden = sorted(marked - set(shown))
            return shown + hidden
        current = self.brief_list.highlighted_id
        return [current] if current else []

    def on_changes_applied(self, event: Changes.Applied) -> None:
        """A change is saved: update its rows in place (or reload after deletes and undo)."""
        outcome = event.outcome
        self._keep_unread.update(outcome.made_unread)
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
        self.query_one(TagsPane).set_counts(event.tag_counts)
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
        known = [tag.tag for tag in self.query_one(TagsPane).rows]

        def apply(edit: TagEdit | None) -> None:
            if edit is not None:
                self.changes.edit_tags(ids, add=edit.add, remove=edit.remove)

        self.app.push_screen(TagEditor(target=target, current=current, known=known), apply)

    def action_toggle_read(self) -> None:
        """Mark the brief(s) read or unread."""
        row = self.brief_list.highlighted_row
        if row is None:
            return
        if self._read_timer is not None:
            self._read_timer.stop()
        self.changes.set_flag("read", self._target_ids(), not row.read)

    def action_toggle_star(self) -> None:
        """Star or unstar the brief(s)."""
        row = self.brief_list.highlighted_row
        if row is not None:
            self.changes.set_flag("starred", self._target_ids(), not row.starred)

    def action_mark(self) -> None:
        """Mark the brief under the cursor and move down (to act on several at once)."""
        self.brief_list.toggle_mark()
        self.brief_list.action_cursor_down()
        self._update_status()

    def action_edit_note(self) -> None:
        """Write or change the personal note on the brief (shown in the brief)."""
        brief = self.query_one(BriefView).brief
        if brief is None or brief.id != self.brief_list.highlighted_id:
            return
        old_note = brief.note

        def save(note: str | None) -> None:
            if note is not None and note != old_note:
                self.changes.set_note(brief.id, old_note, note)

        self.app.push_screen(NoteEditor(title=brief.title, note=old_note), save)

    def action_delete(self) -> None:
        """Delete the brief or the marked briefs, after a confirmation."""
        ids = self._target_ids()
        row = self.brief_list.highlighted_row
        if not ids or row is None:
            return
        what = f"“{row.title}”" if len(ids) == 1 else f"{len(ids)} marked briefs"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.changes.delete(ids)

        self.app.push_screen(ConfirmDialog(f"Delete {what}?", confirm_label="Delete"),
                             confirmed)

    def action_undo(self) -> None:
        """Undo the last tag, read, star, note or delete change."""
        self.changes.undo()

    # --- long jobs (import, export, and whatever tui.jobs registers) ------------------------

    def run_long_job(self, job: LongJob) -> None:
        """Run a registered long job (see :mod:`tui.controllers.long_jobs`)."""
        self.query_one(LongJobs).start(job)

    def on_long_jobs_finished(self, event: LongJobs.Finished) -> None:
        """Say what the job did; read the list again if it changed the store."""
        report = event.report
        if report.problems:
            self.notify(report_text(report), severity="warning", markup=False, timeout=15)
        else:
            self.notify(report.summary, markup=False)
        if report.changed_store:
            self.reload()

    def action_import_files(self) -> None:
        """Import files or folders, with a progress bar."""
        self.run_long_job(IMPORT)

    def action_export(self) -> None:
        """Write the briefs shown in the list as Markdown files into a folder."""
        ids = [row.id for row in self.brief_list.rows]
        if not ids:
            self.notify("Nothing to export.")
            return
        self.run_long_job(export_job(ids, host_of(self).export_folder))

    @property
    def long_jobs(self) -> list[LongJob]:
        """Every registered long job (for the command palette)."""
        return list(LONG_JOBS)

    # --- other screens ----------------------------------------------------------------------

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
