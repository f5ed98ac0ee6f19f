"""The main window driven like a user would: real clicks and key presses, real training."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QMessageBox, QPushButton

import engine
from engine import Design, HiddenLayer

FINISH_MS = 30_000


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """Select the field's text, type ``text`` and press Enter, as a user would."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def small_design(window, qtbot, nodes: str = "16", epochs: str = "3") -> None:
    designer = window.designer
    type_into(qtbot, designer.hidden_editor.row_widgets(0)["nodes"], nodes)
    type_into(qtbot, designer.epochs_spin, epochs)


def train_and_wait(qtbot, window, button: str = "trainButton") -> str:
    with qtbot.waitSignal(window.trainingFinished, timeout=FINISH_MS) as blocker:
        click(qtbot, window, button)
    return str(blocker.args[0])


def weights_of(net) -> list[np.ndarray]:
    return [np.array(w) for w in net.weights] + [np.array(b) for b in net.biases]


def test_contract_names_exist(main_window):
    from pyqtgraph import PlotWidget

    for name in ("trainButton", "pauseButton", "stopButton", "stepButton", "resetButton"):
        assert main_window.findChild(QPushButton, name) is not None
    assert main_window.findChild(PlotWidget, "lossPlot") is not None
    assert main_window.findChild(object, "networkDesigner") is not None
    assert main_window.findChild(object, "epochLabel").text() == "Epoch 0 / 30"
    assert "Neuron Lab" in main_window.windowTitle()


def test_design_train_and_the_loss_falls(qtbot, main_window):
    small_design(main_window, qtbot, nodes="16", epochs="4")
    assert main_window.current_network().layer_sizes == (64, 16, 10)
    assert main_window.designer.shapes_label.text().splitlines()[0] == "W1: 64 x 16   b1: 16"
    assert train_and_wait(qtbot, main_window) == "completed"
    curve = main_window.loss_plot.getPlotItem().listDataItems()[0]
    x, y = curve.getData()
    assert list(x) == [1, 2, 3, 4]
    assert np.all(np.diff(y) < 0), y
    assert main_window.findChild(object, "epochLabel").text() == "Epoch 4 / 4"
    assert "Finished 4 epochs" in main_window.controls.status_label.text()
    rows = main_window.controller.history.rows
    assert [r.train_loss for r in rows] == pytest.approx(list(y))
    # the views were given the trained weights
    assert main_window.lab.network() is main_window.current_network()


def test_space_trains_and_pauses_then_resume_and_stop(qtbot, main_window):
    small_design(main_window, qtbot, epochs="500")
    main_window.controls.set_speed_index(2)  # 10 batches per second: slow enough to catch
    main_window.setFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_Space)
    assert main_window.controller.state == "running"
    qtbot.waitUntil(lambda: main_window.controller.history.batch_trace()[0].size > 0, timeout=5000)
    qtbot.keyClick(main_window, Qt.Key.Key_Space)
    assert main_window.controller.state == "paused"
    assert main_window.findChild(QPushButton, "trainButton").text() == "Resume"
    qtbot.wait(300)
    seen = main_window.controller.history.batch_trace()[0].size
    qtbot.wait(300)
    assert main_window.controller.history.batch_trace()[0].size == seen  # really paused
    click(qtbot, main_window, "trainButton")  # Resume
    assert main_window.controller.state == "running"
    qtbot.waitUntil(
        lambda: main_window.controller.history.batch_trace()[0].size > seen, timeout=5000
    )
    with qtbot.waitSignal(main_window.trainingFinished, timeout=FINISH_MS) as blocker:
        qtbot.keyClick(main_window, Qt.Key.Key_Escape)
    assert blocker.args == ["stopped"]
    assert main_window.controller.state == "idle"
    assert "Stopped" in main_window.controls.status_label.text()


def test_pause_button_and_stop_button(qtbot, main_window):
    small_design(main_window, qtbot, epochs="500")
    main_window.controls.set_speed_index(3)
    click(qtbot, main_window, "trainButton")
    click(qtbot, main_window, "pauseButton")
    assert main_window.controller.state == "paused"
    with qtbot.waitSignal(main_window.trainingFinished, timeout=FINISH_MS) as blocker:
        click(qtbot, main_window, "stopButton")
    assert blocker.args == ["stopped"]
    assert not main_window.findChild(QPushButton, "stopButton").isEnabled()


def test_step_one_batch_then_one_epoch(qtbot, main_window):
    small_design(main_window, qtbot, epochs="5")
    before = weights_of(main_window.current_network())
    click(qtbot, main_window, "stepButton")
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    x, _ = main_window.controller.history.batch_trace()
    assert len(x) == 1  # exactly one mini-batch
    after = weights_of(main_window.current_network())
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    assert "mini-batch 1 of" in main_window.controls.status_label.text()
    qtbot.keyClick(main_window, Qt.Key.Key_N)  # N: one more mini-batch
    qtbot.waitUntil(lambda: main_window.controller.history.batch_trace()[0].size == 2, timeout=5000)
    click(qtbot, main_window, "stepEpochButton")
    qtbot.waitUntil(lambda: len(main_window.controller.history) == 1, timeout=5000)
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    assert main_window.controller.history.rows[0].epoch == 1
    qtbot.keyClick(main_window, Qt.Key.Key_E)  # E: one more epoch
    qtbot.waitUntil(lambda: len(main_window.controller.history) == 2, timeout=5000)
    with qtbot.waitSignal(main_window.trainingFinished, timeout=FINISH_MS):
        click(qtbot, main_window, "stopButton")


def test_reset_gives_fresh_weights_from_the_seed(qtbot, main_window):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    trained = weights_of(main_window.current_network())
    click(qtbot, main_window, "resetButton")
    fresh = weights_of(engine.build_network(main_window.designer.design()))
    now = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(now, fresh, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(now, trained, strict=True))
    assert len(main_window.controller.history) == 0
    assert main_window.loss_plot.training_loss_points()[0].size == 0
    assert main_window.findChild(object, "epochLabel").text() == "Epoch 0 / 2"


def test_train_continues_after_stop_and_reset_shortcut(qtbot, main_window):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    assert train_and_wait(qtbot, main_window) == "completed"  # two more epochs
    assert [r.epoch for r in main_window.controller.history.rows] == [1, 2, 3, 4]
    qtbot.keyClick(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert len(main_window.controller.history) == 0


def test_bad_value_is_refused_with_its_message(qtbot, main_window):
    nodes = main_window.designer.hidden_editor.row_widgets(0)["nodes"]
    type_into(qtbot, nodes, "600")
    assert nodes.value() == 600  # not clamped silently
    errors = main_window.designer.errors()
    assert "hidden.0.nodes" in errors
    message = main_window.designer.hidden_editor.row_widgets(0)["message"]
    assert message.isVisible()
    assert "512" in message.text()
    assert not main_window.findChild(QPushButton, "trainButton").isEnabled()
    qtbot.keyClick(main_window, Qt.Key.Key_Space)  # the shortcut is refused too
    assert main_window.controller.state == "idle"
    assert "Fix the fields marked in red" in main_window.controls.status_label.text()
    type_into(qtbot, nodes, "20")
    assert not message.isVisible()
    assert main_window.findChild(QPushButton, "trainButton").isEnabled()
    assert main_window.current_network().layer_sizes == (64, 20, 10)


def test_learning_rate_keeps_small_values(qtbot, main_window):
    lr = main_window.designer.lr_spin
    type_into(qtbot, lr, "0.0005")
    assert main_window.designer.design().learning_rate == 0.0005
    type_into(qtbot, lr, "1000")
    assert main_window.designer.design().learning_rate == 1000.0
    assert main_window.designer.errors() == {}


def test_learning_rate_change_while_paused_keeps_the_weights(qtbot, main_window):
    small_design(main_window, qtbot, epochs="5")
    click(qtbot, main_window, "stepEpochButton")
    qtbot.waitUntil(lambda: len(main_window.controller.history) == 1, timeout=5000)
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    paused_weights = weights_of(main_window.current_network())
    type_into(qtbot, main_window.designer.lr_spin, "0.01")
    assert main_window.test_questions == []  # no reset question for a learning rate
    assert main_window.controller.state == "paused"
    assert len(main_window.controller.history) == 1
    assert "Learning rate now 0.01" in main_window.controls.status_label.text()
    now = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(now, paused_weights, strict=True))
    worker = main_window.controller._worker
    qtbot.keyClick(main_window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: worker.request.optimizer.learning_rate == 0.01, timeout=5000)
    with qtbot.waitSignal(main_window.trainingFinished, timeout=FINISH_MS):
        click(qtbot, main_window, "stopButton")


def test_architecture_change_asks_before_resetting(qtbot, main_window):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    trained = weights_of(main_window.current_network())
    nodes = main_window.designer.hidden_editor.row_widgets(0)["nodes"]
    main_window.test_answers.append(False)  # "No": keep the trained network
    type_into(qtbot, nodes, "24")
    assert len(main_window.test_questions) == 1
    assert main_window.designer.design().hidden[0].nodes == 16  # the field went back
    assert main_window.designer.hidden_editor.row_widgets(0)["nodes"].value() == 16
    assert len(main_window.controller.history) == 2
    now = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(now, trained, strict=True))
    main_window.test_answers.append(True)  # "Yes": reset to the new shape
    type_into(qtbot, main_window.designer.hidden_editor.row_widgets(0)["nodes"], "24")
    assert len(main_window.test_questions) == 2
    assert main_window.current_network().layer_sizes == (64, 24, 10)
    assert len(main_window.controller.history) == 0


def test_add_remove_and_reorder_layers_update_the_shapes(qtbot, main_window):
    designer = main_window.designer
    qtbot.mouseClick(designer.hidden_editor.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, designer.hidden_editor.row_widgets(1)["nodes"], "8")
    assert designer.design().hidden == (HiddenLayer(32, "relu"), HiddenLayer(8, "relu"))
    assert designer.shapes_label.text().splitlines() == [
        "W1: 64 x 32   b1: 32",
        "W2: 32 x 8   b2: 8",
        "W3: 8 x 10   b3: 10",
    ]
    total = 64 * 32 + 32 + 32 * 8 + 8 + 8 * 10 + 10
    assert designer.params_label.text().startswith(f"{total:,} numbers to learn")
    qtbot.mouseClick(designer.hidden_editor.row_widgets(1)["up"], Qt.MouseButton.LeftButton)
    assert [h.nodes for h in designer.design().hidden] == [8, 32]
    assert main_window.current_network().layer_sizes == (64, 8, 32, 10)
    qtbot.mouseClick(designer.hidden_editor.row_widgets(0)["remove"], Qt.MouseButton.LeftButton)
    assert [h.nodes for h in designer.design().hidden] == [32]
    assert main_window.current_network().layer_sizes == (64, 32, 10)


def test_task_change_derives_the_output_layer(qtbot, main_window):
    designer = main_window.designer
    designer.task_combo.setFocus()
    designer.task_combo.setCurrentIndex(designer.task_combo.findData("odd_even"))
    assert designer.output_label.text().startswith("1 node, sigmoid")
    assert designer.design().loss == "binary_crossentropy"
    assert main_window.current_network().layer_sizes == (64, 32, 1)
    losses = [designer.loss_combo.itemData(i) for i in range(designer.loss_combo.count())]
    assert losses == list(engine.allowed_losses("odd_even"))


def test_engine_exception_is_reported_in_the_window(qtbot, main_window, monkeypatch):
    import gui.training.worker as worker_module

    class BrokenTrainer(worker_module.Trainer):
        def steps(self, *args, **kwargs):
            raise RuntimeError("the engine broke on purpose")

    monkeypatch.setattr(worker_module, "Trainer", BrokenTrainer)
    small_design(main_window, qtbot, epochs="2")
    assert train_and_wait(qtbot, main_window) == "failed"
    status = main_window.controls.status_label.text()
    assert "unexpected error" in status
    assert "the engine broke on purpose" in status
    box = main_window.findChild(QMessageBox, "messageBox")
    assert box is not None and box.isVisible()
    assert "the engine broke on purpose" in box.text()
    assert main_window.controller.state == "idle"
    assert main_window.findChild(QPushButton, "trainButton").isEnabled()
    box.close()
    monkeypatch.undo()
    assert train_and_wait(qtbot, main_window) == "completed"  # nothing was lost


def test_divergence_at_learning_rate_1000_rolls_back(qtbot, main_window):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    good = weights_of(main_window.current_network())
    type_into(qtbot, main_window.designer.lr_spin, "1000")
    assert main_window.test_questions == []
    assert train_and_wait(qtbot, main_window) == "diverged"
    now = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(now, good, strict=True))
    assert all(np.all(np.isfinite(w)) for w in now)
    assert [r.epoch for r in main_window.controller.history.rows] == [1, 2]
    status = main_window.controls.status_label.text()
    assert "learning rate 1000 is too large" in status
    assert "Try 0.001" in status
    assert "end of epoch 2" in status
    _, y = main_window.loss_plot.getPlotItem().listDataItems()[0].getData()
    assert len(y) == 2 and np.all(np.isfinite(y))
    batch_y = main_window.loss_plot.batch_curve.getData()[1]
    assert np.all(np.isfinite(batch_y)) and np.max(batch_y) < 1e3 * batch_y[0]


def test_save_and_open_model_restores_the_design(qtbot, main_window, tmp_path):
    small_design(main_window, qtbot, nodes="12", epochs="2")
    train_and_wait(qtbot, main_window)
    saved = weights_of(main_window.current_network())
    path = main_window.save_model_to(tmp_path / "net.npz")
    click(qtbot, main_window, "resetButton")
    main_window.test_answers.append(True)
    type_into(qtbot, main_window.designer.hidden_editor.row_widgets(0)["nodes"], "30")
    main_window.open_model_from(path)
    assert main_window.designer.design().hidden == (HiddenLayer(12, "relu"),)
    assert main_window.designer.hidden_editor.row_widgets(0)["nodes"].value() == 12
    loaded = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(loaded, saved, strict=True))
    assert "Opened net.npz" in main_window.controls.status_label.text()


def test_open_rejects_a_file_without_a_design(main_window, tmp_path):
    path = engine.save_model(engine.build_network(Design()), tmp_path / "bare.npz")
    with pytest.raises(engine.ModelFormatError):
        main_window.open_model_from(path)


def test_export_plot_and_history(qtbot, main_window, tmp_path):
    small_design(main_window, qtbot, epochs="2")
    assert main_window.designer.design().epochs == 2
    assert train_and_wait(qtbot, main_window) == "completed", (
        main_window.controls.status_label.text()
    )
    png = tmp_path / "plot.png"
    main_window.export_plot_png(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    csv_path = tmp_path / "history.csv"
    main_window.controller.history.write_csv(csv_path)
    lines = csv_path.read_text().splitlines()
    assert len(lines) == 3, lines


def test_settings_keep_the_last_design(qtbot, main_window):
    from gui.main_window import MainWindow

    small_design(main_window, qtbot, nodes="40", epochs="7")
    main_window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.designer.design().hidden[0].nodes == 40
    assert again.designer.design().epochs == 7
    assert again.current_network().layer_sizes == (64, 40, 10)
    again.close()


def test_set_epochs_and_help_lists_shortcuts(qtbot, main_window):
    from gui.main_window import shortcut_list

    main_window.set_epochs(12)
    assert main_window.designer.design().epochs == 12
    assert main_window.findChild(object, "epochLabel").text() == "Epoch 0 / 12"
    keys = dict(shortcut_list(main_window))
    for key in ("Space", "Esc", "Ctrl+S", "Ctrl+O", "Ctrl+R", "N", "E", "F1", "Ctrl+K"):
        assert key in keys, key
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    box = main_window.findChild(QMessageBox, "messageBox")
    assert box is not None and box.isVisible()
    assert "<b>Space</b>" in box.text() and "Step one epoch" in box.text()
    box.close()


def test_ask_the_class_follows_the_design(qtbot, main_window):
    from gui.class_questions import ClassQuestionsDialog

    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = main_window.findChild(ClassQuestionsDialog)
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, main_window.designer.hidden_editor.row_widgets(0)["nodes"], "4")
    assert dialog._design.hidden[0].nodes == 4
    dialog.set_roster(("Ada", "Grace"))
    dialog.rosterChanged.emit(("Ada", "Grace"))
    from gui.settings_store import SettingsStore

    assert SettingsStore().load_roster() == ("Ada", "Grace")


def test_plot_never_gets_non_finite_values(qtbot, main_window):
    from gui.training.history import EpochRow

    history = main_window.controller.history
    history.add_epoch(EpochRow(1, 2.0, 2.1, 0.5, 0.5))
    history.add_epoch(EpochRow(2, math.nan, math.inf, 0.6, math.nan))
    history.add_epoch(EpochRow(3, 1.0, 1.1, 0.7, 0.7))
    main_window.loss_panel.refresh(history)
    x, y = main_window.loss_plot.training_loss_points()
    assert x.tolist() == [1.0, 3.0]
    assert y.tolist() == [2.0, 1.0]
    qtbot.mouseClick(main_window.loss_panel.log_check, Qt.MouseButton.LeftButton)
    assert main_window.loss_plot.getPlotItem().ctrl.logYCheck.isChecked()


def test_lesson_preset_learning_rate_too_large(qtbot, main_window):
    from engine.presets import PRESETS

    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    action = next(a for a in main_window.preset_actions if a.text() == "Learning rate too large")
    action.trigger()
    assert len(main_window.test_questions) == 1  # trained weights would be lost: asked first
    preset = next(p for p in PRESETS if p.name == "Learning rate too large")
    assert main_window.designer.design() == preset.design
    assert main_window.designer.lr_spin.text() == "100"
    assert len(main_window.controller.history) == 0
    assert preset.watch_for in main_window.controls.status_label.text()
    assert train_and_wait(qtbot, main_window) == "diverged"
    assert "learning rate 100 is too large" in main_window.controls.status_label.text()


def test_views_behind_other_tabs_catch_up_when_shown(qtbot, main_window):
    small_design(main_window, qtbot, epochs="2")
    evaluation = main_window.lab.evaluationView
    assert not evaluation.isVisible()
    before = evaluation.confusion()
    assert train_and_wait(qtbot, main_window) == "completed"
    # hidden: declared in VIEW_RATES as not wanting frames, so nothing was scored meanwhile
    assert evaluation._net is not main_window.current_network()
    np.testing.assert_array_equal(evaluation.confusion(), before)
    main_window.tabs.setCurrentWidget(evaluation)
    assert evaluation._net is main_window.current_network()  # caught up as it was shown
    net = main_window.current_network()
    task = main_window.controller.task
    assert int(np.trace(evaluation.confusion())) == int(
        np.sum(net.predict(task.X_test) == task.y_test)
    )
