"""Key press to screen in the real app on a large store, beside Textual's OptionList.

The app is driven through Pilot (headless, the real compositor renders every
frame). For each step the clock runs from the key event reaching the app's
driver until the first frame painted while the app is at the step's result:
the cursor moved, the brief is in the pane, the list holds the results of the
query typed so far. "Start to rows" launches a fresh process, as typing
``briefs`` does, and times it until its first frame with rows in it.
"List movement" presses keys back to back; "open a brief" rests READ_PAUSE
between briefs, as a reader does (related briefs and the read-ahead of the next
ones run in that pause). Pilot's own ``press`` waits for idleness in 20 ms steps,
which would measure the harness rather than the app, so keys are sent as Pilot
sends them, without its waits, and frames are timed at ``App._display``.
The baseline is Textual's own ``OptionList`` holding the same titles, timed in
the same run: how long it takes to show them, and a cursor move.

Targets (100,000 briefs, a quiet machine): open a brief p95 <= 50 ms, list
movement p95 <= 20 ms, search keystroke to results p95 <= 100 ms, start to rows
<= 1 s. Every table states the machine's load.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from bench.corpus import batches, bench_size, generate, source_name
from store import BriefStore
from store.listhead import HEAD_FILE, read_head, save_head

MOVES = 60
OPENS = 40
#: Seconds a reader spends on a brief before opening the next one (the "open" step).
READ_PAUSE = 0.3
#: CPU milliseconds each cold-start process used until its first frame with rows
#: (less sensitive to the machine's load than the wall time).
COLD_CPU: list[float] = []
QUERIES = ["talks", "market growth", "minister said", "tag:sample", "election campaign"]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def _wait_for(condition: Callable[[], bool], pilot, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        await asyncio.sleep(0.001)
    await pilot.pause()  # and let the compositor paint the frame


class FrameClock:
    """Records when the app paints a frame (wraps ``App._display``).

    A step ends at the first frame painted while its condition holds. The
    condition is checked as the frame is handed to the terminal, on the UI
    thread, so a frame painted before the harness got to look is not missed
    (waiting instead for a frame after the harness saw the state would wait
    for ever once the app is idle, and count an extra frame when it is not).
    """

    def __init__(self, app: App) -> None:
        self.frames: list[float] = []
        self._waiting: Callable[[], bool] | None = None
        self._hit: float | None = None
        original = app._display

        def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            original(screen, renderable)
            if renderable is not None:
                now = time.perf_counter()
                self.frames.append(now)
                if self._waiting is not None and self._hit is None and self._waiting():
                    self._hit = now

        app._display = display  # type: ignore[method-assign]

    async def press(self, app: App, key: str, done: Callable[[], bool],
                    timeout: float = 30.0) -> float:
        """Send ``key``; milliseconds until the first frame painted once ``done()`` holds."""
        char = key if len(key) == 1 else (" " if key == "space" else None)
        event = events.Key(key, char)
        event.set_sender(app)
        self._hit = None
        self._waiting = done
        started = time.perf_counter()
        app._driver.send_message(event)  # type: ignore[union-attr]
        deadline = started + timeout
        try:
            while self._hit is None:
                if time.perf_counter() > deadline:
                    state = "reached, but no frame painted" if done() else "not reached"
                    raise TimeoutError(f"{key!r}: the expected state was {state}")
                await asyncio.sleep(0.0005)
        finally:
            self._waiting = None
        return (self._hit - started) * 1000


async def measure_app(home: Path, n: int) -> dict[str, list[float] | float]:
    """Drive the real app on a store of ``n`` briefs; return the timings in milliseconds."""
    import textual.app
    import textual.pilot

    from tests.pilot_waits import settle, until_handled
    from tui.app import make_app
    from tui.widgets.brief_list import BriefList
    from tui.widgets.brief_view import BriefView

    # Pilot's own waits are for an idle CPU, which a loaded machine never is: wait
    # for the app's messages instead (as the tests do; see tests/pilot_waits.py).
    textual.pilot.wait_for_idle = textual.app.wait_for_idle = until_handled  # type: ignore[attr-defined]
    app = make_app(home, seed_samples=False, config_file=home / "bench-config.json")
    results: dict[str, list[float] | float] = {}
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        assert screen is not None
        brief_list = screen.query_one(BriefList)
        view = screen.query_one(BriefView)
        await _wait_for(lambda: len(brief_list.rows) > 0, pilot, timeout=60)
        results["first list"] = (time.perf_counter() - started) * 1000
        await _wait_for(lambda: len(brief_list.rows) == n, pilot, timeout=120)
        results["whole list"] = (time.perf_counter() - started) * 1000
        await settle(pilot, app)
        clock = FrameClock(app)

        moves = []
        for _ in range(MOVES):
            before = brief_list.cursor
            moves.append(await clock.press(app, "j",
                                           lambda b=before: brief_list.cursor == b + 1))
            await settle(pilot, app)  # each key on its own, as a reader presses them
        results["move"] = moves

        opens = []
        for _ in range(OPENS):
            # A reader opens the next brief after reading this one: the app has had
            # a moment at rest (for related briefs and read-ahead), as in real use.
            await asyncio.sleep(READ_PAUSE)
            await settle(pilot, app)
            target = brief_list.rows[brief_list.cursor + 1].id
            opens.append(await clock.press(
                app, "j", lambda t=target: view.brief is not None and view.brief.id == t))
        results["open"] = opens

        keystrokes = []
        for query in QUERIES:
            await pilot.press("slash")
            await settle(pilot, app)
            typed = ""
            for char in query:
                typed += char
                expected = typed.strip()
                keystrokes.append(await clock.press(
                    app, "space" if char == " " else char,
                    lambda e=expected: screen.state.answered_query == e))
            await pilot.press("escape")
            await settle(pilot, app)
        results["search keystroke"] = keystrokes
    return results


class _OptionListApp(App[None]):
    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        yield OptionList(id="options")


async def measure_option_list(titles: list[str]) -> dict[str, list[float] | float]:
    """The baseline: Textual's OptionList showing the same titles."""
    app = _OptionListApp(titles)
    results: dict[str, list[float] | float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        options = app.query_one(OptionList)
        started = time.perf_counter()
        options.add_options(app.titles)
        options.highlighted = 0
        await pilot.pause()
        results["first list"] = (time.perf_counter() - started) * 1000
        options.focus()
        await pilot.pause()
        clock = FrameClock(app)
        moves = []
        for _ in range(MOVES):
            before = options.highlighted or 0
            moves.append(await clock.press(app, "down",
                                           lambda b=before: options.highlighted == b + 1))
            await pilot.pause()
        results["move"] = moves
    return results


_COLD_START = """
import asyncio, os, resource, sys
from pathlib import Path
from tui.app import make_app
from tui.widgets.brief_list import BriefList

async def main():
    home = Path(sys.argv[1])
    app = make_app(home, seed_samples=False, config_file=home / "bench-config.json")
    painted = []
    async with app.run_test(size=(120, 40)):
        rows = app.main_screen.query_one(BriefList)
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is not None and rows.rows:
                painted.append(True)

        app._display = display
        while not painted:  # the first frame with rows in it
            await asyncio.sleep(0.001)
        used = resource.getrusage(resource.RUSAGE_SELF)
        print("rows", used.ru_utime + used.ru_stime, flush=True)
        os._exit(0)  # what follows (reading the store behind the rows) is not timed

asyncio.run(main())
"""


def cold_start(home: Path) -> float:
    """Milliseconds from launching a fresh Python process to its first frame with rows.

    What a user waits for after typing ``briefs``: the interpreter, the imports,
    the list's saved first rows or, without them, opening the store and reading
    the list, and the first frame.
    """
    root = Path(__file__).resolve().parents[1]
    # As an installed package runs (pip compiles its modules as it installs): with
    # PYTHONDONTWRITEBYTECODE set, as in the project's sandbox, every start would
    # compile ~400 modules from source first (0.4 s of CPU).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "briefs", "store", "tui"],
                   cwd=root, capture_output=True, check=False)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _COLD_START, str(home)],
                             stdout=subprocess.PIPE, text=True, cwd=root, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait(timeout=120)
    word, _, cpu = line.partition(" ")
    if word != "rows":
        raise RuntimeError("the cold-start process did not show its rows")
    COLD_CPU.append(float(cpu) * 1000)
    return elapsed


_MEMORY = """
import asyncio, resource, sys
from pathlib import Path
import textual.app, textual.pilot
from tests.pilot_waits import settle, until_handled
from tui.app import make_app
from tui.widgets.brief_list import BriefList

textual.pilot.wait_for_idle = textual.app.wait_for_idle = until_handled

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

async def main():
    home = Path(sys.argv[1])
    app = make_app(home, seed_samples=False, config_file=home / "bench-config.json")
    async with app.run_test(size=(120, 40)) as pilot:
        rows = app.main_screen.query_one(BriefList)
        while len(rows.rows) < int(sys.argv[2]):
            await asyncio.sleep(0.01)

        async def step(name, *keys):
            for key in keys:
                await pilot.press(key)
            await settle(pilot, app)
            print(name, f"{rss():.0f}", flush=True)

        await step("the list")
        await step("a few briefs", "j", "j", "j")
        await step("a search", "slash", *"market", "escape")
        await step("tags pane", "T", "T")
        await step("story thread", "h", "escape")
        await step("help", "question_mark", "escape")
        await step("quotes view", "Q")
        await step("by speaker", "p")
        await step("one speaker's quotes", "enter")
        await step("speaker filter", "slash", "a", "b")
        await step("quotes closed", "escape", "escape")
        await step("quotes again", "Q")
        await step("quotes closed again", "escape")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("peak", f"{peak:.0f}", flush=True)

asyncio.run(main())
"""


def memory(home: Path, n: int) -> list[tuple[str, float]]:
    """Resident memory (MB) of a fresh app process after opening each view in turn.

    The last entry is the process's peak (``ru_maxrss``) over the whole walk.
    """
    out = subprocess.run([sys.executable, "-c", _MEMORY, str(home), str(n)],
                         capture_output=True, text=True, timeout=600,
                         cwd=Path(__file__).resolve().parents[1])
    if out.returncode != 0:
        raise RuntimeError(f"the memory walk failed: {out.stderr.strip()[-500:]}")
    steps = []
    for line in out.stdout.splitlines():
        name, _, value = line.rpartition(" ")
        steps.append((name, float(value)))
    return steps


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes), as ``uptime`` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _build_store(home: Path, n: int) -> list[str]:
    titles: list[str] = []
    with BriefStore.open(home) as store:
        for batch in batches(generate(n)):
            titles.extend(brief.title for brief in batch)
            store.upsert_many(batch)
    return titles


def _rows_in_generation_order(home: Path) -> list:
    with BriefStore.open(home) as store:
        return store.rows()


def main() -> None:
    """Build an N-brief store, drive the app and the baseline, print the table."""
    n = bench_size()
    print(f"app responsiveness at N = {n:,} briefs ({source_name()}), 120x40 terminal; "
          f"load {_load()}")
    keep = os.environ.get("BENCH_DIR")
    with tempfile.TemporaryDirectory(dir=keep) as tmp:
        # With BENCH_DIR the store is kept and reused (it takes minutes to build at
        # 100,000 briefs); a half-built one is recognised by its missing marker.
        home = Path(keep) / f"app-store-{n}" if keep else Path(tmp) / "store"
        marker = home / ".bench-complete"
        started = time.perf_counter()
        if marker.exists():
            titles = [row.title for row in _rows_in_generation_order(home)]
            print(f"(reusing the store in {home})")
        else:
            titles = _build_store(home, n)
            marker.touch()
            print(f"(store built in {time.perf_counter() - started:.1f} s)")
        # Without the list's saved first rows (a store changed since the app last
        # closed it, by an import say), then with them (the app closed it last).
        (home / HEAD_FILE).unlink(missing_ok=True)
        cold_unsaved = cold_start(home)
        if read_head(home) is None:  # it stopped at its first frame: save as the app would
            from tui.controllers.loader import HEAD_ROWS

            with BriefStore.open(home) as store:
                save_head(store, HEAD_ROWS)
        cold = cold_start(home)
        walk = memory(home, len(titles))
        ours = asyncio.run(measure_app(home, len(titles)))
        ours["cold start"] = cold
        ours["cold start, no saved rows"] = cold_unsaved
        print(f"(load after our run: {_load()})", flush=True)
        try:
            baseline = asyncio.run(measure_option_list(titles))
        except TimeoutError as error:  # the baseline's trouble must not lose our figures
            print(f"(the OptionList baseline did not finish: {error})")
            baseline = {}

    def cell(values: list[float] | float | None, pct: float | None = None) -> str:
        if values is None:
            return "—"
        if isinstance(values, float):
            return f"{values:,.0f} ms"
        return f"{_percentile(values, pct or 50):,.1f} ms"

    rows = [
        ("start to rows (process)", ours["cold start"], None, None),
        ("  same, no saved rows", ours["cold start, no saved rows"], None, None),
        ("show the list (cold)", ours["first list"], baseline.get("first list"), None),
        ("every row loaded", ours["whole list"], None, None),
        ("list movement p50", ours["move"], baseline.get("move"), 50),
        ("list movement p95", ours["move"], baseline.get("move"), 95),
        ("open a brief p50", ours["open"], None, 50),
        ("open a brief p95", ours["open"], None, 95),
        ("search keystroke p50", ours["search keystroke"], None, 50),
        ("search keystroke p95", ours["search keystroke"], None, 95),
    ]
    print("| metric                 |       ours | OptionList |  ratio |")
    print("|------------------------|------------|------------|--------|")
    for name, mine, theirs, pct in rows:
        ratio = "—"
        if theirs is not None:
            a = mine if isinstance(mine, float) else _percentile(mine, pct or 50)
            b = theirs if isinstance(theirs, float) else _percentile(theirs, pct or 50)
            ratio = f"{a / b:.2f}x" if b else "—"
        print(f"| {name:22} | {cell(mine, pct):>10} | {cell(theirs, pct):>10} | {ratio:>6} |")
    print("(targets at 100,000: open p95 <= 50 ms, movement p95 <= 20 ms, search keystroke "
          "p95 <= 100 ms, start to rows <= 1 s; 'start to rows' is a fresh process from its "
          "launch, imports included; 'show the list' for ours includes opening the store)")
    print(f"(CPU of the start to rows: {COLD_CPU[-1]:,.0f} ms with saved rows, "
          f"{COLD_CPU[0]:,.0f} ms without)")
    print("memory (RSS, MB) of a fresh app process as each view is opened: " + ", ".join(
        f"{name} {value:,.0f}" for name, value in walk))
    print("(target at 100,000: the whole app under 500 MB with every view opened)")
    print(f"(load at the end: {_load()})")
    print(f"(samples: {MOVES} moves, {OPENS} opens, "
          f"{len(ours['search keystroke'])} keystrokes over {len(QUERIES)} queries; "  # type: ignore[arg-type]
          f"mean search keystroke {statistics.mean(ours['search keystroke']):.1f} ms)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
