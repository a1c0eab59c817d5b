"""The built-in sample briefs: complete, linked, honest about being fictional, quoting exactly."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

import pytest

from briefs.markdown_format import read_markdown, write_markdown
from briefs.models import Brief, brief_id_for
from briefs.render import render_markdown
from briefs.samples import load_samples

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


# The two samples summarising real articles, keyed by id (brief_id_for of the
# seed file). Their quotes, copied character for character from the articles,
# so that this test needs no file outside the repository.
class SeedBrief(NamedTuple):
    """What a sample summarising a seed article must hold."""

    file: str
    date: dt.date
    sources: list[str]
    quotes: list[tuple[str, str]]  # (exact text, speaker)


SEED_BRIEFS: dict[str, SeedBrief] = {
    "6b868d221db8b573": SeedBrief(
        file="000_6a0bde72b19a2755.txt",
        date=dt.date(2023, 9, 23),
        sources=["inews", "Moscow Times", "NBC"],
        quotes=[
            (
                "We have been keeping in contact and we feel it’s crucial to maintain an open "
                "dialogue during the war in Ukraine",
                "Unnamed senior British diplomat",
            ),
            (
                "We are in no way divvying up parts of the country or making peace agreements on "
                "anyone’s behalf, but it’s vitally important to keep that line of contact open.",
                "Unnamed senior British diplomat",
            ),
            (
                "At no point has the UK sought to enter peace talks around finding a diplomatic "
                "end to the conflict",
                "Unnamed senior British diplomat",
            ),
            (
                "absolutely necessary for vital UK security interests or matters of international "
                "security.",
                "FCDO spokesperson",
            ),
            (
                "It is for Ukraine, and the Ukrainian government to determine its position in any "
                "negotiations, just as it is for Ukraine to determine its free and democratic "
                "future.",
                "FCDO spokesperson",
            ),
            (
                "total victory in Europe could harm our interests in other areas of the world",
                "Former senior US national security officials",
            ),
            ("make negotiating almost impossible.", "Former senior US national security officials"),
        ],
    ),
    "4ce23b86cf1bdcde": SeedBrief(
        file="002_2da98ec1a272389a.txt",
        date=dt.date(2025, 2, 21),
        sources=["Reuters", "European Pravda"],
        quotes=[
            ("remove irritants", "Senior officials from Russia and the US"),
            ("has the cards", "Donald Trump"),
            ("taken a lot of territory", "Donald Trump"),
        ],
    ),
}


@pytest.fixture(scope="module")
def samples() -> list[Brief]:
    """The samples, loaded once for the module."""
    return load_samples()


def _sample_files() -> list[str]:
    package = files("briefs.samples")
    return sorted(e.name for e in package.iterdir() if e.name.endswith(".md"))


def test_between_eight_and_twelve_samples_with_unique_ids(samples: list[Brief]) -> None:
    assert 8 <= len(samples) <= 12
    assert len(samples) == len(_sample_files())
    assert len({b.id for b in samples}) == len(samples)


def test_every_sample_is_complete(samples: list[Brief]) -> None:
    for brief in samples:
        assert brief.date is not None, brief.id
        assert brief.title and brief.title != "Untitled brief", brief.id
        assert brief.summary, brief.id
        assert brief.background, brief.id
        assert brief.sources, brief.id
        assert brief.tags, brief.id
        assert brief.quotes and all(q.speaker for q in brief.quotes), brief.id


def test_samples_load_in_date_order_as_one_thread(samples: list[Brief]) -> None:
    dates = [b.date for b in samples]
    assert dates == sorted(d for d in dates if d is not None)
    invented = [b for b in samples if b.id not in SEED_BRIEFS]
    assert 6 <= len(invented) <= 10
    # One story: a shared topical tag, told over 2024 and 2025.
    shared_tags = set.intersection(*({t for t in b.tags if t != "sample"} for b in invented))
    assert shared_tags
    assert {b.date.year for b in invented if b.date} == {2024, 2025}


def test_invented_samples_are_tagged_and_say_they_are_fictional(samples: list[Brief]) -> None:
    for brief in samples:
        if brief.id in SEED_BRIEFS:
            assert "sample" not in brief.tags
            continue
        assert "sample" in brief.tags, brief.id
        first_paragraph = brief.summary.split("\n\n", 1)[0].lower()
        assert "fictional sample" in first_paragraph, brief.id


def test_seed_samples_quote_their_articles_exactly(samples: list[Brief]) -> None:
    by_id = {b.id: b for b in samples}
    for brief_id, expected in SEED_BRIEFS.items():
        brief = by_id[brief_id]
        assert brief.date == expected.date
        assert brief.sources == expected.sources
        assert {"russia", "diplomacy", "back-channel"} <= set(brief.tags)
        assert [(q.text, q.speaker) for q in brief.quotes] == expected.quotes


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seed_quotes_and_ids_match_the_seed_files() -> None:
    for brief_id, expected in SEED_BRIEFS.items():
        article = (SEEDS / expected.file).read_text(encoding="utf-8")
        assert brief_id_for(article) == brief_id
        for text, _speaker in expected.quotes:
            assert text in article


@pytest.mark.parametrize("name", _sample_files())
def test_sample_files_are_in_canonical_form_and_round_trip(name: str) -> None:
    text = files("briefs.samples").joinpath(name).read_text(encoding="utf-8")
    brief = read_markdown(text)
    assert write_markdown(brief) == text
    assert read_markdown(write_markdown(brief)) == brief
    assert name.startswith(brief.date.isoformat() if brief.date else "no date")


def test_samples_render(samples: list[Brief]) -> None:
    for brief in samples:
        page = render_markdown(brief)
        assert page.startswith("# ")
        assert "## Quoted statements" in page
