"""The typed boundary of the training path: what crosses between the worker, the controller
and the views.

    worker thread                       GUI thread
    -------------                       ----------
    RunRequest  --(handed over)-->      (the worker owns the network until the run ends)
    events      --> Mailbox -->         clock tick --> Frame --> every view's on_frame(frame)
    RunOutcome  --(runEnded signal)-->  the final Frame carries it

Everything here is frozen; arrays are read-only. States and outcomes are ``StrEnum`` members,
so no code compares against string literals (a ``StrEnum`` still equals its value, which keeps
``trainingFinished(str)`` and old checks such as ``state == "idle"`` working).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field, replace

import numpy as np

from engine import BatchResult, EpochResult, Network, NetworkSnapshot, Optimizer
from engine.updates import GradientStats, UpdateRecord
from gui import messages
from gui.training.history import EpochRow, TrainingHistory
from gui.training.pace import FULL, Pace


class TrainingState(enum.StrEnum):
    """The controller's state: idle -> running <-> paused -> idle."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"


class RunEnd(enum.StrEnum):
    """How a run ended (``MainWindow.trainingFinished`` carries the value)."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    DIVERGED = "diverged"
    FAILED = "failed"
    #: The loss went flat because the outputs saturated (every picture, the same answer):
    #: the weights are kept, like a completed run, and the status says why learning stopped.
    SATURATED = "saturated"


@dataclass(frozen=True)
class RunRequest:
    """Everything one run needs. ``network`` and ``optimizer`` are handed over to the worker:
    the GUI thread does not touch them until the run has ended."""

    network: Network
    optimizer: Optimizer
    batch_size: int | None
    epochs: int
    seed: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    epoch_offset: int = 0
    pace: Pace = FULL  # how fast the class sees it go (the speed slider; pace.py)
    pace_epochs: int = 0  # the design's epochs, which a run pace spreads over its time (0: epochs)
    step_batches: int = 0  # start by running this many mini-batches, then pause
    step_epoch: bool = False  # start by running to the end of the epoch, then pause
    run_id: int = 0


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended. ``snapshot`` holds the weights the GUI keeps (for a divergence or a
    failure: the last good epoch's); ``epochs_done`` is the last epoch those weights finished."""

    run_id: int
    reason: RunEnd
    snapshot: NetworkSnapshot | None
    epochs_done: int
    diverged_epoch: int = 0
    diverged_loss: float = math.nan
    start_loss: float = math.nan
    error: str = ""
    details: str = field(default="", repr=False)


@dataclass(frozen=True)
class Progress:
    """Epochs done (fractional mid-epoch) out of ``target``; seconds spent training in this run
    (pauses not counted) and the estimate of what is left (None until it can be guessed)."""

    done: float
    target: int
    elapsed: float
    remaining: float | None

    @property
    def epochs_finished(self) -> int:
        return int(self.done + 1e-9)

    @classmethod
    def of_run(
        cls, done: float, start: float, target: int, elapsed: float, *, running: bool
    ) -> Progress:
        """Where a run that began at epoch ``start`` is, ``elapsed`` seconds of training in.

        The time left is extrapolated from the pace so far, once a run is on and past 2 % of
        its epochs (before that the first epochs' warm-up would make the guess jump about).
        """
        run_done, run_total = done - start, target - start
        remaining = None
        if running and run_done > 0.02 * max(run_total, 1) and run_total > 0:
            remaining = max(0.0, elapsed * (run_total - run_done) / run_done)
        return cls(done, target, elapsed, remaining)


@dataclass(frozen=True)
class GradientPoint:
    """One mini-batch's gradient sizes and saturated shares at x = its fractional epoch."""

    x: float
    stats: GradientStats


def _empty() -> np.ndarray:
    array = np.empty(0)
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Frame:
    """One tick of the clock: everything a live view shows, at one moment.

    ``network`` is the network the views show (a copy built from ``snapshot``: read it, never
    change it); it is the same object as in the previous frame unless ``network_changed``.
    ``rows`` and ``batch_positions``/``batch_losses`` are what is new since the previous frame
    (a view that skipped frames receives them merged, see ``merge_frames``); ``history`` is
    the controller's whole record, to read during the handler only (the GUI thread owns it).
    ``outcome`` is set on the frame that ends a run.
    """

    network: Network
    history: TrainingHistory
    progress: Progress
    state: TrainingState
    status: str
    can_train: bool = True
    network_changed: bool = False
    history_changed: bool = False
    rows: tuple[EpochRow, ...] = ()
    batch_positions: np.ndarray = field(default_factory=_empty)
    batch_losses: np.ndarray = field(default_factory=_empty)
    outcome: RunOutcome | None = None
    #: A frame every view gets at once, whatever its rate: a state change, a pause, a reset,
    #: the end of a run. Rates only thin out the stream of a running run.
    key: bool = False
    #: The newest close look at one update (engine/updates.py) among the news, if any.
    update: UpdateRecord | None = None
    #: Gradient sizes of the news' mini-batches (only while a view asks the controller).
    gradients: tuple[GradientPoint, ...] = ()


def merge_frames(frames: list[Frame]) -> Frame:
    """The frames a view skipped, as one: the latest state and network, the news of all of them
    (one concatenation, however many frames were skipped)."""
    last = frames[-1]
    if len(frames) == 1:
        return last
    positions = np.concatenate([f.batch_positions for f in frames])
    losses = np.concatenate([f.batch_losses for f in frames])
    positions.flags.writeable = False
    losses.flags.writeable = False
    return replace(
        last,
        network_changed=any(f.network_changed for f in frames),
        history_changed=any(f.history_changed for f in frames),
        rows=tuple(row for f in frames for row in f.rows),
        batch_positions=positions,
        batch_losses=losses,
        outcome=next((f.outcome for f in reversed(frames) if f.outcome is not None), None),
        key=any(f.key for f in frames),
        update=next((f.update for f in reversed(frames) if f.update is not None), None),
        gradients=tuple(point for f in frames for point in f.gradients),
    )


def _frozen(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


@dataclass(frozen=True)
class News:
    """What one drain of the worker's mailbox brought, as the frame's deltas: the finished
    epochs' rows, every mini-batch at x = (epoch - 1) + batch / batches_per_epoch with its
    loss, the newest weights; ``done`` and ``where`` describe the last event (epochs done,
    fractional; the status if the run pauses there; '' without events)."""

    rows: tuple[EpochRow, ...] = ()
    x: np.ndarray = field(default_factory=_empty)
    losses: np.ndarray = field(default_factory=_empty)
    snapshot: NetworkSnapshot | None = None
    done: float = 0.0
    where: str = ""
    update: UpdateRecord | None = None
    gradients: tuple[GradientPoint, ...] = ()
    per_epoch: int = 0  # mini-batches per epoch of the run (0: no mini-batch in the drain)

    @classmethod
    def from_events(
        cls, events: list[BatchResult | EpochResult], snapshot: NetworkSnapshot | None
    ) -> News:
        batches = [e for e in events if isinstance(e, BatchResult)]
        rows = tuple(_row(e) for e in events if isinstance(e, EpochResult))
        n = len(batches)
        x = np.fromiter(((b.epoch - 1) + b.batch / b.batches_per_epoch for b in batches), float, n)
        losses = np.fromiter((b.loss for b in batches), float, n)
        done, where = 0.0, ""
        if events:
            last = events[-1]
            if isinstance(last, BatchResult):
                done = float(x[-1])
                where = messages.paused_at(last.epoch, last.batch, last.batches_per_epoch)
            else:
                done = float(last.epoch)
                where = messages.paused_after_epoch(last.epoch)
        update = next((b.update for b in reversed(batches) if b.update is not None), None)
        gradients = tuple(
            GradientPoint(float(x[i]), b.gradients)
            for i, b in enumerate(batches)
            if b.gradients is not None
        )
        per_epoch = batches[-1].batches_per_epoch if batches else 0
        return cls(
            rows, _frozen(x), _frozen(losses), snapshot, done, where, update, gradients, per_epoch
        )

    def up_to(self, epoch: int) -> News:
        """Only what survives a roll-back to the end of ``epoch`` (the weights do not)."""
        keep = self.x <= epoch + 1e-9
        rows = tuple(row for row in self.rows if row.epoch <= epoch)
        update = self.update if self.update is not None and self.update.epoch <= epoch else None
        gradients = tuple(p for p in self.gradients if p.x <= epoch + 1e-9)
        return News(
            rows,
            _frozen(self.x[keep]),
            _frozen(self.losses[keep]),
            None,
            update=update,
            gradients=gradients,
        )


def _row(result: EpochResult) -> EpochRow:
    return EpochRow(
        epoch=int(result.epoch),
        train_loss=float(result.train_loss),
        test_loss=float(result.test_loss),
        train_accuracy=float(result.train_accuracy),
        test_accuracy=float(result.test_accuracy),
    )
