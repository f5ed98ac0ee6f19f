"""Earlier runs as faded ghost curves on the loss plot, labelled by what differed.

Each past run's training loss per epoch is one ``GhostCurve`` in the loss plot, thin and
half transparent, in its own colour, with a legend entry ``2: relu → sigmoid`` that names
what differs from the design on screen now (``engine.design_diff``; relabelled whenever the
design changes). The run still drawn live is not ghosted twice.

Ghosts are added with ``ignoreBounds=True`` and are ``GhostCurve`` instances, so any range
logic can tell them apart; they do not move the y range, but the x axis is stretched to reach
the longest visible ghost (``LossPlot.set_x_scale``'s floor) so none is cut off.

The x axis is epochs or updates of the weights (how many times ``w := w − α·dw`` ran): per
epoch, one digit per update learns fastest; per update, it is the noisiest. Per epoch a ghost
is its run's training loss at each epoch's end; per update, its mini-batch losses (binned to
a few hundred points), so even a one-epoch run is a curve. The switch applies to the ghosts
here and, through ``LossPlot.set_x_scale``, to the live curves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from engine import Design
from engine.comparisons import EPOCHS, UPDATES, updates_per_epoch
from engine.design_diff import design_label
from gui.training.loss_plot import LossPlot
from gui.training.run_log import RunRecord

#: Okabe-Ito colours the live curves do not use (blue, vermilion, green), then two more;
#: a ghost keeps its run's colour for the whole session.
GHOST_COLOURS = ("#CC79A7", "#E69F00", "#7F7F7F", "#8C564B", "#56B4E9", "#000000")
GHOST_ALPHA = 200  # of 255: faded next to the live curve, still readable on a projector
GHOST_WIDTH = 3.0
AXIS_TITLES = {EPOCHS: "epoch", UPDATES: "updates of the weights (w := w − α·dw)"}


def ghost_colour(number: int) -> QColor:
    """Run ``number``'s colour (1-based), faded."""
    colour = QColor(GHOST_COLOURS[(number - 1) % len(GHOST_COLOURS)])
    colour.setAlpha(GHOST_ALPHA)
    return colour


class GhostCurve(pg.PlotDataItem):
    """A past run's training-loss curve (its class marks it as a ghost for range logic)."""

    ghost = True

    def __init__(self, record: RunRecord) -> None:
        super().__init__([], [], pen=pg.mkPen(ghost_colour(record.number), width=GHOST_WIDTH))
        self.number = record.number
        self.record = record
        self.label = ""
        self.setZValue(-5)  # under the live curves, above the mini-batch trace


class GhostRuns:
    """The ghost curves of a ``LossPlot``: one per run record, shown or hidden by the user."""

    def __init__(self, plot: LossPlot) -> None:
        self.plot = plot
        self.axis = EPOCHS
        self._curves: dict[int, GhostCurve] = {}
        self._hidden: set[int] = set()  # hidden by the user
        self._live: int | None = None  # the run the plot draws live: no ghost
        self._in_legend: dict[int, str] = {}  # number -> the text its legend entry shows
        self._design = Design()  # the design on screen (labels, updates per epoch)

    # ---- what the user sees -------------------------------------------------------------------
    def curve(self, number: int) -> GhostCurve:
        return self._curves[number]

    def label(self, number: int) -> str:
        """The legend's text for run ``number``: ``2: relu → sigmoid``."""
        return self._curves[number].label

    def is_shown(self, number: int) -> bool:
        """True if run ``number``'s ghost is on the plot now."""
        curve = self._curves.get(number)
        return curve is not None and curve.isVisible()

    def is_checked(self, number: int) -> bool:
        """The user's choice for run ``number`` (a live run is not drawn even if checked)."""
        return number not in self._hidden

    def set_checked(self, number: int, on: bool) -> None:
        if on:
            self._hidden.discard(number)
        else:
            self._hidden.add(number)
        self._apply()

    def hide_all(self) -> None:
        """Uncheck every ghost (a comparison starts with only its own runs)."""
        self._hidden.update(self._curves)
        self._apply()

    # ---- the records --------------------------------------------------------------------------
    def sync(self, records: Sequence[RunRecord], design: Design, live: int | None) -> None:
        """Match the curves to ``records``: new runs get a curve, removed ones lose it, every
        label says how its run differs from ``design``; run ``live`` is drawn live, not here."""
        numbers = {r.number for r in records}
        for number in [n for n in self._curves if n not in numbers]:
            self._drop(number)
        self._hidden &= numbers
        item = self.plot.getPlotItem()
        for record in records:
            curve = self._curves.get(record.number)
            if curve is None:
                curve = GhostCurve(record)
                self._curves[record.number] = curve
                item.addItem(curve, ignoreBounds=True)
                self._set_data(curve)
            elif curve.record is not record:  # the run went on (Train again): new data
                curve.record = record
                self._set_data(curve)
            curve.label = f"{record.number}: {design_label(design, record.design)}"
        self._live = live
        self._design = design
        self._apply()

    def set_axis(self, axis: str) -> None:
        """Epochs or updates as the x axis, for the ghosts and the live curves."""
        self.axis = axis
        for curve in self._curves.values():
            self._set_data(curve)
        self.plot.getPlotItem().setLabel("bottom", AXIS_TITLES[axis])
        self._apply()

    def _set_data(self, curve: GhostCurve) -> None:
        x, y = curve.record.points(self.axis)
        keep = np.isfinite(x) & np.isfinite(y)  # a gap's NaN is never handed to pyqtgraph
        curve.setData(x[keep], y[keep])

    def _apply(self) -> None:
        """Visibility, legend entries and the x axis's reach follow the choices."""
        reach = 0.0
        shown: dict[int, str] = {}  # number -> legend text, for the ghosts on the plot
        for number, curve in self._curves.items():
            visible = number not in self._hidden and number != self._live
            curve.setVisible(visible)
            if visible:
                shown[number] = curve.label
                x = curve.record.points(self.axis)[0]
                if len(x):
                    reach = max(reach, float(x[-1]))
        self._show_in_legend(shown)
        # The live curves follow the axis too: x = epochs × the current design's updates.
        scale = 1.0 if self.axis == EPOCHS else float(updates_per_epoch(self._design))
        if (scale, reach) != (self.plot.x_scale, self.plot.x_floor):
            self.plot.set_x_scale(scale, reach)

    def _show_in_legend(self, shown: dict[int, str]) -> None:
        """A legend entry per ghost on the plot (hidden ones would only crowd it), in run
        order. The legend is touched only when its entries change: every entry added makes
        new graphics items, and key frames come often."""
        legend = self.plot.getPlotItem().legend
        if legend is None or shown == self._in_legend:
            return
        if list(shown) == list(self._in_legend):  # the same runs: only the words changed
            for number, text in shown.items():
                if self._in_legend[number] != text:
                    legend.getLabel(self._curves[number]).setText(text)
            legend.updateSize()
        else:
            for number in self._in_legend:
                legend.removeItem(self._curves[number])
            for number, text in shown.items():
                legend.addItem(self._curves[number], text)
        self._in_legend = dict(shown)

    def _drop(self, number: int) -> None:
        curve = self._curves[number]
        legend = self.plot.getPlotItem().legend
        if legend is not None and number in self._in_legend:
            legend.removeItem(curve)
            del self._in_legend[number]
        del self._curves[number]
        self.plot.getPlotItem().removeItem(curve)
