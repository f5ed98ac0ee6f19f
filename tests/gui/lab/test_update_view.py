"""The update view and ``MainWindow.last_update`` after real steps, against the engine.

Every expected number is computed here from the engine: the gradient again from the same
batch of training rows with the weights before the step (``Network.gradients``), the step
again from each optimizer's formula and the state the view shows.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton

from gui.lab.update_text import fmt
from gui.lab.update_view import EMPTY

WEIGHTS = ((0, 0, 0), (0, 36, 5), (0, 63, 31), (1, 4, 9), (1, 31, 0))


def use(window, **changes):
    design = dataclasses.replace(window.controller.design, epochs=3, **changes)
    window.adopt_design(design)


def show_tab(window, title: str):
    tabs = window.tabs
    tabs.setCurrentIndex(next(k for k in range(tabs.count()) if tabs.tabText(k) == title))


def step(qtbot, window, n: int = 1):
    """Press N ``n`` times (the first press starts a run) and wait for each pause."""
    for k in range(n):
        if k == 0:
            qtbot.mouseClick(window.findChild(QPushButton, "stepButton"), Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(window, Qt.Key.Key_N)
        qtbot.waitUntil(
            lambda k=k: (
                window.controller.state == "paused"
                and window.controller.last_update() is not None
                and window.controller.last_update().step_number == k + 1
            ),
            timeout=5000,
        )


def test_after_a_sgd_step_last_update_is_w_minus_alpha_dw_of_that_batch(qtbot, main_window):
    use(main_window, optimizer="sgd", learning_rate=0.1)
    assert main_window.last_update(0, 0, 0) is None  # nothing recorded yet
    step(qtbot, main_window, 2)
    net = main_window.current_network()
    record = main_window.controller.last_update()
    for layer, i, j in WEIGHTS:
        w_before, dw, step_, w_after = main_window.last_update(layer, i, j)
        assert abs(w_after - (w_before - 0.1 * dw)) <= 1e-12
        assert step_ == w_after - w_before
        assert w_after == float(net.weights[layer][i, j])
    # dw again from the same batch: the rows the trainer shuffled into batch 2.
    task = main_window.controller.task
    before = net.copy()
    for layer in range(len(before.weights)):
        before.weights[layer] = record.W_before(layer)
        before.biases[layer] = record.b_before(layer)
    assert record.batch == 2 and len(record.rows) == 32
    _, dW, _ = before.gradients(task.X_train[record.rows], task.y_train[record.rows])
    for layer, i, j in WEIGHTS:
        assert main_window.last_update(layer, i, j)[1] == pytest.approx(
            dW[layer][i, j], rel=1e-9, abs=1e-14
        )


def test_the_view_writes_out_the_chosen_weight_and_a_click_chooses_another(qtbot, main_window):
    use(main_window, optimizer="sgd", learning_rate=0.1)
    show_tab(main_window, "Update")
    view = main_window.update_view
    assert view.text_lines() == [EMPTY]
    step(qtbot, main_window)
    qtbot.waitUntil(lambda: view.record() is not None, timeout=3000)
    layer, i, j = view.shown_weight()
    record = main_window.controller.last_update()
    # Until a pixel is clicked: the first-layer weight with the largest |dw| of its node.
    assert layer == 0 and i == int(np.argmax(np.abs(record.dW(0)[:, j])))
    w_before, dw, _, w_after = main_window.last_update(layer, i, j)
    assert f"{fmt(w_after)} := {fmt(w_before)} − 0.1 × " in " ".join(view.text_lines())
    # Click pixel 27 (row 4, column 4) in the dw grid: its update is written out.
    pos = view.grids.cell_centre(1, 27).toPoint()
    qtbot.mouseClick(view.grids, Qt.MouseButton.LeftButton, pos=pos)
    assert view.shown_weight() == (0, 27, j)
    w_before, dw, _, w_after = main_window.last_update(0, 27, j)
    dw_text = fmt(dw) if dw >= 0 else f"({fmt(dw)})"
    assert f"{fmt(w_after)} := {fmt(w_before)} − 0.1 × {dw_text}" in view.text_lines()
    assert any("pixel (row 4, col 4)" in line for line in view.text_lines())


def test_the_view_follows_the_node_inspector(qtbot, main_window):
    step(qtbot, main_window)
    show_tab(main_window, "Update")
    view = main_window.update_view
    qtbot.waitUntil(lambda: view.record() is not None, timeout=3000)
    main_window.lab.inspect_node(0, 7)
    assert view.shown_weight()[::2] == (0, 7)
    assert view.text_lines()[0].startswith("Hidden layer 1, node 8:")
    main_window.lab.inspect_node(1, 3)  # an output node: 32 incoming weights
    layer, i, j = view.shown_weight()
    assert (layer, j) == (1, 3)
    assert i == int(np.argmax(np.abs(main_window.controller.last_update().dW(1)[:, 3])))
    assert view.text_lines()[0].startswith("Output node 4:")


def test_adams_step_follows_from_the_state_the_view_shows(qtbot, main_window):
    use(main_window, optimizer="adam", learning_rate=0.01)
    show_tab(main_window, "Update")
    step(qtbot, main_window, 3)
    view = main_window.update_view
    qtbot.waitUntil(lambda: view.record() is not None and view.record().step_number == 3)
    record = view.record()
    layer, i, j = view.shown_weight()
    st = record.state_after
    b1, b2, eps, t = st.settings["beta1"], st.settings["beta2"], st.settings["epsilon"], st.t
    assert t == 3
    _, m = record.buffer_at("m", layer, i, j)
    _, v = record.buffer_at("v", layer, i, j)
    alpha_t = 0.01 * np.sqrt(1 - b2**t) / (1 - b1**t)
    w_before, dw, step_, w_after = main_window.last_update(layer, i, j)
    assert step_ == pytest.approx(-alpha_t * m / (np.sqrt(v) + eps), rel=1e-9)
    assert w_after == pytest.approx(w_before + step_, abs=1e-15)
    assert abs(step_) > 2 * abs(0.01 * dw)  # Adam's step is not α·dw
    text = view.text_lines()
    assert "w := w − α_t·m / (√v + ε)" in text
    assert any(line.startswith(f"{fmt(m)} := 0.9 × ") for line in text)
    assert any(line.startswith(f"{fmt(alpha_t)} = 0.01 × √(1 − 0.999^3)") for line in text)


def test_momentum_line_shows_the_velocity(qtbot, main_window):
    use(main_window, optimizer="momentum", learning_rate=0.01)
    show_tab(main_window, "Update")
    step(qtbot, main_window, 2)
    view = main_window.update_view
    qtbot.waitUntil(lambda: view.record() is not None and view.record().step_number == 2)
    layer, i, j = view.shown_weight()
    v0, v = view.record().buffer_at("velocity", layer, i, j)
    w_before, dw, step_, w_after = main_window.last_update(layer, i, j)
    assert step_ == pytest.approx(0.9 * v0 - 0.01 * dw, abs=1e-15)
    assert step_ == pytest.approx(v, abs=1e-15)  # w := w + v
    assert w_after == pytest.approx(w_before + step_, abs=1e-15)
    assert "v := μ·v − α·dw" in view.text_lines()


def test_a_reset_forgets_the_update(qtbot, main_window):
    show_tab(main_window, "Update")
    step(qtbot, main_window)
    view = main_window.update_view
    qtbot.waitUntil(lambda: view.record() is not None, timeout=3000)
    with qtbot.waitSignal(main_window.trainingFinished, timeout=5000):
        main_window.controller.stop()
    main_window.controller.reset()
    assert main_window.last_update(0, 0, 0) is None
    assert view.text_lines() == [EMPTY]


def test_numbers_grow_with_the_windows_font(qtbot, main_window):
    show_tab(main_window, "Update")
    view = main_window.update_view
    label = view.findChild(type(view.headerLabel), "updateNumbers0")
    before = label.font().pointSizeF()
    font = QFont(main_window.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    main_window.setFont(font)
    assert label.font().pointSizeF() == pytest.approx(2 * before)
    assert before > main_window.font().pointSizeF() / 2  # bigger than the window's text


def test_at_a_slow_pace_every_update_is_recorded(qtbot, main_window):
    use(main_window, optimizer="sgd", learning_rate=0.1)
    show_tab(main_window, "Update")
    main_window.controls.set_pace("steps")  # 4 updates/s: a class follows each one
    view = main_window.update_view
    main_window.start_training()
    qtbot.waitUntil(lambda: view.record() is not None and view.record().step_number >= 4)
    qtbot.keyClick(main_window, Qt.Key.Key_Space)  # pause
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    c = main_window.controller

    def settled() -> bool:
        """The worker has paused: the exact weights and the newest record are in."""
        record = c.last_update()
        w = main_window.last_update(0, 5, 2)[3]
        return record.step_number == c.history.batch_count and w == float(
            main_window.current_network().weights[0][5, 2]
        )

    qtbot.waitUntil(settled, timeout=5000)  # every paced update was recorded, the last too
    assert view.record() is c.last_update()
    with qtbot.waitSignal(main_window.trainingFinished, timeout=5000):
        main_window.controller.stop()
