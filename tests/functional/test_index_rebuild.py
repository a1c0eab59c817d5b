"""A stale search index is rebuilt after the list shows, and the desk stays usable meanwhile.

A large store whose index must be rebuilt (a new index format, a deleted
index folder) took minutes to open: the header said "reading the store…" and
no key did anything. The app now opens the store without rebuilding, shows the
list, and rebuilds in a worker with its progress in the status line. Each test
holds the rebuild at its first brief until the test lets it go, and waits for
the conditions it checks, never for a time.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefs import Brief
from store import BriefStore
from store import engine as store_engine
from tests.pilot_waits import WAIT_TIMEOUT
from tests.pilot_waits import wait_until as _wait_until
from tui.app import BriefsApp, make_app
from tui.cli import main
from tui.widgets.brief_list import BriefList
from tui.widgets.status_line import StatusLine

WORDS = ["heron", "kestrel", "plover", "curlew", "dunlin", "avocet"]


def _briefs() -> list[Brief]:
    return [Brief(id=f"b{i}", title=f"Marsh survey counts the {word}",
                  date=dt.date(2026, 3, 1 + i), summary=f"Wardens counted the {word}.")
            for i, word in enumerate(WORDS)]


@pytest.fixture
def stale_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of six briefs whose search index folder was deleted, treated as a large one
    (a small store's index is rebuilt as it opens: see the last test)."""
    monkeypatch.setattr(store_engine, "REBUILD_AT_ONCE", 0)
    with BriefStore.open(home) as store:
        store.upsert_many(_briefs())
    shutil.rmtree(home / "index")
    return home


class Gate:
    """Holds every rebuild after its first brief until :attr:`release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        #: Set when a held rebuild has returned or raised.
        self.finished = threading.Event()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """A :class:`Gate` on ``BriefStore.reindex``.

    While held, the rebuild keeps reporting its progress, so that an app that
    is closing stops it (its progress callback raises when cancelled).
    """
    gate = Gate()
    original = BriefStore.reindex

    def held(self: BriefStore, *, on_progress: Callable[[int, int], None] | None = None) -> int:
        def progress(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(done, total)
            while done == 1 and not gate.release.wait(0.01):
                if on_progress is not None:
                    on_progress(done, total)

        try:
            return original(self, on_progress=progress)
        finally:
            gate.finished.set()

    monkeypatch.setattr(BriefStore, "reindex", held)
    yield gate
    gate.release.set()


async def wait_until(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Wait for ``condition`` while the held rebuild's worker goes on running."""
    await _wait_until(pilot, condition, what, workers=False)


def _index_folders(home: Path) -> list[Path]:
    """The tantivy folders in the store's index folder (none when there is no index)."""
    folder = home / "index"
    return [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []


def _status(app: BriefsApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


def _rows(app: BriefsApp) -> int:
    return len(app.screen.query_one(BriefList).rows)


async def test_the_list_is_usable_while_the_index_is_rebuilt(
        stale_home: Path, gate: Gate) -> None:
    app = make_app(stale_home, seed_samples=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "rebuilding the search index (1 of 6)" in _status(app),
                         "the rebuild's progress in the status line")
        assert _rows(app) == 6
        # Moving and opening briefs need no index.
        screen = app.main_screen
        assert screen is not None
        first = screen.reader.shown_id
        await pilot.press("j")
        await wait_until(pilot, lambda: screen.reader.shown_id not in (None, first),
                         "the next brief shown")
        # A search typed meanwhile waits for the index, and says so.
        await pilot.press("slash", *"kestrel")
        await wait_until(pilot, lambda: "search waits for the index ("
                         in _status(app), "the search said to wait")
        assert _rows(app) == 6  # the last good list stays
        gate.release.set()
        await wait_until(pilot, lambda: _rows(app) == 1 and "rebuilding" not in _status(app),
                         "the search run once the index is whole")
        assert "kestrel" in screen.query_one(BriefList).rows[0].title


async def test_quitting_during_a_rebuild_stops_it_and_keeps_the_store(
        stale_home: Path, gate: Gate) -> None:
    app = make_app(stale_home, seed_samples=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "rebuilding the search index" in _status(app),
                         "the rebuild under way")
        await pilot.press("q")
    # The worker stops at its next progress report (quitting does not wait for the
    # whole rebuild): nothing half-built is left, and the next open finds the
    # index still to be rebuilt.
    assert gate.finished.wait(WAIT_TIMEOUT)
    assert not gate.release.is_set()
    assert _index_folders(stale_home) == []
    with BriefStore.open(stale_home, index_later=True) as store:
        assert store.index_stale()
        assert store.count() == 6


def test_the_command_line_rebuilds_a_stale_index_first_and_says_so(
        stale_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--home", str(stale_home), "search", "plover"])
    captured = capsys.readouterr()
    assert code == 0
    assert "rebuilding the search index first" in captured.err
    assert "plover" in captured.out


def test_the_doctor_reports_a_stale_index_and_rebuilds_nothing(
        stale_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--home", str(stale_home), "doctor"])
    report = capsys.readouterr().out
    assert "reindex" in report
    assert _index_folders(stale_home) == []


def test_a_small_store_has_its_index_rebuilt_as_it_opens(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many(_briefs())
    shutil.rmtree(home / "index")
    with BriefStore.open(home, index_later=True) as store:
        assert not store.index_stale()
        assert [hit.id for hit in store.search("curlew").hits] == ["b3"]
