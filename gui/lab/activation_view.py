"""ActivationView: every hidden node's activation ``a`` on the current drawing, as coloured cells.

Left: the flattened input x (64x1, the scaled pixels the network receives). Then, for each
hidden layer, one cell per node, coloured with viridis over the layer's range (shown on a colour
scale next to the layer title) and labelled with its value when the cell is big enough to read.
Hovering a node emits :attr:`nodeHovered`; clicking emits :attr:`nodeClicked` (the lab opens the
node inspector). Geometry is computed once per resize or architecture change; a redraw is one
image blit per layer plus the labels, so repainting stays far below a frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.lab import colormaps
from gui.lab.painting import paint_message
from gui.zoom import KEY_NUMBER_SCALE, font_px, key_number_font, scaled_font

_LUMINANCE = np.array([0.2126, 0.7152, 0.0722])
_BLACK = QColor(0, 0, 0)
_WHITE = QColor(255, 255, 255)

#: Known output ranges of bounded activation functions; others use the observed range.
BOUNDED_RANGES: dict[str, tuple[float, float]] = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "softmax": (0.0, 1.0),
}


#: Shown where the hidden layers would be when the design has none.
NO_HIDDEN_LAYER_TEXT = (
    "No hidden layer: the 64 inputs go straight to the output, like the lesson's perceptron. "
    "Click the output node in the Network tab to see z = w·x + b with the numbers."
)


def colour_range(values: NDArray[np.float64], activation: str) -> tuple[float, float]:
    """The colour-scale range for one layer: fixed for bounded functions, else [min(0, a), max a].

    Including 0 keeps "off" (a = 0 for ReLU) at the dark end of the scale, so an inactive node
    always looks inactive whatever the others do.
    """
    if activation in BOUNDED_RANGES:
        return BOUNDED_RANGES[activation]
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    lo = min(0.0, float(finite.min()))
    hi = max(float(finite.max()), lo + 1e-6)
    return lo, hi


def format_value(v: float) -> str:
    """A value short enough for a cell: 3 significant figures, no exponent for |v| < 1000."""
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("+inf" if v > 0 else "-inf")
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def value_font_px(body_px: int, cell: float) -> int:
    """The pixel size of the values written in cells of ``cell`` px, 0 for none.

    Activation values are key numbers (``KEY_NUMBER_SCALE`` x the body text), capped so that
    "0.04" fits its cell; a value that would be drawn smaller than 0.8 x the text around it
    is left out (the colour and the node card, on hover, still give it): on a projector a
    number too small to read is noise.
    """
    px = int(min(body_px * KEY_NUMBER_SCALE, cell * 0.36))
    return px if cell >= 34 and px >= 0.8 * body_px else 0


@dataclass
class _LayerBox:
    """Where one hidden layer is drawn: title line, colour scale and a grid of square cells."""

    title: QRectF
    scale: QRectF
    origin: QPointF
    cell: float
    cols: int
    rows: int
    n: int

    rects: list[QRectF] = field(default_factory=list)  # every cell, computed once
    separators: list[QLineF] = field(default_factory=list)

    def __post_init__(self) -> None:
        g = self.grid_rect()
        self.rects = [self._rect(i) for i in range(self.n)]
        self.separators = [
            QLineF(g.left() + c * self.cell, g.top(), g.left() + c * self.cell, g.bottom())
            for c in range(1, self.cols)
        ] + [
            QLineF(g.left(), g.top() + r * self.cell, g.right(), g.top() + r * self.cell)
            for r in range(1, self.rows)
        ]

    def _rect(self, i: int) -> QRectF:
        r, c = divmod(i, self.cols)
        return QRectF(
            self.origin.x() + c * self.cell, self.origin.y() + r * self.cell, self.cell, self.cell
        )

    def cell_rect(self, i: int) -> QRectF:
        return QRectF(self.rects[i])

    def grid_rect(self) -> QRectF:
        return QRectF(
            self.origin.x(), self.origin.y(), self.cols * self.cell, self.rows * self.cell
        )

    def index_at(self, pos: QPointF) -> int:
        g = self.grid_rect()
        if not g.contains(pos):
            return -1
        c = int((pos.x() - g.left()) // self.cell)
        r = int((pos.y() - g.top()) // self.cell)
        i = r * self.cols + c
        return i if 0 <= c < self.cols and i < self.n else -1


class ActivationView(QWidget):
    """The input column and one grid of coloured cells per hidden layer."""

    nodeHovered = Signal(int, int, QPoint)  # layer (0 = first hidden), node, global position
    nodeClicked = Signal(int, int, QPoint)
    nodeLeft = Signal()

    _TITLE_H = 24.0
    _INPUT_W = 30.0
    _GAP = 8.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationView")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(100)  # two rows of cells; the lab needs the height when zoomed
        self._x: NDArray[np.float64] | None = None
        self._hidden: list[NDArray[np.float64]] = []
        self._names: list[str] = []
        self._boxes: list[_LayerBox] = []
        self._layout_key: tuple[object, ...] = ()
        self._hover: tuple[int, int] = (-1, -1)
        self._selected: tuple[int, int] = (-1, -1)
        self._empty_text = "No network yet.\nDesign one and press Train."

    # ------------------------------------------------------------- public API
    def activations(self) -> list[NDArray[np.float64]]:
        """The hidden-layer activations on display, one array per hidden layer (copies)."""
        return [a.copy() for a in self._hidden]

    def input_values(self) -> NDArray[np.float64] | None:
        """The 64 scaled input values on display (the x the network receives)."""
        return None if self._x is None else self._x.copy()

    def set_values(
        self,
        x: ArrayLike,
        hidden: list[NDArray[np.float64]],
        activations: list[str],
    ) -> None:
        """Show input ``x`` (64 values) and the hidden activations ``a[1..L-1]``."""
        self._x = np.array(x, dtype=np.float64).ravel()
        self._hidden = [np.array(a, dtype=np.float64).ravel() for a in hidden]
        self._names = list(activations)
        if self._layout_key != self._key():
            self._relayout()
        self.update()

    def set_empty(self, text: str) -> None:
        self._x = None
        self._hidden = []
        self._boxes = []
        self._layout_key = ()
        self._empty_text = text
        self.update()

    def set_selected(self, layer: int, node: int) -> None:
        """Outline a node (the one pinned in the inspector); (-1, -1) for none."""
        self._selected = (layer, node)
        self.update()

    def node_rect(self, layer: int, node: int) -> QRectF:
        """Widget rectangle of a hidden node's cell (for tests and pop-up placement)."""
        return self._boxes[layer].cell_rect(node)

    def node_at(self, pos: QPointF) -> tuple[int, int]:
        for li, box in enumerate(self._boxes):
            i = box.index_at(pos)
            if i >= 0:
                return li, i
        return -1, -1

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    # ------------------------------------------------------------- layout
    def _key(self) -> tuple[object, ...]:
        return (
            self.width(),
            self.height(),
            tuple(a.size for a in self._hidden),
            tuple(self._names),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """The zoom changed the font: taller titles, other cells."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()
            self.update()

    def _title_h(self) -> float:
        """A layer title's line: 24 px at the default font, taller when zoomed."""
        return max(self._TITLE_H, QFontMetricsF(self.font()).height() + 6)

    def _relayout(self) -> None:
        """Choose one cell size for all layers: the largest whose grids fit the height."""
        self._layout_key = self._key()
        sizes = [a.size for a in self._hidden]
        if not sizes:
            self._boxes = []
            return
        title_h = self._title_h()
        left = self._INPUT_W + 2 * self._GAP + 26
        width = max(40.0, self.width() - left - 4)
        height = max(40.0, self.height() - 4)
        cell = 4.0
        for candidate in np.arange(72.0, 3.5, -1.0):
            per_layer = [max(1, min(n, int(width // candidate))) for n in sizes]
            needed = sum(
                title_h + math.ceil(n / c) * candidate + self._GAP
                for n, c in zip(sizes, per_layer, strict=True)
            )
            if needed <= height:
                cell = float(candidate)
                break
        boxes = []
        y = 2.0
        for n in sizes:
            cols = max(1, min(n, int(width // cell)))
            rows = math.ceil(n / cols)
            title = QRectF(left, y, width, title_h)
            scale_w = min(150.0, width * 0.45)
            scale = QRectF(left + width - scale_w, y + 5, scale_w, title_h - 10)
            boxes.append(_LayerBox(title, scale, QPointF(left, y + title_h), cell, cols, rows, n))
            y += title_h + rows * cell + self._GAP
        self._boxes = boxes

    # ------------------------------------------------------------- mouse
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.node_at(event.position())
        if hit != self._hover:
            self._hover = hit
            self.update()
            if hit[0] >= 0:
                self.nodeHovered.emit(hit[0], hit[1], event.globalPosition().toPoint())
            else:
                self.nodeLeft.emit()

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover != (-1, -1):
            self._hover = (-1, -1)
            self.update()
            self.nodeLeft.emit()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.node_at(event.position())
        if hit[0] >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.nodeClicked.emit(hit[0], hit[1], event.globalPosition().toPoint())
            event.accept()
            return
        super().mousePressEvent(event)

    # ------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        text_colour = self.palette().windowText().color()
        if self._x is None:
            paint_message(p, self, self._empty_text)
            p.end()
            return
        title_font = scaled_font(self.font(), 1.0, bold=True)
        small = scaled_font(self.font(), 0.9)
        self._paint_input(p, title_font, small, text_colour)
        if not self._hidden:
            # The lesson's perceptron: say why the space is empty and where to look instead.
            left = self._INPUT_W + 2 * self._GAP + 26
            p.setFont(title_font)
            p.setPen(text_colour)
            p.drawText(
                QRectF(left, 8, max(40.0, self.width() - left - 8), self.height() - 16),
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap,
                NO_HIDDEN_LAYER_TEXT,
            )
        for li, (box, a) in enumerate(zip(self._boxes, self._hidden, strict=True)):
            name = self._names[li] if li < len(self._names) else ""
            lo, hi = colour_range(a, name)
            p.setFont(title_font)
            p.setPen(text_colour)
            title_rect = box.title.adjusted(0, 0, -box.scale.width() - 4, 0)
            title = p.fontMetrics().elidedText(
                f"Hidden {li + 1}: {a.size} {name}",
                Qt.TextElideMode.ElideRight,
                int(title_rect.width()),
            )
            p.drawText(
                title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
            )
            self._paint_scale(p, box.scale, lo, hi, small, text_colour)
            rgb = colormaps.apply(colormaps.VIRIDIS, a, lo, hi)
            image_rgb = np.zeros((box.rows * box.cols, 3), dtype=np.uint8)
            bg = self.palette().window().color()
            image_rgb[:] = (bg.red(), bg.green(), bg.blue())
            image_rgb[: a.size] = rgb
            image = colormaps.rgb_image(image_rgb.reshape(box.rows, box.cols, 3))
            p.drawImage(box.grid_rect(), image)
            # Thin separators so neighbouring cells of equal colour remain countable.
            if box.cell >= 8:
                p.setPen(QPen(self.palette().window().color(), 1.0))
                p.drawLines(box.separators)
            value_px = value_font_px(font_px(self.font()), box.cell)
            if value_px:
                font = key_number_font(self)
                font.setPixelSize(value_px)
                p.setFont(font)
                # Black text on light cells, white on dark ones (one pen change per colour).
                light = rgb.astype(np.float64) @ _LUMINANCE > 140
                texts = [format_value(v) for v in a.tolist()]
                centre = Qt.AlignmentFlag.AlignCenter
                for is_light, ink in ((True, _BLACK), (False, _WHITE)):
                    p.setPen(ink)
                    for i in np.flatnonzero(light == is_light).tolist():
                        p.drawText(box.rects[i], centre, texts[i])
            for (sl, sn), colour, width in (
                (self._selected, colormaps.OKABE_ITO["vermillion"], 3.0),
                (self._hover, colormaps.OKABE_ITO["orange"], 2.5),
            ):
                if sl == li and 0 <= sn < a.size:
                    outline = QPen(colormaps.qcolor(colour))
                    outline.setWidthF(width)
                    p.setPen(outline)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(box.cell_rect(sn).adjusted(1, 1, -1, -1))
        p.end()

    def _paint_input(
        self, p: QPainter, title_font: QFont, small: QFont, text_colour: QColor
    ) -> None:
        """The 64x1 input column: x1..x64 top to bottom, ink scale (0 white, max dark)."""
        assert self._x is not None
        x = self._x
        top, bottom = 22.0, self.height() - 4.0
        rect = QRectF(self._GAP, top, self._INPUT_W, max(64.0, bottom - top))
        lo = min(0.0, float(np.nanmin(x))) if x.size else 0.0
        hi = max(1.0, float(np.nanmax(x))) if x.size else 1.0
        rgb = colormaps.apply(colormaps.INK, x, lo, hi).reshape(-1, 1, 3)
        p.drawImage(rect, colormaps.rgb_image(rgb))
        p.setPen(QPen(QColor(140, 140, 140), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)
        p.setFont(title_font)
        p.setPen(text_colour)
        p.drawText(
            QRectF(0, 0, self._INPUT_W + 2 * self._GAP + 20, 20), Qt.AlignmentFlag.AlignLeft, " x"
        )
        p.setFont(small)
        p.save()
        p.translate(rect.right() + 16, rect.center().y())
        p.rotate(-90)
        room = rect.height()  # rotated: the column's height is the text's width
        label = p.fontMetrics().elidedText(
            "input: 64 x 1 pixels", Qt.TextElideMode.ElideRight, int(room)
        )
        p.drawText(QRectF(-room / 2, -12, room, 24), Qt.AlignmentFlag.AlignCenter, label)
        p.restore()

    def _paint_scale(
        self, p: QPainter, rect: QRectF, lo: float, hi: float, font: QFont, text_colour: QColor
    ) -> None:
        """A small horizontal colour bar with its end values: the key to the cell colours."""
        label_w = QFontMetricsF(font).horizontalAdvance("0.00") + 6  # the end values fit
        bar = QRectF(rect.left() + label_w, rect.top(), rect.width() - 2 * label_w, rect.height())
        ramp = colormaps.VIRIDIS[np.linspace(0, 255, 64).astype(int)].reshape(1, 64, 3)
        p.drawImage(bar, colormaps.rgb_image(ramp))
        p.setFont(font)
        p.setPen(text_colour)
        p.drawText(
            QRectF(rect.left(), rect.top() - 4, label_w - 3, rect.height() + 8),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            format_value(lo),
        )
        p.drawText(
            QRectF(bar.right() + 3, rect.top() - 4, label_w, rect.height() + 8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            format_value(hi),
        )
