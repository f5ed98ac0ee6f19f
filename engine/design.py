"""A network design: every choice a student makes in the designer, validated in one place.

``validate_design(design)`` returns ``{field: sentence}`` for every field that is not allowed,
each sentence saying what *is* allowed; the designer panel shows them next to the fields and
``build_network`` refuses an invalid design with the same sentences. A huge learning rate (up to
1000) is allowed on purpose: watching the loss explode is part of the lesson.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from engine.activations import HIDDEN_ACTIVATION_NAMES
from engine.datasets import (
    N_SAMPLES,
    SCALING_NAMES,
    TASK_NAMES,
    DigitsTask,
    load_digits_task,
)
from engine.design_parsing import design_fields, is_real_number, is_whole_number
from engine.initializers import INITIALIZER_NAMES
from engine.network import Network
from engine.optimizers import OPTIMIZER_NAMES, OPTIMIZERS, Optimizer, make_optimizer

N_INPUTS = 64
MAX_NODES = 512
MAX_HIDDEN_LAYERS = 8
MAX_LEARNING_RATE = 1000.0
MAX_EPOCHS = 10_000
MIN_TEST_SIZE = 0.05
MAX_TEST_SIZE = 0.5
MAX_SEED = 2**31 - 1
BATCH_MODES: tuple[str, ...] = ("batch", "stochastic", "mini-batch")
#: What a form shows for each batch mode, in the order it offers them.
BATCH_MODE_LABELS: dict[str, str] = {
    "mini-batch": "Mini-batch",
    "batch": "Batch (all)",
    "stochastic": "Stochastic (one)",
}
#: The split seed is the lesson's (``train_test_split(..., random_state=42)``); Design.seed
#: drives the weights and the shuffling instead.
SPLIT_RANDOM_STATE = 42

_LOSSES_BY_TASK: dict[str, tuple[str, ...]] = {
    "digits": ("categorical_crossentropy", "mse", "mae"),
    "odd_even": ("binary_crossentropy", "mse", "mae"),
    "is_k": ("binary_crossentropy", "mse", "mae"),
}


@dataclass(frozen=True)
class HiddenLayer:
    """One hidden layer: how many nodes and which activation."""

    nodes: int = 32
    activation: str = "relu"


@dataclass(frozen=True)
class Design:
    """Everything needed to build, train and evaluate one network."""

    task: str = "digits"  # "digits" | "odd_even" | "is_k"
    k: int = 3  # for is_k
    scaling: str = "divide16"  # "none" | "divide16" | "standardize"
    hidden: tuple[HiddenLayer, ...] = (HiddenLayer(32, "relu"),)
    loss: str = "categorical_crossentropy"
    init: str = "glorot_uniform"
    optimizer: str = "adam"
    learning_rate: float = 0.001
    momentum: float = 0.9
    nesterov: bool = False
    rho: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    l2: float = 0.0
    batch_mode: str = "mini-batch"  # "batch" | "stochastic" | "mini-batch"
    batch_size: int = 32
    epochs: int = 30
    test_size: float = 0.2
    seed: int = 42

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (hidden layers as a list of {"nodes", "activation"})."""
        d = asdict(self)
        d["hidden"] = [dict(layer) for layer in d["hidden"]]
        return d

    @classmethod
    def from_dict(cls, data: Any) -> Design:
        """The design described by ``data`` (as from ``to_dict``); missing fields take their
        defaults. ValueError for unknown fields, wrong types or values validate_design rejects.
        """
        values = design_fields(data, _FIELD_NAMES, MAX_HIDDEN_LAYERS)
        if "hidden" in values:
            values["hidden"] = tuple(HiddenLayer(n, a) for n, a in values["hidden"])
        design = cls(**values)
        problems = validate_design(design)
        if problems:
            raise ValueError(" ".join(problems.values()))
        return design


# --- small helpers ---------------------------------------------------------------------


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def training_set_size(test_size: float) -> int:
    """How many of the 1797 digits train, for a test fraction (as train_test_split splits)."""
    return N_SAMPLES - math.ceil(test_size * N_SAMPLES)


def output_layer(design: Design) -> tuple[int, str]:
    """(10, "softmax") for the digits task, (1, "sigmoid") for the yes/no tasks."""
    return (10, "softmax") if design.task == "digits" else (1, "sigmoid")


def default_loss(task: str) -> str:
    """categorical_crossentropy for digits, binary_crossentropy for odd_even and is_k."""
    return "categorical_crossentropy" if task == "digits" else "binary_crossentropy"


def allowed_losses(task: str) -> tuple[str, ...]:
    """The losses that make sense for the task's output layer (the default first)."""
    return _LOSSES_BY_TASK.get(task, ())


def layer_sizes(design: Design) -> tuple[int, ...]:
    """(64, *hidden nodes, outputs)."""
    return (N_INPUTS, *(layer.nodes for layer in design.hidden), output_layer(design)[0])


def activations(design: Design) -> tuple[str, ...]:
    """One activation per weight layer: the hidden layers' then the output's."""
    return (*(layer.activation for layer in design.hidden), output_layer(design)[1])


#: The fields that choose the data: the task, its k, the pixel scaling and the test share.
DATA_FIELDS: tuple[str, ...] = ("task", "k", "scaling", "test_size")
#: The fields a fresh network is built from, besides the data: its hidden layers, its loss,
#: and how its weights start (the output layer follows from the task).
ARCHITECTURE_FIELDS: tuple[str, ...] = ("hidden", "loss", "init", "seed")


def same_data(a: Design, b: Design) -> bool:
    """True when both designs train and test on the same data (``DATA_FIELDS`` agree)."""
    return all(getattr(a, name) == getattr(b, name) for name in DATA_FIELDS)


def needs_new_network(old: Design, new: Design) -> bool:
    """True when going from ``old`` to ``new`` cannot keep the current weights: the data or
    the architecture changed (``DATA_FIELDS`` or ``ARCHITECTURE_FIELDS``). Every other field
    (optimizer, learning rate, batches, epochs) applies to the network as it is."""
    return not same_data(old, new) or any(
        getattr(old, name) != getattr(new, name) for name in ARCHITECTURE_FIELDS
    )


def effective_batch_size(design: Design) -> int | None:
    """None for batch gradient descent (the whole set), 1 for stochastic, else batch_size."""
    if design.batch_mode == "batch":
        return None
    if design.batch_mode == "stochastic":
        return 1
    return design.batch_size


# --- validation ------------------------------------------------------------------------


def _loss_message(task: str, loss: Any) -> str | None:
    allowed = allowed_losses(task)
    if loss in allowed:
        return None
    if task == "digits":
        if loss == "binary_crossentropy":
            return (
                "Binary cross-entropy needs one sigmoid output (a yes/no task); for the 10 "
                "digits use categorical cross-entropy, MSE or MAE."
            )
        return "The digits task can use categorical cross-entropy, MSE or MAE."
    if loss == "categorical_crossentropy":
        return (
            "Categorical cross-entropy needs the 10 softmax outputs of the digits task; "
            "for odd/even use binary cross-entropy, MSE or MAE."
            if task == "odd_even"
            else "Categorical cross-entropy needs the 10 softmax outputs of the digits task; "
            "for 'is it a k?' use binary cross-entropy, MSE or MAE."
        )
    return "A yes/no task can use binary cross-entropy, MSE or MAE."


def _fraction_message(label: str) -> str:
    return f"{label} must be at least 0 and less than 1."


def validate_design(design: Design) -> dict[str, str]:
    """``{field: sentence}`` for each field that is not allowed; ``{}`` when the design is valid.

    Hidden layers report as ``"hidden"``, ``"hidden.<i>.nodes"`` and ``"hidden.<i>.activation"``.
    """
    problems: dict[str, str] = {}
    d = design
    if d.task not in TASK_NAMES:
        problems["task"] = "The task must be digits (10 classes), odd_even or is_k (is it a k?)."
    if not (is_whole_number(d.k) and 0 <= d.k <= 9):
        problems["k"] = "k must be a whole number from 0 to 9."
    if d.scaling not in SCALING_NAMES:
        problems["scaling"] = "Scaling must be none, divide16 (x / 16) or standardize."

    hidden = d.hidden
    if not isinstance(hidden, tuple | list) or len(hidden) > MAX_HIDDEN_LAYERS:
        problems["hidden"] = f"A network can have from 0 to {MAX_HIDDEN_LAYERS} hidden layers."
    else:
        for i, layer in enumerate(hidden):
            if not isinstance(layer, HiddenLayer):
                problems[f"hidden.{i}"] = (
                    "Each hidden layer needs a number of nodes and an activation."
                )
                continue
            if not (is_whole_number(layer.nodes) and 1 <= layer.nodes <= MAX_NODES):
                problems[f"hidden.{i}.nodes"] = (
                    f"Nodes per layer must be a whole number from 1 to {MAX_NODES}."
                )
            if layer.activation not in HIDDEN_ACTIVATION_NAMES:
                problems[f"hidden.{i}.activation"] = (
                    f"A hidden layer's activation must be one of {_names(HIDDEN_ACTIVATION_NAMES)}"
                    " (softmax belongs to the output layer)."
                )

    if d.task in TASK_NAMES:
        message = _loss_message(d.task, d.loss)
        if message:
            problems["loss"] = message
    if d.init not in INITIALIZER_NAMES:
        problems["init"] = f"The initialiser must be one of {_names(INITIALIZER_NAMES)}."
    if d.optimizer not in OPTIMIZER_NAMES:
        problems["optimizer"] = f"The optimizer must be one of {_names(OPTIMIZER_NAMES)}."
    if not (is_real_number(d.learning_rate) and 0 < d.learning_rate <= MAX_LEARNING_RATE):
        problems["learning_rate"] = (
            "The learning rate must be greater than 0 and at most 1000 "
            "(rates above about 1 usually make training diverge, which is worth seeing)."
        )
    for name, label in (
        ("momentum", "Momentum"),
        ("rho", "Rho (RMSprop's decay)"),
        ("beta1", "Beta 1"),
        ("beta2", "Beta 2"),
    ):
        value = getattr(d, name)
        if not (is_real_number(value) and 0 <= value < 1):
            problems[name] = _fraction_message(label)
    if not isinstance(d.nesterov, bool):
        problems["nesterov"] = "Nesterov must be on or off (true or false)."
    if not (is_real_number(d.l2) and 0 <= d.l2 <= 1):
        problems["l2"] = "The L2 penalty must be from 0 (none) to 1."
    if d.batch_mode not in BATCH_MODES:
        problems["batch_mode"] = (
            "Gradient descent must be batch (whole set), stochastic (one sample) or mini-batch."
        )
    test_ok = is_real_number(d.test_size) and MIN_TEST_SIZE <= d.test_size <= MAX_TEST_SIZE
    if not test_ok:
        problems["test_size"] = (
            f"The test set must be from {MIN_TEST_SIZE:g} to {MAX_TEST_SIZE:g} of the data "
            f"({MIN_TEST_SIZE:.0%} to {MAX_TEST_SIZE:.0%})."
        )
    if d.batch_mode == "mini-batch":
        n_train = training_set_size(d.test_size if test_ok else 0.2)
        if not (is_whole_number(d.batch_size) and 1 <= d.batch_size <= n_train):
            problems["batch_size"] = (
                f"The batch size must be a whole number from 1 to {n_train} "
                "(the training-set size)."
            )
    if not (is_whole_number(d.epochs) and 1 <= d.epochs <= MAX_EPOCHS):
        problems["epochs"] = f"Epochs must be a whole number from 1 to {MAX_EPOCHS}."
    if not (is_whole_number(d.seed) and 0 <= d.seed <= MAX_SEED):
        problems["seed"] = f"The seed must be a whole number from 0 to {MAX_SEED}."
    return problems


def _raise_if_invalid(design: Design) -> None:
    problems = validate_design(design)
    if problems:
        raise ValueError(" ".join(problems.values()))


# --- building --------------------------------------------------------------------------


def build_network(design: Design, dtype: Any = "float64") -> Network:
    """The untrained network the design describes (ValueError with the messages if invalid)."""
    _raise_if_invalid(design)
    return Network(
        layer_sizes(design),
        activations(design),
        design.loss,
        init=design.init,
        seed=design.seed,
        dtype=dtype,
    )


_FIELD_NAMES = frozenset(f.name for f in fields(Design))


def optimizer_options(design: Design) -> dict[str, Any]:
    """The options of ``design.optimizer`` that a design sets (``OPTIMIZERS`` says which
    option belongs to which optimizer; epsilon keeps its default, a design has no field)."""
    info = OPTIMIZERS.get(design.optimizer)
    names = info.options if info else ()
    return {name: getattr(design, name) for name in names if name in _FIELD_NAMES}


def build_optimizer(design: Design) -> Optimizer:
    """The optimizer the design describes (ValueError with the messages if invalid)."""
    _raise_if_invalid(design)
    return make_optimizer(design.optimizer, design.learning_rate, **optimizer_options(design))


@functools.lru_cache(maxsize=16)
def _task(task: str, k: int, test_size: float, scaling: str) -> DigitsTask:
    return load_digits_task(task, test_size, SPLIT_RANDOM_STATE, scaling, k)


def load_task(design: Design) -> DigitsTask:
    """The data for the design's task, split and scaling (cached per ``DATA_FIELDS``);
    ValueError if those fields are invalid."""
    problems = validate_design(design)
    bad = {f: m for f, m in problems.items() if f in DATA_FIELDS}
    if bad:
        raise ValueError(" ".join(bad.values()))
    k = design.k if design.task == "is_k" else 0
    return _task(design.task, k, float(design.test_size), design.scaling)
