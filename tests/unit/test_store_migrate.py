"""Migration from version 0: one plain-TinyDB ``briefs.json``, as a plain TinyDB user has it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import TinyDB

import store.briefstore as briefstore
import store.opening as opening
from briefs.models import brief_id_for
from store import BriefStore, StoreCorruptError
from store.migrations import SCHEMA_VERSION
from tests.unit.test_store_support import make_brief, snapshot


def write_v0(home: Path, docs: list[dict]) -> Path:
    """A version-0 store written by plain TinyDB (default JSONStorage, one table)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "briefs.json"
    db = TinyDB(path)
    db.insert_multiple(docs)
    db.close()
    return path


def v0_docs(n: int) -> list[dict]:
    docs = [make_brief(i).to_dict() for i in range(n)]
    docs[0].update(tags=["Energy", "harbour"], read=True, starred=True, note="Keep this.")
    docs[1].update(tags=["energy"])
    return docs


def test_a_version_0_store_is_migrated_with_every_brief_and_tag(tmp_path: Path) -> None:
    path = write_v0(tmp_path, v0_docs(12))
    original = path.read_bytes()
    with BriefStore.open(tmp_path) as opened:
        assert opened.count() == 12
        assert opened.meta["schema"] == SCHEMA_VERSION
        first = opened.get(make_brief(0).id)
        assert (first.tags, first.read, first.starred, first.note) == (
            ["Energy", "harbour"], True, True, "Keep this."
        )
        # The same tag keeps one spelling: the one already in the store.
        assert opened.row(make_brief(1).id).tags == ["Energy"]
        for i in range(2, 12):
            assert opened.get(make_brief(i).id) == make_brief(i)
        assert opened.search("item").total == 12
        assert opened.doctor().ok
    assert not path.exists()
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("briefs.json.v0-")
    assert backups[0].read_bytes() == original
    with BriefStore.open(tmp_path) as reopened:  # nothing is migrated twice
        assert reopened.count() == 12
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_version_0_brief_without_an_id_gets_the_id_of_its_text(tmp_path: Path) -> None:
    write_v0(tmp_path, [{"title": "A harbour strike", "body": "Dockers in Brindle stopped."}])
    with BriefStore.open(tmp_path) as opened:
        (row,) = opened.rows()
        assert row.id == brief_id_for("A harbour strike\n\n\n\nDockers in Brindle stopped.")
        assert row.title == "A harbour strike"


@pytest.mark.parametrize(
    "docs",
    [
        [{"id": "a", "title": "Fine"}, {"id": "b", "title": "Bad", "date": "not a date"}],
        [{"id": "a", "title": "Bad tags", "tags": "energy"}],
    ],
)
def test_a_version_0_store_with_a_bad_document_is_refused_untouched(
    tmp_path: Path, docs: list[dict]
) -> None:
    path = write_v0(tmp_path, docs)
    before = snapshot(tmp_path)
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(tmp_path)
    assert caught.value.path == path
    assert "is not a brief" in caught.value.reason
    assert snapshot(tmp_path) == before


def test_a_damaged_version_0_file_is_refused_untouched(tmp_path: Path) -> None:
    path = write_v0(tmp_path, v0_docs(3))
    path.write_bytes(path.read_bytes()[:-10])
    before = snapshot(tmp_path)
    with pytest.raises(StoreCorruptError) as caught:
        BriefStore.open(tmp_path)
    assert caught.value.path == path
    assert snapshot(tmp_path) == before


def test_an_interrupted_migration_resumes_on_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_v0(tmp_path, v0_docs(10))
    monkeypatch.setattr(briefstore, "UPSERT_BATCH", 3)
    original = opening.apply_batch
    calls = {"n": 0}

    def dying(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the process stops in the middle of the migration
        return original(*args, **kwargs)

    monkeypatch.setattr(opening, "apply_batch", dying)
    with pytest.raises(KeyboardInterrupt):
        BriefStore.open(tmp_path)
    monkeypatch.setattr(opening, "apply_batch", original)
    assert (tmp_path / "briefs.json").exists()  # still the source until the end
    with BriefStore.open(tmp_path) as opened:
        assert opened.count() == 10
        assert opened.get(make_brief(0).id).tags == ["Energy", "harbour"]
        assert opened.meta["migration"] is None
        assert opened.doctor().ok
    assert not (tmp_path / "briefs.json").exists()
    assert len(list((tmp_path / "backups").iterdir())) == 1
