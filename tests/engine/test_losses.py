"""Losses: values on hand-checked numbers, gradients by finite differences, stable forms."""

import numpy as np
import pytest

from engine.losses import (
    LOSS_NAMES,
    LOSSES,
    get_loss,
    sigmoid_crossentropy_from_logits,
    softmax_crossentropy_from_logits,
)

A = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]])
Y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


def test_values_by_hand() -> None:
    assert LOSSES["categorical_crossentropy"].value(A, Y) == pytest.approx(
        -(np.log(0.7) + np.log(0.3)) / 2
    )
    assert LOSSES["mse"].value(A, Y) == pytest.approx(np.mean((A - Y) ** 2))
    assert LOSSES["mae"].value(A, Y) == pytest.approx(np.mean(np.abs(A - Y)))
    a = np.array([[0.9], [0.2]])
    y = np.array([[1.0], [0.0]])
    # The lesson's negative log-likelihood, mean over samples.
    assert LOSSES["binary_crossentropy"].value(a, y) == pytest.approx(
        -(np.log(0.9) + np.log(0.8)) / 2
    )


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_gradient_matches_central_differences(name: str) -> None:
    loss = get_loss(name)
    a = np.array([[0.3, 0.45], [0.8, 0.15], [0.55, 0.6]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    eps = 1e-7
    numeric = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        ap, am = a.copy(), a.copy()
        ap[idx] += eps
        am[idx] -= eps
        numeric[idx] = (loss.value(ap, y) - loss.value(am, y)) / (2 * eps)
    np.testing.assert_allclose(loss.gradient(a, y), numeric, rtol=1e-6, atol=1e-9)


def test_clipped_cross_entropy_stays_finite() -> None:
    a = np.array([[0.0, 1.0]])
    y = np.array([[1.0, 0.0]])
    for name in ("binary_crossentropy", "categorical_crossentropy"):
        value = LOSSES[name].value(a, y)
        assert np.isfinite(value) and value > 10
        assert np.all(np.isfinite(LOSSES[name].gradient(a, y)))


def test_combined_forms_equal_the_plain_ones() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    y = np.eye(3)[[0, 2, 1, 1]]
    value, p = softmax_crossentropy_from_logits(z.copy(), y)
    e = np.exp(z)
    expected_p = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(p, expected_p)
    assert value == pytest.approx(LOSSES["categorical_crossentropy"].value(expected_p, y))
    zb = rng.normal(size=(5, 1))
    yb = np.array([[1.0], [0], [1], [0], [0]])
    value, a = sigmoid_crossentropy_from_logits(zb, yb)
    np.testing.assert_allclose(a, 1 / (1 + np.exp(-zb)))
    assert value == pytest.approx(LOSSES["binary_crossentropy"].value(a, yb))


def test_combined_forms_with_huge_logits() -> None:
    value, p = softmax_crossentropy_from_logits(np.array([[1e4, -1e4]]), np.array([[0.0, 1.0]]))
    assert value == pytest.approx(2e4) and np.all(np.isfinite(p))
    value, a = sigmoid_crossentropy_from_logits(np.array([[1e4], [-1e4]]), np.array([[0.0], [0.0]]))
    assert value == pytest.approx(5e3) and a.ravel().tolist() == [1.0, 0.0]


def test_names() -> None:
    assert LOSS_NAMES == ("binary_crossentropy", "categorical_crossentropy", "mse", "mae")
    with pytest.raises(ValueError, match="Unknown loss"):
        get_loss("hinge")
