"""ReceptiveFields: what each first-layer node looks for — its 64 incoming weights as 8x8 tiles.

Node j of the first hidden layer computes ``z_j = Σ_i W1[i, j] x_i + b1[j]``: pixels where
``W1[i, j] > 0`` (vermillion) push it up when inked, pixels where ``W1[i, j] < 0`` (blue) push
it down. Drawn as a picture, column j of ``W1`` is the pattern the node responds to. The tiles
are re-coloured on every training frame it gets, so the class watches the patterns form.

By default all tiles share one colour scale (±max |W1|), so growing weights are visible as
growing contrast; "stretch each tile" scales each tile to its own largest weight instead.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QCheckBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine import Network
from gui.lab import colormaps
from gui.training.frame import Frame
from gui.zoom import scaled_font

#: Tile pitch in tile sizes: an 8-pixel tile plus a 1-pixel margin on each side = 10 / 8.
_PITCH = 1.25


def tile_colours(W1: NDArray[np.float64], stretch: bool) -> tuple[NDArray[np.uint8], float]:
    """RGB tiles (n, 8, 8, 3) of the columns of ``W1`` (64 x n) and the shared limit used.

    The shared colour range is ±limit with ``limit`` = the 99th percentile of |W1| (max |W1| if
    that is 0): a few outlying weights would otherwise wash every other tile out to grey, worse
    still on a projector; the 1 % of weights beyond the limit show in the end colours.
    """
    W = np.asarray(W1, dtype=np.float64)
    finite = np.nan_to_num(W, nan=0.0, posinf=0.0, neginf=0.0)
    magnitude = np.abs(finite)
    limit = float(np.percentile(magnitude, 99)) if finite.size else 1.0
    if limit <= 0:
        limit = float(magnitude.max()) if finite.size else 1.0
    limit = limit if limit > 0 else 1.0
    tiles = finite.T.reshape(-1, 8, 8)  # node j's weights, pixel order row by row
    if stretch:
        per = np.max(np.abs(tiles), axis=(1, 2), keepdims=True)
        per[per == 0] = 1.0
        t = np.clip(tiles / per, -1.0, 1.0)
    else:
        t = np.clip(tiles / limit, -1.0, 1.0)
    idx = np.rint((t + 1.0) * 127.5).astype(np.intp)
    return colormaps.DIVERGING[idx], limit


class _TileGrid(QWidget):
    """Paints the tiles in a grid that fills the widget; one image blit per tile."""

    tileClicked = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 160)
        self.setMouseTracking(True)
        self.rgb: NDArray[np.uint8] | None = None
        self.activations: NDArray[np.float64] | None = None
        self.version = 0  # bumped whenever rgb changes (the composite image is cached)
        self._composite_key: tuple[int, int, int] = (-1, 0, 0)
        self._composite_image: QImage | None = None
        self._grid_key: tuple[int, int, int] = (0, 0, 0)
        self._grid_value: tuple[int, float, float] = (1, 0.0, 0.0)
        self.empty_text = "No network yet.\nPress Train and watch each node's pattern form here."

    def grid(self) -> tuple[int, float, float]:
        """(columns, tile size, gap) making n tiles as large as the widget allows."""
        n = 0 if self.rgb is None else self.rgb.shape[0]
        if n == 0:
            return 1, 0.0, 0.0
        key = (n, self.width(), self.height())
        if self._grid_key == key:
            return self._grid_value
        w, h = float(self.width()), float(self.height())
        best = (1, 0.0)
        for cols in range(1, n + 1):
            rows = math.ceil(n / cols)
            size = min(w / (cols * _PITCH), h / (rows * _PITCH))
            if size > best[1]:
                best = (cols, size)
        cols, size = best
        self._grid_key, self._grid_value = key, (cols, size, size * (_PITCH - 1.0))
        return self._grid_value

    def tile_rect(self, j: int) -> QRectF:
        cols, size, gap = self.grid()
        r, c = divmod(j, cols)
        return QRectF(gap / 2 + c * (size + gap), gap / 2 + r * (size + gap), size, size)

    def index_at(self, x: float, y: float) -> int:
        if self.rgb is None:
            return -1
        for j in range(self.rgb.shape[0]):
            if self.tile_rect(j).contains(x, y):
                return j
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        j = self.index_at(event.position().x(), event.position().y())
        if j >= 0:
            self.tileClicked.emit(j, event.globalPosition().toPoint())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        j = self.index_at(event.position().x(), event.position().y())
        tip = ""
        if j >= 0:
            tip = f"node {j + 1} of hidden layer 1"
            if self.activations is not None and j < self.activations.size:
                tip += f"\na = {self.activations[j]:.3f} on your drawing"
        self.setToolTip(tip)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        if self.rgb is None:
            p.setFont(scaled_font(self.font(), 1.05))
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(self.rect()).adjusted(10, 10, -10, -10),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            p.end()
            return
        cols, size, gap = self.grid()
        n = self.rgb.shape[0]
        rows = math.ceil(n / cols)
        # All tiles in one image (8 pixels per tile plus a 1-pixel margin on every side),
        # drawn with a single scaled blit: 256 separate blits cost ~10 ms, this ~1 ms.
        p.drawImage(
            QRectF(0, 0, cols * (size + gap), rows * (size + gap)),
            self._composite(cols, rows),
        )
        act = self.activations
        top_nodes: set[int] = set()
        if act is not None and act.size:
            # Outline the most active nodes on the current drawing (up to 10 %, at least 1).
            k = max(1, act.size // 10)
            order = np.argsort(-act, kind="stable")[:k]
            top_nodes = {int(j) for j in order if act[j] > 0}
        p.setBrush(Qt.BrushStyle.NoBrush)
        if size >= 24:
            p.setPen(QPen(QColor(150, 150, 150), 1.0))
            p.drawRects([self.tile_rect(j) for j in range(n)])
        p.setPen(QPen(colormaps.qcolor(colormaps.OKABE_ITO["orange"]), max(2.0, gap * 0.5)))
        for j in top_nodes:
            p.drawRect(self.tile_rect(j))
        p.end()

    def _composite(self, cols: int, rows: int) -> QImage:
        """The tiles laid out on a (rows x cols) grid of 10x10-pixel cells, as one QImage."""
        assert self.rgb is not None
        key = (self.version, cols, rows)
        if self._composite_key == key and self._composite_image is not None:
            return self._composite_image
        n = self.rgb.shape[0]
        window = self.palette().window().color()
        cells = np.empty((rows * cols, 10, 10, 3), dtype=np.uint8)
        cells[:] = (window.red(), window.green(), window.blue())
        cells[:n, 1:9, 1:9] = self.rgb
        image = cells.reshape(rows, cols, 10, 10, 3).transpose(0, 2, 1, 3, 4)
        self._composite_image = colormaps.rgb_image(image.reshape(rows * 10, cols * 10, 3))
        self._composite_key = key
        return self._composite_image


class ReceptiveFields(QWidget):
    """One 8x8 tile per first-hidden-layer node: its incoming weights, updated live."""

    tileClicked = Signal(int, QPoint)  # node index of hidden layer 1, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receptiveFields")
        self._W1: NDArray[np.float64] | None = None
        self._limit = 1.0
        self._caption_nodes = -1
        self._net: Network | None = None  # the frame network the tiles show
        self._caption = QLabel()
        self._caption.setWordWrap(True)
        self._stretch = QCheckBox("Stretch each tile")
        self._stretch.setToolTip("Scale every tile to its own largest weight to see weak patterns")
        self._stretch.toggled.connect(self._on_stretch_changed)
        self._scale = _ScaleBar()
        self._grid = _TileGrid()
        self._grid.tileClicked.connect(self.tileClicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._caption)
        layout.addWidget(self._scale)
        layout.addWidget(self._stretch)
        layout.addWidget(self._grid, 1)
        self._update_caption()

    # ------------------------------------------------------------- public API
    def set_weights(self, W1: NDArray[np.float64] | None) -> None:
        """New first-layer weights (64 x n), or None for no network."""
        self._W1 = None if W1 is None else np.array(W1, dtype=np.float64)
        self._recolour()

    def on_frame(self, frame: Frame) -> None:
        """A training frame: recolour the tiles if the weights are new."""
        if frame.network is not self._net:
            self._net = frame.network
            self.set_weights(frame.network.weights[0])

    def set_activations(self, a1: NDArray[np.float64] | None) -> None:
        """The first hidden layer's activations on the current drawing (outlines the top nodes)."""
        self._grid.activations = None if a1 is None else np.asarray(a1, dtype=np.float64).ravel()
        self._grid.update()

    def tile_colours(self) -> NDArray[np.uint8] | None:
        """The RGB tiles on display, shape (n, 8, 8, 3)."""
        return None if self._grid.rgb is None else self._grid.rgb.copy()

    def tile_rect(self, j: int) -> QRectF:
        return self._grid.tile_rect(j)

    def tile_grid(self) -> QWidget:
        return self._grid

    def set_stretch(self, on: bool) -> None:
        self._stretch.setChecked(on)

    # ------------------------------------------------------------- internals
    def _on_stretch_changed(self, _checked: bool) -> None:
        self._recolour()

    def _recolour(self) -> None:
        if self._W1 is None:
            self._grid.rgb = None
        else:
            self._grid.rgb, self._limit = tile_colours(self._W1, self._stretch.isChecked())
        self._grid.version += 1
        self._scale.set_limit(None if self._W1 is None else self._limit, self._stretch.isChecked())
        self._update_caption()
        self._grid.update()

    def _update_caption(self) -> None:
        n = 0 if self._W1 is None else self._W1.shape[1]
        if n == self._caption_nodes:
            return  # rich-text layout is not free: skip it on every training update
        self._caption_nodes = n
        self._caption.setText(
            "<b>What each node of hidden layer 1 looks for.</b> Tile j is column j of W1: "
            "ink on a <span style='color:#D55E00'><b>vermillion</b></span> pixel raises the "
            "node's z, ink on a <span style='color:#0072B2'><b>blue</b></span> pixel lowers it."
            + (f" {n} nodes; outlined: most active on your drawing." if n else "")
        )


class _ScaleBar(QWidget):
    """The diverging colour key: −limit … 0 … +limit."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._limit: float | None = None
        self._stretch = False

    def set_limit(self, limit: float | None, stretch: bool) -> None:
        self._limit, self._stretch = limit, stretch
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, self.minimumHeight())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the zoom: as tall as its labels
            self.setMinimumHeight(max(30, round(self.fontMetrics().height() * 1.5)))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._limit is None:
            return
        p = QPainter(self)
        font = scaled_font(self.font(), 0.9)
        p.setFont(font)
        p.setPen(self.palette().windowText().color())
        metrics = QFontMetricsF(font)
        label_w = metrics.horizontalAdvance("≥ +0.00") + 8  # the end labels fit when zoomed
        h = float(self.height())
        bar = QRectF(label_w, 6, max(20.0, self.width() - 2 * label_w), h - 12)
        ramp = colormaps.DIVERGING[np.linspace(0, 255, 128).astype(int)].reshape(1, 128, 3)
        p.drawImage(bar, colormaps.rgb_image(ramp))
        lo = "−max" if self._stretch else f"≤ −{self._limit:.2f}"
        hi = "+max" if self._stretch else f"≥ +{self._limit:.2f}"
        p.drawText(
            QRectF(0, 0, label_w - 4, h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            lo,
        )
        p.drawText(
            QRectF(bar.right() + 4, 0, label_w, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            hi,
        )
        p.drawText(bar, Qt.AlignmentFlag.AlignCenter, "0")
        p.end()
