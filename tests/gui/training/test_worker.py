"""The worker: a plain loop over Trainer.steps() that checks flags between events, fills the
mailbox, and ends every run exactly once."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread

import engine
from engine import BatchResult, Design, EpochResult, HiddenLayer
from gui.training.frame import RunEnd, RunOutcome, RunRequest
from gui.training.pace import FULL, Pace
from gui.training.worker import Mailbox, TrainingWorker


class Collector(QObject):
    """Lives in the GUI thread; records the worker's two signals."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[RunOutcome] = []
        self.pauses = 0
        self.threads: set = set()

    def on_paused(self) -> None:
        self.threads.add(QThread.currentThread())
        self.pauses += 1

    def on_end(self, outcome: RunOutcome) -> None:
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


SMALL = Design(hidden=(HiddenLayer(16, "relu"),), epochs=3, seed=1)


def request_for(design: Design, **overrides) -> RunRequest:
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
    return RunRequest(**fields)


def wire(worker: TrainingWorker) -> Collector:
    collector = Collector()
    worker.paused.connect(collector.on_paused)
    worker.runEnded.connect(collector.on_end)
    return collector


def start(design: Design, **overrides) -> tuple[TrainingWorker, Collector, QThread]:
    worker = TrainingWorker(request_for(design, **overrides))
    thread = QThread()
    worker.moveToThread(thread)
    collector = wire(worker)
    thread.started.connect(worker.run)
    _RUNNING.append((thread, worker))
    thread.start()
    return worker, collector, thread


def finish(qtbot, thread: QThread, collector: Collector) -> RunOutcome:
    qtbot.waitUntil(lambda: bool(collector.outcomes), timeout=30_000)
    thread.quit()
    assert thread.wait(5000)
    assert len(collector.outcomes) == 1
    return collector.outcomes[0]


def batches(events) -> list[BatchResult]:
    return [e for e in events if isinstance(e, BatchResult)]


def test_a_run_leaves_every_event_in_order_and_ends_once(qtbot):
    worker = TrainingWorker(request_for(SMALL))
    collector = wire(worker)
    worker.run()  # the loop itself, in this thread: no timing involved
    assert [o.reason for o in collector.outcomes] == [RunEnd.COMPLETED]
    assert collector.pauses == 0  # no signal per batch, none per epoch
    events, snapshot = worker.mailbox.take()
    per_epoch = batches(events)[0].batches_per_epoch
    assert len(events) == 3 * (per_epoch + 1)
    epochs = [e for e in events if isinstance(e, EpochResult)]
    assert [e.epoch for e in epochs] == [1, 2, 3]
    # each epoch's result comes right after its last mini-batch
    for k, e in enumerate(events):
        if isinstance(e, EpochResult):
            assert isinstance(events[k - 1], BatchResult)
            assert events[k - 1].batch == per_epoch
    assert snapshot is epochs[-1].snapshot  # the newest weights are the last epoch's
    outcome = collector.outcomes[0]
    assert outcome.epochs_done == 3
    net = worker.request.network
    assert np.array_equal(outcome.snapshot.weights[0], np.asarray(net.weights[0]))
    assert not outcome.snapshot.weights[0].flags.writeable
    assert worker.mailbox.take() == ([], None)  # taken once


def test_stop_before_the_first_event_runs_nothing(qtbot):
    worker = TrainingWorker(request_for(SMALL, epoch_offset=4))
    collector = wire(worker)
    worker.stop()
    worker.run()
    assert [(o.reason, o.epochs_done) for o in collector.outcomes] == [(RunEnd.STOPPED, 4)]
    assert worker.mailbox.take()[0] == []


def test_a_learning_rate_set_before_an_update_is_used(qtbot):
    worker = TrainingWorker(request_for(replace(SMALL, epochs=1)))
    worker.set_learning_rate(0.5)
    worker.run()
    assert worker.request.optimizer.learning_rate == 0.5


def test_snapshot_is_sent_when_the_clock_asks(qtbot):
    mailbox = Mailbox()
    assert mailbox.snapshot_wanted  # the first look is always wanted
    net = engine.build_network(SMALL)
    mailbox.put_snapshot(net.snapshot())
    assert not mailbox.snapshot_wanted
    events, snapshot = mailbox.take()
    assert events == [] and snapshot is not None
    mailbox.want_snapshot()
    assert mailbox.snapshot_wanted


def test_step_batch_and_step_epoch_pause_between_events(qtbot):
    worker, collector, thread = start(SMALL, step_batches=1)
    qtbot.waitUntil(lambda: collector.pauses == 1, timeout=10_000)
    events, snapshot = worker.mailbox.take()
    assert [(e.epoch, e.batch) for e in batches(events)] == [(1, 1)]
    assert snapshot is not None  # the exact weights it paused on
    assert worker.is_paused()
    worker.step_batch()
    qtbot.waitUntil(lambda: collector.pauses == 2, timeout=10_000)
    events, _ = worker.mailbox.take()
    assert [(e.epoch, e.batch) for e in events] == [(1, 2)]
    worker.step_epoch()
    qtbot.waitUntil(lambda: collector.pauses == 3, timeout=10_000)
    events, _ = worker.mailbox.take()
    assert isinstance(events[-1], EpochResult) and events[-1].epoch == 1
    assert batches(events)[0].batch == 3
    worker.stop()
    outcome = finish(qtbot, thread, collector)
    assert (outcome.reason, outcome.epochs_done) == (RunEnd.STOPPED, 1)
    assert collector.threads == {QThread.currentThread()}  # slots ran in the GUI thread


def test_pause_stops_the_events_and_resume_goes_on(qtbot):
    worker, collector, thread = start(replace(SMALL, epochs=5000))
    qtbot.waitUntil(lambda: bool(worker.mailbox.take()[0]), timeout=10_000)
    worker.pause()
    qtbot.waitUntil(lambda: collector.pauses == 1, timeout=10_000)
    worker.mailbox.take()
    qtbot.wait(200)
    assert worker.mailbox.take()[0] == []  # nothing moves while paused
    worker.resume()
    qtbot.waitUntil(lambda: bool(worker.mailbox.take()[0]), timeout=10_000)
    worker.stop()
    outcome = finish(qtbot, thread, collector)
    assert outcome.reason == RunEnd.STOPPED
    assert outcome.epochs_done < 5000


def test_the_pace_sleeps_between_updates_and_stop_wakes_it(qtbot):
    worker, collector, thread = start(
        SMALL, pace=Pace("test", "30 s per update", update_seconds=30.0)
    )
    qtbot.waitUntil(lambda: bool(worker.mailbox.take()[0]), timeout=10_000)
    stopped = time.perf_counter()
    worker.stop()
    outcome = finish(qtbot, thread, collector)
    assert time.perf_counter() - stopped < 2.0  # not the 30 s of the pace
    assert outcome.reason == RunEnd.STOPPED


def test_divergence_reports_the_last_good_epoch(qtbot):
    design = replace(SMALL, learning_rate=1000.0, optimizer="sgd")
    worker = TrainingWorker(request_for(design))
    collector = wire(worker)
    worker.run()
    [outcome] = collector.outcomes
    assert outcome.reason == RunEnd.DIVERGED
    assert outcome.epochs_done == 0
    assert outcome.diverged_epoch == 1
    assert outcome.start_loss == pytest.approx(2.3, abs=0.5)
    fresh = engine.build_network(design)
    assert all(
        np.array_equal(a, b) for a, b in zip(outcome.snapshot.weights, fresh.weights, strict=True)
    )
    # the blown-up loss itself never reaches the mailbox
    losses = [e.loss for e in batches(worker.mailbox.take()[0])]
    assert all(np.isfinite(losses)) and max(losses) < 1e3 * losses[0]


def test_an_engine_exception_ends_the_run_as_failed(qtbot, monkeypatch):
    import gui.training.worker as worker_module

    class BrokenTrainer(worker_module.Trainer):
        def steps(self, *args, **kwargs):
            raise RuntimeError("the engine broke on purpose")

    monkeypatch.setattr(worker_module, "Trainer", BrokenTrainer)
    worker = TrainingWorker(request_for(SMALL, epoch_offset=2))
    collector = wire(worker)
    worker.run()
    [outcome] = collector.outcomes
    assert outcome.reason == RunEnd.FAILED
    assert outcome.epochs_done == 2
    assert "the engine broke on purpose" in outcome.error
    assert "RuntimeError" in outcome.details
    assert outcome.snapshot is not None


def test_a_new_pace_wakes_the_sleep_and_applies_at_once(qtbot):
    worker, collector, thread = start(SMALL, pace=Pace("test", "30 s per update", 30.0))
    qtbot.waitUntil(lambda: bool(worker.mailbox.take()[0]), timeout=10_000)
    worker.set_pace(FULL)  # from 30 s an update to full speed: the run finishes now
    outcome = finish(qtbot, thread, collector)
    assert outcome.reason == RunEnd.COMPLETED and outcome.epochs_done == SMALL.epochs
    assert worker.pacer.interval == 0.0


def test_updates_are_recorded_for_steps_and_when_asked_gradients_while_wanted(qtbot):
    worker, collector, thread = start(SMALL, step_batches=1)
    qtbot.waitUntil(lambda: collector.pauses == 1, timeout=10_000)
    (event,) = batches(worker.mailbox.take()[0])
    assert event.update is not None and event.gradients is None  # a step is always recorded
    assert event.update.params_after.tobytes() == worker.request.network.kernel.params.tobytes()
    worker.set_record_gradients(True)
    worker.step_batch()
    qtbot.waitUntil(lambda: collector.pauses == 2, timeout=10_000)
    (event,) = batches(worker.mailbox.take()[0])
    assert event.update is not None and len(event.gradients.mean_abs_dW) == 2
    worker.step_epoch()  # full speed to the epoch's end: nobody asked for an update
    qtbot.waitUntil(lambda: collector.pauses == 3, timeout=10_000)
    events = batches(worker.mailbox.take()[0])
    assert len(events) > 10
    assert all(e.update is None and e.gradients is not None for e in events)
    worker.step_batch()
    qtbot.waitUntil(lambda: collector.pauses == 4, timeout=10_000)
    assert batches(worker.mailbox.take()[0])[0].update is not None
    worker.mailbox.want_update()
    worker.set_record_gradients(False)
    worker.resume()
    finish_events = finish(qtbot, thread, collector)
    assert finish_events.reason == RunEnd.COMPLETED
    events = batches(worker.mailbox.take()[0])
    assert sum(e.update is not None for e in events) == 1  # one record per request
    assert all(e.gradients is None for e in events)


def test_a_slow_pace_records_every_update_and_a_fast_one_none_unasked(qtbot):
    fast = Pace("test", "100 updates/s", update_seconds=0.01)
    worker, collector, thread = start(SMALL, pace=fast, step_epoch=True)
    qtbot.waitUntil(lambda: collector.pauses == 1, timeout=10_000)
    events = batches(worker.mailbox.take()[0])
    assert len(events) == events[0].batches_per_epoch
    assert all(e.update is None for e in events)  # too fast to follow: only when asked
    worker.set_pace(Pace("test", "10 updates/s", update_seconds=0.1))
    worker.resume()
    got: list[BatchResult] = []

    def enough() -> bool:
        got.extend(batches(worker.mailbox.take()[0]))
        return len(got) >= 4

    qtbot.waitUntil(enough, timeout=10_000)
    worker.pause()
    qtbot.waitUntil(lambda: collector.pauses == 2, timeout=10_000)
    got.extend(batches(worker.mailbox.take()[0]))
    # The first was planned at the old pace; from then on each one is recorded.
    assert all(e.update is not None for e in got[1:])
    worker.stop()
    finish(qtbot, thread, collector)
