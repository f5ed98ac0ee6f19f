"""The file dialogs of "Our digits": Save as, Open (replaces, after asking) and Merge.

Each asks where (starting in the documents folder, then the last folder used:
gui/file_dialogs.py), then calls the view's ``save_to`` / ``open_from`` / ``merge_from``. A
refused file is one message box with the engine's sentence (the view's ``problem`` signal);
the collection is then exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from engine.own_digits import OwnDigitsError
from gui import file_dialogs
from gui.settings_store import SettingsStore

KINDS = "Neuron Lab digits (*.json)"
SAVE_NAME = "our digits.json"


def _guard(view: Any, title: str, act: Callable[[], object]) -> None:
    try:
        act()
    except (OwnDigitsError, OSError, ValueError) as exc:  # the engine's one sentence
        view.problem.emit(title, str(exc))


def _ask_paths(parent: QWidget, settings: SettingsStore | None, title: str) -> list[str]:
    # One file per dialog, merge included (one machine's file at a time): only the two
    # static dialogs every harness and test double already stands in for.
    folder = file_dialogs.start_folder(settings) if settings else file_dialogs.documents_folder()
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, KINDS)
    if path and settings is not None:
        file_dialogs.remember(settings, path)
    return [path] if path else []


def ask_save(view: Any, settings: SettingsStore | None) -> None:
    """Save as: a copy of the collection to hand on or merge elsewhere."""
    if settings is None:
        folder = file_dialogs.documents_folder()
        path, _ = QFileDialog.getSaveFileName(view, "Save our digits", folder, KINDS)
    else:
        path = file_dialogs.ask_save_path(view, settings, "Save our digits", SAVE_NAME, KINDS)
    if path:
        _guard(view, "Could not save our digits", lambda: view.save_to(path))


def ask_open(
    view: Any, settings: SettingsStore | None, confirm: Callable[[str, str], bool]
) -> None:
    """Open: replace the collection by a file's, asking first if drawings would be lost."""
    paths = _ask_paths(view, settings, "Open our digits")
    if not paths:
        return
    n = len(view.digits())
    question = (
        f"Replace the {n} drawing{'' if n == 1 else 's'} collected here by those in "
        f"{Path(paths[0]).name}? (Merge keeps both.)"
    )
    if n and not confirm("Replace our digits?", question):
        return
    _guard(view, "Could not open the digits", lambda: view.open_from(paths[0]))


def ask_merge(view: Any, settings: SettingsStore | None) -> None:
    """Merge: add the drawings of a file (another machine's) that are not here yet."""
    paths = _ask_paths(view, settings, "Merge digits from a file")
    if paths:
        _guard(view, "Could not merge the digits", lambda: view.merge_from(paths))
