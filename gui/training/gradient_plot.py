"""How big the gradient is in each layer while the network trains, and which units block it.

``GradientPlot`` (objectName ``gradientPlot``, a pyqtgraph ``PlotWidget``): mean |dW_l| of
every weight layer for each mini-batch, on a log scale, one colour per layer (legend W1,
W2, ...). In a deep sigmoid network the first layer's gradient is orders of magnitude below
the last one's — the vanishing gradient — because every layer back multiplies it by
sigmoid's slope, at most 0.25; with ReLU (slope 1 where active) it is not.

``SaturationPlot`` (objectName ``saturationPlot``): per hidden layer, the share of units that
pass (almost) no gradient back: sigmoid/tanh units with f'(z) < 0.01, ReLU units that are 0
for every example of the batch ("dead"). Both numbers come from the engine (engine/updates.py),
measured only while this panel is on screen (it asks the controller: ``wantedChanged``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.lab.colormaps import OKABE_ITO
from gui.training.frame import Frame, GradientPoint
from gui.training.plot_axes import LossAxis

#: One colour per layer, in order (Okabe–Ito without yellow, which vanishes on white).
LAYER_COLOURS = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "black",
    )
)
HINT = "Gradient sizes are measured while this tab is open: press Step (N) or Train."


def layer_colour(layer: int) -> tuple[int, int, int]:
    return LAYER_COLOURS[layer % len(LAYER_COLOURS)]


def _styled(plot: pg.PlotWidget, left: str) -> Any:
    """White background, readable axes from the widget's font, legend; returns the item."""
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.showGrid(x=True, y=True, alpha=0.25)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen("#333333", width=1))
        axis.setTextPen(pg.mkPen("#222222"))
        axis.enableAutoSIPrefix(False)  # 1e-5 stays 1e-5, never "10 µ"
    item.setDownsampling(auto=True, mode="mean")
    item.setClipToView(True)
    # Layers side by side at the top: a tall legend would hide the curves it names.
    legend = item.addLegend(offset=(-10, 4), labelTextColor="#222222", colCount=3)
    legend.setBrush(pg.mkBrush(255, 255, 255, 220))
    legend.setPen(pg.mkPen("#999999"))
    _fonts(plot, left)
    return item


def _fonts(plot: pg.PlotWidget, left: str) -> None:
    """Tick, label and legend text from the widget's font (zoom and projector layouts)."""
    item = plot.getPlotItem()
    font = QFont(plot.font())
    for name in ("left", "bottom"):
        item.getAxis(name).setTickFont(font)
    style = {"font-size": f"{font.pointSizeF() + 1:.0f}pt", "color": "#222222"}
    item.setLabel("bottom", "epoch", **style)
    item.setLabel("left", left, **style)
    item.legend.setLabelTextSize(f"{font.pointSizeF():.0f}pt")


class GradientPlot(pg.PlotWidget):
    """mean |dW_l| per mini-batch, log scale, one curve per weight layer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # Decade ticks only (0.0001, 0.001, …): pyqtgraph's log axis also labels 2…9 within a
        # decade, which runs the labels together over the many decades gradients span.
        super().__init__(parent, background="w", axisItems={"left": LossAxis("left")})
        self.setObjectName("gradientPlot")
        self.setMinimumSize(240, 160)
        self.left_label = "mean |dW| (log scale)"
        self.item = _styled(self, self.left_label)
        self.item.setLogMode(x=False, y=True)
        self.curves: list[pg.PlotDataItem] = []

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            _fonts(self, self.left_label)
        super().changeEvent(event)

    def set_layers(self, n: int) -> None:
        """One curve per weight layer, W1 first (rebuilt only when the count changes)."""
        if n == len(self.curves):
            return
        for curve in self.curves:
            self.item.removeItem(curve)
        self.curves = [
            self.item.plot([], [], pen=pg.mkPen(layer_colour(k), width=2), name=f"W{k + 1}")
            for k in range(n)
        ]

    def show_values(self, x: np.ndarray, sizes: np.ndarray) -> None:
        """``sizes`` has one column per layer; zeros (no gradient at all) and non-finite values
        (a diverging run) are left out."""
        for k, curve in enumerate(self.curves):
            y = sizes[:, k]
            good = np.isfinite(y) & (y > 0)  # a diverged batch's inf would flatten the rest
            curve.setData(x[good], y[good])
        positive = sizes[(sizes > 0) & np.isfinite(sizes)]
        if positive.size:
            # Log scale: the view is in decades. Most of one decade of room on top keeps
            # the legend off the largest layer's curve.
            lo, hi = np.log10(positive.min()), np.log10(positive.max())
            self.item.setYRange(lo - 0.2, hi + 0.8, padding=0)


class SaturationPlot(pg.PlotWidget):
    """The share of blocking units per hidden layer, in %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("saturationPlot")
        self.setMinimumSize(240, 110)
        self.left_label = "saturated units (%)"
        self.item = _styled(self, self.left_label)
        self.item.setYRange(0, 100, padding=0.02)
        self.item.getViewBox().setMouseEnabled(x=True, y=False)
        self.curves: list[pg.PlotDataItem] = []

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            _fonts(self, self.left_label)
        super().changeEvent(event)

    def set_layers(self, activations: list[str]) -> None:
        """One curve per hidden layer (its activation's name); the axis says what is
        counted: saturated units (sigmoid, tanh) or dead ones (ReLU)."""
        for curve in self.curves:
            self.item.removeItem(curve)
        self.item.legend.clear()
        self.curves = [
            self.item.plot([], [], pen=pg.mkPen(layer_colour(k), width=2), name=f"hidden {k + 1}")
            for k in range(len(activations))
        ]
        relu = [name == "relu" for name in activations]
        what = "dead" if all(relu) else "saturated" if not any(relu) else "saturated/dead"
        self.left_label = f"{what} units (%)"
        _fonts(self, self.left_label)

    def show_values(self, x: np.ndarray, shares: np.ndarray) -> None:
        for k, curve in enumerate(self.curves):
            curve.setData(x, 100.0 * shares[:, k])


class GradientPanel(QWidget):
    """Both plots, fed by training frames; asks for measurements only while shown."""

    #: True when the panel appears, False when it is hidden: whether to measure gradients.
    wantedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientPanel")
        self.caption = QLabel(HINT)
        self.caption.setObjectName("gradientCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.plot = GradientPlot()
        self.saturation = SaturationPlot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.saturation, 2)
        self._x: list[float] = []
        self._sizes: list[tuple[float, ...]] = []
        self._shares: list[tuple[float, ...]] = []
        self._revision: int | None = None
        self._kinds: list[str] = []

    # ------------------------------------------------------------- public API
    def on_frame(self, frame: Frame) -> None:
        """Add the frame's mini-batches; start over when the history was cleared or rolled
        back (a reset, a new design, a divergence) or the layers changed."""
        history = frame.history
        if history.revision != self._revision:
            self._revision = history.revision
            last = history.last_epoch if not history.is_empty() else 0
            keep = [k for k, x in enumerate(self._x) if x <= last + 1e-9]
            self._x = [self._x[k] for k in keep]
            self._sizes = [self._sizes[k] for k in keep]
            self._shares = [self._shares[k] for k in keep]
        kinds = list(frame.network.activations[:-1])
        if kinds != self._kinds:
            self._kinds = kinds
            self._x, self._sizes, self._shares = [], [], []
            self.plot.set_layers(len(kinds) + 1)
            self.saturation.set_layers(kinds)
        if frame.gradients or frame.key:
            self.add(frame.gradients)

    def add(self, points: tuple[GradientPoint, ...]) -> None:
        n = len(self.plot.curves)
        for p in points:
            if len(p.stats.mean_abs_dW) == n:
                self._x.append(p.x)
                self._sizes.append(p.stats.mean_abs_dW)
                self._shares.append(p.stats.saturated)
        x, sizes, shares = self.values()
        self.plot.show_values(x, sizes)
        self.saturation.show_values(x, shares)
        self.caption.setText(self._caption(sizes))

    def values(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What is plotted: x (epochs), mean |dW| (one column per layer), blocking shares."""
        n = len(self._x)
        x = np.array(self._x, dtype=float)
        sizes = np.array(self._sizes, dtype=float).reshape(n, len(self.plot.curves))
        shares = np.array(self._shares, dtype=float).reshape(n, len(self.saturation.curves))
        return x, sizes, shares

    # ------------------------------------------------------------- text
    def _caption(self, sizes: np.ndarray) -> str:
        """One sentence with the latest ratio of the last layer's gradient to the first's."""
        if not sizes.size or sizes.shape[1] < 2:
            return HINT
        recent = sizes[-min(len(sizes), 20) :]
        first, last = float(recent[:, 0].mean()), float(recent[:, -1].mean())
        if first <= 0:
            return "W1 gets no gradient at all: its weights no longer change."
        ratio = last / first
        n = sizes.shape[1]
        if ratio >= 100:
            return (
                f"W1's gradient is {ratio:,.0f}x smaller than W{n}'s: the first layer "
                f"barely learns (vanishing gradient). {self._why()}"
            )
        return f"W{n}'s gradient is {ratio:.2g}x W1's: every layer learns."

    def _why(self) -> str:
        if self._kinds and all(name == "sigmoid" for name in self._kinds):
            return "Each sigmoid layer on the way back multiplies it by f′(z) ≤ 0.25."
        return "Each layer on the way back multiplies it by its f′(z)."

    # ------------------------------------------------------------- asking
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.wantedChanged.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.wantedChanged.emit(False)
