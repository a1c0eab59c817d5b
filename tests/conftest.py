"""Fixtures shared by every test: nothing ever touches the user's own store or config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point BRIEFS_HOME and the config folder at temporary folders for every test."""
    base = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("BRIEFS_HOME", str(base / "default-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    yield


@pytest.fixture(autouse=True)
def _no_settle_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Related briefs and read-ahead wait for the cursor to rest; tests need not wait."""
    monkeypatch.setattr("tui.controllers.reader.SETTLE_SECONDS", 0.001)
    monkeypatch.setattr("tui.controllers.reader.SETTLE_SECONDS_TYPING", 0.001)
    monkeypatch.setattr("tui.controllers.reader.TYPING_REST_SECONDS", 0.001)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A store folder that does not exist yet."""
    return tmp_path / "home"


@pytest.fixture
def shared_dir() -> Path:
    """../shared when present (evaluation material); tests needing it skip otherwise."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _pilot_waits_for_messages_not_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's key presses and pauses wait until the app has handled them, not for an idle CPU.

    A loaded machine never looks idle, which made every key cost up to a second.
    """
    from tests import pilot_waits

    pilot_waits.install(monkeypatch)
