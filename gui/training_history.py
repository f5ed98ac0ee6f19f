"""What the class has seen so far: one row per finished epoch, plus every mini-batch's loss.

Plain Python and NumPy (no Qt), owned by the GUI thread. The plot draws it; File > Export
history writes it as CSV; a divergence rolls it back to the last good epoch.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class EpochRow:
    """The numbers the engine reports at the end of one epoch."""

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float


class TrainingHistory:
    """Epoch rows and the per-batch loss trace, in the order they happened."""

    def __init__(self) -> None:
        self.rows: list[EpochRow] = []
        self._batch_x: list[float] = []
        self._batch_loss: list[float] = []

    def __len__(self) -> int:
        return len(self.rows)

    def is_empty(self) -> bool:
        """True before the first mini-batch (nothing the class would lose on a reset)."""
        return not self.rows and not self._batch_loss

    @property
    def last_epoch(self) -> int:
        return self.rows[-1].epoch if self.rows else 0

    def clear(self) -> None:
        self.rows.clear()
        self._batch_x.clear()
        self._batch_loss.clear()

    def add_epoch(self, row: EpochRow) -> None:
        self.rows.append(row)

    def add_batches(self, positions: tuple[float, ...], losses: tuple[float, ...]) -> None:
        """Record mini-batch losses at x = epochs done (fractional, e.g. 2.5 mid-epoch 3)."""
        self._batch_x.extend(positions)
        self._batch_loss.extend(losses)

    def truncate(self, epoch: int) -> None:
        """Forget everything after the end of ``epoch`` (used when rolling back)."""
        self.rows = [row for row in self.rows if row.epoch <= epoch]
        keep = sum(1 for x in self._batch_x if x <= epoch + 1e-9)
        del self._batch_x[keep:]
        del self._batch_loss[keep:]

    def column(self, name: str) -> np.ndarray:
        """One epoch column as a float array (``epoch``, ``train_loss``, ...)."""
        return np.array([getattr(row, name) for row in self.rows], dtype=float)

    def batch_trace(self) -> tuple[np.ndarray, np.ndarray]:
        """Mini-batch positions and losses, finite values only."""
        x = np.asarray(self._batch_x, dtype=float)
        y = np.asarray(self._batch_loss, dtype=float)
        keep = np.isfinite(y)
        return x[keep], y[keep]

    def write_csv(self, path: str | Path) -> None:
        """One line per epoch; accuracies as fractions 0-1."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"])
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
    return repr(float(value)) if math.isfinite(value) else "nan"
