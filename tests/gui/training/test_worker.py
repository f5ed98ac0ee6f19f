"""The worker on its own thread: throttled immutable updates, every batch loss, stop, divergence."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread

import engine
from engine import Design, HiddenLayer
from gui.training.worker import (
    MAX_UPDATES_PER_SECOND,
    RunOutcome,
    RunRequest,
    TrainingWorker,
    _positions,
)


class Collector(QObject):
    """Lives in the GUI thread; records what the worker sends."""

    def __init__(self) -> None:
        super().__init__()
        self.updates: list = []
        self.epochs: list = []
        self.outcomes: list[RunOutcome] = []
        self.threads: set = set()

    def on_update(self, update) -> None:
        self.threads.add(QThread.currentThread())
        self.updates.append((time.perf_counter(), update))
        self.epochs.extend(update.rows)

    def on_end(self, outcome) -> None:
        self.threads.add(QThread.currentThread())
        self.outcomes.append(outcome)


_RUNNING: list[tuple[QThread, TrainingWorker]] = []


@pytest.fixture(autouse=True)
def stop_threads():
    """Even when a test fails, no QThread may be destroyed while it runs (Qt would abort)."""
    yield
    while _RUNNING:
        thread, worker = _RUNNING.pop()
        worker.stop()
        thread.quit()
        thread.wait(5000)


def start(qtbot, design: Design, **overrides):
    task = engine.load_task(design)
    fields = dict(
        network=engine.build_network(design),
        optimizer=engine.build_optimizer(design),
        batch_size=engine.effective_batch_size(design),
        epochs=design.epochs,
        seed=design.seed,
        X_train=task.X_train,
        y_train=task.y_train,
        X_test=task.X_test,
        y_test=task.y_test,
    )
    fields.update(overrides)
    request = RunRequest(**fields)
    thread = QThread()
    worker = TrainingWorker(request)
    worker.moveToThread(thread)
    collector = Collector()
    thread.started.connect(worker.run)
    worker.updateReady.connect(collector.on_update)
    worker.runEnded.connect(collector.on_end)
    _RUNNING.append((thread, worker))
    thread.start()
    return thread, worker, collector, request


def finish(qtbot, thread, collector, timeout=30_000):
    qtbot.waitUntil(lambda: bool(collector.outcomes), timeout=timeout)
    thread.quit()
    assert thread.wait(5000)


SMALL = Design(hidden=(HiddenLayer(16, "relu"),), epochs=12, seed=1)


def test_updates_are_throttled_and_carry_every_batch_loss(qtbot):
    design = replace(SMALL, batch_mode="stochastic", epochs=3)  # ~4300 batches, very fast
    started = time.perf_counter()
    thread, _, collector, request = start(qtbot, design)
    finish(qtbot, thread, collector)
    seconds = time.perf_counter() - started
    outcome = collector.outcomes[0]
    assert outcome.reason == "completed"
    assert [row.epoch for row in collector.epochs] == [1, 2, 3]
    batches = sum(len(u.batch_losses) for _, u in collector.updates)
    assert batches == 3 * len(request.X_train)  # nothing lost by throttling
    # at most ~30 per second (plus the final flush)
    assert len(collector.updates) <= MAX_UPDATES_PER_SECOND * seconds + 2
    times = [t for t, _ in collector.updates]
    assert len(times) < batches / 20  # far fewer signals than batches
    # the slots ran in the GUI thread, not the worker's
    assert collector.threads == {QThread.currentThread()}


def test_snapshots_are_immutable_copies(qtbot):
    thread, _, collector, request = start(qtbot, SMALL)
    finish(qtbot, thread, collector)
    snapshot = collector.updates[0][1].snapshot
    assert not snapshot.weights[0].flags.writeable
    with pytest.raises(ValueError):
        snapshot.weights[0][0, 0] = 1.0
    last = collector.outcomes[0].snapshot
    assert np.array_equal(last.weights[0], np.asarray(request.network.weights[0]))
    assert not np.shares_memory(last.weights[0], np.asarray(request.network.weights[0]))


def test_stop_flag_ends_the_run(qtbot):
    thread, worker, collector, _ = start(qtbot, replace(SMALL, epochs=5000), delay=0.001)
    qtbot.waitUntil(lambda: bool(collector.updates), timeout=10_000)
    worker.stop()
    finish(qtbot, thread, collector)
    outcome = collector.outcomes[0]
    assert outcome.reason == "stopped"
    assert outcome.epochs_done < 5000


def test_pause_blocks_and_step_runs_one_batch(qtbot):
    thread, worker, collector, _ = start(qtbot, SMALL, step_batches=1)
    qtbot.waitUntil(lambda: any(u.paused for _, u in collector.updates), timeout=10_000)
    paused = [u for _, u in collector.updates if u.paused][-1]
    assert (paused.epoch, paused.batch) == (1, 1)
    worker.step_batch()
    qtbot.waitUntil(
        lambda: [u.batch for _, u in collector.updates if u.paused][-1:] == [2], timeout=10_000
    )
    worker.stop()
    finish(qtbot, thread, collector)
    assert collector.outcomes[0].reason == "stopped"


def test_divergence_reports_the_last_good_epoch(qtbot):
    design = replace(SMALL, learning_rate=1000.0, optimizer="sgd")
    thread, _, collector, request = start(qtbot, design)
    finish(qtbot, thread, collector)
    outcome = collector.outcomes[0]
    assert outcome.reason == "diverged"
    assert outcome.epochs_done == 0
    assert outcome.diverged_epoch == 1
    assert outcome.start_loss == pytest.approx(2.3, abs=0.5)
    fresh = engine.build_network(design)
    assert all(
        np.array_equal(a, b) for a, b in zip(outcome.snapshot.weights, fresh.weights, strict=True)
    )
    assert request.network is not None


def test_batch_positions_are_worked_out_per_update():
    # The loop records only the losses; x = (epoch - 1) + batch / batches_per_epoch for
    # the run of consecutive batches that ends with the latest one, across an epoch's end.
    x = _positions(epoch=3, batch=2, per_epoch=4, count=5)
    expected = [(e - 1) + b / 4 for e, b in ((2, 2), (2, 3), (2, 4), (3, 1), (3, 2))]
    assert x.tolist() == expected
    assert not x.flags.writeable
    assert _positions(epoch=1, batch=1, per_epoch=1, count=0).size == 0
