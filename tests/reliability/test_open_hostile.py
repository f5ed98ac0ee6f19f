"""Every hostile model file of tests/reliability/hostile.py through File > Open, as a user
opens it (Ctrl+O, the dialog patched): one message box with the engine's sentence, in plain
text; the network, design, history, status and window size on screen unchanged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import engine
from tests.gui.test_main_window import small_design, train_and_wait
from tests.gui.test_model_files import (
    choose_file,
    no_nan_on_screen,
    open_with_keys,
    same_state,
    state_of,
    visible_box,
)
from tests.reliability.hostile import BUILDERS


def test_every_hostile_file_is_refused_with_one_message(qtbot, main_window, tmp_path, monkeypatch):
    small_design(main_window, qtbot, nodes="8", epochs="1")
    train_and_wait(qtbot, main_window)
    before = state_of(main_window)
    size = main_window.size()
    for case, build in BUILDERS.items():
        path = build(tmp_path)
        with pytest.raises(engine.ModelFormatError) as refused:
            engine.load_trained(path)
        choose_file(monkeypatch, path)
        open_with_keys(qtbot, main_window, False)
        box = visible_box(main_window)
        assert box.text() == str(refused.value), case
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert same_state(state_of(main_window), before), case
        assert main_window.size() == size, case
        box.close()
    no_nan_on_screen(main_window)
