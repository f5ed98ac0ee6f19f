"""Where the window keeps its geometry, the last design and a few preferences.

The location is an INI file named by the ``NEURON_LAB_SETTINGS`` environment variable (or
``--settings PATH``, which sets that variable), else Qt's per-user default. Everything read
back is validated: a corrupt or hand-edited file falls back to defaults, never to a crash.
"""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QByteArray, QSettings

from engine import Design, validate_design

ENV_VAR = "NEURON_LAB_SETTINGS"
ORGANIZATION = "NeuronLab"
APPLICATION = "Neuron Lab"


class SettingsStore:
    """Typed, validated access to the app's ``QSettings``."""

    def __init__(self, path: str | None = None) -> None:
        path = path or os.environ.get(ENV_VAR) or None
        if path:
            self._settings = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._settings = QSettings(
                QSettings.Format.IniFormat,
                QSettings.Scope.UserScope,
                ORGANIZATION,
                APPLICATION,
            )

    @property
    def path(self) -> str:
        """The file the settings live in."""
        return self._settings.fileName()

    def load_design(self) -> Design:
        """The last design, or the default one if missing, unreadable or invalid."""
        raw = self._settings.value("design/json")
        if not isinstance(raw, str) or not raw:
            return Design()
        try:
            design = Design.from_dict(json.loads(raw))
        except (ValueError, TypeError, KeyError, AttributeError):
            return Design()
        if validate_design(design):
            return Design()
        return design

    def save_design(self, design: Design) -> None:
        self._settings.setValue("design/json", json.dumps(design.to_dict()))

    def load_roster(self) -> tuple[str, ...]:
        """The class list for "Ask the class" (empty if none or unreadable)."""
        raw = self._settings.value("lesson/roster")
        try:
            names = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            return ()
        if not isinstance(names, list):
            return ()
        return tuple(str(n).strip() for n in names if isinstance(n, str) and str(n).strip())

    def save_roster(self, names: tuple[str, ...]) -> None:
        self._settings.setValue("lesson/roster", json.dumps(list(names)))

    def load_bytes(self, key: str) -> QByteArray | None:
        """A saved Qt state blob (geometry, splitter), or None."""
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(key, value)

    def load_int(self, key: str, default: int, low: int, high: int) -> int:
        """An integer setting within ``[low, high]``, else ``default``."""
        value = self._settings.value(key)
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            return default
        return number if low <= number <= high else default

    def save_int(self, key: str, value: int) -> None:
        self._settings.setValue(key, int(value))

    def load_bool(self, key: str, default: bool) -> bool:
        value = self._settings.value(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return default

    def save_bool(self, key: str, value: bool) -> None:
        self._settings.setValue(key, bool(value))

    def sync(self) -> None:
        self._settings.sync()
