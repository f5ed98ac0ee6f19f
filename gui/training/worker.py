"""The training loop, run in a ``QThread``: a plain loop over ``Trainer.steps()``.

While a run is on, the live ``Network`` belongs to this worker. Between two engine events the
loop checks the GUI's requests (pause, single steps, stop, a new learning rate, the pace), all
guarded by one ``threading.Condition``; the worker's thread runs no event loop, so requests are
flags, never queued slots. Every event goes into the ``Mailbox``; the controller's clock drains
it (see clock.py). The worker reads the clock only to keep the pace (``pace.Pacer``: it sleeps
until each update's deadline) and never signals per batch: it signals only ``paused`` (so the
GUI can show the exact weights at once) and ``runEnded`` (exactly once).
"""

from __future__ import annotations

import math
import threading
import time
import traceback
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine import BatchResult, EpochResult, Network, NetworkSnapshot, Trainer
from gui.messages import EXPLODE_FACTOR, is_divergent
from gui.training.clock import RECORD_EACH_UPDATE_SECONDS
from gui.training.frame import RunEnd, RunOutcome, RunRequest
from gui.training.pace import Pace, Pacer, fixed_pace, updates_per_epoch

#: An epoch whose training loss is this many times the first mini-batch's loss has blown up
#: even if every number is still finite (e.g. cross-entropy clipped at log(1e-12)).
EPOCH_EXPLODE_FACTOR = 4.0

#: Saturation (issue 11): a run whose epoch training loss changed by less than ``FLAT_LOSS``
#: (relative) over ``FLAT_EPOCHS`` epochs in a row, while every test output is within
#: ``SATURATED_OUTPUT`` of 0 or 1 and the test accuracy is no better than always answering
#: the most common class (plus ``GUESS_MARGIN``), has stopped learning for good: a saturated
#: softmax or sigmoid passes (almost) no gradient back, so nothing will change however long it
#: runs. (MSE or MAE on softmax at learning rate 1000 pins every output at 0 or 1 after one
#: epoch, with one or two answers for every picture.) A network stuck in the *middle* of its
#: output range, like the vanishing-gradient preset at 0.1 everywhere, is not saturated: it is
#: the lesson's own example and its gradients, small as they are, still flow.
FLAT_LOSS = 1e-4
FLAT_EPOCHS = 3
SATURATED_OUTPUT = 0.01
GUESS_MARGIN = 0.05

Event = BatchResult | EpochResult


class Mailbox:
    """Where the worker leaves its events and the clock collects them (lock-protected).

    The clock asks for the weights with ``want_snapshot()``; the worker answers between two
    events with ``put_snapshot`` (only it may read the live network). A snapshot taken at the
    end of an epoch (``EpochResult.snapshot``) answers too.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self._snapshot: NetworkSnapshot | None = None
        #: Read by the worker between events without the lock (a bool: the worst case is
        #: one event's delay); written under the lock.
        self.snapshot_wanted = True
        #: The same for a close look at the next update (engine/updates.py), asked for by
        #: the clock while the update view is on screen (steps and paced runs always get one).
        self.update_wanted = False

    # ---- worker side --------------------------------------------------------------------------
    def put(self, event: Event) -> None:
        with self._lock:
            self._events.append(event)
            if isinstance(event, BatchResult) and event.update is not None:
                self.update_wanted = False
            if isinstance(event, EpochResult):
                self._snapshot = event.snapshot
                self.snapshot_wanted = False

    def put_snapshot(self, snapshot: NetworkSnapshot) -> None:
        with self._lock:
            self._snapshot = snapshot
            self.snapshot_wanted = False

    # ---- clock side ---------------------------------------------------------------------------
    def want_snapshot(self) -> None:
        with self._lock:
            self.snapshot_wanted = True

    def want_update(self) -> None:
        with self._lock:
            self.update_wanted = True

    def take(self) -> tuple[list[Event], NetworkSnapshot | None]:
        """Everything left since the last ``take``: the events in order, the newest weights."""
        with self._lock:
            events, snapshot = self._events, self._snapshot
            self._events, self._snapshot = [], None
        return events, snapshot


class _Divergence:
    """Decides, event by event, whether training has blown up (the rules of gui.messages).

    The first finite, positive mini-batch loss is the yardstick; a batch diverges when its loss
    is not finite or ``EXPLODE_FACTOR`` times the yardstick, an epoch when its losses are not
    finite or its training loss exceeds ``EPOCH_EXPLODE_FACTOR`` times the yardstick.
    """

    def __init__(self) -> None:
        self.reference: float | None = None
        self._limit = -math.inf  # losses up to this are fine without a closer look

    def batch(self, loss: float) -> bool:
        if loss <= self._limit:  # the common case: one comparison (False for nan too)
            return False
        if self.reference is None and math.isfinite(loss) and loss > 0:
            self.reference = loss
            self._limit = EXPLODE_FACTOR * loss
            return False
        return is_divergent(loss, self.reference)

    def epoch(self, result: EpochResult) -> bool:
        if not (math.isfinite(result.train_loss) and math.isfinite(result.test_loss)):
            return True
        if self.reference is None:
            return False
        loss = result.train_loss
        return loss > EPOCH_EXPLODE_FACTOR * self.reference or is_divergent(loss, self.reference)


class _Saturation:
    """Decides, epoch by epoch, whether the outputs saturated and learning stopped.

    The cheap test (a flat loss) runs every epoch; the forward pass over the test pictures
    only when the loss has been flat, so a normal run never pays for it.
    """

    def __init__(self, X_test: np.ndarray, y_test: np.ndarray) -> None:
        self._X, self._y = X_test, np.asarray(y_test)
        labels = np.unique(self._y, return_counts=True)[1] if len(self._y) else np.ones(1)
        #: The accuracy of always answering the most common class: what guessing gets.
        self._guess = float(labels.max() / max(1, len(self._y)))
        self._last: float | None = None
        self.flat = 0  # epochs in a row whose loss did not change

    def epoch(self, result: EpochResult, net: Network) -> bool:
        """Count a flat epoch; True once ``FLAT_EPOCHS`` epochs were equal and saturated."""
        loss, last = float(result.train_loss), self._last
        self._last = loss
        if last is not None and abs(loss - last) <= FLAT_LOSS * max(abs(last), 1e-12):
            self.flat += 1
        else:
            self.flat = 0
        return self.saturated(net, FLAT_EPOCHS - 1)

    def saturated(self, net: Network, flat_epochs: int) -> bool:
        """True if the loss was flat for ``flat_epochs`` epochs and the outputs are pinned."""
        if self.flat < flat_epochs or not len(self._X):
            return False
        out = net.predict_proba(self._X)
        if not np.all(np.minimum(out, 1.0 - out) <= SATURATED_OUTPUT):
            return False
        accuracy = float(np.mean(net.labels_from_output(out) == self._y))
        return accuracy <= self._guess + GUESS_MARGIN


class TrainingWorker(QObject):
    """Runs one ``RunRequest``; lives in a worker ``QThread`` (``thread.started -> run``).

    Connect ``paused`` and ``runEnded`` only to bound methods of GUI-thread QObjects: PySide6
    runs a lambda connected to a worker signal in the worker's thread.
    """

    paused = Signal()  # the loop has just paused; the mailbox holds the exact weights
    runEnded = Signal(RunOutcome)  # exactly once per run

    def __init__(
        self,
        request: RunRequest,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        """``clock`` and ``sleep`` keep the pace (tests pass a fake clock); the default sleep
        waits on the worker's condition, so stop, pause and a new pace wake it."""
        super().__init__()
        self.request = request
        self.mailbox = Mailbox()
        self._cond = threading.Condition()
        self._stop = False
        self._paused = False
        self._step_batches = request.step_batches
        self._step_epoch = request.step_epoch
        self._pacer = Pacer(self._interval(request.pace), clock, sleep or self._nap)
        self._new_pace: Pace | None = None  # asked for by the GUI, applied by the loop
        self._pace_version = 0  # changes with every new pace: wakes a paced wait early
        self._pacing = self._pacer.interval > 0
        self._pending_lr: float | None = None
        self._gradients = False  # measure every batch's gradient sizes (a view asks)
        self._trainer: Trainer | None = None  # the run's, once the loop has begun
        # One flag for the fast path: true while anything asks the loop to do more than
        # train (pause, steps, a pace, a new learning rate, stop); re-derived under the lock.
        self._attention = True

    # ---- requests, from the GUI thread --------------------------------------------------------
    def pause(self) -> None:
        self._ask(paused=True)

    def resume(self) -> None:
        self._ask(paused=False, step_batches=0, step_epoch=False)

    def step_batch(self) -> None:
        """Run exactly one more mini-batch, then pause again."""
        self._ask(paused=False, step_batches=1, step_epoch=False)

    def step_epoch(self) -> None:
        """Run to the end of the current epoch, then pause again."""
        self._ask(paused=False, step_batches=0, step_epoch=True)

    def stop(self) -> None:
        """End the run before the next event (a partial epoch is not reported)."""
        with self._cond:
            self._stop = True
        self._ask()

    def set_pace(self, pace: Pace) -> None:
        """How fast the class sees the run go from the next update on (pace.py)."""
        with self._cond:
            self._new_pace = pace
            self._pace_version += 1
            self._pacing = True
        self._ask()

    def set_delay(self, seconds: float) -> None:
        """A fixed pace: ``seconds`` per update (0 = full speed)."""
        self.set_pace(fixed_pace(seconds))

    @property
    def pacer(self) -> Pacer:
        """The run's pace keeper (read its ``interval`` and ``slept`` after the run)."""
        return self._pacer

    def _interval(self, pace: Pace) -> float:
        """The pace's ``dt`` for this run: the design's epochs, this data's updates per epoch."""
        request = self.request
        updates = updates_per_epoch(len(request.X_train), request.batch_size)
        return pace.interval(request.pace_epochs or request.epochs, updates)

    def set_learning_rate(self, learning_rate: float) -> None:
        """Applied before the next parameter update; the weights are kept."""
        with self._cond:
            self._pending_lr = learning_rate
        self._ask()

    def set_record_gradients(self, on: bool) -> None:
        """Measure each batch's gradient sizes (engine ``record_gradients``) from the next one."""
        with self._cond:
            self._gradients = on
        self._ask()

    def _ask(
        self,
        paused: bool | None = None,
        step_batches: int | None = None,
        step_epoch: bool | None = None,
    ) -> None:
        with self._cond:
            if paused is not None:
                self._paused = paused
            if step_batches is not None:
                self._step_batches = step_batches
            if step_epoch is not None:
                self._step_epoch = step_epoch
            self._attention = True
            self._cond.notify_all()

    def is_paused(self) -> bool:
        """True while the loop is asked to wait (it may still be finishing an update)."""
        with self._cond:
            return self._paused and not self._stop

    # ---- the loop, in the worker thread -------------------------------------------------------
    def run(self) -> None:
        """Train; always ends by emitting ``runEnded`` exactly once (the one end-of-run path)."""
        self.runEnded.emit(self._train())

    def _train(self) -> RunOutcome:
        request = self.request
        self._good = (request.epoch_offset, request.network.snapshot())
        try:
            # NumPy's error state is per thread (the main thread's np.seterr does not reach
            # here): a diverging run's overflows are numbers the watch judges, not warnings.
            with np.errstate(all="ignore"):
                return self._loop()
        except Exception as exc:  # reported in the window; the thread must end cleanly
            good_epoch, good = self._good
            return RunOutcome(
                run_id=request.run_id,
                reason=RunEnd.FAILED,
                snapshot=good,
                epochs_done=good_epoch,
                error=f"{type(exc).__name__}: {exc}",
                details=traceback.format_exc(),
            )

    def _loop(self) -> RunOutcome:
        """The run: one event at a time from ``Trainer.steps()``, steered between events."""
        request = self.request
        net = request.network
        watch = _Divergence()
        stuck = _Saturation(request.X_test, request.y_test)
        mailbox = self.mailbox
        trainer = Trainer(
            net,
            request.optimizer,
            batch_size=request.batch_size,
            epochs=request.epochs,
            seed=request.seed,
            initial_epoch=request.epoch_offset,
        )
        events = trainer.steps(request.X_train, request.y_train, request.X_test, request.y_test)
        self._trainer = trainer
        trainer.record_update = self._record_next()
        trainer.record_gradients = self._gradients
        if self._attention and not self._steer():  # stopped before the first update
            return RunOutcome(request.run_id, RunEnd.STOPPED, net.snapshot(), self._good[0])
        self._pacer.restart()
        for event in events:
            if isinstance(event, BatchResult):
                if watch.batch(event.loss):
                    return self._diverged(event.epoch, event.loss, watch)
                mailbox.put(event)
                if self._step_batches or self._pacing:
                    self._after_batch()
            else:
                ended = self._after_epoch_event(event, watch, stuck)
                if ended is not None:
                    return ended
            if mailbox.snapshot_wanted:
                mailbox.put_snapshot(net.snapshot())
            if self._attention and not self._steer():
                return RunOutcome(request.run_id, RunEnd.STOPPED, net.snapshot(), self._good[0])
            # A close look at the next update when the clock asked for one, and at every
            # update of a single step or a paced run (the class watches each one).
            trainer.record_update = self._record_next()
        return self._completed(stuck)

    def _record_next(self) -> bool:
        """Look closely at the next update: when the clock asked, for a single step, and
        for every update of a pace slow enough to follow (clock.RECORD_EACH_UPDATE_SECONDS)."""
        return (
            self.mailbox.update_wanted
            or self._step_batches > 0
            or self._pacer.interval >= RECORD_EACH_UPDATE_SECONDS
        )

    def _after_epoch_event(
        self, event: EpochResult, watch: _Divergence, stuck: _Saturation
    ) -> RunOutcome | None:
        """An epoch ended: blown up, saturated (the run ends), or kept as the last good one."""
        if watch.epoch(event):
            return self._diverged(event.epoch, event.train_loss, watch)
        self._good = (event.epoch, event.snapshot)
        self.mailbox.put(event)
        if stuck.epoch(event, self.request.network):  # three equal epochs, outputs pinned
            return self._saturated(event.epoch)
        final_epoch = self.request.epoch_offset + self.request.epochs
        if self._step_epoch and event.epoch < final_epoch:
            self._after_epoch()
        return None

    def _completed(self, stuck: _Saturation) -> RunOutcome:
        """All epochs ran; a short run whose last two epochs were equal with the outputs
        pinned is flagged as saturated all the same."""
        if stuck.saturated(self.request.network, 1):
            return self._saturated(self._good[0])
        net = self.request.network
        return RunOutcome(self.request.run_id, RunEnd.COMPLETED, net.snapshot(), self._good[0])

    def _saturated(self, epoch: int) -> RunOutcome:
        """Learning stopped: keep the weights (nothing blew up) and say why it stopped."""
        return RunOutcome(
            run_id=self.request.run_id,
            reason=RunEnd.SATURATED,
            snapshot=self.request.network.snapshot(),
            epochs_done=epoch,
            diverged_epoch=epoch,
        )

    def _diverged(self, epoch: int, loss: float, watch: _Divergence) -> RunOutcome:
        """The run blew up: keep the last good epoch's weights (the mailbox keeps the events
        up to here; the controller rolls the history back to that epoch)."""
        good_epoch, good = self._good
        return RunOutcome(
            run_id=self.request.run_id,
            reason=RunEnd.DIVERGED,
            snapshot=good,
            epochs_done=good_epoch,
            diverged_epoch=epoch,
            diverged_loss=float(loss),
            start_loss=watch.reference if watch.reference is not None else math.nan,
        )

    def _after_batch(self) -> None:
        """After a mini-batch: count a single step down, or keep the pace."""
        with self._cond:
            if self._step_batches > 0:
                self._step_batches -= 1
                if self._step_batches == 0:
                    self._paused = True
                self._attention = True
                return
            if self._new_pace is not None:
                self._pacer.set_interval(self._interval(self._new_pace))
                self._new_pace = None
            self._pacing = self._pacer.interval > 0
            if self._stop or self._paused:
                return
        self._pacer.after_update()  # sleeps (self._nap) until the next update is due

    def _nap(self, seconds: float) -> None:
        """The pace's sleep: on the condition, so stop, pause or a new pace wake it early."""
        with self._cond:
            version = self._pace_version
            self._cond.wait_for(
                lambda: self._stop or self._paused or self._pace_version != version,
                timeout=seconds,
            )

    def _after_epoch(self) -> None:
        with self._cond:
            self._step_epoch = False
            self._paused = True
            self._attention = True

    def _steer(self) -> bool:
        """Between events: wait while paused, apply a new learning rate. False to stop."""
        with self._cond:
            pausing = self._paused and not self._stop
        if pausing:
            # The class should see the exact weights it paused on: hand them over and wake
            # the clock (outside the lock: the GUI thread may be waiting for it).
            self.mailbox.put_snapshot(self.request.network.snapshot())
            self.paused.emit()
        with self._cond:
            while self._paused and not self._stop:
                self._cond.wait()
            if pausing:
                self._pacer.restart()  # the pace goes on from the resume, no catching up
            if self._pending_lr is not None:
                self.request.optimizer.learning_rate = self._pending_lr
                self._pending_lr = None
            if self._trainer is not None:
                self._trainer.record_gradients = self._gradients
            self._attention = self._stop
            return not self._stop
