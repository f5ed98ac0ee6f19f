"""GUI test set-up: every test gets its own settings file, and windows stop their threads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's QSettings at a fresh INI file, never the user's real settings."""
    path = tmp_path / "neuron-lab-settings.ini"
    monkeypatch.setenv("NEURON_LAB_SETTINGS", str(path))
    return path


@pytest.fixture
def main_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A shown ``MainWindow`` at full speed; questions are answered 'yes' unless a test says
    otherwise. Teardown stops any training thread before the window goes."""
    import gui.main_window as main_window_module
    from gui.main_window import MainWindow
    from gui.training.controls import FULL_SPEED

    answers: list[bool] = []
    asked: list[str] = []

    def fake_ask(_parent, _title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0) if answers else True

    monkeypatch.setattr(main_window_module, "ask_yes_no", fake_ask)
    window = MainWindow()
    window.test_answers = answers  # type: ignore[attr-defined]
    window.test_questions = asked  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.controls.set_speed_index(FULL_SPEED)
    window.resize(1024, 740)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.controller.shutdown()
    window.close()


@pytest.fixture
def fresh_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """``make(settings=None)``: a second window, as a fresh start of the app on another PC,
    with its own settings file (in its own folder, as the class's digits are kept beside it).
    Teardown stops their threads."""
    from gui.main_window import MainWindow
    from gui.settings_store import SettingsStore

    windows: list[MainWindow] = []

    def make(settings: Path | None = None) -> MainWindow:
        if settings is None:
            settings = tmp_path / f"pc-{len(windows)}" / "settings.ini"
            settings.parent.mkdir()
        store = SettingsStore(str(settings))
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.resize(1024, 740)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.controller.shutdown()
        window.close()
