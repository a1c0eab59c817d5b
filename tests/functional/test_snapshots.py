"""SVG snapshots of the main screens at 80x24 and 120x40 (pytest-textual-snapshot).

Update them after an intended change with ``pytest --snapshot-update`` and look at
the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.functional.conftest import settle
from tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def _no_auto_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Briefs turn read after a moment on screen; snapshots must not depend on timing."""
    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 3600)


def _app(home: Path, tmp_path: Path):
    return make_app(home, config_file=tmp_path / "config.json")


async def _settled(pilot: Pilot) -> None:
    await settle(pilot, pilot.app)  # type: ignore[arg-type]


def _after(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await _settled(pilot)
        for key in keys:
            await pilot.press(key)
            await _settled(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, home: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size, run_before=_after())


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, home: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size,
                        run_before=_after("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_tag_editor(snap_compare, home: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size,
                        run_before=_after("t", "d", "i"))


@pytest.mark.parametrize("size", SIZES)
def test_quotes_view(snap_compare, home: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size, run_before=_after("Q"))


@pytest.mark.parametrize("size", SIZES)
def test_full_width_reader(snap_compare, home: Path, tmp_path: Path,
                           size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size, run_before=_after("f"))


@pytest.mark.parametrize("size", SIZES)
def test_quotes_by_speaker(snap_compare, home: Path, tmp_path: Path,
                           size: tuple[int, int]) -> None:
    assert snap_compare(_app(home, tmp_path), terminal_size=size, run_before=_after("Q", "p"))


@pytest.mark.parametrize("size", SIZES)
def test_light_theme(snap_compare, home: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "solarized-light"
        await _settled(pilot)

    assert snap_compare(_app(home, tmp_path), terminal_size=size, run_before=light)
