"""Number fields that keep exactly the value they were given or that was typed.

Qt's spin boxes store a C ``int`` or a ``double`` rounded to a fixed number of decimals, and
clamp to a range: our first designer clamped the seed to 999,999 and rounded a learning rate of
1e-7 to 0. These fields store the Python value itself. ``value()`` returns what ``setValue``
was given until the user commits new text (Enter or leaving the field), which is parsed with
``int()`` or ``float()``; the text shown is the shortest one that parses back to the same
value (``repr``). There is no range: the engine's ``validate_design`` says what is allowed,
and the designer shows its sentence in red next to the field.

Arrow keys and the mouse wheel still step: by a fixed step, or along 1-2-5 for the learning
rate and the L2 penalty (``LogSpinBox``), which span six orders of magnitude.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox

# Text that may still become a number as the user types ("", "-", "1e", "0.").
_INT_PREFIX = re.compile(r"[+-]?\d*")
_FLOAT_PREFIX = re.compile(r"[+-]?\d*\.?\d*(?:[eE][+-]?\d*)?")


def number_text(value: Any) -> str:
    """The shortest text that reads back as exactly ``value``: ``repr`` for a float, without
    a trailing '.0' ("100", "0.0003", "1e-07"); ``str`` for anything else."""
    if isinstance(value, float):
        text = repr(value)
        return text.removesuffix(".0")
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type: 1 and 1.0 are different values of a field."""
    return type(a) is type(b) and a == b


class NumberField(QAbstractSpinBox):
    """A number field over a Python value; subclasses say how text becomes a value."""

    valueChanged = Signal(object)
    _prefix_pattern = _FLOAT_PREFIX

    def __init__(self, step: float = 1, floor: float | None = 0, suffix: str = "") -> None:
        super().__init__()
        self._value: Any = 0
        self._step = step
        self._floor = floor  # arrows never step below this; typing may (then it shows red)
        self._suffix = suffix
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.editingFinished.connect(self._commit)
        self._show(self._value)

    # ---- the value ----------------------------------------------------------------------------
    def value(self) -> Any:
        return self._value

    def setValue(self, value: Any) -> None:
        """Show ``value``; emits ``valueChanged`` if it differs from the value held."""
        changed = not _same(value, self._value)
        self._value = value
        self._show(value)
        if changed:
            self.valueChanged.emit(value)

    # ---- text <-> value: what subclasses change -------------------------------------------------
    def text_for(self, value: Any) -> str:
        """The text shown for ``value`` (without the suffix)."""
        return number_text(value)

    def parse(self, text: str) -> Any:
        """The value ``text`` means; ValueError if it is not a number."""
        return float(text)

    def stepped(self, value: Any, steps: int) -> Any:
        """``value`` moved by ``steps`` arrow presses (None: cannot step from here)."""
        if not _is_real(value):
            return None
        # 12 significant digits: 0.9 + 0.05 shows as 0.95, not 0.9500000000000001.
        return float(f"{value + steps * self._step:.12g}")

    # ---- QAbstractSpinBox ------------------------------------------------------------------------
    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Letters are refused as typed; "1e" is unfinished; anything parseable is a value."""
        core = self._core(text)
        try:
            self.parse(core)
        except (ValueError, ArithmeticError):
            if self._prefix_pattern.fullmatch(core):
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        """Unfinished text ("1e") goes back to the value held, as in any spin box."""
        return self.text_for(self._value) + self._suffix

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if _is_real(self._value):
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
            if self._floor is None or self._value > self._floor:
                flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:
        try:
            value = self.stepped(self._value, steps)
        except OverflowError:  # a huge whole number in a decimal field: nothing to step to
            return
        if value is None:
            return
        if self._floor is not None and value < self._floor:
            value = type(value)(self._floor)
        self.setValue(value)
        self.lineEdit().selectAll()

    def sizeHint(self) -> QSize:
        # The base class measures an empty text; make room for a value like "0.00001 %".
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance("0.000001" + self._suffix) + 30
        return QSize(max(hint.width(), width), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # ---- internals -------------------------------------------------------------------------------
    def _core(self, text: str) -> str:
        return text.strip().removesuffix(self._suffix.strip()).strip()

    def _show(self, value: Any) -> None:
        self.lineEdit().setText(self.text_for(value) + self._suffix)

    def _commit(self) -> None:
        """Enter or focus-out: the text becomes the value (unchanged text changes nothing)."""
        core = self._core(self.lineEdit().text())
        try:
            value = None if core == self.text_for(self._value) else self.parse(core)
        except (ValueError, ArithmeticError):
            value = None
        # The text shown already (an int 1 in a float field stays an int), unfinished text,
        # or the same number in other words ("0.10" for 0.1): keep the value, show it again.
        if value is None or value == self._value:
            self._show(self._value)
            return
        self.setValue(value)


class IntField(NumberField):
    """A whole number (parsed with ``int()``; any size, no range)."""

    _prefix_pattern = _INT_PREFIX

    def __init__(self, step: int = 1, floor: int | None = 0) -> None:
        super().__init__(step, floor)

    def parse(self, text: str) -> Any:
        return int(text)

    def stepped(self, value: Any, steps: int) -> Any:
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return None
        return value + steps * int(self._step)


class FloatField(NumberField):
    """A decimal number (parsed with ``float()``)."""


class PercentField(NumberField):
    """A fraction shown and typed as a percentage: 0.123 shows as "12.3 %".

    The conversion is decimal, not binary: ``12.3 / 100`` is 0.12300000000000001 in floats,
    while Decimal("12.3") / 100 is exactly 0.123, so every fraction round-trips.
    """

    def __init__(self, step: float = 0.05) -> None:
        super().__init__(step, floor=0, suffix=" %")

    def text_for(self, value: Any) -> str:
        if not _is_real(value):
            return str(value)
        exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        percent = exact * 100
        return format(percent.normalize(), "f")

    def parse(self, text: str) -> Any:
        try:
            return float(Decimal(text) / 100)
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None


class LogSpinBox(NumberField):
    """A positive number stepped along 1-2-5 (0.001, 0.002, 0.005, 0.01, ...).

    Learning rates span six orders of magnitude; a fixed step would be useless at one end or
    the other. Typing keeps any value exactly (1e-7 stays 1e-7).
    """

    def __init__(self, smallest: float = 1e-6) -> None:
        super().__init__(step=smallest, floor=0)
        self._smallest = smallest

    def stepped(self, value: Any, steps: int) -> Any:
        if not _is_real(value):
            return None
        value = float(value)
        for _ in range(abs(steps)):
            value = _ladder_step(value, up=steps > 0, smallest=self._smallest)
        return value


def _is_real(value: Any) -> bool:
    """A finite int or float (not a bool): a value the arrows can step from."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


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


__all__ = [
    "FloatField",
    "IntField",
    "LogSpinBox",
    "NumberField",
    "PercentField",
    "number_text",
]
