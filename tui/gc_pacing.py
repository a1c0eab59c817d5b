"""The cyclic garbage collector's full passes, moved to moments when no one waits for a frame.

A full collection walks every container the collector tracks. Even with the
store's rows frozen out of its sight (``gc.freeze()`` after a load), each
100,000-item list or dict of the list pane (the rows shown, a search's hits)
costs it a pass over 100,000 objects, and one full pass took 40-110 ms at
100,000 briefs: mid-keystroke, that was most of the open and search p95
(measured in the app bench, docs/benchmarks.md). The collector's own trigger
does not know whether a key is waiting.

:class:`GcPacer` keeps the young generations as they are (they are cheap: a
few milliseconds) and takes over the oldest one: automatic full passes are
switched off while the app runs, and :meth:`GcPacer.tick` (called by a timer)
runs one once input has been quiet for a moment and the collector would have
wanted one by now; a long busy stretch without a quiet moment gets one anyway,
so memory held in reference cycles stays bounded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: The oldest generation's threshold while paced: never reached in practice.
PACED_THRESHOLD = 1_000_000_000
#: Seconds without input before a full pass may run.
QUIET_SECONDS = 0.8
#: Young (generation 1) collections since the last full pass before one is worth
#: running: Python's own default threshold for the oldest generation.
WANTED_AFTER = 10
#: After this many young collections a full pass runs even while keys keep coming
#: (about 20x Python's default interval: a held key for minutes).
FORCED_AFTER = 200


class GcPacer:
    """Runs the collector's full passes when input is quiet (see the module's docstring).

    ``clock``, ``counts`` and ``collect`` default to :func:`time.monotonic`,
    :func:`gc.get_count` and :func:`gc.collect`; tests pass their own.
    """

    def __init__(self, *, quiet_seconds: float = QUIET_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count,
                 collect: Callable[[], object] = gc.collect) -> None:
        self.quiet_seconds = quiet_seconds
        self._clock = clock
        self._counts = counts
        self._collect = collect
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None
        #: Full passes run by :meth:`tick` (for tests and the bench).
        self.passes = 0

    @property
    def installed(self) -> bool:
        """True while automatic full passes are off (between install and uninstall)."""
        return self._saved is not None

    def install(self) -> None:
        """Switch off the collector's automatic full passes (the young ones stay)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, PACED_THRESHOLD)

    def uninstall(self) -> None:
        """Give the collector its own thresholds back."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        """A key or a click arrived: a full pass waits until input is quiet again."""
        self._last_input = self._clock()

    def collect_due(self) -> bool:
        """Run a full pass now, quiet or not, unless none could free anything; True if one ran.

        For a worker about to build something large (every quote in the store),
        which takes far longer than the pass: what an earlier view left in
        reference cycles is freed first, instead of both being held at once
        until the next quiet moment (measured: 25 MB more at the peak without).
        Skipped only when nothing survived a young collection since the last pass.
        """
        return self._run() if self._counts()[2] >= 1 else False

    def tick(self) -> bool:
        """Run a full pass if it is due and input is quiet (or long overdue); True if one ran."""
        pending = self._counts()[2]  # young collections since the last full one
        quiet = self._clock() - self._last_input >= self.quiet_seconds
        if pending >= FORCED_AFTER or (quiet and pending >= WANTED_AFTER):
            return self._run()
        return False

    def _run(self) -> bool:
        self._collect()
        self.passes += 1
        return True
