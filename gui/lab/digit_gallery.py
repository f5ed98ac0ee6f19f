"""DigitGallery: the test digits of one confusion-matrix cell, each with its caption.

Clicking a digit emits ``digitClicked(index)`` with its index in the test set (the lab loads
it into the canvas).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.lab import colormaps
from gui.zoom import scaled_font


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
        p.setFont(scaled_font(self.font(), 0.9))
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
