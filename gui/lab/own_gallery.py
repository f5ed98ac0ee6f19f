"""OwnGallery: the class's collected drawings, one of which may be selected (outlined).

The evaluation's DigitGallery with a selection: a click selects a drawing and emits
``digitClicked`` with its position in the collection (gui/lab/own_digits_view.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from gui.lab import colormaps
from gui.lab.digit_gallery import DigitGallery


class OwnGallery(DigitGallery):
    """The collected drawings; a click selects one (outlined) and emits ``digitClicked``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownGallery")
        self.selected = -1  # position in the collection, -1 for none

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        for k in range(len(self.indices())):
            if self.thumb_rect(k).adjusted(0, 0, 0, self.CAPTION).contains(pos):
                self.selected = k
                self.update()
                self.digitClicked.emit(k)
                event.accept()
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if 0 <= self.selected < len(self.indices()):
            p = QPainter(self)
            p.setPen(QPen(colormaps.qcolor(colormaps.OKABE_ITO["vermillion"]), 3.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.thumb_rect(self.selected).adjusted(-3, -3, 3, 3))
            p.end()
