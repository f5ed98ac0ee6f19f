"""The training loop, run in a ``QThread``, talking to the window only through copies.

While a run is on, the live ``Network`` belongs to this worker. What crosses to the GUI thread
is immutable: ``NetworkSnapshot`` copies inside frozen dataclasses, emitted by queued signals and
throttled at the source (at most ``MAX_UPDATES_PER_SECOND``, however fast training runs).

The GUI steers the loop through thread-safe flags, never through queued slots (the worker's
thread runs no event loop while training): pause, resume, single steps, speed, learning rate and
stop are all checked in the engine's ``on_batch`` callback, which may block.
"""

from __future__ import annotations

import math
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine import EpochResult, Trainer
from gui.messages import EXPLODE_FACTOR, is_divergent
from gui.training.history import EpochRow

MAX_UPDATES_PER_SECOND = 30.0
#: An epoch whose mean training loss is this many times the first mini-batch's loss has
#: blown up even if every number is still finite (e.g. cross-entropy clipped at log(1e-12)).
EPOCH_EXPLODE_FACTOR = 4.0


@dataclass(frozen=True)
class RunRequest:
    """Everything one run needs. ``network`` and ``optimizer`` are handed over to the worker."""

    network: Any
    optimizer: Any
    batch_size: int | None
    epochs: int
    seed: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    epoch_offset: int = 0
    delay: float = 0.0
    step_batches: int = 0
    step_epoch: bool = False
    run_id: int = 0


@dataclass(frozen=True)
class TrainingUpdate:
    """A throttled look at the network: its weights now, the mini-batch losses and the epoch
    results since the last update (one signal carries them all, however fast epochs end)."""

    run_id: int
    snapshot: Any
    epoch: int
    batch: int
    batches_per_epoch: int
    batch_positions: np.ndarray  # read-only float arrays, one value per mini-batch
    batch_losses: np.ndarray
    paused: bool = False
    rows: tuple[EpochRow, ...] = ()  # epochs finished since the last update, in order


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended. ``snapshot`` holds the weights the GUI should keep."""

    run_id: int
    reason: str  # "completed" | "stopped" | "diverged" | "failed"
    snapshot: Any
    epochs_done: int
    diverged_epoch: int = 0
    diverged_loss: float = math.nan
    start_loss: float = math.nan
    error: str = ""
    details: str = field(default="", repr=False)


class TrainingWorker(QObject):
    """Runs ``engine.Trainer`` for one run; lives in a worker ``QThread``."""

    updateReady = Signal(object)  # TrainingUpdate
    runEnded = Signal(object)  # RunOutcome

    def __init__(self, request: RunRequest) -> None:
        super().__init__()
        self._request = request
        self._cond = threading.Condition()
        self._stop = False
        self._paused = False
        self._step_batches = request.step_batches
        self._step_epoch = request.step_epoch
        self._delay = max(0.0, request.delay)
        self._pending_lr: float | None = None
        self._trainer: Trainer | None = None
        self._interval = 1.0 / MAX_UPDATES_PER_SECOND
        self._last_emit = -math.inf
        # One flag for the slow path: true while anything asks the loop to do more than
        # train (pause, single steps, a delay, a new learning rate, stop).
        self._attention = bool(self._step_batches or self._step_epoch or self._delay)
        self._rows: list[EpochRow] = []
        self._losses: list[float] = []  # since the last update (list.append: the cheapest)
        self._last_batch: Any = None  # the engine's BatchInfo of the latest mini-batch
        self._reference: float | None = None
        self._limit = -math.inf  # losses above this are checked: first batch, then explosions
        self._diverged: tuple[int, float] | None = None

    # ---- steering, called from the GUI thread -------------------------------------------------
    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self._attention = True
            self._cond.notify_all()

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._step_batches = 0
            self._step_epoch = False
            self._attention = True  # re-evaluated by the loop
            self._cond.notify_all()

    def step_batch(self) -> None:
        """Run exactly one more mini-batch, then pause again."""
        with self._cond:
            self._step_batches = 1
            self._step_epoch = False
            self._paused = False
            self._attention = True
            self._cond.notify_all()

    def step_epoch(self) -> None:
        """Run to the end of the current epoch, then pause again."""
        with self._cond:
            self._step_batches = 0
            self._step_epoch = True
            self._paused = False
            self._attention = True
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._paused = False
            self._attention = True
            if self._trainer is not None:
                self._trainer.stop()
            self._cond.notify_all()

    def set_delay(self, seconds: float) -> None:
        """Seconds to wait after every mini-batch (0 = full speed)."""
        with self._cond:
            self._delay = max(0.0, seconds)
            self._attention = True
            self._cond.notify_all()

    def set_update_interval(self, seconds: float) -> None:
        """Send updates at most every ``seconds`` (never more often than 30 per second): no
        point waking the GUI thread more often than it redraws."""
        self._interval = max(1.0 / MAX_UPDATES_PER_SECOND, seconds)

    def set_learning_rate(self, learning_rate: float) -> None:
        """Applied before the next parameter update; the weights are kept."""
        with self._cond:
            self._pending_lr = learning_rate
            self._attention = True

    # ---- the loop, in the worker thread -------------------------------------------------------
    def run(self) -> None:
        """Train; always ends by emitting ``runEnded`` exactly once."""
        request = self._request
        net = request.network
        good_epoch = request.epoch_offset
        epochs_done = request.epoch_offset
        try:
            # Errors in the worker are reported as numbers (inf/nan) that the divergence check
            # handles; np.seterr from the main thread does not reach this thread (NumPy 2).
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                good_snapshot = net.snapshot()
                trainer = Trainer(
                    net,
                    request.optimizer,
                    batch_size=request.batch_size,
                    epochs=request.epochs,
                    seed=request.seed,
                    on_batch=self._on_batch,
                    initial_epoch=request.epoch_offset,
                )
                with self._cond:
                    self._trainer = trainer
                    if self._stop:
                        trainer.stop()
                for result in trainer.run(
                    request.X_train, request.y_train, request.X_test, request.y_test
                ):
                    if self._diverged is not None or self._stop:
                        break
                    row = _row(result)
                    if self._epoch_diverged(row):
                        self._diverged = (row.epoch, row.train_loss)
                        break
                    epochs_done = row.epoch
                    good_epoch = row.epoch
                    good_snapshot = result.snapshot
                    self._rows.append(row)
                    self._flush()  # throttled: at full speed epochs end faster than 30/s
                    if row.epoch < request.epoch_offset + request.epochs:
                        self._gate_epoch_end()
                    if self._stop:
                        break
        except Exception as exc:  # the window reports it; the thread must end cleanly
            if "good_snapshot" in locals():
                self._flush(force=True, snapshot=good_snapshot, with_batches=False)
            self.runEnded.emit(
                RunOutcome(
                    run_id=request.run_id,
                    reason="failed",
                    snapshot=good_snapshot if "good_snapshot" in locals() else None,
                    epochs_done=good_epoch,
                    error=f"{type(exc).__name__}: {exc}",
                    details=traceback.format_exc(),
                )
            )
            return
        if self._diverged is not None:
            # The good epochs still reach the plot; the blown-up batches and weights do not.
            self._flush(force=True, snapshot=good_snapshot, with_batches=False)
            epoch, loss = self._diverged
            self.runEnded.emit(
                RunOutcome(
                    run_id=request.run_id,
                    reason="diverged",
                    snapshot=good_snapshot,
                    epochs_done=good_epoch,
                    diverged_epoch=epoch,
                    diverged_loss=loss,
                    start_loss=self._reference if self._reference is not None else math.nan,
                )
            )
            return
        self._flush(force=True)
        completed = not self._stop and epochs_done >= request.epoch_offset + request.epochs
        self.runEnded.emit(
            RunOutcome(
                run_id=request.run_id,
                reason="completed" if completed else "stopped",
                snapshot=net.snapshot(),
                epochs_done=epochs_done,
            )
        )

    def _on_batch(self, info: Any) -> None:
        """Engine callback after every parameter update: record, check, throttle, gate.

        Called tens of thousands of times a run, so the common case (running at full speed,
        nothing asked) takes no lock, creates no object, and does one list append, one
        comparison for divergence, one clock read and one flag read. The x position of each
        batch is worked out once per update, from the latest batch and the count.
        """
        loss = info.loss
        self._losses.append(loss)
        self._last_batch = info
        # "not <=" is also true for nan; inf is above any limit.
        if not loss <= self._limit:
            if self._reference is None and math.isfinite(loss) and loss > 0:
                self._reference = loss  # the first mini-batch sets the yardstick
                self._limit = EXPLODE_FACTOR * loss
            elif is_divergent(loss, self._reference):
                self._diverged = (info.epoch, float(loss))
                if self._trainer is not None:
                    self._trainer.stop()
                return
        if time.perf_counter() - self._last_emit >= self._interval:
            self._flush()
        if self._attention:
            self._steer()

    def _steer(self) -> None:
        """The slow path of ``_on_batch``: learning rate, single steps, pause, speed, stop."""
        with self._cond:
            if self._pending_lr is not None:
                self._request.optimizer.learning_rate = self._pending_lr
                self._pending_lr = None
            if self._step_batches > 0:
                self._step_batches -= 1
                if self._step_batches == 0:
                    self._paused = True
        self._wait_while_paused()
        self._sleep()
        if self._stop and self._trainer is not None:
            self._trainer.stop()
        with self._cond:
            self._attention = bool(
                self._step_batches
                or self._step_epoch
                or self._paused
                or self._stop
                or self._delay
                or self._pending_lr is not None
            )

    def _gate_epoch_end(self) -> None:
        with self._cond:
            if self._step_epoch:
                self._step_epoch = False
                self._paused = True
        self._wait_while_paused()

    def _wait_while_paused(self) -> None:
        """Block while paused; first send the exact weights, so the class sees where it is."""
        if self._paused and not self._stop:
            self._flush(force=True)
        with self._cond:
            while self._paused and not self._stop:
                self._cond.wait()
            if self._pending_lr is not None:
                self._request.optimizer.learning_rate = self._pending_lr
                self._pending_lr = None

    def _sleep(self) -> None:
        """The speed control: wait after each mini-batch, waking early on stop or pause.

        An update that falls due during the wait is sent on time, from the wait: otherwise
        updates could only leave between batches, and with 10 ms batches a 1/30 s throttle
        would round up to 40 ms (25 updates a second instead of 30).
        """
        if self._delay <= 0 or self._stop:
            self._wait_while_paused()
            return
        deadline = time.perf_counter() + self._delay
        while True:
            with self._cond:
                if self._stop or self._paused:
                    break
                now = time.perf_counter()
                left = deadline - now
                if left <= 0:
                    break
                due = self._last_emit + self._interval - now if self._losses else math.inf
                if due > 0:
                    self._cond.wait(min(left, due))
                    continue
            self._flush()  # outside the lock: the GUI thread may be waiting to steer
        self._wait_while_paused()

    def _flush(self, force: bool = False, snapshot: Any = None, with_batches: bool = True) -> None:
        """Emit what is new if the throttle allows (or ``force``): the weights now (or
        ``snapshot``), the mini-batch losses and the finished epochs since the last update."""
        now = time.perf_counter()
        if not force and now - self._last_emit < self._interval:
            return
        if not force and not self._losses and not self._rows:
            return
        self._last_emit = now
        last = self._last_batch
        if last is not None:
            epoch, batch, per_epoch = last.epoch, last.batch, last.batches_per_epoch
        else:
            epoch, batch, per_epoch = self._request.epoch_offset + 1, 0, 1
        losses = np.array(self._losses if with_batches else (), dtype=float)
        positions = _positions(epoch, batch, per_epoch, len(losses))
        losses.flags.writeable = False
        update = TrainingUpdate(
            run_id=self._request.run_id,
            snapshot=snapshot if snapshot is not None else self._request.network.snapshot(),
            epoch=epoch,
            batch=batch,
            batches_per_epoch=per_epoch,
            batch_positions=positions,
            batch_losses=losses,
            paused=self._paused and not self._stop,
            rows=tuple(self._rows),
        )
        self._losses = []
        self._rows = []
        self.updateReady.emit(update)

    def _epoch_diverged(self, row: EpochRow) -> bool:
        if not (math.isfinite(row.train_loss) and math.isfinite(row.test_loss)):
            return True
        reference = self._reference
        if reference is None:
            return False
        return row.train_loss > EPOCH_EXPLODE_FACTOR * reference or is_divergent(
            row.train_loss, reference
        )


def _row(result: EpochResult) -> EpochRow:
    return EpochRow(
        epoch=int(result.epoch),
        train_loss=float(result.train_loss),
        test_loss=float(result.test_loss),
        train_accuracy=float(result.train_accuracy),
        test_accuracy=float(result.test_accuracy),
    )


def _positions(epoch: int, batch: int, per_epoch: int, count: int) -> np.ndarray:
    """x of the ``count`` consecutive mini-batches ending with ``batch`` of ``epoch``:
    epochs done, fractional, x = (epoch - 1) + batch / batches_per_epoch (read-only)."""
    last = (epoch - 1) * per_epoch + batch - 1  # 0-based index of the latest batch in the run
    index = np.arange(last - count + 1, last + 1)
    x = index // per_epoch + (index % per_epoch + 1) / per_epoch
    x.flags.writeable = False
    return x
