"""Where the plot looks: the planned epochs, the stepped epoch, the part of a blown-up run."""

import numpy as np

from gui.training.history import TrainingHistory
from gui.training.plot_ranges import choose_ranges, should_move

EMPTY = (np.empty(0), np.empty(0))


def epochs_of(losses):
    return np.array([[e + 1, v, v, 0.5, 0.5] for e, v in enumerate(losses)], dtype=float).reshape(
        -1, 5
    )


def test_x_spans_the_planned_epochs_and_y_starts_at_zero():
    x, y = choose_ranges(
        epochs_of([2.0, 1.0]), None, np.empty(0), 2.0, EMPTY, None, None, 30, False
    )
    assert x == (0.0, 30.0) and y[0] == 0 and 2.0 <= y[1] < 2.5


def test_step_view_is_the_epoch_being_stepped_through():
    bx = 2 + np.arange(1, 6) / 45  # five batches into epoch 3
    by = np.array([0.9, 0.8, 0.85, 0.7, 0.75])
    x, y = choose_ranges(
        epochs_of([2.0, 1.0]),
        None,
        np.empty(0),
        bx[-1],
        (bx, by),
        None,
        (bx[-1], by[-1]),
        30,
        False,
    )
    assert x == (2.0, 3.0) and y[1] >= 1.0  # the stepped batches and the last epoch


def test_a_blow_up_shows_the_part_that_ran_and_is_not_scaled_to():
    history = TrainingHistory()
    history.add_batches([1 / 45, 2 / 45], [2.4, 2.6], 45)
    history.roll_back(0, 1, 1e9)
    gone = history.divergence
    x, y = choose_ranges(epochs_of([]), None, np.empty(0), 0.0, EMPTY, gone, None, 20, False)
    assert x[1] < 1 and y[1] < 10  # 1e9 is marked at the edge, not the scale


def test_the_axis_holds_still_until_the_numbers_leave_it_or_shrink_a_lot():
    assert not should_move((0.0, 2.0), (0.0, 1.5), log=False)
    assert should_move((0.0, 2.0), (0.0, 2.5), log=False)
    assert should_move((0.0, 2.0), (0.0, 0.5), log=False)
    assert should_move((0.0, 2.0), (0.0, 1.5), log=False, exact=True)
    assert should_move(None, (0.0, 1.0), log=True)
