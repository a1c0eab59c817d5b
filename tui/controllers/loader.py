"""Loading the list: every row, the tag counts and saved searches; changes by others."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from store import BriefRow
from tui.controllers.base import Controller
from tui.store_access import host_of, is_cancelled, store_of


class Loader(Controller):
    """Reads the whole list in a worker, and looks for changes made by other processes."""

    @dataclass
    class Loaded(Message):
        """Every row (newest first), the tag counts and the saved searches."""

        rows: list[BriefRow]
        tag_counts: dict[str, int]
        saved_searches: dict[str, str]

    @dataclass
    class ChangedElsewhere(Message):
        """Another process changed the store: the list must be read again."""

    @work(thread=True, exit_on_error=False, group="reload", exclusive=True,
          description="load the list")
    def reload(self) -> None:
        """Read every row again; posts :class:`Loaded`."""
        if is_cancelled():
            return
        store = store_of(self)
        loaded = self.Loaded(store.rows(), store.tag_counts(), store.saved_searches())
        if not is_cancelled():
            self.post_message(loaded)

    def poll(self) -> None:
        """Ask the store whether others changed it (a stat or two); posts :class:`ChangedElsewhere`.

        Nothing happens until the store is open (a store that failed to open is
        not retried every few seconds).
        """
        if host_of(self).store is not None:
            self._poll()

    @work(thread=True, exit_on_error=False, group="refresh", exclusive=True,
          description="look for changes")
    def _poll(self) -> None:
        if store_of(self).refresh() and not is_cancelled():
            self.post_message(self.ChangedElsewhere())
