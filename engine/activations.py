"""Activation functions a = f(z) and their derivatives, in a registry keyed by name.

Every activation is written so that back-propagation needs only its *output* a:

    sigmoid     a = 1 / (1 + e^-z)              f'(z) = a (1 - a)
    tanh        a = (e^z - e^-z) / (e^z + e^-z)  f'(z) = 1 - a^2
    relu        a = max(0, z)                   f'(z) = 1 if z > 0 else 0
    leaky_relu  a = z if z > 0 else 0.01 z      f'(z) = 1 if z > 0 else 0.01
    linear      a = z                           f'(z) = 1
    softmax     a_j = e^(z_j) / sum_k e^(z_k)   da_j/dz_i = a_j (δ_ij - a_i)   (output layer)

The backward step turns the gradient of the loss w.r.t. a layer's output, da, into the gradient
w.r.t. its pre-activation, dz:

    element-wise activations: dz = da * f'(z)
    softmax (a full Jacobian):  dz_i = a_i (da_i - sum_j da_j a_j)

Numerical stability (inputs up to ±1e4 and beyond give no overflow warning): the sigmoid is
computed as 0.5 + 0.5 tanh(z / 2), which is mathematically identical and never calls exp on a
large number; softmax subtracts each row's maximum before exponentiating, so every exponent is
<= 0 and the row sum is >= 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


def _float_copy(z: Array | float) -> Array:
    """A fresh floating-point copy of z: float32 stays float32, anything else becomes float64."""
    z = np.asarray(z)
    dtype = z.dtype if z.dtype in (np.float32, np.float64) else np.float64
    return np.array(z, dtype=dtype, copy=True)


#: The slope of leaky ReLU for z <= 0 (PyTorch's default; Keras uses 0.3).
LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """One activation: its formula f, its derivative f', and the fast in-place forms.

    ``f(z)`` returns a new array; ``derivative(z)`` is the element-wise f'(z) (for softmax the
    diagonal of its Jacobian, a (1 - a), which is what a plot of "the slope" shows);
    ``forward_inplace(z)`` may overwrite z and returns a (every hidden activation computes a
    in z itself, which back-propagation relies on); ``apply(z)`` returns a new array for a
    float array z (no checks: the fastest way to keep both z and a); ``backward(a, da)``
    returns dz and may overwrite da (it is given the layer output a, never z).
    """

    name: str
    f: Callable[[Array], Array]
    derivative: Callable[[Array], Array]
    forward_inplace: Callable[[Array], Array]
    backward: Callable[[Array, Array], Array]
    apply: Callable[[Array], Array]
    hidden_ok: bool = True
    #: What the window shows: a short name, the formula in the lesson's notation, and the
    #: range of a (the colour scale of an activation view; infinite where unbounded).
    label: str = ""
    formula: str = ""
    output_range: tuple[float, float] = (-math.inf, math.inf)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


# --- sigmoid -------------------------------------------------------------------------------


def _sigmoid_inplace(z: Array) -> Array:
    # σ(z) = 1/(1+e^-z) = 0.5 + 0.5·tanh(z/2): no exp of a large number, so no overflow.
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


def _sigmoid_apply(z: Array) -> Array:
    a = z * 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5
    return a


def sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^-z), in (0, 1)."""
    return _sigmoid_inplace(_float_copy(z))


def sigmoid_derivative(z: Array) -> Array:
    """σ'(z) = σ(z) (1 - σ(z))."""
    a = sigmoid(z)
    return a * (1.0 - a)


def _sigmoid_backward(a: Array, da: Array) -> Array:
    slope = 1.0 - a
    slope *= a
    da *= slope
    return da


# --- tanh ----------------------------------------------------------------------------------


def tanh(z: Array) -> Array:
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    a: Array = np.tanh(_float_copy(z))
    return a


def tanh_derivative(z: Array) -> Array:
    """tanh'(z) = 1 - tanh(z)^2."""
    a = tanh(z)
    slope: Array = 1.0 - a * a
    return slope


def _tanh_inplace(z: Array) -> Array:
    np.tanh(z, out=z)
    return z


def _tanh_apply(z: Array) -> Array:
    a: Array = np.tanh(z)
    return a


def _tanh_backward(a: Array, da: Array) -> Array:
    slope = a * a
    np.subtract(1.0, slope, out=slope)
    da *= slope
    return da


# --- relu ----------------------------------------------------------------------------------


def relu(z: Array) -> Array:
    """relu(z) = max(0, z)."""
    return _relu_inplace(_float_copy(z))


def relu_derivative(z: Array) -> Array:
    """relu'(z) = 1 where z > 0, else 0 (we take 0 at z = 0, as every library does)."""
    z = _float_copy(z)
    return (z > 0).astype(z.dtype)


def _relu_inplace(z: Array) -> Array:
    np.maximum(z, 0.0, out=z)
    return z


def _relu_apply(z: Array) -> Array:
    a: Array = np.maximum(z, 0.0)
    return a


def _relu_backward(a: Array, da: Array) -> Array:
    # a > 0 exactly where z > 0.
    da *= a > 0
    return da


# --- leaky relu ----------------------------------------------------------------------------


def leaky_relu(z: Array) -> Array:
    """leaky_relu(z) = z where z > 0, else 0.01 z."""
    z = _float_copy(z)
    np.maximum(z, LEAKY_SLOPE * z, out=z)
    return z


def leaky_relu_derivative(z: Array) -> Array:
    """leaky_relu'(z) = 1 where z > 0, else 0.01."""
    z = _float_copy(z)
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)


def _leaky_relu_inplace(z: Array) -> Array:
    # max(z, 0.01 z) is z for z > 0 and 0.01 z otherwise, because 0.01 < 1.
    np.maximum(z, LEAKY_SLOPE * z, out=z)
    return z


def _leaky_relu_apply(z: Array) -> Array:
    a: Array = np.maximum(z, LEAKY_SLOPE * z)
    return a


def _leaky_relu_backward(a: Array, da: Array) -> Array:
    # a > 0 exactly where z > 0 (the negative side is scaled, never flipped).
    da *= np.where(a > 0, 1.0, LEAKY_SLOPE).astype(da.dtype, copy=False)
    return da


# --- linear --------------------------------------------------------------------------------


def linear(z: Array) -> Array:
    """linear(z) = z (no squashing: the node outputs its weighted sum)."""
    return _float_copy(z)


def linear_derivative(z: Array) -> Array:
    """linear'(z) = 1."""
    return np.ones_like(_float_copy(z))


def _linear_inplace(z: Array) -> Array:
    return z


def _linear_apply(z: Array) -> Array:
    return z.copy()


def _linear_backward(a: Array, da: Array) -> Array:
    return da


# --- softmax -------------------------------------------------------------------------------


def _softmax_inplace(z: Array) -> Array:
    # Shift each row by its maximum: exponents are <= 0 and the row sum is >= 1.
    if z.ndim == 1:
        # One sample (a drawing, a handful of outputs): Python's max and sum over the list
        # cost ~0.4 µs where NumPy's reductions cost ~1-1.3 µs each. _softmax_apply does the
        # same operations, so softmax() and a forward pass agree to the last bit.
        z -= max(z.tolist())
        np.exp(z, out=z)
        z /= sum(z.tolist())
        return z
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def softmax(z: Array) -> Array:
    """softmax(z)_j = e^(z_j) / sum_k e^(z_k), each row sums to 1 (row-max shifted)."""
    return _softmax_inplace(_float_copy(z))


def softmax_derivative(z: Array) -> Array:
    """The diagonal of the softmax Jacobian, a_j (1 - a_j); back-propagation uses the full one."""
    a = softmax(z)
    return a * (1.0 - a)


def _softmax_apply(z: Array) -> Array:
    if z.ndim == 1:  # the same steps as _softmax_inplace, into a new array
        e: Array = z - max(z.tolist())
        np.exp(e, out=e)
        e /= sum(e.tolist())
        return e
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _softmax_backward(a: Array, da: Array) -> Array:
    # dz_i = a_i (da_i - sum_j da_j a_j): the Jacobian-vector product, never the n x n matrix.
    dot = (da * a).sum(axis=-1, keepdims=True)
    da -= dot
    da *= a
    return da


_Functions = tuple[
    Callable[[Array], Array],
    Callable[[Array], Array],
    Callable[[Array], Array],
    Callable[[Array, Array], Array],
    Callable[[Array], Array],
]
#: name -> (f, f', in place, backward, apply).
_FUNCTIONS: dict[str, _Functions] = {
    "sigmoid": (sigmoid, sigmoid_derivative, _sigmoid_inplace, _sigmoid_backward, _sigmoid_apply),
    "tanh": (tanh, tanh_derivative, _tanh_inplace, _tanh_backward, _tanh_apply),
    "relu": (relu, relu_derivative, _relu_inplace, _relu_backward, _relu_apply),
    "leaky_relu": (
        leaky_relu,
        leaky_relu_derivative,
        _leaky_relu_inplace,
        _leaky_relu_backward,
        _leaky_relu_apply,
    ),
    "linear": (linear, linear_derivative, _linear_inplace, _linear_backward, _linear_apply),
    "softmax": (softmax, softmax_derivative, _softmax_inplace, _softmax_backward, _softmax_apply),
}


def _activation(name: str, label: str, formula: str, lo: float, hi: float) -> Activation:
    """The registry entry ``name``: its functions, and what the window shows for it."""
    f, derivative, inplace, backward, apply = _FUNCTIONS[name]
    return Activation(
        name,
        f,
        derivative,
        inplace,
        backward,
        apply,
        # softmax normalises across a layer's nodes: it belongs to the output layer only.
        hidden_ok=name != "softmax",
        label=label,
        formula=formula,
        output_range=(lo, hi),
    )


#: Every activation with what the window shows: label, formula, range of a.
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        _activation("sigmoid", "sigmoid", "a = σ(z) = 1 / (1 + e^(−z))", 0.0, 1.0),
        _activation("tanh", "tanh", "a = tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))", -1.0, 1.0),
        _activation("relu", "ReLU", "a = ReLU(z) = max(0, z)", 0.0, math.inf),
        _activation(
            "leaky_relu",
            "leaky ReLU",
            f"a = leaky ReLU(z) = z if z > 0, else {LEAKY_SLOPE} × z",
            -math.inf,
            math.inf,
        ),
        _activation("linear", "linear (none)", "a = z", -math.inf, math.inf),
        _activation(
            "softmax",
            "softmax",
            "a_k = e^{z_k} / Σ_j e^{z_j}   (all outputs together)",
            0.0,
            1.0,
        ),
    )
}

#: All activation names, in the order the lesson meets them.
ACTIVATION_NAMES: tuple[str, ...] = tuple(ACTIVATIONS)
#: Activations allowed in hidden layers (softmax only makes sense on the output).
HIDDEN_ACTIVATION_NAMES: tuple[str, ...] = tuple(n for n, a in ACTIVATIONS.items() if a.hidden_ok)


def get_activation(name: str) -> Activation:
    """The activation called ``name``; ValueError listing the known names otherwise."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATION_NAMES)
        raise ValueError(f"Unknown activation {name!r}; known: {known}.") from None
