"""What the class has seen so far: one row per finished epoch, plus every mini-batch's loss.

Plain Python and NumPy (no Qt), owned by the GUI thread. The plot draws it; File > Export
history writes it as CSV; a divergence rolls it back to the last good epoch.

The numbers live in NumPy buffers that grow by doubling, so adding an update's worth of
batches costs time in proportion to what is new, not to the whole run (a long stochastic run
has tens of thousands of mini-batches, and the plot reads them 30 times a second).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The epoch columns, in the order of ``EpochRow``'s fields.
COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


@dataclass(frozen=True)
class Divergence:
    """What a blown-up run left behind for the plot after its roll-back: the mini-batch losses
    after the last good epoch up to and including the explosion (``x``, ``losses``; the last
    may be inf or nan), where the run was stopped (``stop_x``, ``stop_loss``) and the epoch the
    weights were rolled back to."""

    x: np.ndarray
    losses: np.ndarray
    stop_x: float
    stop_loss: float
    rolled_back_to: int


@dataclass(frozen=True)
class EpochRow:
    """The numbers the engine reports at the end of one epoch."""

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float


class _Growing:
    """A float64 array that grows by doubling: append is amortised O(new values)."""

    def __init__(self, columns: int) -> None:
        self._data = np.empty((16, columns), dtype=float)
        self.size = 0

    def append(self, values: np.ndarray) -> None:
        """Append rows (an (n, columns) array)."""
        n = len(values)
        need = self.size + n
        if need > len(self._data):
            grown = np.empty((max(need, 2 * len(self._data)), self._data.shape[1]), dtype=float)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : need] = values
        self.size = need

    def view(self) -> np.ndarray:
        """The filled rows (a view: valid until the next append)."""
        return self._data[: self.size]


class TrainingHistory:
    """Epoch rows and the per-batch loss trace, in the order they happened."""

    def __init__(self) -> None:
        self.rows: list[EpochRow] = []
        self._epochs = _Growing(len(COLUMNS))
        self._batches = _Growing(2)  # x (epochs done, fractional), loss
        #: Changes whenever data is removed (clear, truncate): a reader that keeps its own
        #: incremental copy starts over when it sees a new revision.
        self.revision = 0
        #: Mini-batches per epoch of the run being recorded (0: not known, e.g. an opened model)
        self.batches_per_epoch = 0
        #: Mini-batches of each recorded epoch (epoch -> count), for the epoch log's "45/45".
        self.steps: dict[int, int] = {}
        #: The last blow-up, kept for the plot until new numbers arrive (None: none to show).
        self.divergence: Divergence | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def is_empty(self) -> bool:
        """True before the first mini-batch (nothing the class would lose on a reset)."""
        return not self.rows and not self._batches.size

    @property
    def last_epoch(self) -> int:
        return self.rows[-1].epoch if self.rows else 0

    @property
    def batch_count(self) -> int:
        """Mini-batches recorded so far (finite or not)."""
        return self._batches.size

    def clear(self) -> None:
        self.rows.clear()
        self._epochs.size = 0
        self._batches.size = 0
        self.steps.clear()
        self.divergence = None
        self.revision += 1

    def add_epoch(self, row: EpochRow) -> None:
        self.rows.append(row)
        self.divergence = None
        if self.batches_per_epoch:
            self.steps[row.epoch] = self.batches_per_epoch
        self._epochs.append(
            np.array(
                [
                    [
                        row.epoch,
                        row.train_loss,
                        row.test_loss,
                        row.train_accuracy,
                        row.test_accuracy,
                    ]
                ],
                dtype=float,
            )
        )

    def restore(self, rows: Sequence[Sequence[float | None]]) -> None:
        """Start over from saved epoch rows (an opened model's history): ``(epoch,
        train_loss, test_loss, train_accuracy, test_accuracy)`` each; a missing number
        (None) is kept as NaN, which the plot leaves out and the CSV writes as empty."""
        self.clear()
        self.batches_per_epoch = 0  # not saved: the epoch log prints no step counts for them
        for row in rows:
            epoch, *numbers = row
            values = [math.nan if v is None else float(v) for v in numbers]
            self.add_epoch(EpochRow(int(epoch or 0), *values))

    def add_batches(
        self,
        positions: Sequence[float] | np.ndarray,
        losses: Sequence[float] | np.ndarray,
        per_epoch: int = 0,
    ) -> None:
        """Record mini-batch losses at x = epochs done (fractional, e.g. 2.5 mid-epoch 3);
        ``per_epoch``: mini-batches per epoch of the run they come from (0: unchanged)."""
        n = len(losses)
        if per_epoch:
            self.batches_per_epoch = int(per_epoch)
        if n == 0:
            return
        self.divergence = None  # a new run: the old blow-up is history
        block = np.empty((n, 2), dtype=float)
        block[:, 0] = positions
        block[:, 1] = losses
        self._batches.append(block)

    def truncate(self, epoch: int) -> None:
        """Forget everything after the end of ``epoch`` (used when rolling back)."""
        rows = [row for row in self.rows if row.epoch <= epoch]
        keep = int(np.count_nonzero(self._batches.view()[:, 0] <= epoch + 1e-9))
        if len(rows) != len(self.rows) or keep != self._batches.size:
            self.rows = rows
            self._epochs.size = len(rows)  # epochs come in order: the kept rows are a prefix
            self._batches.size = keep
            self.steps = {e: n for e, n in self.steps.items() if e <= epoch}
            self.revision += 1

    def roll_back(self, epoch: int, stop_epoch: int, stop_loss: float) -> None:
        """A blow-up: forget everything after ``epoch`` like ``truncate``, but keep the
        mini-batches that were cut as ``divergence`` so the plot can show the explosion.

        The watch stops a run at the mini-batch whose loss ``stop_loss`` blew up (it is not in
        the history: the run ended before reporting it), i.e. the one after the last recorded
        batch of epoch ``stop_epoch``; or at the end of ``stop_epoch`` when the epoch's loss as
        a whole blew up (all its batches are recorded). That point ends the kept trace.
        """
        cut = self._batches.view()[:, 0] > epoch + 1e-9
        tail = self._batches.view()[cut]
        per_epoch = self.batches_per_epoch
        in_epoch = int(np.count_nonzero(tail[:, 0] > stop_epoch - 1 + 1e-9))
        if per_epoch and in_epoch < per_epoch:  # the next mini-batch blew up
            stop_x = (stop_epoch - 1) + (in_epoch + 1) / per_epoch
        else:  # the epoch's loss blew up
            stop_x = float(stop_epoch)
        x = np.append(tail[:, 0], stop_x)
        losses = np.append(tail[:, 1], stop_loss)
        self.truncate(epoch)
        x.flags.writeable = losses.flags.writeable = False
        self.divergence = Divergence(x, losses, stop_x, float(stop_loss), epoch)
        self.revision += 1

    def column(self, name: str) -> np.ndarray:
        """One epoch column as a float array (``epoch``, ``train_loss``, ...), a copy."""
        return self._epochs.view()[:, COLUMNS.index(name)].copy()

    def columns(self) -> np.ndarray:
        """All epoch columns, shape (epochs, 5) in ``COLUMNS`` order (a read-only view)."""
        view = self._epochs.view()
        view.flags.writeable = False
        return view

    def batch_trace(self) -> tuple[np.ndarray, np.ndarray]:
        """Mini-batch positions and losses, finite values only."""
        return self.batch_trace_since(0)

    def batch_trace_since(self, start: int) -> tuple[np.ndarray, np.ndarray]:
        """The finite mini-batch (positions, losses) recorded from index ``start`` on (the
        plot reads only what is new since its last redraw)."""
        block = self._batches.view()[start:]
        keep = np.isfinite(block[:, 1])
        if keep.all():
            return block[:, 0].copy(), block[:, 1].copy()
        return block[keep, 0], block[keep, 1]

    def write_csv(self, path: str | Path) -> None:
        """One line per epoch; accuracies as fractions 0-1."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(list(COLUMNS))
            for row in self.rows:
                writer.writerow(
                    [
                        row.epoch,
                        _fmt(row.train_loss),
                        _fmt(row.test_loss),
                        _fmt(row.train_accuracy),
                        _fmt(row.test_accuracy),
                    ]
                )


def _fmt(value: float) -> str:
    # A missing number (a blown-up epoch, a gap in an opened model's history) is an empty
    # cell: spreadsheets read it as missing, where "nan" would be text in a number column.
    return repr(float(value)) if math.isfinite(value) else ""
