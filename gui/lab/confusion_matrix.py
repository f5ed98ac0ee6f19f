"""ConfusionMatrixWidget: row i, column j counts the test digits of true class i predicted as j.

The diagonal holds the correct answers. A click on a cell emits ``cellClicked(i, j)``; the
evaluation view then lists those digits in its gallery. ``confusion_matrix`` is the count.
"""

from __future__ import annotations

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
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.lab import colormaps
from gui.zoom import font_px, key_number_font, scaled_font


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
        return scaled_font(self.font(), 1.05, bold=True)

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
        # The counts: as big as key numbers where the cells allow it, always inside their
        # cell (a count spilling over its neighbours reads as nothing); none if tiny.
        font = key_number_font(self)
        font.setPixelSize(max(1, int(min(font_px(font), cell * 0.55))))
        p.setFont(font)
        for i in range(n if font.pixelSize() >= 9 else 0):
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
        p.setFont(scaled_font(self.font(), 1.0))
        p.drawText(
            QRectF(area.left(), 0, area.width(), 20), Qt.AlignmentFlag.AlignCenter, "predicted →"
        )
        p.save()
        p.translate(12, area.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-80, -10, 160, 20), Qt.AlignmentFlag.AlignCenter, "true →")
        p.restore()
        p.end()
