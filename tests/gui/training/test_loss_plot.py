"""The loss plot: the contract's first curve, finite values only, axes that stay still."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

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
    assert panel.plot.is_log_scale() and panel.plot.getPlotItem().getAxis("left").logMode
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


def shown_panel(qtbot, width: int = 700, height: int = 500) -> LossPanel:
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_spike_is_marked_at_the_edge_instead_of_squashing_the_curve(qtbot):
    panel = shown_panel(qtbot)
    history = TrainingHistory()
    for e in range(1, 31):
        x = e - 1 + np.arange(1, 46) / 45
        y = np.full(45, 0.3 + 1.0 / e)
        if e == 10:
            y[20] = 55.0  # one mini-batch spikes
        history.add_batches(x, y, 45)
        history.add_epoch(EpochRow(e, 0.3 + 1.0 / e, 0.35 + 1.0 / e, 0.9, 0.9))
    panel.refresh(history, 30)
    plot = panel.plot
    top = plot.getPlotItem().getViewBox().viewRange()[1][1]
    assert top < 2.0  # the bulk (1.3 at most) fills the axis, not 0-55
    mx, my = plot.marks.off_scale.xData, plot.marks.off_scale.yData
    assert len(mx) >= 1 and np.all(my <= top) and np.any(np.abs(mx - (9 + 21 / 45)) < 0.05)
    assert "above the axis" in plot.legend_names()
    assert "above&nbsp;the&nbsp;axis" in panel.legend.text()


def test_the_batch_trace_is_a_faint_band_with_its_running_mean(qtbot):
    panel = shown_panel(qtbot)
    rng = np.random.default_rng(0)
    history = TrainingHistory()
    for e in range(1, 6):
        history.add_batches(e - 1 + np.arange(1, 101) / 100, 1.0 / e + rng.random(100), 100)
        history.add_epoch(EpochRow(e, 1.0 / e, 1.0 / e, 0.5, 0.5))
    panel.refresh(history, 5)
    x, y = history.batch_trace()
    mx, my = panel.plot.curve_points("mean")
    i = np.searchsorted(x, mx[-1])
    assert np.isclose(my[-1], y[i - 99 : i + 1].mean())  # the mean over the last epoch
    assert panel.plot.batch_curve.opts["pen"].color().alpha() < 100  # the raw points, faint


def test_a_blow_up_stays_on_the_plot_with_a_marker_and_the_roll_back(qtbot):
    panel = shown_panel(qtbot)
    history = TrainingHistory()
    history.add_batches([1 / 45, 2 / 45], [2.4, 2000.0], 45)
    history.roll_back(0, 1, 106042.0)
    panel.refresh(history, 20)
    x, y = panel.plot.curve_points("blow_up")
    assert np.allclose(x, [1 / 45, 2 / 45, 3 / 45]) and y[-1] == 106042.0
    assert not panel.plot.hint.isVisible()
    assert panel.plot.marks.stop.isVisible() and panel.plot.marks.rollback.value() == 0
    assert "106,042" in panel.plot.marks.stop_text.toPlainText()
    x_range = panel.plot.getPlotItem().getViewBox().viewRange()[0]
    assert x_range[1] < 1  # zoomed to the part of epoch 1 that ran, not a sliver of 20 epochs
    history.add_batches([1 / 45], [2.3], 45)  # training again: the blow-up goes
    panel.refresh(history, 20)
    assert not panel.plot.marks.stop.isVisible() and "blow-up" not in panel.plot.legend_names()


def test_hovering_shows_the_epoch_under_the_cursor(qtbot):
    panel = shown_panel(qtbot)
    history = make_history(10)
    panel.refresh(history, 10)
    view = panel.plot.getPlotItem().getViewBox()
    scene_point = view.mapViewToScene(QPointF(4.1, 0.5))
    pos = panel.plot.mapFromScene(scene_point)
    qtbot.mouseMove(panel.plot.viewport(), pos)
    text = panel.plot.hover_text()
    assert text.startswith("epoch 4\n"), text
    assert f"training loss {2.0 / 4:.4f}" in text and f"test accuracy {100 * 0.404:.2f} %" in text


def test_ghost_curves_never_move_the_axes(qtbot):
    import pyqtgraph as pg

    panel = shown_panel(qtbot)
    history = make_history(5)
    panel.refresh(history, 5)
    before = panel.plot.getPlotItem().getViewBox().viewRange()
    ghost = pg.PlotDataItem([1, 2, 50], [100.0, 80.0, 60.0])
    panel.plot.add_ghost_item(ghost)
    history.add_epoch(EpochRow(6, 2.0 / 6, 2.1 / 6, 0.5, 0.41))
    panel.refresh(history, 5)
    after = panel.plot.getPlotItem().getViewBox().viewRange()
    assert after[1] == before[1] and after[0][1] < 10
    assert panel.plot.ghost_items() == [ghost] and ghost.is_ghost


def test_plot_and_readout_fonts_follow_the_panel_font(qtbot):
    from PySide6.QtGui import QFont, QFontInfo

    panel = shown_panel(qtbot)
    axis = panel.plot.getPlotItem().getAxis("left")
    size = axis.style["tickFont"].pointSizeF()
    readout = QFontInfo(panel.readout.font()).pixelSize()
    font = QFont(panel.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.setFont(font)  # what the presentation zoom does to the window
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(2 * size)
    assert QFontInfo(panel.readout.font()).pixelSize() > 1.8 * readout
    assert QFontInfo(panel.readout.font()).pixelSize() > QFontInfo(panel.font()).pixelSize()


def test_step_view_follows_the_stepped_batch_through_the_end_of_an_epoch(qtbot):
    panel = shown_panel(qtbot)
    history = TrainingHistory()
    panel.refresh(history, 10)
    panel.set_step_view(True)
    history.add_batches([0.5], [2.3], per_epoch=2)
    panel.refresh(history, 10)
    view = panel.plot.getPlotItem().getViewBox()
    assert view.viewRange()[0][1] < 1.1 and panel.readout.values()["batch"] == 2.3
    history.add_batches([1.0], [2.1], per_epoch=2)  # the last batch: epoch 1 ends
    history.add_epoch(EpochRow(1, 2.0, 2.05, 0.3, 0.3))
    panel.refresh(history, 10)
    assert view.viewRange()[0][1] < 1.1 and panel.readout.values()["batch"] == 2.1
    assert panel.readout.values()["train_loss"] == 2.0
    assert panel.plot.marks.step_point.xData.tolist() == [1.0]
    panel.set_step_view(False)
    assert view.viewRange()[0][1] >= 10 and not panel.plot.marks.step_point.isVisible()


def test_slow_motion_pace_prints_every_update(qtbot):
    panel = shown_panel(qtbot)
    panel.on_pace_changed("slow")
    assert panel.epoch_log.print_updates()
    panel.on_pace_changed("class")
    assert not panel.epoch_log.print_updates()
