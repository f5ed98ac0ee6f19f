"""OwnDigitsView: the class's own handwriting, collected, kept, and read by the network.

"Add this drawing to our digits" stores the canvas's 8x8 counts (0–16, the 32x32 mode's ink
count: the same kind of data as ``load_digits``) with the true label chosen beside the
button. The gallery shows every drawing with what the network reads in it; a click selects
it (and puts it into the canvas), Relabel and Delete act on the selection. The accuracy and
the confusion matrix on our digits stand beside the test set's, scored by the same network
with the task's own labels and scaling (``engine.own_digits.task_labels``, ``task.scale``).

The collection lives in a file next to the settings (``store_path``), rewritten atomically
after every change, so it survives a restart. Open replaces it (after asking), Merge adds the
drawings of other machines' files that are not here yet (by id: merging a file twice adds
nothing), Save as writes a copy to hand on. A hostile or damaged file is refused with the
engine's one sentence, and the collection stays exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine import DigitsTask, Network
from engine.own_digits import (
    OwnDigits,
    OwnDigitsError,
    load_digits_file,
    new_digit,
    save_digits,
    task_labels,
)
from gui.lab import own_digits_files
from gui.lab.confusion_matrix import ConfusionMatrixWidget, confusion_matrix
from gui.lab.digit_canvas import DigitCanvas
from gui.lab.own_gallery import OwnGallery
from gui.settings_store import SettingsStore
from gui.training.frame import Frame

#: The file next to the settings .ini that keeps the collection between sessions.
STORE_NAME = "our-digits.json"
#: Below this width the test set's matrix is left out so ours stays readable.
TWO_MATRICES_WIDTH = 640


def _a(label: int) -> str:
    """``a 7``, ``an 8``: the digit with its article, as it is said."""
    return f"an {label}" if label == 8 else f"a {label}"


def store_path(settings: SettingsStore) -> Path:
    """Where the collection is kept: beside the settings file."""
    return Path(settings.path).resolve().parent / STORE_NAME


def _label_combo(name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItems([str(d) for d in range(10)])
    combo.setToolTip(tip)
    return combo


def _button(name: str, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class OwnDigitsView(QWidget):
    """Collect drawings with their labels; see how the network reads them."""

    #: A sentence for the status line (the window's ``controller.announce``).
    statusMessage = Signal(str)
    #: (title, one sentence): a file could not be opened or written; the window shows a box.
    problem = Signal(str, str)
    #: A collected drawing was selected: its 8x8 image, for the canvas (the lab loads it).
    drawingChosen = Signal(object)

    def __init__(self, canvas: DigitCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownDigitsView")
        self._canvas = canvas
        self._digits = OwnDigits()
        self._store: Path | None = None
        self._settings: SettingsStore | None = None
        self._task: DigitsTask | None = None
        self._net: Network | None = None
        self._pred: NDArray[np.int64] | None = None
        self._test_pred: NDArray[np.int64] | None = None
        self._cm: NDArray[np.int64] | None = None
        #: Asked before Open replaces a collection (the window sets its yes/no question).
        self.confirm: Callable[[str, str], bool] = lambda _title, _question: True
        self._build()
        self._show()

    # ------------------------------------------------------------- public API
    def use_store(self, path: Path, settings: SettingsStore | None = None) -> None:
        """Keep the collection in ``path`` from now on, starting from what it holds. A file
        that cannot be read is set aside (``.unreadable``), never overwritten."""
        self._store, self._settings = path, settings
        try:
            self._digits = load_digits_file(path)
        except FileNotFoundError:
            self._digits = OwnDigits()
        except OwnDigitsError as exc:
            self._digits = OwnDigits()
            aside = path.with_name(path.name + ".unreadable")
            try:
                os.replace(path, aside)
            except OSError:
                self._store = None  # keep it untouched: this session's drawings are not kept
            self.statusMessage.emit(f"{exc} It was set aside; our digits start empty.")
        self._show()

    def digits(self) -> OwnDigits:
        return self._digits

    def set_task(self, task: DigitsTask | None) -> None:
        self._task = task
        self._show()

    def set_network(self, net: Network | None) -> None:
        self._net = net
        self._show()

    def on_frame(self, frame: Frame) -> None:
        """A training frame: re-score our digits with its network if it is new (a few dozen
        drawings and the test set: one forward pass each)."""
        if frame.network is not self._net:
            self.set_network(frame.network)

    def predictions(self) -> NDArray[np.int64] | None:
        """The network's labels for our digits (task labels), None when nothing is scored."""
        return None if self._pred is None else self._pred.copy()

    def confusion(self) -> NDArray[np.int64] | None:
        """Our digits' confusion matrix (true task label x predicted), None if not scored."""
        return None if self._cm is None else self._cm.copy()

    def selected(self) -> int:
        """Position of the selected drawing in the collection, -1 for none."""
        return self.gallery.selected

    def select(self, k: int) -> None:
        """Select drawing ``k`` and put it into the canvas."""
        if not 0 <= k < len(self._digits):
            return
        self.gallery.selected = k
        self.gallery.update()
        self.relabelCombo.setCurrentIndex(self._digits.digits[k].label)
        self.drawingChosen.emit(self._digits.digits[k].image())
        self._enable()

    def add_drawing(self) -> bool:
        """Add the canvas's drawing with the chosen label; False (and why, in the status) for
        a blank canvas."""
        pixels = self._canvas.pixels()
        if not np.any(np.rint(pixels) > 0):
            self.statusMessage.emit("Draw a digit first: an empty grid is no digit.")
            return False
        label = self.labelCombo.currentIndex()
        try:
            self._change(self._digits.add(new_digit(pixels, label)))
        except ValueError as exc:
            self.statusMessage.emit(f"Not added: {exc}.")
            return False
        self.statusMessage.emit(
            f"Added {_a(label)} to our digits ({self._count(len(self._digits))} now)."
        )
        return True

    def delete_selected(self) -> None:
        k = self.gallery.selected
        if 0 <= k < len(self._digits):
            label = self._digits.digits[k].label
            self.gallery.selected = -1
            self._change(self._digits.remove(self._digits.digits[k].id))
            self.statusMessage.emit(f"Deleted {_a(label)} from our digits.")

    def relabel_selected(self) -> None:
        k = self.gallery.selected
        if 0 <= k < len(self._digits):
            label = self.relabelCombo.currentIndex()
            self._change(self._digits.relabel(self._digits.digits[k].id, label))
            self.statusMessage.emit(f"Drawing {k + 1} is now labelled {label}.")

    def set_digits(self, digits: OwnDigits) -> None:
        """The collection is now ``digits`` (an opened session's), kept in the store."""
        self.gallery.selected = -1
        self._change(digits)

    def save_to(self, path: str | os.PathLike[str]) -> Path:
        """Write the collection to ``path`` (OSError naming it)."""
        written = save_digits(self._digits, path)
        self.statusMessage.emit(f"Saved {self._count(len(self._digits))} to {written.name}.")
        return written

    def open_from(self, path: str | os.PathLike[str]) -> None:
        """Replace the collection by ``path``'s; OwnDigitsError / OSError and nothing
        changed if the file is refused."""
        opened = load_digits_file(path)
        self.gallery.selected = -1
        self._change(opened)
        self.statusMessage.emit(f"Opened {Path(path).name}: {self._count(len(opened))}.")

    def merge_from(self, paths: Sequence[str | os.PathLike[str]]) -> int:
        """Add the drawings of ``paths`` not already here; how many were added. Every file is
        read before anything changes: one refused file refuses the merge (nothing lost)."""
        opened = [load_digits_file(path) for path in paths]
        merged, added = self._digits, 0
        for other in opened:
            merged, more = merged.merge(other)
            added += more
        self._change(merged)
        names = ", ".join(Path(p).name for p in paths)
        self.statusMessage.emit(
            f"Merged {names}: {self._count(added)} added, {len(merged)} in all "
            "(drawings already here were not added twice)."
        )
        return added

    # ------------------------------------------------------------- dialogs
    def ask_save(self) -> None:
        own_digits_files.ask_save(self, self._settings)

    def ask_open(self) -> None:
        own_digits_files.ask_open(self, self._settings, self.confirm)

    def ask_merge(self) -> None:
        own_digits_files.ask_merge(self, self._settings)

    # ------------------------------------------------------------- internals
    @staticmethod
    def _count(n: int) -> str:
        return f"{n} drawing{'' if n == 1 else 's'}"

    def _change(self, digits: OwnDigits) -> None:
        """The collection is now ``digits``: keep it in the store, show it."""
        self._digits = digits
        if self._store is not None:
            try:
                save_digits(digits, self._store)
            except OSError as exc:
                self.statusMessage.emit(f"Our digits could not be kept in {self._store}: {exc}")
        self._show()

    def _build(self) -> None:
        intro = QLabel("Draw a digit, choose its true label and add it: our class's handwriting.")
        intro.setWordWrap(True)
        self.labelCombo = _label_combo("ownLabelCombo", "The digit the drawing really is")
        self.addButton = _button(
            "addOwnDigitButton",
            "Add to our digits",
            "Add this drawing to our digits, with the true label on the left (stored as the "
            "8x8 counts 0–16, like the data set)",
            self.add_drawing,
        )
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("True label:"))
        add_row.addWidget(self.labelCombo)
        add_row.addWidget(self.addButton, 1)

        self.accuracyLabel = QLabel()
        self.accuracyLabel.setObjectName("ownAccuracyLabel")
        self.accuracyLabel.setWordWrap(True)
        self.accuracyLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.ownMatrix = ConfusionMatrixWidget()
        self.ownMatrix.setObjectName("ownConfusion")
        self.testMatrix = ConfusionMatrixWidget()
        self.testMatrix.setObjectName("testConfusion")
        matrices = QGridLayout()
        self._titles: list[QLabel] = []
        for col, (title, matrix) in enumerate(
            (("Our digits", self.ownMatrix), ("Test set", self.testMatrix))
        ):
            matrix.setMinimumSize(120, 120)
            self._titles.append(QLabel(title))
            matrices.addWidget(self._titles[-1], 0, col, Qt.AlignmentFlag.AlignHCenter)
            matrices.addWidget(matrix, 1, col)

        self.gallery = OwnGallery()
        self.gallery.digitClicked.connect(self.select)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.gallery)
        scroll.setMinimumHeight(90)

        self.relabelCombo = _label_combo("relabelCombo", "The selected drawing's true label")
        self.relabelButton = _button(
            "relabelButton",
            "Relabel",
            "Give the selected drawing this label",
            self.relabel_selected,
        )
        self.deleteButton = _button(
            "deleteOwnDigitButton",
            "Delete",
            "Remove the selected drawing (Delete)",
            self.delete_selected,
        )
        edit_row = QHBoxLayout()
        edit_row.addWidget(QLabel("Selected:"))
        edit_row.addWidget(self.relabelCombo)
        edit_row.addWidget(self.relabelButton)
        edit_row.addWidget(self.deleteButton)
        edit_row.addStretch(1)
        self.openButton = _button(
            "openOwnDigitsButton", "Open…", "Replace our digits by a saved file", self.ask_open
        )
        self.mergeButton = _button(
            "mergeOwnDigitsButton",
            "Merge…",
            "Add the drawings of another machine's file (none twice)",
            self.ask_merge,
        )
        self.saveButton = _button(
            "saveOwnDigitsButton", "Save as…", "Save a copy to hand on or merge", self.ask_save
        )
        file_row = QHBoxLayout()  # a row of its own: the tab stays narrow
        for b in (self.openButton, self.mergeButton, self.saveButton):
            file_row.addWidget(b)
        file_row.addStretch(1)
        rows = (intro, add_row, self.accuracyLabel, matrices, scroll, edit_row, file_row)
        self._lay_out(rows, stretches={matrices: 3, scroll: 2})

    def _lay_out(
        self, rows: tuple[QWidget | QLayout, ...], stretches: dict[QWidget | QLayout, int]
    ) -> None:
        """One column, top to bottom; only the matrices and the gallery grow."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for row in rows:
            if isinstance(row, QWidget):
                layout.addWidget(row, stretches.get(row, 0))
            else:
                layout.addLayout(row, stretches.get(row, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The test set's matrix only where two fit legibly (its accuracy is always in the
        line above, its matrix in the Evaluation tab): at 1024 px ours gets the width."""
        both = event.size().width() >= TWO_MATRICES_WIDTH
        self.testMatrix.setVisible(both)
        self._titles[1].setVisible(both)
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.gallery.selected >= 0:
            self.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def _enable(self) -> None:
        has = 0 <= self.gallery.selected < len(self._digits)
        for w in (self.relabelCombo, self.relabelButton, self.deleteButton):
            w.setEnabled(has)
        self.saveButton.setEnabled(len(self._digits) > 0)

    def _score(self) -> NDArray[np.int64]:
        """Our digits' true task labels; fills the predictions on ours and the test set."""
        digits, task, net = self._digits, self._task, self._net
        self._pred = self._test_pred = self._cm = None
        if task is None or net is None or net.layer_sizes[-1] != task.n_outputs:
            return np.zeros(0, dtype=np.int64)
        with np.errstate(all="ignore"):
            if len(digits):
                X = task.scale(digits.images().reshape(-1, 64))
                self._pred = np.asarray(net.predict(X), dtype=np.int64).ravel()
            self._test_pred = np.asarray(net.predict(task.X_test), dtype=np.int64).ravel()
        return task_labels(digits.labels(), task.task, task.k)

    def _show(self) -> None:
        """Score and draw: the gallery, both matrices and the accuracy line."""
        digits, task = self._digits, self._task
        if self.gallery.selected >= len(digits):
            self.gallery.selected = -1
        truth = self._score()
        names: tuple[str, ...] = tuple(task.class_names) if task is not None else ()
        captions = [str(d.label) for d in digits]
        if self._pred is not None:
            captions = [
                f"{c} ✓" if p == t else f"{c} → {names[p]}"
                for c, p, t in zip(captions, self._pred, truth, strict=True)
            ]
        self.gallery.set_digits(list(range(len(digits))), digits.images(), captions)
        test_text = ""
        self.testMatrix.set_matrix(None, ())
        if self._test_pred is not None and task is not None:
            y_test = np.asarray(task.y_test, dtype=np.int64)
            self.testMatrix.set_matrix(confusion_matrix(y_test, self._test_pred, len(names)), names)
            right = int(np.sum(self._test_pred == y_test))
            test_text = f"test set: {right / y_test.size:.1%} ({right} of {y_test.size})"
        self.ownMatrix.set_matrix(None, ())
        if self._pred is not None:
            self._cm = confusion_matrix(truth, self._pred, len(names))
            self.ownMatrix.set_matrix(self._cm, names)
            right = int(np.sum(self._pred == truth))
            text = f"Our digits: {right / len(digits):.0%} right ({right} of {len(digits)})"
            self.accuracyLabel.setText(f"{text}  ·  {test_text}")
        elif not len(digits):
            self.accuracyLabel.setText("No drawings yet. Each one added is scored here.")
        else:
            self.accuracyLabel.setText(
                f"{self._count(len(digits))}. Train a network to see how it reads them."
            )
        self._enable()
