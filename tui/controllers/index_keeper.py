"""Rebuilding a stale search index in the background, while the list is read and used."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from textual import work
from textual.message import Message

from tui.controllers.base import Controller
from tui.store_access import is_cancelled, store_of

if TYPE_CHECKING:
    from tui.controllers.list_state import ListState
    from tui.controllers.search import SearchController

#: The status line follows the rebuild at most this often (seconds).
PROGRESS_EVERY = 0.5


class _Stopped(Exception):
    """The app is closing: the rebuild stops (its half-built folder is removed)."""


class IndexedScreen(Protocol):
    """What the rebuild needs of its screen (the main screen)."""

    state: ListState

    @property
    def search(self) -> SearchController:
        """The search box's searches (run again once the index is whole)."""
        ...

    def update_status(self, note: str = "") -> None:
        """Show the status line again."""
        ...


class IndexKeeper(Controller):
    """Rebuilds the search index when the store says it is stale (a new index format, say).

    The app opens the store without rebuilding (``index_later``), so a large
    store shows its list at once; this controller then rebuilds the index in a
    worker, posting :class:`Progress` for the status line, and :class:`Rebuilt`
    once searches see every brief. Reading, moving and tagging go on meanwhile.
    """

    @dataclass
    class Progress(Message):
        """``done`` of ``total`` briefs indexed so far."""

        done: int
        total: int

    @dataclass
    class Rebuilt(Message):
        """The index reflects every brief again (``count`` of them)."""

        count: int

    def __init__(self) -> None:
        super().__init__()
        self._started = False

    @property
    def _host(self) -> IndexedScreen:
        return cast(IndexedScreen, self.screen)

    def on_index_keeper_progress(self, event: Progress) -> None:
        """The status line says how far the rebuild is."""
        event.stop()
        self._host.state.index_progress = (event.done, event.total)
        self._host.update_status()

    def on_index_keeper_rebuilt(self, event: Rebuilt) -> None:
        """The index is whole again: the query in the box (if any) is searched now."""
        event.stop()
        self._host.state.index_progress = None
        self._host.search.run()
        self._host.update_status()

    def check(self) -> None:
        """Rebuild the index in a worker if it is stale (once per app run)."""
        if not self._started:
            self._started = True
            self._rebuild()

    @work(thread=True, exit_on_error=False, group="index", exclusive=True,
          description="rebuild the search index")
    def _rebuild(self) -> None:
        store = store_of(self)
        if is_cancelled() or not store.index_stale():
            return
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            if is_cancelled():
                # Quitting must not wait minutes for the rebuild to end; the index
                # stays as it was and is rebuilt at the next start.
                raise _Stopped
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY or done == total:
                last = now
                self.post_message(self.Progress(done, total))

        self.post_message(self.Progress(0, store.count()))
        try:
            count = store.reindex(on_progress=progress)
        except _Stopped:
            return
        self.post_message(self.Rebuilt(count))
