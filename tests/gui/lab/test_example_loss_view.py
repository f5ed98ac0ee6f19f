"""The loss of one example: the engine's loss of the drawing against its true label, the
formula with the numbers, and what MSE and MAE would say."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

import engine
from gui.lab.digit_lab import DigitLab
from gui.lab.example_loss_view import NO_EXAMPLE


def trained(design: engine.Design):
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=2)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    return task, net


@pytest.fixture(scope="module")
def digits():
    return trained(engine.Design(hidden=(engine.HiddenLayer(16, "relu"),), seed=2))


@pytest.fixture(scope="module")
def odd_even():
    hidden = (engine.HiddenLayer(4, "sigmoid"),)
    return trained(engine.Design(task="odd_even", hidden=hidden, loss="binary_crossentropy"))


def lab_with_views(qtbot, task, net) -> DigitLab:
    lab = DigitLab()
    qtbot.addWidget(lab)
    lab.set_task(task)
    lab.set_network(net)
    lab.show()
    views = lab.functionViews
    qtbot.addWidget(views)
    views.resize(520, 700)
    views.show()
    qtbot.waitExposed(views)
    return lab


def one_example(task, net, i):
    x = task.scale(task.images_test[i].reshape(64))
    return x, np.asarray(net.forward(x).a[-1], dtype=np.float64)


def test_cross_entropy_of_a_loaded_test_digit(qtbot, digits) -> None:
    task, net = digits
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(4)
    view = lab.functionViews.exampleLossView
    label = int(task.y_test[4])
    assert view.true_label() == label and view.label_choice.currentText() == str(label)
    x, a = one_example(task, net, 4)
    assert view.design_loss == net.loss(x, [label])
    p = a[0, label]
    assert view.design_loss == pytest.approx(-math.log(p), rel=1e-9)
    assert view.formula_label.text() == (
        f"L = −log p_true = −log({p:.4f}) = {view.design_loss:.4f}"
    )
    y = np.zeros(10)
    y[label] = 1
    assert view.values["mse"] == pytest.approx(np.mean((a[0] - y) ** 2), rel=1e-12)
    assert view.values["mae"] == pytest.approx(np.mean(np.abs(a[0] - y)), rel=1e-12)
    cells = [view._cells[(row, 1)].text() for row in (1, 2, 3)]
    assert cells == [f"{view.values[n]:.4f}" for n in ("categorical_crossentropy", "mse", "mae")]
    # The confident mistake: -log(0.01) for cross-entropy, much less for the others.
    assert view._cells[(1, 2)].text() == f"{-math.log(0.01):.4f}"
    assert "cross-entropy 4.61" in view.moral_label.text()


def test_picking_another_true_label_gives_that_labels_loss(qtbot, digits) -> None:
    task, net = digits
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(0)
    view = lab.functionViews.exampleLossView
    start = view.true_label()
    combo = view.label_choice
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down if start < 9 else Qt.Key.Key_Up)
    picked = view.true_label()
    assert picked != start
    x, _ = one_example(task, net, 0)
    assert view.design_loss == net.loss(x, [picked])


def test_the_binary_loss_of_odd_even(qtbot, odd_even) -> None:
    task, net = odd_even
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(2)
    view = lab.functionViews.exampleLossView
    y = int(task.y_test[2])
    x, a = one_example(task, net, 2)
    p = float(a[0, 0])
    assert view.design_loss == net.loss(x, [y])
    by_hand = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    assert view.design_loss == pytest.approx(by_hand, rel=1e-9)
    assert view.formula_label.text().startswith("L = −[y·log p + (1−y)·log(1−p)]")
    assert f"−[{y}·log({p:.4f}) + {1 - y}·log({1 - p:.4f})]" in view.formula_label.text()
    assert view.values["mse"] == pytest.approx((p - y) ** 2, rel=1e-12)
    assert view.values["mae"] == pytest.approx(abs(p - y), rel=1e-12)
    assert view.label_choice.count() == 2


def test_a_blank_canvas_has_no_example(qtbot, digits) -> None:
    task, net = digits
    lab = lab_with_views(qtbot, task, net)
    view = lab.functionViews.exampleLossView
    assert view.formula_label.text() == NO_EXAMPLE and math.isnan(view.design_loss)
    lab.load_test_digit(1)
    assert view.values
    lab.digitCanvas.clear()
    assert view.formula_label.text() == NO_EXAMPLE


def test_the_numbers_follow_the_font(qtbot, digits) -> None:
    from PySide6.QtGui import QFont

    task, net = digits
    lab = lab_with_views(qtbot, task, net)
    lab.load_test_digit(4)
    view = lab.functionViews.exampleLossView
    base = view.font().pointSizeF()
    assert view.formula_label.font().pointSizeF() == pytest.approx(base * 1.6)
    font = QFont(view.font())
    font.setPointSizeF(base * 1.5)
    view.setFont(font)  # presentation zoom scales the window font
    assert view.formula_label.font().pointSizeF() == pytest.approx(base * 1.5 * 1.6)
    assert view._cells[(1, 1)].font().bold() and not view._cells[(2, 1)].font().bold()
    assert view._cells[(1, 1)].font().pointSizeF() == pytest.approx(base * 1.5 * 1.25)
