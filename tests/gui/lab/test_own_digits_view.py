"""Our digits in the real window: add with real clicks, select / relabel / delete, survive a
restart, save -> open -> merge (no duplicates), and the network's own predictions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog

from engine import drawing
from engine.own_digits import load_digits_file
from gui.lab.own_digits_view import STORE_NAME
from tests.gui.test_main_window import click, small_design, train_and_wait


def point(canvas, r, c):
    return canvas.cell_center(r, c).toPoint()


def stroke(qtbot, canvas, cells) -> None:
    """Draw through ``cells`` with the left button, as a student would."""
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, *cells[0]))
    for cell in cells[1:]:
        qtbot.mouseMove(canvas, pos=point(canvas, *cell))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, *cells[-1]))


def choose_label(qtbot, combo: QComboBox, label: int) -> None:
    """Pick ``label`` in a combo with the keyboard."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(label):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == label


def open_tab(window):
    view = window.lab.ownDigitsView
    window.tabs.setCurrentWidget(view)
    return view


def add(qtbot, window, cells, label: int) -> None:
    view = open_tab(window)
    canvas = window.lab.digitCanvas
    click(qtbot, window, "clearButton")
    stroke(qtbot, canvas, cells)
    choose_label(qtbot, view.labelCombo, label)
    qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)


ONE = [(1, 4), (6, 4)]
SEVEN = [(1, 1), (1, 6), (6, 3)]


def test_added_drawings_are_the_canvas_counts_and_survive_a_restart(
    qtbot, main_window, isolated_settings
):
    add(qtbot, main_window, ONE, 1)
    first = main_window.lab.digitCanvas.pixels()
    add(qtbot, main_window, SEVEN, 7)
    view = main_window.lab.ownDigitsView
    assert list(view.digits().labels()) == [1, 7]
    np.testing.assert_array_equal(view.digits().images()[0], np.rint(first))
    assert "Added a 7 to our digits (2 drawings now)." in main_window.controls.status_label.text()
    store = isolated_settings.parent / STORE_NAME
    assert load_digits_file(store) == view.digits()  # kept beside the settings
    # A blank canvas is no digit: nothing is added.
    click(qtbot, main_window, "clearButton")
    qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)
    assert len(view.digits()) == 2
    assert main_window.controls.status_label.text().startswith("Draw a digit first")
    # A new window (a restart) with the same settings folder has them.
    from gui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.lab.ownDigitsView.digits() == view.digits()
    again.controller.shutdown()


def test_the_32x32_mode_stores_its_ink_counts(qtbot, main_window):
    view = open_tab(main_window)
    canvas = main_window.lab.digitCanvas
    qtbot.mouseClick(main_window.lab.fineBox, Qt.MouseButton.LeftButton)
    assert canvas.is_fine()
    stroke(qtbot, canvas, [(4, 14), (28, 14)])
    qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)
    stored = view.digits().images()[0]
    np.testing.assert_array_equal(stored, drawing.reduce_32_to_8(canvas.bitmap()))
    assert stored.max() > 0 and set(np.unique(stored)) <= set(range(17))


def test_select_relabel_and_delete_in_the_gallery(qtbot, main_window):
    add(qtbot, main_window, ONE, 1)
    add(qtbot, main_window, SEVEN, 4)
    view = main_window.lab.ownDigitsView
    assert not view.deleteButton.isEnabled()  # nothing selected yet
    main_window.lab.load_test_digit(3)  # a test digit in the canvas before the selection
    gallery = view.gallery
    qtbot.mouseClick(
        gallery, Qt.MouseButton.LeftButton, pos=gallery.thumb_rect(1).center().toPoint()
    )
    assert view.selected() == 1
    # Selecting puts the drawing into the canvas.
    np.testing.assert_array_equal(main_window.lab.digitCanvas.pixels(), view.digits().images()[1])
    assert "true label" not in main_window.lab.labelLabel.text()  # it is not a test digit
    choose_label(qtbot, view.relabelCombo, 7)
    qtbot.mouseClick(view.relabelButton, Qt.MouseButton.LeftButton)
    assert list(view.digits().labels()) == [1, 7]
    qtbot.mouseClick(
        gallery, Qt.MouseButton.LeftButton, pos=gallery.thumb_rect(0).center().toPoint()
    )
    qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    assert list(view.digits().labels()) == [7]
    add(qtbot, main_window, ONE, 8)
    assert main_window.controls.status_label.text().startswith("Added an 8 to our digits")
    assert view.selected() == -1


class Dialogs:
    """Answers the file dialogs: the next save path, or the next files to open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.save = ""
        self.open: list[str] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._one))

    def _save(self, *_args):
        return self.save, ""

    def _one(self, *_args):
        return (self.open[0] if self.open else ""), ""


def test_save_open_merge_round_trip_adds_no_duplicates(
    qtbot, main_window, tmp_path: Path, monkeypatch
):
    dialogs = Dialogs(monkeypatch)
    view = main_window.lab.ownDigitsView
    add(qtbot, main_window, ONE, 1)
    add(qtbot, main_window, SEVEN, 7)
    mine = view.digits()
    dialogs.save = str(tmp_path / "room 12")
    qtbot.mouseClick(view.saveButton, Qt.MouseButton.LeftButton)
    saved = tmp_path / "room 12.json"
    assert load_digits_file(saved) == mine
    # Another machine's drawings: one new, one the same as ours.
    add(qtbot, main_window, [(2, 2), (5, 5)], 3)
    ours_plus_one = view.digits()
    dialogs.save = str(tmp_path / "other.json")
    qtbot.mouseClick(view.saveButton, Qt.MouseButton.LeftButton)
    # Open replaces (asked first), Merge adds only what is new, twice adds nothing.
    dialogs.open = [str(saved)]
    qtbot.mouseClick(view.openButton, Qt.MouseButton.LeftButton)
    assert main_window.test_questions[-1].startswith("Replace the 3 drawings")
    assert view.digits() == mine
    dialogs.open = [str(tmp_path / "other.json")]
    qtbot.mouseClick(view.mergeButton, Qt.MouseButton.LeftButton)
    assert view.digits() == ours_plus_one
    assert "1 drawing added, 3 in all" in main_window.controls.status_label.text()
    qtbot.mouseClick(view.mergeButton, Qt.MouseButton.LeftButton)
    dialogs.open = [str(saved)]
    qtbot.mouseClick(view.mergeButton, Qt.MouseButton.LeftButton)
    assert view.digits() == ours_plus_one  # merging the same files again: no duplicates
    assert "0 drawings added, 3 in all" in main_window.controls.status_label.text()


def test_evaluating_gives_the_engines_predictions(qtbot, main_window):
    small_design(main_window, qtbot, nodes="16", epochs="3")
    assert train_and_wait(qtbot, main_window) == "completed"
    task = main_window.controller.task
    view = main_window.lab.ownDigitsView
    open_tab(main_window)
    # The class "draws" ten test digits (loaded, then added with their true labels).
    for k in range(10):
        main_window.lab.load_test_digit(k)
        choose_label(qtbot, view.labelCombo, int(task.y_test[k]))
        qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)
    net = main_window.current_network()
    X = task.scale(view.digits().images().reshape(-1, 64))
    expected = net.predict(X)
    np.testing.assert_array_equal(view.predictions(), expected)
    np.testing.assert_array_equal(expected, net.predict(task.X_test[:10]))  # the same digits
    right = int(np.sum(expected == task.y_test[:10]))
    cm = view.confusion()
    assert cm.sum() == 10 and np.trace(cm) == right
    test_right = int(np.sum(net.predict(task.X_test) == task.y_test))
    assert view.accuracyLabel.text() == (
        f"Our digits: {right / 10:.0%} right ({right} of 10)  ·  "
        f"test set: {test_right / len(task.y_test):.1%} ({test_right} of {len(task.y_test)})"
    )
    evaluation = main_window.lab.evaluationView  # the test set's own tab says the same
    main_window.tabs.setCurrentWidget(evaluation)
    qtbot.waitUntil(lambda: evaluation.confusion() is not None, timeout=5000)
    assert evaluation.confusion().trace() == test_right


def test_the_menu_adds_the_drawing(qtbot, main_window):
    stroke(qtbot, main_window.lab.digitCanvas, ONE)
    main_window.lab.ownDigitsView.labelCombo.setCurrentIndex(1)
    main_window.activateWindow()
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert list(main_window.lab.ownDigitsView.digits().labels()) == [1]
    assert main_window.tabs.currentWidget() is main_window.lab.ownDigitsView


def test_the_test_sets_matrix_shows_beside_ours_only_where_both_fit(qtbot):
    from gui.lab.digit_canvas import DigitCanvas
    from gui.lab.own_digits_view import TWO_MATRICES_WIDTH, OwnDigitsView

    view = OwnDigitsView(DigitCanvas())
    qtbot.addWidget(view)
    view.show()
    view.resize(TWO_MATRICES_WIDTH + 100, 600)
    qtbot.waitUntil(lambda: view.testMatrix.isVisible())
    view.resize(TWO_MATRICES_WIDTH - 100, 600)
    qtbot.waitUntil(lambda: not view.testMatrix.isVisible())
    assert view.ownMatrix.isVisible()
