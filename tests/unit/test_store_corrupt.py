"""Damaged files and newer schemas: a clear error naming the file, and not one byte written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from store import BriefStore, StoreCorruptError, StoreVersionError
from tests.unit.test_store_support import make_brief, snapshot

DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"\x00\x17not json at all\xff",
    "empty": lambda data: b"",
    "a list": lambda data: b"[1, 2, 3]",
}

WRONG_SHAPE = {
    "meta.json": {"store": {"1": {"schema": 1, "seq": "many"}}},
    "catalog/00000.json": {"rows": {"1": {"id": 42, "title": None}}},
    "state/00000.json": {"state": {"not-a-doc-id": {"tags": []}}},
    "saved.json": {"saved_searches": {"1": "just a string"}},
}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    with BriefStore.open(tmp_path) as opened:
        opened.upsert_many([make_brief(i) for i in range(3)])
        opened.add_tags([make_brief(0).id], ["Energy"])
        opened.save_search("talks", "harbour talks")
    return tmp_path


@pytest.mark.parametrize("name", ["meta.json", "catalog/00000.json", "state/00000.json"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_file_is_named_and_left_untouched(home: Path, name: str, damage: str) -> None:
    path = home / name
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    before = snapshot(home)
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(home)
    assert caught.value.path == path
    assert str(path) in str(caught.value) and "left untouched" in str(caught.value)
    assert snapshot(home) == before


@pytest.mark.parametrize("name", ["meta.json", "catalog/00000.json", "state/00000.json"])
def test_a_file_of_the_wrong_shape_is_named_and_left_untouched(home: Path, name: str) -> None:
    path = home / name
    path.write_bytes(orjson.dumps(WRONG_SHAPE[name]))
    before = snapshot(home)
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(home)
    assert caught.value.path == path
    assert "wrong shape" in caught.value.reason or "not a TinyDB document" in caught.value.reason
    assert snapshot(home) == before


def test_a_store_without_its_meta_file_is_not_started_afresh(home: Path) -> None:
    (home / "meta.json").unlink()
    before = snapshot(home)
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(home)
    assert caught.value.path == home / "meta.json"
    assert snapshot(home) == before


def test_a_missing_listed_file_is_reported(home: Path) -> None:
    (home / "catalog" / "00000.json").unlink()
    with pytest.raises(StoreCorruptError, match="missing"):
        BriefStore.open(home)


def test_a_damaged_article_file_is_found_when_read_and_stops_all_writing(home: Path) -> None:
    opened = BriefStore.open(home)  # articles are read on demand: opening works
    path = home / "content" / "00000.json"
    path.write_bytes(b'{"briefs": {"1": {"id": "x", "ti')
    before = snapshot(home)
    with pytest.raises(StoreCorruptError) as caught:
        opened.get(make_brief(1).id)
    assert caught.value.path == path
    assert [r.id for r in opened.rows()]  # the list still shows
    with pytest.raises(StoreCorruptError):
        opened.add_tags([make_brief(2).id], ["later"])
    with pytest.raises(StoreCorruptError):
        opened.upsert_many([make_brief(9)])
    assert snapshot(home) == before
    report = opened.doctor()
    assert not report.ok
    assert any(str(path) in line for line in report.lines)
    assert snapshot(home) == before


def test_damaged_saved_searches_are_named(home: Path) -> None:
    path = home / "saved.json"
    path.write_bytes(orjson.dumps(WRONG_SHAPE["saved.json"]))
    before = snapshot(home)
    opened = BriefStore.open(home)
    with pytest.raises(StoreCorruptError) as caught:
        opened.saved_searches()
    assert caught.value.path == path
    assert snapshot(home) == before


def test_a_store_from_a_newer_version_is_refused_untouched(home: Path) -> None:
    path = home / "meta.json"
    data = orjson.loads(path.read_bytes())
    data["store"]["1"]["schema"] = 99
    data["store"]["1"]["something_new"] = {"shape": "unknown"}
    path.write_bytes(orjson.dumps(data))
    before = snapshot(home)
    with pytest.raises(StoreVersionError) as caught:
        BriefStore.open(home)
    assert (caught.value.found, caught.value.path) == (99, path)
    assert "Upgrade Briefs" in str(caught.value)
    assert snapshot(home) == before


def _rewrite(path: Path, change: Callable[[dict], None]) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def test_an_article_document_of_the_wrong_shape_is_named(home: Path) -> None:
    path = home / "content" / "00000.json"
    _rewrite(path, lambda d: d["briefs"].update(
        {k: {"title": ["not", "a", "title"], "quotes": "nor quotes"} for k in d["briefs"]}))
    before = snapshot(home)
    opened = BriefStore.open(home)
    with pytest.raises(StoreCorruptError) as caught:
        opened.get(make_brief(1).id)
    assert caught.value.path == path and "wrong shape" in caught.value.reason
    with pytest.raises(StoreCorruptError):
        opened.add_tags([make_brief(1).id], ["later"])
    assert snapshot(home) == before


def test_an_article_file_holding_another_brief_is_named(home: Path) -> None:
    path = home / "content" / "00000.json"
    _rewrite(path, lambda d: d["briefs"]["1"].update(id="someone-else"))
    with pytest.raises(StoreCorruptError, match="someone-else") as caught:
        BriefStore.open(home).get(make_brief(0).id)
    assert caught.value.path == path


def test_search_names_a_damaged_article_file(home: Path) -> None:
    path = home / "content" / "00000.json"
    path.write_bytes(b'{"briefs": ')
    before = snapshot(home)
    opened = BriefStore.open(home)
    with pytest.raises(StoreCorruptError) as caught:
        opened.search("negotiators")
    assert caught.value.path == path
    assert opened.search('"unclosed').error  # a bad query is still an answer, not an error
    assert snapshot(home) == before


def test_a_quotes_document_of_the_wrong_shape_is_named(home: Path) -> None:
    path = home / "quotes" / "00000.json"
    _rewrite(path, lambda d: d["quotes"]["1"].update(quotes="not a list of pairs"))
    before = snapshot(home)
    opened = BriefStore.open(home)
    with pytest.raises(StoreCorruptError) as caught:
        opened.quotes()
    assert caught.value.path == path and "document 1" in caught.value.reason
    assert snapshot(home) == before
