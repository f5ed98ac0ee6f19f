"""Plain-language texts: concrete learning-rate suggestions and divergence detection."""

import math

import pytest

from gui import messages


@pytest.mark.parametrize(
    ("optimizer", "rate", "expected"),
    [
        ("adam", 1000.0, 0.001),  # never above what usually works for Adam
        ("sgd", 1000.0, 0.1),
        ("momentum", 1000.0, 0.01),
        ("sgd", 10.0, 0.1),
        ("adam", 0.05, 0.0001),  # at least 100x smaller, rounded down to a power of ten
        ("rmsprop", 3.0, 0.001),
    ],
)
def test_suggested_learning_rate_is_concrete_and_smaller(optimizer, rate, expected):
    suggestion = messages.suggested_learning_rate(optimizer, rate)
    assert suggestion == pytest.approx(expected)
    assert suggestion < rate


def test_divergence_message_names_the_rate_and_a_suggestion():
    text = messages.divergence_message("momentum", 1000.0, math.inf, epoch=3, rolled_back_to=2)
    assert "learning rate 1000 is too large" in text
    assert "Try 0.01." in text
    assert "end of epoch 2" in text
    assert "epoch 3" in text


def test_divergence_message_before_any_epoch():
    text = messages.divergence_message(
        "adam", 1000.0, 9.2e7, epoch=1, rolled_back_to=0, start_loss=2.46
    )
    assert "before this run" in text
    assert "exploded to 92,000,000 (it started near 2.5)" in text


@pytest.mark.parametrize(
    ("loss", "reference", "diverged"),
    [
        (math.nan, 2.3, True),
        (math.inf, 2.3, True),
        (2299.0, 2.3, False),
        (2301.0, 2.0, True),
        (50.0, None, False),
        (3.0, 2.3, False),
    ],
)
def test_is_divergent(loss, reference, diverged):
    assert messages.is_divergent(loss, reference) is diverged


def test_format_duration_and_progress_text():
    assert messages.format_duration(0) == "0.0 s"
    assert messages.format_duration(4.24) == "4.2 s"
    assert messages.format_duration(75.4) == "1:15"
    assert messages.format_duration(3725) == "1:02:05"
    assert messages.progress_text(5, None) == "5.0 s elapsed"
    assert messages.progress_text(5, 61) == "5.0 s elapsed · about 1:01 left"


def test_format_number_keeps_what_a_user_typed():
    assert messages.format_number(0.001) == "0.001"
    assert messages.format_number(1000.0) == "1000"
    assert messages.format_number(0.0) == "0"


def test_a_preset_named_as_a_question_gets_no_extra_full_stop() -> None:
    text = messages.preset_message("Lesson: perceptron, is it odd?", "Watch the loss.")
    assert text == "Lesson: perceptron, is it odd? Watch the loss."
    assert messages.preset_message("Batch mode", "Smooth.") == "Batch mode. Smooth."


def test_paused_in_batch_mode_speaks_of_the_epochs_one_update() -> None:
    text = messages.paused_at(30, 1, 1)
    assert "mini-batch 1 of 1" not in text
    assert text.startswith("Paused after epoch 30's one update (batch mode")
    assert messages.paused_at(3, 2, 45).startswith("Paused at mini-batch 2 of 45 in epoch 3.")


def test_a_run_of_one_epoch_is_one_epoch_not_one_epochs():
    assert messages.finished_message(1, None) == "Finished 1 epoch."
    assert messages.finished_message(1, 0.9).startswith("Finished 1 epoch. The network")
    assert messages.finished_message(3, None) == "Finished 3 epochs."
