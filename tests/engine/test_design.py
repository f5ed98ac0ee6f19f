"""Design: validation sentences, the derived architecture, builders and dict round trips."""

import dataclasses
import json

import numpy as np
import pytest

from engine.design import (
    Design,
    HiddenLayer,
    allowed_losses,
    build_network,
    build_optimizer,
    default_loss,
    effective_batch_size,
    layer_sizes,
    load_task,
    output_layer,
    validate_design,
)
from engine.optimizers import Adam, Momentum


def test_default_design_is_valid_and_is_the_lessons_network() -> None:
    d = Design()
    assert validate_design(d) == {}
    assert layer_sizes(d) == (64, 32, 10)
    assert output_layer(d) == (10, "softmax")
    assert effective_batch_size(d) == 32
    net = build_network(d)
    assert net.layer_sizes == (64, 32, 10) and net.activations == ("relu", "softmax")
    assert net.loss_name == "categorical_crossentropy" and net.seed == 42
    opt = build_optimizer(d)
    assert isinstance(opt, Adam) and opt.learning_rate == 0.001


def test_outputs_and_losses_per_task() -> None:
    assert output_layer(Design(task="odd_even", loss="binary_crossentropy")) == (1, "sigmoid")
    assert default_loss("digits") == "categorical_crossentropy"
    assert default_loss("is_k") == "binary_crossentropy"
    assert allowed_losses("digits") == ("categorical_crossentropy", "mse", "mae")
    assert allowed_losses("odd_even") == ("binary_crossentropy", "mse", "mae")
    lesson = Design(
        task="odd_even", loss="binary_crossentropy", hidden=(HiddenLayer(4, "sigmoid"),)
    )
    assert layer_sizes(lesson) == (64, 4, 1)
    assert build_network(lesson).activations == ("sigmoid", "sigmoid")
    assert layer_sizes(Design(hidden=())) == (64, 10)


def test_batch_modes() -> None:
    assert effective_batch_size(Design(batch_mode="batch")) is None
    assert effective_batch_size(Design(batch_mode="stochastic")) == 1
    assert effective_batch_size(Design(batch_mode="mini-batch", batch_size=100)) == 100


@pytest.mark.parametrize(
    ("changes", "field", "sentence"),
    [
        ({"task": "letters"}, "task", "The task must be digits"),
        ({"k": 10}, "k", "k must be a whole number from 0 to 9."),
        ({"scaling": "log"}, "scaling", "Scaling must be none, divide16"),
        (
            {"hidden": (HiddenLayer(0),)},
            "hidden.0.nodes",
            "Nodes per layer must be a whole number from 1 to 512.",
        ),
        ({"hidden": (HiddenLayer(32), HiddenLayer(513))}, "hidden.1.nodes", "from 1 to 512"),
        (
            {"hidden": (HiddenLayer(32, "softmax"),)},
            "hidden.0.activation",
            "softmax belongs to the output layer",
        ),
        ({"hidden": (HiddenLayer(),) * 9}, "hidden", "from 0 to 8 hidden layers"),
        ({"loss": "binary_crossentropy"}, "loss", "Binary cross-entropy needs one sigmoid output"),
        (
            {"task": "odd_even"},
            "loss",
            "Categorical cross-entropy needs the 10 softmax outputs of the digits task; "
            "for odd/even use binary cross-entropy, MSE or MAE.",
        ),
        ({"init": "zeros"}, "init", "The initialiser must be one of uniform, normal"),
        ({"optimizer": "adagrad"}, "optimizer", "The optimizer must be one of sgd, momentum"),
        ({"learning_rate": 0.0}, "learning_rate", "greater than 0 and at most 1000"),
        ({"learning_rate": 1001.0}, "learning_rate", "at most 1000"),
        ({"learning_rate": float("nan")}, "learning_rate", "greater than 0"),
        ({"momentum": 1.0}, "momentum", "Momentum must be at least 0 and less than 1."),
        ({"rho": -0.1}, "rho", "less than 1"),
        ({"beta1": 1.0}, "beta1", "Beta 1 must be at least 0 and less than 1."),
        ({"beta2": 2.0}, "beta2", "Beta 2"),
        ({"l2": 1.5}, "l2", "The L2 penalty must be from 0 (none) to 1."),
        ({"batch_mode": "mega"}, "batch_mode", "batch (whole set), stochastic"),
        ({"batch_size": 0}, "batch_size", "The batch size must be a whole number from 1 to 1437"),
        ({"batch_size": 1438}, "batch_size", "from 1 to 1437 (the training-set size)"),
        ({"test_size": 0.5, "batch_size": 899}, "batch_size", "from 1 to 898"),
        ({"epochs": 0}, "epochs", "Epochs must be a whole number from 1 to 10000."),
        ({"epochs": 2.5}, "epochs", "whole number"),
        ({"test_size": 0.6}, "test_size", "from 0.05 to 0.5"),
        ({"seed": -1}, "seed", "from 0 to 2147483647"),
        ({"nesterov": "yes"}, "nesterov", "on or off"),
    ],
)
def test_each_bad_field_gets_a_sentence_saying_what_is_allowed(changes, field, sentence) -> None:
    problems = validate_design(dataclasses.replace(Design(), **changes))
    assert field in problems, problems
    assert sentence in problems[field]
    assert problems[field].endswith(".")


def test_huge_learning_rate_is_allowed_for_the_lesson() -> None:
    assert validate_design(Design(learning_rate=1000.0)) == {}
    assert validate_design(Design(batch_mode="batch", batch_size=0)) == {}  # size unused


def test_several_problems_at_once_and_builders_refuse() -> None:
    bad = Design(epochs=0, k=-1, learning_rate=-1.0)
    assert set(validate_design(bad)) == {"epochs", "k", "learning_rate"}
    with pytest.raises(ValueError, match="Epochs must be"):
        build_network(bad)
    with pytest.raises(ValueError, match="learning rate"):
        build_optimizer(bad)


def test_build_optimizer_passes_the_options() -> None:
    opt = build_optimizer(
        Design(optimizer="momentum", learning_rate=0.05, momentum=0.8, nesterov=True, l2=0.01)
    )
    assert isinstance(opt, Momentum)
    assert (opt.learning_rate, opt.momentum, opt.nesterov, opt.l2) == (0.05, 0.8, True, 0.01)


def test_load_task_uses_the_design_split_and_scaling() -> None:
    task = load_task(
        Design(task="is_k", k=5, loss="binary_crossentropy", test_size=0.25, scaling="none")
    )
    assert task.task == "is_k" and task.k == 5 and task.scaling == "none"
    assert len(task.y_test) == 450 and task.X_train.max() == 16
    assert load_task(Design()) is load_task(Design(epochs=99))  # cached per data fields


def test_dict_round_trip_through_json() -> None:
    d = Design(
        task="odd_even",
        loss="mse",
        hidden=(HiddenLayer(16, "tanh"), HiddenLayer(8, "leaky_relu")),
        optimizer="rmsprop",
        learning_rate=0.01,
    )
    data = json.loads(json.dumps(d.to_dict()))
    assert data["hidden"] == [
        {"nodes": 16, "activation": "tanh"},
        {"nodes": 8, "activation": "leaky_relu"},
    ]
    assert Design.from_dict(data) == d
    assert Design.from_dict({}) == Design()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"colour": "red"}, "Unknown design field"),
        ({"epochs": "ten"}, "whole number"),
        ({"learning_rate": "fast"}, "must be a number"),
        ({"hidden": 5}, "list of layers"),
        ({"hidden": [{"nodes": 4, "act": "relu"}]}, "Each hidden layer"),
        ({"nesterov": 1}, "true or false"),
        ({"epochs": 0}, "Epochs must be"),
    ],
)
def test_from_dict_rejects_bad_input(data, message) -> None:
    with pytest.raises(ValueError, match=message):
        Design.from_dict(data)


def test_built_network_trains_on_its_task() -> None:
    from engine.training import Trainer

    d = Design(
        task="is_k",
        k=0,
        loss="binary_crossentropy",
        hidden=(HiddenLayer(8, "tanh"),),
        learning_rate=0.01,
        epochs=5,
    )
    task = load_task(d)
    net = build_network(d)
    trainer = Trainer(net, build_optimizer(d), effective_batch_size(d), d.epochs, seed=d.seed)
    last = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))[-1]
    assert last.test_accuracy > 0.97 and np.isfinite(last.test_loss)  # base rate is 0.9


def test_data_and_architecture_fields_decide_about_a_new_network() -> None:
    from engine.design import (
        ARCHITECTURE_FIELDS,
        DATA_FIELDS,
        needs_new_network,
        same_data,
    )

    base = Design()
    assert DATA_FIELDS == ("task", "k", "scaling", "test_size")
    changed = {
        "task": "odd_even",
        "k": 5,
        "scaling": "standardize",
        "test_size": 0.3,
        "hidden": (HiddenLayer(8, "tanh"),),
        "loss": "mse",
        "init": "he_normal",
        "seed": 7,
        "optimizer": "sgd",
        "learning_rate": 0.5,
        "momentum": 0.5,
        "nesterov": True,
        "rho": 0.5,
        "beta1": 0.5,
        "beta2": 0.5,
        "l2": 0.1,
        "batch_mode": "batch",
        "batch_size": 8,
        "epochs": 3,
    }
    assert set(changed) == {f.name for f in dataclasses.fields(Design)}
    for name, value in changed.items():
        other = dataclasses.replace(base, **{name: value})
        assert same_data(base, other) == (name not in DATA_FIELDS), name
        assert needs_new_network(base, other) == (name in DATA_FIELDS + ARCHITECTURE_FIELDS)
    assert same_data(base, base) and not needs_new_network(base, base)


def test_optimizer_options_follow_the_registry() -> None:
    from engine.design import optimizer_options
    from engine.optimizers import OPTIMIZERS

    for name, info in OPTIMIZERS.items():
        options = optimizer_options(Design(optimizer=name))
        # Every option the optimizer reads that a design has a field for (no epsilon field).
        assert set(options) == set(info.options) - {"epsilon"}, name
    assert optimizer_options(Design(optimizer="momentum", nesterov=True))["nesterov"] is True
