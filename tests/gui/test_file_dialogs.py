"""The file dialogs start in the documents folder, then in the last folder used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog

from gui import file_dialogs
from gui.settings_store import SettingsStore
from tests.gui.test_model_files import open_with_keys, trained_file


def test_documents_folder_or_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    docs = tmp_path / "Documents"
    docs.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _kind: str(docs)))
    assert file_dialogs.documents_folder() == str(docs)
    gone = str(tmp_path / "no such folder")
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _kind: gone))
    assert file_dialogs.documents_folder() == os.path.expanduser("~")


def test_a_forgotten_folder_falls_back_to_documents(tmp_path: Path) -> None:
    settings = SettingsStore(str(tmp_path / "s.ini"))
    folder = tmp_path / "class"
    folder.mkdir()
    file_dialogs.remember(settings, folder / "net.npz")
    assert file_dialogs.start_folder(settings) == str(folder)
    folder.rmdir()
    assert file_dialogs.start_folder(settings) == file_dialogs.documents_folder()


class Dialogs:
    """Records the folder each dialog was opened in and answers with a chosen path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._open))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))

    def _open(self, _parent, _title, folder, _kinds):
        self.started.append(folder)
        return self.answer, ""

    def _save(self, _parent, _title, suggested, _kinds):
        self.started.append(str(Path(suggested).parent))
        return self.answer, ""


def test_open_then_save_start_where_the_user_last_was(
    qtbot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = Dialogs(monkeypatch)
    folder = tmp_path / "lesson 3"
    folder.mkdir()
    dialogs.answer = str(trained_file(folder / "model.npz"))
    open_with_keys(qtbot, main_window, True)
    assert dialogs.started == [file_dialogs.documents_folder()]  # never the source folder
    assert dialogs.started[0] != os.getcwd()
    dialogs.answer = str(tmp_path / "elsewhere" / "copy")
    (tmp_path / "elsewhere").mkdir()
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.started[1] == str(folder)  # where the model was opened from
    assert (tmp_path / "elsewhere" / "copy.npz").is_file()
    # The next session remembers the folder of the last save.
    again = SettingsStore()
    assert file_dialogs.start_folder(again) == str(tmp_path / "elsewhere")
