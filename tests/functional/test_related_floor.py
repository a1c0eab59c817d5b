"""Issue 15.8: related briefs and story threads need a minimum similarity (the real app).

Nothing rather than noise: a brief that says almost nothing relates to nothing;
a fictional story's thread keeps out real-topic briefs that share a few
newsroom words with it; briefs that share only quoted people and tags do not
crowd out the ones that share the story. Each test waits for what it checks.
The people, places and stories are invented; the real-topic briefs quote nobody.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefs import Brief, Quote
from briefs.samples import load_samples
from store import BriefStore
from tests.functional.conftest import settle
from tests.pilot_waits import wait_until
from tui.app import BriefsApp, make_app
from tui.screens.main_screen import MainScreen

SIZE = (120, 40)
D = dt.date


def _ferry_strike() -> list[Brief]:
    """An invented story in four briefs: the Marrowvale ferry strike."""
    return [
        Brief(id="mv1", title="Marrowvale ferry crews walk out over unpaid overtime",
              date=D(2031, 3, 1),
              summary="Ferry crews in Marrowvale stopped work on Monday after the Essary "
                      "Harbour Board again failed to pay overtime owed since January.",
              quotes=[Quote("We have waited three months for money we earned.",
                            speaker="Tobin Ashgrove")]),
        Brief(id="mv2", title="Essary Harbour Board offers Marrowvale ferry crews half their "
                              "overtime", date=D(2031, 3, 4),
              summary="The Essary Harbour Board offered striking Marrowvale ferry crews half of "
                      "the overtime owed; the crews' union called the offer an insult.",
              quotes=[Quote("Half of what we are owed is not an offer.",
                            speaker="Tobin Ashgrove")]),
        Brief(id="mv3", title="Marrowvale ferry strike strands islanders as talks stall",
              date=D(2031, 3, 9),
              summary="Islanders who rely on the Marrowvale ferry were stranded for a second "
                      "week as talks between the crews and the Essary Harbour Board stalled "
                      "over overtime."),
        Brief(id="mv4", title="Marrowvale ferry crews accept overtime deal, strike ends",
              date=D(2031, 3, 15),
              summary="Marrowvale ferry crews voted to accept the Essary Harbour Board's "
                      "overtime deal, ending a two-week strike that stranded islanders.",
              quotes=[Quote("The ferries sail tomorrow.", speaker="Tobin Ashgrove")]),
    ]


def _real_topics() -> list[Brief]:
    """Short briefs on real topics sharing newsroom words (strike, talks, deal) with it."""
    return [
        Brief(id="real-rail", title="UK rail workers strike as pay talks with government stall",
              date=D(2022, 6, 21),
              summary="Rail workers across Britain went on strike after pay talks between the "
                      "RMT union and the government stalled over pay and working conditions."),
        Brief(id="real-grain", title="Grain deal: Ukraine and Russia talks in Istanbul end "
                                     "without a deal", date=D(2023, 7, 10),
              summary="Talks in Istanbul on extending the Black Sea grain deal ended without "
                      "agreement, officials said, leaving ships stranded in port."),
        Brief(id="real-docks", title="French dock workers strike over pension reform",
              date=D(2023, 3, 7),
              summary="Dock workers in French ports went on strike over the government's "
                      "pension reform, stranding ferries and freight at Calais and Marseille."),
    ]


def _main(app: BriefsApp) -> MainScreen:
    screen = app.main_screen
    assert screen is not None
    return screen


async def _related_of(pilot, app: BriefsApp, brief_id: str) -> list[str]:
    screen = _main(app)
    assert screen.brief_list.move_to(brief_id)
    await wait_until(pilot, lambda: screen.reader.has_related(brief_id), f"related of {brief_id}")
    await wait_until(pilot, lambda: screen.reader.shown_id == brief_id, f"{brief_id} shown")
    return [hit.id for hit in screen.related]


async def _thread_of(pilot, app: BriefsApp, brief_id: str) -> list[str]:
    screen = _main(app)
    assert screen.brief_list.move_to(brief_id)
    await pilot.press("h")
    await wait_until(pilot, lambda: screen.state.thread is not None, f"the thread of {brief_id}")
    return [row.id for row in screen.brief_list.rows]


async def test_a_two_word_brief_lists_no_related_briefs(home: Path) -> None:
    # Two words in common made a brief "related" to one that says only them.
    with BriefStore.open(home) as store:
        passing = [Brief(id=f"greet{i}", title=f"Harbour report {i}", date=D(2029, 1, i),
                         summary=f"Hello world, from the harbour where {i} ferries were late.")
                   for i in (1, 2, 3)]
        store.upsert_many([*load_samples(), *passing, Brief(
            id="hello", title="Hello world", date=D(2030, 1, 1), summary="Hello world.")])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert await _related_of(pilot, app, "hello") == []
        assert "Related briefs" not in app.screen.query_one("#brief").document.source
        assert await _thread_of(pilot, app, "hello") == ["hello"]


async def test_a_fictional_thread_keeps_out_real_topic_briefs(home: Path) -> None:
    with BriefStore.open(home) as store:
        store.upsert_many([*load_samples(), *_ferry_strike(), *_real_topics()])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for brief in _ferry_strike():
            assert await _thread_of(pilot, app, brief.id) == ["mv1", "mv2", "mv3", "mv4"]
            await pilot.press("escape")
            await wait_until(pilot, lambda: _main(app).state.thread is None, "the thread left")
            related = await _related_of(pilot, app, brief.id)
            assert related and all(i.startswith("mv") for i in related), (brief.id, related)


async def test_briefs_sharing_the_story_show_before_ones_sharing_only_people_and_tags(
        home: Path) -> None:
    # Quoting the same people and carrying the same tags outranked sharing the story,
    # and the floor then emptied the list: the related briefs never showed.
    tags = ["harbour", "labour", "essary"]
    people = [Quote("We will keep talking.", speaker="Tobin Ashgrove"),
              Quote("The board listens.", speaker="Mirela Quance")]
    strike = _ferry_strike()
    base = Brief(id="base", title=strike[2].title, date=D(2031, 3, 9), summary=strike[2].summary,
                 quotes=people, tags=tags)
    others = [Brief(id=f"other{i}", title=f"{topic} in Essary", date=D(2030, 5, i + 1),
                    summary=f"The {topic.lower()} was the council's only business this month.",
                    quotes=people, tags=tags)
              for i, topic in enumerate(["Lamp oil budget", "Choir festival", "Bakery fair",
                                         "Roof repairs", "School play", "Bell tower"])]
    with BriefStore.open(home) as store:
        store.upsert_many([*load_samples(), *others, base, strike[0], strike[1], strike[3]])
    app = make_app(home, seed_samples=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        related = await _related_of(pilot, app, "base")
        assert sorted(related) == ["mv1", "mv2", "mv4"]
