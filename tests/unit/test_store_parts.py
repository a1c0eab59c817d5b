"""The store's public lock, its small tables, and long jobs that let short ones in."""

from __future__ import annotations

import ast
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb import TinyDB

from briefs.models import Brief
from store import BriefStore, SmallTable
from store.search import SearchIndex
from store.shardio import ShardFiles
from tests.unit.test_store_support import ROOT, make_brief, run_python

STORE = ROOT / "store"

OTHER_PROCESS_TABLE = """
import sys
from store import BriefStore
with BriefStore.open(sys.argv[1]) as store:
    store.table("feeds").change(lambda docs: docs.append({"url": "http://127.0.0.1/other"}))
"""


def test_a_small_table_is_a_plain_tinydb_file_written_under_the_lock(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as store:
        feeds = store.table("feeds")
        assert isinstance(feeds, SmallTable)
        assert feeds.documents() == []
        seq = store.meta["seq"]
        feeds.change(lambda docs: docs.append({"url": "http://127.0.0.1/a"}))
        assert feeds.documents() == [{"url": "http://127.0.0.1/a"}]
        assert store.meta["seq"] == seq + 1  # the write was committed in meta.json
        feeds.documents()[0]["url"] = "changed"  # a copy
        assert feeds.documents() == [{"url": "http://127.0.0.1/a"}]
        unchanged = store.meta["seq"]
        assert feeds.change(lambda docs: len(docs)) == 1
        assert store.meta["seq"] == unchanged  # nothing changed, nothing written
    assert TinyDB(tmp_path / "feeds.json").table("feeds").all() == [{"url": "http://127.0.0.1/a"}]


def test_another_process_sees_a_small_table_change_after_refresh(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as store:
        feeds = store.table("feeds")
        assert feeds.documents() == []
        run_python(OTHER_PROCESS_TABLE, str(tmp_path))
        assert store.refresh()
        assert feeds.documents() == [{"url": "http://127.0.0.1/other"}]
        # A change here starts from what the other process wrote.
        feeds.change(lambda docs: docs.append({"url": "http://127.0.0.1/b"}))
        assert [d["url"] for d in feeds.documents()] == [
            "http://127.0.0.1/other", "http://127.0.0.1/b"]


def test_the_lock_keeps_other_threads_out_and_is_reentrant(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as store:
        store.upsert_many([make_brief(0)])
        done = threading.Event()

        def tag() -> None:
            store.add_tags([make_brief(0).id], ["later"])
            done.set()

        with store.locked(), store.write_lock():
            worker = threading.Thread(target=tag)
            worker.start()
            assert not done.wait(0.3)  # waits for the lock
            assert store.row(make_brief(0).id).tags == []
        worker.join(10)
        assert done.is_set() and store.row(make_brief(0).id).tags == ["later"]


def test_a_tag_write_gets_in_while_the_index_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as store:
        store.upsert_many([make_brief(i) for i in range(70)])  # two content files
        original = ShardFiles.iter_briefs
        written: list[bool] = []

        def slow(self: ShardFiles, versions: dict, state_of: object) -> Iterator[Brief]:
            for n, brief in enumerate(original(self, versions, state_of)):  # type: ignore[arg-type]
                if n == 1:
                    # Half-way through the rebuild, another thread tags a brief.
                    worker = threading.Thread(
                        target=lambda: store.add_tags([make_brief(3).id], ["mid-rebuild"])
                    )
                    worker.start()
                    worker.join(10)
                    written.append(not worker.is_alive())
                yield brief

        monkeypatch.setattr(ShardFiles, "iter_briefs", slow)
        assert store.reindex() == 70
        assert written == [True]
        monkeypatch.undo()
        assert store.row(make_brief(3).id).tags == ["mid-rebuild"]
        assert store.index_generation == store.meta["generation"]
        assert store.doctor().ok


def test_a_content_change_during_a_rebuild_reaches_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as store:
        store.upsert_many([make_brief(i) for i in range(3)])
        original = ShardFiles.iter_briefs
        new = make_brief(9, body="The lighthouse keepers walked out.")

        def racing(self: ShardFiles, versions: dict, state_of: object) -> Iterator[Brief]:
            briefs = list(original(self, versions, state_of))  # type: ignore[arg-type]
            # Another thread imports while the index is being rebuilt; it waits
            # for the index (not the other way round), so nothing deadlocks.
            worker = threading.Thread(target=lambda: store.upsert_many([new]))
            worker.start()
            yield from briefs

        monkeypatch.setattr(ShardFiles, "iter_briefs", racing)
        store.reindex()
        monkeypatch.undo()
        store.upsert_many([])
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join(20)
        assert store.search("lighthouse").ids == [new.id]
        assert store.index_generation == store.meta["generation"]


def test_a_tag_write_at_the_very_start_of_a_reindex_stays_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race: a tag write lists its brief in index/restated, the rebuild starts
    # and reads the brief's old state, then the tag write finishes. Publishing the
    # rebuild must not drop that listing, or `tag:late` misses the brief for good.
    with BriefStore.open(tmp_path) as store:
        store.upsert_many([make_brief(i) for i in range(3)])
        target = make_brief(1).id
        listed, rebuilt = threading.Event(), threading.Event()
        restate, rebuild = SearchIndex.restate, SearchIndex.rebuild

        def listing_then_waiting(self: SearchIndex, changes: list) -> object:
            undo = restate(self, changes)
            listed.set()  # listed; its state file and rows are written after the rebuild
            assert rebuilt.wait(20)
            return undo

        def rebuilding_meanwhile(self: SearchIndex, *args: object, **kwargs: object) -> None:
            worker.start()
            assert listed.wait(20)
            try:
                rebuild(self, *args, **kwargs)  # type: ignore[arg-type]
            finally:
                rebuilt.set()

        worker = threading.Thread(target=lambda: store.add_tags([target], ["late"]))
        monkeypatch.setattr(SearchIndex, "restate", listing_then_waiting)
        monkeypatch.setattr(SearchIndex, "rebuild", rebuilding_meanwhile)
        assert store.reindex() == 3
        worker.join(20)
        monkeypatch.undo()
        assert store.row(target).tags == ["late"]
        assert store.search("tag:late").ids == [target]


def _class_lengths(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: (node.end_lineno or 0) - node.lineno + 1
            for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}


def test_the_store_modules_stay_small() -> None:
    # store/search/ is the search index's own room (docs/search-design.md).
    too_long = []
    for path in sorted(STORE.glob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 400:
            too_long.append(f"{path.name}: {lines} lines")
        too_long += [f"{path.name}: class {name} has {n} lines"
                     for name, n in _class_lengths(path).items() if n > 300]
    assert too_long == []


def test_no_store_part_reaches_into_another_ones_private_state() -> None:
    # Inside store/, ``x._name`` is only ever ``self._name``, ``cls._name``, or on
    # an object a classmethod has just made with ``cls(...)``.
    offenders = []
    for path in sorted(STORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {"self", "cls"} | {
            target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "cls"
            for target in node.targets if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in own)):
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert offenders == []
