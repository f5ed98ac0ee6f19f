"""PredictionView: what the network says about the drawing — big answer, second guess, bars.

For the digits task the output layer is a softmax over 10 units and every unit gets a bar.
For a binary task (odd/even, "is it a k?") the single sigmoid output p = P(class 1) is shown
as two labelled bars, p and 1 − p, so both answers are visible.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.lab import colormaps
from gui.lab.painting import paint_message
from gui.zoom import DESIGN_PX, font_px, key_number_font, scaled_font

_WINNER = colormaps.qcolor(colormaps.OKABE_ITO["vermillion"])
_RUNNER_UP = colormaps.qcolor(colormaps.OKABE_ITO["orange"])
_OTHER = colormaps.qcolor(colormaps.OKABE_ITO["blue"])


def fit_lines(
    font: QFont, lines: list[str], room: QSizeF, floor_px: int
) -> tuple[QFont, list[str]]:
    """``font`` shrunk (down to ``floor_px``) until ``lines`` fit ``room``; if they cannot,
    the last lines are dropped first, and the first line alone takes what fits."""
    fitted = QFont(font)
    for count in range(len(lines), 0, -1):
        shown = lines[:count]
        px = font_px(font)
        while True:
            fitted.setPixelSize(px)
            metrics = QFontMetricsF(fitted)
            wide = max(metrics.horizontalAdvance(line) for line in shown)
            if wide <= room.width() and metrics.lineSpacing() * count <= room.height():
                return fitted, shown
            if px <= floor_px or px <= 6:
                break
            px -= 1
    return fitted, lines[:1]


class PredictionView(QWidget):
    """The predicted class in large type, the second guess, and one probability bar per class."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictionView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(110)  # less, and a zoomed 1024x768 lab squeezes its tools
        self._probs: NDArray[np.float64] | None = None
        self._class_names: tuple[str, ...] = tuple(str(i) for i in range(10))
        self._empty_text = "No network yet.\nDesign one and press Train."
        self._true_class: int | None = None

    # ------------------------------------------------------------- public API
    def probabilities(self) -> NDArray[np.float64] | None:
        """The probabilities on display, one per output unit (None when nothing is shown)."""
        return None if self._probs is None else self._probs.copy()

    def set_class_names(self, names: tuple[str, ...] | list[str]) -> None:
        self._class_names = tuple(str(n) for n in names)
        self.update()

    def set_probabilities(self, probs: ArrayLike) -> None:
        """Show the output layer's activations ``a[-1]`` for the current drawing."""
        self._probs = np.array(probs, dtype=np.float64).ravel()
        self.update()

    def set_true_class(self, index: int | None) -> None:
        """Box the label of the drawing's true class (a loaded test digit), or None."""
        self._true_class = index
        self.update()

    def true_class(self) -> int | None:
        return self._true_class

    def set_empty(self, text: str) -> None:
        """Show an explanation instead of bars (no network, or no task yet)."""
        self._probs = None
        self._empty_text = text
        self.update()

    def message(self) -> str | None:
        """The sentence shown instead of the bars, or None while bars are shown."""
        return self._empty_text if self._probs is None else None

    def class_probabilities(self) -> NDArray[np.float64] | None:
        """One probability per class: the outputs themselves, or (1 − p, p) for one sigmoid."""
        if self._probs is None:
            return None
        if self._probs.size == 1:
            p = float(self._probs[0])
            return np.array([1.0 - p, p])
        return self._probs

    def ranking(self) -> list[int]:
        """Class indices from most to least probable."""
        cp = self.class_probabilities()
        return [] if cp is None else [int(i) for i in np.argsort(-cp, kind="stable")]

    def sizeHint(self) -> QSize:
        return QSize(420, 170)

    # ------------------------------------------------------------- painting
    def _name(self, i: int) -> str:
        return self._class_names[i] if i < len(self._class_names) else str(i)

    def _scale(self) -> float:
        """The zoom, as far as this view is concerned: 1 at the default 15 px font."""
        return max(1.0, font_px(self.font()) / DESIGN_PX)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        text_colour = self.palette().windowText().color()
        cp = self.class_probabilities()
        if cp is None or not np.all(np.isfinite(cp)):
            paint_message(
                p,
                self,
                self._empty_text
                if cp is None
                else "The network's output is not a number:\ntraining has diverged.",
            )
            p.end()
            return
        order = self.ranking()
        best, second = order[0], order[1] if len(order) > 1 else order[0]
        w, h = float(self.width()), float(self.height())

        # The answer, big enough for the back row: the left ~30 % of the widget.
        answer_w = max(110.0, min(200.0 * self._scale(), w * 0.34))
        name = self._name(best)
        big = QFont(self.font())
        big.setBold(True)
        big.setPixelSize(
            int(min(h * 0.55, answer_w * 0.9 if len(name) <= 2 else answer_w * 0.32, 140))
        )
        p.setFont(big)
        p.setPen(_WINNER)
        p.drawText(QRectF(0, 0, answer_w, h * 0.58), Qt.AlignmentFlag.AlignCenter, name)
        # The probability: a key number for the back row; the runner-up only if it fits.
        sure = QRectF(0, h * 0.58, answer_w, h * 0.42)
        lines = [f"{cp[best]:.0%} sure", f"2nd: {self._name(second)} ({cp[second]:.0%})"]
        small, lines = fit_lines(key_number_font(self), lines, sure.size(), font_px(self.font()))
        p.setFont(small)
        p.setPen(text_colour)
        p.drawText(
            sure, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "\n".join(lines)
        )

        # The bars, one per class, with the probability above and the class name below.
        left = answer_w + 8
        area = QRectF(left, 6, w - left - 6, h - 12)
        n = cp.size
        label_h = QFontMetricsF(scaled_font(self.font(), 1.15)).height() + 2
        value_h = QFontMetricsF(self.font()).height()
        slot = area.width() / n
        bar_w = max(4.0, min(slot * 0.72, 60.0))
        bar_h = area.height() - label_h - value_h
        base_y = area.top() + value_h + bar_h
        label_font = scaled_font(self.font(), 1.15 if n > 2 else 1.0, bold=True)
        value_font = QFont(self.font())  # the bars' percentages: the body size
        axis_pen = QPen(QColor(120, 120, 120))
        p.setPen(axis_pen)
        p.drawLine(int(area.left()), int(base_y), int(area.right()), int(base_y))
        for i in range(n):
            x = area.left() + i * slot + (slot - bar_w) / 2
            frac = float(np.clip(cp[i], 0.0, 1.0))
            colour = _WINNER if i == best else _RUNNER_UP if i == second else _OTHER
            p.fillRect(QRectF(x, base_y - frac * bar_h, bar_w, frac * bar_h), colour)
            p.setFont(value_font)
            p.setPen(text_colour)
            # Too narrow to number every bar: then only the two guesses get their number.
            if slot >= 26 or i in (best, second):
                p.drawText(
                    QRectF(
                        area.left() + i * slot - 4,
                        base_y - frac * bar_h - value_h,
                        slot + 8,
                        value_h,
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{round(frac * 100):d}",
                )
            p.setFont(label_font)
            label_rect = QRectF(area.left() + i * slot - 6, base_y + 2, slot + 12, label_h)
            p.drawText(
                label_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._name(i)
            )
            if i == self._true_class:
                # The true label of a loaded test digit: boxed, so right/wrong is visible.
                width = min(slot, max(22.0, p.fontMetrics().horizontalAdvance(self._name(i)) + 10))
                box = QRectF(
                    area.left() + i * slot + (slot - width) / 2, base_y + 1, width, label_h
                )
                p.setPen(QPen(text_colour, 2.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(box, 4, 4)
        p.end()
