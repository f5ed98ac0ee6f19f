"""ActivationFunctionPlot: the activation functions a = f(z) with their slopes f'(z), and the
selected node's z marked on its curve.

For the node chosen in the node inspector (its ``z`` from the lab's one forward pass of the
drawing) the plot marks ``(z, f(z))`` on the curve and ``(z, f'(z))`` on the slope, and says
both numbers. The functions are the engine's (``engine.ACTIVATIONS``):

    sigmoid     f(z) = 1 / (1 + e^-z)         f'(z) = f(z) (1 - f(z))
    tanh        f(z) = tanh z                 f'(z) = 1 - f(z)^2
    ReLU        f(z) = max(0, z)              f'(z) = 1 if z > 0 else 0
    leaky ReLU  f(z) = z, or 0.01 z if z <= 0 f'(z) = 1, or 0.01
    linear      f(z) = z                      f'(z) = 1
    softmax     a_k = e^z_k / Σ_j e^z_j       da_k/dz_k = a_k (1 - a_k)   (an output node: drawn
                as a function of its own z_k with the other outputs' z fixed, which is
                σ(z_k − log Σ_{j≠k} e^z_j))

Where the slope is nearly zero (|f'(z)| < ``VANISH_BELOW``) the plot is shaded and labelled
"gradients vanish here": back-propagation multiplies by f'(z), so a node sitting there passes
almost nothing back. "Same z, three functions" applies sigmoid, tanh and ReLU to the marked z,
as the lesson does with z = -0.93152654.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine import ACTIVATIONS, HIDDEN_ACTIVATION_NAMES

#: A slope below this is "nearly zero": the region is shaded.
VANISH_BELOW = 0.01
#: The z range drawn (widened to show a marked z outside it).
Z_RANGE = 6.0
#: A shaded region narrower than this share of the z axis gets its label upright inside it.
NARROW_REGION = 0.3
CURVE_COLOUR = "#0072B2"  # Okabe-Ito blue: f(z)
SLOPE_COLOUR = "#D55E00"  # vermilion: f'(z)
VANISH_BRUSH = (204, 121, 167, 50)  # reddish purple, faint
HINT = "Click a node (below the canvas or in Network) to mark its z here."
_SAMPLES = 601
#: "Same z, three functions", as the lesson compares them.
SAME_Z = ("sigmoid", "tanh", "relu")


def curve(
    name: str, z: NDArray[np.float64], others: NDArray[np.float64] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(f(z), f'(z))`` for each z. Softmax: output k's ``a_k`` as a function of its own z
    with the other outputs' z (``others``) fixed: ``σ(z − log Σ_{j≠k} e^z_j)``, slope a(1−a)."""
    if name == "softmax":
        rest = np.asarray(others if others is not None and len(others) else [0.0], float)
        top = float(rest.max())
        shift = top + math.log(float(np.exp(rest - top).sum()))
        a = np.asarray(ACTIVATIONS["sigmoid"].f(z - shift), float)
        return a, a * (1.0 - a)
    act = ACTIVATIONS[name]
    return np.asarray(act.f(z), float), np.asarray(act.derivative(z), float)


def vanishing_regions(
    z: NDArray[np.float64], slope: NDArray[np.float64]
) -> list[tuple[float, float]]:
    """The intervals of ``z`` (sampled) where ``|f'(z)| < VANISH_BELOW``."""
    flat = np.abs(slope) < VANISH_BELOW
    regions: list[tuple[float, float]] = []
    start: float | None = None
    last = float(z[0])
    for zi, is_flat in zip(z, flat, strict=True):
        if is_flat and start is None:
            start = float(zi)
        elif not is_flat and start is not None:
            regions.append((start, last))  # up to the last flat sample
            start = None
        last = float(zi)
    if start is not None:
        regions.append((start, last))
    return regions


def lesson_number(value: float) -> str:
    """Eight significant digits, as NumPy prints them in the lesson (0 for zero)."""
    text = f"{value:.8g}"
    return "0" if text in ("0", "-0") else text.replace("-", "−")


def same_z_text(z: float) -> str:
    """The lesson's comparison: sigmoid, tanh and ReLU of one z (two lines)."""
    values = [lesson_number(float(curve(n, np.array([z]))[0][0])) for n in SAME_Z]
    parts = [f"{n}(z) = {v}" for n, v in zip(SAME_Z, values, strict=True)]
    return f"Same z = {lesson_number(z)}, three functions:\n" + "    ".join(parts)


class ActivationFunctionPlot(QWidget):
    """A chosen activation function and its slope, the marked node's z, the numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationFunctionPlot")
        self._name = "sigmoid"
        self._z: float | None = None  # the marked z
        self._node_activation = ""  # the marked node's own function
        self._others: NDArray[np.float64] | None = None  # softmax: the other outputs' z
        self._what = ""
        self._regions: list[pg.LinearRegionItem] = []
        self._region_texts: list[pg.TextItem] = []
        self._drawn: tuple[object, ...] | None = None  # what the curves show now

        self.choice = QComboBox()
        self.choice.setObjectName("activationFunctionChoice")
        self._fill_choice(include_softmax=False)
        self.choice.currentIndexChanged.connect(self._on_choice)
        self._build_plot()
        self.legend_label = QLabel()
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)  # our own text, fixed colours
        self.legend_label.setWordWrap(True)  # a narrow tab (lesson mode at 1024 px) wraps it
        self.numbers_label = QLabel()
        self.numbers_label.setObjectName("activationNumbers")
        self.numbers_label.setWordWrap(True)
        self.same_z_label = QLabel()
        self.same_z_label.setObjectName("sameZThreeFunctions")
        self.same_z_label.setWordWrap(True)
        self.source_label = QLabel(HINT)
        self.source_label.setWordWrap(True)

        top = QHBoxLayout()
        title = QLabel("Function")
        top.addWidget(title)
        top.addWidget(self.choice)
        top.addWidget(self.legend_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.numbers_label)
        layout.addWidget(self.same_z_label)
        layout.addWidget(self.source_label)
        self._apply_fonts()
        self._redraw()

    def _build_plot(self) -> None:
        """The curves (created once, refreshed with setData), the marker and the z line."""
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("activationFunctionCurves")
        self.plot.setMinimumHeight(160)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setMouseEnabled(x=False, y=False)
        self.f_curve = item.plot([], [], pen=pg.mkPen(CURVE_COLOUR, width=3))
        self.slope_curve = item.plot(
            [], [], pen=pg.mkPen(SLOPE_COLOUR, width=3, style=Qt.PenStyle.DashLine)
        )
        self.marker = pg.ScatterPlotItem(size=14, pen=pg.mkPen("#222222", width=2))
        self.z_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#555555", style=Qt.PenStyle.DotLine))
        item.addItem(self.z_line)
        item.addItem(self.marker)

    # ---- what the lab tells it ------------------------------------------------------------------
    def show_z(
        self,
        z: float,
        activation: str = "",
        what: str = "",
        others: NDArray[np.float64] | None = None,
    ) -> None:
        """Mark ``z`` (of a node whose function is ``activation``, described by ``what``);
        the plot switches to that function. ``others``: a softmax output's fellow outputs' z."""
        self._z = float(z)
        self._what = what
        self._others = None if others is None else np.asarray(others, float)
        if activation and activation != self._node_activation:
            self._fill_choice(include_softmax=activation == "softmax")
        self._node_activation = activation
        if activation:
            self.set_function(activation)
        self._redraw()

    def clear_node(self) -> None:
        self._z, self._what, self._others = None, "", None
        self._redraw()

    def set_function(self, name: str) -> None:
        """Show function ``name`` (an engine activation name)."""
        index = self.choice.findData(name)
        if index < 0:
            raise ValueError(f"No activation {name!r} to show here.")
        self.choice.setCurrentIndex(index)  # -> _on_choice -> redraw
        if self._name != name:
            self._on_choice(index)

    def function(self) -> str:
        return self._name

    def marked(self) -> tuple[float, float, float] | None:
        """``(z, f(z), f'(z))`` as marked, or None without a node."""
        if self._z is None:
            return None
        a, slope = curve(self._name, np.array([self._z]), self._others)
        return self._z, float(a[0]), float(slope[0])

    def vanishing(self) -> list[tuple[float, float]]:
        """The shaded intervals of z (where the slope is below ``VANISH_BELOW``)."""
        regions = [r.getRegion() for r in self._regions]
        return [(float(lo), float(hi)) for lo, hi in regions]

    # ---- drawing -----------------------------------------------------------------------------
    def _fill_choice(self, include_softmax: bool) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        names = (
            (*HIDDEN_ACTIVATION_NAMES, "softmax") if include_softmax else HIDDEN_ACTIVATION_NAMES
        )
        for name in names:
            self.choice.addItem(ACTIVATIONS[name].label, name)
        index = self.choice.findData(self._name)
        self.choice.setCurrentIndex(max(0, index))
        self._name = str(self.choice.currentData())
        self.choice.blockSignals(False)

    def _on_choice(self, index: int) -> None:
        if index >= 0:
            self._name = str(self.choice.itemData(index))
            self._redraw()

    def _redraw(self) -> None:
        reach = Z_RANGE if self._z is None else max(Z_RANGE, min(60.0, abs(self._z) * 1.2 + 1))
        others = None if self._others is None else tuple(self._others)
        key = (self._name, reach, others if self._name == "softmax" else None)
        if key != self._drawn:  # the curves change with the function and the range only
            self._drawn = key
            self._draw_curves(reach)
        marked = self.marked()
        self.z_line.setVisible(marked is not None)
        if marked is None:
            self.marker.setData([], [])
            self.numbers_label.setText("")
            self.same_z_label.setText("")
            self.source_label.setText(HINT)
            return
        zv, fz, dz = marked
        self.z_line.setValue(zv)
        self.marker.setData(
            [zv, zv], [fz, dz], brush=[pg.mkBrush(CURVE_COLOUR), pg.mkBrush(SLOPE_COLOUR)]
        )
        label = ACTIVATIONS[self._name].label
        self.numbers_label.setText(
            f"z = {zv:.4f}    {label}(z) = {fz:.4f}    slope f′(z) = {dz:.4f}".replace("-", "−")
        )
        self.same_z_label.setText(same_z_text(zv))
        self.source_label.setText(self._what)

    def _draw_curves(self, reach: float) -> None:
        z = np.linspace(-reach, reach, _SAMPLES)
        a, slope = curve(self._name, z, self._others)
        self.f_curve.setData(z, a)
        self.slope_curve.setData(z, slope)
        self._shade(vanishing_regions(z, slope), a, slope, (-reach, reach))
        item = self.plot.getPlotItem()
        low = float(min(a.min(), slope.min(), -0.1))
        high = float(max(a.max(), slope.max(), 1.1))
        item.setXRange(-reach, reach, padding=0.02)
        item.setYRange(low, min(high, reach), padding=0.08)

    def _shade(
        self,
        regions: list[tuple[float, float]],
        a: NDArray[np.float64],
        slope: NDArray[np.float64],
        z_range: tuple[float, float],
    ) -> None:
        item = self.plot.getPlotItem()
        z_min, z_max = z_range
        for old in (*self._regions, *self._region_texts):
            item.removeItem(old)
        self._regions, self._region_texts = [], []
        top = float(max(a.max(), slope.max(), 1.0))
        for lo, hi in regions:
            region = pg.LinearRegionItem(
                (lo, hi), movable=False, brush=pg.mkBrush(*VANISH_BRUSH), pen=pg.mkPen(None)
            )
            region.setZValue(-10)
            item.addItem(region)
            self._regions.append(region)
            # A narrow band (sigmoid's and tanh's tails) gets its label upright inside it, so
            # it is neither cut by the plot's edge nor read as labelling the middle.
            narrow = (hi - lo) < NARROW_REGION * (z_max - z_min)
            text = pg.TextItem(
                "gradients vanish here" if narrow else "gradients\nvanish here",
                color="#7a3b62",
                anchor=(0.5, 0.5) if narrow else (0.5, 0.0),
                angle=90 if narrow else 0,
            )
            text.setFont(self._small_font())
            text.setPos((lo + hi) / 2, top / 2 if narrow else top)
            item.addItem(text)
            self._region_texts.append(text)

    def _legend_html(self) -> str:
        return (
            f'<span style="color:{CURVE_COLOUR}">━ a = f(z)</span>&nbsp;&nbsp;'
            f'<span style="color:{SLOPE_COLOUR}">╌ slope f′(z)</span>'
        )

    # ---- fonts: the window's, scaled (zoom) ---------------------------------------------------
    def _small_font(self) -> QFont:
        return QFont(self.font())

    def _apply_fonts(self) -> None:
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.4)
        big.setBold(True)
        self.numbers_label.setFont(big)
        mid = QFont(self.font())
        mid.setPointSizeF(self.font().pointSizeF() * 1.15)
        self.same_z_label.setFont(mid)
        self.legend_label.setText(self._legend_html())
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setTickFont(QFont(self.font()))
            axis.setTextPen(pg.mkPen("#222222"))
            axis.setPen(pg.mkPen("#333333"))
            axis.enableAutoSIPrefix(False)
        style = {"font-size": f"{self.font().pointSizeF():.1f}pt", "color": "#222222"}
        item.setLabel("bottom", "z", **style)
        item.setLabel("left", "a, slope", **style)
        for text in self._region_texts:
            text.setFont(self._small_font())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
