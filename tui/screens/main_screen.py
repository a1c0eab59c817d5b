"""The main screen: the brief list on the left, the selected brief on the right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from briefs import Brief
from store import BriefRow, BriefStore, SearchResults
from tui.dialogs.tag_editor import TagEdit, TagEditor
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import BriefsApp

#: How long a brief must stay on screen before it counts as read.
READ_AFTER_SECONDS = 1.5
#: How many search hits the list shows (the status line says when there are more).
SEARCH_LIMIT = 2_000
#: How often to look for changes made by other processes (a stat or two each time).
REFRESH_SECONDS = 2.0


class MainScreen(Screen[None]):
    """List, brief, search box and footer; every store call goes through a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("escape", "escape", "Clear", show=False),
        Binding("t", "tag", "Tag"),
        Binding("r", "toggle_read", "Read"),
        Binding("s", "toggle_star", "Star"),
        Binding("space", "mark", "Mark", show=False),
        Binding("question_mark", "help", "Keys"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[BriefRow] = []
        self.query_text = ""
        self.results: SearchResults | None = None
        self._read_timer: Timer | None = None
        self._shown_id: str | None = None

    @property
    def briefs_app(self) -> BriefsApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Status line, the two panes, the footer."""
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="search: words \"phrase\" tag:x is:unread after:2024",
                            id="search")
                yield BriefList(id="briefs")
            yield BriefView(id="brief")
        yield Footer()

    def on_mount(self) -> None:
        """Open the store and load the list in a worker; poll for changes by others."""
        self.query_one("#search", Input).display = False
        self.query_one(BriefList).focus()
        self.briefs_app.call_store(lambda store: store.rows(), self._rows_loaded,
                                   description="load the list")
        self.set_interval(REFRESH_SECONDS, self._poll_changes)

    # --- list -----------------------------------------------------------------------------

    @property
    def brief_list(self) -> BriefList:
        """The list widget."""
        return self.query_one(BriefList)

    def _rows_loaded(self, rows: list[BriefRow]) -> None:
        self.all_rows = rows
        if self.query_text:
            self._run_search(self.query_text)
        else:
            self.brief_list.set_rows(rows)
            self._update_status()
            if not rows:
                self.notify("The store is empty. Import articles with: briefs import PATH",
                            markup=False, timeout=8)

    def _update_status(self, note: str = "") -> None:
        total = len(self.all_rows)
        shown = len(self.brief_list.rows)
        if self.results is not None and self.results.total > shown:
            note = note or f"showing the first {shown:,} of {self.results.total:,} matches"
        self.query_one(StatusLine).show(shown=shown, total=total, query=self.query_text, note=note)

    def _poll_changes(self) -> None:
        def check(store: BriefStore) -> list[BriefRow] | None:
            return store.rows() if store.refresh() else None

        def apply(rows: list[BriefRow] | None) -> None:
            if rows is not None:
                self._rows_loaded(rows)
                if self._shown_id:
                    self._load_brief(self._shown_id)

        if self.briefs_app.store is not None:
            self.briefs_app.call_store(check, apply, group="refresh", exclusive=True,
                                       description="look for changes")

    # --- reading --------------------------------------------------------------------------

    @on(BriefList.Highlighted)
    def _on_highlighted(self, event: BriefList.Highlighted) -> None:
        if event.key is None:
            self._shown_id = None
            self.run_worker(self.query_one(BriefView).show_brief(None), group="render",
                            exclusive=True)
            return
        self._load_brief(str(event.key))

    def _load_brief(self, brief_id: str) -> None:
        self._shown_id = brief_id
        self.briefs_app.call_store(lambda store: store.get(brief_id), self._show_brief,
                                   group="brief", exclusive=True, description="load a brief")

    async def _show_brief(self, brief: Brief) -> None:
        if brief.id != self.brief_list.highlighted_id:
            return  # the cursor moved on while we were loading
        await self.query_one(BriefView).show_brief(brief)
        if self._read_timer is not None:
            self._read_timer.stop()
        if not brief.read:
            self._read_timer = self.set_timer(READ_AFTER_SECONDS,
                                              lambda: self._mark_read_if_shown(brief.id))

    def _mark_read_if_shown(self, brief_id: str) -> None:
        row = self.brief_list.highlighted_row
        if row is not None and row.id == brief_id and not row.read:
            self._change_rows([brief_id], lambda store, ids: store.set_read(ids, True))

    @on(BriefList.Selected)
    def _on_selected(self) -> None:
        self.query_one(BriefView).focus()

    # --- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search box (keeps the current query for editing)."""
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    @on(Input.Submitted, "#search")
    def _on_search_submitted(self) -> None:
        self.brief_list.focus()

    def _run_search(self, query: str) -> None:
        self.query_text = query.strip()
        if not self.query_text:
            self.results = None
            self.brief_list.set_rows(self.all_rows)
            self._update_status()
            return

        text = self.query_text

        def search(store: BriefStore) -> tuple[SearchResults, list[BriefRow]]:
            results = store.search(text, limit=SEARCH_LIMIT)
            rows = [store.row(hit.id) for hit in results.hits]
            return results, rows

        self.briefs_app.call_store(search, self._show_results, group="search", exclusive=True,
                                   description="search")

    def _show_results(self, outcome: tuple[SearchResults, list[BriefRow]]) -> None:
        results, rows = outcome
        if results.error:
            # Keep the previous results on screen while the query is being typed.
            self._update_status(note=results.error)
            return
        self.results = results
        self.brief_list.set_rows(rows)
        note = ""
        if not rows and results.suggestions:
            note = "no matches; did you mean " + ", ".join(results.suggestions) + "?"
        elif not rows:
            note = "no matches"
        self._update_status(note=note)

    def action_escape(self) -> None:
        """Clear the search, or go back from the brief to the list."""
        search = self.query_one("#search", Input)
        if search.display or self.query_text:
            search.value = ""
            search.display = False
            self._run_search("")
            self.brief_list.focus()
        elif not self.brief_list.has_focus:
            self.brief_list.focus()

    # --- changes --------------------------------------------------------------------------

    def _target_ids(self) -> list[str]:
        """The marked briefs, else the one under the cursor."""
        marked = [row.id for row in self.brief_list.rows if row.id in self.brief_list.marked]
        if marked:
            return marked
        current = self.brief_list.highlighted_id
        return [current] if current else []

    def _change_rows(self, ids: Sequence[str], change: object) -> None:
        """Apply ``change(store, ids)`` in a worker, then refresh those rows on screen."""

        def job(store: BriefStore) -> list[BriefRow]:
            change(store, list(ids))  # type: ignore[operator]
            return [store.row(brief_id) for brief_id in ids]

        self.briefs_app.call_store(job, self._rows_changed, description="save a change")

    def _rows_changed(self, rows: list[BriefRow]) -> None:
        by_id = {row.id: row for row in rows}
        self.all_rows = [by_id.get(row.id, row) for row in self.all_rows]
        for row in rows:
            self.brief_list.update_row(row)
        if self._shown_id in by_id:
            self._load_brief(self._shown_id)

    def action_tag(self) -> None:
        """Edit the tags of the marked briefs, or of the brief under the cursor."""
        ids = self._target_ids()
        if not ids:
            return
        row = self.brief_list.highlighted_row
        if len(ids) == 1 and row is not None:
            target, current = f"“{row.title}”", row.tags
        else:
            target, current = f"{len(ids)} marked briefs", []
        known = sorted({tag for r in self.all_rows for tag in r.tags}, key=str.casefold)

        def apply(edit: TagEdit | None) -> None:
            if edit is not None:
                self._change_rows(
                    ids, lambda store, ids: store.edit_tags(ids, add=edit.add, remove=edit.remove)
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
        self._change_rows(self._target_ids(), lambda store, ids: store.set_read(ids, value))

    def action_toggle_star(self) -> None:
        """Star or unstar the brief(s)."""
        row = self.brief_list.highlighted_row
        if row is None:
            return
        value = not row.starred
        self._change_rows(self._target_ids(), lambda store, ids: store.set_starred(ids, value))

    def action_mark(self) -> None:
        """Mark the brief under the cursor and move down (for tagging several at once)."""
        self.brief_list.toggle_mark()
        self.brief_list.action_cursor_down()

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())
