"""Every preset is a valid design, and the ones that stage a lesson really show it."""

import math

import pytest

from engine import Trainer, build_network, build_optimizer, effective_batch_size, load_task
from engine.design import Design, HiddenLayer, layer_sizes, validate_design
from engine.presets import PRESETS, preset_named


def train_losses(design: Design, epochs: int) -> list[float]:
    task = load_task(design)
    trainer = Trainer(
        build_network(design),
        build_optimizer(design),
        batch_size=effective_batch_size(design),
        epochs=epochs,
        seed=design.seed,
    )
    return [r.train_loss for r in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test)]


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_is_valid(preset):
    assert validate_design(preset.design) == {}
    assert preset.watch_for.endswith(".")


def test_lesson_presets_have_the_lessons_shapes():
    assert layer_sizes(preset_named("Lesson: perceptron, is it odd?").design) == (64, 1)
    hidden = preset_named("Lesson: one hidden layer of 4 sigmoid nodes").design
    assert layer_sizes(hidden) == (64, 4, 1)
    assert hidden.init == "normal"


def test_the_perceptron_learns_odd_even():
    design = preset_named("Lesson: perceptron, is it odd?").design
    losses = train_losses(design, 10)
    assert losses[-1] < 0.6 * losses[0]


def test_deep_sigmoid_stack_barely_learns_where_relu_does():
    sigmoid = preset_named("Vanishing gradient: five sigmoid layers").design
    relu = Design(
        hidden=tuple(HiddenLayer(32, "relu") for _ in sigmoid.hidden),
        optimizer=sigmoid.optimizer,
        learning_rate=sigmoid.learning_rate,
    )
    flat, learning = train_losses(sigmoid, 8), train_losses(relu, 8)
    assert flat[-1] > 0.95 * math.log(10)  # still a one-in-ten guess
    assert learning[-1] < 0.5 * learning[0]


def test_unscaled_pixels_stall_where_scaled_ones_learn():
    unscaled = preset_named("Unscaled pixels (0–16)").design
    losses = train_losses(unscaled, 12)
    assert min(losses) > 1.2  # never gets far
    assert losses[-1] > 0.95 * math.log(10)  # and ends a one-in-ten guess
    scaled = Design(**{**unscaled.__dict__, "scaling": "divide16"})
    assert train_losses(scaled, 5)[-1] < 0.5


def test_too_large_learning_rate_blows_the_loss_up():
    losses = train_losses(preset_named("Learning rate too large").design, 3)
    assert losses[0] > 10 * math.log(10)


def test_unknown_preset_is_a_key_error():
    with pytest.raises(KeyError):
        preset_named("no such preset")
