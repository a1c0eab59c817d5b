"""The command line keeps its contract (issue 14, points 8-11), run as a user would.

Every brief here is about invented people and places.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefs import Brief
from store import BriefStore
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "briefs" / "samples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``briefs ARGS`` in-process: (exit status, stdout, stderr); usage errors included."""
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's usage errors, --version
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def brief(brief_id: str, title: str, *, tags: tuple[str, ...] = (), body: str = "") -> Brief:
    return Brief(id=brief_id, title=title, date=dt.date(2025, 4, 1), tags=list(tags),
                 summary=body or title, body=body or title)


def make_store(home: Path, *briefs: Brief) -> Path:
    with BriefStore.open(home) as store:
        store.seed_samples_once([])
        store.upsert_many(list(briefs))
    return home


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- 8: list prints ids that show accepts --------------------------------------------------


def test_every_listed_id_is_accepted_by_show(capsys, home: Path) -> None:
    # The eight sample briefs share their first 8 characters ("sample-v").
    code, _, _ = run(capsys, "--home", str(home), "import", str(SAMPLES))
    assert code == 0
    code, out, _ = run(capsys, "--home", str(home), "list")
    listed = [line.split()[0] for line in out.splitlines()]
    assert len(listed) == len(list(SAMPLES.glob("*.md")))
    shown = set()
    for short in listed:
        assert len(short) >= 8
        code, out, err = run(capsys, "--home", str(home), "show", short, "--json")
        assert code == 0, err
        full = json.loads(out)["id"]
        assert full.startswith(short)
        shown.add(full)
    assert len(shown) == len(listed)


def test_listed_ids_are_the_shortest_unique_prefix_of_at_least_8(capsys, home: Path) -> None:
    make_store(home,
               brief("abcdef0123456789", "First of two close ids"),
               brief("abcdef0199999999", "Second of two close ids"),
               brief("0011223344556677", "A lone id"),
               brief("memo", "A short id"),
               brief("memo-2", "An id that starts with another"))
    _, out, _ = run(capsys, "--home", str(home), "list")
    firsts = {line.split()[0] for line in out.splitlines()}
    assert firsts == {"abcdef012", "abcdef019", "00112233", "memo", "memo-2"}
    for short in firsts:
        assert run(capsys, "--home", str(home), "show", short)[0] == 0
    # search and tag print the same short ids
    _, out, _ = run(capsys, "--home", str(home), "search", "close")
    assert {line.split()[0] for line in out.splitlines() if not line.startswith(" ")} == {
        "abcdef012", "abcdef019"}
    _, out, _ = run(capsys, "--home", str(home), "tag", "abcdef019", "+kept")
    assert out.split()[0] == "abcdef019"


# --- 9: read commands never create a store -------------------------------------------------


READ_COMMANDS = [
    ["list"], ["list", "--json"], ["show", "abc"], ["search", "talks"], ["search", "--saved"],
    ["export", "{tmp}/export"], ["doctor"], ["reindex"], ["tag", "abc", "+x"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_commands_on_a_missing_store_say_so_and_create_nothing(
    capsys, tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "typo"
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    code, out, err = run(capsys, "--home", str(typo), *args)
    assert code == 2 and out == ""
    assert "no Briefs store" in one_line_error(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no store, no export folder


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_commands_in_an_empty_folder_leave_it_empty(
    capsys, tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    code, _, err = run(capsys, "--home", str(empty), *args)
    assert code == 2 and "no Briefs store" in one_line_error(err)
    assert list(empty.iterdir()) == []  # not even a lock file


def test_an_empty_home_is_refused_not_taken_for_the_default(capsys) -> None:
    default = Path(os.environ["BRIEFS_HOME"])  # the "real" store of this test
    for value in ("", "  "):
        code, out, err = run(capsys, "--home", value, "list")
        assert code == 2 and out == "" and "--home" in err and "empty" in err
        assert "Traceback" not in err
    assert not default.exists()


def test_import_still_creates_the_store(capsys, home: Path) -> None:
    code, out, _ = run(capsys, "--home", str(home), "import", str(SAMPLES))
    assert code == 0 and out.startswith("imported 10")
    assert run(capsys, "--home", str(home), "doctor")[0] == 0


# --- 10: export filters, search --delete, --limit -------------------------------------------


def test_export_applies_both_tag_and_query(capsys, home: Path, tmp_path: Path) -> None:
    make_store(home,
               brief("1111111111111111", "Harbour strike in Tessaly", tags=("labour",)),
               brief("2222222222222222", "Harvest festival in Tessaly", tags=("labour",)),
               brief("3333333333333333", "Harbour dredging in Corvain"))
    target = tmp_path / "out"
    code, out, _ = run(capsys, "--home", str(home), "export", str(target),
                       "--tag", "labour", "--query", "harbour")
    assert code == 0 and out.startswith("exported 1 ")
    assert [p.name.rsplit("-", 1)[1] for p in target.glob("*.md")] == ["1111111111111111.md"]


def test_deleting_a_saved_search_that_does_not_exist_says_so(capsys, home: Path) -> None:
    make_store(home, brief("1111111111111111", "Harbour strike in Tessaly"))
    code, out, err = run(capsys, "--home", str(home), "search", "--delete", "nosuch")
    assert code == 1 and out == ""
    assert "no saved search 'nosuch'" in one_line_error(err)
    run(capsys, "--home", str(home), "search", "--save", "strikes", "strike")
    code, out, _ = run(capsys, "--home", str(home), "search", "--delete", "Strikes")
    assert code == 0 and "deleted saved search" in out


@pytest.mark.parametrize("limit", ["-5", "0", "many"])
def test_a_limit_below_one_is_a_usage_error(capsys, home: Path, limit: str) -> None:
    make_store(home, brief("1111111111111111", "Harbour strike in Tessaly"))
    code, out, err = run(capsys, "--home", str(home), "search", "harbour", "--limit", limit)
    assert code == 2 and out == ""
    assert "--limit" in err.splitlines()[-1] and "Traceback" not in err


# --- 11: --version, --json reports, completion, progress ------------------------------------


def test_version(capsys) -> None:
    from importlib.metadata import version

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"briefs {version('briefs')}"


def test_import_json_report(capsys, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    code, out, _ = run(capsys, "--home", str(home), "import", str(folder), "--json")
    assert code == 1
    report = json.loads(out)
    assert (report["imported"], report["updated"], report["unchanged"]) == (10, 0, 0)
    assert [Path(f["path"]).name for f in report["failed"]] == ["broken.txt"]
    assert report["failed"][0]["reason"]


def test_tag_doctor_and_export_json_reports(capsys, home: Path, tmp_path: Path) -> None:
    make_store(home, brief("1111111111111111", "Harbour strike in Tessaly", tags=("labour",)))
    code, out, _ = run(capsys, "--home", str(home), "tag", "11111111", "+port", "-labour",
                       "--json")
    assert code == 0 and json.loads(out) == {"id": "1111111111111111", "tags": ["port"]}
    code, out, _ = run(capsys, "--home", str(home), "doctor", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["lines"][-1] == "no problems found"
    code, out, _ = run(capsys, "--home", str(home), "export", str(tmp_path / "x"), "--json")
    report = json.loads(out)
    assert code == 0 and report["exported"] == 1 and report["dir"] == str(tmp_path / "x")
    assert [(tmp_path / "x" / name).is_file() for name in report["files"]] == [True]


def test_completion_script_completes_commands_in_bash(capsys, tmp_path: Path) -> None:
    code, script, _ = run(capsys, "--print-completion", "bash")
    assert code == 0 and "reindex" in script
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine")
    (tmp_path / "briefs.bash").write_text(script, encoding="utf-8")
    probe = (f"source {tmp_path / 'briefs.bash'}; COMP_WORDS=(briefs re); COMP_CWORD=1; "
             "COMP_LINE='briefs re'; COMP_POINT=9; _shtab_briefs; "
             "printf '%s\\n' \"${COMPREPLY[@]}\"")
    done = subprocess.run([bash, "-c", probe], capture_output=True, text=True, timeout=60,
                          check=False)
    assert "reindex" in done.stdout.split(), (done.stdout, done.stderr)


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_reindex_and_export_draw_a_bar_on_a_terminal_unless_quiet(
    monkeypatch, capsys, home: Path, tmp_path: Path, quiet: bool
) -> None:
    make_store(home, *(brief(f"{i:016x}", f"Harbour report {i}") for i in range(30)))
    monkeypatch.setenv("TERM", "xterm")
    quiet_flag = ["--quiet"] if quiet else []
    for command, label in ((["reindex"], "reindexing"),
                           (["export", str(tmp_path / "out")], "exporting")):
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        code = main(["--home", str(home), *quiet_flag, *command])
        monkeypatch.undo()
        monkeypatch.setenv("TERM", "xterm")
        assert code == 0
        assert (label in terminal.getvalue()) is not quiet, terminal.getvalue()
    assert "reindexed 30 briefs" in capsys.readouterr().out


def _import_in_a_child(home: Path, source: Path, *extra: str, pty: bool) -> tuple[str, str]:
    """Run ``briefs import`` in a child with stderr on a pseudo-terminal (or a pipe)."""
    command = [sys.executable, "-m", "tui", "--home", str(home), *extra, "import", str(source)]
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    if not pty:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                              cwd=ROOT, check=False)
        return done.stdout, done.stderr
    import pty as pty_module

    leader, follower = pty_module.openpty()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env,
                             cwd=ROOT, text=True)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout, _ = child.communicate(timeout=120)
    os.close(leader)
    return stdout, seen.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_import_progress_only_on_a_terminal(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "many"
    source.mkdir()
    for i in range(300):
        (source / f"{i:03}.txt").write_text(
            f"Harbour report {i}\n\nDock workers in Tessaly met on day {i}.\n", encoding="utf-8")
    stdout, terminal = _import_in_a_child(home, source, pty=True)
    assert stdout.strip() == "imported 300, updated 0, unchanged 0, failed 0"
    assert "importing" in terminal and "300/300" in terminal, terminal
    stdout, stderr = _import_in_a_child(tmp_path / "h2", source, pty=False)
    assert stdout.strip().startswith("imported 300") and stderr == ""
    stdout, terminal = _import_in_a_child(tmp_path / "h3", source, "--quiet", pty=True)
    assert stdout.strip().startswith("imported 300") and "importing" not in terminal
