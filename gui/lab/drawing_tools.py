"""DrawingTools: the column of edits beside the digit canvas (robustness experiments).

A cross of arrow buttons shifts the drawing one pixel; Noise, Thicken and Thin change its
strokes. Each button only asks the canvas to edit its pixels: the canvas then says
``pixelsChanged`` and the lab re-scores, so these tools know nothing about the network.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.lab.digit_canvas import DigitCanvas
from gui.zoom import follow_font


def lab_button(text: str, tip: str, font: QFont, slot: Callable[[], object]) -> QPushButton:
    """A lab button: big text for the back of the room, reachable by Tab, not by a click's
    focus (so Space keeps toggling training)."""
    b = QPushButton(text)
    b.setToolTip(tip)
    b.setFont(font)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    b.clicked.connect(slot)
    return b


class DrawingTools(QWidget):
    """Shift arrows (``shiftUpButton`` ...) and Noise / Thicken / Thin for ``canvas``."""

    def __init__(self, canvas: DigitCanvas, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingTools")
        self._canvas = canvas
        arrows = QGridLayout()
        arrows.setSpacing(2)
        self.shiftButtons: dict[str, QPushButton] = {}
        for name, glyph, r, c, dr, dc in (
            ("up", "↑", 0, 1, -1, 0),
            ("left", "←", 1, 0, 0, -1),
            ("right", "→", 1, 2, 0, 1),
            ("down", "↓", 2, 1, 1, 0),
        ):
            tip = f"Shift the drawing one pixel {name}"
            b = lab_button(glyph, tip, font, self._shift_slot(dr, dc))
            b.setObjectName(f"shift{name.capitalize()}Button")
            b.setFixedSize(34, 30)  # an arrow reads at any zoom; the canvas needs the height
            arrows.addWidget(b, r, c)
            self.shiftButtons[name] = b
        shift_label = QLabel("shift")
        shift_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        arrows.addWidget(shift_label, 1, 1)
        follow_font(shift_label, 0.9, source=self)  # fits between the arrows when zoomed
        self.noiseButton = lab_button(
            "Noise", "Add random noise to every pixel", font, canvas.add_noise
        )
        self.thickenButton = lab_button("Thicken", "Make the strokes wider", font, canvas.thicken)
        self.thinButton = lab_button("Thin", "Make the strokes narrower", font, canvas.thin)
        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(4)
        side.addLayout(arrows)
        for b in (self.noiseButton, self.thickenButton, self.thinButton):
            side.addWidget(b)
        side.addStretch(1)

    def _shift_slot(self, dr: int, dc: int) -> Callable[[], None]:
        def shift() -> None:
            self._canvas.shift(dr, dc)

        return shift
