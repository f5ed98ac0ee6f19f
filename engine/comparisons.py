"""The lesson's comparisons as ready-made sequences of designs, trained one after another.

Each ``Comparison`` is two or three designs that differ in one idea of the lesson (the
activation in a deep net, the optimizer, the batch size, the pixel scaling, the learning rate),
what the class should see, and the x axis that shows it best (``"epochs"``, or ``"updates"``:
the number of times ``w := w − α·dw`` ran). The last design is the one left in the designer,
so the others' ghost curves are labelled by how they differ from it.

The learning rates were chosen by training each design here (64-32-10 on the 8x8 digits, 2
cores): every comparison separates clearly and trains in about a second at full speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from engine.design import Design, HiddenLayer, effective_batch_size, training_set_size

EPOCHS = "epochs"
UPDATES = "updates"
X_AXES = (EPOCHS, UPDATES)


@dataclass(frozen=True)
class Comparison:
    """Designs to train in order, what to watch for, and the x axis to show them on."""

    key: str
    name: str
    watch_for: str
    designs: tuple[Design, ...]
    x_axis: str = EPOCHS

    def with_epochs(self, epochs: int | None) -> tuple[Design, ...]:
        """The designs, each trained for ``epochs`` instead of its own (None: as designed;
        tests use a few epochs)."""
        if epochs is None:
            return self.designs
        return tuple(replace(design, epochs=int(epochs)) for design in self.designs)


def updates_per_epoch(design: Design) -> int:
    """How many times the weights change in one epoch: ceil(n_train / batch size); 1 for
    batch gradient descent, n_train for stochastic."""
    n_train = training_set_size(design.test_size)
    size = effective_batch_size(design)
    return 1 if size is None else math.ceil(n_train / size)


def _deep(activation: str) -> tuple[HiddenLayer, ...]:
    return tuple(HiddenLayer(32, activation) for _ in range(5))


_SGD = Design(optimizer="sgd", learning_rate=0.1)

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "vanishing",
        "Sigmoid vs ReLU in a deep net",
        "Five sigmoid layers: the loss stays flat near 2.3 (the gradient vanishes on its way "
        "back); the same net with ReLU learns.",
        (
            replace(_SGD, hidden=_deep("sigmoid"), epochs=30),
            replace(_SGD, hidden=_deep("relu"), epochs=30),
        ),
    ),
    Comparison(
        "optimizers",
        "SGD vs momentum vs Adam",
        "The same α = 0.01 for all three: plain SGD crawls, momentum keeps its speed, "
        "Adam adapts a step for every weight and falls fastest.",
        tuple(
            Design(optimizer=name, learning_rate=0.01, epochs=20)
            for name in ("sgd", "momentum", "adam")
        ),
    ),
    Comparison(
        "batch_epochs",
        "Batch vs mini-batch vs stochastic (per epoch)",
        "Per epoch, one digit per update (stochastic) learns fastest and batch slowest: "
        "batch makes one update per epoch, stochastic 1437.",
        tuple(
            replace(_SGD, batch_mode=mode, epochs=10)
            for mode in ("batch", "mini-batch", "stochastic")
        ),
    ),
    Comparison(
        "batch_updates",
        "Batch vs mini-batch vs stochastic (per update)",
        "450 updates each: batch and mini-batch fall alike, but a batch update reads all 1437 "
        "digits and a mini-batch 32; one digit per update (1437 of them) is the noisiest.",
        (  # stochastic last: the live run spans the x axis, and its 1437 updates are the most
            replace(_SGD, batch_mode="batch", epochs=450),
            replace(_SGD, batch_mode="mini-batch", epochs=10),
            replace(_SGD, batch_mode="stochastic", epochs=1),
        ),
        x_axis=UPDATES,
    ),
    Comparison(
        "scaling",
        "Raw 0–16 pixels vs scaled",
        "Raw pixels make every z sixteen times larger: the loss jumps about and sticks at "
        "2.3; divided by 16, the same network learns.",
        (
            replace(_SGD, scaling="none", epochs=20),
            replace(_SGD, scaling="divide16", epochs=20),
        ),
    ),
    Comparison(
        "learning_rate",
        "Learning rate too small, too large, right",
        "α = 0.001 barely moves; α = 2 overshoots and sticks at 2.3; α = 0.1 learns.",
        (
            replace(_SGD, learning_rate=0.001, epochs=20),
            replace(_SGD, learning_rate=2.0, epochs=20),
            replace(_SGD, learning_rate=0.1, epochs=20),
        ),
    ),
)


def comparison_named(key: str) -> Comparison:
    """The comparison whose ``key`` is ``key``; KeyError if there is none."""
    for comparison in COMPARISONS:
        if comparison.key == key:
            return comparison
    raise KeyError(key)
