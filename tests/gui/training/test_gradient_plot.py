"""The gradient plot on the vanishing-gradient preset, sigmoid against ReLU, after one epoch.

The plotted numbers are the engine's: each point is checked against the mean |dW| the engine
measured for that batch, and the ratio between the first and the last layer is the lesson's
point (at least 100x for five sigmoid layers, not so with ReLU).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton

from engine import HiddenLayer
from engine.presets import preset_named

VANISHING = "Vanishing gradient: five sigmoid layers"


def show_tab(window, title: str):
    tabs = window.tabs
    tabs.setCurrentIndex(next(k for k in range(tabs.count()) if tabs.tabText(k) == title))


def one_epoch(qtbot, window, activation: str):
    design = preset_named(VANISHING).design
    design = dataclasses.replace(
        design, epochs=1, hidden=tuple(HiddenLayer(32, activation) for _ in range(5))
    )
    window.adopt_design(design)
    with qtbot.waitSignal(window.trainingFinished, timeout=60_000):
        qtbot.mouseClick(window.findChild(QPushButton, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.gradient_panel.values()[0].size == 45, timeout=5000)
    return window.gradient_panel


@pytest.mark.parametrize(("activation", "vanishes"), [("sigmoid", True), ("relu", False)])
def test_first_layer_gradient_is_orders_below_the_last_only_for_sigmoid(
    qtbot, main_window, activation, vanishes
):
    show_tab(main_window, "Gradients")
    panel = one_epoch(qtbot, main_window, activation)
    x, sizes, shares = panel.values()
    assert sizes.shape == (45, 6) and shares.shape == (45, 5)  # 1437 rows / 32 per batch
    assert np.all(np.diff(x) > 0) and x[-1] == pytest.approx(1.0)
    first, last = sizes[:, 0].mean(), sizes[:, -1].mean()
    assert (first * 100 <= last) == vanishes
    # What is drawn: one curve per layer, named W1..W6, with exactly these values.
    plot = main_window.findChild(type(panel.plot), "gradientPlot")
    names = [label.text for _, label in plot.getPlotItem().legend.items]
    assert names == [f"W{k}" for k in range(1, 7)]
    for k, curve in enumerate(plot.curves):
        _, y = curve.getOriginalDataset()
        np.testing.assert_array_equal(y, sizes[:, k])
    text = panel.caption.text()
    assert ("vanishing gradient" in text) == vanishes
    assert ("f′(z) ≤ 0.25" in text) == vanishes  # why: sigmoid's slope, layer after layer


def test_the_plotted_sizes_are_the_engines_for_each_stepped_batch(qtbot, main_window):
    """Each step (N) is also recorded in full: mean |dW| of the plotted point from its dW."""
    show_tab(main_window, "Gradients")
    main_window.adopt_design(preset_named(VANISHING).design)
    panel = main_window.gradient_panel
    for k in range(1, 4):
        qtbot.keyClick(main_window, Qt.Key.Key_N)
        qtbot.waitUntil(lambda k=k: panel.values()[0].size == k, timeout=5000)
        record = main_window.controller.last_update()
        assert record.step_number == k
        x, sizes, _ = panel.values()
        assert x[-1] == pytest.approx(k / 45)
        expected = [float(np.abs(record.dW(layer)).mean()) for layer in range(6)]
        np.testing.assert_allclose(sizes[-1], expected, rtol=1e-12)
    with qtbot.waitSignal(main_window.trainingFinished, timeout=5000):
        main_window.controller.stop()


def test_nothing_is_measured_while_the_tab_is_hidden(qtbot, main_window):
    main_window.tabs.setCurrentWidget(main_window.loss_panel)
    design = dataclasses.replace(preset_named(VANISHING).design, epochs=1)
    main_window.adopt_design(design)
    with qtbot.waitSignal(main_window.trainingFinished, timeout=60_000):
        main_window.start_training()
    show_tab(main_window, "Gradients")
    qtbot.waitUntil(main_window.gradient_panel.isVisible)
    assert main_window.gradient_panel.values()[0].size == 0
    assert "measured while this tab is open" in main_window.gradient_panel.caption.text()


def test_the_plots_text_follows_the_windows_font(qtbot, main_window):
    show_tab(main_window, "Gradients")
    axis = main_window.gradient_panel.plot.getPlotItem().getAxis("left")
    before = axis.style["tickFont"].pointSizeF()
    font = QFont(main_window.font())
    font.setPointSizeF(2 * font.pointSizeF())
    main_window.setFont(font)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(2 * before)


def test_zero_and_diverged_sizes_are_left_out_of_the_log_plot(qtbot):
    from gui.training.gradient_plot import GradientPlot

    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.set_layers(2)
    x = np.array([0.25, 0.5, 0.75])
    plot.show_values(x, np.array([[1e-3, 0.0], [np.inf, 2e-2], [1e-3, np.nan]]))
    assert plot.curves[0].getOriginalDataset()[0].tolist() == [0.25, 0.75]
    assert plot.curves[1].getOriginalDataset()[0].tolist() == [0.5]
