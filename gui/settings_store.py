"""Where the window keeps its geometry, the last design and a few preferences.

The location is an INI file named by the ``NEURON_LAB_SETTINGS`` environment variable (or
``--settings PATH``, which sets that variable), else Qt's per-user default. The app must start
whatever that file holds, so:

- the file is checked before Qt reads it (engine/safe_files.py): a FIFO would block start-up
  forever, a link to ``/dev/zero`` would never end; such a file is set aside (renamed
  ``*.unreadable``) and the app starts with defaults;
- every key is read with a type and a range; a bad value falls back to its default, is removed
  from the file (so the user hears about it once) and is recorded: ``reset_keys()`` and
  ``reset_message()`` say which settings were reset, for the status bar.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from engine import Design
from engine.safe_files import FileRefusedError, open_regular, parse_json

ENV_VAR = "NEURON_LAB_SETTINGS"
ORGANIZATION = "NeuronLab"
APPLICATION = "Neuron Lab"
#: Ours is a few KB; anything much larger was not written by this app.
MAX_FILE_BYTES = 1 << 20
MAX_JSON_CHARS = 64 * 1024
MAX_STATE_BYTES = 64 * 1024
#: A class list: a few dozen names; generous caps that still fit the "Ask the class" dialog.
MAX_ROSTER_NAMES = 300
MAX_NAME_CHARS = 60
#: A remembered folder longer than this is not one of ours.
MAX_PATH_CHARS = 4096
#: The pseudo-key recorded when the whole file had to be set aside.
FILE_KEY = "file"
#: What each key means to a teacher, for ``reset_message``.
KEY_LABELS = {
    FILE_KEY: "the whole settings file (it was set aside)",
    "design/json": "the network design",
    "window/geometry": "the window's size and place",
    "window/main_splitter": "the panel sizes",
    "window/view_splitter": "the panel sizes",
    "training/pace": "the training pace",
    "view/font_pt": "the font size",
    "view/log_scale": "the loss plot's log scale",
    "view/batch_trace": "the loss plot's batch trace",
    "view/zoom_percent": "the zoom",
    "view/projector": "the projector layout",
    "lesson/roster": "the class list",
    "files/last_folder": "the folder the file dialogs start in",
    "sessions/recent": "the recent sessions",
    "sessions/reopen_last": "reopening the last session",
}
_INT_TEXT = re.compile(r"\s*[+-]?\d{1,20}\s*")
T = TypeVar("T")


def default_path() -> str:
    """Where Qt keeps per-user INI settings on Linux and macOS (``$XDG_CONFIG_HOME`` or
    ``~/.config``); used only to check that file before Qt opens it."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, ORGANIZATION, f"{APPLICATION}.ini")


def _readable_or_set_aside(path: str) -> str | None:
    """None if ``path`` is missing or a small regular file; else it is renamed away and the
    path to use instead is returned (the same path, or a fresh temporary one)."""
    try:
        f, _size = open_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except FileRefusedError:
        pass
    else:
        f.close()
        return None
    try:
        os.replace(path, path + ".unreadable")
        return path
    except OSError:  # e.g. a read-only folder: keep this session's settings elsewhere
        return os.path.join(tempfile.mkdtemp(prefix="neuron-lab-"), "settings.ini")


def clean_roster(names: Any) -> tuple[tuple[str, ...], bool]:
    """``(names, changed)``: text items only, control characters and runs of spaces removed,
    each at most ``MAX_NAME_CHARS``, at most ``MAX_ROSTER_NAMES``; ``changed`` if any was."""
    if not isinstance(names, list | tuple):
        return (), True
    out: list[str] = []
    changed = False
    for item in names:
        if len(out) == MAX_ROSTER_NAMES:
            return tuple(out), True
        if not isinstance(item, str):
            changed = True
            continue
        text = "".join(c if c.isprintable() else " " for c in item[: 4 * MAX_NAME_CHARS])
        text = " ".join(text.split())[:MAX_NAME_CHARS]
        changed |= text != item
        if text:
            out.append(text)
    return tuple(out), changed


def _parse_int(raw: Any) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _INT_TEXT.fullmatch(raw):
        return int(raw)
    return None


def _parse_bool(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    return None


def _parse_design(raw: Any) -> Design | None:
    if not isinstance(raw, str):
        return None
    return Design.from_dict(parse_json(raw, MAX_JSON_CHARS))


def _parse_state(raw: Any) -> QByteArray | None:
    if isinstance(raw, QByteArray) and 0 < raw.size() <= MAX_STATE_BYTES:
        return raw
    return None


class SettingsStore:
    """Typed, validated access to the app's ``QSettings``; a bad value is never fatal."""

    def __init__(self, path: str | None = None) -> None:
        path = path or os.environ.get(ENV_VAR) or None
        self._reset: list[str] = []
        checked = path or (None if sys.platform == "win32" else default_path())
        if checked:
            replacement = _readable_or_set_aside(checked)
            if replacement is not None:
                self._note_reset(FILE_KEY)
                path = replacement
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

    # ---- what was reset ----------------------------------------------------------------
    def _note_reset(self, key: str) -> None:
        if key not in self._reset:
            self._reset.append(key)

    def reset_keys(self) -> tuple[str, ...]:
        """The keys whose stored values were unusable and were reset while loading, in the
        order they were read (``"file"`` if the whole file had to be set aside)."""
        return tuple(self._reset)

    def reset_message(self) -> str | None:
        """One sentence for the status bar naming what was reset, or None if nothing was."""
        if not self._reset:
            return None
        labels = list(dict.fromkeys(KEY_LABELS.get(k, k) for k in self._reset))
        return (
            "Some settings could not be read and were reset to their defaults: "
            f"{', '.join(labels)}."
        )

    def reset_all(self) -> None:
        """Forget every setting (the menu's "Reset all settings"); the window then shows its
        defaults, and the next close saves them."""
        self._settings.clear()
        self._settings.sync()
        self._reset.clear()

    def _load(self, key: str, parse: Callable[[Any], T | None], default: T) -> T:
        """``parse(stored value)``, or ``default`` if missing; an unusable value is recorded,
        removed from the file and replaced by ``default``."""
        raw = self._settings.value(key)
        if raw is None:
            return default
        try:
            value = parse(raw)
        except Exception:  # a settings file must never stop the app from starting
            value = None
        if value is None:
            self._note_reset(key)
            self._settings.remove(key)
            return default
        return value

    # ---- typed keys --------------------------------------------------------------------
    def load_design(self) -> Design:
        """The last design, or the default one if missing, unreadable or invalid."""
        return self._load("design/json", _parse_design, Design())

    def save_design(self, design: Design) -> None:
        self._settings.setValue("design/json", json.dumps(design.to_dict()))

    def load_roster(self) -> tuple[str, ...]:
        """The class list for "Ask the class" (empty if none or unreadable; cleaned, and
        recorded as reset, if some names were not plain short text)."""
        key = "lesson/roster"
        names: Any = self._load(key, lambda raw: parse_json(raw, MAX_JSON_CHARS, 2), [])
        cleaned, changed = clean_roster(names)
        if changed:
            self._note_reset(key)
            self.save_roster(cleaned)
        return cleaned

    def save_roster(self, names: tuple[str, ...]) -> None:
        self._settings.setValue("lesson/roster", json.dumps(list(clean_roster(names)[0])))

    def load_bytes(self, key: str) -> QByteArray | None:
        """A saved Qt state blob (geometry, splitter), or None."""
        return self._load(key, _parse_state, None)

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(key, value)

    def load_int(self, key: str, default: int, low: int, high: int) -> int:
        """An integer setting within ``[low, high]``, else ``default``."""

        def parse(raw: Any) -> int | None:
            number = _parse_int(raw)
            return number if number is not None and low <= number <= high else None

        return self._load(key, parse, default)

    def save_int(self, key: str, value: int) -> None:
        self._settings.setValue(key, int(value))

    def load_choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        """One of ``choices`` (a name), else ``default``."""
        return self._load(key, lambda raw: raw if raw in choices else None, default)

    def save_choice(self, key: str, value: str) -> None:
        self._settings.setValue(key, str(value))

    def forget(self, key: str) -> None:
        """Remove a key an older version wrote and this one no longer reads."""
        self._settings.remove(key)

    def load_bool(self, key: str, default: bool) -> bool:
        """A true/false setting, else ``default``."""
        return self._load(key, _parse_bool, default)

    def save_bool(self, key: str, value: bool) -> None:
        self._settings.setValue(key, bool(value))

    def load_folder(self, key: str) -> str | None:
        """A remembered folder that still exists, or None (a folder that went away is
        simply forgotten: no reset to report)."""
        raw = self._settings.value(key)
        if isinstance(raw, str) and 0 < len(raw) <= MAX_PATH_CHARS and os.path.isdir(raw):
            return raw
        if raw is not None:
            self._settings.remove(key)
        return None

    def save_folder(self, key: str, folder: str) -> None:
        if len(folder) <= MAX_PATH_CHARS:
            self._settings.setValue(key, folder)

    def sync(self) -> None:
        self._settings.sync()

    def load_paths(self, key: str, limit: int) -> tuple[str, ...]:
        """A list of absolute file paths (File > Open recent), at most ``limit``; anything
        else in the stored value resets it."""

        def parse(raw: Any) -> tuple[str, ...] | None:
            items = parse_json(raw, MAX_JSON_CHARS, 2) if isinstance(raw, str) else None
            if not isinstance(items, list) or len(items) > limit:
                return None
            for item in items:
                if not isinstance(item, str) or not os.path.isabs(item) or len(item) > 4096:
                    return None
                if any(ord(c) < 32 or ord(c) == 127 for c in item):
                    return None
            return tuple(items)

        return self._load(key, parse, ())

    def save_paths(self, key: str, paths: list[str] | tuple[str, ...]) -> None:
        self._settings.setValue(key, json.dumps(list(paths)))
