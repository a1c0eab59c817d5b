"""Controllers tested alone: each mounted in a bare app that only offers a store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App, ComposeResult

from briefs import Brief
from store import BriefStore
from tests.pilot_waits import settle, wait_until
from tui.controllers.changes import Changes
from tui.controllers.loader import Loader
from tui.controllers.long_jobs import JobReport, LongJob, LongJobs


class StoreApp(App[None]):
    """A bare app offering a store (what :class:`tui.store_access.StoreHost` asks)."""

    def __init__(self, home: Path, *controllers) -> None:
        super().__init__()
        self.store: BriefStore | None = None
        self.home = home
        self.saved_searches: dict[str, str] = {}
        self.export_folder = home / "export"
        self.controllers = controllers
        self.messages: list[object] = []

    def open_store(self) -> BriefStore:
        if self.store is None:
            self.store = BriefStore.open(self.home)
        return self.store

    def compose(self) -> ComposeResult:
        yield from self.controllers

    def on_changes_applied(self, event: Changes.Applied) -> None:
        self.messages.append(event)

    def on_loader_loaded(self, event: Loader.Loaded) -> None:
        self.messages.append(event)

    def on_long_jobs_finished(self, event: LongJobs.Finished) -> None:
        self.messages.append(event)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def _seed(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([Brief(id=f"b{i}", title=f"Brief {i}", date=dt.date(2026, 1, 1 + i))
                           for i in range(3)])


async def _done(app: App, pilot) -> None:
    """Wait until no worker runs and no message waits (a chain of changes runs one by one:
    a fixed number of rounds was too few on a loaded machine)."""
    await settle(pilot, app)


async def test_changes_run_in_order_and_undo_waits_for_them(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    changes = Changes()
    app = StoreApp(home, changes)
    async with app.run_test() as pilot:
        # Star, unstar, star again, then undo, all before any worker has run.
        changes.set_flag("starred", ["b0"], True)
        changes.set_flag("starred", ["b0"], False)
        changes.set_flag("starred", ["b0"], True)
        changes.undo()
        assert changes.busy

        def applied() -> list[Changes.Applied]:
            return [m for m in app.messages if isinstance(m, Changes.Applied)]
        await wait_until(pilot, lambda: not changes.busy and len(applied()) >= 4,
                         "the four changes saved and acknowledged")
        assert not changes.busy
        assert app.open_store().row("b0").starred is False, "undo reverted the last star only"
        assert len(changes.undo_stack) == 2
        assert len(applied()) == 4
        assert applied()[-1].outcome.notice == "Undid the star change."


async def test_a_failed_change_frees_the_queue(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    changes = Changes()
    app = StoreApp(home, changes)
    async with app.run_test() as pilot:
        changes.set_note("nosuch", "", "a note")  # fails: no such brief
        changes.set_flag("read", ["b1"], True)
        await _done(app, pilot)
        assert app.open_store().row("b1").read


async def test_loader_posts_every_row(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    loader = Loader()
    app = StoreApp(home, loader)
    async with app.run_test() as pilot:
        loader.reload()
        await _done(app, pilot)
        loaded = [m for m in app.messages if isinstance(m, Loader.Loaded)]
        assert [row.id for row in loaded[-1].rows] == ["b2", "b1", "b0"]


async def test_a_registered_long_job_reports_and_closes_its_dialog(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _seed(home)
    jobs = LongJobs()
    app = StoreApp(home, jobs)
    seen: list[int] = []

    def count(store: BriefStore, text: str, progress) -> JobReport:
        for n in range(3):
            progress(n, 3, f"item {n}")
            seen.append(n)
        return JobReport(f"Counted {store.count()} for {text}", problems=["one: bad"])

    async with app.run_test() as pilot:
        jobs.run_job(LongJob(title="Count", help="count", run=count), "me")
        await _done(app, pilot)
        finished = [m for m in app.messages if isinstance(m, LongJobs.Finished)]
        assert finished[-1].report.summary == "Counted 3 for me"
        assert seen == [0, 1, 2]
        assert type(app.screen).__name__ != "ProgressDialog"
        assert any("one: bad" in n.message for n in app._notifications)
