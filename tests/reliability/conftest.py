"""Reliability tests: each test gets its own settings file, never the user's real one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's QSettings at a fresh INI file."""
    path = tmp_path / "neuron-lab-settings.ini"
    monkeypatch.setenv("NEURON_LAB_SETTINGS", str(path))
    return path
