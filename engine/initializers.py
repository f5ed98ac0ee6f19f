"""Weight initialisers: W of shape (n_in, n_out) drawn from an explicit random Generator.

    uniform         W ~ U(-0.1, 0.1)                          (the lesson's np.random.uniform)
    normal          W ~ N(0, 0.1^2)                           (the lesson's np.random.normal)
    glorot_uniform  W ~ U(-r, r),  r = sqrt(6 / (n_in + n_out))   (Keras's default)
    he_normal       W ~ N(0, 2 / n_in)                        (He et al.; plain, not truncated)

Biases always start at zero. Draws are made in float64 and then cast, so a float32 network
starts from the same numbers (rounded) as its float64 twin.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

Initializer = Callable[[np.random.Generator, int, int], np.ndarray]


def uniform(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """W ~ U(-0.1, 0.1)."""
    return rng.uniform(-0.1, 0.1, size=(n_in, n_out))


def normal(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """W ~ N(0, 0.1^2)."""
    return rng.normal(0.0, 0.1, size=(n_in, n_out))


def glorot_uniform(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """W ~ U(-r, r) with r = sqrt(6 / (n_in + n_out))."""
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def he_normal(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    """W ~ N(0, 2 / n_in)."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform,
    "normal": normal,
    "glorot_uniform": glorot_uniform,
    "he_normal": he_normal,
}

INITIALIZER_NAMES: tuple[str, ...] = tuple(INITIALIZERS)
#: What a form shows for each initialiser, in the order it offers them.
INITIALIZER_LABELS: dict[str, str] = {
    "glorot_uniform": "Glorot uniform",
    "he_normal": "He normal",
    "uniform": "Uniform ±0.1",
    "normal": "Normal, sd 0.1",
}


def get_initializer(name: str) -> Initializer:
    """The initialiser called ``name``; ValueError listing the known names otherwise."""
    try:
        return INITIALIZERS[name]
    except (KeyError, TypeError):
        known = ", ".join(INITIALIZER_NAMES)
        raise ValueError(f"Unknown initialiser {name!r}; known: {known}.") from None


def initial_weights(
    name: str, layer_sizes: tuple[int, ...], seed: int | np.random.Generator
) -> list[np.ndarray]:
    """One float64 weight matrix per layer, drawn in order from ``default_rng(seed)``."""
    init = get_initializer(name)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return [init(rng, n_in, n_out) for n_in, n_out in itertools.pairwise(layer_sizes)]
