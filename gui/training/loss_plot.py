"""The live loss plot: training and test loss per epoch, accuracy on a second axis.

``LossPlot`` is a pyqtgraph ``PlotWidget`` (objectName ``lossPlot``) whose first data item is the
training-loss curve. Curves are created once and refreshed with ``setData``; values that are not
finite are never plotted (one diverged value would flatten the real curve). Each mini-batch's
loss is a faint trace under the epoch curves, so the class sees the noise that mini-batches add.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QVBoxLayout, QWidget

from gui.training.frame import Frame
from gui.training.history import TrainingHistory

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
TRAIN_COLOUR = "#0072B2"  # blue
TEST_COLOUR = "#D55E00"  # vermilion
ACCURACY_COLOUR = "#009E73"  # bluish green
#: Epoch markers are drawn while there are at most this many epochs.
SYMBOLS_UP_TO = 40
BATCH_COLOUR = (160, 196, 228)  # the train colour, faint (opaque: cheaper to draw)
#: The mini-batch trace is drawn with at most this many points (min/max per bin): a long
#: stochastic run has tens of thousands of batches, which would cost more to draw than to train.
MAX_BATCH_POINTS = 2000


class LossPlot(pg.PlotWidget):
    """Loss per epoch (left axis) and accuracy in % (right axis)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("lossPlot")
        self.setMinimumSize(240, 200)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.25)
        font = QFont(self.font())
        font.setPointSizeF(max(10.0, font.pointSizeF()))
        for name in ("left", "bottom", "right"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen("#333333", width=1))
            axis.setTextPen(pg.mkPen("#222222"))
            axis.setTickFont(font)
            # Major ticks only: fewer grid lines read better on a projector and draw faster.
            axis.setStyle(maxTickLevel=0)
            # Kept as a pixmap, re-rendered only when the axis changes (a range, a resize):
            # the axes and their grid are most of a frame, and the frame rate is what counts.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        label_style = {"font-size": f"{font.pointSizeF() + 1:.0f}pt", "color": "#222222"}
        item.setLabel("bottom", "epoch", **label_style)
        item.setLabel("left", "loss (lower is better)", **label_style)

        legend = item.addLegend(
            offset=(-12, 12), labelTextSize=f"{font.pointSizeF():.0f}pt", labelTextColor="#222222"
        )
        legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        legend.setPen(pg.mkPen("#999999"))
        legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        # The first data item must be the training-loss curve (external checks rely on it).
        self.train_curve = item.plot(
            [],
            [],
            pen=pg.mkPen(TRAIN_COLOUR, width=3),
            symbol="o",
            symbolSize=7,
            symbolBrush=TRAIN_COLOUR,
            symbolPen=None,
            name="training loss",
        )
        self.test_curve = item.plot(
            [],
            [],
            pen=pg.mkPen(TEST_COLOUR, width=3, style=Qt.PenStyle.DashLine),
            symbol="s",
            symbolSize=7,
            symbolBrush=TEST_COLOUR,
            symbolPen=None,
            name="test loss",
        )
        self.batch_curve = item.plot([], [], pen=pg.mkPen(BATCH_COLOUR, width=1))
        self.batch_curve.setZValue(-10)

        # Accuracy lives in a second ViewBox tied to the right axis, fixed at 0-100 %.
        self.accuracy_view = pg.ViewBox()
        item.showAxis("right")
        item.scene().addItem(self.accuracy_view)
        right = item.getAxis("right")
        right.setGrid(False)  # one set of horizontal lines (the loss's) is easier to read
        right.linkToView(self.accuracy_view)
        right.setLabel(
            "test accuracy (%)", color=ACCURACY_COLOUR, **{"font-size": label_style["font-size"]}
        )
        self.accuracy_view.setXLink(item)
        self.accuracy_view.setYRange(0, 104, padding=0)  # room for the "100" label
        self.accuracy_view.setMouseEnabled(x=False, y=False)
        self.accuracy_curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(ACCURACY_COLOUR, width=3),
            symbol="t",
            symbolSize=8,
            symbolBrush=ACCURACY_COLOUR,
            symbolPen=None,
            name="test accuracy",
        )
        self.accuracy_view.addItem(self.accuracy_curve)
        item.getViewBox().sigResized.connect(self._sync_views)
        self._sync_views()

        legend.addItem(self.accuracy_curve, "test accuracy")
        # Middle right: the loss falls to the bottom and the accuracy climbs to the top.
        legend.anchor(itemPos=(1, 0.5), parentPos=(1, 0.5), offset=(-12, 0))
        self._show_batches = True
        self._log = False
        self._x_right = 0.0
        self._epoch_key: tuple[int, bool] | None = None
        self._symbols = True
        self._y_top = 0.0
        self._history: TrainingHistory | None = None
        self._revision = -1
        self._epochs_seen = 0
        self._batches_seen = 0
        self._data_top = -np.inf
        self._trace = PeakTrace(MAX_BATCH_POINTS)
        self._trace_dirty = True
        self._hint_state: tuple[bool, tuple[float, float]] | None = None
        self.hint = pg.TextItem(
            "Press Train (Space)\nand watch the loss fall", color="#555555", anchor=(0.5, 0.5)
        )
        self.hint.setFont(font)
        item.addItem(self.hint, ignoreBounds=True)
        item.disableAutoRange()
        self.setYRange(0, 1, padding=0)

    def _sync_views(self) -> None:
        view = self.getPlotItem().getViewBox()
        self.accuracy_view.setGeometry(view.sceneBoundingRect())
        self.accuracy_view.linkedViewChanged(view, self.accuracy_view.XAxis)

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self, history: TrainingHistory, planned_epochs: int = 0) -> None:
        """Bring every curve up to date with ``history`` (only finite values).

        Called on every frame while training, so the work is proportional to what is
        new: the epoch curves are re-set only when an epoch has ended, the mini-batch trace
        takes in only the batches added since the last call (kept at most ``MAX_BATCH_POINTS``
        points by min/max binning), and the axes are re-laid-out only when a range changes:
        the x axis spans the planned epochs and the y axis only grows (or resets when the loss
        range shrinks a lot), which also gives the class a still frame to read.
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
            _set_finite(self.train_curve, x, epochs[:, 1], positive=self._log)
            _set_finite(self.test_curve, x, epochs[:, 2], positive=self._log)
            _set_finite(self.accuracy_curve, x, 100.0 * epochs[:, 4])
            new_rows = epochs[self._epochs_seen :, 1:3]
            self._epochs_seen = len(epochs)
            self._grow_top(new_rows)
        if history.batch_count > self._batches_seen:
            new_x, new_y = history.batch_trace_since(self._batches_seen)
            self._batches_seen = history.batch_count
            if self._show_batches:
                self._grow_top(new_y)
            if not self._trace.extend(new_x, new_y):
                self._trace.rebuild(*history.batch_trace())
            self._trace_dirty = True
        if self._trace_dirty:
            self._trace_dirty = False
            if self._show_batches:
                bx, by = self._trace.data()
                if self._log:
                    keep = by > 0
                    bx, by = bx[keep], by[keep]
                self.batch_curve.setData(bx, by)
            else:
                self.batch_curve.setData([], [])
        last = max(float(epochs[-1, 0]) if len(epochs) else 0.0, self._trace.last_x)
        x_right = max(float(planned_epochs), last, 1.0)
        if x_right != self._x_right:
            self._x_right = x_right
            self.setXRange(0, x_right, padding=0.02)
        empty = not len(epochs) and not history.batch_count
        hint_pos = (x_right / 2, 0.8 if not self._log else 0.0)  # above the legend
        if (empty, hint_pos) != self._hint_state:
            self._hint_state = (empty, hint_pos)
            self.hint.setVisible(empty)
            self.hint.setPos(*hint_pos)
        if self._log:
            return
        top = self._data_top if self._data_top > -np.inf else 1.0
        if top > self._y_top or top < 0.3 * self._y_top:
            self._y_top = top * 1.08
            self.setYRange(0, self._y_top, padding=0)

    def _restart(self) -> None:
        """Forget what was read from the history (new history, cleared or rolled back)."""
        self._epoch_key = None
        self._epochs_seen = 0
        self._batches_seen = 0
        self._data_top = -np.inf
        self._trace.reset(max_points=self._trace_budget())
        self._trace_dirty = True

    def _trace_budget(self) -> int:
        """Two points per pixel column draw the min/max band exactly; more is wasted."""
        return min(MAX_BATCH_POINTS, max(400, 2 * self.width()))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        trace = getattr(self, "_trace", None)  # None while the base class is being built
        if trace is not None and not 0.6 < self._trace_budget() / trace.max_points < 1.6:
            self._revision = -1  # re-bin the trace for the new width at the next refresh

    def _grow_top(self, values: np.ndarray) -> None:
        """Track the largest finite value shown, without rescanning the whole history."""
        if values.size:
            finite = values[np.isfinite(values)]
            if finite.size:
                self._data_top = max(self._data_top, float(finite.max()))

    def _show_symbols(self, on: bool) -> None:
        """A marker per epoch helps count epochs; past a few dozen it is only clutter."""
        if on == self._symbols:
            return
        self._symbols = on
        self.train_curve.setSymbol("o" if on else None)
        self.test_curve.setSymbol("s" if on else None)
        self.accuracy_curve.setSymbol("t" if on else None)

    def set_log_scale(self, on: bool) -> None:
        """Log scale shows the late, small improvements that a linear axis flattens."""
        self._log = on
        item = self.getPlotItem()
        item.setLogMode(x=False, y=on)
        if on:
            item.enableAutoRange(axis="y")
        else:
            item.disableAutoRange(axis="y")
        self._y_top = 0.0
        self._revision = -1  # re-read everything: the curves drop values <= 0 in log scale

    def set_batches_visible(self, on: bool) -> None:
        self._show_batches = on
        self.batch_curve.setVisible(on)
        self._y_top = 0.0  # the batch trace reaches higher than the epoch curves
        self._revision = -1  # the y range depends on whether the trace counts

    def training_loss_points(self) -> tuple[np.ndarray, np.ndarray]:
        """What the training-loss curve currently draws (x, y)."""
        x, y = self.train_curve.getData()
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


class PeakTrace:
    """The mini-batch trace, min/max-binned incrementally to at most ``max_points`` points.

    Up to ``max_points`` batches are kept as they are. Beyond that, consecutive batches are
    grouped in bins of ``size`` (a power of two) and each bin is drawn as two points at its
    mean x, its minimum and its maximum loss: the band the noise spans is kept exactly.
    ``extend`` costs time in proportion to the new points; when the bins would exceed the
    budget it returns False and the owner calls ``rebuild`` with the whole trace (with a
    doubled bin size: that happens only a logarithmic number of times per run).
    """

    def __init__(self, max_points: int) -> None:
        self.reset(max_points)

    def reset(self, max_points: int | None = None, size: int = 1) -> None:
        if max_points is not None:
            self.max_points = max(4, int(max_points))
        self.size = size
        self._x = np.empty(0)
        self._lo = np.empty(0)
        self._hi = np.empty(0)
        self._bins = 0
        self._pending_x = np.empty(0)
        self._pending_y = np.empty(0)
        self.last_x = 0.0

    @property
    def capacity(self) -> int:
        """Bins allowed: raw points count one each, min/max bins two each."""
        return self.max_points if self.size == 1 else self.max_points // 2

    def extend(self, x: np.ndarray, y: np.ndarray) -> bool:
        """Add points (finite, in order of x). False if the budget is exceeded."""
        if not len(x):
            return True
        self.last_x = float(x[-1])
        if self.size == 1:
            px, py = x, y
        else:
            px = np.concatenate([self._pending_x, x])
            py = np.concatenate([self._pending_y, y])
        full = len(px) - len(px) % self.size
        if full:
            if self.size == 1:
                centres, lows, highs = px, py, py
            else:
                xs = px[:full].reshape(-1, self.size)
                ys = py[:full].reshape(-1, self.size)
                centres, lows, highs = xs.mean(axis=1), ys.min(axis=1), ys.max(axis=1)
            if self._bins + len(centres) > self.capacity:
                return False
            self._append(centres, lows, highs)
        self._pending_x, self._pending_y = px[full:], py[full:]
        return True

    def rebuild(self, x: np.ndarray, y: np.ndarray) -> None:
        """Start over from the whole trace with the smallest bin size that fits the budget."""
        size = 1
        while -(-len(x) // size) > (self.max_points if size == 1 else self.max_points // 2):
            size *= 2
        self.reset(size=size)
        # Room to grow: the bins fill at most half the budget after a rebuild.
        if size > 1 and -(-len(x) // size) > self.capacity // 2:
            self.reset(size=2 * size)
        self.extend(x, y)

    def _append(self, centres: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> None:
        n = self._bins + len(centres)
        if n > len(self._x):
            room = max(n, 2 * len(self._x), 64)
            for name in ("_x", "_lo", "_hi"):
                grown = np.empty(room)
                grown[: self._bins] = getattr(self, name)[: self._bins]
                setattr(self, name, grown)
        self._x[self._bins : n] = centres
        self._lo[self._bins : n] = lows
        self._hi[self._bins : n] = highs
        self._bins = n

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """The points to draw (x ascending): raw, or (x, min), (x, max) per bin."""
        b = self._bins
        if self.size == 1:
            return self._x[:b].copy(), self._lo[:b].copy()
        x, lo, hi = self._x[:b], self._lo[:b], self._hi[:b]
        if len(self._pending_x):  # the bin still filling is drawn as it stands
            x = np.append(x, self._pending_x.mean())
            lo = np.append(lo, self._pending_y.min())
            hi = np.append(hi, self._pending_y.max())
        return np.repeat(x, 2), np.column_stack([lo, hi]).ravel()

    def __len__(self) -> int:
        """Points ``data`` returns."""
        extra = 1 if len(self._pending_x) else 0
        return self._bins if self.size == 1 else 2 * (self._bins + extra)


def _set_finite(
    curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, positive: bool = False
) -> None:
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


class LossPanel(QWidget):
    """The plot with its two switches: log scale and the per-batch trace."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPanel")
        self.plot = LossPlot(self)
        self.log_check = QCheckBox("Log scale")
        self.log_check.setObjectName("logScaleCheck")
        self.log_check.setToolTip(
            "Spread out the small numbers: late in training the loss still falls, but by so "
            "little that a normal axis hides it."
        )
        self.batch_check = QCheckBox("Show every mini-batch")
        self.batch_check.setObjectName("batchTraceCheck")
        self.batch_check.setChecked(True)
        self.batch_check.setToolTip(
            "The faint line is the loss of each mini-batch: noisy, because each batch is a "
            "different handful of pictures. The thick line is the whole epoch."
        )
        self.log_check.toggled.connect(self._on_log_toggled)
        self.batch_check.toggled.connect(self._on_batches_toggled)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.batch_check)
        row.addWidget(self.log_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        self._history: TrainingHistory | None = None
        self._planned = 0

    def on_frame(self, frame: Frame) -> None:
        """Bring the plot up to date with the frame's history (only what is new is drawn)."""
        self.refresh(frame.history, frame.progress.target)

    def refresh(self, history: TrainingHistory, planned_epochs: int = 0) -> None:
        self._history = history
        self._planned = planned_epochs
        self.plot.refresh(history, planned_epochs)

    def _on_batches_toggled(self, on: bool) -> None:
        self.plot.set_batches_visible(on)
        if self._history is not None:
            self.plot.refresh(self._history, self._planned)

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.set_log_scale(on)
        if self._history is not None:
            self.plot.refresh(self._history, self._planned)
