"""NetworkDiagram: the whole network on the current drawing — input grid, nodes, weights.

The input is drawn as the 8x8 picture it is (not 64 circles); each hidden and output node is
coloured by its activation ``a`` (viridis). Each connection is a weight ``W[i, j]``: vermillion
when positive, blue when negative, thicker and more opaque the larger ``|W[i, j]|``. When a
layer has more weights than can be told apart, only the strongest ones are drawn (the caption
says how many). Each band of connections carries the shape of its matrix, e.g. ``W1: 64 x 32``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from engine import Network
from gui.lab import colormaps
from gui.lab.activation_view import colour_range
from gui.lab.diagram_layout import LINE, Column, lay_out, node_at
from gui.lab.painting import paint_message
from gui.training.clock import WorkSlice
from gui.training.frame import Frame
from gui.zoom import scaled_font

#: At most this many connections are drawn per weight matrix (the strongest by |W|).
MAX_LINES_PER_LAYER = 160


#: What the diagram says before there is a network to draw.
NO_NETWORK_TEXT = "No network yet.\nDesign one and press Train to see its nodes and weights here."


class NetworkDiagram(QWidget):
    """Input picture, node columns and the strongest weights between them, live."""

    nodeClicked = Signal(int, int, QPoint)  # weight layer (0 = first hidden), node, global pos

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkDiagram")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)
        self._sizes: tuple[int, ...] = ()
        self._activations: tuple[str, ...] = ()
        self._weights: list[NDArray[np.float64]] = []
        self._strongest: list[tuple[NDArray[np.intp], NDArray[np.intp]]] = []
        self._a: list[NDArray[np.float64]] = []
        self._pixels: NDArray[np.float64] | None = None
        self._class_names: tuple[str, ...] = ()
        self._columns: list[Column] = []
        self._input_rect = QRectF()
        self._hover: tuple[int, int] = (-1, -1)
        self._stagger = False
        self._conn_cache: QPixmap | None = None
        self._conn_key: tuple[int, int, float] = (0, 0, 0.0)
        self._net: Network | None = None  # the frame network on display
        self._behind: list[int] = []  # layers not yet re-selected from self._net (running)
        self._cursor = 0  # the layer a running frame re-selects first

    # ------------------------------------------------------------- public API
    def set_class_names(self, names: tuple[str, ...] | list[str]) -> None:
        self._class_names = tuple(str(n) for n in names)
        self._relayout()
        self.update()

    def _label_font(self) -> QFont:
        return scaled_font(self.font(), 1.0, bold=True)

    def _output_label(self, i: int, value: float) -> str:
        """What is written beside output node i: 'name 93%', or 'P(name) = 0.93' for one."""
        names = self._class_names
        n_out = self._sizes[-1] if self._sizes else 0
        if n_out == 1:
            name = f"P({names[1]})" if len(names) == 2 else "a"
            return f"{name} = {value:.2f}"
        name = names[i] if i < len(names) else f"node {i + 1}"
        return f"{name} {value:.0%}"

    def _output_label_width(self) -> float:
        metrics = QFontMetricsF(self._label_font())
        n_out = self._sizes[-1] if self._sizes else 0
        widest = max(
            (metrics.horizontalAdvance(self._output_label(i, 1.0)) for i in range(n_out)),
            default=40.0,
        )
        return max(50.0, widest + 10.0)

    def set_weights(
        self, weights: list[NDArray[np.float64]], activations: list[str] | tuple[str, ...]
    ) -> None:
        """New weights: re-select the strongest connections (drawn at the next paint)."""
        self._apply_weights(weights, activations)

    def on_frame(self, frame: Frame) -> None:
        """A training frame: show its weights if they are new.

        While a run is on, the strongest connections are re-selected layer by layer, as far as
        the frame's ``WorkSlice`` allows, going on where the previous frame stopped (an 8x512
        network has 2 million weights to rank); a key frame re-selects every layer at once.
        """
        net = frame.network
        work = WorkSlice(frame)
        shapes = [W.shape for W in net.weights]
        if work.whole or shapes != [W.shape for W in self._weights]:
            if net is not self._net or self._behind:
                self._net, self._behind = net, []
                self.set_weights(list(net.weights), list(net.activations))
            return
        if net is not self._net:
            self._net = net
            n = len(shapes)
            self._behind = [(self._cursor + i) % n for i in range(n)]
        while self._behind:
            k = self._behind.pop(0)
            self._weights[k] = np.asarray(net.weights[k], dtype=np.float64)
            self._strongest[k] = self._select(self._weights[k])
            self._cursor = (k + 1) % len(shapes)
            if not work.left():
                break
        self._invalidate_connections()

    def _apply_weights(
        self, weights: list[NDArray[np.float64]], activations: list[str] | tuple[str, ...]
    ) -> None:
        self._weights = [np.asarray(W, dtype=np.float64) for W in weights]
        sizes = (self._weights[0].shape[0], *(W.shape[1] for W in self._weights)) if weights else ()
        self._activations = tuple(activations)
        self._strongest = [self._select(W) for W in self._weights]
        if sizes != self._sizes:
            self._sizes = sizes
            self._relayout()
        self._invalidate_connections()

    def set_forward(self, pixels: NDArray[np.float64], a: list[NDArray[np.float64]]) -> None:
        """The current drawing (8x8, 0–16) and the forward pass activations ``a[1..L]``."""
        self._pixels = np.asarray(pixels, dtype=np.float64).reshape(8, 8)
        self._a = [np.asarray(v, dtype=np.float64).ravel() for v in a]
        self.update()

    def clear(self) -> None:
        self._weights, self._strongest, self._a, self._sizes = [], [], [], ()
        self._columns = []
        self._conn_cache = None
        self.update()

    def shown_connections(self, layer: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """(rows, cols) of the weights drawn for weight matrix ``layer``."""
        return self._strongest[layer]

    def node_position(self, layer: int, node: int) -> QPointF:
        """Centre of node ``node`` of layer ``layer`` (0 = input pixels, 1 = first hidden...)."""
        col = self._columns[layer]
        return QPointF(float(col.xs[node]), float(col.ys[node]))

    def sizeHint(self) -> QSize:
        return QSize(520, 420)

    # ------------------------------------------------------------- geometry
    @staticmethod
    def _select(W: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Indices of the largest |W| entries, at most MAX_LINES_PER_LAYER of them."""
        flat = np.abs(W).ravel()
        if flat.size <= MAX_LINES_PER_LAYER:
            idx = np.arange(flat.size)
        else:
            idx = np.argpartition(flat, flat.size - MAX_LINES_PER_LAYER)[-MAX_LINES_PER_LAYER:]
        idx = idx[np.argsort(flat[idx], kind="stable")]  # weakest first: strong ones on top
        rows, cols = np.unravel_index(idx, W.shape)
        return rows.astype(np.intp), cols.astype(np.intp)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """The zoom changed the font: the captions need other margins."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()
            self.update()

    def _line(self) -> float:
        """A caption line's height in pixels (18 at the default font)."""
        return QFontMetricsF(self.font()).lineSpacing()

    def _s(self) -> float:
        """The captions' scale: 1 at the default font, more when zoomed."""
        return max(1.0, self._line() / LINE)

    def _relayout(self) -> None:
        self._conn_cache = None
        if not self._sizes:
            self._columns = []
            return
        # Room for the output labels on the right.
        layout = lay_out(
            self._sizes, self.width(), self.height(), self._output_label_width(), self._line()
        )
        self._columns, self._input_rect, self._stagger = (
            layout.columns,
            layout.input_rect,
            layout.stagger,
        )

    def _node_at(self, pos: QPointF) -> tuple[int, int]:
        return node_at(self._columns, pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._node_at(event.position())
        if hit != self._hover:
            self._hover = hit
            self.setToolTip(self._tooltip(hit))
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        k, i = self._node_at(event.position())
        if k > 0 and event.button() == Qt.MouseButton.LeftButton:
            self.nodeClicked.emit(k - 1, i, event.globalPosition().toPoint())
            event.accept()
            return
        super().mousePressEvent(event)

    def _tooltip(self, hit: tuple[int, int]) -> str:
        k, i = hit
        if k <= 0 or k - 1 >= len(self._a):
            return ""
        a = self._a[k - 1][i]
        what = "output" if k == len(self._sizes) - 1 else f"hidden layer {k}"
        return f"{what}, node {i + 1}: a = {a:.4f}\nclick to inspect z = w·x + b"

    # ------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        text = self.palette().windowText().color()
        if not self._columns or [v.size for v in self._a] != list(self._sizes[1:]):
            paint_message(p, self, NO_NETWORK_TEXT, margin=10)
            p.end()
            return
        self._paint_connections(p)
        self._paint_input(p)
        self._paint_nodes(p, text)
        self._paint_captions(p, text)
        p.end()

    def _paint_connections(self, p: QPainter) -> None:
        """Blit the cached connection layer, re-rendering it only when weights or size changed."""
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr)
        if self._conn_cache is None or self._conn_key != key:
            self._conn_cache = self._render_connections(dpr)
            self._conn_key = key
        p.drawPixmap(0, 0, self._conn_cache)

    def _render_connections(self, dpr: float) -> QPixmap:
        """All drawn weights, grouped into a few pens (sign x strength) and drawn in batches.

        Colours are the sign colour blended with the background by strength and drawn opaque:
        translucent antialiased lines cost ~5x more to rasterise and look the same here.
        """
        pixmap = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        window = self.palette().window().color()
        bg = np.array([window.red(), window.green(), window.blue()], dtype=np.float64)
        levels = 8
        batches: dict[tuple[int, int], list[QLineF]] = {}
        for layer, (rows, cols) in enumerate(self._strongest):
            if rows.size == 0:
                continue
            W = self._weights[layer]
            src, dst = self._columns[layer], self._columns[layer + 1]
            values = W[rows, cols]
            finite = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
            limit = float(np.max(np.abs(finite))) or 1.0
            level = np.minimum((np.abs(finite) / limit * levels).astype(int), levels - 1)
            sx, sy = src.xs[rows], src.ys[rows]
            dx, dy = dst.xs[cols], dst.ys[cols]
            for k in range(rows.size):
                batch = batches.setdefault((int(level[k]), int(finite[k] > 0)), [])
                batch.append(QLineF(float(sx[k]), float(sy[k]), float(dx[k]), float(dy[k])))
        for (lvl, positive), lines in sorted(batches.items()):
            s = (lvl + 0.5) / levels
            rgb = np.array(colormaps.POSITIVE if positive else colormaps.NEGATIVE, dtype=float)
            alpha = 0.18 + 0.82 * s
            pen = QPen(colormaps.qcolor(np.rint(bg + (rgb - bg) * alpha)))
            pen.setWidthF(0.6 + 3.4 * s)
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.end()
        return pixmap

    def _invalidate_connections(self) -> None:
        self._conn_cache = None
        self.update()

    def _paint_input(self, p: QPainter) -> None:
        pixels = self._pixels if self._pixels is not None else np.zeros((8, 8))
        rgb = colormaps.apply(colormaps.INK, pixels, 0.0, 16.0)
        p.drawImage(self._input_rect, colormaps.rgb_image(rgb))
        p.setPen(QPen(QColor(130, 130, 130), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(self._input_rect)

    def _paint_nodes(self, p: QPainter, text: QColor) -> None:
        n_layers = len(self._sizes)
        for k in range(1, n_layers):
            col = self._columns[k]
            a = self._a[k - 1]
            name = self._activations[k - 1] if k - 1 < len(self._activations) else ""
            lo, hi = colour_range(a, name)
            rgb = colormaps.apply(colormaps.VIRIDIS, a, lo, hi)
            if col.radius < 4.0:
                # Dense layer: the nodes as one column image, a thin band per node.
                spacing = float(col.ys[1] - col.ys[0]) if a.size > 1 else 1.0
                band = QRectF(
                    float(col.xs[0]) - 7, float(col.ys[0]) - spacing / 2, 14, spacing * a.size
                )
                p.drawImage(band, colormaps.rgb_image(rgb.reshape(-1, 1, 3)))
            else:
                p.setPen(QPen(QColor(60, 60, 60), 0.8))
                for i in range(a.size):
                    p.setBrush(colormaps.qcolor(rgb[i]))
                    centre = QPointF(float(col.xs[i]), float(col.ys[i]))
                    p.drawEllipse(centre, col.radius, col.radius)
            if self._hover[0] == k and 0 <= self._hover[1] < a.size:
                pen = QPen(colormaps.qcolor(colormaps.OKABE_ITO["orange"]), 3.0)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                c = self.node_position(k, self._hover[1])
                p.drawEllipse(c, max(col.radius, 5.0) + 2, max(col.radius, 5.0) + 2)
        # Output labels: class name and probability, the winner in bold vermillion.
        out = self._a[-1]
        col = self._columns[-1]
        if out.size <= 12 and col.radius >= 5:
            best = int(np.argmax(out)) if out.size > 1 else -1
            p.setFont(self._label_font())
            for i in range(out.size):
                p.setPen(colormaps.qcolor(colormaps.OKABE_ITO["vermillion"]) if i == best else text)
                x = float(col.xs[i]) + col.radius + 4
                half = 10 * self._s()
                p.drawText(
                    QRectF(x, float(col.ys[i]) - half, self.width() - x, 2 * half),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self._output_label(i, float(out[i])),
                )

    def _paint_captions(self, p: QPainter, text: QColor) -> None:
        font = scaled_font(self.font(), 0.95)
        bold = scaled_font(self.font(), 1.0, bold=True)
        h = float(self.height())
        s = self._s()
        n_layers = len(self._sizes)
        # Column titles along the bottom, one line each for what, how many and which f, so
        # that neighbouring captions stay apart even when the columns are close together.
        centres = [self._input_rect.center().x()] + [float(col.xs[0]) for col in self._columns[1:]]
        gaps = np.diff(centres) if len(centres) > 1 else np.array([240.0])
        p.setFont(font)
        p.setPen(text)
        for k, cx in enumerate(centres):
            if k == 0:
                title = "input x\n8x8 = 64"
            else:
                kind = "output" if k == n_layers - 1 else f"hidden {k}"
                act = self._activations[k - 1] if k - 1 < len(self._activations) else ""
                nodes = "node" if self._sizes[k] == 1 else "nodes"
                title = f"{kind}\n{self._sizes[k]} {nodes}\n{act}"
            near = min(gaps[max(0, k - 1)], gaps[min(k, len(gaps) - 1)])
            half = max(30.0, min(60.0 * s, near / 2 - 3))
            p.drawText(
                QRectF(cx - half, h - 56 * s, 2 * half, 54 * s),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                title,
            )
        # Matrix shapes above each band of connections.
        for layer, W in enumerate(self._weights):
            x_left = self._input_rect.right() if layer == 0 else float(self._columns[layer].xs[0])
            x_right = float(self._columns[layer + 1].xs[0])
            cx = (x_left + x_right) / 2
            total = W.size
            shown = self._strongest[layer][0].size
            y = 2.0 + (40.0 * s if self._stagger and layer % 2 else 0.0)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(
                QRectF(cx - 100 * s, y, 200 * s, 18 * s),
                Qt.AlignmentFlag.AlignHCenter,
                f"W{layer + 1}: {W.shape[0]} x {W.shape[1]}",
            )
            p.setFont(font)
            p.setPen(QColor(90, 90, 90))
            note = "all weights" if shown == total else f"{shown} strongest of {total}"
            p.drawText(
                QRectF(cx - 100 * s, y + 17 * s, 200 * s, 18 * s),
                Qt.AlignmentFlag.AlignHCenter,
                note,
            )
        # Legend for the line colours, top right.
        p.setFont(font)
        x = 12.0
        top = (84.0 if self._stagger else 44.0) * s
        for row, (rgb, label) in enumerate(
            ((colormaps.POSITIVE, "W > 0"), (colormaps.NEGATIVE, "W < 0"))
        ):
            y = top + 8.0 + row * 18 * s
            pen = QPen(colormaps.qcolor(rgb), 3.0)
            p.setPen(pen)
            p.drawLine(QPointF(x, y), QPointF(x + 26, y))
            p.setPen(text)
            p.drawText(
                QRectF(x + 32, y - 9 * s, 110 * s, 18 * s), Qt.AlignmentFlag.AlignVCenter, label
            )
