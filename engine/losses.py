"""Loss functions L(a, y): the value and its gradient dL/da w.r.t. the network output a.

With m samples, k outputs per sample and N = m k elements:

    binary_crossentropy       L = -(1/N) sum [ y log a + (1 - y) log(1 - a) ]
                              (the lesson's negative log-likelihood; with one sigmoid output
                              N = m, so it is the mean over samples)
    categorical_crossentropy  L = -(1/m) sum_i sum_j y_ij log a_ij      (mean over samples)
    mse                       L = (1/N) sum (a - y)^2                   (mean over all elements,
    mae                       L = (1/N) sum |a - y|                      as Keras and PyTorch do)

Gradients w.r.t. the output (already divided by the count, so dW = a_prev.T @ dz needs no
further 1/m):

    binary_crossentropy       dL/da = (a - y) / (a (1 - a)) / N
    categorical_crossentropy  dL/da = -y / a / m
    mse                       dL/da = 2 (a - y) / N
    mae                       dL/da = sign(a - y) / N

The cross-entropies clip a to [1e-7, 1 - 1e-7] (Keras's epsilon) so log(0) never happens.

When cross-entropy sits on its natural output activation the network uses the *combined* forms,
computed from the pre-activation z so that nothing is ever clipped:

    softmax + categorical_crossentropy:  L = (1/m) sum_i [ logsumexp(z_i) - sum_j y_ij z_ij ],
                                         dL/dz = (a - y) / m
    sigmoid + binary_crossentropy:       L = (1/N) sum [ max(z, 0) - y z + log(1 + e^-|z|) ],
                                         dL/dz = (a - y) / N
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.activations import Activation, get_activation

Array = npt.NDArray[Any]

#: Cross-entropy clips probabilities to [EPSILON, 1 - EPSILON] (Keras's value).
EPSILON = 1e-7


@dataclass(frozen=True)
class Loss:
    """A loss: ``value(a, y)`` -> float and ``gradient(a, y)`` -> dL/da (same shape as a)."""

    name: str
    value: Callable[[Array, Array], float]
    gradient: Callable[[Array, Array], Array]
    title: str  # the long name, for a sentence or an axis: "categorical cross-entropy"
    label: str = ""  # the short name, for a list to choose from: "cross-entropy"

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


def _clip(a: Array) -> Array:
    clipped: Array = np.clip(a, EPSILON, 1.0 - EPSILON)
    return clipped


def binary_crossentropy(a: Array, y: Array) -> float:
    """L = -mean[ y log a + (1 - y) log(1 - a) ] with a clipped to [1e-7, 1 - 1e-7]."""
    p = _clip(a)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


def binary_crossentropy_gradient(a: Array, y: Array) -> Array:
    """dL/da = (a - y) / (a (1 - a)) / N, zero where a was clipped (the clip is flat there)."""
    p = _clip(a)
    grad = (p - y) / (p * (1.0 - p)) / a.size
    return np.where(p == a, grad, 0.0).astype(a.dtype, copy=False)


def categorical_crossentropy(a: Array, y: Array) -> float:
    """L = -(1/m) sum_ij y_ij log a_ij with a clipped to [1e-7, 1 - 1e-7]."""
    m = a.shape[0] if a.ndim > 1 else 1
    return float(-np.sum(y * np.log(_clip(a))) / m)


def categorical_crossentropy_gradient(a: Array, y: Array) -> Array:
    """dL/da = -y / a / m, zero where a was clipped."""
    m = a.shape[0] if a.ndim > 1 else 1
    p = _clip(a)
    grad = -y / p / m
    return np.where(p == a, grad, 0.0).astype(a.dtype, copy=False)


def mse(a: Array, y: Array) -> float:
    """L = mean((a - y)^2) over all elements."""
    diff = a - y
    return float(np.vdot(diff, diff) / diff.size)


def mse_gradient(a: Array, y: Array) -> Array:
    """dL/da = 2 (a - y) / N."""
    diff: Array = a - y
    diff *= 2.0 / diff.size
    return diff


def mae(a: Array, y: Array) -> float:
    """L = mean(|a - y|) over all elements."""
    return float(np.mean(np.abs(a - y)))


def mae_gradient(a: Array, y: Array) -> Array:
    """dL/da = sign(a - y) / N (0 where a == y: the subgradient every library picks)."""
    grad: Array = np.sign(a - y)
    grad *= 1.0 / grad.size
    return grad


def softmax_crossentropy_from_logits(z: Array, y: Array, axis: int = 1) -> tuple[float, Array]:
    """Softmax then categorical cross-entropy, stably, from the logits z.

    L = (1/m) sum_i [ logsumexp(z_i) - sum_j y_ij z_ij ] over the m samples, for targets y
    that sum to 1 per sample (one-hot labels or probability vectors). Returns (L, a) with
    a = softmax(z), computed in z itself (z is overwritten). ``axis`` is the class axis:
    1 for one row per sample (the network), 0 for one column per sample (the kernel).
    This is the engine's only softmax + cross-entropy.
    """
    z -= np.maximum.reduce(z, axis=axis, keepdims=True)
    yz = float(np.vdot(y, z))
    np.exp(z, out=z)
    sums = np.add.reduce(z, axis=axis, keepdims=True)
    # Shifted: max exponent 0, so every sum is >= 1 and its log is finite.
    loss = (float(np.log(sums).sum()) - yz) / z.shape[1 - axis]  # / the number of samples
    z /= sums
    return loss, z


def sigmoid_crossentropy_from_logits(z: Array, y: Array) -> tuple[float, Array]:
    """Sigmoid then binary cross-entropy, stably, from the logits z (z is kept).

    L = mean[ max(z, 0) - y z + log(1 + e^-|z|) ]; returns (L, a) with a = sigmoid(z).
    """
    softplus = np.log1p(np.exp(-np.abs(z)))
    softplus += np.maximum(z, 0.0)
    softplus -= y * z
    a = z * 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5
    return float(softplus.sum() / z.size), a


LOSSES: dict[str, Loss] = {
    "binary_crossentropy": Loss(
        "binary_crossentropy",
        binary_crossentropy,
        binary_crossentropy_gradient,
        "binary cross-entropy",
        "binary cross-entropy",
    ),
    "categorical_crossentropy": Loss(
        "categorical_crossentropy",
        categorical_crossentropy,
        categorical_crossentropy_gradient,
        "categorical cross-entropy",
        "cross-entropy",
    ),
    "mse": Loss("mse", mse, mse_gradient, "mean squared error", "squared error (MSE)"),
    "mae": Loss("mae", mae, mae_gradient, "mean absolute error", "absolute error (MAE)"),
}

LOSS_NAMES: tuple[str, ...] = tuple(LOSSES)


def get_loss(name: str) -> Loss:
    """The loss called ``name``; ValueError listing the known names otherwise."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        known = ", ".join(LOSS_NAMES)
        raise ValueError(f"Unknown loss {name!r}; known: {known}.") from None


@dataclass(frozen=True)
class OutputLoss:
    """The output layer's activation f_L together with the loss: from z_L to L and dL/dz_L.

    Cross-entropy on its natural output (softmax + categorical, sigmoid + binary) takes the
    combined form from the logits, where dL/dz_L = (a_L - y) / count; every other pair
    applies f_L, the loss, and the chain rule dz = f_L'(z) * dL/da. ``columns=False``: one
    row per sample (``Network``); ``columns=True``: one column per sample (the kernel).
    """

    activation: Activation
    loss: Loss
    #: "softmax" or "sigmoid" for the combined cross-entropy forms, "" for the chain rule.
    combined: str = field(init=False)

    def __post_init__(self) -> None:
        pair = (self.activation.name, self.loss.name)
        combined = {
            ("softmax", "categorical_crossentropy"): "softmax",
            ("sigmoid", "binary_crossentropy"): "sigmoid",
        }.get(pair, "")
        object.__setattr__(self, "combined", combined)

    def loss_and_output(self, z: Array, y: Array, columns: bool = False) -> tuple[float, Array]:
        """(L, a_L) from the pre-activation z_L; z may be overwritten and a may be z."""
        if self.combined == "softmax":
            return softmax_crossentropy_from_logits(z, y, 0 if columns else 1)
        if self.combined == "sigmoid":  # element-wise: the same in either layout
            return sigmoid_crossentropy_from_logits(z, y)
        if columns:  # activations and losses see one row per sample: transposed views
            loss, a = self.loss_and_output(z.T, y.T)
            return loss, a.T
        a = self.activation.forward_inplace(z)
        return self.loss.value(a, y), a

    def delta(self, a: Array, y: Array, columns: bool = False) -> Array:
        """dz_L = dL/dz_L from the output a_L (which may be overwritten and returned)."""
        if self.combined:
            # softmax + CE: (a - y) / m for m samples; sigmoid + BCE: (a - y) / N elements
            # (the same for one output).
            count = a.size if self.combined == "sigmoid" else a.shape[1 if columns else 0]
            a -= y
            a *= 1.0 / count
            return a
        if columns:
            return self.delta(a.T, y.T).T
        return self.activation.backward(a, self.loss.gradient(a, y))


def output_loss(activation: str, loss: str) -> OutputLoss:
    """The output layer ``activation`` with ``loss`` (ValueError for unknown names)."""
    return OutputLoss(get_activation(activation), get_loss(loss))
