"""Runs survive a reset: the run table and the ghost curves, driven with real clicks."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from engine import Design, HiddenLayer
from engine.comparisons import updates_per_epoch
from engine.design_diff import design_label, design_summary
from gui.training.ghost_runs import GhostCurve
from gui.training.run_log import CSV_COLUMNS
from gui.training.run_table import HEADERS

FINISH_MS = 30_000
SMALL = Design(hidden=(HiddenLayer(16, "relu"),), epochs=3)


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def train(qtbot, window) -> tuple[np.ndarray, float]:
    """Press Train, wait for the end; the run's training losses and last test accuracy."""
    with qtbot.waitSignal(window.trainingFinished, timeout=FINISH_MS):
        click(qtbot, window, "trainButton")
    history = window.controller.history
    return history.column("train_loss"), history.rows[-1].test_accuracy


def ghost_items(window) -> list[GhostCurve]:
    items = window.loss_plot.ghost_items()
    assert all(getattr(item, "is_ghost", False) for item in items)  # kept out of the ranges
    return [item for item in items if isinstance(item, GhostCurve)]


def shown_tags(window) -> list[str]:
    """The tags of the ghosts on the plot, in run order."""
    return [g.tag.textItem.toPlainText() for g in ghost_items(window) if g.tag.isVisible()]


def differs_column(window) -> list[str]:
    table = window.runs.table
    column = HEADERS.index("Differs from now")
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_train_reset_train_keeps_the_first_run(qtbot, main_window):
    w = main_window
    assert w.adopt_design(SMALL, fresh=True)
    assert not w.runs.isVisible()  # no run yet: the plot has the room
    losses1, accuracy1 = train(qtbot, w)
    table = w.findChild(object, "runTable")
    assert table.rowCount() == 1 and w.runs.isVisible()
    assert not ghost_items(w)[0].isVisible()  # the live curve is not drawn twice
    assert table.check_box(1).text() == "1 (live)"

    click(qtbot, w, "resetButton")
    assert w.controller.history.is_empty()
    ghost = w.runs.ghosts.curve(1)
    assert ghost.isVisible() and ghost in ghost_items(w)
    assert w.runs.ghosts.label(1) == "1: same design"
    assert shown_tags(w) == ["1: same design"]
    assert table.check_box(1).text() == "1"
    assert differs_column(w) == ["same design"]

    _, accuracy2 = train(qtbot, w)
    assert table.rowCount() == 2
    x, y = ghost.getData()
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_array_equal(y, losses1)  # the first curve, still on the plot
    assert (ghost.tag.pos().x(), ghost.tag.pos().y()) == (3.0, losses1[-1])  # at its end
    assert differs_column(w) == ["same design", "(live)"]
    assert not w.runs.ghosts.is_shown(2)  # the second is the live curve
    records = w.runs.log.records
    assert [r.test_accuracy for r in records] == [accuracy1, accuracy2]
    assert [table.item(row, HEADERS.index("Accuracy")).text() for row in range(2)] == [
        f"{100 * accuracy1:.1f} %",
        f"{100 * accuracy2:.1f} %",
    ]
    assert (
        table.item(0, HEADERS.index("Design")).text()
        == design_summary(SMALL)
        == "64-16-10 relu, adam α 0.001, batch 32"
    )
    assert table.item(0, HEADERS.index("Epochs")).text() == "3"
    assert table.item(0, HEADERS.index("Train loss")).text() == f"{losses1[-1]:.4f}"
    assert records[0].seconds > 0


def test_the_ghost_label_names_the_difference(qtbot, main_window):
    w = main_window
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)
    sigmoid = replace(
        SMALL, hidden=(HiddenLayer(16, "sigmoid"),), optimizer="sgd", learning_rate=0.1
    )
    w.adopt_design(sigmoid)  # a new activation: fresh weights, the run becomes a ghost
    assert w.runs.ghosts.label(1) == "1: sigmoid → relu, sgd → adam, α 0.001"
    train(qtbot, w)
    w.adopt_design(SMALL, fresh=True)
    # every label follows the design on screen
    assert w.runs.ghosts.label(1) == "1: same design"
    assert w.runs.ghosts.label(2) == f"2: {design_label(SMALL, sigmoid)}"
    assert w.runs.ghosts.label(2) == "2: relu → sigmoid, adam → sgd, α 0.1"
    assert shown_tags(w) == ["1: same design", f"2: {design_label(SMALL, sigmoid)}"]
    # a new learning rate keeps the weights; the same two ghosts are relabelled
    w.adopt_design(replace(SMALL, learning_rate=0.01))
    assert w.runs.ghosts.label(1) == "1: α 0.01 → 0.001"
    assert shown_tags(w) == ["1: α 0.01 → 0.001", "2: relu → sigmoid, adam → sgd, α 0.1"]
    assert differs_column(w) == ["α 0.01 → 0.001", "relu → sigmoid, adam → sgd, α 0.1"]


def test_train_again_continues_the_same_run(qtbot, main_window):
    w = main_window
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)
    train(qtbot, w)  # three more epochs of the same network: one curve, one row
    table = w.findChild(object, "runTable")
    assert table.rowCount() == 1
    assert w.runs.log.records[0].epochs == 6
    assert table.item(0, HEADERS.index("Epochs")).text() == "6"


def test_show_hide_remove_and_clear_by_clicking(qtbot, main_window):
    w = main_window
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)
    click(qtbot, w, "resetButton")
    train(qtbot, w)
    click(qtbot, w, "resetButton")  # both runs are ghosts now
    table = w.runs.table
    ghosts = w.runs.ghosts
    assert ghosts.is_shown(1) and ghosts.is_shown(2)
    assert not w.runs.remove_button.isEnabled()  # nothing selected yet

    box = table.check_box(1)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not box.isChecked() and not ghosts.is_shown(1)
    assert shown_tags(w) == ["2: same design"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert ghosts.is_shown(1) and shown_tags(w) == ["1: same design", "2: same design"]

    # select run 1's row, then Remove
    rect = table.visualItemRect(table.item(0, HEADERS.index("Design")))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, w, "removeRunButton")
    assert table.rowCount() == 1 and table.numbers == [2]
    assert [g.number for g in ghost_items(w)] == [2]

    click(qtbot, w, "clearRunsButton")
    assert table.rowCount() == 0 and not ghost_items(w)
    assert not w.runs.isVisible()


def test_updates_as_the_x_axis(qtbot, main_window):
    w = main_window
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)  # 3 epochs of 45 mini-batches
    batch_x, batch_y = w.controller.history.batch_trace()
    stochastic = replace(
        SMALL, batch_mode="stochastic", epochs=1, optimizer="sgd", learning_rate=0.01
    )
    w.adopt_design(stochastic, fresh=True)  # 1437 updates in its one epoch
    combo = w.runs.axis_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # "x: updates"
    assert w.runs.ghosts.axis == "updates"
    bottom = w.loss_plot.getPlotItem().getAxis("bottom")
    assert updates_per_epoch(stochastic) == bottom.scale == 1437
    assert bottom.labelText.startswith("updates")
    w.loss_plot.apply_font()  # what a resize or the presentation zoom does
    assert bottom.labelText.startswith("updates")
    # the ghost is its 135 mini-batch losses (bins of 1) at its own updates: x = updates / 1437
    x, y = w.runs.ghosts.curve(1).getData()
    assert len(batch_x) == 135 and updates_per_epoch(SMALL) == 45
    np.testing.assert_allclose(x * 1437, batch_x * 45)
    np.testing.assert_array_equal(y, batch_y)
    train(qtbot, w)
    np.testing.assert_array_equal(w.loss_plot.training_loss_points()[0], [1])  # reads 1437
    assert w.loss_plot.getViewBox().viewRange()[0][1] >= x[-1]
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert bottom.scale == 1 and bottom.labelText == "epoch"
    np.testing.assert_array_equal(w.runs.ghosts.curve(1).getData()[0], [1, 2, 3])


def test_export_csv_round_trips(qtbot, main_window, tmp_path, monkeypatch):
    w = main_window
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)
    raw = replace(SMALL, scaling="none", epochs=2)
    w.adopt_design(raw, fresh=True)
    train(qtbot, w)
    target = tmp_path / "runs.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    click(qtbot, w, "exportRunsButton")
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    records = w.runs.log.records
    assert len(rows) == len(records) == 2
    for row, record in zip(rows, records, strict=True):
        assert int(row["run"]) == record.number
        assert row["design"] == record.summary
        assert int(row["epochs"]) == record.epochs
        for column in ("train_loss", "test_loss", "test_accuracy", "seconds"):
            assert float(row[column]) == getattr(record, column)
        assert row["ended"] == "completed"
        assert Design.from_dict(json.loads(row["design_json"])) == record.design
    assert records[1].design == raw
    assert "runs.csv" in w.controller.status


def test_file_menu_exports_the_runs(qtbot, main_window, tmp_path, monkeypatch):
    w = main_window
    action = w.acts["export_runs"]
    assert action in w.menuBar().actions()[0].menu().actions()  # File
    w.adopt_design(SMALL, fresh=True)
    train(qtbot, w)
    target = tmp_path / "from-menu.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    action.trigger()
    with open(target, newline="", encoding="utf-8") as handle:
        assert [row["run"] for row in csv.DictReader(handle)] == ["1"]


def test_the_axes_reach_a_ghost_that_stayed_higher(qtbot, main_window):
    """A slow run (plain SGD, α 0.001) stays near 2.3; a fast one (Adam, α 0.01) ends far
    below. The live run's own range would cut the slow ghost off; the axes reach it."""
    w = main_window
    qtbot.mouseClick(w.loss_panel.batch_check, Qt.MouseButton.LeftButton)  # epochs only
    assert not w.loss_panel.batch_check.isChecked()
    slow = replace(SMALL, optimizer="sgd", learning_rate=0.001)
    w.adopt_design(slow, fresh=True)
    slow_losses, _ = train(qtbot, w)
    fast = replace(SMALL, learning_rate=0.01, epochs=5)
    w.adopt_design(fast, fresh=True)
    fast_losses, _ = train(qtbot, w)
    assert slow_losses.max() > 3 * fast_losses.max()  # the live run alone would not reach it
    view = w.loss_plot.getViewBox()
    assert view.viewRange()[1][1] >= slow_losses.max()
    assert w.runs.ghosts.is_shown(1)
