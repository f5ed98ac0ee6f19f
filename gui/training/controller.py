"""Owns the network between runs, starts and steers runs, and keeps the history.

A ``QObject`` in the GUI thread. It hands the network to a ``TrainingWorker`` in a ``QThread``
for each run and takes it back (as a snapshot) when the run ends; in between, the window only
ever sees copies. States: ``idle`` -> ``running`` <-> ``paused`` -> ``idle``.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

import engine
from engine import Design, Network
from gui import messages
from gui.training.history import EpochRow, TrainingHistory
from gui.training.worker import (
    RunOutcome,
    RunRequest,
    TrainingUpdate,
    TrainingWorker,
)

IDLE, RUNNING, PAUSED = "idle", "running", "paused"
#: The views (plot, digit lab) are redrawn at most this often while training: the worker's
#: throttled updates and its epoch results are coalesced into one redraw per interval.
VIEW_REFRESH_SECONDS = 1 / 30
#: At full speed the worker and the GUI share one interpreter lock (Qt's painting holds it
#: too), so every millisecond of GUI-thread CPU is about a millisecond of training lost.
#: Redraws are spaced so that the GUI thread's CPU time (measured, painting included) stays
#: under this share of the wall time; a cheap redraw runs the full 30 per second.
MAX_GUI_SHARE = 0.06
#: The counters and the progress bar change text at most this often while training: ten
#: times a second reads as live, and each repaint of the training bar costs about a ms.
PROGRESS_SECONDS = 0.1

#: Design fields that change the network's shape or its fresh weights: changing one needs a reset.
ARCHITECTURE_FIELDS = ("task", "k", "scaling", "hidden", "loss", "init", "test_size", "seed")


def needs_new_network(old: Design, new: Design) -> bool:
    """True when going from ``old`` to ``new`` cannot keep the current weights."""
    return any(getattr(old, name) != getattr(new, name) for name in ARCHITECTURE_FIELDS)


class TrainingController(QObject):
    """The model of the training part of the window (no widgets)."""

    stateChanged = Signal(str)
    statusChanged = Signal(str)
    networkChanged = Signal(object)  # engine.Network: a copy for the views
    taskChanged = Signal(object)  # engine DigitsTask
    historyChanged = Signal()
    progressChanged = Signal(float, int, float, object)  # epochs done, target, elapsed, left
    runFinished = Signal(object)  # RunOutcome

    def __init__(self, design: Design, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = TrainingHistory()
        self._design = design
        self._net: Network = engine.build_network(design)
        self._view_net: Network = self._net
        self._task: Any = None
        self._state = IDLE
        self._status = messages.STATUS_READY
        self._delay = 0.0
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._run_id = 0
        self._target = design.epochs
        self._progress = 0.0
        self._run_start_progress = 0.0
        self._active_seconds = 0.0
        self._active_since: float | None = None
        self._shutting_down = False
        self._pending_snapshot: Any = None
        self._history_dirty = False
        self._last_refresh = -1.0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh_views)
        # GUI-thread CPU seconds per redraw cycle (everything the GUI thread did from one
        # redraw to the next: plot, digit lab, counters, painting), smoothed.
        self._refresh_cost = 0.0
        self._cycle_cpu = -1.0  # time.thread_time() at the last redraw, -1 before the first
        self._last_progress = -1.0

    # ---- read-only views ----------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def design(self) -> Design:
        return self._design

    @property
    def status(self) -> str:
        return self._status

    @property
    def epochs_done(self) -> int:
        return self.history.last_epoch

    @property
    def target_epochs(self) -> int:
        return self._target

    @property
    def task(self) -> Any:
        return self._task

    def current_network(self) -> Network:
        """The network the views show: the latest snapshot during a run."""
        return self._view_net

    def idle_network(self) -> Network:
        """The controller's own network; only meaningful while idle."""
        return self._net

    def ensure_task(self) -> Any:
        """Load the design's data (the engine caches it) and tell the views."""
        if self._task is None:
            self._task = engine.load_task(self._design)
            self.taskChanged.emit(self._task)
        return self._task

    # ---- design changes -----------------------------------------------------------------------
    def needs_reset_for(self, design: Design) -> bool:
        """True if ``design`` needs fresh weights and there is training to lose."""
        if not needs_new_network(self._design, design):
            return False
        return self._state != IDLE or not self.history.is_empty()

    def apply_design(self, design: Design) -> None:
        """Take a valid design: fresh network if the architecture changed, else keep weights.

        The learning rate reaches a running or paused run before its next update; the other
        optimizer and batch settings apply from the next press of Train.
        """
        old = self._design
        if needs_new_network(old, design):
            self._abort_run()
            task_changed = (old.task, old.k, old.scaling, old.test_size) != (
                design.task,
                design.k,
                design.scaling,
                design.test_size,
            )
            self._design = design
            if task_changed:
                self._task = None
            self.reset()
            return
        self._design = design
        if design.learning_rate != old.learning_rate and self._worker is not None:
            self._worker.set_learning_rate(design.learning_rate)
        if self._state == IDLE and len(self.history) == 0:
            self._target = design.epochs
            self._emit_progress()
            self.historyChanged.emit()  # the plot's x axis spans the planned epochs

    # ---- commands -----------------------------------------------------------------------------
    def toggle(self) -> None:
        """Space: train when idle, pause when running, resume when paused."""
        if self._state == RUNNING:
            self.pause()
        else:
            self.train()

    def train(self) -> None:
        if self._state == PAUSED:
            self._resume()
        elif self._state == IDLE:
            self._start()

    def pause(self) -> None:
        if self._state == RUNNING and self._worker is not None:
            self._worker.pause()
            self._set_state(PAUSED)
            self._set_status(messages.STATUS_PAUSED)

    def stop(self) -> None:
        """Ask the run to end after the current mini-batch; ``runFinished`` follows."""
        if self._worker is not None:
            self._worker.stop()

    def step_batch(self) -> None:
        if self._state == IDLE:
            self._start(step_batches=1)
        elif self._state == PAUSED and self._worker is not None:
            self._worker.step_batch()
            self._set_state(RUNNING)

    def step_epoch(self) -> None:
        if self._state == IDLE:
            self._start(step_epoch=True)
        elif self._state == PAUSED and self._worker is not None:
            self._worker.step_epoch()
            self._set_state(RUNNING)

    def set_delay(self, seconds: float) -> None:
        self._delay = max(0.0, seconds)
        if self._worker is not None:
            self._worker.set_delay(self._delay)
            self._worker.set_update_interval(self.refresh_interval())

    def reset(self) -> None:
        """Fresh weights from the design's seed; the history is cleared."""
        self._abort_run()
        self._net = engine.build_network(self._design)
        self.history.clear()
        self._target = self._design.epochs
        self._progress = 0.0
        self._active_seconds = 0.0
        self._active_since = None
        self._show(self._net)
        self.historyChanged.emit()
        self._emit_progress()
        self._set_status(messages.reset_message(self._design.seed))

    def load_network(self, net: Network, design: Design) -> None:
        """Adopt a network opened from a file, with the design it was trained with."""
        self._abort_run()
        if (design.task, design.k, design.scaling, design.test_size) != (
            self._design.task,
            self._design.k,
            self._design.scaling,
            self._design.test_size,
        ):
            self._task = None
        self._design = design
        self._net = net
        self.history.clear()
        self._target = design.epochs
        self._progress = 0.0
        self._active_seconds = 0.0
        self._show(net)
        self.historyChanged.emit()
        self._emit_progress()

    def shutdown(self) -> None:
        """Stop any run and wait for its thread: called when the window closes."""
        self._shutting_down = True
        self._abort_run(deliver=False)

    # ---- the run ------------------------------------------------------------------------------
    def _start(self, step_batches: int = 0, step_epoch: bool = False) -> None:
        task = self.ensure_task()
        design = self._design
        remaining = design.epochs - self.epochs_done
        if remaining <= 0:
            remaining = design.epochs
        self._target = self.epochs_done + remaining
        self._run_id += 1
        request = RunRequest(
            network=self._net,
            optimizer=engine.build_optimizer(design),
            batch_size=engine.effective_batch_size(design),
            epochs=remaining,
            seed=design.seed + self.epochs_done,
            X_train=task.X_train,
            y_train=task.y_train,
            X_test=task.X_test,
            y_test=task.y_test,
            epoch_offset=self.epochs_done,
            delay=self._delay,
            step_batches=step_batches,
            step_epoch=step_epoch,
            run_id=self._run_id,
        )
        thread = QThread()
        worker = TrainingWorker(request)
        worker.set_update_interval(self.refresh_interval())
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound methods of this GUI-thread QObject only: they run in the GUI thread.
        worker.updateReady.connect(self._on_update)
        worker.runEnded.connect(self._on_run_ended)
        self._thread, self._worker = thread, worker
        self._run_start_progress = float(self.epochs_done)
        self._progress = float(self.epochs_done)
        self._active_seconds = 0.0
        self._active_since = time.monotonic()
        self._cycle_cpu = -1.0
        self._set_state(RUNNING)
        self._set_status(messages.STATUS_TRAINING)
        thread.start()

    def _resume(self) -> None:
        if self._worker is not None:
            self._worker.resume()
            self._set_state(RUNNING)
            self._set_status(messages.STATUS_TRAINING)

    def _abort_run(self, deliver: bool = True) -> None:
        """Stop the run now and wait for its thread; deliver its last signals if asked."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        worker.stop()
        thread.quit()
        thread.wait()
        if deliver:
            # The worker's queued signals (last epoch, runEnded) are waiting in our queue:
            # handle them now, in order, so the run ends exactly as if we had waited.
            QCoreApplication.sendPostedEvents(self)
        if self._thread is thread:  # runEnded was not delivered (shutdown)
            self._release_thread()
            self._set_state(IDLE)

    def _release_thread(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if worker is not None:
            worker.updateReady.disconnect(self._on_update)
            worker.runEnded.disconnect(self._on_run_ended)
            worker.deleteLater()
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()

    def _on_update(self, update: TrainingUpdate) -> None:
        if update.run_id != self._run_id or self._shutting_down:
            return
        self.history.add_batches(update.batch_positions, update.batch_losses)
        for row in update.rows:
            self.history.add_epoch(row)
        self._pending_snapshot = update.snapshot
        self._history_dirty = True
        self._progress = max(
            self._progress,
            float(self.history.last_epoch),
            update.epoch - 1 + update.batch / max(1, update.batches_per_epoch),
        )
        if update.paused and self._state != IDLE:
            self._set_state(PAUSED)
            if update.batch >= update.batches_per_epoch and self.history.last_epoch == update.epoch:
                self._set_status(messages.paused_after_epoch(update.epoch))
            else:
                self._set_status(
                    messages.paused_at(update.epoch, update.batch, update.batches_per_epoch)
                )
            self._refresh_views()  # a pause shows the exact weights at once
        else:
            self._schedule_refresh()

    def _on_run_ended(self, outcome: RunOutcome) -> None:
        if outcome.run_id != self._run_id or self._thread is None:
            return
        self._release_thread()
        self._refresh_timer.stop()
        self._pending_snapshot = None
        if self._shutting_down:
            return
        self._account_time()
        if outcome.snapshot is not None:
            self._net = Network.from_snapshot(outcome.snapshot)
        self.history.truncate(outcome.epochs_done)
        self._progress = float(outcome.epochs_done)
        self._show(self._net)
        self.historyChanged.emit()
        self._set_state(IDLE)
        if outcome.reason == "completed":
            last: EpochRow | None = self.history.rows[-1] if self.history.rows else None
            self._set_status(
                messages.finished_message(outcome.epochs_done, last.test_accuracy if last else None)
            )
        elif outcome.reason == "stopped":
            self._set_status(messages.STATUS_STOPPED)
        elif outcome.reason == "diverged":
            self._set_status(
                messages.divergence_message(
                    self._design.optimizer,
                    self._design.learning_rate,
                    outcome.diverged_loss,
                    outcome.diverged_epoch,
                    outcome.epochs_done,
                    outcome.start_loss,
                )
            )
        else:
            self._set_status(messages.failure_message(outcome.error))
        self._emit_progress()
        self.runFinished.emit(outcome)

    # ---- helpers ------------------------------------------------------------------------------
    def _schedule_refresh(self) -> None:
        """Redraw now if the last redraw is old enough, else once the interval has passed."""
        if self._refresh_timer.isActive():
            return
        wait = self._last_refresh + self.refresh_interval() - time.monotonic()
        if wait <= 0:
            self._refresh_views()
        else:
            self._refresh_timer.start(max(1, int(wait * 1000)))

    def refresh_interval(self) -> float:
        """Seconds between redraws while training: 1/30 s, or longer at full speed when a
        redraw cycle costs the GUI thread more CPU than ``MAX_GUI_SHARE`` allows."""
        if self._delay > 0:  # the worker sleeps between batches: no contention
            return VIEW_REFRESH_SECONDS
        return max(VIEW_REFRESH_SECONDS, self._refresh_cost / MAX_GUI_SHARE)

    def _refresh_views(self) -> None:
        """Hand the latest snapshot to the views and redraw the plot (GUI thread)."""
        self._refresh_timer.stop()
        self._last_refresh = time.monotonic()
        if self._pending_snapshot is not None:
            self._view_net = Network.from_snapshot(self._pending_snapshot)
            self._pending_snapshot = None
            self.networkChanged.emit(self._view_net)
        if self._history_dirty:
            self._history_dirty = False
            self.historyChanged.emit()
        if self._state != RUNNING or self._last_refresh - self._last_progress >= PROGRESS_SECONDS:
            self._emit_progress()
        if self._state != IDLE:
            # The views paint when Qt next paints the window: once for all of them (a
            # synchronous repaint here would paint the plot twice, since setData already
            # asked for a paint). That paint's cost lands in the next cycle's measurement.
            self._measure_cycle()

    def _measure_cycle(self) -> None:
        """Charge the GUI thread's CPU time since the previous redraw to this redraw cycle.

        CPU time, not wall time: while the worker holds the interpreter lock, the GUI thread
        waits without computing, and that wait costs training nothing. Everything the GUI
        thread did in between counts (the lab's repaints, the counters, the heartbeat of a
        benchmark), so the spacing adapts to the real load on the shared lock.
        """
        now = time.thread_time()
        if self._state != RUNNING:  # paused: the class is looking and clicking, not training
            self._cycle_cpu = -1.0
            return
        if self._cycle_cpu >= 0:
            self._refresh_cost = _smooth(self._refresh_cost, now - self._cycle_cpu)
            if self._worker is not None:
                self._worker.set_update_interval(self.refresh_interval())
        self._cycle_cpu = now

    def _show(self, net: Network) -> None:
        self._view_net = Network.from_snapshot(net.snapshot())
        self.networkChanged.emit(self._view_net)

    def _set_state(self, state: str) -> None:
        if state == self._state:
            return
        if state == RUNNING:
            self._active_since = time.monotonic()
        elif self._state == RUNNING:
            self._account_time()
        self._state = state
        self.stateChanged.emit(state)

    def _account_time(self) -> None:
        if self._active_since is not None:
            self._active_seconds += time.monotonic() - self._active_since
            self._active_since = None

    def elapsed(self) -> float:
        """Seconds spent training in this run (pauses not counted)."""
        running = time.monotonic() - self._active_since if self._active_since else 0.0
        return self._active_seconds + running

    def remaining(self) -> float | None:
        """Estimated seconds left in this run, once there is enough to go on."""
        done = self._progress - self._run_start_progress
        total = self._target - self._run_start_progress
        if self._state == IDLE or done <= 0.02 * max(total, 1) or total <= 0:
            return None
        return max(0.0, self.elapsed() * (total - done) / done)

    def _emit_progress(self) -> None:
        self._last_progress = time.monotonic()
        self.progressChanged.emit(self._progress, self._target, self.elapsed(), self.remaining())

    def _set_status(self, text: str) -> None:
        self._status = text
        self.statusChanged.emit(text)


def _smooth(average: float, value: float) -> float:
    """Exponential moving average (the first value is taken as it is)."""
    return value if average == 0 else 0.7 * average + 0.3 * value
