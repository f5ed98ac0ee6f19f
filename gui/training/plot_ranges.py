"""Where the loss plot looks: its x range and the y range it wants, from this run's numbers only
(ghost curves of earlier runs never count). Pure functions, no Qt.

- x: the planned epochs (a still frame to read while the curve fills it); while stepping batch
  by batch, the epoch being stepped through; after a blow-up, the part of the run that ran.
- y: ``plot_axes.loss_range`` over the epoch losses, the raw mini-batch trace (if shown) and the
  mini-batches before a blow-up; the newest numbers (last epoch, the running mean's end, the
  stepped batch) are always inside it. ``should_move`` keeps the axis still unless the numbers
  leave it or shrink well inside it.
"""

from __future__ import annotations

import numpy as np

from gui.training.history import Divergence
from gui.training.plot_axes import loss_range

#: Re-set the y-range when the wanted top leaves [HOLD_BELOW, 1] times the current one: the
#: axis stays still while the loss falls a little, and follows it when it falls a lot.
HOLD_BELOW = 0.4

Range = tuple[float, float]


def choose_ranges(
    epochs: np.ndarray,
    trace: tuple[np.ndarray, np.ndarray] | None,
    mean_tail: np.ndarray,
    last_batch_x: float,
    batches: tuple[np.ndarray, np.ndarray],
    gone: Divergence | None,
    step: tuple[float, float] | None,
    planned_epochs: int,
    log: bool,
) -> tuple[Range, Range | None]:
    """(x range, wanted y range in view units or None) for the plot.

    ``epochs``: the history's epoch columns; ``trace``: the raw mini-batch points drawn (None
    when hidden); ``mean_tail``: the running mean's last value (empty if none); ``batches``:
    every finite mini-batch (x, loss), needed only with ``step``: (x, loss) of the stepped batch
    in step view; ``last_batch_x``: where the newest mini-batch is.
    """
    last_x = max(float(epochs[-1, 0]) if len(epochs) else 0.0, last_batch_x)
    losses = [epochs[:, 1], epochs[:, 2]]
    keep = [epochs[-1:, 1], epochs[-1:, 2], mean_tail]
    if trace is not None:
        losses.append(trace[1])
    if gone is not None:  # the explosion itself is marked at the edge, not scaled to
        losses.append(gone.losses[: max(1, len(gone.losses) - 1)])
    if step is not None:
        epoch = int(np.floor(step[0] - 1e-9)) + 1
        x_range = (epoch - 1.0, float(epoch))
        bx, by = batches
        near = (bx > epoch - 1 - 1e-9) & (bx <= epoch + 1e-9)
        losses = [by[near], epochs[-1:, 1], epochs[-1:, 2]]
        keep.append(np.array([step[1]]))
    elif gone is not None:
        right = max(last_x, gone.stop_x)
        x_range = (0.0, max(right * 1.15, float(gone.rolled_back_to) + 0.2))
    else:
        x_range = (0.0, max(float(planned_epochs), last_x, 1.0))
    return x_range, loss_range(np.concatenate(losses), np.concatenate(keep), log)


def should_move(current: Range | None, wanted: Range, log: bool, exact: bool = False) -> bool:
    """Move the y axis from ``current`` to ``wanted``? Always if ``exact`` (step view)."""
    if current is None or exact:
        return wanted != current
    (lo, hi), (w_lo, w_hi) = current, wanted
    if log:
        return w_hi > hi or w_lo < lo or (w_hi - w_lo) < HOLD_BELOW * (hi - lo)
    return w_hi > hi or w_hi < HOLD_BELOW * hi
