"""The code behind the design: scikit-learn and NumPy executed, Keras read with ast."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import Design, HiddenLayer
from engine.code_export import (
    WEIGHTS_FILE,
    activation_names,
    code_for,
    save_weights,
    weight_arrays,
)
from engine.design import effective_batch_size, layer_sizes
from engine.presets import PRESETS

DESIGNS = [
    Design(epochs=2),
    PRESETS[0].design,  # the perceptron: no hidden layer, SGD
    Design(
        task="is_k",
        k=7,
        scaling="standardize",
        hidden=(HiddenLayer(12, "tanh"), HiddenLayer(6, "tanh")),
        loss="binary_crossentropy",
        optimizer="momentum",
        learning_rate=0.05,
        batch_mode="batch",
        epochs=3,
    ),
    Design(optimizer="sgd", learning_rate=0.01, batch_mode="stochastic", epochs=1),
]
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "linear": "identity"}
KERAS_OPTIMIZER = {"sgd": "SGD", "momentum": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}


def run(code: str) -> dict:
    namespace: dict = {}
    with warnings.catch_warnings():  # a two-epoch fit does not converge, and says so
        warnings.simplefilter("ignore")
        exec(compile(code, "<generated>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("design", DESIGNS[:3], ids=["default", "perceptron", "tanh-momentum"])
def test_the_sklearn_code_builds_the_designs_classifier(design, capsys):
    model = run(code_for("sklearn", replace_epochs(design, 2)))["model"]
    params = model.get_params()
    assert params["hidden_layer_sizes"] == tuple(layer.nodes for layer in design.hidden)
    if design.hidden:
        assert params["activation"] == SKLEARN_ACTIVATION[design.hidden[0].activation]
    assert params["solver"] == {"adam": "adam", "sgd": "sgd", "momentum": "sgd"}[design.optimizer]
    assert params["learning_rate_init"] == design.learning_rate
    expected_batch = effective_batch_size(design) or len(engine.load_task(design).y_train)
    assert params["batch_size"] == expected_batch
    assert params["max_iter"] == 2
    assert model.n_iter_ == 2  # it trained for exactly the design's epochs
    assert model.coefs_[0].shape == (64, layer_sizes(design)[1] if design.hidden else 1)


def replace_epochs(design: Design, epochs: int) -> Design:
    from dataclasses import replace

    return replace(design, epochs=epochs)


def keras_calls(code: str) -> dict[str, list[ast.Call]]:
    calls: dict[str, list[ast.Call]] = {}
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            calls.setdefault(ast.unparse(node.func), []).append(node)
    return calls


def keyword(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


@pytest.mark.parametrize("design", DESIGNS, ids=["default", "perceptron", "tanh", "stochastic"])
def test_the_keras_code_names_the_designs_layers_optimizer_loss_batch_and_epochs(design):
    calls = keras_calls(code_for("keras", design))
    dense = calls["layers.Dense"]
    assert [ast.literal_eval(c.args[0]) for c in dense] == list(layer_sizes(design)[1:])
    activations = [ast.literal_eval(keyword(c, "activation")) for c in dense]
    assert activations == list(activation_names(design))
    (compile_call,) = calls["model.compile"]
    optimizer = keyword(compile_call, "optimizer")
    assert isinstance(optimizer, ast.Call)
    assert ast.unparse(optimizer.func) == f"keras.optimizers.{KERAS_OPTIMIZER[design.optimizer]}"
    assert ast.literal_eval(keyword(optimizer, "learning_rate")) == design.learning_rate
    assert ast.literal_eval(keyword(compile_call, "loss")) == design.loss
    (fit,) = calls["model.fit"]
    size = effective_batch_size(design)
    batch = keyword(fit, "batch_size")
    if size is None:  # batch gradient descent: the whole training set
        assert ast.unparse(batch) == "len(X_train)"
    else:
        assert ast.literal_eval(batch) == size
    assert ast.literal_eval(keyword(fit, "epochs")) == design.epochs
    assert ast.literal_eval(keyword(fit, "verbose")) == 1


@pytest.mark.parametrize("design", DESIGNS[:3], ids=["digits", "perceptron", "standardized"])
def test_the_numpy_code_with_its_weights_gives_the_apps_probabilities(
    design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    net = engine.build_network(design)
    task = engine.load_task(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=1)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass  # one epoch: weights that are no longer the starting ones
    save_weights(tmp_path / WEIGHTS_FILE, net, task)
    monkeypatch.chdir(tmp_path)
    forward = run(code_for("numpy", design))["forward"]
    pixels = task.images_test[:10].reshape(10, 64)
    np.testing.assert_allclose(forward(pixels), net.predict_proba(task.X_test[:10]), atol=1e-12)
    printed = capsys.readouterr().out
    assert printed.strip()  # the example at the end prints a prediction


def test_the_weights_file_holds_each_layer_and_the_scaling():
    design = DESIGNS[2]
    net, task = engine.build_network(design), engine.load_task(design)
    arrays = weight_arrays(net, task)
    assert sorted(arrays) == ["W1", "W2", "W3", "b1", "b2", "b3", "mean", "std"]
    np.testing.assert_array_equal(arrays["std"], task.std)


def test_an_unknown_library_is_refused_by_name():
    with pytest.raises(ValueError, match="pytorch"):
        code_for("pytorch", Design())
