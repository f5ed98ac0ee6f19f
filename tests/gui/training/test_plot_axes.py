"""The axes never lie: no SI prefix anywhere, decades on the log loss axis only, and a y-range
that follows the bulk of the loss."""

import math

import numpy as np

from gui.training.history import EpochRow, TrainingHistory
from gui.training.loss_plot import LossPlot
from gui.training.plot_axes import decade_ticks, loss_range, plain_number


def tick_labels(axis, size: float = 400.0) -> list[str]:
    """The labels the axis draws for its current range (every tick level)."""
    lo, hi = axis.range
    labels = []
    for spacing, values in axis.tickValues(lo, hi, size):
        labels += axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing or 1.0)
    return labels


def history_of(losses, accuracy=0.5, start=1) -> TrainingHistory:
    history = TrainingHistory()
    for i, loss in enumerate(losses):
        history.add_epoch(EpochRow(start + i, loss, loss, accuracy, accuracy))
    return history


def test_no_axis_rescales_with_an_si_prefix(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    # a loss of 0.2 over 1000 epochs: pyqtgraph's default wrote "200 (x0.001)" and "1 (x1000)"
    plot.refresh(history_of([0.2] * 1000), planned_epochs=1000)
    item = plot.getPlotItem()
    for name in ("left", "bottom", "right"):
        axis = item.getAxis(name)
        axis.updateAutoSIPrefix()
        assert axis.autoSIPrefix is False, name
        assert axis.autoSIPrefixScale == 1.0, name
        assert "(x" not in axis.labelString(), (name, axis.labelString())
    left = tick_labels(item.getAxis("left"))
    assert 0.2 in [float(t) for t in left] and max(float(t) for t in left) < 1, left
    bottom = tick_labels(item.getAxis("bottom"))
    assert "1000" in bottom, bottom


def test_log_scale_is_for_the_loss_only_with_decade_ticks(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    plot.set_log_scale(True)
    plot.refresh(history_of([2.0 / e**2 for e in range(1, 101)], accuracy=0.9), 100)
    item = plot.getPlotItem()
    assert item.getAxis("left").logMode
    assert not item.getAxis("right").logMode and not item.getAxis("bottom").logMode
    lo, hi = item.getViewBox().viewRange()[1]
    assert lo <= math.log10(2.0 / 100**2) and hi >= math.log10(2.0)  # every epoch in view
    decades = tick_labels(item.getAxis("left"))
    assert {"0.001", "0.01", "0.1", "1"} <= set(decades), decades
    right = tick_labels(item.getAxis("right"))
    assert "100" in right and not any("e" in t for t in right), right  # 0-100 %, linear


def test_decade_ticks_add_2_and_5_only_within_one_decade():
    assert decade_ticks(-3.2, 0.4) == [(1.0, [-3.0, -2.0, -1.0, 0.0])]
    levels = decade_ticks(math.log10(0.15), math.log10(0.9))  # less than a decade
    minor = [round(10**v, 6) for v in levels[1][1]]
    assert minor == [0.2, 0.5]
    assert [plain_number(x) for x in (0.001, 0.2, 1.0, 50.0, 1000.0, 2e6)] == [
        "0.001", "0.2", "1", "50", "1000", "2e+06",
    ]  # fmt: skip


def test_one_spike_does_not_squash_the_curve():
    rng = np.random.default_rng(1)
    losses = np.concatenate([0.3 + 0.05 * rng.random(500), [55.0]])
    lo, hi = loss_range(losses, np.array([0.31]), log=False)
    assert lo == 0 and 0.35 <= hi < 1.0  # the bulk fills the axis; 55 is off the scale
    # ... but the newest numbers are always on it
    assert loss_range(losses, np.array([40.0]), log=False)[1] >= 40.0
    # a curve with no outlier is shown whole
    falling = 2.5 / np.arange(1, 61)
    assert loss_range(falling, falling[-1:], log=False)[1] >= 2.5
    assert loss_range(np.array([np.nan, np.inf]), np.array([]), log=True) is None
