"""The hidden-layers editor: one row per layer (nodes and activation), added, removed, moved.

``HiddenLayersEditor`` is the designer's field for ``Design.hidden``: ``value()`` reads the
rows' widgets into a tuple of ``engine.HiddenLayer``, ``setValue(layers)`` rebuilds the rows,
and ``valueChanged(object)`` follows every edit, as for the other fields.

A row's ✕/▲/▼ buttons act on *that row*, not on an index remembered when it was built: a
removed row's widgets are only deleted when Qt next runs its event loop, so a second quick
click can still reach them, and must then do nothing (it used to delete the wrong layer or
raise IndexError).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import HiddenLayer
from gui.designer import texts
from gui.designer.form_widgets import ChoiceCombo, MessageLabel
from gui.designer.number_fields import IntField


def activation_choices() -> list[tuple[str, str]]:
    """(name, label) of every activation a hidden layer may use, from the engine."""
    return [(name, engine.ACTIVATIONS[name].label) for name in engine.HIDDEN_ACTIVATION_NAMES]


@dataclass(eq=False)  # rows compare by identity: "is this row still shown?"
class LayerRow:
    """The widgets of one hidden layer's row."""

    frame: QFrame
    nodes: IntField
    activation: ChoiceCombo
    up: QToolButton
    down: QToolButton
    remove: QToolButton
    message: MessageLabel

    def layer(self) -> HiddenLayer:
        return HiddenLayer(self.nodes.value(), self.activation.value())

    def widgets(self) -> dict[str, Any]:
        return {
            "frame": self.frame,
            "nodes": self.nodes,
            "activation": self.activation,
            "up": self.up,
            "down": self.down,
            "remove": self.remove,
            "message": self.message,
        }


class HiddenLayersEditor(QWidget):
    """An editable list of hidden layers: nodes and activation per layer."""

    valueChanged = Signal(object)  # tuple[HiddenLayer, ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LayerRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(4)
        self.add_button = QPushButton(texts.ADD_LAYER)
        self.add_button.setObjectName("addLayerButton")
        self.add_button.setToolTip(texts.ADD_LAYER_TIP)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.empty_label = QLabel(texts.NO_HIDDEN_LAYER)
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    # ---- the field protocol -------------------------------------------------------------------
    def value(self) -> tuple[HiddenLayer, ...]:
        """The layers as the rows' widgets show them now."""
        return tuple(row.layer() for row in self._rows)

    def setValue(self, layers: Any) -> None:
        """Show ``layers`` (one row each); emits ``valueChanged`` if they differ."""
        before = self.value()
        self._rebuild(tuple(layers))
        if self.value() != before:
            self.valueChanged.emit(self.value())

    # ---- for the panel and tests --------------------------------------------------------------
    def row_widgets(self, index: int) -> dict[str, Any]:
        """The widgets of row ``index`` (frame, nodes, activation, up, down, remove, message)."""
        return self._rows[index].widgets()

    def show_messages(self, errors: dict[str, str]) -> None:
        """Each row shows the engine's sentences about it (``hidden.<i>[.nodes|.activation]``)."""
        for i, row in enumerate(self._rows):
            keys = (f"hidden.{i}.nodes", f"hidden.{i}.activation", f"hidden.{i}")
            row.message.show_message(" ".join(errors[k] for k in keys if k in errors) or None)

    # ---- rows ---------------------------------------------------------------------------------
    def _rebuild(self, layers: tuple[HiddenLayer, ...]) -> None:
        for row in self._rows:  # Qt deletes them later; until then their clicks are ignored
            self._rows_box.removeWidget(row.frame)
            row.frame.hide()
            row.frame.deleteLater()
        self._rows = [self._make_row(i, layer, len(layers)) for i, layer in enumerate(layers)]
        self.empty_label.setVisible(not layers)

    def _make_row(self, index: int, layer: Any, count: int) -> LayerRow:
        number = index + 1
        frame = QFrame()
        frame.setObjectName(f"hiddenLayer{index}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        nodes = IntField(floor=1)
        nodes.setObjectName(f"hiddenNodes{index}")
        nodes.setToolTip(texts.TIPS["nodes"])
        activation = ChoiceCombo(activation_choices())
        activation.setObjectName(f"hiddenActivation{index}")
        activation.setToolTip(texts.TIPS["activation"])
        # A layer that is not a HiddenLayer (a broken file) shows as itself, marked in red.
        nodes.setValue(getattr(layer, "nodes", layer))
        activation.setValue(getattr(layer, "activation", ""))
        row = LayerRow(
            frame=frame,
            nodes=nodes,
            activation=activation,
            up=_tool_button("▲", texts.MOVE_UP_TIP.format(number=number)),
            down=_tool_button("▼", texts.MOVE_DOWN_TIP.format(number=number)),
            remove=_tool_button("✕", texts.REMOVE_TIP.format(number=number)),
            message=MessageLabel(),
        )
        row.up.setEnabled(index > 0)
        row.down.setEnabled(index < count - 1)
        title = QLabel(texts.LAYER_TITLE.format(number=number))
        title.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for button in (row.up, row.down, row.remove):
            top.addWidget(button)
        fields = QHBoxLayout()
        fields.addWidget(nodes, 1)
        fields.addWidget(activation, 1)
        box = QVBoxLayout(frame)
        box.setContentsMargins(4, 3, 4, 3)
        box.setSpacing(2)
        box.addLayout(top)
        box.addLayout(fields)
        box.addWidget(row.message)
        self._rows_box.addWidget(frame)
        nodes.valueChanged.connect(self._on_row_edited)
        activation.valueChanged.connect(self._on_row_edited)
        row.up.clicked.connect(functools.partial(self._on_move_clicked, row, -1))
        row.down.clicked.connect(functools.partial(self._on_move_clicked, row, +1))
        row.remove.clicked.connect(functools.partial(self._on_remove_clicked, row))
        return row

    # ---- reactions ----------------------------------------------------------------------------
    def _on_row_edited(self, *_: object) -> None:
        self.valueChanged.emit(self.value())

    def _on_add_clicked(self) -> None:
        layers = self.value()
        last = layers[-1] if layers else HiddenLayer()
        self._rebuild((*layers, HiddenLayer(last.nodes, last.activation)))
        self.valueChanged.emit(self.value())

    def _on_move_clicked(self, row: LayerRow, offset: int, *_: object) -> None:
        if row not in self._rows:
            return  # a click that reached a removed row
        index = self._rows.index(row)
        target = index + offset
        if not 0 <= target < len(self._rows):
            return
        layers = list(self.value())
        layers[index], layers[target] = layers[target], layers[index]
        self._rebuild(tuple(layers))
        self.valueChanged.emit(self.value())

    def _on_remove_clicked(self, row: LayerRow, *_: object) -> None:
        if row not in self._rows:
            return  # a second quick click on a row already removed
        layers = list(self.value())
        del layers[self._rows.index(row)]
        self._rebuild(tuple(layers))
        self.valueChanged.emit(self.value())


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button
