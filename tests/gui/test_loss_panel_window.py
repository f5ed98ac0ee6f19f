"""The loss panel in the window, driven like a teacher would: the readout and the epoch log say
the plotted numbers, a blow-up stays on the plot, a stepped batch shows, the exports work."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPlainTextEdit

from engine.presets import PRESETS
from tests.gui.test_main_window import click, small_design, train_and_wait

NUMBERS = re.compile(r"loss: (\S+) - accuracy: (\S+) - val_loss: (\S+) - val_accuracy: (\S+)$")


def test_epoch_log_and_readout_say_the_plotted_numbers(qtbot, main_window):
    small_design(main_window, qtbot, epochs="4")
    assert train_and_wait(qtbot, main_window) == "completed"
    log = main_window.findChild(QPlainTextEdit, "epochLog")
    lines = log.toPlainText().splitlines()
    plot = main_window.loss_plot
    _, train = plot.curve_points("train")
    _, test = plot.curve_points("test")
    _, accuracy = plot.curve_points("accuracy")
    assert lines[0::2] == [f"Epoch {e}/4" for e in range(1, 5)]
    for e, line in enumerate(lines[1::2]):
        assert line.startswith("45/45 [==============================] - "), line
        loss, _, val_loss, val_accuracy = (float(v) for v in NUMBERS.search(line).groups())
        assert abs(loss - train[e]) < 5e-5 and abs(val_loss - test[e]) < 5e-5
        assert abs(val_accuracy - accuracy[e] / 100) < 5e-5
    readout = main_window.loss_panel.readout
    assert readout.objectName() == "lossReadout" and readout.isVisible()
    last = main_window.controller.history.rows[-1]
    assert readout.values() == {
        "epoch": 4.0,
        "train_loss": last.train_loss,
        "test_loss": last.test_loss,
        "test_accuracy": last.test_accuracy,
    }
    assert readout.numbers["train_loss"].text() == f"{train[-1]:.4f}"
    assert readout.numbers["test_accuracy"].text() == f"{accuracy[-1]:.2f} %"
    # nothing of the panel opened a window of its own
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [main_window]


def test_learning_rate_too_large_keeps_the_points_up_to_the_explosion(qtbot, main_window):
    preset = next(p for p in PRESETS if "too large" in p.name.lower())
    main_window.load_preset(preset)
    assert train_and_wait(qtbot, main_window) == "diverged"
    x, y = main_window.loss_plot.curve_points("blow_up")
    assert len(y) >= 2 and np.all(np.isfinite(y)) and np.all(np.diff(x) > 0)
    assert y[-1] > 1000 * y[0]  # the explosion itself, after a normal first loss
    assert main_window.loss_plot.marks.stop.isVisible()
    assert not main_window.loss_plot.hint.isVisible()  # no "Press Train" over a blow-up
    assert "Stopped: the loss blew up" in main_window.loss_panel.epoch_log.text()


def test_stepping_shows_the_batch_as_a_point_and_a_number(qtbot, main_window):
    small_design(main_window, qtbot, epochs="5")
    click(qtbot, main_window, "stepButton")
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    qtbot.keyClick(main_window, Qt.Key.Key_N)  # N: one more mini-batch
    history = main_window.controller.history
    qtbot.waitUntil(lambda: history.batch_count == 2, timeout=5000)
    qtbot.waitUntil(lambda: main_window.loss_panel.readout.values().get("batch") is not None)
    x, y = history.batch_trace()
    plot = main_window.loss_plot
    assert main_window.loss_panel.readout.values()["batch"] == y[-1]
    assert main_window.loss_panel.readout.captions["batch"].text() == "batch 2/45 loss"
    assert plot.marks.step_point.isVisible()
    assert plot.marks.step_point.xData.tolist() == [x[-1]]
    assert plot.marks.step_point.yData.tolist() == [y[-1]]
    x_lo, x_hi = plot.getPlotItem().getViewBox().viewRange()[0]
    assert x_lo > -0.1 and x_hi < 1.1  # zoomed to epoch 1
    assert main_window.loss_panel.epoch_log.text().splitlines()[-1].startswith("2/45 [")
    assert train_and_wait(qtbot, main_window) in ("completed", "saturated")  # Train: all again
    assert not plot.marks.step_point.isVisible()
    assert plot.getPlotItem().getViewBox().viewRange()[0][1] >= 5


def test_file_menu_exports_the_plot_as_svg_and_the_epoch_log(
    qtbot, main_window, tmp_path, monkeypatch
):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    chosen = iter([str(tmp_path / "loss"), str(tmp_path / "log")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(chosen), ""))
    main_window.acts["export_svg"].trigger()
    main_window.acts["export_log"].trigger()
    assert ET.parse(tmp_path / "loss.svg").getroot().tag.endswith("svg")
    text = (tmp_path / "log.txt").read_text(encoding="utf-8")
    assert text.splitlines() == main_window.loss_panel.epoch_log.text().splitlines()
    assert text.startswith("Epoch 1/2\n45/45 [")
    titles = [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
    assert "Export plot as SVG…" in titles and "Export epoch log…" in titles


def test_reset_clears_the_log_and_a_reopened_model_shows_its_log(qtbot, main_window, tmp_path):
    small_design(main_window, qtbot, epochs="2")
    train_and_wait(qtbot, main_window)
    shown = main_window.loss_panel.epoch_log.text()
    path = main_window.save_model_to(tmp_path / "net.npz")
    click(qtbot, main_window, "resetButton")
    assert main_window.loss_panel.epoch_log.text() == ""
    assert main_window.loss_panel.readout.values() == {}
    main_window.open_model_from(path)
    reopened = main_window.loss_panel.epoch_log.text().splitlines()
    assert reopened[0::2] == ["Epoch 1/2", "Epoch 2/2"]
    # the same numbers as when it was trained (no step counts or times: not in the file)
    assert [NUMBERS.search(line).group(0) for line in reopened[1::2]] == [
        NUMBERS.search(line).group(0) for line in shown.splitlines()[1::2]
    ]


def test_slow_motion_prints_every_update_in_the_log(main_window):
    main_window.set_speed("slow")
    assert main_window.loss_panel.epoch_log.print_updates()
    main_window.set_speed("full")
    assert not main_window.loss_panel.epoch_log.print_updates()
