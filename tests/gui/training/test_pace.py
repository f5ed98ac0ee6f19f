"""The pace: a run of any design lasts ~20 s at the class pace, one update a second in slow
motion, no sleep at full speed; measured on a fake clock (the worker's real loop, real
updates, the clock only moves when the pace sleeps)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QObject

import engine
from engine import Design
from engine.presets import PRESETS
from gui.training.frame import RunEnd, RunOutcome
from gui.training.pace import (
    DEFAULT_PACE,
    FULL,
    MAX_LAG,
    MIN_NAP,
    PACE_NAMES,
    Pacer,
    pace_named,
    updates_per_epoch,
)
from gui.training.worker import TrainingWorker
from tests.gui.training.test_worker import request_for

CLASS = pace_named("class")
SLOW = pace_named("slow")


class FakeClock:
    """Time stands still except when someone sleeps (or a test moves it on)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.naps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += seconds


class Ends(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[RunOutcome] = []

    def on_end(self, outcome: RunOutcome) -> None:
        self.outcomes.append(outcome)


def run_on_fake_clock(design: Design, pace=CLASS) -> tuple[RunOutcome, FakeClock, int]:
    """The worker's real run (in this thread) with a fake clock; the updates it made."""
    clock = FakeClock()
    request = request_for(design, pace=pace, pace_epochs=design.epochs)
    worker = TrainingWorker(request, clock=clock, sleep=clock.sleep)
    ends = Ends()
    worker.runEnded.connect(ends.on_end)
    worker.run()
    [outcome] = ends.outcomes
    events, _ = worker.mailbox.take()
    updates = sum(isinstance(e, engine.BatchResult) for e in events)
    return outcome, clock, updates


def test_the_default_pace_is_the_class_pace() -> None:
    assert DEFAULT_PACE == "class" and {"full", "class", "slow"} <= set(PACE_NAMES)
    with pytest.raises(ValueError, match="Unknown pace"):
        pace_named("ludicrous")


@pytest.mark.parametrize(
    ("n", "batch_size", "expected"), [(1437, None, 1), (1437, 1, 1437), (1437, 32, 45)]
)
def test_updates_per_epoch_are_the_trainers(n, batch_size, expected) -> None:
    assert updates_per_epoch(n, batch_size) == expected


DESIGNS = {"default design": Design()} | {p.name: p.design for p in PRESETS}


@pytest.mark.parametrize("name", DESIGNS)
def test_a_run_at_the_class_pace_lasts_10_to_30_seconds(name: str) -> None:
    design = DESIGNS[name]
    outcome, clock, updates = run_on_fake_clock(design)
    task = engine.load_task(design)
    per_epoch = updates_per_epoch(len(task.X_train), engine.effective_batch_size(design))
    planned = CLASS.planned_seconds(design.epochs, per_epoch)
    assert 10.0 <= planned <= 30.0
    if outcome.reason == RunEnd.DIVERGED:  # "learning rate too large": the run ends early
        assert updates < design.epochs * per_epoch
    else:
        assert updates == design.epochs * per_epoch
    # Every update waited its share: the fake time is the updates at the planned interval.
    dt = CLASS.interval(design.epochs, per_epoch)
    assert clock.now == pytest.approx(updates * dt, abs=MIN_NAP + 1e-9)
    if outcome.reason != RunEnd.DIVERGED:
        assert 10.0 <= clock.now <= 30.0


def test_the_batch_modes_share_the_epoch_time() -> None:
    """Batch, mini-batch and stochastic: the same seconds per epoch, split over their updates."""
    base = replace(Design(), epochs=2)
    times = []
    for mode in ("batch", "mini-batch", "stochastic"):
        outcome, clock, _ = run_on_fake_clock(replace(base, batch_mode=mode))
        assert outcome.reason == RunEnd.COMPLETED
        times.append(clock.now)
    assert times == pytest.approx([20.0, 20.0, 20.0], abs=MIN_NAP)


def test_slow_motion_is_one_update_a_second() -> None:
    design = replace(Design(), batch_mode="batch", epochs=3)
    outcome, clock, updates = run_on_fake_clock(design, SLOW)
    assert outcome.reason == RunEnd.COMPLETED and updates == 3
    assert clock.naps == pytest.approx([1.0, 1.0, 1.0])


def test_full_speed_never_sleeps() -> None:
    design = replace(Design(), epochs=2)
    outcome, clock, updates = run_on_fake_clock(design, FULL)
    assert outcome.reason == RunEnd.COMPLETED and updates == 90
    assert clock.naps == [] and clock.now == 0.0


def test_the_pacer_sleeps_to_deadlines_so_errors_do_not_add_up() -> None:
    clock = FakeClock()
    pacer = Pacer(0.01, clock, clock.sleep)
    for _ in range(100):
        clock.now += 0.003  # an update's work
        pacer.after_update()
    assert clock.now == pytest.approx(1.0)  # 100 updates at 10 ms, the work included
    assert pacer.slept == pytest.approx(0.7)


def test_short_waits_are_carried_by_the_next_deadline() -> None:
    clock = FakeClock()
    pacer = Pacer(MIN_NAP / 4, clock, clock.sleep)
    for _ in range(40):
        pacer.after_update()
    assert all(nap >= MIN_NAP for nap in clock.naps)
    assert len(clock.naps) < 40 / 3  # one sleep for about four updates
    assert 40 * MIN_NAP / 4 - MIN_NAP <= clock.now <= 40 * MIN_NAP / 4


def test_a_slow_machine_runs_flat_out_and_never_races_to_catch_up() -> None:
    clock = FakeClock()
    pacer = Pacer(0.01, clock, clock.sleep)
    clock.now += 1.0  # one update took a second (far behind plan)
    pacer.after_update()
    assert clock.naps == []  # behind: no sleep
    clock.now += 0.002
    pacer.after_update()
    # The plan restarted when it was more than MAX_LAG behind: the next update waits its dt.
    assert MAX_LAG < 1.0 and clock.naps == pytest.approx([0.008])
