"""The history the plot draws: rollback truncation and CSV export."""

import csv
import math

import numpy as np

from gui.training_history import EpochRow, TrainingHistory


def _history(epochs: int) -> TrainingHistory:
    history = TrainingHistory()
    for e in range(1, epochs + 1):
        history.add_batches((e - 0.5, float(e)), (3.0 / e, 2.5 / e))
        history.add_epoch(EpochRow(e, 2.0 / e, 2.2 / e, 0.5 + e / 100, 0.4 + e / 100))
    return history


def test_truncate_keeps_rows_and_batches_up_to_the_epoch():
    history = _history(4)
    history.truncate(2)
    assert [row.epoch for row in history.rows] == [1, 2]
    x, _ = history.batch_trace()
    assert np.all(x <= 2)
    assert len(x) == 4
    assert history.last_epoch == 2


def test_batch_trace_drops_non_finite_losses():
    history = TrainingHistory()
    history.add_batches((0.1, 0.2, 0.3), (1.0, math.inf, math.nan))
    x, y = history.batch_trace()
    assert x.tolist() == [0.1]
    assert y.tolist() == [1.0]


def test_write_csv(tmp_path):
    history = _history(3)
    path = tmp_path / "h.csv"
    history.write_csv(path)
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"]
    assert len(rows) == 4
    assert float(rows[2][1]) == 1.0
    assert int(rows[3][0]) == 3
