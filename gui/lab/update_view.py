"""UpdateView (objectName ``updateView``): one update of one node's weights, w := w − α·dw.

After a step (Step one mini-batch, key N) or live while a slow pace goes on, the view shows
the node selected in the node inspector (or, until one is chosen, the first-layer node whose
gradient is largest): its incoming weights before the update, the gradient dw, the step the
optimizer took and the weights after, as images side by side (8x8 for a first-layer node:
one cell per pixel), and for one chosen weight the update written out with its numbers
(update_text.py). Click a cell to choose the weight; until then it is the one with the
largest |dw|. Every number comes from the engine's ``UpdateRecord`` of that update.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine import OPTIMIZERS
from engine.updates import UpdateRecord
from gui.lab import colormaps
from gui.lab.update_text import fmt, update_text, weight_name
from gui.training.frame import Frame, TrainingState

EMPTY = "Press Step (N) to take one update: its w, dw and step appear here."
PANELS = ("w before", "dw", "step", "w after")
MAX_LINES = 5  # the longest formula (Adam with L2) has five lines


def optimizer_label(name: str) -> str:
    info = OPTIMIZERS.get(name)
    return info.label if info is not None else name


def grid_columns(n: int) -> int:
    """Cells per row for n incoming weights: 8 for the 64 pixels, else about square."""
    return 8 if n == 64 else max(1, math.ceil(math.sqrt(n)))


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """``base`` scaled by ``factor`` (fonts follow the window's, for zoom and projectors)."""
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    font.setBold(bold)
    return font


class UpdateGrids(QWidget):
    """Four grids of one node's incoming weights: w before, dw, step, w after.

    Each uses the diverging colour map symmetric about zero; w before and after share one
    scale (so the change is visible), dw and the step each have their own. Emits
    ``weightClicked(i)`` with the input index of a clicked cell.
    """

    weightClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateGrids")
        self.setMinimumSize(320, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._values: tuple[np.ndarray, ...] = ()
        self._chosen = -1

    def sizeHint(self) -> QSize:
        return QSize(560, 200)

    def set_values(
        self, w_before: np.ndarray, dw: np.ndarray, step: np.ndarray, w_after: np.ndarray
    ) -> None:
        self._values = (w_before, dw, step, w_after)
        self.update()

    def clear(self) -> None:
        self._values = ()
        self.update()

    def set_chosen(self, i: int) -> None:
        self._chosen = i
        self.update()

    def scales(self) -> tuple[float, float, float, float]:
        """The ± limit of each panel's colour scale."""
        if not self._values:
            return (1.0, 1.0, 1.0, 1.0)
        w0, dw, step, w1 = (float(np.max(np.abs(v), initial=0.0)) for v in self._values)
        w = max(w0, w1)
        return (w, dw, step, w)

    def _layout(self) -> tuple[int, float, float, float, int, int, float]:
        """(panels per row, panel width, panel height, cell size, columns, rows, title
        height): four in a row, or two by two when that gives bigger cells."""
        n = len(self._values[0]) if self._values else 64
        cols = grid_columns(n)
        rows = math.ceil(n / cols)
        line = self.fontMetrics().height()
        best = (0.0, 4)
        for per_row in (4, 2):
            panel_w, panel_h = self.width() / per_row, self.height() / (4 // per_row)
            cell = min((panel_w - 12) / cols, (panel_h - 2.4 * line - 4) / rows)
            best = max(best, (cell, per_row))
        cell, per_row = max(2.0, best[0]), best[1]
        return (
            per_row,
            self.width() / per_row,
            self.height() / (4 // per_row),
            cell,
            cols,
            rows,
            line * 1.2,
        )

    def _origin(self, panel: int) -> tuple[float, float, float, float]:
        """(left, top) of panel ``panel``'s grid and of its title box."""
        per_row, panel_w, panel_h, cell, cols, _, top = self._layout()
        px, py = (panel % per_row) * panel_w, (panel // per_row) * panel_h
        return px + (panel_w - cols * cell) / 2, py + top, px, py

    def cell_at(self, pos: QPointF) -> int | None:
        """The input index under ``pos``, or None."""
        if not self._values:
            return None
        _, _, _, cell, cols, rows, _ = self._layout()
        for panel in range(4):
            x0, y0, _, _ = self._origin(panel)
            c = math.floor((pos.x() - x0) / cell)
            r = math.floor((pos.y() - y0) / cell)
            i = r * cols + c
            if 0 <= c < cols and 0 <= r < rows and 0 <= i < len(self._values[0]):
                return i
        return None

    def cell_centre(self, panel: int, i: int) -> QPointF:
        """Where cell ``i`` of panel ``panel`` is drawn (for tests and clicks)."""
        _, _, _, cell, cols, _, _ = self._layout()
        x0, y0, _, _ = self._origin(panel)
        return QPointF(x0 + (i % cols + 0.5) * cell, y0 + (i // cols + 0.5) * cell)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self.cell_at(event.position())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.weightClicked.emit(i)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._values:
            return
        painter = QPainter(self)
        _, panel_w, _, cell, cols, rows, top = self._layout()
        title_font = scaled_font(self.font(), 1.1, bold=True)
        for k, (values, limit) in enumerate(zip(self._values, self.scales(), strict=True)):
            x0, y0, px, py = self._origin(k)
            colours = colormaps.apply_symmetric(colormaps.DIVERGING, values, limit)
            for i, rgb in enumerate(colours):
                rect = QRectF(x0 + (i % cols) * cell, y0 + (i // cols) * cell, cell, cell)
                painter.fillRect(rect, colormaps.qcolor(rgb))
            painter.setPen(QPen(QColor("#666666"), 1))
            painter.drawRect(QRectF(x0, y0, cols * cell, rows * cell))
            if 0 <= self._chosen < len(values):
                c, r = self._chosen % cols, self._chosen // cols
                painter.setPen(QPen(QColor("black"), 3))
                painter.drawRect(QRectF(x0 + c * cell, y0 + r * cell, cell, cell))
            painter.setPen(QColor("#222222"))
            painter.setFont(title_font)
            painter.drawText(QRectF(px, py, panel_w, top), Qt.AlignmentFlag.AlignCenter, PANELS[k])
            painter.setFont(self.font())
            painter.drawText(
                QRectF(px, y0 + rows * cell + 2, panel_w, top),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"±{fmt(limit)}",
            )
        painter.end()


class UpdateView(QWidget):
    """The last recorded update, for the selected node and one of its weights."""

    #: True when the view appears, False when hidden: whether to record updates at full speed.
    wantedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateView")
        self._record: UpdateRecord | None = None
        self._node: tuple[int, int] | None = None  # chosen in the inspector
        self._weight: int | None = None  # clicked; None = the largest |dw|
        self._shown: tuple[int, int, int] | None = None

        self.headerLabel = QLabel(EMPTY)
        self.headerLabel.setObjectName("updateHeader")
        self.headerLabel.setWordWrap(True)
        self.grids = UpdateGrids()
        self.grids.weightClicked.connect(self.choose_weight)
        self.weightLabel = QLabel()
        self.weightLabel.setObjectName("updateWeight")
        self.weightLabel.setWordWrap(True)
        self._symbols = [QLabel() for _ in range(MAX_LINES)]
        self._numbers = [QLabel() for _ in range(MAX_LINES)]
        self.noteLabel = QLabel()
        self.noteLabel.setObjectName("updateNote")
        self.noteLabel.setWordWrap(True)
        for label in (self.headerLabel, self.weightLabel, self.noteLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        # Each formula above its numbers, full width: a narrow tab (1024x768) wraps the
        # numbers at their spaces instead of squeezing two columns.
        lines = QVBoxLayout()
        lines.setSpacing(1)
        for row, (sym, num) in enumerate(zip(self._symbols, self._numbers, strict=True)):
            for label in (sym, num):
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                lines.addWidget(label)
            sym.setStyleSheet("color: #444444")
            num.setObjectName(f"updateNumbers{row}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.headerLabel)
        layout.addWidget(self.grids, 2)
        layout.addWidget(self.weightLabel)
        layout.addLayout(lines)
        layout.addWidget(self.noteLabel)
        self._apply_fonts()
        self._refresh()

    # ------------------------------------------------------------- public API
    def on_frame(self, frame: Frame) -> None:
        """A newer recorded update is shown; a reset (idle, no history) clears the view."""
        if frame.update is not None:
            self.set_record(frame.update)
        elif frame.key and frame.state == TrainingState.IDLE and frame.history.is_empty():
            self.set_record(None)

    def set_record(self, record: UpdateRecord | None) -> None:
        self._record = record
        self._refresh()

    def record(self) -> UpdateRecord | None:
        return self._record

    def set_node(self, layer: int, node: int) -> None:
        """Show node ``node`` of weight layer ``layer`` (0 = hidden 1): the inspector's choice."""
        if self._node != (layer, node):
            self._node = (layer, node)
            self._weight = None
            self._refresh()

    def choose_weight(self, i: int) -> None:
        """Write out the update of the weight from input ``i`` of the shown node."""
        self._weight = i
        self._refresh()

    def shown_weight(self) -> tuple[int, int, int] | None:
        """(layer, i, j) of the weight whose numbers are written out, None when empty."""
        return self._shown

    def text_lines(self) -> list[str]:
        """Every line of text on show, top to bottom (for tests and screen readers)."""
        labels = [self.headerLabel, self.weightLabel]
        for sym, num in zip(self._symbols, self._numbers, strict=True):
            labels += [sym, num]
        labels.append(self.noteLabel)
        return [label.text() for label in labels if label.text() and not label.isHidden()]

    # ------------------------------------------------------------- showing
    def _target(self, record: UpdateRecord) -> tuple[int, int, int]:
        """The node and weight to show: the inspector's node (if the network has it), else
        the first-layer node with the largest gradient; the clicked weight, else the
        largest |dw| into that node."""
        sizes = record.layer_sizes
        layer, node = self._node if self._node is not None else (-1, -1)
        if not (0 <= layer < len(sizes) - 1 and 0 <= node < sizes[layer + 1]):
            dW = np.abs(record.dW(0))
            layer, node = 0, int(np.argmax(dW.sum(axis=0)))
        column = record.dW(layer)[:, node]
        i = self._weight
        if i is None or not 0 <= i < len(column):
            i = int(np.argmax(np.abs(column)))
        return layer, i, node

    def _refresh(self) -> None:
        record = self._record
        if record is None:
            self._shown = None
            self.headerLabel.setText(EMPTY)
            self.grids.clear()
            for label in (self.weightLabel, self.noteLabel, *self._symbols, *self._numbers):
                label.setText("")
                label.hide()
            return
        layer, i, node = self._target(record)
        self._shown = (layer, i, node)
        n_layers = len(record.layer_sizes) - 1
        what = (
            f"Output node {node + 1}"
            if layer == n_layers - 1
            else f"Hidden layer {layer + 1}, node {node + 1}"
        )
        self.headerLabel.setText(
            f"{what}: its weights in epoch {record.epoch}, batch {record.batch} "
            f"(update {record.step_number}, {optimizer_label(record.state_after.name)})"
        )
        self.grids.set_values(
            record.W_before(layer)[:, node],
            record.dW(layer)[:, node],
            record.step(layer)[:, node],
            record.W_after(layer)[:, node],
        )
        self.grids.set_chosen(i)
        text = update_text(record, layer, i, node)
        self.weightLabel.setText(weight_name(record.layer_sizes, layer, i, node))
        self.weightLabel.show()
        for k, (sym, num) in enumerate(zip(self._symbols, self._numbers, strict=True)):
            formula = text.formulas[k] if k < len(text.formulas) else ("", "")
            sym.setText(formula[0])
            num.setText(formula[1])
            sym.setVisible(bool(formula[0]))
            num.setVisible(bool(formula[1]))
        self.noteLabel.setText(text.note)
        self.noteLabel.show()

    def _apply_fonts(self) -> None:
        """Big numbers for the back of the room, all derived from the window's font."""
        base = self.font()
        self.headerLabel.setFont(scaled_font(base, 1.1, bold=True))
        self.weightLabel.setFont(scaled_font(base, 1.15))
        for sym, num in zip(self._symbols, self._numbers, strict=True):
            sym.setFont(scaled_font(base, 1.15))
            num.setFont(scaled_font(base, 1.4, bold=True))
        self.noteLabel.setFont(scaled_font(base, 1.15))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.wantedChanged.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.wantedChanged.emit(False)
