"""Crash safety: a killed process, an interrupted write or index update never cost a change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import store.shardio as shardio
import store.storage as storage
from store import BriefStore
from store.search import SearchIndex
from tests.unit.test_store_support import ROOT, make_brief

TAG_WRITER = """
import sys
from store import BriefStore
store = BriefStore.open(sys.argv[1])
ids = [row.id for row in store.rows()]
i = 0
while True:
    store.add_tags([ids[i % len(ids)]], [f"t{i}"])
    print(i, flush=True)  # acknowledged: add_tags has returned
    i += 1
"""

IMPORTER = """
import sys
from store import BriefStore
from tests.unit.test_store_support import make_brief
store = BriefStore.open(sys.argv[1])
batch = 0
while True:
    store.upsert_many([make_brief(1000 + batch * 10 + k) for k in range(10)])
    print(batch, flush=True)
    batch += 1
"""


def _kill_after(code: str, home: Path, acks: int) -> list[int]:
    """Run ``code`` on ``home``, SIGKILL it after ``acks`` acknowledgements; all acks seen."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(home)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    seen: list[int] = []
    deadline = time.monotonic() + 20
    while len(seen) < acks and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        seen.append(int(line))
    os.kill(child.pid, signal.SIGKILL)
    # Lines written before the kill were acknowledged too.
    seen.extend(int(line) for line in child.stdout.read().split())
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert len(seen) >= acks, "the child did not get going"
    return seen


def test_sigkill_during_tag_writes_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as setup:
        setup.upsert_many(make_brief(i) for i in range(30))
        ids = [row.id for row in setup.rows()]
    acked = _kill_after(TAG_WRITER, tmp_path, acks=80)
    with BriefStore.open(tmp_path) as reopened:
        for i in acked:
            assert f"t{i}" in reopened.row(ids[i % len(ids)]).tags, i
        assert reopened.doctor().ok


def test_sigkill_during_imports_keeps_every_acknowledged_batch(tmp_path: Path) -> None:
    BriefStore.open(tmp_path).close()
    acked = _kill_after(IMPORTER, tmp_path, acks=6)
    with BriefStore.open(tmp_path) as reopened:
        for batch in acked:
            for k in range(10):
                brief = make_brief(1000 + batch * 10 + k)
                assert reopened.get(brief.id) == brief
        report = reopened.doctor()
        assert report.ok, report.lines
        # The index reflects the store, whatever the kill interrupted.
        assert reopened.search("negotiators").total == reopened.count()


def _fail_writes_after(monkeypatch: pytest.MonkeyPatch, allowed: int) -> None:
    calls = {"n": 0}
    original = shardio.write_table

    def failing(path: Path, table: str, docs: dict) -> None:
        calls["n"] += 1
        if calls["n"] > allowed:
            raise OSError(28, "No space left on device")
        original(path, table, docs)

    monkeypatch.setattr(shardio, "write_table", failing)


@pytest.mark.parametrize("allowed", [0, 1, 2])  # the change writes 3 shard files
def test_an_update_interrupted_between_files_is_repaired_on_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allowed: int
) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(i) for i in range(3)])
        opened.add_tags([make_brief(0).id], ["Energy"])
        _fail_writes_after(monkeypatch, allowed)
        with pytest.raises(OSError):
            opened.upsert_many([make_brief(1, body="Changed."), make_brief(7)])
        monkeypatch.undo()
    assert BriefStore.open(tmp_path).meta["pending"] is None  # repaired on open
    with BriefStore.open(tmp_path) as reopened:
        report = reopened.doctor()
        assert report.ok, report.lines
        # Content files are the truth: the change is either wholly in or wholly out.
        changed = reopened.get(make_brief(1).id).body == "Changed."
        assert (make_brief(7).id in {r.id for r in reopened.rows()}) == changed
        assert reopened.row(make_brief(0).id).tags == ["Energy"]
        assert set(reopened.search("item", limit=100).ids) == {r.id for r in reopened.rows()}


def test_the_same_store_object_recovers_after_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(0), make_brief(1)])
        _fail_writes_after(monkeypatch, 1)  # one file of the change is written, then the disk fills
        with pytest.raises(OSError):
            opened.delete([make_brief(0).id])
        monkeypatch.undo()
        # A failed write leaves the store as it was (issue 14): nothing to repair or reload.
        assert opened.refresh() is False
        assert opened.meta["pending"] is None
        assert {r.id for r in opened.rows()} == {make_brief(0).id, make_brief(1).id}
        opened.add_tags([make_brief(1).id], ["kept"])
        assert opened.doctor().ok
    with BriefStore.open(tmp_path) as reopened:
        assert [(r.id, r.tags) for r in reopened.rows()] == [
            (make_brief(1).id, ["kept"]), (make_brief(0).id, [])]


def test_a_stale_index_is_rebuilt_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(0)])

        def crash(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt  # the process dies after the commit, before the index

        monkeypatch.setattr(SearchIndex, "update", crash)
        with pytest.raises(KeyboardInterrupt):
            opened.upsert_many([make_brief(1, body="Lighthouse keepers walked out.")])
        monkeypatch.undo()
    with BriefStore.open(tmp_path) as reopened:
        assert reopened.index_generation == reopened.meta["generation"]
        assert reopened.search("lighthouse").ids == [make_brief(1).id]


def test_temporary_files_of_a_killed_writer_are_removed_on_open(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(0)])
    leftover = tmp_path / "state" / ".00000.json.abc123.tmp"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b'{"state": {"1": ')
    with BriefStore.open(tmp_path) as reopened:
        assert not leftover.exists()
        assert reopened.count() == 1


def test_a_tag_write_is_durable_before_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(0)])
        writes: list[tuple[str, bool, bool]] = []
        real_write = storage.atomic_write_bytes

        def recording(path: Path, data: bytes, *, durable: bool = True,
                      sync_folder: bool = True) -> None:
            writes.append((Path(path).relative_to(tmp_path).as_posix(), durable, sync_folder))
            real_write(path, data, durable=durable, sync_folder=sync_folder)

        monkeypatch.setattr(storage, "atomic_write_bytes", recording)
        opened.add_tags([make_brief(0).id], ["Energy"])
    # The state file's data and rename are synced; meta.json (which only tells
    # other processes what to reload) has its data synced, its rename not.
    assert writes == [("state/00000.json", True, True), ("meta.json", True, False)]


def test_sync_folder_false_syncs_the_data_but_not_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: list[int] = []
    folders: list[Path] = []
    real_fsync = os.fsync
    monkeypatch.setattr(storage.os, "fsync", lambda fd: (files.append(fd), real_fsync(fd)))
    monkeypatch.setattr(storage, "fsync_directory", folders.append)
    storage.atomic_write_bytes(tmp_path / "a.json", b"{}", sync_folder=False)
    assert (len(files), folders) == (1, [])
    storage.atomic_write_bytes(tmp_path / "a.json", b"{}")
    assert (len(files), folders) == (2, [tmp_path])
    storage.atomic_write_bytes(tmp_path / "a.json", b"{}", durable=False)
    assert (len(files), folders) == (2, [tmp_path])
    assert (tmp_path / "a.json").read_bytes() == b"{}"


def test_a_change_syncs_every_staged_file_and_folder_before_its_intent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(0)])
        synced: list[set[str]] = []
        real_sync = storage.sync_paths

        def recording(paths: list[Path]) -> None:
            paths = list(paths)
            # The intent is not written yet: each staged file is still unlisted.
            assert opened.meta["pending"] is None
            synced.append({str(p.relative_to(tmp_path)) for p in paths})
            real_sync(paths)

        monkeypatch.setattr(shardio, "sync_paths", recording)
        opened.upsert_many([make_brief(1), make_brief(2)])
    staged = synced[0]
    assert {"content", "catalog", "quotes"} <= staged  # the folders, for the new names
    assert {p for p in staged if p.endswith(".staged")} == {
        "content/.00000.json.staged", "catalog/.00000.json.staged", "quotes/.00000.json.staged"}
    assert synced[1] == {"content", "catalog", "quotes"}  # after the renames
    assert not list(tmp_path.rglob("*.staged"))


def test_sync_paths_names_the_file_it_could_not_sync(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"1")
    storage.sync_paths([tmp_path / "a", tmp_path])  # files and folders, at once
    with pytest.raises(OSError) as failed:
        storage.sync_paths([tmp_path / "a", tmp_path / "missing"])
    assert str(tmp_path / "missing") in str(failed.value)
