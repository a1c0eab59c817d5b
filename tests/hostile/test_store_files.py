"""Damaged store files: a clear message naming the file, exit status 2, and the file untouched.

A store file that is truncated, not JSON, JSON of the wrong shape, or written by a
newer Briefs must never be "repaired" by overwriting it: the command line says
which file and what to do, and exits 2; the app shows an error screen instead of a
traceback. Bytes and modification times are compared before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from store import StoreCorruptError, StoreVersionError
from tests.functional.conftest import settle
from tests.hostile.conftest import file_states, make_store, plain_brief, run_cli
from tui.app import make_app
from tui.screens.store_error_screen import StoreErrorScreen

FIRST_ID = "1111aaaa2222bbbb"

#: Files read when the store opens (and what a wrong shape looks like in each).
OPENED_FILES = {
    "meta.json": {"store": {"1": {"schema": 1, "seq": "many"}}},
    "catalog/00000.json": {"rows": {"1": {"id": 42, "title": None}}},
    "state/00000.json": {"state": {"not-a-doc-id": {"tags": []}}},
}

DAMAGE: dict[str, Callable[[bytes, str], bytes]] = {
    "truncated": lambda data, name: data[: len(data) // 2],
    "not JSON": lambda data, name: b"\x00\x17not json at all\xff",
    "empty": lambda data, name: b"",
    "a JSON list": lambda data, name: b"[1, 2, 3]",
    "wrong fields": lambda data, name: orjson.dumps(OPENED_FILES[name]),
}


@pytest.fixture
def store_home(home: Path) -> Path:
    """A store with two briefs, a tag and a saved search: every kind of file exists."""
    make_store(home, [plain_brief(id=FIRST_ID, tags=["Harbour"]), plain_brief()],
               saved={"quay": "tag:harbour"})
    return home


def damage(home: Path, name: str, how: str) -> Path:
    """Damage one store file in place; return its path."""
    path = home / name
    path.write_bytes(DAMAGE[how](path.read_bytes(), name))
    return path


def newer_schema(home: Path) -> Path:
    """Make ``meta.json`` claim a schema version from the future (with a new field)."""
    path = home / "meta.json"
    data = orjson.loads(path.read_bytes())
    data["store"]["1"]["schema"] = 99
    data["store"]["1"]["shards_v2"] = {"layout": "unknown to this version"}
    path.write_bytes(orjson.dumps(data))
    return path


COMMANDS = {
    "list": ["list"],
    "show": ["show", FIRST_ID[:8]],
    "search": ["search", "dock"],
    "tag": ["tag", FIRST_ID[:8], "+quay"],
    "import": ["import", "ARTICLES"],
    "doctor": ["doctor"],
}


def _command(name: str, articles: Path) -> list[str]:
    return [str(articles) if arg == "ARTICLES" else arg for arg in COMMANDS[name]]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """One article to import."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "quay.txt").write_text("Quay workers vote\n\nThey voted on Friday.\n",
                                     encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(OPENED_FILES))
@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_cli_names_a_damaged_file_exits_2_and_leaves_the_store_untouched(
    capsys: pytest.CaptureFixture[str], store_home: Path, articles: Path,
    name: str, how: str, command: str,
) -> None:
    path = damage(store_home, name, how)
    before = file_states(store_home)
    code, out, err = run_cli(capsys, "--home", str(store_home), *_command(command, articles))
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"briefs: {path}: cannot read this store file (")
    assert "left untouched" in lines[0]
    assert file_states(store_home) == before, "the store was written to"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_refuses_a_store_from_a_newer_version_untouched(
    capsys: pytest.CaptureFixture[str], store_home: Path, articles: Path, command: str
) -> None:
    path = newer_schema(store_home)
    before = file_states(store_home)
    code, out, err = run_cli(capsys, "--home", str(store_home), *_command(command, articles))
    assert code == 2, (out, err)
    assert err.strip() == (
        f"briefs: {path}: this store has schema version 99, but this Briefs understands "
        "versions up to 1. Upgrade Briefs; the store has been left untouched."
    )
    assert file_states(store_home) == before


@pytest.mark.parametrize("how", ["truncated", "not JSON", "a JSON list"])
def test_cli_a_damaged_article_file_stops_the_commands_that_read_it(
    capsys: pytest.CaptureFixture[str], store_home: Path, how: str
) -> None:
    path = store_home / "content" / "00000.json"
    path.write_bytes(DAMAGE[how](path.read_bytes(), ""))
    before = file_states(store_home)
    code, out, _ = run_cli(capsys, "--home", str(store_home), "list")
    assert code == 0 and FIRST_ID[:8] in out  # the list needs no article
    for command in (["show", FIRST_ID[:8]], ["list", "--json"], ["reindex"]):
        code, out, err = run_cli(capsys, "--home", str(store_home), *command)
        assert code == 2, (command, out, err)
        assert err.strip().startswith(f"briefs: {path}: cannot read this store file"), err
        assert file_states(store_home) == before


def test_cli_search_names_a_damaged_article_file(
    capsys: pytest.CaptureFixture[str], store_home: Path
) -> None:
    path = store_home / "content" / "00000.json"
    path.write_bytes(DAMAGE["not JSON"](path.read_bytes(), ""))
    before = file_states(store_home)
    code, out, err = run_cli(capsys, "--home", str(store_home), "search", "dock")
    assert code == 2, (out, err)
    assert err.strip().startswith(f"briefs: {path}: cannot read this store file"), err
    assert file_states(store_home) == before


def test_cli_an_article_document_of_the_wrong_shape_is_named(
    capsys: pytest.CaptureFixture[str], store_home: Path
) -> None:
    path = store_home / "content" / "00000.json"
    data = orjson.loads(path.read_bytes())
    for table in data.values():
        for key in table:
            table[key] = {"title": ["not", "a", "title"], "quotes": "nor quotes"}
    path.write_bytes(orjson.dumps(data))
    before = file_states(store_home)
    code, out, err = run_cli(capsys, "--home", str(store_home), "show", FIRST_ID[:8])
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert err.strip().startswith(f"briefs: {path}: cannot read this store file"), err
    assert file_states(store_home) == before


def _damage_file(name: str, how: str) -> Callable[[Path], Path]:
    return lambda home: damage(home, name, how)


def _saved_not_json(home: Path) -> Path:
    path = home / "saved.json"
    path.write_bytes(DAMAGE["not JSON"](path.read_bytes(), ""))
    return path


#: Each way the app can meet a store it cannot use; each returns the damaged file.
APP_CASES: dict[str, Callable[[Path], Path]] = {
    "truncated meta.json": _damage_file("meta.json", "truncated"),
    "meta.json not JSON": _damage_file("meta.json", "not JSON"),
    "catalog of the wrong shape": _damage_file("catalog/00000.json", "wrong fields"),
    "state as a JSON list": _damage_file("state/00000.json", "a JSON list"),
    "newer schema": newer_schema,
    "saved searches not JSON": _saved_not_json,
    "article file not JSON": lambda home: _article_not_json(home),
}


def _article_not_json(home: Path) -> Path:
    path = home / "content" / "00000.json"
    path.write_bytes(DAMAGE["not JSON"](path.read_bytes(), ""))
    return path


def _shown_text(app: App) -> str:
    """Everything the current screen shows in its Static widgets, one per line."""
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


@pytest.mark.parametrize("case", sorted(APP_CASES))
async def test_app_shows_the_store_error_screen_and_quits_with_status_2(
    store_home: Path, case: str
) -> None:
    path = APP_CASES[case](store_home)
    before = file_states(store_home)
    app = make_app(store_home, seed_samples=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, StoreErrorScreen)
        assert f"File: {path}" in _shown_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 2
    assert file_states(store_home) == before


# --- the error screen on its own ---------------------------------------------------------


class _ScreenHost(App[None]):
    """A bare app that shows one StoreErrorScreen."""

    def __init__(self, screen: StoreErrorScreen) -> None:
        super().__init__()
        self.error_screen = screen

    def compose(self) -> ComposeResult:
        yield Static("behind")

    def on_mount(self) -> None:
        self.push_screen(self.error_screen)


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_store_error_screen_names_the_file_literally_and_quits_with_2(
    tmp_path: Path, key: str
) -> None:
    hostile = tmp_path / "news [/] [@click=app.bell]x[/] \x1b]0;pwned\x07" / "meta.json"
    error = StoreCorruptError(hostile, "not valid JSON: [bold]oops")
    host = _ScreenHost(StoreErrorScreen(error, home=hostile.parent))
    async with host.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = host.screen
        assert isinstance(screen, StoreErrorScreen)
        texts = [str(widget.render()) for widget in screen.query(Static)]
        shown = "\n".join(texts)
        assert texts[0] == "Briefs cannot use this store"
        assert f"File: {tmp_path}/news [/] [@click=app.bell]x[/] /meta.json" in texts
        assert "not valid JSON: [bold]oops" in shown and "left untouched" in shown
        assert f"briefs --home {tmp_path}/news [/] [@click=app.bell]x[/] " in shown
        assert "\x1b" not in shown and "pwned" not in shown
        await pilot.press(key)
        await pilot.pause()
    assert host.return_code == 2


async def test_store_error_screen_for_a_newer_store_says_to_upgrade(tmp_path: Path) -> None:
    error = StoreVersionError(tmp_path / "meta.json", 99, 1)
    host = _ScreenHost(StoreErrorScreen(error, home=tmp_path))
    async with host.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = "\n".join(str(w.render()) for w in host.screen.query(Static))
        assert "newer version of Briefs" in shown and "Upgrade Briefs" in shown
        assert f"File: {tmp_path / 'meta.json'}" in shown
        await pilot.press("q")
        await pilot.pause()
    assert host.return_code == 2


async def test_app_names_a_quotes_file_of_the_wrong_shape(store_home: Path, monkeypatch) -> None:
    # The brief on screen must not count as read while the test runs (on a loaded
    # machine the 1.5 s timer fired and wrote the reading state the test compares).
    monkeypatch.setattr("tui.controllers.reader.READ_AFTER_SECONDS", 3600)
    path = store_home / "quotes" / "00000.json"
    data = orjson.loads(path.read_bytes())
    data["quotes"]["1"] = {"quotes": "not a list of pairs"}
    path.write_bytes(orjson.dumps(data))
    before = file_states(store_home)
    app = make_app(store_home, seed_samples=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        assert app.is_running
        assert str(path) in _shown_text(app)
    assert file_states(store_home) == before
