"""Optimizers: how a gradient g becomes a parameter update (η is the learning rate).

    sgd       W <- W - η g                                   (constant learning rate)
    momentum  v <- μ v - η g;  W <- W + v                    (μ = momentum, default 0.9)
              Nesterov: v <- μ v - η g;  W <- W + μ v - η g  (looks one step ahead)
    rmsprop   s <- ρ s + (1 - ρ) g²;  W <- W - η g / (√s + ε)                 (ρ = 0.9)
    adam      m <- β1 m + (1 - β1) g;  v <- β2 v + (1 - β2) g²
              η_t = η √(1 - β2^t) / (1 - β1^t)   (bias correction, t = step number)
              W <- W - η_t m / (√v + ε)          (β1 = 0.9, β2 = 0.999, ε = 1e-7)

ε defaults to 1e-7 as in Keras (whose API the lesson uses); PyTorch uses 1e-8.

Optional L2 penalty (weight decay) for every optimizer: with ``l2 = λ`` the gradient of the
weights becomes g + λ W (the gradient of the extra loss term λ/2 · sum W²). Biases are not
penalised. The loss the trainer reports is the data loss alone, without that term.

State (velocities, moments, step count) lives in the optimizer, never in the network. It
belongs to one network: stepping a different network object, or calling ``reset()``, starts
from fresh state. ``learning_rate`` is a plain attribute that may change between steps.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.kernel import Kernel
from engine.network import Network

Array = npt.NDArray[Any]


@dataclass(frozen=True)
class OptimizerInfo:
    """What the window needs to offer an optimizer: its label, the options it reads (the
    others are ignored), and a learning rate that usually works on the 8x8 digits (Keras'
    defaults, except plain SGD: 0.1 instead of 0.01, which crawls without momentum)."""

    name: str
    label: str
    options: tuple[str, ...]
    usual_learning_rate: float


#: The optimizers, in the order a form offers them.
OPTIMIZERS: dict[str, OptimizerInfo] = {
    info.name: info
    for info in (
        OptimizerInfo("adam", "Adam", ("beta1", "beta2", "epsilon", "l2"), 0.001),
        OptimizerInfo("sgd", "SGD (plain)", ("l2",), 0.1),
        OptimizerInfo("momentum", "SGD + momentum", ("momentum", "nesterov", "l2"), 0.01),
        OptimizerInfo("rmsprop", "RMSprop", ("rho", "epsilon", "l2"), 0.001),
    )
}
#: The optimizers in the lesson's order (plain SGD first).
OPTIMIZER_NAMES: tuple[str, ...] = ("sgd", "momentum", "rmsprop", "adam")
#: Every option some optimizer reads (``OPTIMIZERS[name].options`` says which).
OPTION_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(option for info in OPTIMIZERS.values() for option in info.options)
)

# Moments smaller than this are set to 0 once per epoch: a first moment that decays
# geometrically (a dead ReLU unit gets g = 0 forever) would otherwise turn into subnormal
# floats, which make every NumPy operation on the buffer about ten times slower.
_FLUSH_BELOW = {np.dtype(np.float32): 1e-30, np.dtype(np.float64): 1e-200}


@dataclass(frozen=True)
class OptimizerState:
    """What an optimizer knows at one moment, as read-only copies (``Optimizer.state_copy``).

    ``settings`` are its numbers (α as ``learning_rate`` and, as it uses them, ``momentum``,
    ``nesterov`` (0 or 1), ``rho``, ``beta1``, ``beta2``, ``epsilon``, ``l2``); ``t`` the
    number of steps taken; ``buffers`` its state by the lesson's names, each a flat array laid
    out like ``kernel.params``: ``velocity`` (momentum), ``s`` (RMSprop's running mean of
    g²), ``m`` and ``v`` (Adam's moments). Before the first step the buffers are zeros.
    """

    name: str
    learning_rate: float
    t: int
    settings: Mapping[str, float]
    buffers: Mapping[str, Array]


def _check_fraction(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be at least 0 and less than 1, not {value}.")
    return value


class Optimizer:
    """Base class: ``step(net, dW, db)`` updates ``net`` in place from its gradients.

    The trainer calls ``step_flat(net.kernel, g)`` instead, with the gradient as one flat
    array laid out like ``net.kernel.params`` (engine/kernel.py): one update for all layers.
    Subclasses implement ``_apply(p, g)``, the update of the flat parameters p.
    """

    name = "optimizer"

    def __init__(self, learning_rate: float, l2: float = 0.0, epsilon: float = 1e-7) -> None:
        self.learning_rate = learning_rate
        l2 = float(l2)
        if not (math.isfinite(l2) and l2 >= 0.0):
            raise ValueError(f"l2 must be a number >= 0, not {l2}.")
        epsilon = float(epsilon)
        if not (math.isfinite(epsilon) and epsilon > 0.0):
            raise ValueError(f"epsilon must be a number > 0, not {epsilon}.")
        self.l2 = l2
        self.epsilon = epsilon
        self.t = 0
        self._owner: weakref.ReferenceType[Kernel] | None = None
        self._tmp: Array = np.empty(0)
        self._l2_tmp: Array = np.empty(0)
        self._state: list[Array] = []

    @property
    def learning_rate(self) -> float:
        """η, used by the next step (changing it keeps all other state)."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value > 0.0):
            raise ValueError(f"The learning rate must be a number > 0, not {value}.")
        self._learning_rate = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g}, l2={self.l2:g})"

    def reset(self) -> None:
        """Forget all state (moments, velocities, step count)."""
        self.t = 0
        self._owner = None
        self._state = []

    def step(self, net: Network, dW: Sequence[Array], db: Sequence[Array]) -> None:
        """Apply one update to ``net`` from the gradients dW, db (as from ``net.gradients``)."""
        kernel = net.kernel
        self.step_flat(kernel, kernel.layout.flatten(dW, db, kernel.dtype))

    def step_flat(self, kernel: Kernel, g: Array) -> None:
        """One update of ``kernel.params`` from a flat gradient g in the same layout (g is
        never modified). A different kernel than last time (another network) starts afresh."""
        if self._owner is None or self._owner() is not kernel:
            self._start(kernel)
        if self.l2:
            # g + λ W: the mask is 1 on weights and 0 on biases, which are not penalised.
            tmp = self._l2_tmp
            np.multiply(kernel.params, kernel.weight_mask, out=tmp)
            tmp *= self.l2
            tmp += g
            g = tmp
        self.t += 1
        self._apply(kernel.params, g)

    def _start(self, kernel: Kernel) -> None:
        n, dtype = kernel.layout.size, kernel.dtype
        self.t = 0
        self._owner = weakref.ref(kernel)
        self._tmp = np.empty(n, dtype=dtype)
        self._l2_tmp = np.empty(n, dtype=dtype)
        self._state = [np.zeros(n, dtype=dtype) for _ in range(self._n_state)]

    _n_state = 0

    def _apply(self, p: Array, g: Array) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def end_epoch(self) -> None:
        """Flush vanishingly small state values to 0 (see _FLUSH_BELOW); called once per epoch."""
        for s in self._state:
            threshold = _FLUSH_BELOW.get(s.dtype, 0.0)
            s *= np.abs(s) >= threshold

    #: The lesson's names of ``state``'s buffers, in order (see ``OptimizerState``).
    buffer_names: tuple[str, ...] = ()

    def settings(self) -> dict[str, float]:
        """The numbers this optimizer's formula uses besides its buffers (α, l2, ...)."""
        return {"learning_rate": self.learning_rate, "l2": self.l2}

    def state_copy(self, size: int) -> OptimizerState:
        """Read-only copies of everything the next step's formula reads; ``size`` is the
        parameter count (the buffers are zeros of that size before the first step)."""
        buffers = {}
        state = self.state
        for i, name in enumerate(self.buffer_names):
            a = np.array(state[i]) if i < len(state) else np.zeros(size)
            a.flags.writeable = False
            buffers[name] = a
        return OptimizerState(self.name, self.learning_rate, self.t, self.settings(), buffers)

    @property
    def state(self) -> tuple[Array, ...]:
        """Read-only views of the state buffers (empty before the first step)."""
        views = []
        for s in self._state:
            v = s.view()
            v.flags.writeable = False
            views.append(v)
        return tuple(views)


class SGD(Optimizer):
    """W <- W - η g."""

    name = "sgd"

    def _apply(self, p: Array, g: Array) -> None:
        np.multiply(g, self.learning_rate, out=self._tmp)
        p -= self._tmp


class Momentum(Optimizer):
    """v <- μ v - η g; W <- W + v (Nesterov: W <- W + μ v - η g)."""

    name = "momentum"
    _n_state = 1
    buffer_names = ("velocity",)

    def __init__(
        self, learning_rate: float, momentum: float = 0.9, nesterov: bool = False, **kw: Any
    ) -> None:
        super().__init__(learning_rate, **kw)
        self.momentum = _check_fraction("momentum", momentum)
        self.nesterov = bool(nesterov)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "momentum": self.momentum, "nesterov": float(self.nesterov)}

    def _apply(self, p: Array, g: Array) -> None:
        (v,) = self._state
        tmp = self._tmp
        np.multiply(g, self.learning_rate, out=tmp)  # η g
        v *= self.momentum
        v -= tmp
        if self.nesterov:
            p -= tmp
            np.multiply(v, self.momentum, out=tmp)
            p += tmp
        else:
            p += v


class RMSprop(Optimizer):
    """s <- ρ s + (1 - ρ) g²; W <- W - η g / (√s + ε)."""

    name = "rmsprop"
    _n_state = 1
    buffer_names = ("s",)

    def __init__(self, learning_rate: float, rho: float = 0.9, **kw: Any) -> None:
        super().__init__(learning_rate, **kw)
        self.rho = _check_fraction("rho", rho)

    def settings(self) -> dict[str, float]:
        return {**super().settings(), "rho": self.rho, "epsilon": self.epsilon}

    def _apply(self, p: Array, g: Array) -> None:
        (s,) = self._state
        tmp = self._tmp
        s *= self.rho
        np.square(g, out=tmp)
        tmp *= 1.0 - self.rho
        s += tmp  # s = ρ s + (1 - ρ) g²
        np.sqrt(s, out=tmp)
        tmp += self.epsilon
        np.divide(g, tmp, out=tmp)
        tmp *= self.learning_rate
        p -= tmp


class Adam(Optimizer):
    """Adam with bias correction (Keras's form: the correction is folded into η_t).

    To save two passes over the parameters per step, the buffers hold the moments divided by
    their weights, m' = m / (1 - β1) and v' = v / (1 - β2), so that

        m' <- β1 m' + g,   v' <- β2 v' + g²,
        W  <- W - η_t (1 - β1) / √(1 - β2) · m' / (√v' + ε / √(1 - β2)),

    which is the same update as the formulas in the module docstring. ``state`` returns the
    true m and v.
    """

    name = "adam"
    _n_state = 2
    buffer_names = ("m", "v")

    def __init__(
        self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, **kw: Any
    ) -> None:
        super().__init__(learning_rate, **kw)
        self.beta1 = _check_fraction("beta1", beta1)
        self.beta2 = _check_fraction("beta2", beta2)
        self._scaled_for = (self.beta1, self.beta2)

    def settings(self) -> dict[str, float]:
        return {
            **super().settings(),
            "beta1": self.beta1,
            "beta2": self.beta2,
            "epsilon": self.epsilon,
        }

    def _start(self, kernel: Kernel) -> None:
        super()._start(kernel)
        self._scaled_for = (self.beta1, self.beta2)

    def _rescale(self) -> None:
        """Keep m' and v' consistent if beta1 or beta2 was changed between steps."""
        (old1, old2), b1, b2 = self._scaled_for, self.beta1, self.beta2
        m, v = self._state
        m *= (1.0 - old1) / (1.0 - b1)
        v *= (1.0 - old2) / (1.0 - b2)
        self._scaled_for = (b1, b2)

    def _apply(self, p: Array, g: Array) -> None:
        if self._scaled_for != (self.beta1, self.beta2):
            self._rescale()
        m, v = self._state
        tmp = self._tmp
        b1, b2, t = self.beta1, self.beta2, self.t
        # Each call touches as few distinct arrays as possible: at these sizes the update is
        # limited by memory traffic, not arithmetic.
        m *= b1
        m += g  # m' = β1 m' + g
        v *= b2
        np.square(g, out=tmp)  # one input: about twice as fast as np.multiply(g, g)
        v += tmp  # v' = β2 v' + g²
        root = math.sqrt(1.0 - b2)
        lr_t = self.learning_rate * math.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon / root
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t * (1.0 - b1) / root
        p -= tmp

    @property
    def state(self) -> tuple[Array, ...]:
        """Copies of the first and second moments (m, v); empty before the first step."""
        if not self._state:
            return ()
        (b1, b2), (m, v) = self._scaled_for, self._state
        moments = (m * (1.0 - b1), v * (1.0 - b2))
        for a in moments:
            a.flags.writeable = False
        return moments


_CLASSES: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def make_optimizer(name: str, learning_rate: float | None = None, **options: Any) -> Optimizer:
    """Build the optimizer ``name`` with learning rate η and options.

    Options: ``momentum``, ``nesterov`` (momentum), ``rho`` (rmsprop), ``beta1``, ``beta2``
    (adam), ``epsilon`` (rmsprop, adam), ``l2`` (all). Options another optimizer would use are
    accepted and ignored, so a form can pass all of them; unknown option names raise TypeError.
    ``learning_rate=None`` picks ``OPTIMIZERS[name].usual_learning_rate``.
    """
    if name not in _CLASSES:
        raise ValueError(f"Unknown optimizer {name!r}; known: {', '.join(OPTIMIZER_NAMES)}.")
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise TypeError(
            f"Unknown optimizer option(s) {', '.join(unknown)}; known: {', '.join(OPTION_NAMES)}."
        )
    if learning_rate is None:
        learning_rate = OPTIMIZERS[name].usual_learning_rate
    relevant = {k: v for k, v in options.items() if k in OPTIMIZERS[name].options}
    return _CLASSES[name](learning_rate, **relevant)
