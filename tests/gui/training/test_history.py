"""The history the plot draws: rollback truncation and CSV export."""

import csv
import math

import numpy as np

from gui.training.history import EpochRow, TrainingHistory


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


def test_many_updates_keep_every_value_in_order():
    history = TrainingHistory()
    expected_x, expected_y = [], []
    for update in range(200):  # far past the first buffer size: the buffers grow
        x = [update + k / 7 for k in range(1, 8)]
        y = [1.0 / (update + k) for k in range(1, 8)]
        history.add_batches(x, y)
        expected_x += x
        expected_y += y
        history.add_epoch(EpochRow(update + 1, 1.0 / (update + 1), 1.1, 0.5, 0.6))
    x, y = history.batch_trace()
    assert x.tolist() == expected_x
    assert y.tolist() == expected_y
    assert history.batch_count == 1400
    assert history.column("epoch").tolist() == list(range(1, 201))
    assert history.columns().shape == (200, 5)
    assert history.columns()[-1, 1] == 1.0 / 200


def test_batch_trace_since_returns_only_what_is_new():
    history = _history(3)
    seen = history.batch_count
    history.add_batches((3.5, 4.0), (0.5, math.nan))
    x, y = history.batch_trace_since(seen)
    assert x.tolist() == [3.5]
    assert y.tolist() == [0.5]


def test_removing_data_changes_the_revision():
    history = _history(4)
    revision = history.revision
    history.truncate(4)  # nothing after epoch 4: nothing removed
    assert history.revision == revision
    history.truncate(2)
    assert history.revision > revision
    assert history.column("train_loss").tolist() == [2.0, 1.0]
    revision = history.revision
    history.clear()
    assert history.revision > revision
    assert history.is_empty() and history.batch_count == 0


def test_roll_back_keeps_the_blow_up_for_the_plot_until_new_numbers_arrive():
    import numpy as np

    from gui.training.history import EpochRow, TrainingHistory

    history = TrainingHistory()
    history.add_batches([0.5, 1.0], [2.0, 1.5], per_epoch=2)
    history.add_epoch(EpochRow(1, 1.4, 1.5, 0.6, 0.5))
    history.add_batches([1.5], [50.0], per_epoch=2)
    revision = history.revision
    history.roll_back(1, 2, 1e6)  # the second batch of epoch 2 blew up
    assert [r.epoch for r in history.rows] == [1] and history.batch_count == 2
    gone = history.divergence
    assert gone is not None and history.revision > revision
    assert np.allclose(gone.x, [1.5, 2.0]) and np.allclose(gone.losses, [50.0, 1e6])
    assert gone.stop_x == 2.0 and gone.rolled_back_to == 1
    assert history.steps == {1: 2}
    history.add_batches([1.5], [1.2], per_epoch=2)  # trained again: the blow-up is history
    assert history.divergence is None


def test_an_epoch_that_blew_up_as_a_whole_stops_at_its_end():
    from gui.training.history import TrainingHistory

    history = TrainingHistory()
    history.add_batches([0.5, 1.0], [2.0, 9.0], per_epoch=2)
    history.roll_back(0, 1, 9.5)
    assert history.divergence.stop_x == 1.0 and list(history.divergence.x) == [0.5, 1.0, 1.0]
    history.restore([(1, 2.0, 2.1, 0.5, 0.4)])
    assert history.divergence is None and history.batches_per_epoch == 0 and history.steps == {}
