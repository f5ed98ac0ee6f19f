"""Show the code…: the dialog's tabs, Copy, and Save weights reproducing the app's prediction."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPlainTextEdit, QPushButton

from engine.code_export import LIBRARIES, WEIGHTS_FILE
from gui.code_dialog import CodeDialog


def open_dialog(qtbot, window) -> CodeDialog:
    qtbot.keyClick(
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(CodeDialog, "codeDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_each_tab_shows_the_windows_code_in_a_monospace_font(qtbot, main_window):
    dialog = open_dialog(qtbot, main_window)
    for library in LIBRARIES:
        editor = dialog.findChild(QPlainTextEdit, f"code_{library}")
        assert editor.toPlainText() == main_window.code_for(library)
        assert editor.font().fixedPitch() or editor.fontInfo().fixedPitch()
        assert editor.isReadOnly()


def test_copy_puts_the_shown_tab_on_the_clipboard(qtbot, main_window):
    dialog = open_dialog(qtbot, main_window)
    dialog.show_library("keras")
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyCodeButton"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == main_window.code_for("keras")


def test_the_code_follows_a_new_design(qtbot, main_window):
    from engine.presets import PRESETS

    open_dialog(qtbot, main_window)
    main_window.load_preset(PRESETS[1])
    dialog = open_dialog(qtbot, main_window)
    assert "hidden_layer_sizes=(4,)" in dialog.code("sklearn")


def test_saved_weights_and_the_numpy_code_give_the_apps_probabilities(
    qtbot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    qtbot.keyClick(main_window, Qt.Key.Key_N)  # one mini-batch: weights the seed did not draw
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    dialog = open_dialog(qtbot, main_window)
    dialog.show_library("numpy")
    target = tmp_path / WEIGHTS_FILE
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    save = dialog.findChild(QPushButton, "saveWeightsButton")
    assert save.isVisible()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.is_file()
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    with warnings.catch_warnings():
        exec(compile(dialog.code("numpy"), "<numpy>", "exec"), namespace)
    task = main_window.controller.task
    net = main_window.current_network()
    pixels = task.images_test[:10].reshape(10, 64)
    probabilities = namespace["forward"](pixels)
    np.testing.assert_allclose(probabilities, net.predict_proba(task.X_test[:10]), atol=1e-12)
    np.testing.assert_array_equal(probabilities.argmax(axis=1), net.predict(task.X_test[:10]))
