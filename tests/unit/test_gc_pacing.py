"""The garbage collector's full passes wait for quiet input (tui/gc_pacing.py)."""

from __future__ import annotations

import gc

from tui.gc_pacing import FORCED_AFTER, PACED_THRESHOLD, WANTED_AFTER, GcPacer


class FakeCollector:
    """A clock, the collector's counts and its collect(), under the test's control."""

    def __init__(self) -> None:
        self.now = 100.0
        self.young = 0  # young collections since the last full one
        self.collected = 0

    def clock(self) -> float:
        return self.now

    def counts(self) -> tuple[int, int, int]:
        return (0, 0, self.young)

    def collect(self) -> int:
        self.collected += 1
        self.young = 0
        return 0

    def pacer(self) -> GcPacer:
        return GcPacer(quiet_seconds=0.8, clock=self.clock, counts=self.counts,
                       collect=self.collect)


def test_a_due_full_pass_waits_while_keys_come_and_runs_once_they_stop() -> None:
    fake = FakeCollector()
    pacer = fake.pacer()
    fake.young = WANTED_AFTER + 5
    for _ in range(5):  # a key every 0.3 s: never quiet for 0.8 s
        fake.now += 0.3
        pacer.input_seen()
        assert not pacer.tick()
    assert fake.collected == 0
    fake.now += 0.5
    assert not pacer.tick()  # 0.5 s quiet: not yet
    fake.now += 0.4
    assert pacer.tick()  # 0.9 s quiet: the pass runs
    assert fake.collected == 1 and pacer.passes == 1
    assert not pacer.tick()  # and not again until the collector wants one


def test_no_full_pass_when_the_collector_would_not_have_run_one() -> None:
    fake = FakeCollector()
    pacer = fake.pacer()
    fake.young = WANTED_AFTER - 1
    fake.now += 10
    assert not pacer.tick()
    assert fake.collected == 0


def test_a_long_busy_stretch_gets_its_full_pass_anyway() -> None:
    fake = FakeCollector()
    pacer = fake.pacer()
    fake.young = FORCED_AFTER
    pacer.input_seen()  # keys still coming
    assert pacer.tick()
    assert fake.collected == 1


def test_install_switches_off_only_the_automatic_full_passes_and_uninstall_restores() -> None:
    before = gc.get_threshold()
    pacer = GcPacer()
    try:
        pacer.install()
        pacer.install()  # twice: the thresholds saved are still the original ones
        young, middle, oldest = gc.get_threshold()
        assert (young, middle) == before[:2] and oldest == PACED_THRESHOLD
        assert pacer.installed
    finally:
        pacer.uninstall()
    assert gc.get_threshold() == before
    assert not pacer.installed


def test_a_due_full_pass_runs_before_a_large_build_even_while_keys_come() -> None:
    fake = FakeCollector()
    pacer = fake.pacer()
    pacer.input_seen()
    fake.young = 0
    assert not pacer.collect_due()  # nothing survived a young collection: nothing to free
    fake.young = 1
    assert pacer.collect_due()
    assert fake.collected == 1
