"""The activation-function plot: the engine's curves, the inspected node's z marked with the
engine's f(z) and f'(z), the lesson's "same z, three functions", the vanishing regions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

import engine
from gui.lab.activation_function_plot import (
    NARROW_REGION,
    VANISH_BELOW,
    Z_RANGE,
    ActivationFunctionPlot,
    lesson_number,
    same_z_text,
)
from gui.lab.digit_lab import DigitLab

LESSON_Z = -0.93152654


@pytest.fixture(scope="module")
def deep():
    """tanh then sigmoid hidden layers, softmax output, trained two epochs."""
    design = engine.Design(
        hidden=(engine.HiddenLayer(16, "tanh"), engine.HiddenLayer(12, "sigmoid")), seed=5
    )
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=2)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    return task, net


def lab_with_views(qtbot, task, net) -> DigitLab:
    lab = DigitLab()
    qtbot.addWidget(lab)
    lab.set_task(task)
    lab.set_network(net)
    lab.resize(460, 640)
    lab.show()
    views = lab.functionViews  # a tab in the window; on its own here
    qtbot.addWidget(views)
    views.resize(520, 700)
    views.show()
    qtbot.waitExposed(views)
    return lab


def test_same_z_three_functions_gives_the_lessons_numbers(qtbot) -> None:
    plot = ActivationFunctionPlot()
    qtbot.addWidget(plot)
    plot.show_z(LESSON_Z)
    text = plot.same_z_label.text()
    assert "z = −0.93152654" in text
    assert "sigmoid(z) = 0.28261512" in text
    assert "tanh(z) = −0.73130483" in text
    assert "relu(z) = 0" in text
    assert same_z_text(LESSON_Z) == text
    # The same numbers straight from the engine, printed like NumPy prints them.
    assert lesson_number(float(engine.ACTIVATIONS["sigmoid"].f(np.array(LESSON_Z)))) == "0.28261512"
    assert lesson_number(float(engine.ACTIVATIONS["tanh"].f(np.array(LESSON_Z)))) == "−0.73130483"


@pytest.mark.parametrize(
    ("name", "expect"),
    [("sigmoid", 2), ("tanh", 2), ("relu", 1), ("leaky_relu", 0), ("linear", 0)],
)
def test_where_the_slope_is_nearly_zero_is_shaded(qtbot, name, expect) -> None:
    plot = ActivationFunctionPlot()
    qtbot.addWidget(plot)
    plot.set_function(name)
    regions = plot.vanishing()
    assert len(regions) == expect
    slope = engine.ACTIVATIONS[name].derivative
    for lo, hi in regions:
        inside = np.linspace(lo, hi, 50)
        assert np.all(np.abs(slope(inside)) < VANISH_BELOW)
    texts = [" ".join(t.toPlainText().split()) for t in plot._region_texts]
    assert texts == ["gradients vanish here"] * expect
    # a narrow band's label stands upright inside it (not cut by the plot's edge)
    for (lo, hi), text in zip(regions, plot._region_texts, strict=True):
        assert lo <= text.pos().x() <= hi
        assert (text.angle == 90) == (hi - lo < NARROW_REGION * 2 * Z_RANGE)
    if name == "relu":
        assert regions[0][1] == pytest.approx(0.0, abs=0.03)  # z <= 0: no gradient at all
    if name == "sigmoid":
        assert regions[1][0] == pytest.approx(4.6, abs=0.05)  # σ'(4.6) ≈ 0.0099


def test_a_clicked_node_is_marked_at_its_z_from_the_forward_pass(qtbot, deep) -> None:
    task, net = deep
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(7)
    view = lab.activationView
    # A real click on node 3 of the second hidden layer (sigmoid) in the activation grid.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.node_rect(1, 3).center().toPoint())
    plot = lab.functionViews.activationFunctionPlot
    fp = net.forward(task.scale(task.images_test[7].reshape(64)))
    z, a = float(fp.z[1][0, 3]), float(fp.a[2][0, 3])
    assert plot.function() == "sigmoid"
    marked = plot.marked()
    assert marked is not None
    assert marked[0] == z and marked[1] == pytest.approx(a, abs=1e-15)
    assert marked[2] == pytest.approx(a * (1 - a), abs=1e-15)
    xs, ys = plot.marker.getData()
    assert list(xs) == [z, z] and ys[0] == marked[1] and ys[1] == marked[2]
    assert plot.z_line.value() == z
    text = plot.numbers_label.text()
    assert f"{a:.4f}".replace("-", "−") in text and f"{a * (1 - a):.4f}" in text
    assert "Hidden layer 2, node 4" in plot.source_label.text()
    # The tanh layer: the plot switches function and marks the engine's tanh.
    lab.inspect_node(0, 5)
    assert plot.function() == "tanh"
    assert plot.marked()[1] == pytest.approx(float(fp.a[1][0, 5]), abs=1e-15)


def test_a_softmax_output_is_marked_on_its_own_slice(qtbot, deep) -> None:
    task, net = deep
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(3)
    lab.inspect_node(2, 4)
    plot = lab.functionViews.activationFunctionPlot
    fp = net.forward(task.scale(task.images_test[3].reshape(64)))
    a = float(fp.a[-1][0, 4])
    assert plot.function() == "softmax"
    z, fz, slope = plot.marked()
    assert z == float(fp.z[-1][0, 4])
    assert fz == pytest.approx(a, rel=1e-12) and slope == pytest.approx(a * (1 - a), rel=1e-12)
    assert "Output node 5 (4)" in plot.source_label.text()


def test_the_marker_follows_the_drawing(qtbot, deep) -> None:
    task, net = deep
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(0)
    lab.inspect_node(1, 0)
    plot = lab.functionViews.activationFunctionPlot
    before = plot.marked()
    lab.load_test_digit(1)
    fp = net.forward(task.scale(task.images_test[1].reshape(64)))
    assert plot.marked()[0] == float(fp.z[1][0, 0]) != before[0]


def test_fonts_follow_the_widget_font(qtbot) -> None:
    plot = ActivationFunctionPlot()
    qtbot.addWidget(plot)
    base = plot.font().pointSizeF()
    assert plot.numbers_label.font().pointSizeF() == pytest.approx(base * 1.4)
    font = QFont(plot.font())
    font.setPointSizeF(base * 2)
    plot.setFont(font)
    assert plot.numbers_label.font().pointSizeF() == pytest.approx(base * 2 * 1.4)
