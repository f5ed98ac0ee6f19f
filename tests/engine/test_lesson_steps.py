"""The lesson's steps: in the lesson's order, set up as the lesson does, numbers from the engine."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.design import layer_sizes
from engine.lesson import LESSON_QUESTIONS
from engine.lesson_steps import (
    HIDDEN_FOUR,
    LESSON_STEPS,
    PERCEPTRON,
    WATCHED_PIXEL,
    fmt,
    step_readings,
)


def readings_of(step, net=None, pixels=None, y="truth"):
    net = net or engine.build_network(step.design)
    task = engine.load_task(step.design)
    if pixels is None:
        pixels = task.images_test[step.digit]
    label = int(task.y_test[step.digit]) if y == "truth" else y
    found = step_readings(step, net, pixels, task.scale(pixels), label, task, step.design)
    return {r.key: r for r in found}, net, task


def step_titled(word: str):
    return next(step for step in LESSON_STEPS if word in step.title)


def test_the_steps_ask_every_question_once_in_the_lessons_order():
    asked = [step.question for step in LESSON_STEPS if step.question is not None]
    assert asked == list(range(len(LESSON_QUESTIONS)))
    assert 10 <= len(LESSON_STEPS) <= 14  # "about 12"


def test_the_lessons_networks_are_the_presets_perceptron_and_64_4_1():
    assert layer_sizes(PERCEPTRON) == (64, 1)
    assert PERCEPTRON.init == "uniform"  # np.random.uniform(-.1, .1)
    assert layer_sizes(HIDDEN_FOUR) == (64, 4, 1)
    assert HIDDEN_FOUR.init == "normal"  # np.random.normal(0, .1)
    assert layer_sizes(step_titled("hidden layer").design) == (64, 4, 1)


def test_every_step_works_its_numbers_out_and_shows_them_as_formatted():
    for step in LESSON_STEPS:
        readings, _, _ = readings_of(step)
        assert readings, step.title
        for r in readings.values():
            if isinstance(r.value, float):
                assert r.text == fmt(r.value)


def test_the_perceptron_numbers_are_the_lessons_formulas():
    readings, net, task = readings_of(step_titled("collector"))
    x = task.X_test[0]
    w, b = np.array(net.weights[0][:, 0]), float(net.biases[0][0])
    assert np.all(np.abs(w) <= 0.1)  # U(-0.1, 0.1)
    assert b == 0.0
    z = float(x @ w + b)  # z = xᵀw + b
    assert readings["z"].value == pytest.approx(z, abs=1e-12)
    assert readings["xT"].value == (1, 64)
    sig, _, _ = readings_of(step_titled("sigmoid"))
    assert sig["a"].value == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-12)
    acts, _, _ = readings_of(step_titled("Activation functions"))
    a_tanh, slope_tanh = acts["tanh"].value
    assert a_tanh == pytest.approx(np.tanh(z)) and slope_tanh == pytest.approx(1 - np.tanh(z) ** 2)
    assert acts["relu"].value == (max(z, 0.0), float(z > 0))


def test_the_hidden_layer_and_the_output_numbers_follow_the_engine():
    readings, net, task = readings_of(step_titled("hidden layer"))
    assert readings["W1"].value == (64, 4)
    fp = net.forward(task.X_test[0])
    np.testing.assert_allclose(readings["z1"].value, fp.z[0][0])
    out, net, task = readings_of(step_titled("Odd or even"))
    p = float(net.predict_proba(task.X_test[:1])[0, 0])
    assert out["p"].value == pytest.approx(p, abs=1e-15)
    assert out["guess"].value == ("odd" if p > 0.5 else "even")
    assert out["truth"].value == task.class_names[task.y_test[0]]


def test_the_loss_of_one_example_is_the_cross_entropy_of_its_p():
    readings, net, task = readings_of(step_titled("loss"))
    p, y = readings["p"].value
    assert y == task.y_test[0]
    assert readings["loss"].value == pytest.approx(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert readings["batch_loss"].value == pytest.approx(net.loss(task.X_train, task.y_train))
    assert readings["mse"].value == pytest.approx((p - y) ** 2)


def test_a_drawing_has_no_truth_so_no_loss_of_its_own():
    step = step_titled("loss")
    drawing = np.zeros((8, 8))
    drawing[2:6, 3] = 16
    readings, _, _ = readings_of(step, pixels=drawing, y=None)
    assert "loss" not in readings and "batch_loss" in readings
    assert "unknown" in readings["p"].text


def test_the_update_step_is_w_minus_alpha_dw_for_the_watched_weight():
    readings, net, task = readings_of(step_titled("Back-propagation"))
    _, dW, _ = net.gradients(task.X_train, task.y_train)
    w, dw = net.weights[0][WATCHED_PIXEL, 0], dW[0][WATCHED_PIXEL, 0]
    alpha = step_titled("Back-propagation").design.learning_rate
    assert readings["w"].value == w and readings["dw"].value == dw
    assert readings["w_next"].value == pytest.approx(w - alpha * dw)


def test_the_batch_step_counts_updates_per_epoch():
    readings, _, task = readings_of(step_titled("Batches"))
    n = len(task.y_train)
    assert readings["stochastic"].value == n
    assert readings["mini_batch"].value == np.ceil(n / 32)
