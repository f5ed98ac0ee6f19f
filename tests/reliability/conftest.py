"""Reliability tests: each test gets its own settings file, never the user's real one."""

from __future__ import annotations

from pathlib import Path

import pytest

# The shown window with its questions answered, as the GUI tests use it (File > Open tests).
from tests.gui.conftest import main_window  # noqa: F401


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's QSettings at a fresh INI file."""
    path = tmp_path / "neuron-lab-settings.ini"
    monkeypatch.setenv("NEURON_LAB_SETTINGS", str(path))
    return path
