"""The status line: the training bar's message in words, at a fixed height.

A message that wrapped to one, two or three lines made the tabs, the canvas and the buttons
jump 18-36 px whenever it changed. This line is always ``LINES`` lines high: a longer message
is wrapped into them and elided ("…") at the end of the last one, with the full text in the
tooltip. ``text()`` is always the whole message (plain text: it may quote a file name or an
error). Its font is the window's (zoom scales it), and a font change resizes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: Lines the status line always has room for.
LINES = 2


class StatusLine(QLabel):
    """A plain-text label of exactly ``LINES`` lines; what does not fit is elided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Plain text: the status can quote a file name, a saved setting or an error message,
        # and Qt's AutoText would render any HTML in it (an <img> can make the window huge).
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def shown_lines(self) -> list[str]:
        """The lines as painted: at most ``LINES``, the last one elided if the text is cut."""
        width = max(1.0, float(self.contentsRect().width()))
        metrics = QFontMetricsF(self.font())
        text = " ".join(self.text().split())  # one paragraph: newlines would waste a line
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        lines: list[str] = []
        while len(lines) < LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            if len(lines) == LINES - 1:  # the last line takes the rest, elided
                rest = text[start:]
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                break
            lines.append(text[start : start + line.textLength()].rstrip())
        layout.endLayout()
        return lines

    def is_elided(self) -> bool:
        shown = "".join(self.shown_lines()).replace(" ", "")
        return shown != "".join(self.text().split())

    # ---- Qt -----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(50, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        metrics = QFontMetricsF(self.font())
        y = rect.top() + metrics.ascent()
        for line in self.shown_lines():
            painter.drawText(QPointF(rect.left(), y), line)
            y += metrics.lineSpacing()
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _fit_height(self) -> None:
        margins = self.contentsMargins()
        lines = QFontMetricsF(self.font()).lineSpacing() * LINES
        self.setFixedHeight(int(lines + 0.999) + margins.top() + margins.bottom())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")
