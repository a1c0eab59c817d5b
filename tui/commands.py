"""Command palette (ctrl+p): every action, and the saved searches, shown literally.

Textual's own system commands run titles and help through ``Content.from_markup``;
saved-search names and queries are user text, so this provider builds literal
``Content`` for them and escapes help text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from briefs.text import clean_line
from tui.controllers.long_jobs import LONG_JOBS, LongJob


class PaletteScreen(Protocol):
    """What the palette needs of the main screen."""

    def run_action(self, action: str) -> object:
        """Run one of the screen's actions by name."""
        ...

    def apply_query(self, query: str) -> None:
        """Show the results of a saved search."""
        ...

    def run_long_job(self, job: LongJob) -> None:
        """Run a registered long job with its progress dialog."""
        ...


class PaletteHost(Protocol):
    """What the palette needs of the app (``BriefsApp``; no import of it here)."""

    saved_searches: dict[str, str]

    @property
    def main_screen(self) -> PaletteScreen | None:
        """The main screen, if it is in the stack."""
        ...

#: (title, help, action on the main screen) for every action.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Search with the query language (/)", "search"),
    ("Clear search", "Show every brief again (escape)", "escape"),
    ("Tag", "Add or remove tags on the brief or the marked briefs (t)", "tag"),
    ("Toggle read", "Mark read or unread (r)", "toggle_read"),
    ("Toggle star", "Star or unstar (s)", "toggle_star"),
    ("Next unread", "Go to the next unread brief (n)", "next_unread"),
    ("Edit note", "Write a personal note on the brief (e)", "edit_note"),
    ("Delete", "Delete the brief or the marked briefs (d)", "delete"),
    ("Undo", "Undo the last tag, read, star, note or delete change (ctrl+z)", "undo"),
    ("Export shown briefs", "Write the briefs in the list as Markdown files (x)", "export"),
    ("Quotes view", "Every quoted statement: who said what (Q)", "quotes"),
    ("Toggle tags pane", "Every tag with its count; choose tags to filter (T)", "toggle_tags"),
    ("Story thread", "The related briefs in date order (h)", "thread"),
    ("Open URL", "Open the brief's web page in the browser (o)", "open_url"),
    ("Toggle full text", "Show or hide the article's full text under the brief (b)",
     "toggle_full_text"),
    ("Full-width reader", "The brief alone across the whole width (f)", "full_width"),
    ("Copy URL", "Copy the brief's URL to the clipboard (c)", "copy_url"),
    ("Mark all shown", "Mark every brief in the list, to act on them at once (M)", "mark_all"),
    ("Clear marks", "Unmark every marked brief", "clear_marks"),
    ("Cycle sort", "Newest first, oldest first, relevance (S)", "cycle_sort"),
    ("Save search", "Save the current search under a name", "save_search"),
    ("Keys", "Every key and the query language (?)", "help"),
)


def _literal_highlight(text: str, offsets: tuple[int, ...] | list[int]) -> Content:
    content = Content(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize("reverse", offset, offset + 1)
    return content


class BriefsCommands(Provider):
    """Actions and saved searches for the command palette."""

    @property
    def briefs_app(self) -> PaletteHost:
        """The app, seen through what the palette needs of it."""
        return cast(PaletteHost, self.app)

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.briefs_app.main_screen
        entries: list[tuple[str, str, Callable[[], object]]] = []
        if screen is None:
            return entries
        for title, help_text, action in ACTIONS:
            entries.append((title, help_text, partial(screen.run_action, action)))
        # Long jobs (import, and those h-ingest and h-sync register in tui.jobs).
        for job in LONG_JOBS:
            entries.append((job.title, job.help, partial(screen.run_long_job, job)))
        from tui.sync_action import start_sync
        entries.append(("Sync", "Send your changes to the shared remote and take in others'",
                        partial(start_sync, self.briefs_app)))
        for name, query in sorted(self.briefs_app.saved_searches.items()):
            query = clean_line(query)
            entries.append((f"Saved search: {clean_line(name)}", query,
                            partial(screen.apply_query, query)))
        return entries

    async def discover(self) -> Hits:
        """Every command, shown when the palette opens."""
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(Content(title), callback, text=title, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        """Commands matching ``query`` (fuzzy), best first."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                _, offsets = matcher.fuzzy_search.match(query, title)
                yield Hit(score, _literal_highlight(title, offsets), callback, text=title,
                          help=escape(help_text))
