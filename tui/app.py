"""The Briefs Textual app: a store, a main screen, and one place where store errors land."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.widgets import Input
from textual.worker import Worker, WorkerState

import tui.ingest_jobs
import tui.jobs  # noqa: F401  (registers the built-in long jobs for the palette)
from store import (
    HOME_ENV,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
    describe_os_error,
    resolve_home,
)
from tui.commands import BriefsCommands
from tui.config import Config
from tui.dialogs.dialog import Dialog
from tui.dialogs.error_dialog import ErrorDialog
from tui.gc_pacing import GcPacer
from tui.key_handover import KeyHandover, fresh_copy
from tui.screens.main_screen import MainScreen
from tui.screens.store_error_screen import StoreErrorScreen
from tui.store_access import run_store_job

if TYPE_CHECKING:
    from store import BriefStore

T = TypeVar("T")

#: How often the app looks whether a full garbage collection is due (see tui.gc_pacing).
GC_TICK_SECONDS = 0.25


class BriefsApp(App[int]):
    """Browse, tag and search news briefs from the keyboard.

    Every store call runs in a thread worker (the main screen's controllers,
    or :meth:`call_store` for one-off calls); the UI thread never waits on disk.
    Worker failures all arrive in :meth:`on_worker_state_changed` and become an
    error dialog. The store guards itself (one re-entrant lock inside
    ``BriefStore``); the app holds no lock around store calls, so a long import
    never makes a tag or a read flag wait for its whole length.
    """

    CSS_PATH = "briefs.tcss"
    TITLE = "Briefs"
    COMMANDS = App.COMMANDS | {BriefsCommands}
    BINDINGS = [  # noqa: RUF012
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, home: Path, *, seed_samples: bool = True,
                 config: Config | None = None, config_file: Path | None = None,
                 export_folder: Path | None = None) -> None:
        super().__init__()
        self.home = home
        #: Where the export prompt proposes to write (inside the home when one was chosen).
        self.export_folder = export_folder or Path("~/briefs-export").expanduser()
        self.seed_samples = seed_samples
        self.config = config or Config()
        self.config_file = config_file
        self.store: BriefStore | None = None
        #: Saved searches by name, refreshed by the main screen (for the command palette).
        self.saved_searches: dict[str, str] = {}
        # Only opening is guarded here (two workers must not open two stores);
        # the store itself is thread-safe behind its own lock.
        self._open_lock = threading.Lock()
        self._keys = KeyHandover()
        #: Full garbage collections wait for quiet input (see :mod:`tui.gc_pacing`).
        self.gc_pacer = GcPacer()
        #: When the collection was last synced (ISO 8601), for the status line.
        self.last_synced: str | None = _last_synced(home)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme

    def on_mount(self) -> None:
        """Show the main screen (it opens the store in a worker); remember theme changes."""
        self.push_screen(MainScreen())
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.gc_pacer.install()
        self.set_interval(GC_TICK_SECONDS, self.gc_pacer.tick, name="gc pacing")

    async def on_event(self, event: events.Event) -> None:
        """Keys read while a dialog opens wait for its focus (see :mod:`tui.key_handover`).

        Every key and click also tells the garbage collector's pacer that input is not quiet.
        """
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown
                      | events.MouseScrollUp):
            self.gc_pacer.input_seen()
        if isinstance(event, events.Key) and not event.is_forwarded:
            opening = isinstance(self.screen, Dialog) and self.screen.opening
            if opening or self._keys.held:
                self._keys.held.append(event)
                if not opening:
                    await self.release_held_keys()
                return
            self._keys.read(event, self.screen)
        await super().on_event(event)

    async def release_held_keys(self) -> None:
        """Read the keys that waited for the top screen's focus, in the order typed."""
        held, self._keys.held = self._keys.held, []
        for event in held:
            self._keys.read(event, self.screen)
            await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Give the top screen the keys typed before it opened; a text box its typed keys.

        Textual hands each key to the widget focused when the key was read, so
        keys typed right behind "/" (a fast typist, a paste) travel through the
        list and arrive here after the search box has focus. A text box handles
        its own keys, so a printable key reaching the app while one is focused
        is one of those: it belongs in the box, not lost (or taken for a command).
        """
        if self._keys.covered(event, self.screen_stack):
            event.prevent_default()
            event.stop()
            self.post_message(fresh_copy(event))  # read again, for the top screen
            return
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character:
            event.stop()
            focused.insert_text_at_cursor(event.character)

    @property
    def main_screen(self) -> MainScreen | None:
        """The main screen, wherever it is in the screen stack."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self.config.theme:
            return
        self.config.theme = theme.name
        config, path = self.config, self.config_file
        # Writing the file is disk I/O: keep it off the UI thread.
        self.run_worker(lambda: config.save(path), thread=True, exit_on_error=False,
                        group="config", description="save the theme")

    # --- store access ---------------------------------------------------------------------

    def open_store(self) -> BriefStore:
        """Open the store (called in a worker), seeding the samples into a store never used.

        A store that already holds briefs (imported with the command line, say)
        never gets the fictional samples.
        """
        store = self.store
        if store is not None:
            return store
        with self._open_lock:
            if self.store is None:
                # Imported here, in the worker: the store's engine (search index,
                # parser) is not needed to draw the first screen.
                from store import BriefStore

                # A stale search index is rebuilt after the list shows (IndexKeeper).
                store = BriefStore.open(self.home, index_later=True)
                if self.seed_samples and store.count() == 0:
                    from briefs.samples import load_samples

                    store.seed_samples_once(load_samples())
                self.store = store
            return self.store

    def call_store(
        self,
        job: Callable[[BriefStore], T],
        then: Callable[[T], Any] | None = None,
        *,
        group: str = "store",
        exclusive: bool = False,
        description: str = "store",
    ) -> Worker[None]:
        """Run ``job(store)`` in a thread worker; call ``then(result)`` on the UI thread.

        With ``exclusive=True`` a newer call in the same group cancels older
        ones; a cancelled call never reaches ``then``. See :mod:`tui.store_access`.
        """
        return run_store_job(self, job, then, group=group, exclusive=exclusive,
                             description=description)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn any worker failure into an error screen or dialog (never a traceback).

        A store that cannot be read (damaged file, newer schema) stops the app on a
        screen naming the file: carrying on would show an empty or partial list.
        """
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, StoreCorruptError | StoreVersionError):
            if not any(isinstance(s, StoreErrorScreen) for s in self.screen_stack):
                self.push_screen(StoreErrorScreen(error, home=self.home))
            return
        message = str(error)
        if isinstance(error, StoreError):
            title = "The store could not be used"
        elif isinstance(error, OSError):  # disk full, read-only, not a folder: path and cause
            title, message = "The system refused", describe_os_error(error)
        else:
            title = f"Something went wrong ({type(error).__name__})"
        self.push_screen(ErrorDialog(title, message))

    def on_unmount(self) -> None:
        """Save the list's first rows for the next start; close the store cleanly."""
        self.gc_pacer.uninstall()
        if self.store is not None:
            from store import save_head
            from tui.controllers.loader import HEAD_MIN_ROWS, HEAD_ROWS

            # An open store has read its whole catalog (opening fails on a damaged one).
            with contextlib.suppress(StoreError):  # a cache: never a reason to fail closing
                if self.store.count() >= HEAD_MIN_ROWS:
                    save_head(self.store, HEAD_ROWS)
            self.store.close()


def _last_synced(home: Path) -> str | None:
    from store.sync import SyncState

    try:  # a small JSON file, read once like the config
        return SyncState.load(home).last_synced
    except (StoreError, OSError):
        return None


def make_app(home: Path | str | None = None, *, seed_samples: bool = True,
             config_file: Path | None = None) -> BriefsApp:
    """Build the app on a store folder (``None``: ``$BRIEFS_HOME`` or the platform default).

    Tests pass a temporary folder. Only the small config file is read here;
    the store is opened in a worker once the app runs.
    """
    resolved = Path(home) if home is not None else resolve_home(None)
    home_given = home is not None or bool(os.environ.get(HOME_ENV, "").strip())
    if config_file is None and home_given:
        # With a home chosen, everything the app writes stays in it.
        config_file = resolved / "config.json"
    return BriefsApp(resolved, seed_samples=seed_samples, config=Config.load(config_file),
                     config_file=config_file,
                     export_folder=resolved / "export" if home_given else None)
