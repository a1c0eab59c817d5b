"""Fixtures for driving the real app with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

# Pilot tests wait for conditions, never for a fixed time (see tests/pilot_waits.py).
from tests.pilot_waits import settle, wait_until
from tui.app import BriefsApp, make_app

__all__ = ["settle", "wait_until"]


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screens differ from one frame to the next."""
    original = Input.on_mount if hasattr(Input, "on_mount") else None

    def on_mount(self: Input) -> None:
        self.cursor_blink = False
        if original is not None:
            original(self)

    monkeypatch.setattr(Input, "on_mount", on_mount, raising=False)


@pytest.fixture
def app(home: Path) -> BriefsApp:
    """The app on an empty temporary store (seeded with the samples on first open)."""
    return make_app(home)
