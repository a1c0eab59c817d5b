"""SearchIndex end to end: operators, ranking, snippets, suggestions, persistence, crashes.

Every brief here is invented: the places (Valdoria, Eastmarch, Corvain) and the
people quoted (Maren Kestrel, Orla Pembry, Tamsin Rookwood) do not exist.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.models import Brief, Quote, Section
from store.rows import BriefRow
from store.search import (
    QueryError,
    SearchIndex,
    SearchResults,
    engine,
    match_ranges,
    parse_query,
)
from store.search import index as index_module

D = dt.date


def _brief(key: str, title: str, date: D | None, **fields: object) -> Brief:
    return Brief(id=key, title=title, date=date, **fields)  # type: ignore[arg-type]


def collection() -> list[Brief]:
    """A small hand-built collection where the right answers are obvious."""
    return [
        _brief("a1", "Valdoria trade talks resume", D(2024, 3, 1),
               summary="Ministers from Valdoria and Eastmarch talked about tariffs on grain.",
               quotes=[Quote("We will keep talking until the tariffs fall.",
                             speaker="Maren Kestrel", cue="said")],
               sources=["Eastmarch Wire"], tags=["Trade", "Diplomacy"]),
        _brief("b2", "Harbour strike ends", D(2024, 5, 20),
               summary="Dock workers in Corvain returned after a week.",
               body="The talks between the union and the harbour authority ended late. "
                    "Trade through the port resumes on Monday.",
               quotes=[Quote("Nobody wins a long strike.", speaker="Orla Pembry")],
               sources=["Corvain Daily"], tags=["labour"], read=True),
        _brief("c3", "Élysée Gardens reopen", D(2023, 7, 14),
               summary="The Élysée Gardens of Corvain reopened after repairs.",
               sources=["The Lantern"], tags=["culture"], starred=True),
        _brief("d4", "Budget vote delayed", D(2025, 1, 10),
               summary="The Valdoria parliament postponed the budget vote.",
               background="The budget was due in December.",
               sections=[Section("Details", "Finance minister Tamsin Rookwood asked for time.")],
               sources=["Valdoria Herald"], tags=["budget", "Water Rights"]),
        _brief("e5", "Grain prices", None,
               summary="Grain prices rose sharply in the spring.",
               sources=["Northsea Ledger"]),
    ]


class Fixture:
    """An index over a collection, with the rows and loader the store would pass."""

    def __init__(self, folder: Path, briefs: Sequence[Brief], generation: int = 1) -> None:
        self.folder = folder
        self.briefs = {b.id: b for b in briefs}
        self.index = SearchIndex(folder)
        self.index.rebuild(list(briefs), generation)

    @property
    def rows(self) -> dict[str, BriefRow]:
        return {k: BriefRow.from_brief(b) for k, b in self.briefs.items()}

    def load(self, ids: Sequence[str]) -> list[Brief]:
        return [self.briefs[i] for i in ids if i in self.briefs]

    def search(self, text: str, limit: int = 50) -> SearchResults:
        return self.index.search(parse_query(text), self.rows, self.load, limit=limit)

    def ids(self, text: str) -> list[str]:
        results = self.search(text)
        assert results.error is None, results.error
        return results.ids

    def add(self, briefs: Sequence[Brief], generation: int) -> None:
        self.briefs.update({b.id: b for b in briefs})
        self.index.update(briefs, generation)


@pytest.fixture
def fx(tmp_path: Path) -> Fixture:
    return Fixture(tmp_path / "index", collection())


# --------------------------------------------------------------------------- operators


def test_all_words_must_match(fx: Fixture) -> None:
    assert set(fx.ids("valdoria")) == {"a1", "d4"}
    assert fx.ids("valdoria tariffs") == ["a1"]
    assert fx.ids("valdoria strike") == []


def test_stemming_and_folding(fx: Fixture) -> None:
    assert set(fx.ids("talk")) == {"a1", "b2"}
    assert set(fx.ids("TALKING")) == {"a1", "b2"}
    assert fx.ids("elysee") == ["c3"]
    assert fx.ids("ÉLYSÉE gardens") == ["c3"]


def test_folding_of_decomposed_accents_and_ligatures(tmp_path: Path) -> None:
    briefs = [
        _brief("nfd", "Cafe\u0301 society", D(2024, 1, 1), summary="Straße closed"),
        _brief("lig", "The \ufb01nal vote", D(2024, 1, 2)),
        *_filler(3),
    ]
    fixture = Fixture(tmp_path, briefs)
    assert fixture.ids("café") == ["nfd"]
    assert fixture.ids("CAFE") == ["nfd"]
    assert fixture.ids("strasse") == ["nfd"]
    assert fixture.ids("final") == ["lig"]
    text = briefs[0].title
    assert [text[s:e] for s, e in match_ranges(text, parse_query("cafe"))] == ["Cafe\u0301"]


def test_phrase(fx: Fixture) -> None:
    assert fx.ids('"trade talks"') == ["a1"]
    assert fx.ids('"talks trade"') == []
    # A phrase never spans two fields (the title ends with "resume", the summary starts
    # with "Ministers").
    assert fx.ids('"resume ministers"') == []


def test_or_and_groups(fx: Fixture) -> None:
    assert set(fx.ids("strike OR budget")) == {"b2", "d4"}
    assert fx.ids("(strike OR budget) valdoria") == ["d4"]


def test_negation(fx: Fixture) -> None:
    assert fx.ids("valdoria -budget") == ["a1"]
    assert set(fx.ids('-"trade talks" grain')) == {"e5"}
    assert "a1" not in fx.ids("-tag:trade")


def test_prefix(fx: Fixture) -> None:
    assert set(fx.ids("tarif*")) == {"a1"}
    assert set(fx.ids("gra*")) == {"a1", "e5"}
    assert fx.ids("zzz*") == []


def test_tags_case_insensitive_and_combined(fx: Fixture) -> None:
    assert fx.ids("tag:trade") == ["a1"]
    assert fx.ids("tag:TRADE tag:diplomacy") == ["a1"]
    assert fx.ids("tag:trade tag:labour") == []
    assert fx.ids('tag:"water rights"') == ["d4"]
    assert set(fx.ids("tag:trade OR tag:labour")) == {"a1", "b2"}


def test_source_and_speaker_substrings(fx: Fixture) -> None:
    assert fx.ids("source:eastmarch") == ["a1"]
    assert fx.ids("source:LANTERN") == ["c3"]
    assert fx.ids("speaker:kestrel") == ["a1"]
    assert fx.ids("speaker:orla") == ["b2"]
    assert fx.ids("speaker:nobody") == []


def test_speaker_name_is_searchable_as_words(fx: Fixture) -> None:
    assert fx.ids("pembry") == ["b2"]


def test_title_operator(fx: Fixture) -> None:
    assert fx.ids("title:trade") == ["a1"]  # b2 has "trade" in its body only
    assert fx.ids('title:"trade talks"') == ["a1"]
    assert fx.ids("title:budg*") == ["d4"]
    assert fx.ids("title:tariffs") == []


def test_state_filters(fx: Fixture) -> None:
    assert fx.ids("is:read") == ["b2"]
    assert "b2" not in fx.ids("is:unread")
    assert fx.ids("is:starred") == ["c3"]
    assert fx.ids("-is:starred gardens") == []


def test_dates_follow_gmail(fx: Fixture) -> None:
    assert fx.ids("after:2024") == ["d4"]
    assert fx.ids("after:2024-03") == ["d4", "b2"]
    assert fx.ids("after:2024-02-29") == ["d4", "b2", "a1"]
    assert fx.ids("after:2024-03-01") == ["d4", "b2"]
    assert fx.ids("before:2024-03-01") == ["c3"]
    assert fx.ids("before:2024-03-02") == ["a1", "c3"]
    assert fx.ids("on:2024") == ["b2", "a1"]
    assert fx.ids("on:2024-05-20") == ["b2"]
    # Undated briefs match no date filter.
    assert "e5" not in fx.ids("before:2100")


def test_filters_alone_list_by_date_newest_first(fx: Fixture) -> None:
    results = fx.search("-tag:culture")
    assert results.sort == "date"
    assert results.ids == ["d4", "b2", "a1", "e5"]  # undated last


def test_empty_query_lists_everything_by_date(fx: Fixture) -> None:
    results = fx.search("")
    assert results.ids == ["d4", "b2", "a1", "c3", "e5"]
    assert results.total == 5


def test_sort_by_date(fx: Fixture) -> None:
    results = fx.search("talk sort:date")
    assert results.sort == "date"
    assert results.ids == ["b2", "a1"]
    assert results.terms == ["talk"]


def test_limit_and_total(fx: Fixture) -> None:
    results = fx.search("", limit=2)
    assert results.ids == ["d4", "b2"]
    assert results.total == 5
    assert fx.search("valdoria", limit=0).hits == []


def test_hits_are_loaded_a_chunk_at_a_time(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "_LOAD_CHUNK", 2)
    asked: list[int] = []

    def load(ids: Sequence[str]) -> list[Brief]:
        asked.append(len(ids))
        return fx.load(ids)

    results = fx.index.search(parse_query(""), fx.rows, load, limit=50)
    assert results.ids == ["d4", "b2", "a1", "c3", "e5"]
    assert asked == [2, 2, 1]
    assert all(hit.snippet for hit in results.hits)


def test_unknown_words_give_suggestions(fx: Fixture) -> None:
    results = fx.search("tarifs")
    assert results.hits == []
    assert results.total == 0
    assert results.suggestions[0] == "tariffs"
    assert fx.index.suggest("valdria") == ["valdoria"]
    assert fx.index.suggest("strkie") == ["strike"]  # a transposition
    assert fx.index.suggest("qqqqqq") == []


def test_known_words_that_do_not_meet_give_no_suggestions(fx: Fixture) -> None:
    results = fx.search("valdoria strike")
    assert results.total == 0
    assert results.suggestions == []


# --------------------------------------------------------------------------- ranking


def _filler(count: int) -> list[Brief]:
    # Background briefs so that the test words are rare (positive IDF, as in real use).
    return [_brief(f"f{i:03d}", f"Weather report {i}", D(2020, 1, 1),
                   summary="Rain in the north, sun in the south.") for i in range(count)]


def test_title_hit_ranks_above_body_hit(tmp_path: Path) -> None:
    briefs = [
        _brief("body", "Port news", D(2024, 1, 2), body="The lighthouse keeper retired."),
        _brief("title", "Lighthouse keeper retires", D(2024, 1, 1), body="The port news."),
        *_filler(20),
    ]
    assert Fixture(tmp_path, briefs).ids("lighthouse") == ["title", "body"]


def test_quote_hit_ranks_above_body_hit(tmp_path: Path) -> None:
    briefs = [
        _brief("body", "Port news", D(2024, 1, 2), body="A lighthouse was mentioned."),
        _brief("quote", "Port news", D(2024, 1, 1),
               quotes=[Quote("A lighthouse was mentioned.", speaker="Maren Kestrel")]),
        *_filler(20),
    ]
    assert Fixture(tmp_path, briefs).ids("lighthouse") == ["quote", "body"]


def test_more_occurrences_rank_higher(tmp_path: Path) -> None:
    briefs = [
        _brief("once", "Port news", D(2024, 1, 2),
               body="The lighthouse stood by the quay near the old mill and the pier."),
        _brief("thrice", "Port news", D(2024, 1, 1),
               body="The lighthouse lamp, the lighthouse door, the lighthouse keeper."),
        *_filler(20),
    ]
    assert Fixture(tmp_path, briefs).ids("lighthouse") == ["thrice", "once"]


def test_ties_go_to_the_newer_brief(tmp_path: Path) -> None:
    same = {"summary": "The lighthouse reopened."}
    briefs = [
        _brief("old", "Port news", D(2020, 1, 1), **same),
        _brief("new", "Port news", D(2024, 1, 1), **same),
        _brief("mid", "Port news", D(2022, 1, 1), **same),
        *_filler(20),
    ]
    fixture = Fixture(tmp_path, briefs)
    results = fixture.search("lighthouse")
    assert results.ids == ["new", "mid", "old"]
    assert len({hit.score for hit in results.hits}) == 1


def test_rarer_word_weighs_more(tmp_path: Path) -> None:
    common = [_brief(f"c{i}", "Harbour", D(2020, 1, 1), summary="harbour news") for i in range(8)]
    briefs = [
        _brief("rare", "Notes", D(2021, 1, 1), summary="a kraken sighting"),
        _brief("both", "Notes", D(2020, 1, 1), summary="harbour and kraken"),
        *common, *_filler(20),
    ]
    fixture = Fixture(tmp_path, briefs)
    scores = {h.id: h.score for h in fixture.search("harbour OR kraken").hits}
    assert scores["both"] > scores["rare"] > scores["c0"]


# --------------------------------------------------------------------------- snippets


def test_snippet_ranges_point_at_the_matched_words(fx: Fixture) -> None:
    hit = fx.search("tariffs").hits[0]
    assert hit.id == "a1"
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["tariffs"]


def test_snippet_prefers_the_quote_that_matches(fx: Fixture) -> None:
    hit = fx.search("talking").hits[0]
    assert hit.snippet.startswith("“We will keep talking")
    assert hit.snippet.endswith("— Maren Kestrel")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["talking"]


def test_snippet_without_words_is_the_summary(fx: Fixture) -> None:
    hit = fx.search("tag:budget").hits[0]
    assert hit.snippet == "The Valdoria parliament postponed the budget vote."
    assert hit.highlights == []


def test_snippet_is_short_and_centred_on_matches(tmp_path: Path) -> None:
    long_body = " ".join(["Filler words about the weather."] * 30) + (
        " Then the kraken appeared near the quay. " + " ".join(["More filler text."] * 30))
    briefs = [_brief("k", "Sea story", D(2024, 1, 1), body=long_body), *_filler(3)]
    hit = Fixture(tmp_path, briefs).search("kraken").hits[0]
    assert len(hit.snippet) <= 202
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["kraken"]


def test_snippet_highlights_phrases_and_prefixes(fx: Fixture) -> None:
    hit = fx.search('"dock workers" corv*').hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Dock workers", "Corvain"]


def test_snippet_keeps_accents_and_offsets(fx: Fixture) -> None:
    hit = fx.search("elysee").hits[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Élysée"]


def test_match_ranges_on_any_text() -> None:
    query = parse_query('talks "harbour authority" corv* -strike')
    text = "Talking with the Harbour Authority of Corvain; the strike talks go on."
    spans = [text[s:e] for s, e in match_ranges(text, query)]
    assert spans == ["Talking", "Harbour Authority", "Corvain", "talks"]
    assert match_ranges("", query) == []
    assert match_ranges(text, parse_query("-talks")) == []


def test_match_ranges_merge_overlaps() -> None:
    query = parse_query('harbour "harbour authority"')
    text = "the harbour authority"
    assert match_ranges(text, query) == [(4, 21)]


# --------------------------------------------------------------------------- related


def test_related_needs_shared_words_and_ranks_by_people_and_tags(tmp_path: Path) -> None:
    # Issue 15.8: a speaker or a tag alone is not a story (it only ranks briefs
    # that share enough words: see briefs/relatedness.py).
    briefs = [
        _brief("base", "Kraken sighted off Eastmarch lighthouse", D(2024, 1, 1),
               summary="Fishermen reported a kraken near the lighthouse of Eastmarch.",
               quotes=[Quote("It was the size of a ferry.", speaker="Orla Pembry")],
               tags=["sea"]),
        _brief("words", "Second kraken report", D(2024, 1, 3),
               summary="Another kraken was seen by fishermen close to the Eastmarch lighthouse."),
        _brief("quoted", "Kraken off Eastmarch again", D(2024, 1, 2),
               summary="Fishermen saw the kraken near the Eastmarch lighthouse once more.",
               quotes=[Quote("Bigger than a ferry.", speaker="Orla Pembry")], tags=["Sea"]),
        _brief("person", "Ferry timetable", D(2024, 1, 2), summary="New ferry times.",
               quotes=[Quote("Ferries run hourly.", speaker="Orla Pembry")]),
        _brief("tag", "Tides", D(2024, 1, 4), summary="Spring tides are high.", tags=["Sea"]),
        *_filler(20),
    ]
    fixture = Fixture(tmp_path, briefs)
    related = fixture.index.related(briefs[0], fixture.rows, limit=5)
    ids = [hit.id for hit in related]
    assert ids == ["quoted", "words"]
    assert "kraken" in related[1].snippet
    assert "Orla Pembry" in related[0].snippet and "tagged Sea" in related[0].snippet
    assert fixture.index.related(briefs[0], fixture.rows, limit=0) == []


# --------------------------------------------------------------------------- updates


def test_add_update_delete(fx: Fixture) -> None:
    fx.add([_brief("f6", "Kraken sighted", D(2024, 6, 1), summary="A kraken off Corvain.")], 2)
    assert fx.ids("kraken") == ["f6"]
    assert fx.index.generation == 2
    # Re-importing changed content replaces the old words.
    fx.add([_brief("f6", "Whale sighted", D(2024, 6, 1), summary="A whale off Corvain.")], 3)
    assert fx.ids("kraken") == []
    assert fx.ids("whale") == ["f6"]
    assert set(fx.ids("corvain")) == {"b2", "c3", "f6"}
    fx.index.remove(["f6", "a1", "missing"], 4)
    del fx.briefs["f6"], fx.briefs["a1"]
    assert fx.ids("whale") == []
    assert fx.ids("valdoria") == ["d4"]
    assert fx.index.generation == 4
    assert len(fx.index) == 4


def test_update_with_nothing_only_moves_the_generation(fx: Fixture) -> None:
    fx.index.update([], 7)
    assert fx.index.generation == 7
    assert SearchIndex(fx.folder).generation == 7


def test_reopen_does_not_retokenise(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the collection was tokenised again")

    monkeypatch.setattr(engine, "document", refuse)
    monkeypatch.setattr(SearchIndex, "rebuild", refuse)
    reopened = SearchIndex(fx.folder)
    assert reopened.generation == 1
    results = reopened.search(parse_query("valdoria"), fx.rows, fx.load, limit=10)
    assert set(results.ids) == {"a1", "d4"}


def test_refresh_sees_another_writer(fx: Fixture) -> None:
    other = SearchIndex(fx.folder)
    assert other.refresh() is False
    fx.add([_brief("f6", "Kraken sighted", D(2024, 6, 1))], 2)
    assert other.refresh() is True
    assert other.generation == 2
    results = other.search(parse_query("kraken"), fx.rows, fx.load, limit=5)
    assert results.ids == ["f6"]
    assert other.refresh() is False


def test_writer_catches_up_before_writing(fx: Fixture) -> None:
    other = SearchIndex(fx.folder)
    fx.add([_brief("f6", "Kraken sighted", D(2024, 6, 1))], 2)
    # `other` has not refreshed; its write must not lose f6.
    other.update([_brief("f7", "Whale sighted", D(2024, 6, 2))], 3)
    fx.briefs["f7"] = _brief("f7", "Whale sighted", D(2024, 6, 2))
    assert fx.index.refresh()
    assert fx.ids("sighted") == ["f7", "f6"]


def test_many_small_updates_match_a_rebuild(tmp_path: Path) -> None:
    briefs = [
        _brief(f"n{i:04d}", f"Note {i} on {['harbour', 'grain', 'budget'][i % 3]}",
               D(2020, 1, 1) + dt.timedelta(days=i),
               summary=f"Item {i} mentions {['kraken', 'ferry', 'tariffs', 'vote'][i % 4]}"
                       f" and {['Corvain', 'Valdoria'][i % 2]} talks.")
        for i in range(1200)
    ]
    incremental = Fixture(tmp_path / "a", [], generation=0)
    for start in range(0, len(briefs), 100):
        incremental.add(briefs[start:start + 100], start + 1)
    incremental.add(briefs[:50], 9999)  # re-imports: replaced, not duplicated
    rebuilt = Fixture(tmp_path / "b", briefs)
    for text in ("kraken", "harbour talks", '"corvain talks"', "tarif*", "-kraken budget",
                 "note sort:date", "title:grain ferry"):
        mine, reference = incremental.search(text, limit=20), rebuilt.search(text, limit=20)
        assert mine.total == reference.total, text
        assert mine.ids == reference.ids, text
    assert len(incremental.index) == 1200


# --------------------------------------------------------------------------- crashes and damage


def test_crash_before_commit_leaves_a_stale_index_that_rebuild_repairs(
    fx: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash_on_commit(*args: object) -> None:
        raise OSError("simulated crash")

    new = _brief("f6", "Kraken sighted", D(2024, 6, 1), summary="A kraken off Corvain.")
    monkeypatch.setattr(engine, "write_pointer", crash_on_commit)
    with pytest.raises(OSError, match="simulated crash"):
        fx.index.update([new], 2)
    monkeypatch.undo()
    # The pointer still says generation 1: the index is stale, the store rebuilds it.
    assert fx.index.generation == 1
    reopened = SearchIndex(fx.folder)
    assert reopened.generation == 1
    fx.briefs["f6"] = new
    reopened.rebuild(list(fx.briefs.values()), 2)
    assert reopened.generation == 2
    fresh = Fixture(fx.folder.parent / "fresh", list(fx.briefs.values()), generation=2)
    for text in ("kraken", "corvain", "talk", "", "tag:trade"):
        mine = reopened.search(parse_query(text), fx.rows, fx.load, limit=10)
        assert mine.ids == fresh.search(text, limit=10).ids, text
    # The folder the old index used is gone after the rebuild.
    assert {p.name for p in fx.folder.iterdir()} == {engine.POINTER, reopened._dir}


def test_missing_index_reads_as_stale(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "nothing")
    assert index.generation == -1
    assert len(index) == 0
    results = index.search(parse_query("anything"), {}, lambda ids: [], limit=5)
    assert results.hits == [] and results.error is None


def test_corrupt_pointer_reads_as_stale_and_rebuild_recovers(fx: Fixture) -> None:
    (fx.folder / engine.POINTER).write_bytes(b'{"format": 1, "di')
    index = SearchIndex(fx.folder)
    assert index.generation == -1
    assert index.damage
    index.rebuild(list(fx.briefs.values()), 5)
    assert SearchIndex(fx.folder).generation == 5
    assert set(Fixture.ids(fx, "valdoria")) == {"a1", "d4"}


def _tantivy_files(fixture: Fixture) -> list[Path]:
    return [p for p in (fixture.folder / fixture.index._dir).iterdir()
            if p.suffix in (".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm")]


def test_damaged_segment_gives_an_error_or_a_stale_index_not_an_exception(
    tmp_path: Path
) -> None:
    fixture = Fixture(tmp_path / "index", collection())
    files = _tantivy_files(fixture)
    assert files
    for path in files:
        path.write_bytes(b"garbage" * 3)
    fresh = SearchIndex(fixture.folder)
    if fresh.generation == 1:  # tantivy opened it: the damage shows when searching
        results = fresh.search(parse_query("valdoria"), fixture.rows, fixture.load, limit=5)
        assert results.error is not None and "briefs reindex" in results.error
    assert fresh.generation == -1  # stale: the store rebuilds it when it next opens
    assert fresh.check() is not None


def test_check_passes_on_a_sound_index(fx: Fixture) -> None:
    assert fx.index.check() is None
    (fx.folder / fx.index._dir / "meta.json").unlink()
    assert fx.index.check() is not None
    assert fx.index.generation == -1


def test_updates_do_not_make_a_damaged_index_look_current(fx: Fixture) -> None:
    old = fx.index._dir
    (fx.folder / engine.POINTER).write_bytes(b"garbage")
    index = SearchIndex(fx.folder)
    index.update([_brief("f6", "Kraken sighted", D(2024, 6, 1))], 2)
    index.remove(["a1"], 3)
    assert index.generation == -1
    assert SearchIndex(fx.folder).generation == -1  # still stale: the store will rebuild
    index.rebuild(list(fx.briefs.values()), 3)
    assert SearchIndex(fx.folder).generation == 3
    assert {p.name for p in fx.folder.iterdir()} == {engine.POINTER, index._dir}
    assert index._dir != old  # a new folder, never one a lost index used


def test_index_format_change_reads_as_stale(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "FORMAT", engine.FORMAT + 1)
    assert SearchIndex(fx.folder).generation == -1


def test_rebuilt_by_another_process(tmp_path: Path) -> None:
    fx = Fixture(tmp_path / "index", collection())
    reader = SearchIndex(fx.folder)
    # Another process rebuilds: the folder `reader` has open is deleted.
    old = reader._dir
    writer = SearchIndex(fx.folder)
    writer.rebuild(list(fx.briefs.values()), 9)
    assert not (fx.folder / str(old)).exists()
    results = reader.search(parse_query("valdoria"), fx.rows, fx.load, limit=5)
    assert results.error is None
    assert set(results.ids) == {"a1", "d4"}
    reader.refresh()
    assert reader.generation == 9


def test_copied_index_folder_is_self_contained(fx: Fixture, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(fx.folder, copy)
    index = SearchIndex(copy)
    results = index.search(parse_query("strike"), fx.rows, fx.load, limit=5)
    assert results.ids == ["b2"]


# --------------------------------------------------------------------------- never raises

_WORDS = st.sampled_from([
    "valdoria", "talks", "trade", "tariffs", "kraken", "élysée", "gardens", "budget", "grain",
    "OR", "-", "(", ")", "tag:trade", "tag:\"water rights\"", "is:read", "is:starred",
    "after:2024", "before:2024-03", "on:2023", "speaker:kestrel", "source:wire",
    "title:budget", "sort:date", "sort:relevance", "tal*", "\"trade talks\"", "-tag:labour",
    "title:\"trade talks\"", "a", "the", "zzz", "x*",
])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, max_size=8), limit=st.integers(min_value=0, max_value=7))
def test_search_never_raises_on_any_parsed_query(fx: Fixture, words: list[str],
                                                 limit: int) -> None:
    try:
        query = parse_query(" ".join(words))
    except QueryError:
        return
    results = fx.index.search(query, fx.rows, fx.load, limit=limit)
    assert results.error is None
    assert len(results.hits) <= limit
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert hit.id in fx.briefs
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40))
def test_search_never_raises_on_arbitrary_text(fx: Fixture, text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    results = fx.index.search(query, fx.rows, fx.load, limit=5)
    assert results.error is None
    assert match_ranges(text, query) is not None


def test_only_the_first_hits_get_snippets_when_asked(fx: Fixture) -> None:
    loaded: list[str] = []

    def load(ids: Sequence[str]) -> list[Brief]:
        loaded.extend(ids)
        return fx.load(ids)

    full = fx.index.search(parse_query("trade OR grain"), fx.rows, fx.load, limit=50)
    assert len(full.hits) >= 3
    some = fx.index.search(parse_query("trade OR grain"), fx.rows, load, limit=50, snippets=1)
    assert [h.id for h in some.hits] == [h.id for h in full.hits], "same hits, same order"
    assert loaded == [full.hits[0].id], "only the first hit's brief was read"
    assert some.hits[0].snippet == full.hits[0].snippet
    for hit in some.hits[1:]:
        assert hit.snippet == fx.briefs[hit.id].title and hit.highlights == []
