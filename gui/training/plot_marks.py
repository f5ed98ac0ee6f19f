"""What the loss plot draws over its curves: points above the axis, a blow-up, a stepped batch,
and the numbers under the cursor.

Every mark is in data units (PlotDataItems follow the plot's log mode by themselves); text
positions go through ``PlotMarks.view_y`` (log10 of the loss in log scale).

- Off-scale points (above the y-range, which follows the bulk of the loss) are triangles at the
  top edge, in their curve's colour: nothing is hidden and nothing is squashed.
- A blow-up (``history.divergence``): the mini-batches after the last good epoch up to the
  explosion in red, an X where the run was stopped (at the edge if off the scale) with its loss,
  and a dashed line at the epoch the weights were rolled back to.
- A stepped mini-batch: a big point with its loss written beside it.
- Hover: a vertical line at the epoch under the cursor and its numbers in a box.

``set_finite`` and ``curve_data`` put data into a curve and read it back (in data units).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont

from gui.training.history import Divergence, EpochRow

BLOW_UP_COLOUR = "#CC0000"
STEP_COLOUR = "#000000"
#: Off-scale marks sit this fraction of the y-range below the top edge.
EDGE_INSET = 0.025


def _marker(colour: str, symbol: str, size: int) -> pg.PlotDataItem:
    return pg.PlotDataItem(
        [],
        [],
        pen=None,
        symbol=symbol,
        symbolSize=size,
        symbolBrush=colour,
        symbolPen=pg.mkPen("w", width=1),
    )


class PlotMarks:
    """The marks of one ``PlotItem`` (created once; each ``show_*`` updates them)."""

    def __init__(self, item: pg.PlotItem) -> None:
        self.item = item
        self.log = False
        self.off_scale = _marker("#555555", "t1", 11)
        self.tail = pg.PlotDataItem(
            [], [], pen=pg.mkPen(BLOW_UP_COLOUR, width=2), symbol="o", symbolSize=5,
            symbolBrush=BLOW_UP_COLOUR, symbolPen=None,
        )  # fmt: skip
        self.stop = _marker(BLOW_UP_COLOUR, "x", 22)
        self.stop_text = pg.TextItem("", color=BLOW_UP_COLOUR, anchor=(1, 0))
        self.rollback = pg.InfiniteLine(
            angle=90, pen=pg.mkPen(BLOW_UP_COLOUR, width=2, style=Qt.PenStyle.DashLine)
        )
        self.step_point = _marker(STEP_COLOUR, "o", 16)
        self.step_text = pg.TextItem("", color=STEP_COLOUR, anchor=(0, 1))
        self.hover_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#777777", width=1))
        self.hover = pg.TextItem(
            "", color="#111111", fill=pg.mkBrush(255, 255, 255, 235), border=pg.mkPen("#999999")
        )
        for mark in (self.off_scale, self.tail, self.stop, self.step_point):
            item.addItem(mark)
        for extra in (
            self.stop_text,
            self.rollback,
            self.step_text,
            self.hover_line,
            self.hover,
        ):
            item.addItem(extra, ignoreBounds=True)
        for z, mark in enumerate((self.tail, self.off_scale, self.stop, self.step_point)):
            mark.setZValue(20 + z)
        for text in (self.stop_text, self.step_text, self.hover, self.hover_line):
            text.setZValue(40)
        self.hide_divergence()
        self.show_step(None, 0.0, "")
        self.hide_hover()

    def set_font(self, font: QFont) -> None:
        for text in (self.stop_text, self.step_text, self.hover):
            text.setFont(font)

    def view_y(self, y: float) -> float:
        """A loss in the view's units (log10 in log scale)."""
        return math.log10(y) if self.log and y > 0 else y

    def edge(self, top: float, bottom: float) -> float:
        """The loss drawn just inside the top edge of a y-range given in view units."""
        v = top - EDGE_INSET * (top - bottom)
        return 10.0**v if self.log else v

    # ---- off the scale -----------------------------------------------------------------------
    def show_off_scale(self, x: np.ndarray, y: np.ndarray, top: float, bottom: float) -> int:
        """Triangles at the top edge for the points above ``top`` (view units); the count."""
        limit = 10.0**top if self.log else top
        above = np.isfinite(y) & (y > limit)
        xs = x[above]
        self.off_scale.setData(xs, np.full(len(xs), self.edge(top, bottom)))
        return len(xs)

    # ---- a blow-up ---------------------------------------------------------------------------
    def show_divergence(self, gone: Divergence, top: float, bottom: float) -> None:
        finite = np.isfinite(gone.losses)
        self.tail.setData(gone.x[finite], gone.losses[finite])
        loss = gone.stop_loss
        limit = 10.0**top if self.log else top
        shown = loss if math.isfinite(loss) and loss <= limit else self.edge(top, bottom)
        self.stop.setData([gone.stop_x], [shown])
        self.stop_text.setText(
            f"blew up: loss {loss:,.6g}\nrolled back to epoch {gone.rolled_back_to}"
        )
        self.stop_text.setPos(gone.stop_x, self.view_y(shown))
        # Beside the X, on the side with room: right of it in the left half of the plot.
        (x_lo, x_hi), _ = self.item.getViewBox().viewRange()
        self.stop_text.setAnchor((0, 0) if gone.stop_x < (x_lo + x_hi) / 2 else (1, 0))
        self.rollback.setPos(gone.rolled_back_to)
        for mark in (self.tail, self.stop, self.stop_text, self.rollback):
            mark.setVisible(True)

    def hide_divergence(self) -> None:
        self.tail.setData([], [])
        self.stop.setData([], [])
        for mark in (self.tail, self.stop, self.stop_text, self.rollback):
            mark.setVisible(False)

    # ---- a stepped mini-batch ------------------------------------------------------------------
    def show_step(self, x: float | None, loss: float, text: str) -> None:
        """The mini-batch the run stands at (None: hide)."""
        on = x is not None and math.isfinite(loss)
        self.step_point.setVisible(on)
        self.step_text.setVisible(on)
        if x is None or not on:
            self.step_point.setData([], [])
            return
        self.step_point.setData([x], [loss])
        self.step_text.setText(text)
        self.step_text.setPos(x, self.view_y(loss))

    # ---- hover -------------------------------------------------------------------------------
    def show_hover(self, row: EpochRow, y_view: float, right_half: bool) -> None:
        self.hover.setText(hover_text(row))
        self.hover.setAnchor((1, 0) if right_half else (0, 0))
        self.hover.setPos(row.epoch, y_view)
        self.hover_line.setPos(row.epoch)
        self.hover.setVisible(True)
        self.hover_line.setVisible(True)

    def hover_at(self, pos: QPointF, rows: Sequence[EpochRow]) -> None:
        """The epoch nearest the cursor at scene position ``pos`` (nothing off the data)."""
        view = self.item.getViewBox()
        if not rows or not view.sceneBoundingRect().contains(pos):
            self.hide_hover()
            return
        x = view.mapSceneToView(pos).x()
        epochs = np.array([row.epoch for row in rows])
        row = rows[int(np.argmin(np.abs(epochs - x)))]
        (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
        self.show_hover(row, y_hi - 0.02 * (y_hi - y_lo), row.epoch > (x_lo + x_hi) / 2)

    def hide_hover(self) -> None:
        self.hover.setVisible(False)
        self.hover_line.setVisible(False)
        self.hover.setText("")

    def hover_text(self) -> str:
        """What the hover box says ('' when hidden)."""
        return self.hover.toPlainText() if self.hover.isVisible() else ""


def hover_text(row: EpochRow) -> str:
    """The numbers of one epoch, as the hover box shows them."""
    accuracy = row.test_accuracy
    shown = f"{100 * accuracy:.2f} %" if math.isfinite(accuracy) else "–"
    return (
        f"epoch {row.epoch}\n"
        f"training loss {row.train_loss:.4f}\n"
        f"test loss {row.test_loss:.4f}\n"
        f"test accuracy {shown}"
    )


def curve_data(curve: pg.PlotDataItem) -> tuple[np.ndarray, np.ndarray]:
    """The curve's data as given (losses, not their log10 in log scale)."""
    x, y = curve.xData, curve.yData
    if x is None or y is None:
        return np.empty(0), np.empty(0)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def set_finite(
    curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, positive: bool = False
) -> None:
    """Hand ``curve`` only the finite points (only the positive ones in log scale)."""
    keep = np.isfinite(x) & np.isfinite(y)
    if positive:
        keep &= y > 0
    xs, ys = x[keep], y[keep]
    # A missing epoch (e.g. a gap in an opened model's history) is a gap in the line, not a
    # bridge over it; non-finite values are never handed to pyqtgraph.
    steps = np.diff(xs) <= 1 + 1e-9
    if steps.all():
        curve.setData(xs, ys, connect="all")
    else:
        curve.setData(xs, ys, connect=np.append(steps, False))
