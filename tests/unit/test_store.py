"""BriefStore: every public method, on small stores in tmp_path."""

from __future__ import annotations

import datetime as dt
import gc
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.table import Document

import store.catalog as catalog
import store.engine as engine
import store.shardio as shardio
from briefs.models import Brief, Quote
from store import (
    AmbiguousIdError,
    BriefNotFoundError,
    BriefRow,
    BriefStore,
    QuoteRow,
    SearchResults,
    StoreError,
    resolve_home,
)
from store.migrations import SCHEMA_VERSION
from tests.unit.test_store_support import make_brief


@pytest.fixture
def store(tmp_path: Path) -> BriefStore:
    opened = BriefStore.open(tmp_path / "home")
    yield opened
    opened.close()


def fill(store: BriefStore, n: int = 5) -> list[Brief]:
    briefs = [make_brief(i) for i in range(n)]
    store.upsert_many(briefs)
    return briefs


# --- opening -----------------------------------------------------------------------


def test_a_new_store_records_its_schema_version_in_a_plain_tinydb_file(tmp_path: Path) -> None:
    BriefStore.open(tmp_path / "new").close()
    meta = TinyDB(tmp_path / "new" / "meta.json").table("store").get(doc_id=1)
    assert meta["schema"] == SCHEMA_VERSION


def test_open_without_create_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no Briefs store"):
        BriefStore.open(tmp_path / "absent", create=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="no Briefs store"):
        BriefStore.open(tmp_path / "empty", create=False)
    assert list((tmp_path / "empty").iterdir()) == []  # not even a lock file (issue 14.9)


def test_the_store_is_a_context_manager_and_refuses_use_once_closed(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as opened:
        assert opened.home == tmp_path
        fill(opened, 1)
    with pytest.raises(StoreError, match="closed"):
        opened.rows()
    with pytest.raises(StoreError, match="closed"):
        opened.add_tags([make_brief(0).id], ["x"])


def test_every_store_file_is_a_valid_tinydb_database(store: BriefStore) -> None:
    fill(store, 3)
    store.add_tags([make_brief(0).id], ["energy"])
    store.save_search("talks", "harbour talks")
    files = [p for p in store.home.rglob("*.json") if "index" not in p.parts]
    assert {p.parent.name for p in files} >= {"content", "catalog", "quotes", "state", "home"}
    for path in files:
        db = TinyDB(path)
        assert db.tables(), path
        for name in db.tables():
            assert all(isinstance(doc.doc_id, int) for doc in db.table(name).all())
        db.close()


# --- upsert, re-import -----------------------------------------------------------------


def test_upsert_reports_imported_updated_and_unchanged(store: BriefStore) -> None:
    first = store.upsert_many([make_brief(0), make_brief(1)])
    assert first.imported == [make_brief(0).id, make_brief(1).id]
    assert first.updated == first.unchanged == []
    again = store.upsert_many([make_brief(0), make_brief(1, body="A corrected body.")])
    assert again.unchanged == [make_brief(0).id]
    assert again.updated == [make_brief(1).id]
    assert store.get(make_brief(1).id).body == "A corrected body."
    assert store.count() == 2


def test_re_import_updates_content_and_keeps_the_readers_state(store: BriefStore) -> None:
    brief = make_brief(0)
    store.upsert_many([brief])
    store.add_tags([brief.id], ["Harbour"])
    store.set_read([brief.id], True)
    store.set_starred([brief.id], True)
    store.set_note(brief.id, "Check the second meeting.")
    # The re-imported file carries no state (or other state): the reader's is kept.
    changed = make_brief(0, title="Harbour talks resume", tags=["other"], read=False)
    report = store.upsert_many([changed])
    assert report.updated == [brief.id]
    got = store.get(brief.id)
    assert got.title == "Harbour talks resume"
    assert (got.tags, got.read, got.starred, got.note) == (
        ["Harbour"], True, True, "Check the second meeting."
    )
    row = store.row(brief.id)
    assert (row.title, row.tags, row.read, row.starred, row.has_note) == (
        "Harbour talks resume", ["Harbour"], True, True, True
    )


def test_a_new_brief_keeps_the_state_it_arrives_with(store: BriefStore) -> None:
    store.upsert_many([make_brief(0, tags=["Energy"], read=True, note="from the file")])
    got = store.get(make_brief(0).id)
    assert (got.tags, got.read, got.note) == (["Energy"], True, "from the file")


def test_the_same_id_twice_in_one_call(store: BriefStore) -> None:
    report = store.upsert_many([make_brief(0), make_brief(0), make_brief(0, body="Later.")])
    assert report.imported == [make_brief(0).id]
    assert report.unchanged == [make_brief(0).id]
    assert report.updated == [make_brief(0).id]
    assert store.count() == 1
    assert store.get(make_brief(0).id).body == "Later."


def test_upsert_works_in_batches_from_any_iterable(store: BriefStore) -> None:
    report = store.upsert_many((make_brief(i) for i in range(23)), batch_size=5)
    assert len(report.imported) == 23
    assert store.count() == 23
    assert store.meta["seq"] >= 5  # one commit per batch


def test_upsert_refuses_what_is_not_a_brief(store: BriefStore) -> None:
    with pytest.raises(TypeError):
        store.upsert_many([{"id": "x"}])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="no id"):
        store.upsert_many([Brief(id="", title="Nameless")])
    assert store.count() == 0


def test_text_is_stored_without_control_characters(store: BriefStore) -> None:
    store.upsert_many([make_brief(0, title="Talks\x1b[31m resume\x07", body="Line\x00 one")])
    store.set_note(make_brief(0).id, "note\x1b]0;title\x07 here\x9b")
    got = store.get(make_brief(0).id)
    assert (got.title, got.body, got.note) == ("Talks resume", "Line one", "note here")
    assert store.row(got.id).title == "Talks resume"


# --- reading -----------------------------------------------------------------------------


def test_get_by_full_id_or_unique_prefix(store: BriefStore) -> None:
    store.upsert_many([make_brief(0, id="abc123"), make_brief(1, id="abd456")])
    assert store.get("abc123").id == "abc123"
    assert store.get("abc").id == "abc123"
    assert store.resolve_id("abd") == "abd456"
    with pytest.raises(AmbiguousIdError) as ambiguous:
        store.get("ab")
    assert ambiguous.value.matches == ["abc123", "abd456"]
    with pytest.raises(BriefNotFoundError):
        store.get("zzz")
    with pytest.raises(BriefNotFoundError):
        store.resolve_id("")


def test_get_many_keeps_the_order_and_skips_unknown_ids(store: BriefStore) -> None:
    briefs = fill(store, 4)
    got = store.get_many([briefs[2].id, "nope", briefs[0].id])
    assert [b.id for b in got] == [briefs[2].id, briefs[0].id]
    assert got[0] == briefs[2]


def test_rows_are_newest_first_with_undated_briefs_last(store: BriefStore) -> None:
    store.upsert_many([
        make_brief(0, date=dt.date(2023, 5, 1)),
        make_brief(1, date=None),
        make_brief(2, date=dt.date(2024, 5, 1)),
        make_brief(3, date=dt.date(2023, 5, 1), title="A same-day brief"),
    ])
    rows = store.rows()
    assert all(isinstance(r, BriefRow) for r in rows)
    assert [r.id for r in rows] == [make_brief(i).id for i in (2, 3, 0, 1)]
    assert store.count() == 4
    assert store.list() == rows
    rows.clear()  # the caller's copy: the store's own list is untouched
    assert store.count() == len(store.rows()) == 4


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.dates()), st.sampled_from(["a", "B", "b", "Ä"]),
                          st.text("0123", min_size=1, max_size=3)), max_size=40))
def test_the_fast_sort_is_the_rows_own_order(specs: list) -> None:
    rows = [BriefRow(id=i, title=t, date=d) for d, t, i in specs]
    random.Random(len(rows)).shuffle(rows)
    expected = sorted(rows, key=BriefRow.sort_key_newest_first)
    assert catalog.newest_first(rows) == expected


def test_a_large_load_is_hidden_from_the_garbage_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with BriefStore.open(tmp_path) as opened:
        fill(opened, 3)
    monkeypatch.setattr(engine, "GC_FREEZE_MIN_ROWS", 0)
    try:
        frozen = gc.get_freeze_count()
        with BriefStore.open(tmp_path) as reopened:
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen
            assert len(reopened.rows()) == 3
    finally:
        gc.unfreeze()


def test_rows_follow_changes(store: BriefStore) -> None:
    fill(store, 3)
    store.upsert_many([make_brief(0, date=dt.date(2030, 1, 1))])
    assert store.rows()[0].id == make_brief(0).id
    store.set_read([make_brief(1).id], True)
    assert store.row(make_brief(1).id).read is True
    store.delete([make_brief(2).id])
    assert [r.id for r in store.rows()] == [make_brief(0).id, make_brief(1).id]


def test_list_by_tag_compares_tags_case_insensitively(store: BriefStore) -> None:
    fill(store, 4)
    store.add_tags([make_brief(1).id, make_brief(3).id], ["Energy"])
    assert [r.id for r in store.list(tag="energy")] == [make_brief(3).id, make_brief(1).id]
    assert [r.id for r in store.list(tag="#ENERGY")] == [make_brief(3).id, make_brief(1).id]
    assert store.list(tag="missing") == []


# --- reading state -------------------------------------------------------------------------


def test_edit_tags_adds_and_removes_case_insensitively(store: BriefStore) -> None:
    a, b = fill(store, 2)
    store.edit_tags([a.id, b.id], add=["Energy", "trade"])
    assert store.row(a.id).tags == ["Energy", "trade"]
    store.edit_tags([a.id], add=["ENERGY", "Water"], remove=["TRADE"])
    assert store.row(a.id).tags == ["Energy", "Water"]
    store.remove_tags([b.id], ["energy", "absent"])
    assert store.row(b.id).tags == ["trade"]


def test_an_added_tag_takes_the_spelling_already_in_the_store(store: BriefStore) -> None:
    a, b, c = fill(store, 3)
    store.add_tags([a.id], ["Diplomacy"])
    store.add_tags([b.id], ["DIPLOMACY", "  new-tag "])
    assert store.row(b.id).tags == ["Diplomacy", "new-tag"]
    store.upsert_many([make_brief(9, tags=["diplomacy"])])
    assert store.row(make_brief(9).id).tags == ["Diplomacy"]
    assert c.id not in {r.id for r in store.list(tag="diplomacy")}


def test_tag_counts_are_sorted_by_folded_name(store: BriefStore) -> None:
    a, b, c = fill(store, 3)
    store.add_tags([a.id, b.id, c.id], ["zeta"])
    store.add_tags([a.id], ["Élan", "alpha"])
    store.add_tags([b.id], ["Beta"])
    assert list(store.tag_counts().items()) == [
        ("alpha", 1), ("Beta", 1), ("Élan", 1), ("zeta", 3),
    ]
    store.remove_tags([a.id, b.id, c.id], ["ZETA"])
    assert "zeta" not in store.tag_counts()


def test_flags_and_note(store: BriefStore) -> None:
    a, b = fill(store, 2)
    store.set_read([a.id, b.id], True)
    store.set_starred([b.id], True)
    store.set_note(a.id, "  Follow the harbour dispute.  ")
    assert [(r.read, r.starred, r.has_note) for r in store.rows()] == [
        (True, True, False), (True, False, True)
    ]
    assert store.get(a.id).note == "Follow the harbour dispute."
    store.set_read([a.id], False)
    store.set_note(a.id, "")
    assert (store.row(a.id).read, store.row(a.id).has_note, store.get(a.id).note) == (
        False, False, ""
    )


def test_state_edits_on_unknown_ids_change_nothing(store: BriefStore) -> None:
    a = fill(store, 1)[0]
    seq = store.meta["seq"]
    with pytest.raises(BriefNotFoundError):
        store.add_tags([a.id, "unknown"], ["x"])
    assert store.row(a.id).tags == []
    store.add_tags([a.id], [])  # nothing to do: nothing is written
    assert store.meta["seq"] == seq


def test_a_tag_write_rewrites_only_small_files(store: BriefStore) -> None:
    fill(store, 70)  # two content shards
    before = {p: p.stat().st_mtime_ns for p in store.home.rglob("*.json")}
    store.add_tags([make_brief(3).id], ["energy"])
    changed = {p.relative_to(store.home).as_posix()
               for p in store.home.rglob("*.json") if before.get(p) != p.stat().st_mtime_ns}
    assert changed == {"meta.json", "state/00000.json"}


# --- delete and restore ---------------------------------------------------------------------


def test_delete_returns_the_briefs_with_state_and_restore_puts_them_back(
    store: BriefStore,
) -> None:
    briefs = fill(store, 3)
    store.add_tags([briefs[1].id], ["Energy"])
    store.set_starred([briefs[1].id], True)
    deleted = store.delete([briefs[1].id[:6], briefs[2].id])
    assert [b.id for b in deleted] == [briefs[1].id, briefs[2].id]
    assert deleted[0].tags == ["Energy"] and deleted[0].starred
    assert store.count() == 1
    with pytest.raises(BriefNotFoundError):
        store.get(briefs[1].id)
    assert store.search("item 1").ids == []
    store.restore(deleted)
    assert store.count() == 3
    assert store.get(briefs[1].id) == deleted[0]
    assert store.row(briefs[1].id).tags == ["Energy"]
    assert briefs[1].id in store.search("item").ids


# --- quotes ------------------------------------------------------------------------------------


def test_quotes_lists_every_statement_newest_first_and_filters_by_speaker(
    store: BriefStore,
) -> None:
    store.upsert_many([
        make_brief(0),  # Amara Brisco
        make_brief(1, quotes=[Quote("First words", speaker="Élodie Varnell"),
                              Quote("Unattributed words"),
                              Quote("Second words", speaker="Élodie Varnell")]),
        make_brief(2, quotes=[]),
    ])
    every = store.quotes()
    assert all(isinstance(q, QuoteRow) for q in every)
    assert [q.text for q in every] == [
        "First words", "Unattributed words", "Second words", "We will keep talking about item 0",
    ]
    first = every[0]
    assert (first.brief_id, first.date, first.title, first.speaker) == (
        make_brief(1).id, make_brief(1).date, make_brief(1).title, "Élodie Varnell"
    )
    assert [q.text for q in store.quotes(speaker="ELODIE")] == ["First words", "Second words"]
    assert [q.speaker for q in store.quotes(speaker="brisco")] == ["Amara Brisco"]
    assert store.quotes(speaker="nobody") == []


def test_quotes_follow_updates(store: BriefStore) -> None:
    fill(store, 1)
    store.upsert_many([make_brief(0, quotes=[Quote("New words", speaker="Joram Kestrel")])])
    assert [(q.text, q.speaker) for q in store.quotes()] == [("New words", "Joram Kestrel")]


# --- search --------------------------------------------------------------------------------------


def test_search_delegates_to_the_index_and_never_raises_on_a_bad_query(store: BriefStore) -> None:
    fill(store, 3)
    results = store.search("item")
    assert isinstance(results, SearchResults)
    assert set(results.ids) == {make_brief(i).id for i in range(3)}
    bad = store.search('"unclosed')
    assert bad.error and bad.hits == []


def test_search_sees_imports_updates_and_tags(store: BriefStore) -> None:
    fill(store, 2)
    store.upsert_many([make_brief(1, body="The lighthouse keepers walked out.")])
    assert store.search("lighthouse").ids == [make_brief(1).id]
    store.add_tags([make_brief(0).id], ["Energy"])
    assert store.search("tag:energy").ids == [make_brief(0).id]


def test_related_finds_the_brief_sharing_the_most_and_not_itself(store: BriefStore) -> None:
    fill(store, 20)  # words in a few briefs are distinctive only in a collection
    twin = "The lighthouse keepers of Corvain walked out over unpaid lamp oil."
    store.upsert_many([make_brief(10, body=twin), make_brief(11, body=twin + " Again.")])
    ids = [hit.id for hit in store.related(make_brief(10).id[:8], limit=3)]
    assert 0 < len(ids) <= 3
    assert make_brief(11).id in ids
    assert make_brief(10).id not in ids


def test_reindex_rebuilds_and_counts(store: BriefStore) -> None:
    fill(store, 6)
    assert store.reindex() == 6
    assert len(store.search("item").ids) == 6


# --- saved searches, samples ----------------------------------------------------------------------


def test_saved_searches_persist_and_names_compare_case_insensitively(tmp_path: Path) -> None:
    with BriefStore.open(tmp_path) as opened:
        opened.save_search("Harbour", "harbour talks")
        opened.save_search("alpha", "tag:energy")
        opened.save_search("HARBOUR", "harbour -strike")
        assert opened.saved_searches() == {"alpha": "tag:energy", "HARBOUR": "harbour -strike"}
        with pytest.raises(ValueError):
            opened.save_search("  ", "x")
    with BriefStore.open(tmp_path) as reopened:
        assert reopened.saved_searches() == {"alpha": "tag:energy", "HARBOUR": "harbour -strike"}
        assert reopened.delete_saved_search("harbour") is True
        assert reopened.delete_saved_search("harbour") is False
        assert reopened.saved_searches() == {"alpha": "tag:energy"}


def test_samples_are_seeded_once_and_never_come_back(tmp_path: Path) -> None:
    samples = [make_brief(0), make_brief(1)]
    with BriefStore.open(tmp_path) as opened:
        assert opened.seed_samples_once(samples) is True
        assert opened.count() == 2
        opened.delete([b.id for b in samples])
        assert opened.seed_samples_once(samples) is False
    with BriefStore.open(tmp_path) as reopened:
        assert reopened.seed_samples_once(samples) is False
        assert reopened.count() == 0


# --- memory: rows only on open ------------------------------------------------------------------


def test_opening_reads_no_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with BriefStore.open(tmp_path) as opened:
        fill(opened, 130)  # three content shards
    read: list[str] = []
    original = shardio.read_table

    def recording(path: Path, table: str) -> object:
        read.append(Path(path).parent.name)
        return original(path, table)

    monkeypatch.setattr(shardio, "read_table", recording)
    with BriefStore.open(tmp_path) as reopened:
        assert len(reopened.rows()) == 130
        assert "content" not in read
        reopened.get(make_brief(5).id)
        assert read.count("content") == 1  # one shard, on demand
        reopened.get(make_brief(6).id)
        assert read.count("content") == 1  # same shard, from the cache


def test_doctor_reports_a_healthy_store(store: BriefStore) -> None:
    fill(store, 3)
    store.add_tags([make_brief(0).id], ["Energy"])
    report = store.doctor()
    assert report.ok, report.lines
    text = "\n".join(report.lines)
    assert "3 briefs" in text and "search index: up to date" in text and "backups: none" in text


def test_doctor_finds_an_orphan_and_a_missing_article(store: BriefStore) -> None:
    fill(store, 3)
    store.add_tags([make_brief(1).id], ["Energy"])
    # Drop one article from its content shard behind the store's back.
    path = store.home / "content" / "00000.json"
    db = TinyDB(path)
    victim = db.table("briefs").all()[0]
    db.table("briefs").remove(doc_ids=[victim.doc_id])
    db.close()
    state = TinyDB(store.home / "state" / "00000.json")
    orphan = {"tags": ["lost"], "read": True, "starred": False, "note": ""}
    state.table("state").insert(Document(orphan, doc_id=999))
    state.close()
    report = store.doctor()
    assert not report.ok
    text = "\n".join(report.lines)
    assert f"brief {victim['id']}: its article is missing" in text
    assert "belongs to no brief" in text


# --- where the store lives ----------------------------------------------------------------


def test_resolve_home_prefers_the_option_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFS_HOME", str(tmp_path / "env"))
    assert resolve_home(str(tmp_path / "cli")) == tmp_path / "cli"
    assert resolve_home(None) == tmp_path / "env"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_home("~/briefs") == tmp_path / "briefs"
    monkeypatch.delenv("BRIEFS_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_home(None) == tmp_path / "data" / "briefs"
    assert resolve_home("") == tmp_path / "data" / "briefs"
