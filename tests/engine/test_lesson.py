"""The lesson's questions and its cold-call, checked against the lesson's own numbers."""

from collections import Counter

import pytest

from engine import Design, HiddenLayer
from engine.lesson import LESSON_QUESTIONS, LESSON_ROSTER, StudentPicker, answer


def test_roster_is_the_lessons_class_list():
    assert len(LESSON_ROSTER) == 13
    assert LESSON_ROSTER[0] == "Adam" and LESSON_ROSTER[-1] == "Syd"


def test_questions_follow_the_lessons_order():
    texts = [q.text for q in LESSON_QUESTIONS]
    assert texts[0] == "What shape should our weight matrix have?"
    assert texts[1] == "Why do we have to transpose our flat_image?"
    assert texts.index("What is an activation function we have come across?") == 2
    assert texts[-1] == "What is the shape of this weight matrix?"


def test_answers_use_the_design_on_screen():
    design = Design(
        hidden=(HiddenLayer(4, "sigmoid"),), task="odd_even", loss="binary_crossentropy"
    )
    first = answer(LESSON_QUESTIONS[0], design)
    assert "64 x 1" in first and "W1 is 64 x 4" in first
    last = answer(LESSON_QUESTIONS[-1], design)
    assert "W1: 64 x 4" in last and "W2: 4 x 1" in last
    wider = answer(LESSON_QUESTIONS[0], Design(hidden=(HiddenLayer(32, "relu"),)))
    assert "W1 is 64 x 32" in wider


def test_collector_output_counts_the_training_rows_of_the_split():
    collector = LESSON_QUESTIONS[4]
    assert "1437 x 1" in answer(collector, Design())
    # test_size 0.25 leaves 1797 - ceil(449.25) = 1347 training rows.
    assert "1347 x 32" in answer(collector, Design(test_size=0.25))


def test_perceptron_answers_speak_of_no_hidden_layer():
    """The lesson's perceptron (64-1) has no hidden layer: no answer may speak of one."""
    perceptron = Design(hidden=(), task="odd_even", loss="binary_crossentropy")
    collector = answer(LESSON_QUESTIONS[4], perceptron)
    assert "hidden layer" not in collector.replace("there is no hidden layer", "")
    assert "the output (there is no hidden layer) gives z1 of 1437 x 1" in collector
    weights = answer(LESSON_QUESTIONS[5], perceptron)
    assert weights.endswith("is 64 x 1 and b1 has 1 value.")
    hidden = Design(hidden=(HiddenLayer(4, "sigmoid"),), task="odd_even")
    assert answer(LESSON_QUESTIONS[5], hidden).endswith("W1 is 64 x 4 and b1 has 4 values.")
    assert "the first hidden layer gives z1 of 1437 x 4" in answer(LESSON_QUESTIONS[4], hidden)


def test_activation_answer_quotes_the_lessons_values():
    text = answer(LESSON_QUESTIONS[2], Design())
    assert "0.28261512" in text and "-0.73130483".replace("-", "−") in text


def test_picker_calls_everybody_once_per_round():
    picker = StudentPicker(LESSON_ROSTER, seed=1)
    first_round = [picker.pick() for _ in LESSON_ROSTER]
    assert sorted(first_round) == sorted(LESSON_ROSTER)
    assert picker.remaining == len(LESSON_ROSTER)  # a fresh round starts
    counts = Counter(first_round + [picker.pick() for _ in LESSON_ROSTER])
    assert set(counts.values()) == {2}


def test_picker_is_random_but_reproducible():
    rounds = {
        tuple(StudentPicker(LESSON_ROSTER, seed=s).pick() for _ in range(13)) for s in range(5)
    }
    assert len(rounds) > 1
    a = [StudentPicker(LESSON_ROSTER, seed=7).pick() for _ in range(3)]
    b = [StudentPicker(LESSON_ROSTER, seed=7).pick() for _ in range(3)]
    assert a == b


def test_picker_drops_blanks_and_repeats_and_refuses_an_empty_class():
    assert StudentPicker(["Ann", " ", "Ann", "Bo"]).names == ("Ann", "Bo")
    with pytest.raises(ValueError, match="empty"):
        StudentPicker(["", "  "])
