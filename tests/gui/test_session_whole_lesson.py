"""The whole lesson in a session: after training, comparing two runs, collecting the class's
digits and walking into the lesson, a fresh window (its own settings) shows the same curves,
run table, weights (bit for bit), lesson step and digits."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from gui.training.history import COLUMNS
from tests.gui.lab.test_own_digits_view import ONE, SEVEN, add
from tests.gui.test_main_window import small_design, train_and_wait, weights_of
from tests.gui.test_session_files import choose_open, choose_save, press


def table_texts(window) -> list[list[str]]:
    """Every cell of the run table as the class reads it (the ghost box's text in column 0)."""
    table = window.runs.table
    rows = []
    for row in range(table.rowCount()):
        box = table.cellWidget(row, 0)
        cells = [box.text(), str(box.isChecked())]
        cells += [table.item(row, col).text() for col in range(1, table.columnCount())]
        rows.append(cells)
    return rows


def ghost_data(window) -> dict[int, tuple[list[float], list[float]]]:
    ghosts = window.runs.ghosts
    out = {}
    for record in window.runs.log.records:
        x, y = ghosts.curve(record.number).getData()
        out[record.number] = ([] if x is None else list(x), [] if y is None else list(y))
    return out


def two_runs_and_two_digits(qtbot, window) -> None:
    """Run 1: 8 nodes, 2 epochs; run 2: 12 nodes (fresh weights), 2 epochs; run 1's ghost
    unticked; then a one and a seven drawn into our digits."""
    small_design(window, qtbot, nodes="8", epochs="2")
    assert train_and_wait(qtbot, window) == "completed"
    small_design(window, qtbot, nodes="12", epochs="2")  # a new shape: reset (answered yes)
    assert train_and_wait(qtbot, window) == "completed"
    window.runs.table.check_box(1).setChecked(False)  # the teacher hides run 1's ghost
    add(qtbot, window, ONE, 1)
    add(qtbot, window, SEVEN, 7)
    assert len(window.lab.ownDigitsView.digits()) == 2


def test_a_whole_lesson_reopens_in_a_fresh_window(
    qtbot, main_window, fresh_window, tmp_path, monkeypatch
):
    w = main_window
    two_runs_and_two_digits(qtbot, w)
    w.set_speed("slow")
    qtbot.keyClick(w, Qt.Key.Key_F2)  # into the lesson, two steps on
    qtbot.keyClick(w, Qt.Key.Key_PageDown)
    qtbot.keyClick(w, Qt.Key.Key_PageDown)
    assert w.lesson.is_active() and w.lesson.step_index() == 2
    own_design, own_net, own_rows, own_epochs = w.lesson.teachers_own()
    path = tmp_path / "thursday.neuronlab"
    choose_save(monkeypatch, path)
    press(qtbot, w, Qt.Key.Key_S)
    assert path.exists()
    table, ghosts = table_texts(w), ghost_data(w)
    digits = w.lab.ownDigitsView.digits()

    other = fresh_window()
    choose_open(monkeypatch, path)
    press(qtbot, other, Qt.Key.Key_O)
    # the lesson is open at the same step, the teacher's own work kept aside
    assert other.lesson.is_active() and other.lesson.step_index() == 2
    assert other.findChild(QDockWidget, "lessonPanel").isVisible()
    assert other.controller.design == w.controller.design  # the step's design
    assert table_texts(other) == table  # the run table, cell for cell
    assert table[1][0] == "2" and table[0][1] == "False"  # the lesson's network is live
    restored = ghost_data(other)
    assert restored.keys() == ghosts.keys()
    for number, (x, y) in ghosts.items():
        assert np.array_equal(restored[number][0], x) and np.array_equal(restored[number][1], y)
    assert other.controls.pace().name == w.controls.pace().name
    assert other.lab.ownDigitsView.digits() == digits  # ids, labels and pixels

    qtbot.keyClick(other, Qt.Key.Key_F2)  # leaving gives back the saved network
    assert not other.lesson.is_active()
    c = other.controller
    assert c.design == own_design and c.epochs_done == own_epochs
    assert [tuple(getattr(r, k) for k in COLUMNS) for r in c.history.rows] == own_rows
    assert all(
        np.array_equal(a, b)
        for a, b in zip(weights_of(c.current_network()), weights_of(own_net), strict=True)
    )


def test_a_session_saved_outside_the_lesson_keeps_its_step_and_network(
    qtbot, main_window, fresh_window, tmp_path
):
    w = main_window
    two_runs_and_two_digits(qtbot, w)
    w.lesson.go_to(5)
    path = w.save_session_to(tmp_path / "plain.neuronlab")
    rows, table = list(w.controller.history.rows), table_texts(w)
    assert table[1][0] == "2 (live)"  # run 2 is the curve drawn live, not a ghost
    other = fresh_window()
    other.open_session_from(path)
    assert not other.lesson.is_active() and other.lesson.step_index() == 5
    assert list(other.controller.history.rows) == rows
    assert "2 runs, 2 of our digits" in other.controls.status_label.text()
    assert table_texts(other) == table and other.runs.isVisible()
    assert other.runs.log.live_number(other.controller.history) == 2
    assert not other.runs.ghosts.curve(2).isVisible()  # not ghosted twice


def test_opening_a_session_adds_its_digits_to_this_pcs_without_duplicates(
    qtbot, main_window, fresh_window, tmp_path
):
    w = main_window
    add(qtbot, w, ONE, 1)
    path = w.save_session_to(tmp_path / "digits.neuronlab")
    other = fresh_window()
    add(qtbot, other, SEVEN, 7)  # drawn on the classroom PC before the session was opened
    other.open_session_from(path)
    other.open_session_from(path)  # twice: nothing added the second time
    assert [d.label for d in other.lab.ownDigitsView.digits()] == [7, 1]
