"""Small widgets the designer is built from: collapsible sections, number fields, messages."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#B00020"


class CollapsibleSection(QWidget):
    """A titled section whose body folds away when its header is clicked."""

    toggled = Signal(bool)

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setStyleSheet("QToolButton { font-weight: bold; border: none; padding: 3px; }")
        self.header.setToolTip("Click to fold or unfold this section.")
        self.body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(body)
        self.header.toggled.connect(self._on_toggled)

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, on: bool) -> None:
        self.header.setChecked(on)

    def _on_toggled(self, on: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)
        self.toggled.emit(on)


class MessageLabel(QLabel):
    """A red sentence under a field saying what is allowed; hidden when there is nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))

    def message(self) -> str:
        """The sentence shown ('' when hidden)."""
        return self.text() if not self.isHidden() else ""


def int_field(low: int, high: int, step: int = 1, suffix: str = "") -> QSpinBox:
    """A whole-number field; the range is wide so the shared validation, not the widget, says
    what is allowed (no silent clamping of sensible typing)."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    return box


def float_field(low: float, high: float, decimals: int, step: float) -> QDoubleSpinBox:
    """A decimal field with enough decimals that a typed value is kept exactly."""
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    return box


class LogSpinBox(QDoubleSpinBox):
    """A positive number stepped along 1-2-5 (0.001, 0.002, 0.005, 0.01, ...).

    Learning rates span six orders of magnitude; a fixed step would be useless at one end or
    the other. Six decimals keep 0.001 as 0.001 (a default spin box shows 2 and rounds to 0).
    """

    def __init__(self, low: float = 0.0, high: float = 10000.0, decimals: int = 6) -> None:
        super().__init__()
        self.setDecimals(decimals)
        self.setRange(low, high)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        text = f"{value:.{self.decimals()}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            value = _ladder_step(value, up=steps > 0, smallest=10.0 ** -self.decimals())
        self.setValue(value)


def _ladder_step(value: float, up: bool, smallest: float) -> float:
    """The next value on the 1-2-5 ladder above (or below) ``value``."""
    if value <= 0:
        return smallest if up else 0.0
    decade = 10.0 ** math.floor(math.log10(value) + 1e-9)
    ladder = [m * decade for m in (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)]
    if up:
        candidates = [v for v in ladder if v > value * (1 + 1e-9)]
        result = min(candidates)
    else:
        candidates = [v for v in ladder if v < value * (1 - 1e-9)]
        result = max(candidates) if candidates else value / 2
    return float(f"{max(result, smallest if up else 0.0):.6g}")
