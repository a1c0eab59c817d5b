"""Fixtures for driving the real app with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import BriefsApp, make_app


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screens differ from one frame to the next."""
    original = Input.on_mount if hasattr(Input, "on_mount") else None

    def on_mount(self: Input) -> None:
        self.cursor_blink = False
        if original is not None:
            original(self)

    monkeypatch.setattr(Input, "on_mount", on_mount, raising=False)


async def settle(pilot: Pilot, app: BriefsApp) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def app(home: Path) -> BriefsApp:
    """The app on an empty temporary store (seeded with the samples on first open)."""
    return make_app(home)
