"""Index crash recovery: a SIGKILL during a tantivy commit, damaged files, bounded prefixes.

Every brief here is invented (places and people do not exist).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefs.models import Brief
from store import BriefStore
from store.rows import BriefRow
from store.search import SearchIndex, engine, mapping, parse_query
from tests.unit.test_store_support import ROOT, make_brief

UPDATER = """
import sys, datetime as dt
from briefs.models import Brief
from store.search import SearchIndex
index = SearchIndex(sys.argv[1])
g = index.generation
while True:
    g += 1
    brief = Brief(id=f"k{g}", title=f"Kraken report {g}", date=dt.date(2024, 1, 1),
                  summary="A kraken was seen off Eastmarch, again. " * 20)
    print("start", g, flush=True)
    index.update([brief], g)
    print("done", g, flush=True)
"""


def _brief(i: int) -> Brief:
    return Brief(id=f"k{i}", title=f"Kraken report {i}", date=dt.date(2024, 1, 1),
                 summary="A kraken was seen off Eastmarch, again.")


def test_sigkill_during_index_commits_leaves_an_intact_or_stale_index(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    SearchIndex(folder).rebuild([_brief(0)], 0)
    rng = random.Random(3)
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", UPDATER, str(folder)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        done = -1
        started = time.monotonic()
        # Let a few updates through, then kill it somewhere inside the next one.
        while time.monotonic() - started < 20:
            kind, number = child.stdout.readline().split()
            if kind == "done":
                done = int(number)
            elif done >= 0 and rng.random() < 0.5:
                time.sleep(rng.uniform(0, 0.02))
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # On a loaded machine the kill can land updates later than planned: every
        # "done" still in the pipe was acknowledged before it.
        for line in child.stdout.read().splitlines():
            kind, number = line.split()
            if kind == "done":
                done = max(done, int(number))
        index = SearchIndex(folder)
        if index.generation < 0:  # detected: the store would rebuild it
            index.rebuild([_brief(i) for i in range(done + 1)], done)
        # Acknowledged updates are in; at most the interrupted one more.
        assert index.generation in (done, done + 1)
        # Killed between tantivy's commit and the pointer's, the interrupted update's
        # brief is in while the generation is still the old one: stale, which the
        # store sees (its own generation is ahead) and rebuilds.
        assert len(index) in (index.generation + 1, index.generation + 2)
        results = index.search(parse_query("kraken"), {}, lambda ids: [], limit=5)
        assert results.error is None
        assert index.check() is None


def test_a_store_whose_index_files_are_damaged_rebuilds_it_on_open(tmp_path: Path) -> None:
    store = BriefStore.open(tmp_path / "home")
    store.upsert_many([make_brief(i) for i in range(5)])
    folder = tmp_path / "home" / "index"
    pointer = engine.read_pointer(folder)
    assert pointer is not None
    (folder / pointer["dir"] / "meta.json").write_bytes(b"{trunc")
    store.close()
    reopened = BriefStore.open(tmp_path / "home")
    assert reopened.index_generation == reopened.meta["generation"]
    assert reopened.search("", limit=10).total == 5
    assert len(reopened.search(make_brief(1).title.split()[0], limit=10).hits) >= 1


def test_prefix_expansion_is_bounded_and_says_so(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    briefs = [Brief(id=f"w{i}", title=f"Word ex{i:03d}x", date=dt.date(2024, 1, 1 + i % 28))
              for i in range(40)]
    index = SearchIndex(tmp_path / "index")
    index.rebuild(briefs, 1)
    rows = {b.id: BriefRow.from_brief(b) for b in briefs}
    whole = index.search(parse_query("ex*"), rows, lambda ids: [], limit=100)
    assert whole.total == 40 and not whole.expansion_cut and whole.cut == []
    monkeypatch.setattr(mapping, "MAX_PREFIX_TERMS", 10)
    cut = index.search(parse_query("ex* OR zzz"), rows, lambda ids: [], limit=100)
    assert cut.expansion_cut and cut.cut == ["ex*"]
    assert cut.total == 10  # only the words it expanded to
    assert index.search(parse_query("ex0*"), rows, lambda ids: [], limit=100).cut == ["ex0*"]
    assert not index.search(parse_query("ex00*"), rows, lambda ids: [], limit=100).cut


def test_row_filters_give_the_same_answer_either_way(tmp_path: Path) -> None:
    """The filter fields of the documents and the rows of restated briefs agree."""
    from tests.unit.test_search_index import Fixture, collection

    fx = Fixture(tmp_path / "index", collection())
    queries = ("trade tag:trade", "corvain -tag:labour", "grain is:unread", "talks is:read",
               "valdoria source:herald", "tariffs speaker:kestrel sort:date", "grain -is:starred")
    small = {q: fx.search(q) for q in queries}  # answered by the documents' filter fields
    fx.index.restate([(None, row) for row in fx.rows.values()])  # the rows answer for all
    for q in queries:
        assert fx.search(q).ids == small[q].ids, q
        assert fx.search(q).total == small[q].total, q
    assert small["trade tag:trade"].ids == ["a1"]
    assert set(small["grain is:unread"].ids) == {"a1", "e5"}
    assert small["talks is:read"].ids == ["b2"]


def test_restated_briefs_outlive_the_process_until_a_rebuild(tmp_path: Path) -> None:
    """A tag write's record is on disk: a new process sees it; a rebuild folds it in."""
    import dataclasses

    from tests.unit.test_search_index import Fixture, collection

    fx = Fixture(tmp_path / "index", collection())
    fx.index.restate([(None, fx.rows["e5"])])
    rows = dict(fx.rows)
    rows["e5"] = dataclasses.replace(rows["e5"], tags=["Trade"])
    again = SearchIndex(tmp_path / "index")
    assert set(again.search(parse_query("grain tag:trade"), rows, fx.load, limit=9).ids) == {
        "a1", "e5"}
    fx.briefs["e5"] = dataclasses.replace(fx.briefs["e5"], tags=["Trade"])
    again.rebuild(list(fx.briefs.values()), 2)
    assert again.restated() == frozenset()
    assert set(SearchIndex(tmp_path / "index").search(
        parse_query("grain tag:trade"), fx.rows, fx.load, limit=9).ids) == {"a1", "e5"}


def test_row_filters_follow_changed_rows(tmp_path: Path) -> None:
    """A tag or state write replaces a row: the filters learn just that row again."""
    import dataclasses

    from tests.unit.test_search_index import Fixture, collection

    fx = Fixture(tmp_path / "index", collection())
    rows = dict(fx.rows)
    queries = ("tag:trade", "grain tag:trade", "grain -tag:trade", "talks is:read",
               "grain is:starred", "tag:labour OR tariffs", "-is:unread")

    def answers() -> dict[str, list[str]]:
        return {q: fx.index.search(parse_query(q), rows, fx.load, limit=50).ids
                for q in queries}

    before = answers()
    assert before["grain tag:trade"] == ["a1"]
    # As the store does before a tag or state write:
    fx.index.restate([(None, rows["e5"]), (None, rows["a1"])])
    rows["e5"] = dataclasses.replace(rows["e5"], tags=["Trade"], starred=True)
    rows["a1"] = dataclasses.replace(rows["a1"], tags=[], read=True)
    after = answers()
    fresh = {q: fx.index.search(parse_query(q), rows, fx.load, limit=50).ids for q in queries}
    assert after == fresh
    assert after["grain tag:trade"] == ["e5"] and after["grain is:starred"] == ["e5"]
    assert set(after["talks is:read"]) == {"a1", "b2"}
    assert after != before


def test_tag_and_state_writes_reach_the_next_process(tmp_path: Path) -> None:
    """The store tells the index before a tag or read write; a reopened store sees it."""
    home = tmp_path / "home"
    briefs = [make_brief(i) for i in range(6)]
    with BriefStore.open(home) as store:
        store.upsert_many(briefs)
        store.add_tags([briefs[2].id], ["Later"])
        store.set_read([briefs[4].id], True)
        assert store.search("tag:later", limit=9).ids == [briefs[2].id]
    with BriefStore.open(home) as store:  # a new process reads index/restated
        assert store.search("talks tag:later", limit=9).ids == [briefs[2].id]
        assert store.search("harbour is:read", limit=9).ids == [briefs[4].id]
        store.remove_tags([briefs[2].id], ["later"])
        assert store.search("tag:later", limit=9).ids == []
        assert len(store.search("talks -is:read", limit=9).ids) == 5
        store.reindex()
        assert store.search("harbour is:read", limit=9).ids == [briefs[4].id]
    assert (home / "index" / "restated").read_bytes() == b""
