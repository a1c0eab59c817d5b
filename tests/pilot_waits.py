"""Waiting in Pilot tests for what a test checks, never for a fixed time or an idle CPU.

Textual's Pilot waits after every key press, and in ``pause()``, until the
*process looks idle* (``textual._wait.wait_for_idle``: CPU time against wall
time, in 20 ms steps, up to a second). On a loaded machine a process never
looks idle, so each key costs up to a second (the suite took 16 minutes), and
a test can go on to assert before the app got there (the error-dialog test
failed once). Here every wait is for a condition:

- after a key press (and wherever Pilot waited for idle): until every message
  the app and its screens have been sent is handled (:func:`until_handled`);
- :func:`settle`: until, besides, no worker is running and nothing animates;
- :func:`wait_until`: until a test's own condition holds.

Each has a generous timeout (``BRIEFS_TEST_WAIT`` seconds, 120 by default) and
fails saying what was still busy. This is the only test module that touches
Textual's private names (``_wait``, ``_context``); the autouse fixture in
tests/conftest.py puts :func:`until_handled` in place of ``wait_for_idle``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

import textual.app
import textual.pilot
from textual._context import active_app
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

#: How long a wait lasts before the test fails. Generous, for a loaded machine:
#: a wait ends as soon as its condition holds.
WAIT_TIMEOUT = float(os.environ.get("BRIEFS_TEST_WAIT", "120"))

#: Consecutive quiet checks, a few milliseconds apart, that count as quiet (a
#: message sent from a thread reaches its queue a loop iteration later).
QUIET_CHECKS = 3

_BUSY_STATES = (WorkerState.PENDING, WorkerState.RUNNING)

#: Textual's own wait, kept for waits outside a running test app.
_idle_wait = textual.pilot.wait_for_idle

#: Steps of the loops below, which wait for a condition and never for a time: a bare
#: hand-over to the event loop, and how often ``wait_until`` looks at its condition.
YIELD = 0.0
POLL_SECONDS = 0.01


def pending_messages(app: App[Any]) -> list[str]:
    """The nodes (app, screens, widgets) with messages not yet handled."""
    nodes = [app, *(node for screen in app.screen_stack
                    for node in screen.walk_children(with_self=True))]
    return [type(node).__name__ for node in nodes if node.message_queue_size]


def running_workers(app: App[Any]) -> list[str]:
    """The workers not finished yet."""
    return [worker.name or worker.description for worker in app.workers
            if worker.state in _BUSY_STATES]


def _busy(app: App[Any], *, workers: bool) -> str | None:
    running = running_workers(app) if workers else []
    if running:
        return f"workers running: {running}"
    pending = pending_messages(app)
    return f"messages waiting in: {pending}" if pending else None


async def _until_quiet(app: App[Any], *, workers: bool, timeout: float, step: float) -> None:
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < QUIET_CHECKS:
        await asyncio.sleep(step)  # due timers fire; messages from threads arrive
        busy = _busy(app, workers=workers)
        quiet = 0 if busy else quiet + 1
        if busy and time.monotonic() > deadline:
            raise AssertionError(f"the app was still busy after {timeout:.0f}s: {busy}")


async def until_handled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Stands in for ``wait_for_idle``: wait until the running app has handled its messages.

    Outside a test app (no active app) Textual's own idle wait is used.
    """
    app = active_app.get(None)
    if app is None or not app.is_running:
        await _idle_wait(min_sleep, max_sleep)
        return
    await _until_quiet(app, workers=False, timeout=WAIT_TIMEOUT, step=0.002)


def install(monkeypatch: Any) -> None:
    """Make Pilot (and the app's key presser) wait for messages, not for an idle CPU."""
    for module in (textual.pilot, textual.app):
        assert module.wait_for_idle is _idle_wait, "Textual changed how Pilot waits"
        monkeypatch.setattr(module, "wait_for_idle", until_handled)


async def settle(pilot: Pilot[Any], app: App[Any], *, timeout: float = WAIT_TIMEOUT) -> None:
    """Wait until the app is quiet: no worker running, no message waiting, no animation.

    Fails with what was still busy after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < QUIET_CHECKS:
        await pilot.pause(YIELD)  # events pending on the screen handled, then a screen update
        await pilot.wait_for_animation()
        await _until_quiet(app, workers=True, step=0.005,
                           timeout=max(1.0, deadline - time.monotonic()))
        # Handling the last message may have started a worker or pushed a screen.
        quiet = quiet + 1 if _busy(app, workers=True) is None else 0


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str, *,
                     timeout: float = WAIT_TIMEOUT, workers: bool = True) -> None:
    """Wait until ``condition()`` holds (checked between screen updates), then settle.

    With ``workers`` False a worker may go on running (one the test holds on
    purpose): only the messages sent so far are waited for.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f}s for {what}")
        await pilot.pause(POLL_SECONDS)
    remaining = max(1.0, deadline - time.monotonic())
    if workers:
        await settle(pilot, pilot.app, timeout=remaining)
    else:
        await _until_quiet(pilot.app, workers=False, timeout=remaining, step=0.002)
