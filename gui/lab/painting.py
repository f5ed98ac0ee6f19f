"""Small QPainter helpers shared by the custom-painted views."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QWidget


def paint_message(painter: QPainter, widget: QWidget, text: str, margin: float = 8.0) -> None:
    """Centre ``text`` (word-wrapped, a little larger than the widget's font) in ``widget``.

    Views use it for their empty states, so a blank area always says why it is blank.
    """
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    painter.setFont(font)
    painter.setPen(widget.palette().windowText().color())
    painter.drawText(
        QRectF(widget.rect()).adjusted(margin, margin, -margin, -margin),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )
