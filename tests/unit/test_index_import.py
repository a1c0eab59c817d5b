"""The index writer an import holds open: one commit per import, crashes, other processes.

Every brief here is invented (places and people do not exist).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store import BriefStore
from store.search import engine
from tests.unit.test_store_support import ROOT, make_brief

#: A child that imports batch after batch inside one import, saying after each.
IMPORTER = """
import sys
from store import BriefStore
from tests.unit.test_store_support import make_brief
store = BriefStore.open(sys.argv[1])
with store.importing():
    for batch in range(int(sys.argv[2])):
        store.upsert_many([make_brief(batch * 10 + i) for i in range(10)], batch_size=5)
        print("stored", batch, flush=True)
        if len(sys.argv) > 3:
            sys.stdin.readline()  # wait for the parent between batches
print("indexed", store.index_generation, store.meta["generation"], flush=True)
"""


def _child(home: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", IMPORTER, str(home), *extra], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _all_found(store: BriefStore) -> None:
    ids = {row.id for row in store.rows()}
    assert store.index_generation == store.meta["generation"]
    assert set(store.search("talks", limit=10_000).ids) == ids
    assert store.doctor().ok, store.doctor().lines


def test_an_import_commits_the_index_once_and_is_then_in_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BriefStore.open(tmp_path / "home")
    store.upsert_many([make_brief(0)])
    pointers: list[int] = []
    original = engine.write_pointer

    def counting(folder: Path, directory: str, generation: int) -> None:
        pointers.append(generation)
        original(folder, directory, generation)

    monkeypatch.setattr(engine, "write_pointer", counting)
    store.upsert_many([make_brief(i) for i in range(1, 31)], batch_size=5)  # six batches
    assert pointers == [store.meta["generation"]]  # one publish, at the end
    with store.importing():
        store.upsert_many([make_brief(i) for i in range(31, 41)], batch_size=5)
        store.upsert_many([make_brief(i) for i in range(41, 51)], batch_size=5)
        assert store.index_generation < store.meta["generation"]  # held, not yet committed
        store.add_tags([make_brief(3).id], ["Harbour"])  # a tag write gets in meanwhile
    assert len(pointers) == 2
    _all_found(store)
    assert store.search("tag:harbour", limit=5).ids == [make_brief(3).id]


def test_a_delete_during_an_import_is_indexed_with_it(tmp_path: Path) -> None:
    store = BriefStore.open(tmp_path / "home")
    with store.importing():
        store.upsert_many([make_brief(i) for i in range(10)], batch_size=5)
        store.delete([make_brief(2).id])  # this process's own change: no gap
        store.upsert_many([make_brief(i) for i in range(10, 15)])
    _all_found(store)
    assert make_brief(2).id not in store.search("talks", limit=100).ids


def test_sigkill_during_an_import_leaves_a_store_that_opens_and_an_index_rebuilt(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    BriefStore.open(home).close()
    child = _child(home, "1000")
    assert child.stdout is not None
    for _ in range(3):  # three batches in the store, none committed to the index
        assert child.stdout.readline().startswith("stored")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    pointer = engine.read_pointer(home / "index")
    with BriefStore.open(home) as reopened:
        assert reopened.count() >= 30
        assert pointer is None or pointer["generation"] < reopened.meta["generation"]
        _all_found(reopened)  # detected on open and rebuilt


def test_another_process_waits_for_an_import_and_its_own_change_is_not_lost(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = BriefStore.open(home)
    store.upsert_many([make_brief(500)])
    folder = engine.read_pointer(home / "index")["dir"]  # type: ignore[index]
    child = _child(home, "2", "step")
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline().startswith("stored")
        # The import holds the index's writer: this process neither rebuilds the index
        # (behind the store) nor writes it, on refresh, tag write or import.
        assert store.refresh()
        assert store.count() == 11
        store.add_tags([make_brief(500).id], ["Ferry"])
        store.upsert_many([make_brief(600, title="Ferry strike in Eastmarch")])
        assert engine.read_pointer(home / "index")["dir"] == folder  # type: ignore[index]
        assert store.search("ferry", limit=5).ids == []  # not indexed yet
        report = store.doctor()  # behind, but not stale: the import brings it up
        assert report.ok, report.lines
        assert any("an import is writing it" in line for line in report.lines)
        child.stdin.write("\n\n")
        child.stdin.flush()
        assert child.stdout.readline().startswith("stored")
        # Its import saw the gap this process's import left in the generations, so its
        # commit did not claim to reflect the store; the store rebuilt the index.
        _, index_generation, generation = child.stdout.readline().split()
        assert index_generation == generation
    finally:
        child.kill()
        child.wait()
    store.refresh()
    _all_found(store)  # with this process's brief in
    assert store.search("ferry", limit=5).ids == [make_brief(600).id]


def test_only_briefs_the_store_held_before_are_deleted_from_the_index_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from store.search import writing

    deleted: list[str] = []
    original = writing.Writing._writing

    class Recording:
        def __init__(self, writer: object) -> None:
            self.writer = writer

        def delete_documents_by_term(self, field: str, value: str) -> int:
            deleted.append(value)
            return self.writer.delete_documents_by_term(field, value)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.writer, name)

    @contextmanager
    def recording(self: writing.Writing, defer: bool):  # type: ignore[no-untyped-def]
        with original(self, defer) as writer:
            yield None if writer is None else Recording(writer)

    monkeypatch.setattr(writing.Writing, "_writing", recording)
    with BriefStore.open(tmp_path / "home") as store:
        store.upsert_many([make_brief(i) for i in range(4)], batch_size=2)
        assert deleted == []  # new briefs: nothing of theirs can be in the index
        changed = make_brief(1, body="The ferry to Lunmark was late again.")
        store.upsert_many([changed, make_brief(7)])
        assert deleted == [changed.id]  # the changed one replaces its document
        assert store.search("lunmark").ids == [changed.id]
        assert store.search("talks", limit=50).total == 5
        store.delete([make_brief(2).id])
        assert deleted[-1] == make_brief(2).id
        assert store.search("talks", limit=50).total == 4
