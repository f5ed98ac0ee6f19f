"""EvaluationView: test accuracy, the confusion matrix, and a gallery of the digits in a cell.

Row i, column j of the confusion matrix counts the test digits whose true class is i and which
the network predicts as j; the diagonal holds the correct answers. Clicking a cell lists those
test digits in the gallery; clicking a digit there emits :attr:`digitChosen` with its index in
the test set, and the lab loads it into the canvas so the class can edit it until the
prediction flips.

Scoring the whole test set costs one batched forward pass (a few milliseconds even for
64-256-256-10); while training, how often that happens (and not while hidden) is declared in
gui/training/clock.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from engine import DigitsTask, Network
from gui.lab import colormaps
from gui.training.frame import Frame


def confusion_matrix(
    y_true: NDArray[np.integer], y_pred: NDArray[np.integer], n: int
) -> NDArray[np.int64]:
    """``C[i, j]`` = number of samples with true class i predicted as j."""
    t = np.asarray(y_true, dtype=np.int64).ravel()
    q = np.asarray(y_pred, dtype=np.int64).ravel()
    return np.bincount(t * n + q, minlength=n * n).reshape(n, n)


class ConfusionMatrixWidget(QWidget):
    """The n x n matrix: colour by the row's fraction (cividis), the count written in each cell."""

    cellClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)
        self._cm: NDArray[np.int64] | None = None
        self._names: tuple[str, ...] = ()
        self._selected: tuple[int, int] = (-1, -1)

    def set_matrix(self, cm: NDArray[np.int64] | None, names: tuple[str, ...]) -> None:
        self._cm = cm
        self._names = names
        self.update()

    def set_selected(self, i: int, j: int) -> None:
        self._selected = (i, j)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def _geometry(self) -> tuple[QRectF, float]:
        n = 1 if self._cm is None else self._cm.shape[0]
        margin_l, margin_t = self._label_width() + 34.0, 44.0
        side = max(10.0, min(self.width() - margin_l - 6, self.height() - margin_t - 6))
        return QRectF(margin_l, margin_t, side, side), side / n

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(16)
        font.setBold(True)
        return font

    def _label_width(self) -> float:
        """Width of the longest class name (row labels sit left of the matrix)."""
        metrics = QFontMetricsF(self._label_font())
        return max((metrics.horizontalAdvance(n) for n in self._names), default=20.0)

    def cell_rect(self, i: int, j: int) -> QRectF:
        """Widget rectangle of cell (true i, predicted j)."""
        area, cell = self._geometry()
        return QRectF(area.left() + j * cell, area.top() + i * cell, cell, cell)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._cm is None:
            return
        area, cell = self._geometry()
        pos = event.position()
        if area.contains(pos):
            j = int((pos.x() - area.left()) // cell)
            i = int((pos.y() - area.top()) // cell)
            n = self._cm.shape[0]
            if 0 <= i < n and 0 <= j < n:
                self.cellClicked.emit(i, j)
                event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        text = self.palette().windowText().color()
        if self._cm is None:
            p.end()
            return
        cm = self._cm
        n = cm.shape[0]
        area, cell = self._geometry()
        rows = cm.sum(axis=1, keepdims=True).astype(np.float64)
        frac = np.divide(cm, rows, out=np.zeros(cm.shape), where=rows > 0)
        rgb = colormaps.apply(colormaps.CIVIDIS, frac, 0.0, 1.0)
        p.drawImage(area, colormaps.rgb_image(rgb))
        font = QFont(self.font())
        font.setPixelSize(int(max(12, min(24, cell * 0.5))))
        font.setBold(True)
        p.setFont(font)
        for i in range(n):
            for j in range(n):
                if cm[i, j] == 0:
                    continue
                p.setPen(colormaps.text_colour_on(rgb[i, j]))
                p.drawText(self.cell_rect(i, j), Qt.AlignmentFlag.AlignCenter, str(int(cm[i, j])))
        p.setPen(QPen(QColor(255, 255, 255), 1.0))
        for k in range(1, n):
            p.drawLine(
                int(area.left() + k * cell),
                int(area.top()),
                int(area.left() + k * cell),
                int(area.bottom()),
            )
            p.drawLine(
                int(area.left()),
                int(area.top() + k * cell),
                int(area.right()),
                int(area.top() + k * cell),
            )
        si, sj = self._selected
        if 0 <= si < n and 0 <= sj < n:
            p.setPen(QPen(colormaps.qcolor(colormaps.OKABE_ITO["vermillion"]), 4.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.cell_rect(si, sj).adjusted(2, 2, -2, -2))
        # Axis labels: class names, and what rows and columns mean.
        p.setFont(self._label_font())
        p.setPen(text)
        for k in range(n):
            name = self._names[k] if k < len(self._names) else str(k)
            p.drawText(
                QRectF(area.left() + k * cell, area.top() - 22, cell, 20),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
            p.drawText(
                QRectF(24, area.top() + k * cell, area.left() - 30, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        axis = QFont(self.font())
        axis.setPixelSize(14)
        p.setFont(axis)
        p.drawText(
            QRectF(area.left(), 0, area.width(), 20), Qt.AlignmentFlag.AlignCenter, "predicted →"
        )
        p.save()
        p.translate(12, area.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-80, -10, 160, 20), Qt.AlignmentFlag.AlignCenter, "true →")
        p.restore()
        p.end()


class DigitGallery(QWidget):
    """Thumbnails of test digits (raw 0–16 images) with their predicted probability."""

    digitClicked = Signal(int)  # index into the test set

    THUMB = 56
    GAP = 8
    CAPTION = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitGallery")
        self._indices: list[int] = []
        self._images: NDArray[np.float64] | None = None
        self._captions: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_digits(
        self, indices: list[int], images: NDArray[np.float64], captions: list[str]
    ) -> None:
        self._indices = list(indices)
        self._images = images
        self._captions = captions
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 200)))
        self.updateGeometry()
        self.update()

    def indices(self) -> list[int]:
        return list(self._indices)

    def _cols(self, width: int) -> int:
        return max(1, int((width - self.GAP) // (self._thumb(width) + self.GAP)))

    def _thumb(self, width: int) -> int:
        """Thumbnail side: 56 px, growing on wide screens to fit about 9 in a row (max 96)."""
        return int(max(self.THUMB, min(96, (width - self.GAP) / 9 - self.GAP)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = math.ceil(len(self._indices) / self._cols(width)) if self._indices else 0
        return int(rows * (self._thumb(width) + self.CAPTION + self.GAP) + self.GAP)

    def resizeEvent(self, event: Any) -> None:
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def thumb_rect(self, k: int) -> QRectF:
        cols = self._cols(self.width())
        thumb = self._thumb(self.width())
        r, c = divmod(k, cols)
        return QRectF(
            self.GAP + c * (thumb + self.GAP),
            self.GAP + r * (thumb + self.CAPTION + self.GAP),
            thumb,
            thumb,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        for k, idx in enumerate(self._indices):
            if self.thumb_rect(k).adjusted(0, 0, 0, self.CAPTION).contains(pos):
                self.digitClicked.emit(idx)
                event.accept()
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._images is None:
            return
        p = QPainter(self)
        font = QFont(self.font())
        font.setPixelSize(12)
        p.setFont(font)
        for k in range(len(self._indices)):
            rect = self.thumb_rect(k)
            rgb = colormaps.apply(colormaps.INK, self._images[k], 0.0, 16.0)
            p.drawImage(rect, colormaps.rgb_image(rgb))
            p.setPen(QPen(QColor(140, 140, 140), 1.0))
            p.drawRect(rect)
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(rect.left() - 4, rect.bottom() + 1, rect.width() + 8, self.CAPTION),
                Qt.AlignmentFlag.AlignCenter,
                self._captions[k],
            )
        p.end()


class EvaluationView(QWidget):
    """Accuracy on the test set, the confusion matrix and the gallery of one cell."""

    digitChosen = Signal(int)  # index into task.X_test / images_test

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationView")
        self._task: DigitsTask | None = None
        self._net: Network | None = None
        self._pred: NDArray[np.int64] | None = None
        self._conf: NDArray[np.float64] | None = None
        self._cm: NDArray[np.int64] | None = None
        self._cell: tuple[int, int] | None = None

        self._accuracy = QLabel()
        self._accuracy.setObjectName("accuracyLabel")
        font = QFont(self.font())
        font.setPixelSize(20)
        font.setBold(True)
        self._accuracy.setFont(font)
        self._accuracy.setWordWrap(True)
        self._accuracy.setTextFormat(Qt.TextFormat.PlainText)
        self.matrix = ConfusionMatrixWidget()
        self.matrix.cellClicked.connect(self._on_cell_clicked)
        self._gallery_title = QLabel()
        self._gallery_title.setWordWrap(True)
        # Class names come from the task (a model file may carry its own): text, never HTML.
        self._gallery_title.setTextFormat(Qt.TextFormat.PlainText)
        self._gallery_title.setObjectName("galleryTitle")
        self.gallery = DigitGallery()
        self.gallery.digitClicked.connect(self.digitChosen)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.gallery)
        scroll.setMinimumHeight(100)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._accuracy)
        layout.addWidget(self.matrix, 3)
        layout.addWidget(self._gallery_title)
        layout.addWidget(scroll, 1)
        self._show_empty()

    # ------------------------------------------------------------- public API
    def set_task(self, task: DigitsTask | None) -> None:
        self._task = task
        self._cell = None
        self.refresh_now()

    def set_network(self, net: Network | None) -> None:
        """Score the test set with ``net`` (None: nothing to score)."""
        self._net = net
        self.refresh_now()

    def on_frame(self, frame: Frame) -> None:
        """A training frame: re-score if its network is new."""
        if frame.network is not self._net:
            self.set_network(frame.network)

    def confusion(self) -> NDArray[np.int64] | None:
        return None if self._cm is None else self._cm.copy()

    def predictions(self) -> NDArray[np.int64] | None:
        return None if self._pred is None else self._pred.copy()

    def gallery_indices(self) -> list[int]:
        """Test-set indices of the digits in the gallery (the selected cell)."""
        return self.gallery.indices()

    def select_cell(self, i: int, j: int) -> None:
        self._on_cell_clicked(i, j)

    def refresh_now(self) -> None:
        """Score the test set with the current network and redraw everything."""
        if self._task is None or self._net is None:
            self._show_empty()
            return
        if self._net.layer_sizes[-1] != self._task.n_outputs:
            # The task changed and the network has not been rebuilt for it yet.
            self._show_empty(
                f"This network has {self._net.layer_sizes[-1]} outputs but the task needs "
                f"{self._task.n_outputs}: reset the network to score the test digits."
            )
            return
        X, y = self._task.X_test, np.asarray(self._task.y_test, dtype=np.int64)
        with np.errstate(all="ignore"):
            proba = np.asarray(self._net.predict_proba(X), dtype=np.float64)
            pred = np.asarray(self._net.predict(X), dtype=np.int64).ravel()
        if proba.ndim == 1 or proba.shape[1] == 1:
            p1 = proba.reshape(-1)
            conf = np.where(pred == 1, p1, 1.0 - p1)
        else:
            conf = proba[np.arange(pred.size), pred]
        names = tuple(self._task.class_names)
        n = len(names)
        self._pred, self._conf = pred, conf
        self._cm = confusion_matrix(y, pred, n)
        correct = int(np.trace(self._cm))
        self._accuracy.setText(
            f"Test accuracy: {correct / max(1, y.size):.1%}  ({correct} of {y.size} test digits)"
        )
        self.matrix.set_matrix(self._cm, names)
        if self._cell is None:
            self._cell = self._worst_cell()
        if self._cell is not None:
            self._fill_gallery(*self._cell)

    # ------------------------------------------------------------- internals
    def _show_empty(self, text: str = "") -> None:
        self._cm = None
        self._pred = None
        self._accuracy.setText(
            text
            or "No network yet. After training, the test digits are scored here: "
            "click a cell of the confusion matrix to see those digits."
        )
        self.matrix.set_matrix(None, ())
        self._gallery_title.setText("")
        self.gallery.set_digits([], np.zeros((0, 8, 8)), [])

    def _worst_cell(self) -> tuple[int, int] | None:
        """The most frequent mistake, so the gallery starts with something to discuss."""
        if self._cm is None:
            return None
        off = self._cm.copy()
        np.fill_diagonal(off, -1)
        i, j = np.unravel_index(int(np.argmax(off)), off.shape)
        return (int(i), int(j)) if off[i, j] > 0 else None

    def _on_cell_clicked(self, i: int, j: int) -> None:
        self._cell = (i, j)
        self._fill_gallery(i, j)

    def _fill_gallery(self, i: int, j: int) -> None:
        if self._task is None or self._pred is None or self._conf is None:
            return
        y = np.asarray(self._task.y_test, dtype=np.int64)
        idx = np.flatnonzero((y == i) & (self._pred == j))
        names = tuple(self._task.class_names)
        digits = np.asarray(self._task.labels_test_digit)
        images = np.asarray(self._task.images_test, dtype=np.float64)[idx]
        binary = len(names) == 2
        captions = [(f"{int(digits[k])}: " if binary else "") + f"{self._conf[k]:.0%}" for k in idx]
        verb = "correctly recognised" if i == j else "mistaken for"
        what = f"True {names[i]}, {verb} {names[j]}" if i != j else f"{names[i]}, {verb}"
        self._gallery_title.setText(
            f"{what}: {idx.size} test digit{'s' if idx.size != 1 else ''}. "
            "Click one to load it into the canvas (caption: how sure the network is)."
        )
        self.matrix.set_selected(i, j)
        self.gallery.set_digits([int(k) for k in idx], images, captions)
