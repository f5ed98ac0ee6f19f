"""Initialisers: the lesson's uniform(-0.1, 0.1) and normal(0, 0.1), Glorot, He; seeded."""

import numpy as np
import pytest

from engine.initializers import INITIALIZER_NAMES, get_initializer, initial_weights
from engine.network import Network


def draw(name: str, n_in: int = 400, n_out: int = 300) -> np.ndarray:
    return get_initializer(name)(np.random.default_rng(0), n_in, n_out)


def test_uniform_and_normal_are_the_lessons() -> None:
    w = draw("uniform")
    assert w.shape == (400, 300) and w.min() >= -0.1 and w.max() <= 0.1
    assert w.std() == pytest.approx(0.2 / np.sqrt(12), rel=0.02)
    assert draw("normal").std() == pytest.approx(0.1, rel=0.02)
    assert abs(draw("normal").mean()) < 0.002


def test_glorot_and_he_scales() -> None:
    limit = np.sqrt(6 / 700)
    w = draw("glorot_uniform")
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit
    assert draw("he_normal").std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


@pytest.mark.parametrize("name", INITIALIZER_NAMES)
def test_seeded_and_biases_zero(name: str) -> None:
    a = initial_weights(name, (64, 32, 10), 5)
    b = initial_weights(name, (64, 32, 10), 5)
    c = initial_weights(name, (64, 32, 10), 6)
    for wa, wb in zip(a, b, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a[0], c[0])
    net = Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", init=name)
    assert all(np.all(b == 0) for b in net.biases)


def test_unknown_initialiser() -> None:
    with pytest.raises(ValueError, match="Unknown initialiser"):
        Network((2, 1), ("sigmoid",), "mse", init="zeros")
