"""Holding an update back while keys come, and running it once they rest (the reader's)."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.timer import Timer


class TypingRest:
    """Says whether an update waits for typing to rest; runs it once typing rests.

    ``set_timer(delay, callback)`` is the owning widget's; ``rested()`` is
    called on the UI thread once no key came for the rest period, or at once
    when typing is :meth:`done`.
    """

    def __init__(self, set_timer: Callable[[float, Callable[[], None]], Timer],
                 rested: Callable[[], None]) -> None:
        self._set_timer = set_timer
        self._rested = rested
        self._until = 0.0  # monotonic seconds; 0: no key is waited on
        self._timer: Timer | None = None

    def key(self, rest_seconds: float) -> None:
        """A key came: updates wait until ``rest_seconds`` pass without another."""
        self._until = time.monotonic() + rest_seconds

    def waiting(self) -> bool:
        """True while keys come; the update is then due once they rest (a timer waits)."""
        wait = self._until - time.monotonic()
        if wait <= 0:
            self._until = 0.0
            return False
        self._stop()
        self._timer = self._set_timer(wait, self._fire)
        return True

    def done(self) -> None:
        """Typing is over (the box was left): the update waited on runs now."""
        if self._until:
            self._until = 0.0
            self._fire()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._stop()
        if not self.waiting():  # else a key came meanwhile: a new timer waits for it
            self._rested()
