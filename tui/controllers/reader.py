"""Reading: the brief under the cursor, read ahead, related briefs, threads, marking read.

The reader shows in the brief pane the brief the list's cursor is on, reading it
in a worker unless it was read ahead; once the cursor rests it finds the
related briefs and reads the neighbours; a brief shown long enough is marked
read, unless the reader marked it unread themselves (then it stays unread
until they leave it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from briefs import Brief
from store import BriefNotFoundError, BriefRow, QuoteRow
from tui.controllers.base import Controller
from tui.controllers.brief_cache import BriefCache, LayoutKey, prepare, ranges_for
from tui.controllers.changes import Changes
from tui.controllers.list_state import ListState
from tui.controllers.typing_rest import TypingRest
from tui.store_access import is_cancelled, store_of
from tui.widgets.brief_document import PreparedBody
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView

if TYPE_CHECKING:
    from store import SearchHit
    from store.search import Query

#: How many related briefs the brief pane lists (each opened with its number key).
RELATED_LIMIT = 5
#: How long a brief must stay on screen before it counts as read.
READ_AFTER_SECONDS = 1.5
#: How long the cursor must rest before related briefs and read-ahead start
#: (longer while a search is being typed, so that they never delay a keystroke).
SETTLE_SECONDS = 0.12
SETTLE_SECONDS_TYPING = 0.6
#: While a query is typed, the brief pane follows the list's cursor once the box has
#: rested this long: reading and laying out a brief on every keystroke delayed the
#: next keystroke's results (tens of milliseconds at 100,000 briefs).
TYPING_REST_SECONDS = 0.3
#: How many briefs after (and before) the cursor are read ahead in the background.
PREFETCH_AHEAD = 3
PREFETCH_BEHIND = 1


class ReadingScreen(Protocol):
    """What the reader needs of its screen (the main screen)."""

    state: ListState

    @property
    def brief_list(self) -> BriefList:
        """The list whose cursor says which brief to show."""
        ...

    @property
    def search_box(self) -> Input:
        """The search box (typing in it delays the background reads)."""
        ...

    @property
    def changes(self) -> Changes:
        """Where marking read goes."""
        ...


class Reader(Controller):
    """Reads briefs in workers and keeps the recent ones; messages carry what it read."""

    @dataclass
    class BriefReady(Message):
        """``brief`` was read from the store (it is in the cache now)."""

        brief: Brief
        prepared: dict[str, PreparedBody]

    @dataclass
    class RelatedReady(Message):
        """The related briefs of ``brief_id`` were found."""

        brief_id: str
        related: list[SearchHit]

    def __init__(self) -> None:
        super().__init__()
        # Briefs read ahead of the cursor, laid out, and related lists found; dropped on change.
        self._cache = BriefCache()
        #: The related briefs listed under the shown brief (opened with 1-9).
        self.related: list[SearchHit] = []
        #: The brief the cursor is on (shown, or being read).
        self.shown_id: str | None = None
        #: Briefs the reader made unread: not marked read again until they leave them.
        self.keep_unread: set[str] = set()
        #: Whether the article's full text follows the brief (b toggles it).
        self.full_text = True
        self._settle_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._refresh_pending = False
        #: While a query is typed, the brief pane waits for the box to rest.
        self._typing = TypingRest(self.set_timer, self._typing_rested)

    @property
    def _host(self) -> ReadingScreen:
        return cast(ReadingScreen, self.screen)

    # --- showing (UI thread) -----------------------------------------------------------------

    def show(self, brief_id: str | None) -> None:
        """The cursor moved to ``brief_id`` (None: an empty list)."""
        self.keep_unread.intersection_update({brief_id})  # left them: reading may mark them
        self.shown_id = brief_id
        if self._typing.waiting():
            return
        if brief_id is None:
            self.screen.query_one(BriefView).show_brief(None)
            return
        self.show_again(brief_id)

    # --- typing a query: the pane follows once the box rests (UI thread) ---------------------

    def typing(self) -> None:
        """A key changed the query in the box: the brief pane waits until typing rests.

        The list shows each keystroke's results at once; the brief under its
        cursor follows :data:`TYPING_REST_SECONDS` after the last key, or as
        soon as the box is left (:meth:`typing_done`).
        """
        self._typing.key(TYPING_REST_SECONDS)

    def typing_done(self) -> None:
        """The box was left (enter, escape): show the brief under the cursor now."""
        self._typing.done()

    def _typing_rested(self) -> None:
        shown = self.shown_id
        if shown != self._host.brief_list.highlighted_id:
            return  # the list moved on; its own show() call comes (or came) with it
        if shown is None:
            self.screen.query_one(BriefView).show_brief(None)
        else:
            self.show_again(shown)

    def show_again(self, brief_id: str) -> None:
        """Show ``brief_id`` now if it was read ahead, else as soon as a worker reads it.

        Related briefs (a search: tens of milliseconds on a large store) and the
        read-ahead of the next briefs start only once the cursor has rested for
        :data:`SETTLE_SECONDS`: while keys repeat, nothing competes with drawing.
        """
        self.shown_id = brief_id
        if self._host.state.loading_total is not None:
            return  # the store is being opened: shown once the whole list is in
        if self._typing.waiting():
            return  # shown once the search box rests (see typing())
        cached = self._cache.brief(brief_id)
        if cached is not None:
            self._show_brief(cached)
            self._when_settled(brief_id)
        else:
            # Once the cursor's frame is out: a worker reading and laying out the
            # brief shares the GIL with that frame, and a key held down skips the
            # briefs it passes over.
            self.call_after_refresh(self._load_if_shown, brief_id)

    def _load_if_shown(self, brief_id: str) -> None:
        if brief_id == self.shown_id and self._cache.brief(brief_id) is None:
            self.load(brief_id, self.layout_key(), self._host.state.parsed_query)

    def open_related(self, number: int) -> None:
        """Open the n-th related brief listed under the brief (keys 1-9)."""
        if 1 <= number <= len(self.related):
            cast(Any, self.screen).open_brief(self.related[number - 1].id)

    def refresh_shown(self) -> None:
        """Show the current brief again (a new query's matches, a changed state)."""
        shown = self.shown_id
        if shown is not None and shown == self._host.brief_list.highlighted_id:
            self.show_again(shown)

    def refresh_shown_soon(self) -> None:
        """:meth:`refresh_shown` once the next frame is painted (at most once per frame).

        A search answer redraws the list first: highlighting its matches in the
        brief (laying the brief out again) must not delay the results.
        """
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_after_refresh(self._refresh_now)

    def _refresh_now(self) -> None:
        self._refresh_pending = False
        self.refresh_shown()

    def toggle_full_text(self) -> None:
        """Show or hide the article's full text under the brief."""
        self.full_text = not self.full_text
        self.refresh_shown()
        self.notify("Full text shown." if self.full_text else "Full text hidden.", timeout=2)

    def stop_reading(self) -> None:
        """The reader changed the read state by hand: the automatic mark-read waits."""
        if self._read_timer is not None:
            self._read_timer.stop()

    def _when_settled(self, brief_id: str) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
        typing = self._host.search_box.has_focus
        delay = max(SETTLE_SECONDS, SETTLE_SECONDS_TYPING) if typing else SETTLE_SECONDS
        self._settle_timer = self.set_timer(delay, lambda: self._settled(brief_id))

    def _settled(self, brief_id: str) -> None:
        """The cursor rests on ``brief_id``: read the next briefs, then find its related ones.

        In that order: related() holds the store for 100 ms or more, and the
        briefs the next key shows must not wait behind it.
        """
        if self._host.brief_list.highlighted_id != brief_id:
            return
        if not self.read_ahead(neighbours(self._host.brief_list, brief_id)):
            self._find_related_if_shown()

    def _show_brief(self, brief: Brief) -> None:
        host = self._host
        if brief.id != host.brief_list.highlighted_id:
            return  # the cursor moved on while we were loading
        self.related = self._cache.related_of(brief.id)
        view = self.screen.query_one(BriefView)
        prepared = self._cache.prepared(brief.id, self.layout_key())
        view.show_brief(
            brief, markdown=prepared.markdown if prepared else _markdown(brief, self.full_text),
            related=self._related_markdown(self.related),
            ranges=ranges_for(host.state.parsed_query), prepared=prepared)
        self.stop_reading()
        if not brief.read and brief.id not in self.keep_unread:
            self._read_timer = self.set_timer(READ_AFTER_SECONDS,
                                              lambda: self._mark_read_if_shown(brief.id))

    def layout_key(self) -> LayoutKey:
        """What the briefs are laid out for now: full text, the pane's text width, the query."""
        view = self.screen.query_one(BriefView)
        return (self.full_text, view.text_width, self._host.state.query_text)

    def _related_markdown(self, related: Sequence[SearchHit]) -> str:
        return related_markdown(related, self._host.state.row_by_id)

    def _mark_read_if_shown(self, brief_id: str) -> None:
        row = self._host.brief_list.highlighted_row
        if (row is not None and row.id == brief_id and not row.read
                and brief_id not in self.keep_unread):
            # Reading is not an edit: it does not go on the undo stack.
            self._host.changes.set_flag("read", [brief_id], True, undoable=False)

    # --- the caches (UI thread) --------------------------------------------------------------

    def has_related(self, brief_id: str) -> bool:
        """True if the related briefs of ``brief_id`` are known."""
        return self._cache.has_related(brief_id)

    def forget(self, ids: Sequence[str] | None = None) -> None:
        """Drop cached briefs that changed, and every related list (see BriefCache.forget)."""
        self._cache.forget(ids)

    def on_reader_brief_ready(self, event: BriefReady) -> None:
        """Cache the brief; show it if the cursor is still on it."""
        event.stop()
        self._cache.remember({event.brief.id: event.brief}, event.prepared)
        if event.brief.id == self.shown_id:
            self._show_brief(event.brief)
            self._when_settled(event.brief.id)

    def on_reader_related_ready(self, event: RelatedReady) -> None:
        """Cache the related list; list it under the brief if that is still shown.

        Only the related part is laid out: the brief above it stays as it is
        (the reader keeps their place, nothing visible is drawn again).
        """
        event.stop()
        self._cache.set_related(event.brief_id, event.related)
        view = self.screen.query_one(BriefView)
        if (view.brief is not None and view.brief.id == event.brief_id
                and self._host.brief_list.highlighted_id == event.brief_id):
            self.related = event.related
            view.show_related(self._related_markdown(event.related))

    @dataclass
    class ReadAhead(Message):
        """Briefs read ahead of the cursor (they only fill the cache)."""

        briefs: dict[str, Brief]
        prepared: dict[str, PreparedBody]

    def on_reader_read_ahead(self, event: ReadAhead) -> None:
        """Read-ahead results fill the cache; the related briefs are looked for next."""
        event.stop()
        self._cache.remember(event.briefs, event.prepared)
        self._find_related_if_shown()

    def _find_related_if_shown(self) -> None:
        shown = self.shown_id
        if (shown is not None and shown == self._host.brief_list.highlighted_id
                and not self._cache.has_related(shown)):
            self.find_related(shown)

    # --- workers -----------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="brief", exclusive=True,
          description="load a brief")
    def load(self, brief_id: str, key: LayoutKey, query: Query | None) -> None:
        """Read ``brief_id`` and lay it out for ``key``; posts :class:`BriefReady`."""
        if is_cancelled():
            return
        try:
            brief = store_of(self).get(brief_id)
        except BriefNotFoundError:  # deleted meanwhile: the reload drops its row
            return
        prepared = {brief.id: prepare(brief, key, query)}
        if not is_cancelled():
            self.post_message(self.BriefReady(brief, prepared))

    @work(thread=True, exit_on_error=False, group="related", exclusive=True,
          description="find related briefs")
    def find_related(self, brief_id: str) -> None:
        """Find the related briefs of ``brief_id``; posts :class:`RelatedReady`."""
        if is_cancelled():
            return
        try:
            store = store_of(self)
            related = store.related(brief_id, limit=RELATED_LIMIT)  # none below the floor
        except BriefNotFoundError:  # deleted meanwhile, as in load()
            return
        if not is_cancelled():
            self.post_message(self.RelatedReady(brief_id, related))

    def read_ahead(self, ids: Sequence[str]) -> bool:
        """Read ``ids`` into the cache (the briefs around the cursor); False: all there."""
        wanted = [brief_id for brief_id in ids if brief_id not in self._cache]
        if wanted:
            self._read_ahead(wanted, self.layout_key(), self._host.state.parsed_query)
        return bool(wanted)

    @work(thread=True, exit_on_error=False, group="prefetch", exclusive=True,
          description="read ahead")
    def _read_ahead(self, ids: list[str], key: LayoutKey, query: Query | None) -> None:
        # Laid out here, off the UI thread: showing one of them is then only drawing.
        if is_cancelled():
            return
        briefs = {brief.id: brief for brief in store_of(self).get_many(ids)}
        prepared = {}
        for brief in briefs.values():
            if is_cancelled():
                return
            prepared[brief.id] = prepare(brief, key, query)
        if not is_cancelled():
            self.post_message(self.ReadAhead(briefs, prepared))

    def open_quote(self, quote: QuoteRow | None) -> None:
        """Show the brief of ``quote`` (chosen in the quotes view), scrolled to the quote."""
        if quote is not None:
            self.screen.query_one(BriefView).scroll_to_quote(quote.brief_id, quote.text)
            cast(Any, self.screen).open_brief(quote.brief_id)


def _markdown(brief: Brief, full_text: bool) -> str:
    from briefs import render_markdown  # the renderer loads with the first brief shown

    return render_markdown(brief, full_text=full_text)


def related_markdown(related: Sequence[SearchHit], by_id: Mapping[str, BriefRow]) -> str:
    """The Markdown of the related briefs listed under a brief: date and title of each."""
    from briefs.render import render_related  # loaded with the first brief shown

    titles = []
    for hit in related:
        row = by_id.get(hit.id)
        if row is not None:
            date = f"{row.date.isoformat()} · " if row.date else ""
            titles.append((hit.id, f"{date}{row.title}"))
    return render_related(titles)


def neighbours(brief_list: BriefList, brief_id: str) -> list[str]:
    """The briefs around ``brief_id`` in the list, to read ahead (none if the cursor left it)."""
    rows = brief_list.rows
    index = brief_list.cursor if brief_list.highlighted_id == brief_id else None
    if index is None:
        return []
    span = range(max(0, index - PREFETCH_BEHIND), min(len(rows), index + PREFETCH_AHEAD + 1))
    return [rows[i].id for i in span if i != index]
