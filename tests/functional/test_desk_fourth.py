"""Reading-desk speed at 100,000 briefs, fourth pass (issue 15): what the app does off the
critical path of a key, checked on the sample briefs through Pilot."""

from __future__ import annotations

import gc
from pathlib import Path

from tests.functional.conftest import settle, wait_until
from tui.app import make_app
from tui.gc_pacing import PACED_THRESHOLD

SIZE = (120, 40)


async def test_full_collections_are_paced_while_the_app_runs_and_restored_after(
        home: Path) -> None:
    before = gc.get_threshold()
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert gc.get_threshold()[2] == PACED_THRESHOLD
        app.gc_pacer.quiet_seconds = 0.0  # quiet at once: the next due tick collects
        gc.collect()
        passes = app.gc_pacer.passes
        for _ in range(12):  # make the collector want a full pass
            gc.collect(1)
        await wait_until(pilot, lambda: app.gc_pacer.passes > passes,
                         "a full collection once input was quiet")
    assert gc.get_threshold() == before
