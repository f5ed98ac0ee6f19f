"""Every run of the session, kept while the app runs: what was trained and how it ended.

Plain Python and NumPy (no Qt). A ``RunRecord`` is made when a run ends, from the controller's
history (copied, read-only) and the design it trained; Reset, a preset or a new shape never
erase it. Pressing Train again on the same network (after Stop, or for more epochs) continues
the same curve, so its record is brought up to date instead of a second one being added; a
run continues the last record when the history still holds that record's first epoch row
(the very object: a reset or an opened model makes new rows), or nothing has been removed
from it since (same revision).

``RunLog.write_csv`` writes one line per run (what the run table shows, plus the design as
JSON so a run can be rebuilt).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from engine import Design
from engine.comparisons import EPOCHS, updates_per_epoch
from engine.design_diff import design_summary
from engine.session_file import RunData
from gui.training.history import COLUMNS, EpochRow, TrainingHistory

#: The CSV's columns, in order (accuracy as a fraction 0-1, time in seconds).
CSV_COLUMNS = (
    "run",
    "design",
    "epochs",
    "train_loss",
    "test_loss",
    "test_accuracy",
    "seconds",
    "ended",
    "design_json",
)


#: A record keeps its mini-batch losses averaged down to at most this many points.
TRACE_POINTS = 150


def binned_trace(x: np.ndarray, y: np.ndarray, max_points: int = TRACE_POINTS) -> np.ndarray:
    """(x, loss) of consecutive mini-batches averaged in equal bins of ``ceil(n /
    max_points)`` batches, shape (points, 2), read-only: the loss per update, smoothed only
    as much as a curve of ``max_points`` points needs."""
    n = len(x)
    size = max(1, -(-n // max_points))
    full = n - n % size
    parts = [np.column_stack([x[:full], y[:full]]).reshape(-1, size, 2).mean(axis=1)]
    if full < n:
        parts.append(np.array([[x[full:].mean(), y[full:].mean()]]))
    trace = np.concatenate(parts) if n else np.empty((0, 2))
    trace.flags.writeable = False
    return trace


@dataclass(frozen=True)
class RunRecord(RunData):
    """One run (the fields of ``engine.session_file.RunData``: its curve read-only, in
    ``COLUMNS`` order, its time without pauses, its trace binned by ``binned_trace``) and
    what the run table and the ghosts read from it."""

    @property
    def epochs(self) -> int:
        return int(self.curve[-1, 0]) if len(self.curve) else 0

    def last(self, column: str) -> float:
        """The last epoch's value in ``column`` (NaN for a run without a finished epoch)."""
        return float(self.curve[-1, COLUMNS.index(column)]) if len(self.curve) else math.nan

    @property
    def train_loss(self) -> float:
        return self.last("train_loss")

    @property
    def test_loss(self) -> float:
        return self.last("test_loss")

    @property
    def test_accuracy(self) -> float:
        return self.last("test_accuracy")

    @property
    def summary(self) -> str:
        return design_summary(self.design)

    def x(self, axis: str = EPOCHS) -> np.ndarray:
        """The curve's x: epochs, or updates of the weights (epochs × updates per epoch)."""
        epochs = self.curve[:, 0]
        return epochs if axis == EPOCHS else epochs * updates_per_epoch(self.design)

    def points(self, axis: str = EPOCHS) -> tuple[np.ndarray, np.ndarray]:
        """What a ghost draws: per epoch, the training loss at each epoch's end; per update,
        the mini-batch losses (binned), at x = updates done (the epoch curve if no batch
        was recorded, as for an opened model)."""
        if axis == EPOCHS or not len(self.trace):
            return self.x(axis), self.curve[:, 1]
        return self.trace[:, 0] * updates_per_epoch(self.design), self.trace[:, 1]


class RunLog:
    """The session's runs, oldest first, numbered from 1 (numbers are never reused)."""

    def __init__(self) -> None:
        self.records: list[RunRecord] = []
        self._next_number = 1
        self._first_row: EpochRow | None = None  # the last record's first epoch row
        self._revision = -1  # the history's revision when the last record was made
        self._history: TrainingHistory | None = None

    def __len__(self) -> int:
        return len(self.records)

    def record(
        self, design: Design, history: TrainingHistory, ended: str, seconds: float
    ) -> RunRecord:
        """A run ended: add its record, or bring the last one up to date if this run
        continued it (same network, same curve); the times add up."""
        curve = np.array(history.columns(), dtype=float)
        curve.flags.writeable = False
        trace = binned_trace(*history.batch_trace())
        previous = self.records[-1] if self.records and self.continues(history) else None
        if previous is not None:
            record = replace(
                previous,
                design=design,
                curve=curve,
                ended=ended,
                seconds=previous.seconds + seconds,
                trace=trace,
            )
            self.records[-1] = record
        else:
            record = RunRecord(self._next_number, design, curve, ended, seconds, trace)
            self._next_number += 1
            self.records.append(record)
        self._history = history
        self._first_row = history.rows[0] if history.rows else None
        self._revision = history.revision
        return record

    def continues(self, history: TrainingHistory) -> bool:
        """True while ``history`` is still the last record's curve (the live one)."""
        if not self.records or history is not self._history:
            return False
        if self._first_row is not None and history.rows:
            return history.rows[0] is self._first_row
        return history.revision == self._revision

    def live_number(self, history: TrainingHistory) -> int | None:
        """The number of the record the plot is drawing live (None: every record is past)."""
        return self.records[-1].number if self.continues(history) else None

    def get(self, number: int) -> RunRecord:
        for record in self.records:
            if record.number == number:
                return record
        raise KeyError(number)

    def remove(self, numbers: set[int] | frozenset[int]) -> None:
        """Forget the runs numbered ``numbers`` (the live one too: its next end is new)."""
        if self.records and self.records[-1].number in numbers:
            self._history = None
        self.records = [r for r in self.records if r.number not in numbers]

    def clear(self) -> None:
        self.remove({r.number for r in self.records})

    def restore(self, records: list[RunRecord], history: TrainingHistory | None = None) -> None:
        """An opened session's runs replace these; numbering goes on after the highest. If
        the last record's curve is ``history``'s (as saved), it stays the live run."""
        self.records = list(records)
        self._next_number = max((r.number for r in records), default=0) + 1
        self._history = self._first_row = None
        last = self.records[-1].curve if self.records else np.empty((0, len(COLUMNS)))
        if (
            history is not None
            and history.rows
            and len(last)
            and np.array_equal(last, history.columns(), equal_nan=True)
        ):
            self._history, self._first_row = history, history.rows[0]
            self._revision = history.revision

    def write_csv(self, path: str | Path) -> None:
        """One line per run, ``CSV_COLUMNS``; a missing number is an empty cell."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for r in self.records:
                writer.writerow(
                    [
                        r.number,
                        r.summary,
                        r.epochs,
                        _fmt(r.train_loss),
                        _fmt(r.test_loss),
                        _fmt(r.test_accuracy),
                        _fmt(r.seconds),
                        r.ended,
                        json.dumps(r.design.to_dict(), ensure_ascii=False),
                    ]
                )


def _fmt(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ""
