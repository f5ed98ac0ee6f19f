"""Lesson mode driven like a teacher with a clicker: F2, PageDown, PageUp, real clicks."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QToolBar

import engine
from engine import Design, HiddenLayer
from engine.design import layer_sizes
from engine.lesson import LESSON_QUESTIONS, LESSON_ROSTER, answer
from engine.lesson_steps import LESSON_STEPS, WATCHED_PIXEL, fmt
from gui.lesson.mode import STEP_KEY


def press(qtbot, window, key) -> None:
    qtbot.keyClick(window, key)


def open_lesson(qtbot, window):
    press(qtbot, window, Qt.Key.Key_F2)
    dock = window.findChild(QDockWidget, "lessonPanel")
    assert dock is not None and dock.isVisible()
    return window.lesson


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(window) -> dict[str, str]:
    return window.lesson.panel.reading_texts()


def engine_numbers(window, step):
    """What the engine says for the network and the test digit on screen."""
    net = window.current_network()
    task = window.controller.task
    x = task.scale(task.images_test[step.digit])
    return net, task, x, net.forward(x)


def check_step(window, index: int) -> None:
    step = LESSON_STEPS[index]
    assert window.lesson.step_index() == index
    assert window.controller.design == step.design
    title = window.findChild(QLabel, "lessonTitle")
    assert title.text() == step.title
    net, task, x, fp = engine_numbers(window, step)
    np.testing.assert_array_equal(window.lab.digitCanvas.pixels(), task.images_test[step.digit])
    numbers = shown(window)
    assert numbers == {r.key: r.text for r in window.lesson.readings()}
    if step.readings == "weights":  # the lesson's U(-0.1, 0.1), bias 0
        assert step.design.init == "uniform"
        assert np.all(np.abs(net.weights[0]) <= 0.1) and np.all(net.biases[0] == 0)
        assert numbers["w"] == "64 x 1"
    if step.readings == "collector":
        assert numbers["z"] == fmt(float(x @ net.weights[0][:, 0] + net.biases[0][0]))
    if step.readings == "sigmoid":
        assert numbers["a"] == fmt(float(fp.a[1][0, 0]))
    if step.readings == "hidden":
        assert layer_sizes(window.controller.design) == (64, 4, 1)
        assert numbers["W1"] == "64 x 4"
        assert window.lab.networkDiagram.isVisible()
    if step.readings == "loss":
        y = int(task.y_test[step.digit])
        p = float(fp.a[-1][0, 0])
        assert numbers["loss"] == fmt(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
    # the step's node is the one selected; its card floats over the window only where the
    # step shows the diagram (elsewhere it would cover the step's own view)
    shows_diagram = window.lab.networkDiagram.isVisible()
    assert window.lab.inspected_node == step.node
    assert window.lab.nodeInspector.isVisible() == (step.node is not None and shows_diagram)
    question = window.findChild(QLabel, "lessonQuestion")
    assert question.isVisible() == (step.question is not None)
    if step.question is not None:
        assert LESSON_QUESTIONS[step.question].text in question.text()


def test_pagedown_walks_every_step_and_each_sets_the_window_up(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    assert lesson.step_index() == 0
    for index in range(len(LESSON_STEPS)):
        check_step(main_window, index)
        press(qtbot, main_window, Qt.Key.Key_PageDown)
    assert lesson.step_index() == len(LESSON_STEPS) - 1  # the last step stays
    press(qtbot, main_window, Qt.Key.Key_PageUp)
    check_step(main_window, len(LESSON_STEPS) - 2)
    press(qtbot, main_window, Qt.Key.Key_Left)  # the clicker's other key
    check_step(main_window, len(LESSON_STEPS) - 3)
    press(qtbot, main_window, Qt.Key.Key_Right)
    check_step(main_window, len(LESSON_STEPS) - 2)


def test_a_step_shows_its_tab_or_the_loss_tab_when_its_view_is_absent(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    tabs = main_window.tabs
    for index, step in enumerate(LESSON_STEPS):
        lesson.go_to(index)
        view = lesson.current_view()
        assert view in (*step.views, "lossPanel")
        widget = main_window.findChild(QLabel, view) or main_window.findChild(object, view)
        page = tabs.currentWidget()
        assert widget is page or page.isAncestorOf(widget)
        if view not in step.views:  # none of the step's views exists in this build
            assert all(main_window.findChild(object, name) is None for name in step.views)


def test_leaving_gives_the_teacher_their_design_and_weights_back(qtbot, main_window):
    own = Design(hidden=(HiddenLayer(12, "tanh"),), epochs=4, seed=7)
    assert main_window.adopt_design(own, fresh=True)
    net = main_window.current_network()
    net_weights = [np.array(w) for w in net.weights]
    main_window.tabs.setCurrentIndex(main_window.tabs.count() - 1)
    open_lesson(qtbot, main_window)
    assert not main_window.designer.isVisible()  # the lesson takes its place
    for _ in range(8):
        press(qtbot, main_window, Qt.Key.Key_PageDown)
    assert main_window.controller.design != own
    press(qtbot, main_window, Qt.Key.Key_F2)
    assert not main_window.findChild(QDockWidget, "lessonPanel").isVisible()
    assert main_window.controller.design == own
    assert main_window.designer.design() == own and main_window.designer.isVisible()
    for before, after in zip(net_weights, main_window.current_network().weights, strict=True):
        np.testing.assert_array_equal(before, after)
    assert main_window.settings.load_design() == own
    assert main_window.tabs.currentIndex() == main_window.tabs.count() - 1
    press(qtbot, main_window, Qt.Key.Key_PageDown)  # closed: the keys are the window's again
    assert main_window.controller.design == own


def test_the_step_is_remembered(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    for _ in range(4):
        press(qtbot, main_window, Qt.Key.Key_PageDown)
    click(qtbot, main_window, "lessonLeaveButton")
    assert main_window.settings.load_int(STEP_KEY, 0, 0, 99) == 4
    open_lesson(qtbot, main_window)
    assert lesson.step_index() == 4
    check_step(main_window, 4)


def test_pick_a_student_and_show_the_answer_for_the_network_on_screen(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    hidden = next(i for i, s in enumerate(LESSON_STEPS) if s.readings == "hidden")
    lesson.go_to(hidden)
    picked = []
    for _ in LESSON_ROSTER:
        click(qtbot, main_window, "lessonPickButton")
        picked.append(main_window.findChild(QLabel, "lessonStudent").text().split(",")[0])
    assert sorted(picked) == sorted(LESSON_ROSTER)  # nobody twice before everybody
    assert main_window.findChild(QLabel, "lessonAnswer").isHidden()
    click(qtbot, main_window, "lessonAnswerButton")
    question = LESSON_QUESTIONS[LESSON_STEPS[hidden].question]
    expected = answer(question, main_window.controller.design)
    assert lesson.panel.answer_shown() == expected
    assert "W1 is 64 x 4" in expected


def test_the_toolbar_picks_from_the_same_fair_round(qtbot, main_window):
    bar = main_window.findChild(QToolBar, "lessonToolBar")
    action = main_window.acts["pick_student"]
    assert action in bar.actions()
    names = []
    for _ in LESSON_ROSTER:
        qtbot.mouseClick(bar.widgetForAction(action), Qt.MouseButton.LeftButton)
        names.append(main_window.findChild(QLabel, "pickedStudent").text())
    assert sorted(names) == sorted(LESSON_ROSTER)


def test_pressing_n_moves_the_watched_weight_and_the_panel_follows(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    update = next(i for i, s in enumerate(LESSON_STEPS) if s.readings == "update")
    lesson.go_to(update)
    assert shown(main_window)["w"] == fmt(float(main_window.current_network().weights[0][17, 0]))
    before = float(main_window.current_network().weights[0][WATCHED_PIXEL, 0])
    for count in (1, 2, 3):
        press(qtbot, main_window, Qt.Key.Key_N)
        qtbot.waitUntil(
            lambda n=count: (
                main_window.controller.history.batch_trace()[0].size == n
                and main_window.controller.state == "paused"
            ),
            timeout=5000,
        )
    net = main_window.current_network()
    after = float(net.weights[0][WATCHED_PIXEL, 0])
    assert after != before
    qtbot.waitUntil(lambda: shown(main_window)["w"] == fmt(after), timeout=5000)
    task = main_window.controller.task
    _, dW, _ = net.gradients(task.X_train, task.y_train)
    assert shown(main_window)["dw"] == fmt(float(dW[0][WATCHED_PIXEL, 0]))


def test_drawing_refreshes_the_numbers_and_drops_the_unknown_truth(qtbot, main_window):
    lesson = open_lesson(qtbot, main_window)
    loss_step = next(i for i, s in enumerate(LESSON_STEPS) if s.readings == "loss")
    lesson.go_to(loss_step)
    assert "loss" in shown(main_window)
    canvas = main_window.lab.digitCanvas
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
    assert "loss" not in shown(main_window)
    net = main_window.current_network()
    p = float(net.predict_proba(main_window.controller.task.scale(canvas.pixels()))[0, 0])
    assert shown(main_window)["p"].startswith(fmt(p))


def test_the_code_of_the_design_on_screen(qtbot, main_window):
    code = main_window.code_for("sklearn")
    assert "hidden_layer_sizes=(32,)" in code and "max_iter=30" in code
    assert "layers.Dense(32" in main_window.code_for("keras")
    assert engine.layer_sizes(main_window.controller.design) == (64, 32, 10)


def test_the_lesson_column_widens_with_the_zoom_but_leaves_the_window_two_thirds(
    qtbot, main_window
):
    lesson = open_lesson(qtbot, main_window)
    width = lesson.dock.width()
    assert main_window.width() == 1024  # opening the lesson did not grow the window
    font = lesson.panel.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    lesson.panel.setFont(font)
    assert width < lesson.dock.width() <= main_window.width() // 3
    font.setPointSizeF(font.pointSizeF() * 3)
    lesson.panel.setFont(font)
    assert lesson.dock.width() == main_window.width() // 3
