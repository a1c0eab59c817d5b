"""The Briefs Textual app: a store, a main screen, and one place where store errors land."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from store import (
    BriefStore,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
    describe_os_error,
    resolve_home,
)
from tui.commands import BriefsCommands
from tui.config import Config
from tui.dialogs.error_dialog import ErrorDialog
from tui.screens.main_screen import MainScreen
from tui.screens.store_error_screen import StoreErrorScreen

T = TypeVar("T")


class BriefsApp(App[int]):
    """Browse, tag and search news briefs from the keyboard.

    Every store call runs in a thread worker through :meth:`call_store`; the UI
    thread never waits on disk. Worker failures all arrive in
    :meth:`on_worker_state_changed` and become an error dialog.
    """

    CSS_PATH = "briefs.tcss"
    TITLE = "Briefs"
    COMMANDS = App.COMMANDS | {BriefsCommands}
    BINDINGS = [  # noqa: RUF012
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, home: Path, *, seed_samples: bool = True,
                 config: Config | None = None, config_file: Path | None = None) -> None:
        super().__init__()
        self.home = home
        self.seed_samples = seed_samples
        self.config = config or Config()
        self.config_file = config_file
        self.store: BriefStore | None = None
        #: Saved searches by name, refreshed by the main screen (for the command palette).
        self.saved_searches: dict[str, str] = {}
        # One store call at a time: BriefStore is not meant for concurrent threads.
        self._store_lock = threading.Lock()
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme

    def on_mount(self) -> None:
        """Show the main screen (it opens the store in a worker); remember theme changes."""
        self.push_screen(MainScreen())
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def on_key(self, event: events.Key) -> None:
        """Give a text box the keys typed in the instant it took focus.

        Textual hands each key to the widget focused when the key was read, so
        keys typed right behind "/" (a fast typist, a paste) travel through the
        list and arrive here after the search box has focus. A text box handles
        its own keys, so a printable key reaching the app while one is focused
        is one of those: it belongs in the box, not lost (or taken for a command).
        """
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
        """Open the store (called in a worker), seeding the sample briefs on first run."""
        with self._store_lock:
            if self.store is None:
                store = BriefStore.open(self.home)
                if self.seed_samples:
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
        ones; a cancelled call never reaches ``then`` (so stale search results
        never overwrite newer ones).
        """

        def work() -> None:
            worker = get_current_worker()
            if worker.is_cancelled:
                return
            store = self.store or self.open_store()
            with self._store_lock:
                if worker.is_cancelled:
                    return
                result = job(store)
            if then is not None and not worker.is_cancelled:
                self.call_from_thread(then, result)

        return self.run_worker(
            work,
            thread=True,
            exit_on_error=False,
            group=group,
            exclusive=exclusive,
            description=description,
        )

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
        """Close the store cleanly."""
        if self.store is not None:
            with self._store_lock:
                self.store.close()


def make_app(home: Path | str | None = None, *, seed_samples: bool = True,
             config_file: Path | None = None) -> BriefsApp:
    """Build the app on a store folder (``None``: ``$BRIEFS_HOME`` or the platform default).

    Tests pass a temporary folder. Only the small config file is read here;
    the store is opened in a worker once the app runs.
    """
    resolved = Path(home) if home is not None else resolve_home(None)
    return BriefsApp(resolved, seed_samples=seed_samples, config=Config.load(config_file),
                     config_file=config_file)
