"""The live loss plot: training and test loss per epoch, accuracy on its own linear axis.

``LossPlot`` is a pyqtgraph ``PlotWidget`` (objectName ``lossPlot``) whose first data item is the
training-loss curve. Curves are created once and refreshed with ``setData``; values that are not
finite are never plotted (one diverged value would flatten the real curve).

What keeps it truthful (issue 8):
- the axes (plot_axes.py): plain numbers, no SI prefix; log scale for the loss only, in decades;
- the mini-batch trace (batch_trace.py): raw losses faint, their running mean over one epoch
  on top, so stochastic gradient descent reads as a band with a line through it;
- the y-range follows the bulk of the loss (``plot_axes.loss_range``) and the points above it
  are marked at the edge (plot_marks.py), as are a blow-up and a stepped mini-batch;
- the legend is outside the data, so it never covers a curve: under the plot in the panel (a
  wrapping line of text, ``legend_names``), or in the plot's own layout under the axis for an
  exported file (``legend_in_plot``).

The x axis spans the planned epochs (a still frame for the class to read); while stepping batch
by batch it zooms to the epoch being stepped through. Ghost curves of earlier runs may be added
with ``add_ghost_item``: the ranges are computed from this run's numbers only, so they never
move the axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QWidget

from gui.training.batch_trace import MAX_BATCH_POINTS, PeakTrace, running_mean, thin
from gui.training.history import Divergence, TrainingHistory
from gui.training.plot_axes import LinearAxis, LossAxis, font_css, style_axis
from gui.training.plot_marks import PlotMarks, curve_data, set_finite
from gui.training.plot_ranges import choose_ranges, should_move

__all__ = ["MAX_BATCH_POINTS", "SYMBOLS_UP_TO", "LossPlot", "PeakTrace"]

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
TRAIN_COLOUR = "#0072B2"  # blue
TEST_COLOUR = "#D55E00"  # vermilion
ACCURACY_COLOUR = "#009E73"  # bluish green
#: The axis labels: (long, short when the plot is too short for the long one).
LOSS_LABELS = ("loss (lower is better)", "loss")
ACCURACY_LABELS = ("test accuracy (%)", "accuracy %")
#: Epoch markers are drawn while there are at most this many epochs.
SYMBOLS_UP_TO = 40
BATCH_COLOUR = (0, 114, 178, 45)  # the train colour, faint: the raw mini-batch losses
MEAN_COLOUR = (86, 180, 233)  # sky blue: their running mean over one epoch
#: The running mean is drawn with at most this many points (it is smooth).
MAX_MEAN_POINTS = 1000


class LossPlot(pg.PlotWidget):
    """Loss per epoch (left axis) and test accuracy in % (right axis, always linear)."""

    #: The legend's rows changed (a mark appeared or went): the panel rewrites its legend.
    sigLegendChanged = Signal()

    def __init__(self, parent: QWidget | None = None, legend_in_plot: bool = False) -> None:
        axes = {"left": LossAxis("left"), "bottom": LinearAxis("bottom")}
        axes["right"] = LinearAxis("right")
        super().__init__(parent, background="w", axisItems=axes)
        self.setObjectName("lossPlot")
        self.setMinimumSize(240, 160)  # (the readout and the legend sit above and below it)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.25)

        # Outside the data, never over a curve. On screen the panel writes it under the plot
        # (it wraps in a narrow panel); in a file it is a row of the plot's layout.
        #: The x axis's title; ghost_runs.py makes it "updates …" when the axis counts updates.
        self.x_title = "epoch"
        self.legend = pg.LegendItem(colCount=4, frame=False)
        if legend_in_plot:
            item.layout.addItem(self.legend, 4, 1)
        item.legend = self.legend  # curves created with a name join it

        # The first data item must be the training-loss curve (external checks rely on it).
        self.train_curve = item.plot(
            [], [], pen=pg.mkPen(TRAIN_COLOUR, width=3), symbol="o", symbolSize=7,
            symbolBrush=TRAIN_COLOUR, symbolPen=None, name="training loss",
        )  # fmt: skip
        self.test_curve = item.plot(
            [], [], pen=pg.mkPen(TEST_COLOUR, width=3, style=Qt.PenStyle.DashLine), symbol="s",
            symbolSize=7, symbolBrush=TEST_COLOUR, symbolPen=None, name="test loss",
        )  # fmt: skip
        self.batch_curve = item.plot([], [], pen=pg.mkPen(BATCH_COLOUR, width=1))
        self.batch_curve.setZValue(-10)
        self.mean_curve = item.plot(
            [], [], pen=pg.mkPen(MEAN_COLOUR, width=2), name="mini-batch loss, epoch mean"
        )
        self.mean_curve.setZValue(-5)

        # Accuracy lives in a second ViewBox tied to the right axis, fixed at 0-100 %.
        self.accuracy_view = pg.ViewBox()
        item.showAxis("right")
        item.scene().addItem(self.accuracy_view)
        right = item.getAxis("right")
        right.setGrid(False)  # one set of horizontal lines (the loss's) is easier to read
        right.linkToView(self.accuracy_view)
        self.accuracy_view.setXLink(item)
        self.accuracy_view.setYRange(0, 104, padding=0)  # room for the "100" label
        self.accuracy_view.setMouseEnabled(x=False, y=False)
        self.accuracy_curve = pg.PlotDataItem(
            [], [], pen=pg.mkPen(ACCURACY_COLOUR, width=3), symbol="t", symbolSize=8,
            symbolBrush=ACCURACY_COLOUR, symbolPen=None, name="test accuracy",
        )  # fmt: skip
        self.accuracy_view.addItem(self.accuracy_curve)
        self.legend.addItem(self.accuracy_curve, "test accuracy")
        item.getViewBox().sigResized.connect(self._sync_views)
        self._sync_views()

        self.marks = PlotMarks(item)
        #: Legend rows shown only while their mark is on the plot.
        self._extra_legend = {self.marks.off_scale: "above the axis", self.marks.tail: "blow-up"}
        self.hint = pg.TextItem(
            "Press Train (Space)\nand watch the loss fall", color="#555555", anchor=(0.5, 0.5)
        )
        item.addItem(self.hint, ignoreBounds=True)
        item.disableAutoRange()
        self.setMouseEnabled(x=False, y=False)  # the ranges are the plot's to keep honest
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self._legend_shown: list[str] = []
        self._ghosts: list[pg.GraphicsObject] = []
        self._ghost_reach: tuple[float, float] | None = None  # (x, loss) the axes must reach
        self._show_batches = True
        self._log = False
        self._step_view = False
        self._symbols = True
        self._x_range: tuple[float, float] | None = None
        self._range_state: tuple[object, ...] | None = None
        self._y_range: tuple[float, float] | None = None
        self._history: TrainingHistory | None = None
        self._revision = -1
        self._epoch_key: tuple[int, bool] | None = None
        self._batches_seen = 0
        self._trace = PeakTrace(MAX_BATCH_POINTS)
        self._trace_dirty = True
        self._mean = (np.empty(0), np.empty(0))
        self.apply_font()
        self.setYRange(0, 1, padding=0)

    def _sync_views(self) -> None:
        view = self.getPlotItem().getViewBox()
        self.accuracy_view.setGeometry(view.sceneBoundingRect())
        self.accuracy_view.linkedViewChanged(view, self.accuracy_view.XAxis)

    # ---- fonts (the presentation zoom scales the widget's font) --------------------------------
    def apply_font(self) -> None:
        """Ticks, axis labels, legend and marks in the widget's font, whatever its size."""
        font = QFont(self.font())
        item = self.getPlotItem()
        style_axis(item.getAxis("bottom"), font, self.x_title)
        # The long labels when the plot is tall enough for them (a zoomed or short plot would
        # clip them), else the short ones.
        # The room is the data area's height once laid out (the widget's, less the bottom
        # axis and margins, before): the long label must fit beside the data, not the widget.
        view_height = item.getViewBox().sceneBoundingRect().height()
        room = view_height or self.height() - 4 * QFontMetrics(font).height()
        for name, labels, colour in (
            ("left", LOSS_LABELS, "#222222"),
            ("right", ACCURACY_LABELS, ACCURACY_COLOUR),
        ):
            long_label = QFontMetricsF(font).horizontalAdvance(labels[0]) * 1.1 <= room
            style_axis(item.getAxis(name), font, labels[0 if long_label else 1], colour)
        self._labels_for = self.height()
        self.legend.setLabelTextSize(font_css(font))
        self.legend.setLabelTextColor("#222222")
        for _, label in self.legend.items:  # (the two setters above do not redraw a label)
            label.setText(label.text, size=font_css(font), color="#222222")
        self.legend.updateSize()
        self.hint.setFont(font)
        self.marks.set_font(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "marks"):
            self.apply_font()

    # ---- ghosts (earlier runs, drawn by another module) ----------------------------------------
    def add_ghost_item(self, item: pg.GraphicsObject) -> None:
        """Draw ``item`` (e.g. an earlier run's curve) behind this run's; it never moves the
        axes: the ranges are computed from this run's history only."""
        item.is_ghost = True
        item.setZValue(-20)
        self.getPlotItem().addItem(item, ignoreBounds=True)
        self._ghosts.append(item)

    def remove_ghost_item(self, item: pg.GraphicsObject) -> None:
        if item in self._ghosts:
            self._ghosts.remove(item)
            self.getPlotItem().removeItem(item)

    def ghost_items(self) -> list[pg.GraphicsObject]:
        return list(self._ghosts)

    def set_ghost_reach(self, reach: tuple[float, float] | None) -> None:
        """Hook for gui/training/ghost_runs.py: while ghosts are shown to be compared, the
        axes reach (x, loss) at least, so an earlier run that was longer or stayed higher is
        not cut off; None: the ranges are this run's alone. Applied at the next refresh."""
        if reach != self._ghost_reach:
            self._ghost_reach = reach
            self._range_state = None

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self, history: TrainingHistory, planned_epochs: int = 0) -> None:
        """Bring every curve up to date with ``history`` (only finite values).

        Called on every frame while training, so the work follows what is new: the epoch
        curves are re-set only when an epoch has ended, the raw trace takes in only the new
        mini-batches (kept at most ``MAX_BATCH_POINTS`` points by min/max binning), and an
        axis is re-laid-out only when its range must change.
        """
        if history is not self._history or history.revision != self._revision:
            self._history = history
            self._revision = history.revision
            self._restart()
        epochs = history.columns()
        key = (len(epochs), self._log)
        if key != self._epoch_key:  # epoch curves change only when an epoch ends
            self._epoch_key = key
            self._show_symbols(len(epochs) <= SYMBOLS_UP_TO)
            x = epochs[:, 0]
            set_finite(self.train_curve, x, epochs[:, 1], positive=self._log)
            set_finite(self.test_curve, x, epochs[:, 2], positive=self._log)
            set_finite(self.accuracy_curve, x, 100.0 * epochs[:, 4])
        if history.batch_count > self._batches_seen:
            new_x, new_y = history.batch_trace_since(self._batches_seen)
            self._batches_seen = history.batch_count
            if not self._trace.extend(new_x, new_y):
                self._trace.rebuild(*history.batch_trace())
            self._trace_dirty = True
        if self._trace_dirty:
            self._trace_dirty = False
            self._draw_trace(history)
        self._update_ranges(history, epochs, planned_epochs)

    def _draw_trace(self, history: TrainingHistory) -> None:
        """The raw losses (faint) and their running mean over one epoch's worth of updates."""
        if not self._show_batches:
            self.batch_curve.setData([], [])
            self.mean_curve.setData([], [])
            self._mean = (np.empty(0), np.empty(0))
            return
        bx, by = self._trace.data()
        x, y = history.batch_trace()
        window = history.batches_per_epoch or max(1, len(y) // max(1, history.last_epoch or 1))
        mx, my = thin(x, running_mean(y, window), MAX_MEAN_POINTS)
        self._mean = (mx, my)
        if self._log:
            bx, by = bx[by > 0], by[by > 0]
            mx, my = mx[my > 0], my[my > 0]
        self.batch_curve.setData(bx, by)
        self.mean_curve.setData(mx, my)

    def _update_ranges(
        self, history: TrainingHistory, epochs: np.ndarray, planned_epochs: int
    ) -> None:
        """The ranges (plot_ranges.py) and the marks that depend on them, when anything they
        depend on changed (a tick with nothing new costs nothing)."""
        gone = history.divergence
        state = (len(epochs), history.batch_count, planned_epochs, self._log, self._show_batches,
                 self._step_view, id(gone), self._revision)  # fmt: skip
        if state == self._range_state:
            return
        self._range_state = state
        step = self.stepped_batch() if self._step_view else None
        trace = self._trace.data() if self._show_batches else None
        x_range, wanted = choose_ranges(
            epochs, trace, self._mean[1][-1:], self._trace.last_x,
            history.batch_trace() if step is not None else (np.empty(0), np.empty(0)),
            gone, step, planned_epochs, self._log,
        )  # fmt: skip
        if self._ghost_reach is not None and step is None and gone is None:
            x_range, wanted = self._reach_ghosts(x_range, wanted)
        if x_range != self._x_range:
            self._x_range = x_range
            pad = 0.02 * (x_range[1] - x_range[0])
            self.setXRange(x_range[0] - pad, x_range[1] + pad, padding=0)
        if wanted is not None and should_move(self._y_range, wanted, self._log, step is not None):
            self._y_range = wanted
            lo, hi = wanted  # (a little room below 0, so the 0 tick has its label)
            self.setYRange(lo - (0 if self._log else 0.03 * (hi - lo)), hi, padding=0)
        bottom, top = self._y_range if self._y_range is not None else (0.0, 1.0)
        self._update_marks(epochs, trace, gone, step, top, bottom)
        empty = not len(epochs) and not history.batch_count and gone is None
        self.hint.setVisible(empty)
        if empty:
            self.hint.setPos(sum(x_range) / 2, (top + bottom) / 2)

    def _reach_ghosts(
        self, x_range: tuple[float, float], wanted: tuple[float, float] | None
    ) -> tuple[tuple[float, float], tuple[float, float] | None]:
        """The ranges stretched to the ghosts' reach (view units: log10 of the loss in log)."""
        assert self._ghost_reach is not None
        right, top = self._ghost_reach
        x_range = (x_range[0], max(x_range[1], right))
        if wanted is not None and top > 0:
            wanted = (wanted[0], max(wanted[1], float(np.log10(top)) if self._log else top))
        return x_range, wanted

    def _update_marks(
        self, epochs: np.ndarray, trace: tuple[np.ndarray, np.ndarray] | None,
        gone: Divergence | None, step: tuple[float, float] | None, top: float, bottom: float,
    ) -> None:  # fmt: skip
        marks = self.marks
        marks.log = self._log
        xs = [epochs[:, 0], epochs[:, 0]]
        ys = [epochs[:, 1], epochs[:, 2]]
        if trace is not None:
            xs.append(trace[0])
            ys.append(trace[1])
        above = marks.show_off_scale(np.concatenate(xs), np.concatenate(ys), top, bottom)
        if gone is not None:
            marks.show_divergence(gone, top, bottom)
        else:
            marks.hide_divergence()
        self._legend_row(marks.off_scale, above > 0)
        self._legend_row(marks.tail, gone is not None)
        if self.legend_names() != self._legend_shown:
            self._legend_shown = self.legend_names()
            self.sigLegendChanged.emit()
        if step is not None:
            marks.show_step(step[0], step[1], f" batch loss {step[1]:.4f}")
        else:
            marks.show_step(None, 0.0, "")

    def legend_names(self) -> list[str]:
        """The legend's rows, in order (what the curves and the marks on the plot are)."""
        return [label.text for _, label in self.legend.items]

    def _legend_row(self, mark: pg.PlotDataItem, on: bool) -> None:
        """Show the legend row of ``mark`` while it is on the plot."""
        listed = self.legend.getLabel(mark) is not None
        if on and not listed:
            self.legend.addItem(mark, self._extra_legend[mark])
            self.apply_font()
        elif listed and not on:
            self.legend.removeItem(mark)

    def stepped_batch(self) -> tuple[float, float] | None:
        """(x, loss) of the newest mini-batch, if it belongs to the last epoch or a later one
        (the last batch of an epoch ends it: it is still the one just stepped)."""
        history = self._history
        if history is None or not history.batch_count:
            return None
        x, y = history.batch_trace_since(history.batch_count - 1)
        if not len(x) or x[-1] <= history.last_epoch - 1 + 1e-9:
            return None
        return float(x[-1]), float(y[-1])

    def _restart(self) -> None:
        """Forget what was read from the history (new history, cleared or rolled back)."""
        self._epoch_key = None
        self._batches_seen = 0
        self._trace.reset(max_points=self._trace_budget())
        self._trace_dirty = True
        self._y_range = None

    def _trace_budget(self) -> int:
        """Two points per pixel column draw the min/max band exactly; more is wasted."""
        return min(MAX_BATCH_POINTS, max(400, 2 * self.width()))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if getattr(self, "_labels_for", None) not in (None, self.height()):
            self.apply_font()  # the axis labels that fit the new height
        trace = getattr(self, "_trace", None)  # None while the base class is being built
        if trace is not None and not 0.6 < self._trace_budget() / trace.max_points < 1.6:
            self._revision = -1  # re-bin the trace for the new width at the next refresh

    def _show_symbols(self, on: bool) -> None:
        """A marker per epoch helps count epochs; past a few dozen it is only clutter."""
        if on == self._symbols:
            return
        self._symbols = on
        self.train_curve.setSymbol("o" if on else None)
        self.test_curve.setSymbol("s" if on else None)
        self.accuracy_curve.setSymbol("t" if on else None)

    # ---- switches -----------------------------------------------------------------------------
    def set_log_scale(self, on: bool) -> None:
        """Log scale shows the late, small improvements that a linear axis flattens."""
        self._log = on
        item = self.getPlotItem()
        item.setLogMode(x=False, y=on)
        item.disableAutoRange()  # (setLogMode turns it on)
        self._revision = -1  # re-read everything: the curves drop values <= 0 in log scale

    def is_log_scale(self) -> bool:
        return self._log

    def set_batches_visible(self, on: bool) -> None:
        self._show_batches = on
        self.batch_curve.setVisible(on)
        self.mean_curve.setVisible(on)
        self._revision = -1  # the y range depends on whether the trace counts

    def set_step_view(self, on: bool) -> None:
        """Zoom to the epoch being stepped through, with the stepped batch marked (key N)."""
        if on != self._step_view:
            self._step_view = on
            self._x_range = None
            self._y_range = None

    # ---- reading ------------------------------------------------------------------------------
    def training_loss_points(self) -> tuple[np.ndarray, np.ndarray]:
        """What the training-loss curve currently draws (x, y)."""
        return curve_data(self.train_curve)

    def curve_points(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) drawn by ``train``, ``test``, ``accuracy`` (in %), ``batches``, ``mean``, or
        ``blow_up`` (the mini-batches up to a blow-up)."""
        curves = {
            "train": self.train_curve,
            "test": self.test_curve,
            "accuracy": self.accuracy_curve,
            "batches": self.batch_curve,
            "mean": self.mean_curve,
            "blow_up": self.marks.tail,
        }
        return curve_data(curves[name])

    def hover_text(self) -> str:
        return self.marks.hover_text()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        """Hover: the numbers of the epoch under the cursor."""
        rows = self._history.rows if self._history is not None else []
        self.marks.hover_at(pos, rows)


def __getattr__(name: str) -> Any:
    """``LossPanel`` moved to loss_panel.py; ``from gui.training.loss_plot import LossPanel``
    still works (imported on first use: loss_panel imports this module)."""
    if name == "LossPanel":
        from gui.training.loss_panel import LossPanel

        return LossPanel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
