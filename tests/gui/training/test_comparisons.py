"""Lesson > Compare runs: each comparison trains its designs in turn and leaves them side by
side as ghosts; Esc stops the run and the sequence."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.comparisons import COMPARISONS, comparison_named, updates_per_epoch
from engine.design_diff import design_label
from gui.training.frame import TrainingState
from gui.training.run_table import HEADERS
from tests.app_process import run_offscreen

FINISH_MS = 120_000


def full_speed(window) -> None:
    window.set_speed("full")  # the comparison sets it too; the test says so itself


@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: c.key)
def test_each_comparison_runs_end_to_end(qtbot, main_window, comparison):
    w = main_window
    full_speed(w)
    runner = w.comparisons
    with qtbot.waitSignal(runner.comparisonFinished, timeout=FINISH_MS) as blocker:
        runner.start(comparison, epochs=2)
    assert blocker.args == ["done"]
    designs = comparison.with_epochs(2)
    records = w.runs.log.records
    assert [r.design for r in records] == list(designs)
    assert all(r.epochs == 2 for r in records)
    assert w.controller.design == designs[-1]  # the last one is left on screen, live
    assert w.designer.design() == designs[-1]
    assert w.runs.ghosts.axis == comparison.x_axis
    ghosts = w.runs.ghosts
    for record in records[:-1]:
        assert ghosts.is_shown(record.number)
        label = f"{record.number}: {design_label(designs[-1], record.design)}"
        assert ghosts.label(record.number) == label
        x, y = record.points(comparison.x_axis)
        # per update, in the live run's epochs (the axis reads them as updates)
        scale = updates_per_epoch(designs[-1]) if comparison.x_axis == "updates" else 1
        np.testing.assert_allclose(ghosts.curve(record.number).getData()[0], x / scale)
        np.testing.assert_array_equal(ghosts.curve(record.number).getData()[1], y)
    assert not ghosts.is_shown(records[-1].number)
    np.testing.assert_array_equal(
        w.loss_plot.training_loss_points()[1], w.controller.history.column("train_loss")
    )
    assert comparison.name in w.controller.status


def test_a_comparison_from_the_lesson_menu(qtbot, main_window):
    """The menu row starts the comparison as shipped (its own epochs); earlier runs stay in
    the table but are unticked, so the plot shows the comparison alone."""
    w = main_window
    full_speed(w)
    with qtbot.waitSignal(w.trainingFinished, timeout=FINISH_MS):
        w.start_training()  # an earlier run of the default design
    w.acts["reset"].trigger()
    assert w.runs.ghosts.is_shown(1)
    action = next(a for a in w.comparison_actions if a.objectName() == "compare_vanishing")
    with qtbot.waitSignal(w.comparisons.comparisonFinished, timeout=FINISH_MS):
        action.trigger()
    comparison = comparison_named("vanishing")
    assert [r.design for r in w.runs.log.records[1:]] == list(comparison.designs)
    assert not w.runs.ghosts.is_shown(1) and not w.runs.table.check_box(1).isChecked()
    assert w.runs.ghosts.label(2) == "2: relu → sigmoid"
    sigmoid, relu = w.runs.log.records[1:]
    assert sigmoid.train_loss > 2.0 > 1.0 > relu.train_loss  # the gradient vanished


def test_escape_stops_the_run_and_the_sequence(qtbot, main_window):
    w = main_window
    full_speed(w)
    runner = w.comparisons
    finished: list[str] = []
    runner.comparisonFinished.connect(finished.append)
    runner.start(comparison_named("optimizers"), epochs=5000)
    assert w.controller.state == TrainingState.RUNNING and runner.is_running
    assert w.controller.status.startswith("SGD vs momentum vs Adam: run 1 of 3.")
    with qtbot.waitSignal(w.trainingFinished, timeout=FINISH_MS) as blocker:
        qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert blocker.args == ["stopped"]
    assert finished == ["stopped"] and not runner.is_running
    assert w.controller.state == TrainingState.IDLE
    records = w.runs.log.records
    assert len(records) == 1 and records[0].ended == "stopped"
    assert w.runs.table.item(0, HEADERS.index("Epochs")).text().endswith("stopped")


CLOSE_SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gui.main_window import MainWindow
    from engine.comparisons import comparison_named
    window = MainWindow()
    window.show()
    ended = []

    def close_after_first_run(reason):
        # the runner has just scheduled the next run: closing now must not start it
        ended.append(reason)
        if len(ended) == 1:
            window.close()

    window.comparisons.start(comparison_named("optimizers"), epochs=3)
    window.trainingFinished.connect(close_after_first_run)
    code = app.exec()
    print("STATE", window.controller.state, len(ended), len(window.runs.log.records), flush=True)
    sys.exit(code)
    """
)


def test_closing_between_two_runs_starts_no_other(tmp_path):
    """Run in a subprocess: a run started after the window closed would leave a QThread
    running at exit, which aborts the process."""
    result = run_offscreen(["-c", CLOSE_SCRIPT], tmp_path / "settings.ini", timeout=60)
    assert result.returncode == 0, (result.stdout, result.stderr[-2000:])
    assert "STATE idle 1 1" in result.stdout, result.stdout + result.stderr[-2000:]
    assert "Destroyed while thread" not in result.stderr
