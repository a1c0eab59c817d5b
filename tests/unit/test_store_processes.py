"""Several processes on one store: no write lost, and each sees the others' changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import filelock
import pytest

from store import BriefStore, StoreLockedError
from tests.unit.test_store_support import ROOT, make_brief, run_python

TAGGER = """
import sys
from store import BriefStore
home, brief_id, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with BriefStore.open(home) as store:
    for k in range(count):
        store.add_tags([brief_id], [f"{prefix}{k}"])
"""

CHANGER = """
import sys
from store import BriefStore
from tests.unit.test_store_support import make_brief
with BriefStore.open(sys.argv[1]) as store:
    store.add_tags([make_brief(0).id], ["from-elsewhere"])
    store.upsert_many([make_brief(50, body="The lighthouse keepers walked out.")])
    store.delete([make_brief(1).id])
    store.save_search("keepers", "lighthouse")
"""


def test_two_processes_tagging_at_once_lose_no_write(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as setup:
        # Two briefs whose reading state lives in the same state file.
        setup.upsert_many([make_brief(0), make_brief(1)])
    count = 25
    children = [
        subprocess.Popen(
            [sys.executable, "-c", TAGGER, str(tmp_path), make_brief(i).id, f"p{i}-", str(count)],
            cwd=ROOT, stderr=subprocess.PIPE, text=True,
        )
        for i in (0, 1)
    ]
    for child in children:
        _, stderr = child.communicate(timeout=60)
        assert child.returncode == 0, stderr
    with BriefStore.open(tmp_path) as reopened:
        for i in (0, 1):
            assert reopened.row(make_brief(i).id).tags == [f"p{i}-{k}" for k in range(count)]


def test_refresh_sees_what_another_process_changed(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as app:
        app.upsert_many([make_brief(0), make_brief(1)])
        app.get(make_brief(0).id)  # its shard is now cached
        assert app.refresh() is False  # nothing changed: a stat, no reload
        run_python(CHANGER, str(tmp_path))
        assert app.refresh() is True
        assert app.refresh() is False
        assert app.row(make_brief(0).id).tags == ["from-elsewhere"]
        assert {r.id for r in app.rows()} == {make_brief(0).id, make_brief(50).id}
        assert app.get(make_brief(50).id).body == "The lighthouse keepers walked out."
        assert app.search("lighthouse").ids == [make_brief(50).id]
        assert app.saved_searches() == {"keepers": "lighthouse"}
        # Our next write starts from the other process's state, not from a stale copy.
        app.add_tags([make_brief(0).id], ["mine"])
    with BriefStore.open(tmp_path) as reopened:
        assert reopened.row(make_brief(0).id).tags == ["from-elsewhere", "mine"]


def test_a_write_without_refresh_still_sees_the_other_process_first(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as app:
        app.upsert_many([make_brief(0), make_brief(1)])
        run_python(CHANGER, str(tmp_path))
        app.add_tags([make_brief(0).id], ["mine"])  # re-reads the changed state file first
        assert app.row(make_brief(0).id).tags == ["from-elsewhere", "mine"]
        assert app.count() == 2


BATCH_IMPORTER = """
import sys
from store import BriefStore
from tests.unit.test_store_support import make_brief
with BriefStore.open(sys.argv[1]) as store:
    for batch in range(8):
        store.upsert_many([make_brief(100 + batch * 10 + k) for k in range(10)])
"""


def test_an_import_in_another_process_while_tagging_here_loses_nothing(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as app:
        app.upsert_many([make_brief(i) for i in range(5)])
        child = subprocess.Popen(
            [sys.executable, "-c", BATCH_IMPORTER, str(tmp_path)],
            cwd=ROOT, stderr=subprocess.PIPE, text=True,
        )
        k = 0
        while child.poll() is None or k < 20:
            app.add_tags([make_brief(k % 5).id], [f"tag{k}"])
            app.refresh()
            k += 1
        assert child.wait(timeout=60) == 0, child.stderr.read() if child.stderr else ""
        app.refresh()
        assert app.count() == 85
    with BriefStore.open(tmp_path) as reopened:
        assert reopened.count() == 85
        for i in range(k):
            assert f"tag{i}" in reopened.row(make_brief(i % 5).id).tags
        assert reopened.search("negotiators").total == 85


def test_a_lock_held_too_long_gives_a_clear_error(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path, lock_timeout=0.2) as app:
        app.upsert_many([make_brief(0)])
        other = filelock.FileLock(tmp_path / ".lock", thread_local=False)
        with other, pytest.raises(StoreLockedError, match="another Briefs process"):
            app.add_tags([make_brief(0).id], ["late"])
        app.add_tags([make_brief(0).id], ["in time"])  # free again
        assert app.row(make_brief(0).id).tags == ["in time"]
