"""The loss plot's axes, which must never lie, and the y-range that follows the bulk of the loss.

- No axis rescales its numbers with an SI prefix: pyqtgraph's default turned a loss of 0.2 into
  "200" labelled "(x0.001)" and 1000 epochs into "1" labelled "(x1000)".
- ``LossAxis`` (left): in log scale its major ticks are the decades (0.01, 0.1, 1, 10), written
  as plain numbers; 2 and 5 within a decade are added only when fewer than two decades show.
- ``LinearAxis`` (right, accuracy; bottom, epochs) never goes logarithmic: the log switch is for
  the loss only (a log accuracy axis once read "(x1e+27)").
- ``loss_range`` picks the y-range from the bulk of the values (a high quantile, not the
  maximum), so one spike does not squash the curve; the plot marks what lies above it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

AXIS_PEN = "#333333"
TEXT_COLOUR = "#222222"
#: The y-range covers this quantile of the loss values; what lies above is marked at the edge.
BULK_QUANTILE = 0.99
#: ...unless the largest value is at most this factor above the quantile (nothing is cut then);
#: in log scale a factor of 10 is one decade, a tenth of the axis or so.
SPREAD_SHOWN_WHOLE = 1.5
SPREAD_SHOWN_WHOLE_LOG = 10.0
#: Room left above the highest value shown (a fraction of the range).
HEADROOM = 1.08


class PlainAxis(pg.AxisItem):
    """An axis whose numbers are never rescaled with an SI prefix."""

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)

    def updateAutoSIPrefix(self) -> None:
        """pyqtgraph computes a prefix here even when it is disabled (e.g. from
        ``enableAutoSIPrefix(False)`` once a label shows): with it off, the scale stays 1."""
        if self.autoSIPrefix:
            super().updateAutoSIPrefix()
            return
        self.autoSIPrefixScale = 1.0
        self.labelUnitPrefix = ""
        self._updateLabel()


class LinearAxis(PlainAxis):
    """An axis with plain numbers that stays linear whatever the plot's log mode."""

    def setLogMode(self, *args: Any, **kwargs: Any) -> None:  # (Qt naming)
        """Ignored: only the loss axis may be logarithmic (PlotItem sets every axis)."""
        if self.logMode:  # (set before this class existed: undo it)
            super().setLogMode(False)


class LossAxis(PlainAxis):
    """The loss axis: plain numbers, decade ticks in log scale (values are log10 of the loss)."""

    def __init__(self, orientation: str = "left", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float | None, list[float]]]:
        """Major ticks only in linear scale; decades (and 2, 5 between) in log scale."""
        ticks = super().tickValues(minVal, maxVal, size)
        return ticks if self.logMode else ticks[:1]

    def logTickValues(
        self, minVal: float, maxVal: float, size: float, stdTicks: Any
    ) -> list[tuple[float | None, list[float]]]:
        return decade_ticks(minVal, maxVal)

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [plain_number(10.0 ** (v * scale)) for v in values]


def decade_ticks(lo: float, hi: float) -> list[tuple[float | None, list[float]]]:
    """Tick positions on a log10 axis from ``lo`` to ``hi`` (exponents): the decades first,
    then 2 and 5 times a decade if fewer than two decades are in view, then every integer
    multiple if even those are fewer than two."""
    lo, hi = sorted((lo, hi))
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    decades = [float(e) for e in range(first, last + 1)]
    levels: list[tuple[float | None, list[float]]] = [(1.0, decades)]
    if len(decades) >= 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        return levels
    steps = [math.log10(2), math.log10(5)]
    between = _multiples(lo, hi, steps)
    if len(decades) + len(between) < 2:
        between = _multiples(lo, hi, [math.log10(k) for k in range(2, 10)])
    levels.append((None, between))
    return levels


def _multiples(lo: float, hi: float, offsets: list[float]) -> list[float]:
    return [
        e + o
        for e in range(math.floor(lo) - 1, math.ceil(hi) + 1)
        for o in offsets
        if lo <= e + o <= hi
    ]


def plain_number(x: float) -> str:
    """A tick label as a class writes it: 0.01, 0.2, 1, 50, 1000; 1e+06 only when huge."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    return f"{float(f'{x:.3g}'):g}" if 1e-4 <= abs(x) < 1e6 else f"{x:.0e}"


def loss_range(values: np.ndarray, keep: np.ndarray, log: bool) -> tuple[float, float] | None:
    """The y-range (in view units: log10 of the loss in log scale) for the loss ``values``.

    The top is the ``BULK_QUANTILE`` of the values (or their maximum when it is within
    ``SPREAD_SHOWN_WHOLE`` of it), raised to show every value of ``keep`` (the newest numbers:
    they are never off the scale), plus ``HEADROOM``. Linear scale starts at 0; log scale at
    the 1 - ``BULK_QUANTILE`` quantile. None if there is nothing finite (and positive, in log
    scale) to show.
    """
    v = np.asarray(values, dtype=float)
    k = np.asarray(keep, dtype=float)
    v, k = v[np.isfinite(v)], k[np.isfinite(k)]
    if log:
        v, k = v[v > 0], k[k > 0]
    if not v.size and not k.size:
        return None
    both = np.concatenate([v, k])
    top = float(np.quantile(v, BULK_QUANTILE)) if v.size else float(k.max())
    if both.max() <= (SPREAD_SHOWN_WHOLE_LOG if log else SPREAD_SHOWN_WHOLE) * top:
        top = float(both.max())
    if k.size:
        top = max(top, float(k.max()))
    if not log:
        return 0.0, (top * HEADROOM if top > 0 else 1.0)
    bottom = float(np.quantile(v, 1 - BULK_QUANTILE)) if v.size else float(k.min())
    if k.size:
        bottom = min(bottom, float(k.min()))
    lo, hi = math.log10(bottom), math.log10(top)
    pad = max(0.05, 0.04 * (hi - lo))
    return lo - pad, hi + pad


def style_axis(axis: pg.AxisItem, font: QFont, label: str, colour: str = TEXT_COLOUR) -> None:
    """Ticks and label in ``font`` (the widget's: it follows the presentation zoom)."""
    axis.setPen(pg.mkPen(AXIS_PEN, width=1))
    axis.setTextPen(pg.mkPen(TEXT_COLOUR))
    axis.setTickFont(font)
    # Major ticks only: fewer grid lines read better on a projector and draw faster.
    # (The loss axis's second level is 2 and 5 within a decade, in log scale only.)
    axis.setStyle(maxTickLevel=1 if isinstance(axis, LossAxis) else 0)
    axis.setLabel(label, color=colour, **{"font-size": font_css(font)})
    # Kept as a pixmap, re-rendered only when the axis changes (a range, a resize): the axes
    # and their grid are most of a frame, and the frame rate is what counts.
    axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def font_css(font: QFont, factor: float = 1.0) -> str:
    """``font``'s size times ``factor`` as a CSS size (points, or pixels if set in pixels)."""
    if font.pointSizeF() > 0:
        return f"{font.pointSizeF() * factor:.1f}pt"
    return f"{max(1, round(font.pixelSize() * factor))}px"
