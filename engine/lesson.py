"""The lesson's questions, answered for the network on screen, and its cold-call habit.

*Intro to Neural Networks* stops at each new idea to ask the class a question, and the
teacher picks who answers with ``one_random_student(mccalister)``. This module keeps those
questions in the lesson's order, answers each one for the design currently being taught
(so "what shape should our weight matrix have?" gets "64 x 32" when the hidden layer has 32
nodes), and picks students the way a fair teacher would: at random, but nobody twice before
everybody has had a turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from engine.design import Design, layer_sizes, output_layer

#: The class list the lesson calls on (``mccalister`` in the notebook).
LESSON_ROSTER: tuple[str, ...] = (
    "Adam", "Amanda", "Chum", "Dann", "Jacob", "Jason", "Johnhoy",
    "Karim", "Leana", "Luluva", "Matt", "Maximilian", "Syd",
)  # fmt: skip

#: Training-set size of the lesson's split (1797 digits, test_size=0.2, random_state=42).
LESSON_TRAIN_SIZE = 1437


@dataclass(frozen=True)
class Question:
    """A lesson question; ``answer(design, n_train)`` explains it for the live design."""

    topic: str
    text: str
    answer: Callable[[Design, int], str]


def _train_size(design: Design) -> int:
    """How many training rows the design's split leaves (scikit-learn rounds the test part up)."""
    n_test = int(np.ceil(1797 * design.test_size))
    return 1797 - n_test


def _weight_shape_answer(design: Design, n_train: int) -> str:
    sizes = layer_sizes(design)
    return (
        "One weight per pixel for every node it feeds: (inputs x nodes). "
        f"The perceptron has 64 pixels and 1 output, so w is 64 x 1. "
        f"In the network on screen, W1 is {sizes[0]} x {sizes[1]}."
    )


def _transpose_answer(design: Design, n_train: int) -> str:
    return (
        "flat_image is a column, 64 x 1, and so is w. A dot product needs the inner sizes to "
        "match: (1 x 64) · (64 x 1) = 1 x 1, a single z. Transposing turns the image into a row. "
        "With many images stacked as rows, X is already (samples x 64), so z = X·W + b needs "
        "no transpose."
    )


def _activation_answer(design: Design, n_train: int) -> str:
    hidden = ", ".join(layer.activation for layer in design.hidden) or "none"
    _, out_activation = output_layer(design)
    return (
        "The sigmoid, from logistic regression: σ(z) = 1 / (1 + e^(−z)) squashes any z into "
        "(0, 1), so it reads as a probability. For the lesson's first image, "
        "σ(−0.93152654) = 0.28261512 and tanh(−0.93152654) = −0.73130483. "
        f"On screen: hidden layers use {hidden}; the output uses {out_activation}."
    )


def _weight_vector_answer(design: Design, n_train: int) -> str:
    return (
        "Still 64 x 1. The weights belong to the pixels, not to the images: feeding all "
        f"{LESSON_TRAIN_SIZE} training images at once changes X to {LESSON_TRAIN_SIZE} x 64 "
        "but leaves w alone."
    )


def _plural(count: int, noun: str) -> str:
    """``1 value``, ``4 values``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _collector_output_answer(design: Design, n_train: int) -> str:
    sizes = layer_sizes(design)
    # A perceptron (no hidden layer) feeds the pixels straight to its output: z1 is the output's.
    where = "the first hidden layer" if design.hidden else "the output (there is no hidden layer)"
    return (
        f"One z per image: ({LESSON_TRAIN_SIZE} x 64) · (64 x 1) = {LESSON_TRAIN_SIZE} x 1. "
        f"In the network on screen, {where} gives z1 of {n_train} x {sizes[1]}: "
        f"a row per image, a column per {'node' if design.hidden else 'output'}."
    )


def _hidden_weights_answer(design: Design, n_train: int) -> str:
    sizes = layer_sizes(design)
    first = "W1" if design.hidden else "W1 (no hidden layer: straight to the output)"
    return (
        "Each of the 64 pixels goes to each of the 4 nodes, so W1 is 64 x 4 (plus 4 biases). "
        f"In the network on screen: {first} is {sizes[0]} x {sizes[1]} and b1 has "
        f"{_plural(sizes[1], 'value')}."
    )


def _next_weights_answer(design: Design, n_train: int) -> str:
    sizes = layer_sizes(design)
    shapes = ", ".join(f"W{i + 1}: {a} x {b}" for i, (a, b) in enumerate(pairwise(sizes)))
    return (
        "The 4 hidden activations feed 1 output node, so the next weights are 4 x 1. "
        f"Rule: (nodes in) x (nodes out). On screen: {shapes}."
    )


#: The lesson's questions, in the lesson's order.
LESSON_QUESTIONS: tuple[Question, ...] = (
    Question("Perceptron", "What shape should our weight matrix have?", _weight_shape_answer),
    Question("Perceptron", "Why do we have to transpose our flat_image?", _transpose_answer),
    Question(
        "Activation",
        "What is an activation function we have come across?",
        _activation_answer,
    ),
    Question(
        "Whole training set",
        "What dimension should our weight vector now be?",
        _weight_vector_answer,
    ),
    Question(
        "Whole training set",
        "What should the dimension of the output of our collector function be?",
        _collector_output_answer,
    ),
    Question(
        "Hidden layer",
        "What should the dimensions of our weight matrix be?",
        _hidden_weights_answer,
    ),
    Question("Hidden layer", "What is the shape of this weight matrix?", _next_weights_answer),
)


def answer(question: Question, design: Design) -> str:
    """The question's answer worked out for ``design``."""
    return question.answer(design, _train_size(design))


class StudentPicker:
    """Cold-calls students at random without calling anyone twice in a round.

    The lesson's ``one_random_student`` draws with replacement (Leana answers twice while
    others never do); a shuffled round keeps it random but fair.
    """

    def __init__(self, names: Sequence[str], seed: int | None = None) -> None:
        cleaned = [name.strip() for name in names if name.strip()]
        if not cleaned:
            raise ValueError("The class list is empty: add at least one name.")
        self.names: tuple[str, ...] = tuple(dict.fromkeys(cleaned))
        self._rng = np.random.default_rng(seed)
        self._round: list[str] = []

    def pick(self) -> str:
        """The next student: a random one of those not yet called in this round."""
        if not self._round:
            self._round = [self.names[i] for i in self._rng.permutation(len(self.names))]
        return self._round.pop()

    @property
    def remaining(self) -> int:
        """How many students are still to be called in this round."""
        return len(self._round) if self._round else len(self.names)
