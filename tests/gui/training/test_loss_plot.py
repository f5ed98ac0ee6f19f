"""The loss plot: the contract's first curve, finite values only, axes that stay still."""

import math

import numpy as np
from PySide6.QtCore import Qt

from gui.training.history import EpochRow, TrainingHistory
from gui.training.loss_panel import LossPanel
from gui.training.loss_plot import MAX_BATCH_POINTS, SYMBOLS_UP_TO


def make_history(epochs: int) -> TrainingHistory:
    history = TrainingHistory()
    for e in range(1, epochs + 1):
        history.add_batches((e - 0.5, float(e)), (2.5 / e, 2.4 / e))
        history.add_epoch(EpochRow(e, 2.0 / e, 2.1 / e, 0.5, 0.4 + e / 1000))
    return history


def test_first_data_item_is_the_training_loss(qtbot):
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.refresh(make_history(5), planned_epochs=30)
    first = panel.plot.getPlotItem().listDataItems()[0]
    assert first is panel.plot.train_curve
    x, y = first.getData()
    assert list(x) == [1, 2, 3, 4, 5]
    assert np.allclose(y, [2.0 / e for e in range(1, 6)])
    _, accuracy = panel.plot.accuracy_curve.getData()
    assert np.allclose(accuracy, [100 * (0.4 + e / 1000) for e in range(1, 6)])
    # the x axis spans the planned epochs, so it does not jump while training
    x_range = panel.plot.getPlotItem().getViewBox().viewRange()[0]
    assert x_range[1] >= 30


def test_non_finite_values_are_never_plotted(qtbot):
    panel = LossPanel()
    qtbot.addWidget(panel)
    history = make_history(3)
    history.add_epoch(EpochRow(4, math.inf, math.nan, 0.1, math.nan))
    history.add_batches((3.5,), (math.nan,))
    panel.refresh(history)
    for curve in (panel.plot.train_curve, panel.plot.test_curve, panel.plot.batch_curve):
        _, y = curve.getData()
        assert np.all(np.isfinite(y))
    y_range = panel.plot.getPlotItem().getViewBox().viewRange()[1]
    assert y_range[1] < 5


def test_switches_log_scale_batches_and_symbols(qtbot):
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh(make_history(3))
    assert panel.plot.train_curve.opts["symbol"] == "o"
    qtbot.mouseClick(panel.batch_check, Qt.MouseButton.LeftButton)
    assert (
        panel.plot.batch_curve.getData()[0] is None or len(panel.plot.batch_curve.getData()[0]) == 0
    )
    qtbot.mouseClick(panel.log_check, Qt.MouseButton.LeftButton)
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    panel.refresh(make_history(SYMBOLS_UP_TO + 1))
    assert panel.plot.train_curve.opts["symbol"] is None


def test_plot_reads_only_new_batches_and_starts_over_after_a_rollback(qtbot):
    panel = LossPanel()
    qtbot.addWidget(panel)
    history = TrainingHistory()
    for e in range(1, 301):
        history.add_batches(e - 1 + np.arange(1, 46) / 45, np.full(45, 2.0 / e))
        history.add_epoch(EpochRow(e, 2.0 / e, 2.1 / e, 0.5, 0.6))
        panel.refresh(history, planned_epochs=300)
    x, y = panel.plot.batch_curve.getData()
    assert len(x) <= MAX_BATCH_POINTS
    assert y.max() == 2.0 and y.min() == 2.0 / 300
    assert panel.plot.training_loss_points()[0].size == 300
    history.truncate(10)  # a rollback: the trace is rebuilt from what is left
    panel.refresh(history, planned_epochs=300)
    x, y = panel.plot.batch_curve.getData()
    assert len(x) == 450 and x.max() <= 10
    assert panel.plot.training_loss_points()[0].tolist() == list(range(1, 11))
