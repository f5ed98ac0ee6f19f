"""Where the file dialogs start: the user's documents folder, then the last folder used.

A dialog that opens in the app's source folder (the working directory) invites a teacher to
save the class's work among the program's files. So every Open and Save dialog of the window
starts in the folder of the file last opened or saved (remembered in the settings, key
``files/last_folder``), and before there is one, in the user's documents folder
(``QStandardPaths.DocumentsLocation``), or the home folder where there is none.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.settings_store import SettingsStore

#: The settings key of the last folder a file was opened from or saved to.
LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> str:
    """The user's documents folder if it exists, else the home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and os.path.isdir(documents):
        return documents
    return os.path.expanduser("~")


def start_folder(settings: SettingsStore) -> str:
    """The last folder used if it still exists, else :func:`documents_folder`."""
    last = settings.load_folder(LAST_FOLDER_KEY)
    return last if last is not None else documents_folder()


def remember(settings: SettingsStore, path: str | os.PathLike[str]) -> None:
    """The next dialog starts in ``path``'s folder."""
    settings.save_folder(LAST_FOLDER_KEY, os.fspath(Path(path).resolve().parent))


def ask_open_path(parent: QWidget, settings: SettingsStore, title: str, kinds: str) -> str:
    """The file the user chose to open ("" if cancelled); its folder is remembered."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(settings), kinds)
    if path:
        remember(settings, path)
    return path


def ask_save_path(
    parent: QWidget, settings: SettingsStore, title: str, name: str, kinds: str
) -> str:
    """Where the user chose to save (``name``'s suffix added if missing; "" if cancelled);
    its folder is remembered."""
    suggested = os.path.join(start_folder(settings), name)
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, kinds)
    if not path:
        return ""
    suffix = Path(name).suffix
    if suffix and not path.endswith(suffix):
        path += suffix
    remember(settings, path)
    return path
