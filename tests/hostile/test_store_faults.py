"""Issue 14, points 1-3 and 5-7: batches wholly in or out, bad ids, serials, the OS saying no.

Each test reproduces the fault as reported: a writer killed (SIGKILL) at a chosen
write by a deterministic hook in a child process, hand-edited ``meta.json``,
named pipes and ``/dev/zero`` in place of files, a folder in place of the index
record, a full and a read-only file system. The two real file systems (a tmpfs
and a read-only bind mount) are made in a private mount namespace
(``unshare -m``) when this machine allows it, else those tests skip; the same
faults are also simulated everywhere by making the OS functions fail (root
ignores file modes, so EACCES cannot be had from ``chmod``).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import orjson
import pytest

import store.storage as storage
from briefs.markdown_format import write_markdown
from store import BriefStore, StoreCorruptError, StoreOSError, import_paths
from tests.hostile.conftest import file_states, run_cli
from tests.pilot_waits import wait_until
from tests.unit.test_store_support import ROOT, make_brief

BRIEFS = [sys.executable, "-m", "tui.cli"]

# A child that imports a folder of Markdown briefs and SIGKILLs itself at the
# n-th file write ("write") or the n-th rename that publishes the batch ("publish").
KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
import store.shardio as shardio
from store import BriefStore, import_paths
home, folder, where, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = {"n": 0}

def count_then_die():
    calls["n"] += 1
    if calls["n"] == nth:
        os.kill(os.getpid(), signal.SIGKILL)

if where == "write":
    real_write = shardio.write_table
    def write_table(*args):
        count_then_die()
        real_write(*args)
    shardio.write_table = write_table
else:
    real_publish = shardio.ShardFiles.publish
    def publish(self, names):
        real_replace = os.replace
        def replace(a, b):
            count_then_die()
            real_replace(a, b)
        os.replace = replace
        try:
            real_publish(self, names)
        finally:
            os.replace = real_replace
    shardio.ShardFiles.publish = publish
with BriefStore.open(home) as store:
    import_paths(store, [Path(folder)], batch_size=500)
print("finished")
"""


def _with_state(i: int) -> object:
    return make_brief(100 + i, tags=["Harbour", f"t{i}"], starred=True, read=i % 2 == 0,
                      note=f"Check meeting {i}.")


def _markdown_folder(folder: Path, briefs: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, brief in enumerate(briefs):
        (folder / f"{n:03d}.md").write_text(write_markdown(brief), encoding="utf-8")
    return folder


def _existing_store(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([make_brief(i) for i in range(5)])
        store.add_tags([make_brief(0).id], ["Energy"])


def _killed_import(home: Path, folder: Path, where: str, nth: int) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(home), str(folder),
                             where, str(nth)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == -9, (result.stdout, result.stderr)  # killed where chosen


# --- 1. a batch is wholly in or wholly out, its reading state included ------------------------


@pytest.mark.parametrize(("where", "nth"), [("write", 1), ("write", 2), ("write", 4),
                                            ("publish", 1), ("publish", 3), ("publish", 4)])
def test_a_markdown_import_killed_mid_batch_is_wholly_in_or_out_with_its_state(
    tmp_path: Path, where: str, nth: int
) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    batch = [_with_state(i) for i in range(40)]
    folder = _markdown_folder(tmp_path / "export", batch)
    _killed_import(home, folder, where, nth)
    with BriefStore.open(home) as store:
        assert store.meta["pending"] is None
        report = store.doctor()
        assert report.ok, report.lines
        present = [b for b in batch if b.id in {r.id for r in store.rows()}]
        assert present in ([], batch)  # never a part of the batch
        if where == "publish":  # killed after the intent was durable: finished on open
            assert present == batch
        for brief in present:
            got = store.get(brief.id)
            assert (got.tags, got.starred, got.read, got.note) == (
                brief.tags, brief.starred, brief.read, brief.note)
        assert store.count() == 5 + len(present)
        assert store.row(make_brief(0).id).tags == ["Energy"]
        assert set(store.search("negotiators", limit=100).ids) == {r.id for r in store.rows()}
        assert not list(home.rglob("*.staged")) and not list(home.rglob("*.tmp"))


def test_re_importing_applies_front_matter_state_that_differs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    batch = [_with_state(i) for i in range(3)]
    with BriefStore.open(home) as store:
        # As the reported crash left them: stored without their reading state.
        store.upsert_many([make_brief(100 + i) for i in range(3)])
        store.add_tags([make_brief(0 + 100).id], ["Mine"])  # a state the file will replace
    folder = _markdown_folder(tmp_path / "export", batch)
    with BriefStore.open(home) as store:
        report = import_paths(store, [folder])
        assert (report.imported, report.updated, report.unchanged) == (0, 3, 0)
        for brief in batch:
            got = store.get(brief.id)
            assert (got.tags, got.starred, got.read, got.note) == (
                brief.tags, brief.starred, brief.read, brief.note)
        again = import_paths(store, [folder])
        assert (again.updated, again.unchanged) == (0, 3)
        # A file without state of its own (plain text, or no front-matter state) keeps the
        # reader's: re-importing the stateless version changes nothing.
        assert store.upsert_many([make_brief(100)]).unchanged == [make_brief(100).id]
        assert store.get(make_brief(100).id).tags == batch[0].tags


# --- 2. a file with an unusable id is refused by name; the batch goes on ----------------------


@pytest.mark.parametrize("bad_id", ['""', '"   "', '"\\a\\e\\x1b"'])
def test_a_markdown_file_with_an_unusable_id_is_refused_and_the_rest_imported(
    tmp_path: Path, bad_id: str
) -> None:
    folder = _markdown_folder(tmp_path / "in", [make_brief(i) for i in range(6)])
    bad = folder / "003.md"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace(f"id: {make_brief(3).id}", f"id: {bad_id}"), encoding="utf-8")
    with BriefStore.open(tmp_path / "home") as store:
        report = import_paths(store, [folder], batch_size=500)
        assert report.imported == 5
        assert [(path.name, "id" in reason) for path, reason in report.failed] == [
            ("003.md", True)]
        assert store.count() == 5


def test_the_cli_names_the_file_with_an_empty_id(tmp_path: Path, capsys) -> None:
    folder = _markdown_folder(tmp_path / "in", [make_brief(i) for i in range(3)])
    bad = folder / "001.md"
    bad.write_text(bad.read_text("utf-8").replace(f"id: {make_brief(1).id}", 'id: ""'), "utf-8")
    code, out, err = run_cli(capsys, "--home", str(tmp_path / "home"), "import", str(folder))
    assert code == 1  # some files failed: the documented partial exit
    assert "001.md" in err and "id is empty" in err and "Traceback" not in err
    assert "2 imported" in out or "imported 2" in out


# --- 3. next_serial is checked against the serials in use --------------------------------------


def test_a_lowered_next_serial_is_reported_and_never_overwrites_a_brief(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with BriefStore.open(home) as store:
        store.upsert_many([make_brief(i) for i in range(3)])
    meta = orjson.loads((home / "meta.json").read_bytes())
    meta["store"]["1"]["next_serial"] = 1  # lowered by hand
    (home / "meta.json").write_bytes(orjson.dumps(meta))
    with BriefStore.open(home) as store:
        report = store.doctor()
        assert not report.ok
        assert any("next_serial" in line and "PROBLEM" in line for line in report.lines)
        outcome = store.upsert_many([make_brief(10), make_brief(11)])
        assert len(outcome.imported) == 2
        assert store.count() == 5
        for i in (0, 1, 2, 10, 11):
            assert store.get(make_brief(i).id).title == make_brief(i).title
        assert store.meta["next_serial"] == 6
        assert store.doctor().ok
    with BriefStore.open(home) as reopened:
        assert reopened.count() == 5


# --- 5. the operating system says no -----------------------------------------------------------

CAUSES = {
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder, not a file",
}


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every new file and every rename fails with ``code``, as the OS would say it."""

    def mkstemp(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code), str(kwargs.get("dir", "?")))

    def replace(src: object, dst: object) -> None:
        raise OSError(code, os.strerror(code), str(src), None, str(dst))

    monkeypatch.setattr(storage.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("code", sorted(CAUSES))
def test_an_os_error_is_one_line_naming_the_path_and_the_store_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, code: int
) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    articles = _markdown_folder(tmp_path / "in", [make_brief(i) for i in range(20, 26)])
    before = file_states(home)
    _refuse_writes(monkeypatch, code)
    for args in (["tag", make_brief(1).id[:10], "+Later"], ["import", str(articles)]):
        status, out, err = run_cli(capsys, "--home", str(home), *args)
        assert status == 2, (args, out, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert CAUSES[code] in err and str(home) in err
    # And from the API: a StoreError (and OSError) naming the path.
    with pytest.raises(StoreOSError) as caught, BriefStore.open(home) as store:
        store.set_note(make_brief(2).id, "no room")
    assert caught.value.errno == code and str(home) in str(caught.value.path)
    monkeypatch.undo()
    assert file_states(home) == before  # a failed write leaves the store as it was
    with BriefStore.open(home) as store:
        assert store.doctor().ok
        assert store.count() == 5


def test_a_home_below_a_file_is_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "file").write_text("x")
    status, _, err = run_cli(capsys, "--home", str(tmp_path / "file" / "home"), "import",
                             str(tmp_path))
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "not a folder" in err and "file" in err


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_an_interrupted_import_on_a_store_that_cannot_be_written_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, code: int
) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    batch = [_with_state(i) for i in range(10)]
    _killed_import(home, _markdown_folder(tmp_path / "in", batch), "publish", 2)
    assert orjson.loads((home / "meta.json").read_bytes())["store"]["1"]["pending"]
    before = file_states(home)
    _refuse_writes(monkeypatch, code)
    with BriefStore.open(home) as store:  # the repair waits, and says so
        assert any("cannot be finished" in n and CAUSES[code] in n for n in store.notices)
        assert store.count() == 15  # shown as the repair will make it: wholly in
        assert store.get(batch[3].id).tags == batch[3].tags
        assert store.doctor().lines
        with pytest.raises(StoreOSError, match=CAUSES[code]):
            store.add_tags([make_brief(0).id], ["x"])
    status, out, err = run_cli(capsys, "--home", str(home), "list")
    assert status == 0 and len(out.splitlines()) == 15
    assert "cannot be finished" in err and "Traceback" not in err
    assert file_states(home) == before  # nothing was written
    monkeypatch.undo()
    with BriefStore.open(home) as store:  # writable again: repaired
        assert store.meta["pending"] is None and store.notices == []
        assert store.count() == 15 and store.doctor().ok


async def test_the_app_shows_an_os_error_as_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from tui.app import make_app
    from tui.dialogs.error_dialog import ErrorDialog

    home = tmp_path / "home"
    _existing_store(home)
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        _refuse_writes(monkeypatch, errno.ENOSPC)
        app.call_store(lambda store: store.add_tags([make_brief(0).id], ["later"]))
        await wait_until(
            pilot, lambda: isinstance(app.screen, ErrorDialog) and any(
                "space" in str(w.render()) for w in app.screen.query(Static)),
            "the error dialog")
        shown = [str(w.render()) for w in app.screen.query(Static)]
        monkeypatch.undo()
        await pilot.press("escape")
    assert any(line.endswith("state/00000.json: no space left on the device")
               and str(home) in line for line in shown), shown
    assert not any("Traceback" in line or "Errno" in line for line in shown)


# --- 5. the same on real file systems, where this machine can mount them -----------------------


def _private_mounts_work() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = tempfile.mkdtemp()
    try:
        result = subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c",
             f"mount -t tmpfs -o size=1m none {probe}"],
            capture_output=True, timeout=20,
        )
        return result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        os.rmdir(probe)


needs_mounts = pytest.mark.skipif(
    not _private_mounts_work(),
    reason="needs root and `unshare -m` to mount a tmpfs or a read-only bind privately",
)


def _in_private_mount(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private mount namespace (its mounts vanish with it)."""
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, **env})


@needs_mounts
def test_a_full_disk_on_a_real_tmpfs(tmp_path: Path) -> None:
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    articles = _markdown_folder(tmp_path / "in", [make_brief(i) for i in range(30, 60)])
    briefs = " ".join(BRIEFS)
    # The store's folders and files by path and content hash; not `ls -l`, whose directory times
    # move when a failed write creates and removes its temp file (and at a minute's turn).
    snapshot = (f"(cd {disk}/home && find . -type d | sort"
                " && find . -type f ! -name '*lock*' -exec sha256sum {} + | sort -k2)")
    script = f"""
mount -t tmpfs -o size=6m none {disk} || exit 99
{briefs} --home {disk}/home import {articles}/000.md > /dev/null 2>&1 || exit 98
head -c 20000000 /dev/zero > {disk}/filler 2>/dev/null
{snapshot} > {out}/before
{briefs} --home {disk}/home import {articles} > {out}/import.out 2> {out}/import.err
echo $? > {out}/import.rc
{snapshot} > {out}/after
{briefs} --home {disk}/home list > {out}/list.out 2> {out}/list.err; echo $? > {out}/list.rc
{briefs} --home {disk}/home doctor > {out}/doctor.out 2>&1; echo $? > {out}/doctor.rc
"""
    result = _in_private_mount(script)
    assert result.returncode == 0, result.stderr
    err = (out / "import.err").read_text()
    assert (out / "import.rc").read_text().strip() == "2", err
    assert err.count("\n") == 1 and "no space left on the device" in err, err
    assert str(disk / "home") in err and "Traceback" not in err
    assert (out / "after").read_text() == (out / "before").read_text()  # as it was
    assert (out / "list.rc").read_text().strip() == "0"
    assert len((out / "list.out").read_text().splitlines()) == 1
    assert (out / "doctor.rc").read_text().strip() == "0", (out / "doctor.out").read_text()


@needs_mounts
def test_a_read_only_store_with_an_interrupted_import_can_still_be_read(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    _existing_store(home)
    _killed_import(home, _markdown_folder(tmp_path / "in", [_with_state(i) for i in range(8)]),
                   "publish", 1)
    briefs = " ".join(BRIEFS)
    script = f"""
mount --bind {home} {home} && mount -o remount,ro,bind {home} || exit 99
{briefs} --home {home} list > {out}/list.out 2> {out}/list.err; echo $? > {out}/list.rc
{briefs} --home {home} show {_with_state(2).id} > {out}/show.out 2>&1; echo $? > {out}/show.rc
{briefs} --home {home} doctor > {out}/doctor.out 2>&1; echo $? > {out}/doctor.rc
{briefs} --home {home} tag {make_brief(0).id} +Later > /dev/null 2> {out}/tag.err
echo $? > {out}/tag.rc
"""
    result = _in_private_mount(script)
    assert result.returncode == 0, result.stderr
    assert (out / "list.rc").read_text().strip() == "0", (out / "list.err").read_text()
    assert len((out / "list.out").read_text().splitlines()) == 13
    assert "cannot be finished (read-only file system)" in (out / "list.err").read_text()
    assert (out / "show.rc").read_text().strip() == "0"
    assert "Harbour" in (out / "show.out").read_text()
    doctor = (out / "doctor.out").read_text()
    assert "interrupted update" in doctor and "Traceback" not in doctor
    tag_err = (out / "tag.err").read_text()
    assert (out / "tag.rc").read_text().strip() == "2"
    errors = [line for line in tag_err.splitlines() if not line.startswith("briefs: note:")]
    assert len(errors) == 1 and "read-only file system" in errors[0], tag_err
    with BriefStore.open(home) as store:  # writable again: the repair happens
        assert store.meta["pending"] is None and store.count() == 13 and store.doctor().ok


# --- 6. named pipes, /dev/zero and huge files never hang ---------------------------------------


def _open_in_child(home: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys\nfrom store import BriefStore, StoreError\n"
            "try:\n    BriefStore.open(sys.argv[1]).count()\n"
            "except StoreError as e:\n    print(e)\n")
    return subprocess.run([sys.executable, "-c", code, str(home)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", ["state/00000.json", "catalog/00000.json", "meta.json"])
def test_a_named_pipe_in_place_of_a_store_file_is_refused_not_waited_for(
    tmp_path: Path, name: str
) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    (home / name).unlink()
    os.mkfifo(home / name)
    result = _open_in_child(home)  # would time out if it waited for a writer
    assert f"{home / name}: cannot read this store file (not a regular file" in result.stdout


def test_meta_json_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    (home / "meta.json").unlink()
    (home / "meta.json").symlink_to("/dev/zero")
    result = _open_in_child(home)
    assert "meta.json: cannot read this store file (not a regular file" in result.stdout


def test_parse_refuses_a_pipe_and_dev_zero_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        result = subprocess.run([*BRIEFS, "parse", str(target)], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr


def test_parse_refuses_a_huge_file_before_reading_it(tmp_path: Path, capsys) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # 100 MB, sparse
    tracemalloc.start()
    try:
        status, _, err = run_cli(capsys, "parse", str(huge))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 1 and "too large" in err
    assert peak < 20 * 1024 * 1024, f"read {peak / 1024 / 1024:.0f} MB"


# --- 7. a folder where the index record belongs --------------------------------------------------


def test_a_folder_in_place_of_the_index_record_is_moved_aside_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    record = home / "index" / "current.json"  # the index's pointer to its live folder
    record.unlink()
    record.mkdir()
    (record / "something").write_text("a user's file, maybe")
    with BriefStore.open(home) as store:
        assert any("moved aside" in notice for notice in store.notices)
        assert store.index_generation == store.meta["generation"]
        assert len(store.search("negotiators").ids) == 5
    aside = home / "index" / "current.json.moved-aside"
    assert (aside / "something").read_text() == "a user's file, maybe"  # never deleted
    with BriefStore.open(home) as store:  # fixed for good: no rebuild, nothing to say
        assert store.notices == [] and store.doctor().ok


def test_a_store_file_that_is_a_folder_is_named(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _existing_store(home)
    (home / "state" / "00000.json").unlink()
    (home / "state" / "00000.json").mkdir()
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(home)
    assert caught.value.path == home / "state" / "00000.json"
