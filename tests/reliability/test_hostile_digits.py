"""Hostile and damaged digits files are refused: one OwnDigitsError, one sentence naming the
file; and in the window, nothing already collected is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.own_digits import OwnDigitsError, load_digits_file
from tests.reliability.hostile_digits import BUILDERS


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-digits")
    return {name: build(folder) for name, build in BUILDERS.items()}


@pytest.mark.parametrize("case", BUILDERS)
def test_hostile_digits_file_is_refused_with_one_sentence(hostile, case: str) -> None:
    path = hostile[case]
    with pytest.raises(OwnDigitsError) as caught:
        load_digits_file(path)
    message = str(caught.value)
    assert message.startswith(f"Cannot open {path}: "), message
    rest = message[len(f"Cannot open {path}: ") :]
    assert rest.endswith(".") and ". " not in rest and "\n" not in message, message
    assert len(rest) < 200  # a short clause, never the file's text
    assert caught.value.__cause__ is None


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_digits_file(tmp_path / "nothing.json")


WINDOW_CASES = ("a model file", "pixel 17", "duplicate ids", "deep JSON", "fifo", "future version")


@pytest.mark.parametrize("case", [c for c in WINDOW_CASES if c in BUILDERS])
def test_the_window_refuses_it_and_keeps_what_was_collected(
    qtbot, main_window, hostile, case: str, monkeypatch, isolated_settings
) -> None:
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from gui.lab.own_digits_view import STORE_NAME

    view = main_window.lab.ownDigitsView
    for label in (2, 5):
        main_window.lab.digitCanvas.set_pixels(np.full((8, 8), label))
        view.labelCombo.setCurrentIndex(label)
        qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)
    before = view.digits()
    store = isolated_settings.parent / STORE_NAME
    kept = store.read_bytes()
    path = str(hostile[case])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (path, "")))
    main_window.tabs.setCurrentWidget(view)
    for button in (view.openButton, view.mergeButton):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        boxes = [b for b in main_window.findChildren(QMessageBox) if b.isVisible()]
        assert len(boxes) == 1
        assert boxes[0].text().startswith(f"Cannot open {path}: ")
        assert boxes[0].textFormat() == Qt.TextFormat.PlainText
        boxes[0].close()
        assert view.digits() == before  # nothing collected is lost
        assert store.read_bytes() == kept


def test_a_damaged_store_is_set_aside_at_start_up(qtbot, isolated_settings) -> None:
    from gui.lab.own_digits_view import STORE_NAME
    from gui.main_window import MainWindow

    store = isolated_settings.parent / STORE_NAME
    store.write_text('{"format": "neuron-lab-digits", "version": 1, "digits": [{"id": 1}]}')
    window = MainWindow()
    qtbot.addWidget(window)
    assert len(window.lab.ownDigitsView.digits()) == 0
    assert (isolated_settings.parent / (STORE_NAME + ".unreadable")).is_file()
    assert "set aside" in window.controls.status_label.text()
    window.controller.shutdown()
