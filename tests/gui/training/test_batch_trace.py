"""The mini-batch trace: min/max binning within a budget, the running mean over an epoch."""

import numpy as np

from gui.training.batch_trace import PeakTrace, running_mean, thin


def test_peak_trace_grows_incrementally_within_its_budget_and_keeps_the_band():
    rng = np.random.default_rng(3)
    trace = PeakTrace(400)
    all_x, all_y = [], []
    for update in range(120):  # 120 updates of 45 mini-batches: 5400 points
        x = update + np.arange(1, 46) / 45
        y = rng.random(45) * 3 / (update + 1)
        all_x.append(x)
        all_y.append(y)
        if not trace.extend(x, y):
            trace.rebuild(np.concatenate(all_x), np.concatenate(all_y))
        assert len(trace) <= 400
    x_all, y_all = np.concatenate(all_x), np.concatenate(all_y)
    dx, dy = trace.data()
    assert len(dx) == len(trace) <= 400
    assert dy.max() == y_all.max() and dy.min() == y_all.min()  # the noise band is exact
    assert np.all(np.diff(dx) >= 0)
    assert trace.last_x == x_all[-1]
    assert trace.size > 1  # binned


def test_running_mean_is_the_mean_of_the_last_window_values():
    rng = np.random.default_rng(0)
    y = rng.random(200)
    m = running_mean(y, 45)
    for i in (0, 10, 44, 45, 120, 199):
        assert np.isclose(m[i], y[max(0, i - 44) : i + 1].mean())
    assert np.allclose(running_mean(y, 1), y)  # full batch: one update per epoch
    assert running_mean(np.empty(0), 5).size == 0


def test_thin_keeps_the_ends_and_the_budget():
    x = np.arange(10_000.0)
    tx, ty = thin(x, x * 2, 1000)
    assert len(tx) <= 1000 and tx[0] == 0 and tx[-1] == 9999 and np.array_equal(ty, 2 * tx)
