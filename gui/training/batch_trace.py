"""The mini-batch trace of the loss plot: the raw losses, min/max-binned to a drawing budget,
and their running mean over one epoch.

A stochastic run has tens of thousands of mini-batches: drawn as a line they are a solid wall.
The plot draws them faint (``PeakTrace``: the band the noise spans, exactly) with their running
mean over the last epoch's worth of updates on top (``running_mean``), which is the loss the
class can read.
"""

from __future__ import annotations

import numpy as np

#: The mini-batch trace is drawn with at most this many points (min/max per bin): a long
#: stochastic run has tens of thousands of batches, which would cost more to draw than to train.
MAX_BATCH_POINTS = 2000


def running_mean(y: np.ndarray, window: int) -> np.ndarray:
    """The trailing mean of the last ``window`` values at each position:
    m_i = (y_{i-w+1} + ... + y_i) / w, over fewer values at the start (i < w).

    One cumulative sum, so the cost is linear in the trace however wide the window.
    """
    y = np.asarray(y, dtype=float)
    n = len(y)
    if n == 0:
        return np.empty(0)
    w = max(1, int(window))
    c = np.concatenate([[0.0], np.cumsum(y)])
    i = np.arange(1, n + 1)
    lo = np.maximum(0, i - w)
    return (c[i] - c[lo]) / (i - lo)


def thin(x: np.ndarray, y: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_points`` evenly spaced points of a smooth curve (the last one kept)."""
    n = len(x)
    if n <= max_points:
        return x, y
    index = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
    return x[index], y[index]


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
