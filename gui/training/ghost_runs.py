"""Earlier runs as faded ghost curves on the loss plot, labelled by what differed.

Each past run's training loss is one ``GhostCurve`` behind the live curves (through
``LossPlot.add_ghost_item``, which marks it ``is_ghost`` and keeps it out of the ranges), thin
and half transparent, in its own colour, with a tag at its last point, ``2: relu → sigmoid``,
naming what differs from the design on screen now (``engine.design_diff``; re-tagged whenever
the design changes). The run still drawn live is not ghosted twice. The ranges are the live
run's, stretched only to reach the ghosts shown (their last x, their highest epoch loss:
``LossPlot.set_ghost_reach``), so a run that was longer or stayed higher is not cut off.

The x axis is epochs or updates of the weights (how many times ``w := w − α·dw`` ran): per
epoch, one digit per update learns fastest; per update, it is the noisiest. The live curves
stay in epochs; for updates the bottom axis is scaled by the live design's updates per epoch
(``AxisItem.setScale``) and each ghost is placed at its own updates in those units. Per epoch
a ghost is its run's training loss at each epoch's end; per update, its mini-batch losses
(binned), so even a one-epoch run is a curve.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

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
TOP_ROOM = 1.1  # the loss axis reaches this much above the highest ghost
AXIS_TITLES = {EPOCHS: "epoch", UPDATES: "updates of the weights (w := w − α·dw)"}


def ghost_colour(number: int, alpha: int = GHOST_ALPHA) -> QColor:
    """Run ``number``'s colour (1-based), faded."""
    colour = QColor(GHOST_COLOURS[(number - 1) % len(GHOST_COLOURS)])
    colour.setAlpha(alpha)
    return colour


class GhostCurve(pg.PlotDataItem):
    """A past run's training-loss curve; ``tag`` names it at its last point."""

    ghost = True

    def __init__(self, record: RunRecord) -> None:
        super().__init__([], [], pen=pg.mkPen(ghost_colour(record.number), width=GHOST_WIDTH))
        self.number = record.number
        self.record = record
        self.label = ""
        # Above and left of the last point, in the run's colour (opaque: text must be read).
        self.tag = pg.TextItem("", color=ghost_colour(record.number, 255), anchor=(1, 1))


class GhostRuns:
    """The ghost curves of a ``LossPlot``: one per run record, shown or hidden by the user."""

    def __init__(self, plot: LossPlot) -> None:
        self.plot = plot
        self.axis = EPOCHS
        self._curves: dict[int, GhostCurve] = {}
        self._hidden: set[int] = set()  # hidden by the user
        self._live: int | None = None  # the run the plot draws live: no ghost
        self._design = Design()  # the design on screen (labels, updates per epoch)
        self._scale = 1.0  # updates per epoch of the design on screen, in updates mode

    # ---- what the user sees -------------------------------------------------------------------
    def curve(self, number: int) -> GhostCurve:
        return self._curves[number]

    def label(self, number: int) -> str:
        """Run ``number``'s tag: ``2: relu → sigmoid``."""
        return self._curves[number].label

    def labels(self) -> dict[int, str]:
        return {number: curve.label for number, curve in self._curves.items()}

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

    def apply_font(self) -> None:
        """Tags in the plot's font (it follows the presentation zoom)."""
        font = QFont(self.plot.font())
        for curve in self._curves.values():
            curve.tag.setFont(font)

    # ---- the records --------------------------------------------------------------------------
    def sync(self, records: Sequence[RunRecord], design: Design, live: int | None) -> None:
        """Match the curves to ``records``: new runs get a curve, removed ones lose it, every
        label says how its run differs from ``design``; run ``live`` is drawn live, not here."""
        numbers = {r.number for r in records}
        for number in [n for n in self._curves if n not in numbers]:
            self._drop(number)
        self._hidden &= numbers
        self._live = live
        self._design = design
        scale = self._axis_scale()
        rescaled = scale != self._scale
        self._scale = scale
        for record in records:
            curve = self._curves.get(record.number)
            if curve is None:
                curve = GhostCurve(record)
                curve.tag.setFont(QFont(self.plot.font()))
                self._curves[record.number] = curve
                self.plot.add_ghost_item(curve)
                self.plot.add_ghost_item(curve.tag)
                self._set_data(curve)
            elif curve.record is not record or rescaled:  # the run went on, or a new axis
                curve.record = record
                self._set_data(curve)
            label = f"{record.number}: {design_label(design, record.design)}"
            if label != curve.label:
                curve.label = label
                curve.tag.setText(label)
        if rescaled:
            self.plot.getPlotItem().getAxis("bottom").setScale(scale)
        self._apply()

    def set_axis(self, axis: str) -> None:
        """Epochs or updates as the x axis, for the ghosts and the live curves."""
        self.axis = axis
        self._scale = self._axis_scale()
        for curve in self._curves.values():
            self._set_data(curve)
        self.plot.getPlotItem().getAxis("bottom").setScale(self._scale)
        self.plot.x_title = AXIS_TITLES[axis]  # (the plot re-styles its axes on a resize)
        self.plot.apply_font()
        self._apply()

    def _axis_scale(self) -> float:
        """Updates per epoch of the live design in updates mode (the axis shows epochs × it)."""
        return 1.0 if self.axis == EPOCHS else float(updates_per_epoch(self._design))

    def _set_data(self, curve: GhostCurve) -> None:
        """Per update the ghost's x is its own updates, in the live run's epochs (÷ scale)."""
        x, y = curve.record.points(self.axis)
        keep = np.isfinite(x) & np.isfinite(y)  # a gap's NaN is never handed to pyqtgraph
        x, y = x[keep] / self._scale, y[keep]
        curve.setData(x, y)
        if len(x):  # (a text item is placed in view units: log10 of the loss in log scale)
            last = float(y[-1])
            log = self.plot.is_log_scale()
            curve.tag.setPos(float(x[-1]), np.log10(last) if log and last > 0 else last)

    def relayout(self) -> None:
        """Place the tags again (the loss axis went to or from log scale)."""
        for curve in self._curves.values():
            self._set_data(curve)

    def _apply(self) -> None:
        """Curves and tags are shown as the user chose, except the live run's; the plot's
        axes reach the shown ghosts' last x and highest epoch loss (``set_ghost_reach``)."""
        right, top = 0.0, 0.0
        for number, curve in self._curves.items():
            visible = number not in self._hidden and number != self._live
            curve.setVisible(visible)
            curve.tag.setVisible(visible and len(curve.record.curve) > 0)
            x, _ = curve.getData()
            if visible and x is not None and len(x):
                right = max(right, float(x[-1]))
                losses = curve.record.curve[:, 1]
                losses = losses[np.isfinite(losses)]
                top = max(top, float(losses.max()) if len(losses) else 0.0)
        # (a little headroom: the tag sits above the curve's last point)
        self.plot.set_ghost_reach((right, top * TOP_ROOM) if right > 0 else None)

    def _drop(self, number: int) -> None:
        curve = self._curves.pop(number)
        self.plot.remove_ghost_item(curve.tag)
        self.plot.remove_ghost_item(curve)
