"""Owns the network between runs, starts and steers runs, keeps the history, and says what
happened.

A ``QObject`` in the GUI thread. For each run it hands the network to a ``TrainingWorker`` in
a ``QThread`` and takes it back (as a snapshot) when the run ends; in between, the window only
ever sees copies. Its ``FrameClock`` is the only timer that drives the live views: each tick
drains the worker's mailbox into the history and emits one ``Frame`` (``frameReady``), which
``self.router`` hands to every registered view (clock.py says how often). States:
``TrainingState.IDLE -> RUNNING <-> PAUSED -> IDLE``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QThread, Signal

import engine
from engine import Design, DigitsTask, Network, same_data
from engine.updates import UpdateRecord
from gui import messages
from gui.training.adoption import Adoption, decide
from gui.training.clock import FrameClock, FrameRouter, Stopwatch, UpdatePace, WeightsPace
from gui.training.frame import Frame, News, Progress, RunEnd, RunOutcome, TrainingState
from gui.training.history import TrainingHistory
from gui.training.pace import FULL, Pace, fixed_pace
from gui.training.run import RunThread, make_request
from gui.training.worker import TrainingWorker

IDLE, RUNNING, PAUSED = TrainingState.IDLE, TrainingState.RUNNING, TrainingState.PAUSED


class TrainingController(QObject):
    """The model of the training part of the window (no widgets)."""

    frameReady = Signal(Frame)
    taskChanged = Signal(DigitsTask)

    def __init__(self, design: Design, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = TrainingHistory()
        self.router = FrameRouter(self)
        self.frameReady.connect(self.router.deliver)
        self._clock = FrameClock(self._on_tick, self)
        self._weights_pace = WeightsPace()
        self._update_pace = UpdatePace()
        self._design = design
        self._can_train = not engine.validate_design(design)
        self._net: Network = engine.build_network(design)
        self._view_net: Network = self._net
        self._task: DigitsTask | None = None
        self._state = IDLE
        self._status = messages.STATUS_READY
        self._shown: tuple[TrainingState, str] = (IDLE, self._status)
        self._pace: Pace = FULL
        self._run: RunThread | None = None
        self._run_id = 0
        self._target = design.epochs
        self._progress = 0.0
        self._run_start = 0.0
        self._watch = Stopwatch()
        self._paused_at = ""  # what the status says when the worker pauses
        self._shutting_down = False
        self._last_update: UpdateRecord | None = None
        self._gradients_wanted = False
        self._updates_wanted = False

    # ---- read-only views ----------------------------------------------------------------------
    @property
    def state(self) -> TrainingState:
        return self._state

    @property
    def design(self) -> Design:
        return self._design

    @property
    def status(self) -> str:
        return self._status

    @property
    def can_train(self) -> bool:
        """False while the last design offered was invalid."""
        return self._can_train

    @property
    def epochs_done(self) -> int:
        return self.history.last_epoch

    @property
    def target_epochs(self) -> int:
        return self._target

    @property
    def task(self) -> DigitsTask | None:
        return self._task

    def current_network(self) -> Network:
        """The network the views show: the latest snapshot during a run."""
        return self._view_net

    def last_update(self) -> UpdateRecord | None:
        """The newest close look at one update of the shown network (every single step and
        every update of a slow pace; at faster paces now and then while the update view is
        on screen); None before any, and after a reset or a new design."""
        return self._last_update

    def set_gradients_wanted(self, on: bool) -> None:
        """A view shows gradient sizes: the worker measures every batch's while ``on``."""
        self._gradients_wanted = on
        if self._worker is not None:
            self._worker.set_record_gradients(on)

    def set_updates_wanted(self, on: bool) -> None:
        """A view shows single updates: at full speed one is recorded now and then (at the
        weights' pace) while ``on``; single steps and slow paces record every update anyway."""
        self._updates_wanted = on

    def tick_cost(self) -> float:
        """GUI-thread CPU seconds per tick of the clock, as its budget measures it."""
        return self._clock.cost()

    def ensure_task(self) -> DigitsTask:
        """Load the design's data (the engine caches it) and tell the views."""
        if self._task is None:
            self._task = engine.load_task(self._design)
            self.taskChanged.emit(self._task)
        return self._task

    # ---- designs ------------------------------------------------------------------------------
    def adopt(
        self,
        design: Design,
        *,
        network: Network | None = None,
        fresh: bool = False,
        confirm: Callable[[], bool] | None = None,
        status: str = "",
        history: Sequence[Sequence[float | None]] = (),
        epochs_trained: int = 0,
    ) -> Adoption:
        """The one way a design reaches the controller: a designer edit, a preset, a model file.

        With ``network`` (an opened model) the run ends and the network is adopted as it is,
        with the epoch rows it was trained through (``history``, as saved) and the number of
        epochs it was trained for, so the plot shows its curve and the counter its epochs.
        Otherwise the weights are kept unless ``fresh`` or the architecture changed; before
        training would be lost, ``confirm()`` is asked (no answer: no question). A new
        learning rate reaches a running or paused run before its next update; the other
        optimizer and batch settings apply from the next press of Train. The status says
        what happened (``status`` replaces the default sentence); one key frame follows.
        """
        old = self._design
        result = decide(
            old,
            design,
            loaded=network is not None,
            fresh=fresh,
            training_at_stake=self._has_training(),
            confirm=confirm,
        )
        self._can_train = result != Adoption.INVALID
        if result == Adoption.INVALID:
            status = messages.STATUS_INVALID
        elif result == Adoption.KEPT:
            self._design = design
            if design.learning_rate != old.learning_rate and self._worker is not None:
                self._worker.set_learning_rate(design.learning_rate)
                status = status or messages.learning_rate_message(design.learning_rate)
            if self._state == IDLE:
                status = status or messages.STATUS_READY
                if self.history.is_empty():
                    self._target = design.epochs  # the plot's x axis spans the planned epochs
        elif result in (Adoption.RESET, Adoption.LOADED):
            self._abort_run()
            if not same_data(old, design):
                self._task = None
            self._design = design
            net = network if network is not None else engine.build_network(design)
            self._start_over(net, history, epochs_trained)
            status = status or messages.reset_message(design.seed)
        if status and result != Adoption.DECLINED:
            self._set_status(status)
        self._publish(key=True, network_changed=result in (Adoption.RESET, Adoption.LOADED))
        if result in (Adoption.KEPT, Adoption.RESET, Adoption.LOADED):
            self.ensure_task()
        return result

    def reset(self) -> None:
        """Fresh weights from the design's seed; the history is cleared."""
        if not self._refused():
            self.adopt(self._design, fresh=True)

    # ---- commands -----------------------------------------------------------------------------
    def toggle(self) -> None:
        """Space: train when idle, pause when running, resume when paused."""
        if self._state == RUNNING:
            self.pause()
        else:
            self.train()

    def train(self) -> None:
        if self._state == PAUSED and self._worker is not None:
            self._worker.resume()
            self._go(messages.STATUS_TRAINING)
        elif self._state == IDLE and not self._refused():
            self._start()

    def pause(self) -> None:
        if self._state == RUNNING and self._worker is not None:
            self._worker.pause()
            self._set_state(PAUSED)
            self._set_status(messages.STATUS_PAUSED)
            self._publish(key=True)

    def stop(self) -> None:
        """Ask the run to end before the next update; the final frame carries the outcome."""
        if self._worker is not None:
            self._worker.stop()

    def step_batch(self) -> None:
        if self._state == PAUSED and self._worker is not None:
            self._worker.step_batch()
            self._go()
        elif self._state == IDLE and not self._refused():
            self._start(step_batches=1)

    def step_epoch(self) -> None:
        if self._state == PAUSED and self._worker is not None:
            self._worker.step_epoch()
            self._go()
        elif self._state == IDLE and not self._refused():
            self._start(step_epoch=True)

    def set_pace(self, pace: Pace) -> None:
        """How fast runs go for the class (pace.py); a run on changes pace at once."""
        self._pace = pace
        self._clock.set_paced(not pace.is_full)
        if self._worker is not None:
            self._worker.set_pace(pace)

    def set_delay(self, seconds: float) -> None:
        """A fixed pace: ``seconds`` the worker waits after each update (0 = full speed)."""
        self.set_pace(fixed_pace(seconds))

    @property
    def pace(self) -> Pace:
        return self._pace

    def announce(self, text: str) -> None:
        """Say ``text`` in the status line (a file was saved, an error): a key frame."""
        self._set_status(text)
        self._publish(key=True)

    def publish(self) -> None:
        """Send every view a key frame of things as they are (e.g. once they are wired)."""
        self._publish(key=True, network_changed=True)

    def shutdown(self) -> None:
        """Stop any run and wait for its thread: called when the window closes."""
        self._shutting_down = True
        self._abort_run(deliver=False)

    # ---- the run ------------------------------------------------------------------------------
    @property
    def _worker(self) -> TrainingWorker | None:
        return None if self._run is None else self._run.worker  # None between runs

    @property
    def _thread(self) -> QThread | None:
        return None if self._run is None else self._run.thread

    def _start(self, step_batches: int = 0, step_epoch: bool = False) -> None:
        task = self.ensure_task()
        done = self.epochs_done
        self._run_id += 1
        request = make_request(
            self._design,
            task,
            self._net,
            done=done,
            pace=self._pace,
            run_id=self._run_id,
            step_batches=step_batches,
            step_epoch=step_epoch,
        )
        self._target = done + request.epochs
        # Bound methods of this GUI-thread QObject only: they run in the GUI thread.
        self._run = RunThread(request, self._on_worker_paused, self._on_run_ended)
        self._run.worker.set_record_gradients(self._gradients_wanted)
        if self._updates_wanted:
            self._run.worker.mailbox.want_update()
        self._run_start = self._progress = float(done)
        self._watch.clear()
        self._paused_at = messages.STATUS_PAUSED
        self._go(messages.STATUS_TRAINING)
        self._run.start()

    def _go(self, status: str = "") -> None:
        """The worker was told to run (start, resume, a step): tick until it pauses or ends."""
        self._set_state(RUNNING)
        if status:
            self._set_status(status)
        self._publish(key=True)
        self._clock.start(paced=not self._pace.is_full)

    def _refused(self) -> bool:
        """True (and the status says why) when the last design offered was invalid."""
        if self._can_train:
            return False
        self._set_status(messages.STATUS_INVALID)
        self._publish(key=True)
        return True

    def _has_training(self) -> bool:
        return self._state != IDLE or not self.history.is_empty()

    def _abort_run(self, deliver: bool = True) -> None:
        """Stop the run now and wait for its thread; deliver its last signals if asked."""
        run = self._run
        if run is None:
            return
        run.abort(self if deliver else None)  # (delivered: _on_run_ended has released it)
        if self._run is run:  # runEnded was not delivered (shutdown)
            self._release_thread()
            self._set_state(IDLE)

    def _release_thread(self) -> None:
        run, self._run = self._run, None
        self._clock.stop()
        if run is not None:
            run.release()

    def _on_tick(self) -> None:
        """The clock: drain the mailbox into the history, one frame for the views."""
        if self._worker is not None and not self._shutting_down:
            events = self._take(self._worker)
            self._publish(network_changed=events.snapshot is not None, events=events)

    def _on_worker_paused(self) -> None:
        """The worker paused (a step ended, or Pause): show the exact weights at once."""
        worker = self._worker
        if worker is None or not worker.is_paused() or self._shutting_down:
            return  # (resumed again before this signal arrived: the clock goes on)
        self._clock.stop()  # nothing moves while paused
        events = self._take(worker)
        self._set_state(PAUSED)
        self._set_status(self._paused_at)
        self._publish(key=True, network_changed=events.snapshot is not None, events=events)

    def _on_run_ended(self, outcome: RunOutcome) -> None:
        worker = self._worker
        if worker is None or outcome.run_id != self._run_id:
            return
        self._release_thread()
        if self._shutting_down:
            return
        events = self._take(worker).up_to(outcome.epochs_done)  # (after the last tick)
        if self._last_update is not None and self._last_update.epoch > outcome.epochs_done:
            self._last_update = None  # rolled back: that update is not in the kept weights
        # The weights to keep (the last good epoch's after a blow-up), as two independent
        # networks: the one the next run trains, and the one the views show.
        kept = outcome.snapshot if outcome.snapshot is not None else self._net.snapshot()
        self._net = Network.from_snapshot(kept)
        self._view_net = Network.from_snapshot(kept)
        if outcome.reason == RunEnd.DIVERGED:  # the plot still shows the explosion
            self.history.roll_back(
                outcome.epochs_done, outcome.diverged_epoch, outcome.diverged_loss
            )
        else:
            self.history.truncate(outcome.epochs_done)  # a partial epoch goes
        self._progress = float(outcome.epochs_done)
        self._set_state(IDLE)
        last = self.history.rows[-1].test_accuracy if self.history.rows else None
        self._set_status(messages.ending_message(outcome, self._design, last))
        self._publish(True, True, True, events, outcome)

    # ---- frames -------------------------------------------------------------------------------
    def _take(self, worker: TrainingWorker) -> News:
        """Move the mailbox's events into the history; ask the worker for fresh weights."""
        events, snapshot = worker.mailbox.take()
        if self._weights_pace.ask_now():  # (clock.WEIGHTS_INTERVAL)
            worker.mailbox.want_snapshot()
        if self._updates_wanted and self._update_pace.ask_now(self._view_net.parameter_count()):
            worker.mailbox.want_update()  # a close look at one update (clock.UPDATE_INTERVAL)
        news = News.from_events(events, snapshot)
        if news.update is not None:
            self._last_update = news.update
        if snapshot is not None:
            self._view_net = self._weights_pace.network(snapshot)
        self.history.add_batches(news.x, news.losses, news.per_epoch)
        for row in news.rows:
            self.history.add_epoch(row)
        if news.where:
            self._progress = max(self._progress, news.done)
            self._paused_at = news.where
        return news

    def _publish(
        self,
        key: bool = False,
        network_changed: bool = False,
        history_changed: bool = False,
        events: News | None = None,
        outcome: RunOutcome | None = None,
    ) -> None:
        """Emit one frame of the present state (``key``: every view gets it at once)."""
        shown = (self._state, self._status)
        key = key or shown != self._shown
        self._shown = shown
        news = events if events is not None else News()
        frame = Frame(
            network=self._view_net,
            history=self.history,
            progress=Progress.of_run(
                self._progress,
                self._run_start,
                self._target,
                self._watch.elapsed(),
                running=self._state != IDLE,
            ),
            state=self._state,
            status=self._status,
            can_train=self._can_train,
            network_changed=network_changed,
            history_changed=history_changed or bool(news.rows) or bool(news.losses.size),
            rows=news.rows,
            batch_positions=news.x,
            batch_losses=news.losses,
            outcome=outcome,
            key=key,
            update=news.update,
            gradients=news.gradients,
        )
        self.frameReady.emit(frame)

    def _start_over(
        self,
        net: Network,
        history: Sequence[Sequence[float | None]] = (),
        epochs_trained: int = 0,
    ) -> None:
        """Adopt ``net``, idle, with the history it was trained through (none for new weights)."""
        self._net = net
        self._view_net = Network.from_snapshot(net.snapshot())
        self._last_update = None
        self.history.restore(history)
        done = max(epochs_trained, self.history.last_epoch)
        self._target = max(self._design.epochs, done)
        self._progress = self._run_start = float(done)
        self._watch.clear()

    # ---- state ------------------------------------------------------------------------------
    def _set_state(self, state: TrainingState) -> None:
        if state != self._state:
            self._watch.running(state == RUNNING)
            self._state = state

    def _set_status(self, text: str) -> None:
        self._status = text
