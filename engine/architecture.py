"""What a network may be: its layer sizes, activations, loss and number type, checked once.

``Network`` checks every architecture it is built with here, and ``load_model`` checks a
model file's layers with the same rules (adding its own limits against corrupt files).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.activations import ACTIVATION_NAMES
from engine.losses import LOSS_NAMES

#: Floating-point types a network may compute in.
DTYPES: tuple[str, ...] = ("float64", "float32")


def _check_sizes(layer_sizes: Sequence[int]) -> tuple[int, ...]:
    try:
        sizes = tuple(int(n) for n in layer_sizes)
    except (TypeError, ValueError):
        raise ValueError(f"layer_sizes must be whole numbers, not {layer_sizes!r}.") from None
    if len(sizes) < 2:
        raise ValueError("layer_sizes needs at least an input and an output size, like (64, 10).")
    if any(n < 1 for n in sizes) or any(isinstance(n, bool) or int(n) != n for n in layer_sizes):
        raise ValueError(f"Every layer size must be a whole number >= 1, not {layer_sizes!r}.")
    return sizes


def check_architecture(
    layer_sizes: Sequence[int], activations: Sequence[str], loss: str
) -> tuple[tuple[int, ...], tuple[str, ...], str]:
    """(sizes, activations, loss) as a network may have them; ValueError saying why not.

    At least an input and an output size, each >= 1; one known activation per weight
    layer, softmax only on an output of 2 or more nodes; a known loss.
    """
    sizes = _check_sizes(layer_sizes)
    acts = (activations,) if isinstance(activations, str) else tuple(activations)
    if len(acts) != len(sizes) - 1:
        raise ValueError(
            f"One activation per weight layer is needed: {len(sizes) - 1} for layer sizes "
            f"{sizes}, got {len(acts)}."
        )
    for name in acts:
        if name not in ACTIVATION_NAMES:
            raise ValueError(f"Unknown activation {name!r}; known: {', '.join(ACTIVATION_NAMES)}.")
    if "softmax" in acts[:-1]:
        raise ValueError("softmax is an output activation; hidden layers cannot use it.")
    if acts[-1] == "softmax" and sizes[-1] < 2:
        raise ValueError("A softmax output needs at least 2 nodes (one per class).")
    if loss not in LOSS_NAMES:
        raise ValueError(f"Unknown loss {loss!r}; known: {', '.join(LOSS_NAMES)}.")
    return sizes, acts, loss


def check_dtype(dtype: Any) -> np.dtype[Any]:
    """The NumPy dtype for ``dtype`` if a network may compute in it; ValueError otherwise."""
    dt: np.dtype[Any] | None
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.name not in DTYPES:
        raise ValueError(f"dtype must be float64 or float32, not {dtype!r}.")
    return dt
