"""File > Open and File > Save through the engine, as a user does them: the dialogs are patched,
the keys and buttons are real. Opening runs off the GUI thread, can be cancelled, and changes
nothing unless the whole file is valid."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

import engine
from engine import Design, HiddenLayer
from tests.gui.test_main_window import click, small_design, train_and_wait, weights_of

OPEN_MS = 10_000
DESIGN = Design(hidden=(HiddenLayer(12, "tanh"),), epochs=5, seed=3)
#: Epochs 1-3; epoch 2's test loss and accuracy are missing (None), as a file may have them.
ROWS = (
    (1, 2.0, 2.1, 0.40, 0.35),
    (2, 1.0, None, 0.70, None),
    (3, 0.5, 0.6, 0.90, 0.85),
)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    """The Open dialog answers ``path``."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def activate(qtbot, window) -> None:
    """Back to the window after a message box closed, as a user's click would be."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def open_with_keys(qtbot, window, expect: bool) -> None:
    """Ctrl+O, then wait until the background open has finished."""
    activate(qtbot, window)
    with qtbot.waitSignal(window.files.openFinished, timeout=OPEN_MS) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [expect], window.controls.status_label.text()


def trained_file(path: Path, design: Design = DESIGN) -> Path:
    return engine.save_trained(
        path, engine.build_network(design), design, epochs_trained=3, history=ROWS
    )


def state_of(window) -> tuple:
    """What must survive a refused open: network, design, history, status."""
    c = window.controller
    return (
        [w.copy() for w in weights_of(c.current_network())],
        c.design,
        window.designer.design(),
        tuple(c.history.rows),
        c.status,
        window.controls.epoch_label.text(),
    )


def same_state(a: tuple, b: tuple) -> bool:
    weights_same = all(np.array_equal(x, y) for x, y in zip(a[0], b[0], strict=True))
    return weights_same and a[1:] == b[1:]


def visible_box(window) -> QMessageBox:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1, [b.text() for b in boxes]
    return boxes[0]


def no_nan_on_screen(window) -> None:
    for label in window.findChildren(QLabel):
        if not label.isVisible():
            continue
        assert "nan" not in label.text().lower().split(), (label.objectName(), label.text())


def test_open_restores_the_design_history_and_epochs(qtbot, main_window, tmp_path, monkeypatch):
    choose_file(monkeypatch, trained_file(tmp_path / "three epochs.npz"))
    open_with_keys(qtbot, main_window, True)
    c = main_window.controller
    assert main_window.designer.design() == DESIGN == c.design
    assert main_window.controls.epoch_label.text() == "Epoch 3 / 5"
    assert [row.epoch for row in c.history.rows] == [1, 2, 3] and c.epochs_done == 3
    assert math.isnan(c.history.rows[1].test_loss)  # missing, not zero
    plot = main_window.loss_plot
    assert list(plot.training_loss_points()[1]) == [2.0, 1.0, 0.5]
    assert list(plot.test_curve.getData()[1]) == [2.1, 0.6]  # the gap is left out
    assert list(plot.test_curve.opts["connect"]) == [False, False]  # and not bridged
    status = main_window.controls.status_label.text()
    assert status.startswith("Opened three epochs.npz: a network trained for 3 epochs.")
    assert not main_window.files.busy.isVisible()
    no_nan_on_screen(main_window)
    csv_path = tmp_path / "history.csv"
    c.history.write_csv(csv_path)
    assert csv_path.read_text().splitlines()[2] == "2,1.0,,0.7,"  # an empty cell, not "nan"
    # Training carries on from epoch 3 to the planned 5.
    assert train_and_wait(qtbot, main_window) == "completed"
    assert [row.epoch for row in c.history.rows] == [1, 2, 3, 4, 5]
    assert main_window.controls.epoch_label.text() == "Epoch 5 / 5"


def test_save_then_open_round_trips_weights_and_history(qtbot, main_window, tmp_path, monkeypatch):
    small_design(main_window, qtbot, nodes="8", epochs="2")
    train_and_wait(qtbot, main_window)
    rows = tuple(main_window.controller.history.rows)
    saved = weights_of(main_window.current_network())
    target = tmp_path / "my class" / "net"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert main_window.controls.status_label.text() == "Saved the network to net.npz."
    click(qtbot, main_window, "resetButton")
    assert main_window.controller.history.rows == []
    choose_file(monkeypatch, target.with_suffix(".npz"))
    open_with_keys(qtbot, main_window, True)
    assert tuple(main_window.controller.history.rows) == rows
    loaded = weights_of(main_window.current_network())
    assert all(np.array_equal(a, b) for a, b in zip(loaded, saved, strict=True))
    _, _, metadata = engine.load_trained(target.with_suffix(".npz"))
    assert metadata["epochs_trained"] == 2 and len(metadata["history"]) == 2


def test_a_failed_save_names_the_users_path(qtbot, main_window, tmp_path, monkeypatch):
    target = tmp_path / "no such folder" / "net.npz"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    box = visible_box(main_window)
    assert str(target) in box.text()
    assert ".tmp" not in box.text()


class SlowLoader:
    """``engine.load_trained`` that waits until released (a big file on a slow disk)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, path: Path):
        self.started.set()
        self.release.wait(5)
        return engine.load_trained(path)


@pytest.mark.parametrize("how", ["Esc", "Cancel button"])
def test_an_open_in_progress_can_be_cancelled(qtbot, main_window, tmp_path, monkeypatch, how):
    before = state_of(main_window)
    slow = SlowLoader()
    main_window.files.load = slow
    choose_file(monkeypatch, trained_file(tmp_path / "big.npz"))
    qtbot.keyClick(main_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert slow.started.wait(5)
    busy = main_window.files.busy
    assert busy.isVisible() and busy.label.text().startswith("Opening big.npz…")
    assert main_window.statusBar().isVisible()
    assert main_window.controls.status_label.text().startswith("Opening big.npz…")
    assert not main_window.acts["open"].isEnabled()
    qtbot.wait(50)  # the window stays responsive while the file is read
    with qtbot.waitSignal(main_window.files.openFinished, timeout=OPEN_MS) as blocker:
        if how == "Esc":
            qtbot.keyClick(main_window, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(busy.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False]
    assert not busy.isVisible() and main_window.acts["open"].isEnabled()
    assert not main_window.statusBar().isVisible()  # its height is the plot's again
    assert main_window.controls.status_label.text() == "Stopped opening big.npz; nothing changed."
    slow.release.set()  # the read finishes; its result is dropped
    qtbot.waitUntil(lambda: main_window.files.reading() == 0, timeout=OPEN_MS)
    qtbot.wait(20)
    after = state_of(main_window)
    assert same_state(after[:4] + before[4:], before)  # network, design, history unchanged


def test_pressing_train_while_a_file_is_read_abandons_the_file(
    qtbot, main_window, tmp_path, monkeypatch
):
    slow = SlowLoader()
    main_window.files.load = slow
    choose_file(monkeypatch, trained_file(tmp_path / "big.npz"))
    small_design(main_window, qtbot, nodes="8", epochs="1")
    qtbot.keyClick(main_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert slow.started.wait(5)
    with qtbot.waitSignal(main_window.files.openFinished, timeout=OPEN_MS) as blocker:
        assert train_and_wait(qtbot, main_window) == "completed"
    assert blocker.args == [False]
    slow.release.set()
    qtbot.waitUntil(lambda: main_window.files.reading() == 0, timeout=OPEN_MS)
    qtbot.wait(20)
    assert main_window.controller.design.hidden == (HiddenLayer(8, "relu"),)  # not the file's
    assert main_window.controller.epochs_done == 1


def test_closing_while_a_file_is_read_waits_for_the_reader(
    qtbot, main_window, tmp_path, monkeypatch
):
    slow = SlowLoader()
    main_window.files.load = slow
    choose_file(monkeypatch, trained_file(tmp_path / "big.npz"))
    qtbot.keyClick(main_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert slow.started.wait(5)
    threading.Timer(0.1, slow.release.set).start()
    main_window.close()  # must not destroy a running QThread
    assert main_window.files.reading() == 0


HTML = '<img src="/etc/passwd.png" width=4000><b>x</b>'


def test_markup_from_files_settings_and_errors_is_shown_as_text(
    qtbot, main_window, tmp_path, monkeypatch
):
    size = main_window.size()
    status = main_window.controls.status_label
    assert status.textFormat() == Qt.TextFormat.PlainText
    # A model whose file name is HTML: opened, and refused.
    name = "<b>x<b> <img src=a.png width=4000>.npz"
    choose_file(monkeypatch, trained_file(tmp_path / name))
    open_with_keys(qtbot, main_window, True)
    assert status.text().startswith(f"Opened {name}: ")
    bad = tmp_path / ("<b>bad<b>" + name)  # (no "/" in a file name)
    bad.write_text(HTML)
    choose_file(monkeypatch, bad)
    open_with_keys(qtbot, main_window, False)
    box = visible_box(main_window)
    assert box.text().startswith(f"Cannot open {bad}: ")
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    # An error message with HTML in it.
    import gui.training.worker as worker_module

    class BrokenTrainer(worker_module.Trainer):
        def steps(self, *args, **kwargs):
            raise RuntimeError(HTML)

    monkeypatch.setattr(worker_module, "Trainer", BrokenTrainer)
    assert train_and_wait(qtbot, main_window) == "failed"
    assert HTML in status.text()
    box = visible_box(main_window)
    assert HTML in box.text() and box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    # A class list whose names are HTML.
    main_window.settings.save_roster((HTML, "<b>Bo</b>"))
    activate(qtbot, main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    from gui.class_questions import ClassQuestionsDialog

    dialog = main_window.findChild(ClassQuestionsDialog)
    picked = set()
    for _ in range(2):
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        picked.add(dialog.student())
    assert picked == {HTML, "<b>Bo</b>"}
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert dialog.findChild(QLabel, "studentName").sizeHint().width() < 2000
    dialog.close()
    # Every label that shows the design or its messages is plain too.
    for label in main_window.designer.findChildren(QLabel):
        if label.objectName() or type(label).__name__ == "MessageLabel":
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert status.sizeHint().width() < 2000 and main_window.size() == size


def test_a_bad_setting_is_said_once_at_start_and_the_class_list_at_ctrl_k(
    qtbot, isolated_settings, monkeypatch
):
    from PySide6.QtCore import QSettings

    raw = QSettings(str(isolated_settings), QSettings.Format.IniFormat)
    raw.setValue("training/pace", "<b>fast</b>")
    raw.setValue("lesson/roster", "[" * 5000)
    raw.sync()
    del raw
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    status = window.controls.status_label
    assert status.text() == (
        "Some settings could not be read and were reset to their defaults: the training pace."
    )
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert status.text() == (
        "Some settings could not be read and were reset to their defaults: the class list."
    )
    window.close()
    window.controller.shutdown()


def test_reset_all_settings_puts_the_window_back_to_its_defaults(qtbot, main_window):

    from gui.training.pace import DEFAULT_PACE

    font_before = main_window.font().pointSizeF()
    small_design(main_window, qtbot, nodes="7", epochs="2")
    qtbot.keyClick(main_window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(main_window, Qt.Key.Key_L)
    qtbot.keyClick(main_window, Qt.Key.Key_BracketLeft)
    main_window.main_splitter.setSizes([500, 524])
    assert main_window.zoom.factor == 1.1  # Ctrl+= zooms the window's text one step
    assert main_window.font().pointSizeF() > font_before
    assert main_window.settings.load_design().hidden[0].nodes == 7
    main_window.settings.save_roster(("Ada", "Grace"))
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    activate(qtbot, main_window)
    main_window.test_answers.append(False)  # "No": nothing changes
    main_window.acts["reset_settings"].trigger()
    assert main_window.designer.design().hidden[0].nodes == 7
    main_window.acts["reset_settings"].trigger()
    assert main_window.test_questions[-1].startswith("Forget every setting")
    assert main_window.designer.design() == Design() == main_window.controller.design
    assert main_window.zoom.factor == 1.0 and main_window.font().pointSizeF() == font_before
    assert not main_window.loss_panel.log_check.isChecked()
    assert main_window.loss_panel.batch_check.isChecked()
    assert main_window.controls.pace().name == DEFAULT_PACE
    assert main_window.main_splitter.sizes()[0] < 500  # the designer column's default width
    assert main_window.controls.status_label.text().startswith("All settings were reset")
    assert main_window.settings.reset_keys() == ()
    assert main_window.settings.load_roster() == ()
    activate(qtbot, main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    from gui.class_questions import ClassQuestionsDialog

    dialogs = [d for d in main_window.findChildren(ClassQuestionsDialog) if d.isVisible()]
    assert len(dialogs) == 1 and "Ada" not in dialogs[0].roster()
