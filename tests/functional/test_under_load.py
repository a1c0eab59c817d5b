"""Pilot tests hold on a loaded machine (issue 14, point 12).

A loaded machine is reproduced inside the test process: a thread hashes a large
buffer over and over. Hashing releases the GIL, so the app and the test run as
usual, but the process's CPU time keeps advancing as fast as the clock, which is
what a busy machine looks like to Textual's "wait until idle". Every Pilot wait
that relied on it took its full second; waits for conditions do not.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual.app
import textual.pilot

from store import StoreError
from tests import pilot_waits
from tests.functional.conftest import settle, wait_until
from tui.app import make_app
from tui.dialogs.error_dialog import ErrorDialog
from tui.widgets.brief_list import BriefList

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_cpu() -> Iterator[None]:
    """A thread keeping one core busy (without holding the GIL) while the test runs."""
    stop = threading.Event()
    data = b"\x00" * (8 << 20)

    def burn() -> None:
        while not stop.is_set():
            hashlib.sha256(data).digest()

    thread = threading.Thread(target=burn, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def _cpu_keeps_busy(seconds: float = 0.2) -> bool:
    # Textual counts a process idle below 5% CPU (1 ms in a 20 ms step); a loaded
    # machine may give the thread well under a whole core, but far more than that.
    start_cpu, start = time.process_time(), time.monotonic()
    time.sleep(seconds)
    return time.process_time() - start_cpu > 0.1 * (time.monotonic() - start)


@pytest.mark.slow
async def test_keys_and_the_error_dialog_under_load(busy_cpu: None, home: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert _cpu_keeps_busy(), "the load thread does not load the CPU"
    # Textual's own wait for an idle CPU costs up to a second per key on a loaded
    # machine (and may return before the key was handled): it must never run.
    idle_waits: list[tuple[float, float]] = []

    async def counted(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        idle_waits.append((min_sleep, max_sleep))

    monkeypatch.setattr(pilot_waits, "_idle_wait", counted)  # the fallback outside an app
    assert textual.pilot.wait_for_idle is textual.app.wait_for_idle is pilot_waits.until_handled
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        await pilot.press(*("j" * 6), *("k" * 4))
        await settle(pilot, app)
        assert brief_list.cursor == 2

        def fail(store: object) -> None:
            raise StoreError("the disk said no")

        app.call_store(fail)
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog), "the error dialog")
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, ErrorDialog)
    # Every wait was for the keys to be handled (no clock bound: the machine may be
    # busier still than this test makes it).
    assert idle_waits == []


def test_no_pilot_test_waits_a_fixed_time() -> None:
    """Tests wait for what they check: no ``pause(seconds)`` and no sleeps in Pilot tests."""
    fixed = re.compile(r"\.pause\(\s*[\d.]+\s*\)|asyncio\.sleep\(\s*[\d.]*[1-9]|time\.sleep\(")
    offenders = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if "pilot" not in text.lower() or path == Path(__file__).resolve():
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if fixed.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_make_test_runs_the_whole_suite_in_parallel() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest" in recipe and " -n " in recipe
    assert " -m " not in recipe.replace("python -m pytest", ""), "make test runs every test"
