"""The run log: one record per run, a continued run updates its record, a reset starts a new
one; the CSV round-trips."""

from __future__ import annotations

import csv
import json
import math

import numpy as np

from engine import Design
from gui.training.history import EpochRow, TrainingHistory
from gui.training.run_log import CSV_COLUMNS, RunLog, binned_trace


def rows(history: TrainingHistory, start: int, n: int) -> None:
    for epoch in range(start, start + n):
        history.add_epoch(EpochRow(epoch, 1.0 / epoch, 1.1 / epoch, 0.5, 0.4 + epoch / 100))


def test_continuing_a_run_updates_its_record():
    history, log = TrainingHistory(), RunLog()
    rows(history, 1, 2)
    first = log.record(Design(), history, "stopped", 1.5)
    assert log.live_number(history) == 1
    rows(history, 3, 2)
    second = log.record(Design(epochs=4), history, "completed", 2.0)
    assert len(log) == 1 and second.number == first.number == 1
    assert second.epochs == 4 and second.seconds == 3.5 and second.ended == "completed"
    assert first.epochs == 2  # records are immutable: the old one is unchanged
    assert second.test_accuracy == 0.44


def test_a_reset_starts_a_new_record_even_with_equal_numbers():
    history, log = TrainingHistory(), RunLog()
    rows(history, 1, 2)
    log.record(Design(), history, "completed", 1.0)
    history.restore(
        [
            (r.epoch, r.train_loss, r.test_loss, r.train_accuracy, r.test_accuracy)
            for r in history.rows
        ]
    )  # the same numbers, but new rows: a new run
    assert log.live_number(history) is None
    log.record(Design(), history, "completed", 1.0)
    assert [r.number for r in log.records] == [1, 2]
    history.clear()
    assert log.live_number(history) is None


def test_a_record_is_a_read_only_copy():
    history, log = TrainingHistory(), RunLog()
    rows(history, 1, 3)
    record = log.record(Design(), history, "completed", 1.0)
    history.clear()
    rows(history, 1, 1)
    assert record.epochs == 3 and not record.curve.flags.writeable


def test_a_run_without_an_epoch_has_no_numbers():
    history, log = TrainingHistory(), RunLog()
    record = log.record(Design(), history, "diverged", 0.2)
    assert record.epochs == 0 and math.isnan(record.test_accuracy)


def test_numbers_are_never_reused():
    history, log = TrainingHistory(), RunLog()
    for _ in range(3):
        history.clear()
        rows(history, 1, 1)
        log.record(Design(), history, "completed", 1.0)
    log.remove({2})
    assert [r.number for r in log.records] == [1, 3]
    log.clear()
    history.clear()
    rows(history, 1, 1)
    assert log.record(Design(), history, "completed", 1.0).number == 4


def test_csv_round_trip(tmp_path):
    history, log = TrainingHistory(), RunLog()
    rows(history, 1, 2)
    log.record(Design(optimizer="sgd", learning_rate=0.1), history, "completed", 0.25)
    history.clear()
    log.record(Design(), history, "stopped", 0.5)
    path = tmp_path / "runs.csv"
    log.write_csv(path)
    with open(path, newline="", encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert tuple(read[0]) == CSV_COLUMNS
    assert float(read[0]["train_loss"]) == log.records[0].train_loss == 0.5
    assert read[1]["test_accuracy"] == ""  # no epoch: an empty cell, not "nan"
    for row, record in zip(read, log.records, strict=True):
        assert Design.from_dict(json.loads(row["design_json"])) == record.design
        assert float(row["seconds"]) == record.seconds


def test_binned_trace_averages_equal_bins():
    x = np.arange(10, dtype=float)
    y = x**2
    trace = binned_trace(x, y, max_points=4)  # bins of ceil(10 / 4) = 3: 3, 3, 3, 1
    np.testing.assert_allclose(trace[:, 0], [1, 4, 7, 9])
    np.testing.assert_allclose(trace[:, 1], [5 / 3, 50 / 3, 149 / 3, 81])
    assert not trace.flags.writeable
    np.testing.assert_array_equal(binned_trace(x[:3], y[:3]), np.column_stack([x[:3], y[:3]]))
    assert binned_trace(x[:0], y[:0]).shape == (0, 2)


def test_a_record_keeps_its_mini_batches():
    history, log = TrainingHistory(), RunLog()
    history.add_batches([0.5, 1.0], [2.0, 1.0])
    rows(history, 1, 1)
    record = log.record(Design(batch_mode="batch"), history, "completed", 1.0)
    x, y = record.points("updates")  # batch: one update per epoch
    np.testing.assert_array_equal(x, [0.5, 1.0])
    np.testing.assert_array_equal(y, [2.0, 1.0])
    np.testing.assert_array_equal(record.points("epochs")[1], [1.0])
