"""Kernel: the training path's numbers are the lesson's (Network.gradients, Network.evaluate)."""

import zlib

import numpy as np
import pytest

from engine.kernel import Kernel, ParameterLayout, augment, class_labels, parameter_count
from engine.network import Network
from tests.engine.test_network import (
    HIDDEN,
    OUTPUT_LOSS,
    numeric_gradients,
    relative_error,
    targets_for,
)


def make_net(hidden: str, out_act: str, loss: str, k: int) -> tuple[Network, np.ndarray, object]:
    rng = np.random.default_rng(zlib.crc32(f"{hidden}{out_act}{loss}{k}".encode()))
    net = Network((5, 6, 4, k), (hidden, "tanh", out_act), loss, init="normal", seed=2)
    net.biases = [rng.normal(scale=0.3, size=b.shape) for b in net.biases]
    X = rng.normal(size=(7, 5))
    return net, X, targets_for(out_act, loss, k, 7, rng)


def kernel_gradients(net: Network, X: np.ndarray, y: object, out: np.ndarray | None = None):
    """(L, dW, db) from Kernel.backprop, in the trainer's transposed layout."""
    kernel = net.kernel
    Y = net.targets(y, X.shape[0])
    grad = kernel.gradient_buffer()
    loss = kernel.backprop(augment(net.as_input(X)).T, Y.T, grad, out)
    dW, db = kernel.layout.split(grad)
    return loss, dW, db


def test_parameter_count_is_weights_plus_biases() -> None:
    assert parameter_count((64, 32, 10)) == 64 * 32 + 32 + 32 * 10 + 10 == 2410
    assert ParameterLayout((64, 32, 10)).size == 2410
    assert Network((64, 32, 10), ("relu", "softmax"), "mse").parameter_count() == 2410


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("out_act", "loss", "k"), OUTPUT_LOSS)
def test_backprop_equals_network_gradients(hidden: str, out_act: str, loss: str, k: int) -> None:
    net, X, y = make_net(hidden, out_act, loss, k)
    want_loss, want_dW, want_db = net.gradients(X, y)
    got_loss, got_dW, got_db = kernel_gradients(net, X, y)
    assert got_loss == pytest.approx(want_loss, rel=1e-12)
    assert relative_error(got_dW + got_db, want_dW + want_db) < 1e-12


@pytest.mark.parametrize(("out_act", "loss", "k"), OUTPUT_LOSS)
def test_backprop_matches_finite_differences(out_act: str, loss: str, k: int) -> None:
    net, X, y = make_net("tanh", out_act, loss, k)
    _, dW, db = kernel_gradients(net, X, y)
    num_dW, num_db = numeric_gradients(net, X, y)
    assert relative_error(dW + db, num_dW + num_db) < 1e-6


def test_backprop_records_the_output_before_the_update() -> None:
    net, X, y = make_net("relu", "softmax", "categorical_crossentropy", 3)
    out = np.empty((3, X.shape[0]))
    kernel_gradients(net, X, y, out)
    np.testing.assert_allclose(out.T, net.predict_proba(X), rtol=1e-12)


@pytest.mark.parametrize(("out_act", "loss", "k"), OUTPUT_LOSS)
def test_evaluate_equals_network_evaluate(out_act: str, loss: str, k: int) -> None:
    # The trainer's per-epoch evaluation (one column per sample) gives the numbers of
    # net.evaluate() up to round-off, for every output and loss.
    rng = np.random.default_rng(zlib.crc32(f"{out_act}{loss}{k}".encode()))
    net = Network((5, 6, 4, k), ("tanh", "relu", out_act), loss, init="normal", seed=2)
    net.biases = [rng.normal(scale=0.3, size=b.shape) for b in net.biases]
    X = rng.normal(size=(40, 5))
    y = targets_for(out_act, loss, k, 40, rng)
    got = net.kernel.evaluate(net.kernel.columns(X, net.targets(y)))
    want = net.evaluate(X, y)
    assert got[0] == pytest.approx(want[0], rel=1e-12)
    assert got[1] == want[1]


def test_count_correct_breaks_ties_like_class_labels() -> None:
    kernel = Network((2, 3), ("softmax",), "categorical_crossentropy").kernel
    out = np.array([[0.5, 0.2, 0.3], [0.5, 0.2, 0.3], [np.nan, 0.1, 0.4]])  # rows = samples
    labels = np.array([1, 0, 2])
    assert kernel.count_correct(out.T, labels) == np.count_nonzero(class_labels(out) == labels)


def test_weight_mask_marks_weights_not_biases() -> None:
    net = Network((3, 2, 1), ("relu", "sigmoid"), "binary_crossentropy")
    W, b = net.kernel.layout.split(net.kernel.weight_mask)
    assert all(np.all(w == 1.0) for w in W) and all(np.all(v == 0.0) for v in b)


def test_the_network_views_the_kernel_buffer() -> None:
    net = Network((3, 2, 1), ("relu", "sigmoid"), "binary_crossentropy")
    net.kernel.params[:] = np.arange(net.parameter_count())
    np.testing.assert_array_equal(net.weights[0], np.arange(6).reshape(3, 2))
    np.testing.assert_array_equal(net.biases[0], [6.0, 7.0])
    assert isinstance(net.kernel, Kernel)


def test_flatten_checks_shapes() -> None:
    layout = ParameterLayout((3, 2))
    flat = layout.flatten([np.ones((3, 2))], [np.zeros(2)], np.dtype("float64"))
    assert flat.tolist() == [1.0] * 6 + [0.0, 0.0]
    with pytest.raises(ValueError, match=r"dW\[0\] must have shape"):
        layout.flatten([np.ones((2, 3))], [np.zeros(2)], np.dtype("float64"))
