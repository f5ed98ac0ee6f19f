"""Ready-made designs that stage the lesson's ideas, one click each.

Each preset is a ``Design`` plus a sentence telling the class what to watch for. The first
two are the lesson's own networks (the perceptron of the first half, the 64-4-1 network of
"Let's add one hidden layer with four nodes"); the rest set up the lesson's warnings so a
class can see them happen: vanishing gradients, a learning rate that is too large, unscaled
inputs, and batch versus stochastic versus mini-batch updates.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.design import Design, HiddenLayer


@dataclass(frozen=True)
class Preset:
    """A named design and what the class should watch for when it trains."""

    name: str
    watch_for: str
    design: Design


PRESETS: tuple[Preset, ...] = (
    Preset(
        "Lesson: perceptron, is it odd?",
        "No hidden layer: 64 weights, one bias, a sigmoid — logistic regression as a network. "
        "Weights start in uniform(−0.1, 0.1) and the bias at 0, as in the lesson.",
        Design(
            task="odd_even",
            hidden=(),
            loss="binary_crossentropy",
            init="uniform",
            optimizer="sgd",
            learning_rate=0.1,
            batch_mode="mini-batch",
            epochs=40,
        ),
    ),
    Preset(
        "Lesson: one hidden layer of 4 sigmoid nodes",
        "The lesson's 64-4-1 network: W1 is 64 x 4, W2 is 4 x 1, weights from normal(0, 0.1). "
        "Draw a digit and watch what the four hidden nodes respond to.",
        Design(
            task="odd_even",
            hidden=(HiddenLayer(4, "sigmoid"),),
            loss="binary_crossentropy",
            init="normal",
            optimizer="adam",
            learning_rate=0.01,
            epochs=60,
        ),
    ),
    Preset(
        "Digits 0–9: 64-32-10, ReLU and Adam",
        "A sensible default: reaches about 97% on the test digits in a few dozen epochs.",
        Design(),
    ),
    Preset(
        "Vanishing gradient: five sigmoid layers",
        "Deep sigmoid layers squash the gradient at every step back, so plain SGD barely moves: "
        "the loss stays flat for a long time. Switch the hidden layers to ReLU and compare.",
        Design(
            hidden=tuple(HiddenLayer(32, "sigmoid") for _ in range(5)),
            optimizer="sgd",
            learning_rate=0.1,
            epochs=40,
        ),
    ),
    Preset(
        "Learning rate too large",
        "w := w − α·dw with α = 100 overshoots the minimum: the loss explodes and training "
        "stops. Try 1, then 0.1.",
        Design(optimizer="sgd", learning_rate=100.0, epochs=20),
    ),
    Preset(
        "Unscaled pixels (0–16)",
        "Raw pixels (0–16) make every z sixteen times larger, so the same learning rate "
        "overshoots: the loss jumps about, then sticks at ln 10 ≈ 2.30, a one-in-ten guess. "
        "Set the scaling to divide by 16 and train again.",
        Design(scaling="none", optimizer="sgd", learning_rate=0.1, epochs=30),
    ),
    Preset(
        "Stochastic gradient descent: one digit per update",
        "1437 updates per epoch: each epoch takes longer but the loss falls in far fewer "
        "epochs, and the faint per-batch trace is noisy. Compare batch and mini-batch.",
        Design(optimizer="sgd", learning_rate=0.01, batch_mode="stochastic", epochs=10),
    ),
    Preset(
        "Batch gradient descent: one update per epoch",
        "The gradient over all 1437 training digits: smooth, but only one step per epoch, so "
        "it needs many epochs.",
        Design(optimizer="sgd", learning_rate=0.5, batch_mode="batch", epochs=200),
    ),
)


def preset_named(name: str) -> Preset:
    """The preset called ``name``; KeyError if there is none."""
    for preset in PRESETS:
        if preset.name == name:
            return preset
    raise KeyError(name)
