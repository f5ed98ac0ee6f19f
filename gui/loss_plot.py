"""The live loss plot: training and test loss per epoch, accuracy on a second axis.

``LossPlot`` is a pyqtgraph ``PlotWidget`` (objectName ``lossPlot``) whose first data item is the
training-loss curve. Curves are created once and refreshed with ``setData``; values that are not
finite are never plotted (one diverged value would flatten the real curve). Each mini-batch's
loss is a faint trace under the epoch curves, so the class sees the noise that mini-batches add.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from gui.training_history import TrainingHistory

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
TRAIN_COLOUR = "#0072B2"  # blue
TEST_COLOUR = "#D55E00"  # vermilion
ACCURACY_COLOUR = "#009E73"  # bluish green
#: Epoch markers are drawn while there are at most this many epochs.
SYMBOLS_UP_TO = 40
BATCH_COLOUR = (160, 196, 228)  # the train colour, faint (opaque: cheaper to draw)


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
        label_style = {"font-size": f"{font.pointSizeF() + 1:.0f}pt", "color": "#222222"}
        item.setLabel("bottom", "epoch", **label_style)
        item.setLabel("left", "loss (lower is better)", **label_style)

        legend = item.addLegend(
            offset=(-12, 12), labelTextSize=f"{font.pointSizeF():.0f}pt", labelTextColor="#222222"
        )
        legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        legend.setPen(pg.mkPen("#999999"))

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
        self._epoch_key: tuple[int, float, bool] | None = None
        self._symbols = True
        self._y_top = 0.0
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
        """Redraw every curve from ``history`` (only finite values).

        The x axis spans the planned epochs and the y axis only grows (or resets when the loss
        range shrinks a lot), so the axes are not re-laid-out on every update: cheap redraws,
        and a still frame the class can read while the curve moves.
        """
        epochs = history.column("epoch")
        train = history.column("train_loss")
        test = history.column("test_loss")
        key = (epochs.size, float(epochs[-1]) if epochs.size else 0.0, self._log)
        if key != self._epoch_key:  # epoch curves change only when an epoch ends
            self._epoch_key = key
            self._show_symbols(epochs.size <= SYMBOLS_UP_TO)
            _set_finite(self.train_curve, epochs, train, positive=self._log)
            _set_finite(self.test_curve, epochs, test, positive=self._log)
            _set_finite(self.accuracy_curve, epochs, 100.0 * history.column("test_accuracy"))
        batch_x, batch_y = history.batch_trace()
        if self._show_batches:
            keep = np.isfinite(batch_y) & ((batch_y > 0) if self._log else True)
            budget = max(200, 2 * self.width())
            self.batch_curve.setData(*peak_downsample(batch_x[keep], batch_y[keep], budget))
        else:
            self.batch_curve.setData([], [])
        last = max(
            float(epochs[-1]) if epochs.size else 0.0, float(batch_x[-1]) if batch_x.size else 0.0
        )
        x_right = max(float(planned_epochs), last, 1.0)
        if x_right != self._x_right:
            self._x_right = x_right
            self.setXRange(0, x_right, padding=0.02)
        self.hint.setVisible(not epochs.size and not batch_x.size)
        self.hint.setPos(x_right / 2, 0.8 if not self._log else 0.0)  # above the legend
        if self._log:
            return
        values = np.concatenate([train, test, batch_y if self._show_batches else np.empty(0)])
        values = values[np.isfinite(values)]
        top = float(values.max()) if values.size else 1.0
        if top > self._y_top or top < 0.3 * self._y_top:
            self._y_top = top * 1.08
            self.setYRange(0, self._y_top, padding=0)

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
        self._y_top = 0.0

    def set_batches_visible(self, on: bool) -> None:
        self._show_batches = on
        self.batch_curve.setVisible(on)
        self._y_top = 0.0  # the batch trace reaches higher than the epoch curves

    def training_loss_points(self) -> tuple[np.ndarray, np.ndarray]:
        """What the training-loss curve currently draws (x, y)."""
        x, y = self.train_curve.getData()
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def peak_downsample(x: np.ndarray, y: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_points`` points that draw the same band: each bin of consecutive points
    becomes its minimum and its maximum. Thousands of mini-batches (stochastic mode) would
    otherwise cost more to draw than the training they show."""
    n = len(y)
    if n <= max_points:
        return x, y
    size = -(-n // (max_points // 2))  # points per bin, rounded up
    pad = (-n) % size
    xs = np.concatenate([x, np.repeat(x[-1:], pad)]).reshape(-1, size)
    ys = np.concatenate([y, np.repeat(y[-1:], pad)]).reshape(-1, size)
    lows, highs = ys.min(axis=1), ys.max(axis=1)
    centres = xs.mean(axis=1)
    return np.repeat(centres, 2), np.column_stack([lows, highs]).ravel()


def _set_finite(
    curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, positive: bool = False
) -> None:
    keep = np.isfinite(x) & np.isfinite(y)
    if positive:
        keep &= y > 0
    curve.setData(x[keep], y[keep])


class LossPanel(QWidget):
    """The plot with its two switches: log scale and the per-batch trace."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
