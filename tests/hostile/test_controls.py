"""Control characters and escape sequences: removed on the way in, and again before display.

A title holding ``ESC ] 0 ; ... BEL`` would retitle the user's terminal window, one
holding ``ESC [ 2 J`` would clear it, and the 8-bit ``U+009B`` CSI does the same in
terminals that honour C1 controls. Textual passes such characters straight through
to the terminal, so Briefs must never hand it any. The last test runs the real app
in a pseudo-terminal and reads every byte it writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
import yaml
from textual.command import CommandList
from textual.widgets import Static

from briefs import Brief, Quote, Section
from store import BriefStore, StoreError, import_paths
from tests.functional.conftest import settle, wait_until
from tests.hostile.conftest import (
    CONTROL_CHARS,
    ESCAPE_PAYLOADS,
    has_controls,
    make_store,
    plain_brief,
    run_cli,
)
from tests.pilot_waits import WAIT_TIMEOUT as WAIT
from tui.app import BriefsApp, make_app
from tui.widgets.brief_list import BriefList
from tui.widgets.quote_list import QuoteList
from tui.widgets.status_line import StatusLine
from tui.widgets.tags_pane import TagsPane

ROOT = Path(__file__).resolve().parents[2]

#: The C1 controls that open a string (DCS, SOS, OSC, PM, APC): a terminal reads
#: everything up to the string terminator as part of the sequence.
STRING_INTRODUCERS = "\x90\x98\x9d\x9e\x9f"
#: Every escape payload, then every other C0/C1 control (but tab and newline).
ALL_CONTROLS = "".join(ESCAPE_PAYLOADS) + "".join(
    chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]
    if chr(c) not in "\t\n" + STRING_INTRODUCERS
)
#: What must not survive of the payloads, even with their ESC removed.
PAYLOAD_REMNANTS = ("pwned", "[2J", "31m", "544e")


def dirty(text: str) -> str:
    """``text`` with every payload and control character after its first space.

    (Carriage returns and NEL among them are line breaks: inside a word they would
    rightly split it, so they go where a space already is.)
    """
    head, space, tail = text.partition(" ")
    return f"{head}{space}{ALL_CONTROLS}{tail}" if space else f"{ALL_CONTROLS}{text}"


def assert_clean(value: object, where: str = "") -> None:
    """No control character and no payload remnant anywhere in ``value`` (str, list, dict)."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_clean(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            assert_clean(item, f"{where}[{index}]")
    elif isinstance(value, str):
        assert not has_controls(value), f"control character left in {where}: {value!r}"
        for remnant in PAYLOAD_REMNANTS:
            assert remnant not in value, f"payload remnant {remnant!r} left in {where}: {value!r}"


# --- on the way in -----------------------------------------------------------------------


def test_a_brief_built_with_controls_in_every_field_has_none_left() -> None:
    brief = Brief(
        id=dirty("0badc0de0badc0de"),
        title=dirty("Harbour talks resume"),
        date=dt.date(2025, 1, 15),
        summary=dirty("Dock workers returned.\n\nA second paragraph."),
        quotes=[Quote(dirty("Back to work"), speaker=dirty("Joram Lockhart"),
                      speaker_mention=dirty("the union leader"), cue=dirty("said"))],
        background=dirty("The strike lasted nine days."),
        sections=[Section(dirty("Details"), dirty("Ships waited\toffshore."))],
        sources=[dirty("Eastmarch Wire")],
        caption=dirty("A quay at dawn"),
        body=dirty("Dock workers returned to work on Monday."),
        tags=[dirty("harbour"), dirty("strike")],
        note=dirty("Follow up\nnext week"),
        url=dirty("https://example.com/harbour"),
    )
    assert_clean(brief.to_dict())
    assert brief.title == "Harbour talks resume"
    assert brief.quotes[0].speaker == "Joram Lockhart"
    assert brief.tags == ["harbour", "strike"]
    assert brief.summary.endswith("returned.\n\nA second paragraph.")
    assert brief.note.endswith("up\nnext week")  # newline kept
    assert brief.sections[0].text.endswith("waited\toffshore.")  # tab kept


@pytest.mark.parametrize("payload", ESCAPE_PAYLOADS)
def test_each_escape_sequence_is_removed_whole(payload: str) -> None:
    brief = Brief(id="x", title=f"Harbour{payload} talks", tags=[f"har{payload}bour"])
    assert brief.title in ("Harbour talks", "Harbourtalks")
    assert brief.tags == ["harbour"]


@pytest.mark.parametrize("introducer", ["\x1b]", "\x1bP", "\x1b_", *STRING_INTRODUCERS])
def test_an_unterminated_string_introducer_does_not_swallow_the_rest(introducer: str) -> None:
    brief = Brief(id="x", title=f"Prices rose{introducer} and fell",
                  summary=f"First line{introducer} goes on.\n\nA second paragraph.")
    assert brief.title.endswith("and fell")
    assert brief.summary.endswith("A second paragraph.")
    assert not has_controls(brief.title + brief.summary)


#: An article that went through UTF-8 -> Latin-1 -> UTF-8 (common in scraped news): valid
#: UTF-8 full of U+0080..U+009F, e.g. "Р" (D0 A0) and "А" (D0 90) become "Ð\xa0", "Ð\x90".
MOJIBAKE_ARTICLE = (
    "Талкс Харбор\n\nАтомная станция в Тессали закрыта, сообщает Eastmarch Wire.\n\n"
    "The talks resume on Monday in Port Elsin.\n"
).encode().decode("latin-1")


def test_a_double_encoded_article_loses_no_text_on_import(tmp_path: Path) -> None:
    assert "\x90" in MOJIBAKE_ARTICLE
    source = tmp_path / "mojibake.txt"
    source.write_text(MOJIBAKE_ARTICLE, encoding="utf-8")
    with BriefStore.open(tmp_path / "home") as store:
        report = import_paths(store, [source])
        assert (report.imported, report.failed) == (1, [])
        brief = store.get(store.rows()[0].id)
    assert "The talks resume on Monday in Port Elsin." in brief.body
    assert not has_controls(brief.body)


ARTICLE_WITH_ESCAPES = (
    "Harbour \x1b]0;pwned\x07talks \x1b[2Jresume in \x9b31mTessaly\n\n"
    "Date 2025-01-15. Dock workers in Tessaly returned\x1bP+q544e\x1b\\ to work on Monday, "
    "the Eastmarch Wire reported.\x07\x08\x7f\n\n"
    "\u201cWe are back,\u201d said union leader Joram \x1b[31mLockhart\x1b[0m.\n"
)

MARKDOWN_WITH_ESCAPES = """\
---
id: 0badc0de0badc0de
title: "Harbour \\e]0;pwned\\a talks \\e[2J resume"
tags: ["quay\\e[31m", "strike"]
sources: ["Eastmarch \\x9b31mWire"]
---

## Summary

Dock workers returned\x1b]0;pwned\x07 on Monday.

## Note

Ask about the \x1b[2Jovertime.
"""


def _stored_text(home: Path) -> str:
    """Every store file's bytes, JSON escapes decoded, as one string."""
    parts = []
    for path in sorted(home.rglob("*.json")):
        parts.append(json.dumps(orjson.loads(path.read_bytes()), ensure_ascii=False))
    return "\n".join(parts)


def test_importing_a_text_article_with_escapes_stores_none(tmp_path: Path) -> None:
    source = tmp_path / "in" / "harbour.txt"
    source.parent.mkdir()
    source.write_text(ARTICLE_WITH_ESCAPES, encoding="utf-8")
    home = tmp_path / "home"
    with BriefStore.open(home) as store:
        report = import_paths(store, [source.parent])
        assert (report.imported, report.failed) == (1, [])
        brief = store.get(store.rows()[0].id)
    assert_clean(brief.to_dict())
    assert brief.title == "Harbour talks resume in Tessaly"
    assert_clean(_stored_text(home), "store files")


def test_importing_a_markdown_brief_with_yaml_escapes_stores_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "harbour.md"
    source.write_text(MARKDOWN_WITH_ESCAPES, encoding="utf-8")
    # YAML's own escapes (\e, \a, \x9b) really do produce the control characters.
    front = yaml.safe_load(MARKDOWN_WITH_ESCAPES.split("---")[1])
    assert "\x1b]0;pwned\x07" in front["title"] and "\x9b" in front["sources"][0]
    home = tmp_path / "home"
    code, out, err = run_cli(capsys, "--home", str(home), "import", str(source))
    assert (code, out.strip()) == (0, "imported 1, updated 0, unchanged 0, failed 0"), err
    with BriefStore.open(home) as store:
        brief = store.get("0badc0de")
    assert_clean(brief.to_dict())
    assert brief.title == "Harbour talks resume"
    assert brief.tags == ["quay", "strike"]
    assert_clean(_stored_text(home), "store files")
    code, out, _ = run_cli(capsys, "--home", str(home), "show", "0badc0de")
    assert code == 0 and not has_controls(out)


# --- before display: store files written by something else --------------------------------

RAW_TITLE = "TITLEMARK \x1b]0;pwned\x07 \x9b2J end"
RAW_TAG = "TAGMARK\x1b[2J"
RAW_SPEAKER = "SPKMARK\x9b31m"
RAW_QUOTE = "QUOTEMARK \x1bP+q544e\x1b\\ words"
RAW_SAVED = "SAVEDMARK \x1b]0;pwned\x07 \x9b2J"


def _edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def inject_raw_controls(home: Path) -> None:
    """Write escape sequences straight into the store files, past every ``Brief`` check.

    As another tool, an older version or a hand edit could: the listing row, the
    reading state, the quotes, the article and a saved search all get some.
    """
    _edit_json(home / "catalog" / "00000.json", lambda d: d["rows"]["1"].update(
        title=RAW_TITLE, speakers=[RAW_SPEAKER]))
    _edit_json(home / "state" / "00000.json", lambda d: d["state"]["1"].update(
        tags=[RAW_TAG]))
    _edit_json(home / "quotes" / "00000.json", lambda d: d["quotes"]["1"].update(
        quotes=[[RAW_QUOTE, RAW_SPEAKER]]))
    _edit_json(home / "content" / "00000.json", lambda d: d["briefs"]["1"].update(
        title=RAW_TITLE, summary="SUMMARYMARK \x1b[2J\x9b31m"))
    _edit_json(home / "saved.json", lambda d: d["saved_searches"]["1"].update(name=RAW_SAVED))


@pytest.fixture
def raw_home(home: Path) -> Path:
    """A store whose files hold raw escape sequences (one brief, one saved search)."""
    make_store(home, [plain_brief(id="aaaa1111bbbb2222", tags=["tagmark"])],
               saved={"savedmark": "tag:tagmark"})
    inject_raw_controls(home)
    return home


@pytest.fixture
def raw_app(raw_home: Path) -> BriefsApp:
    """The app on the store with raw escape sequences."""
    return make_app(raw_home, seed_samples=False)


def _row_texts(widget: BriefList | TagsPane | QuoteList) -> str:
    return "\n".join(widget.render_line(y).text for y in range(len(widget.rows)))


def _statics(app: BriefsApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def test_the_command_line_prints_no_raw_controls_from_the_store(
    capsys: pytest.CaptureFixture[str], raw_home: Path
) -> None:
    for command in (["list"], ["show", "aaaa1111"], ["show", "aaaa1111", "--json"],
                    ["search", "--saved"], ["search", "dock"], ["tag", "aaaa1111", "+more"]):
        code, out, err = run_cli(capsys, "--home", str(raw_home), *command)
        assert code == 0, (command, err)
        assert not has_controls(out + err), (command, out, err)


def test_saved_searches_as_json_are_only_json(
    capsys: pytest.CaptureFixture[str], raw_home: Path
) -> None:
    code, out, _ = run_cli(capsys, "--home", str(raw_home), "search", "--saved", "--json")
    assert code == 0
    assert len(json.loads(out)) == 1


def test_saved_searches_as_json_hold_no_raw_controls(
    capsys: pytest.CaptureFixture[str], raw_home: Path
) -> None:
    code, out, _ = run_cli(capsys, "--home", str(raw_home), "search", "--saved", "--json")
    assert code == 0 and "SAVEDMARK" in out
    assert not has_controls(out), out


async def test_list_tags_pane_quotes_and_brief_pane_strip_raw_controls(
    raw_app: BriefsApp,
) -> None:
    async with raw_app.run_test(size=(160, 40)) as pilot:
        app = raw_app
        await settle(pilot, app)
        rows = _row_texts(app.screen.query_one(BriefList))
        assert "TITLEMARK" in rows and "TAGMARK" in rows and not has_controls(rows)
        source = app.screen.query_one("#brief").document.source
        assert "SUMMARYMARK" in source and not has_controls(source)
        status = str(app.screen.query_one(StatusLine).render())
        assert not has_controls(status)
        await pilot.press("T")
        await settle(pilot, app)
        tags = _row_texts(app.screen.query_one(TagsPane))
        assert "TAGMARK" in tags and not has_controls(tags)
        await pilot.press("T", "Q")
        await settle(pilot, app)
        quotes = _row_texts(app.screen.query_one(QuoteList))
        assert "QUOTEMARK" in quotes and "SPKMARK" in quotes and not has_controls(quotes)
        assert not CONTROL_CHARS.search(app.export_screenshot().replace("\n", ""))


async def test_tag_editor_strips_raw_controls(raw_app: BriefsApp) -> None:
    async with raw_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, raw_app)
        await pilot.press("t")
        await settle(pilot, raw_app)
        shown = _statics(raw_app)
        assert "TITLEMARK" in shown and "TAGMARK" in shown
        assert not has_controls(shown), shown


async def test_delete_confirmation_strips_raw_controls(raw_app: BriefsApp) -> None:
    async with raw_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, raw_app)
        await pilot.press("d")
        await settle(pilot, raw_app)
        shown = _statics(raw_app)
        assert "TITLEMARK" in shown
        assert not has_controls(shown), shown


async def test_story_thread_status_strips_raw_controls(raw_app: BriefsApp) -> None:
    async with raw_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, raw_app)
        await pilot.press("h")
        await settle(pilot, raw_app)
        status = str(raw_app.screen.query_one(StatusLine).render())
        assert "story thread of" in status and "TITLEMARK" in status
        assert not has_controls(status), status


async def test_command_palette_strips_raw_controls_of_saved_searches(
    raw_app: BriefsApp,
) -> None:
    async with raw_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, raw_app)
        await pilot.press("ctrl+p", *"SAVEDMARK")
        commands = raw_app.screen.query_one(CommandList)

        def palette_prompts() -> str:
            return "\n".join(str(commands.get_option_at_index(i).prompt)
                             for i in range(commands.option_count))

        # The palette searches in a worker, after a short delay.
        await wait_until(pilot, lambda: "SAVEDMARK" in palette_prompts(),
                         "the palette to list the saved search")
        prompts = palette_prompts()
        assert "SAVEDMARK" in prompts
        assert not has_controls(prompts), prompts


async def test_error_dialog_strips_controls_from_the_message(raw_app: BriefsApp) -> None:
    def fail(store: object) -> None:
        raise StoreError("/tmp/news\x1b]0;pwned\x07/meta.json: cannot read this store file")

    async with raw_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, raw_app)
        raw_app.call_store(fail)
        await settle(pilot, raw_app)
        shown = _statics(raw_app)
        assert "meta.json: cannot read" in shown
        assert not has_controls(shown), shown


async def test_related_briefs_list_strips_raw_controls(home: Path) -> None:
    make_store(home, [plain_brief(), plain_brief(id="aaaa1111bbbb2222", date=dt.date(2024, 6, 1))])
    _edit_json(home / "catalog" / "00000.json", lambda d: d["rows"]["2"].update(
        title=RAW_TITLE))
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        source = app.screen.query_one("#brief").document.source
        assert "## Related briefs" in source and "TITLEMARK" in source
        assert not has_controls(source), source


# --- the real app in a pseudo-terminal ----------------------------------------------------


class Terminal:
    """A pseudo-terminal running ``python -m tui``; every byte it writes is kept."""

    def __init__(self, home: Path, *, columns: int = 120, lines: int = 36) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines),
                   PYTHONPATH=str(ROOT))
        for name in ("TEXTUAL", "TEXTUAL_DRIVER", "NO_COLOR"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--home", str(home)],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.pressed_at = 0  # where the output stood when the last key was typed

    def read(self, seconds: float, *, until: bytes | None = None, since: int = 0) -> None:
        """Collect output for ``seconds`` (or until ``until`` is written after byte ``since``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until is not None and until in self.output[since:]:
                return
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the child has gone and closed its side
                return
            if not data:
                return
            self.output.extend(data)

    def press(self, key: bytes, seconds: float = 0.6, *, until: bytes | None = None) -> None:
        """Type ``key`` and collect what the app draws in response (until ``until`` is drawn)."""
        self.pressed_at = len(self.output)
        os.write(self.master, key)
        self.read(seconds, until=until, since=self.pressed_at)

    def close(self) -> int | None:
        """Wait for the app to exit (killing it if it does not); its exit status.

        The output is read meanwhile: an app drawing its last frame into a full
        pseudo-terminal would block there and never exit (on a loaded machine it
        drew after a fixed read had ended, and was killed).
        """
        deadline = time.monotonic() + WAIT  # generous: a loaded machine is slow to quit
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.01)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.read(0.2)
        os.close(self.master)
        return self.process.returncode


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_escape_payload_reaches_the_terminal(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "harbour.txt").write_text(ARTICLE_WITH_ESCAPES, encoding="utf-8")
    (articles / "quay.md").write_text(MARKDOWN_WITH_ESCAPES, encoding="utf-8")
    home = tmp_path / "home"
    with BriefStore.open(home) as store:
        store.seed_samples_once([])
        assert import_paths(store, [articles]).imported == 2

    terminal = Terminal(home)
    try:
        terminal.read(WAIT, until=b"Harbour talks resume in Tessaly")
        # Down the list (each brief opens in the pane), the quotes view, the tags pane:
        # each key waits for what it draws, never for a time. (A loaded machine
        # once read escape and the next key together, as alt+T: the quotes view
        # stayed open and took the q.)
        for key, drawn in ((b"j", b"#strike"),  # the second brief, with its tags
                           (b"k", b"2025-01-15 \xc2\xb7 Eastmarch Wire"),  # the first again
                           (b"Q", b"filter by speaker"),  # the quotes view
                           (b"\x1b", b"\xc2\xb7 2 of 2"),  # the list's header again
                           (b"T", b"#strike")):  # the tags pane, with its counts
            terminal.press(key, WAIT, until=drawn)
            assert drawn in terminal.output[terminal.pressed_at:], (key, drawn)
        terminal.press(b"T", 0)  # the pane closes; keys are handled in order, so q quits
        terminal.press(b"q", 0)  # close() waits for the exit
    finally:
        status = terminal.close()
    output = bytes(terminal.output)
    assert status == 0, output[-2000:]
    assert b"Harbour talks resume in Tessaly" in output  # the title, visible
    assert b"Lockhart" in output  # the quotes view
    for payload in (b"\x1b]0;pwned", b"pwned", b"\x1b[2J", b"\xc2\x9b", b"544e"):
        assert payload not in output, f"{payload!r} reached the terminal"
