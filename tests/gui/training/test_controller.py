"""The controller's rules: which design changes need a reset, how often the views redraw."""

from dataclasses import replace

import pytest

from engine import Design, HiddenLayer
from gui.training.controller import (
    MAX_GUI_SHARE,
    VIEW_REFRESH_SECONDS,
    TrainingController,
    needs_new_network,
)


@pytest.mark.parametrize(
    ("change", "reset"),
    [
        ({"learning_rate": 0.01}, False),
        ({"optimizer": "sgd"}, False),
        ({"epochs": 5}, False),
        ({"batch_size": 64}, False),
        ({"hidden": (HiddenLayer(8, "relu"),)}, True),
        ({"task": "odd_even", "loss": "binary_crossentropy"}, True),
        ({"seed": 7}, True),
        ({"init": "he_normal"}, True),
        ({"scaling": "none"}, True),
    ],
)
def test_needs_new_network(change, reset):
    assert needs_new_network(Design(), replace(Design(), **change)) is reset


def test_no_question_before_any_training(qtbot):
    controller = TrainingController(Design())
    assert not controller.needs_reset_for(replace(Design(), hidden=(HiddenLayer(8, "relu"),)))
    controller.apply_design(replace(Design(), hidden=(HiddenLayer(8, "relu"),)))
    assert controller.current_network().layer_sizes == (64, 8, 10)


def test_redraws_are_spaced_by_their_cost_at_full_speed(qtbot):
    controller = TrainingController(Design())
    assert controller.refresh_interval() == VIEW_REFRESH_SECONDS
    controller._refresh_cost = 0.012
    assert controller.refresh_interval() == pytest.approx(0.012 / MAX_GUI_SHARE)
    controller.set_delay(0.01)  # slowed down: the worker sleeps, so redraw at 30 per second
    assert controller.refresh_interval() == VIEW_REFRESH_SECONDS
