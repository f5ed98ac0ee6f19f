"""One update looked at closely: w := w − α·dw, and how big the gradient is in each layer.

The trainer (training.py) can report, only when asked between two batches, what one update
did (``UpdateRecord``): the parameters before, the gradient dw of that batch, the step the
optimizer took (w_after − w_before) and its state before and after (``OptimizerState``):

    sgd       step = −α·dw
    momentum  v := μ·v − α·dw;  step = v                 (Nesterov: μ·v − α·dw)
    rmsprop   s := ρ·s + (1 − ρ)·dw²;  step = −α·dw / (√s + ε)
    adam      m := β1·m + (1 − β1)·dw;  v := β2·v + (1 − β2)·dw²
              α_t = α·√(1 − β2^t) / (1 − β1^t);  step = −α_t·m / (√v + ε)

(with an L2 penalty λ every dw above is dw + λ·w for weights). It can also measure, per batch,
the size of each layer's gradient and how many hidden units have stopped passing gradient
back (``GradientStats``):

    gradient size of layer l    mean |dW_l| over its weights
    saturated share (sigmoid, tanh)   the fraction of (unit, example) pairs with f'(z) < 0.01
    dead share (ReLU)                 the fraction of units whose a is 0 on every example

Everything here is a read-only copy: records cross the thread boundary as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.activations import Activation
from engine.kernel import Kernel, ParameterLayout
from engine.optimizers import Optimizer, OptimizerState

Array = npt.NDArray[Any]

#: A sigmoid or tanh unit whose slope f'(z) is below this passes (almost) no gradient back.
SATURATED_SLOPE = 0.01


def _frozen(a: Array) -> Array:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class WeightUpdate:
    """One weight's update as floats: ``w_after = w_before + step`` (step = w_after − w_before)."""

    w_before: float
    dw: float
    step: float
    w_after: float


@dataclass(frozen=True)
class UpdateRecord:
    """What one update did, as read-only flat copies laid out like ``kernel.params``.

    ``epoch`` and ``batch`` are 1-based; ``step_number`` counts updates since ``steps()``
    began. ``rows`` are the training rows of the batch (indices into the ``X_train`` given to
    ``steps()``), so the gradient can be computed again from the same examples. ``gradient``
    is the batch's mean gradient dL/dw as back-propagation gave it (without any L2 term).
    """

    epoch: int
    batch: int
    step_number: int
    layer_sizes: tuple[int, ...]
    rows: Array
    params_before: Array
    gradient: Array
    params_after: Array
    state_before: OptimizerState
    state_after: OptimizerState

    def _blocks(self, flat: Array) -> list[Array]:
        return ParameterLayout(self.layer_sizes).blocks(flat)

    def W_before(self, layer: int) -> Array:
        """W_l before the update (layer 0 is W1), shape (n_l, n_{l+1})."""
        return self._blocks(self.params_before)[layer][:-1]

    def W_after(self, layer: int) -> Array:
        return self._blocks(self.params_after)[layer][:-1]

    def dW(self, layer: int) -> Array:
        """dL/dW_l of the batch."""
        return self._blocks(self.gradient)[layer][:-1]

    def b_before(self, layer: int) -> Array:
        b: Array = self._blocks(self.params_before)[layer][-1]
        return b

    def db(self, layer: int) -> Array:
        db: Array = self._blocks(self.gradient)[layer][-1]
        return db

    def step(self, layer: int) -> Array:
        """The step the optimizer took on W_l: W_after − W_before (a new array)."""
        return self.W_after(layer) - self.W_before(layer)

    def weight(self, layer: int, i: int, j: int) -> WeightUpdate:
        """The update of w = W_l[i, j] (from input i to node j) as four floats."""
        before = float(self.W_before(layer)[i, j])
        after = float(self.W_after(layer)[i, j])
        return WeightUpdate(before, float(self.dW(layer)[i, j]), after - before, after)

    def buffer_at(self, name: str, layer: int, i: int, j: int) -> tuple[float, float]:
        """The optimizer's buffer ``name`` (e.g. "m") at W_l[i, j]: (before, after) the update."""
        before = self._blocks(self.state_before.buffers[name])[layer][i, j]
        after = self._blocks(self.state_after.buffers[name])[layer][i, j]
        return float(before), float(after)


@dataclass(frozen=True)
class GradientStats:
    """One batch's gradient size per weight layer (mean |dW_l|, W1 first) and, per hidden
    layer, the share of units that pass (almost) no gradient back (see the module docstring)."""

    mean_abs_dW: tuple[float, ...]
    saturated: tuple[float, ...]


def blocked_share(activation: Activation, a: Array) -> float:
    """The share of a hidden layer's units that block the gradient, from its outputs a^T
    (one column per example): ReLU's dead units (a = 0 on every example), else the fraction
    of (unit, example) pairs with f'(z) < ``SATURATED_SLOPE`` (f'(z) is read from a, as
    back-propagation does: ``backward(a, 1)``)."""
    if a.size == 0:
        return 0.0
    if activation.name == "relu":
        return float(np.count_nonzero(~a.any(axis=1)) / a.shape[0])
    slope = activation.backward(a, np.ones_like(a))
    return float(np.count_nonzero(slope < SATURATED_SLOPE) / slope.size)


def gradient_sizes(layout: ParameterLayout, gradient: Array) -> tuple[float, ...]:
    """mean |dW_l| per weight layer of a flat gradient (biases left out)."""
    return tuple(float(np.abs(dW).mean()) for dW in layout.split(gradient)[0])


class UpdateRecorder:
    """One update with a close look, for ``Trainer``: back-propagation, the measurements
    asked for, then the optimizer's step (the same step as without recording)."""

    def __init__(self, kernel: Kernel, optimizer: Optimizer, grad: Array) -> None:
        self.kernel = kernel
        self.optimizer = optimizer
        self.grad = grad

    def update(
        self,
        AT: Array,
        YT: Array,
        out: Array | None,
        rows: Array,
        where: tuple[int, int, int],
        want_update: bool,
        want_gradients: bool,
    ) -> tuple[float, UpdateRecord | None, GradientStats | None]:
        """L on the batch (columns AT, targets YT), then one step; ``where`` is (epoch,
        batch, step number). Returns the loss and what was asked for."""
        kernel, opt, grad = self.kernel, self.optimizer, self.grad
        size = kernel.layout.size
        before = state_before = None
        if want_update:
            before = _frozen(kernel.params.copy())
            state_before = opt.state_copy(size)
        loss = kernel.backprop(AT, YT, grad, out)
        stats = None
        if want_gradients:
            hidden = kernel.hidden_outputs(AT.shape[1])
            acts: Sequence[Activation] = kernel.activations
            stats = GradientStats(
                gradient_sizes(kernel.layout, grad),
                tuple(blocked_share(f, a) for f, a in zip(acts, hidden, strict=False)),
            )
        opt.step_flat(kernel, grad)
        record = None
        if before is not None and state_before is not None:
            record = UpdateRecord(
                epoch=where[0],
                batch=where[1],
                step_number=where[2],
                layer_sizes=kernel.layer_sizes,
                rows=_frozen(np.array(rows)),
                params_before=before,
                gradient=_frozen(grad.copy()),
                params_after=_frozen(kernel.params.copy()),
                state_before=state_before,
                state_after=opt.state_copy(size),
            )
        return loss, record, stats
