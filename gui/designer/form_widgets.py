"""Small widgets the designer is built from: collapsible sections, messages, choices, a flag.

Every field widget of the designer speaks one small protocol, ``FieldWidget``: ``value()``,
``setValue(value)`` and a ``valueChanged(object)`` signal, so the panel can set, read and
connect all of its fields in one loop. The number fields are in ``number_fields.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#B00020"


class FieldWidget(Protocol):
    """What the designer needs from a field's widget (a QWidget)."""

    @property
    def valueChanged(self) -> SignalInstance: ...

    def value(self) -> Any: ...

    def setValue(self, value: Any) -> None: ...


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
        self.setTextFormat(Qt.TextFormat.PlainText)  # a message may quote a value from a file
        self.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))

    def message(self) -> str:
        """The sentence shown ('' when hidden)."""
        return self.text() if not self.isHidden() else ""


class ChoiceCombo(QComboBox):
    """A list of names shown by their labels; ``value()`` is the chosen *name*.

    A name the list does not offer (say, from an old file) is added as it is, so the field
    shows the very value it was given and validation can name it in red.
    """

    valueChanged = Signal(object)

    def __init__(self, choices: Iterable[tuple[str, str]] = (), parent: QWidget | None = None):
        super().__init__(parent)
        # As wide as its longest label ("absolute error (MAE)"): never cut, whatever the zoom
        # (the designer column is as wide as its widest field; it folds when there is no room).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_choices(choices)
        self.currentIndexChanged.connect(self._on_index_changed)

    def value(self) -> Any:
        return self.currentData()

    def setValue(self, name: Any) -> None:
        index = self.findData(name)
        if index < 0:
            self.addItem(str(name), name)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def choices(self) -> list[Any]:
        """The names offered, in order."""
        return [self.itemData(i) for i in range(self.count())]

    def set_choices(self, choices: Iterable[tuple[str, str]], selected: Any = None) -> None:
        """Offer ``(name, label)`` pairs, then select ``selected`` (kept even if not offered).
        Emits ``valueChanged`` only if the chosen name differs from before."""
        choices = list(choices)
        before = self.value()
        offered = [(self.itemData(i), self.itemText(i)) for i in range(self.count())]
        if choices == offered and (selected is None or _same(selected, before)):
            return  # nothing to change (the panel calls this after every edit)
        self.blockSignals(True)
        try:
            self.clear()
            for name, label in choices:
                self.addItem(label, name)
            if selected is not None:
                self.setValue(selected)
        finally:
            self.blockSignals(False)
        if self.value() != before:
            self.valueChanged.emit(self.value())

    def _on_index_changed(self, _index: int) -> None:
        self.valueChanged.emit(self.value())


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


class FlagCheck(QCheckBox):
    """A check box whose ``value()`` is a bool."""

    valueChanged = Signal(object)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.toggled.connect(self._on_toggled)

    def value(self) -> bool:
        return self.isChecked()

    def setValue(self, on: Any) -> None:
        self.setChecked(bool(on))

    def _on_toggled(self, on: bool) -> None:
        self.valueChanged.emit(on)
