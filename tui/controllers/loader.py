"""Loading the list: every row, the tag counts and saved searches; changes by others."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from store import BriefRow, read_head, save_head
from tui.controllers.base import Controller
from tui.store_access import host_of, is_cancelled, store_of

#: Rows saved for the next start: more than any terminal shows at once.
HEAD_ROWS = 200
#: Stores smaller than this open fast enough without (and never write one).
HEAD_MIN_ROWS = 5_000


class Loader(Controller):
    """Reads the whole list in a worker, and looks for changes made by other processes."""

    def __init__(self) -> None:
        super().__init__()
        self._head_saved = False

    @dataclass
    class Loaded(Message):
        """Every row (newest first), the tag counts and the saved searches."""

        rows: list[BriefRow]
        tag_counts: dict[str, int]
        saved_searches: dict[str, str]
        #: Set when ``rows`` are only the list's saved first rows: the store's count.
        partial_total: int | None = None

    @dataclass
    class ChangedElsewhere(Message):
        """Another process changed the store: the list must be read again."""

    def start(self) -> None:
        """The first load: the saved first rows at once if they are current, then the store.

        Opening a large store reads every shard (a second or more at 100,000
        briefs); :mod:`store.listhead` keeps its first rows with the commit they
        belong to, so the first screen shows the store's own rows before that.
        """
        head = read_head(host_of(self).home)
        if head is not None and head.total >= HEAD_MIN_ROWS:
            self.post_message(self.Loaded(head.rows, {}, {}, partial_total=head.total))
        else:
            self.reload()

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
        if not self._head_saved and store.count() >= HEAD_MIN_ROWS:
            self._head_saved = True  # once a run; the app saves it again as it closes
            save_head(store, HEAD_ROWS)

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
