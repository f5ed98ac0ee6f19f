"""Show the code…: the design on screen as scikit-learn, Keras and NumPy, ready to copy.

One tab per library (the text is ``engine.code_export.code_for``), a monospace font derived
from the window's (zoom follows), *Copy* for the tab on show and, for NumPy, *Save weights…*:
the trained network's weights and the scaling as the .npz file the NumPy code loads, so a
student's notebook reproduces the app's prediction for a digit exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.code_export import LIBRARIES, LIBRARY_LABELS, WEIGHTS_FILE, save_weights

if TYPE_CHECKING:
    from gui.main_window import MainWindow

#: Monospace text a little larger than the window's: read from the back of the room.
CODE_FONT_FACTOR = 1.1


class CodeDialog(QDialog):
    """Tabs of code; ``code(library)`` is what a tab shows."""

    def __init__(
        self,
        texts: dict[str, str],
        save_weights: Callable[[Path], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeDialog")
        self.setWindowTitle("Show the code")
        self._save_weights = save_weights
        self.tabs = QTabWidget()
        self.tabs.setObjectName("codeTabs")
        self._editors: dict[str, QPlainTextEdit] = {}
        for library in LIBRARIES:
            editor = QPlainTextEdit()
            editor.setObjectName(f"code_{library}")
            editor.setReadOnly(True)
            editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self._editors[library] = editor
            self.tabs.addTab(editor, LIBRARY_LABELS[library])
        self.set_texts(texts)

        self.note = QLabel("")
        self.note.setObjectName("codeNote")
        self.note.setWordWrap(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("copyCodeButton")
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton("Save weights…")
        self.save_button.setObjectName("saveWeightsButton")
        self.save_button.setToolTip(f"The .npz file the NumPy code loads ({WEIGHTS_FILE})")
        self.save_button.clicked.connect(self._on_save_weights)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._apply_font()
        self._on_tab_changed()
        self.resize(760, 560)

    # ---- public API ---------------------------------------------------------------------
    def code(self, library: str) -> str:
        return self._editors[library].toPlainText()

    def set_texts(self, texts: dict[str, str]) -> None:
        for library, editor in self._editors.items():
            editor.setPlainText(texts.get(library, ""))

    def show_library(self, library: str) -> None:
        self.tabs.setCurrentIndex(LIBRARIES.index(library))

    def current_library(self) -> str:
        return LIBRARIES[self.tabs.currentIndex()]

    def copy(self) -> None:
        """The shown tab's code to the clipboard."""
        QGuiApplication.clipboard().setText(self.code(self.current_library()))
        self.note.setText(f"{LIBRARY_LABELS[self.current_library()]} code copied.")

    def save_weights_to(self, path: str | Path) -> Path:
        saved = self._save_weights(Path(path))
        self.note.setText(f"Weights saved to {saved}. Keep the file beside the notebook.")
        return saved

    # ---- internals ----------------------------------------------------------------------
    def _on_save_weights(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save weights", WEIGHTS_FILE, "NumPy weights (*.npz)"
        )
        if not path:
            return
        try:
            self.save_weights_to(path)
        except OSError as exc:
            self.note.setText(f"Cannot save {path}: {exc.strerror or exc}.")

    def _on_tab_changed(self, _index: int = 0) -> None:
        numpy = self.current_library() == "numpy"
        self.save_button.setVisible(numpy)
        self.note.setText(f"Save the weights as {WEIGHTS_FILE} beside this code." if numpy else "")

    def _apply_font(self) -> None:
        mono = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        mono.setPointSizeF(self.font().pointSizeF() * CODE_FONT_FACTOR)
        for editor in self._editors.values():
            editor.setFont(mono)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_font()


def show_code(window: MainWindow) -> CodeDialog:
    """Open (or refresh and raise) the window's code dialog for the design on screen."""
    texts = {library: window.code_for(library) for library in LIBRARIES}

    def save(path: Path) -> Path:
        return save_weights(path, window.current_network(), window.controller.ensure_task())

    dialog = window.findChild(CodeDialog, "codeDialog")
    if dialog is None:
        dialog = CodeDialog(texts, save, window)
    else:
        dialog.set_texts(texts)
    dialog.show()
    dialog.raise_()
    return dialog
