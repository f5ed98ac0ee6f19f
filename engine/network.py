"""A fully connected (dense) feed-forward network: forward propagation and back-propagation.

Notation (the lesson's): x is one sample (a row), X a batch of m rows; layer l has weights W_l of
shape (n_l, n_{l+1}), bias b_l of shape (n_{l+1},) and activation f_l.

Forward propagation, a_0 = X:

    z_l = a_{l-1} @ W_l + b_l          (pre-activation: the weighted sum, the "collector")
    a_l = f_l(z_l)                     (activation)

Back-propagation (the chain rule, from the output back to the input), with the loss L averaged
over the batch:

    dz_L = dL/da_L * f_L'(z_L)         (= (a_L - y) / m for softmax + cross-entropy and for
                                        sigmoid + binary cross-entropy)
    dW_l = a_{l-1}.T @ dz_l            (the 1/m of the mean is already inside dz)
    db_l = sum over samples of dz_l
    da_{l-1} = dz_l @ W_l.T
    dz_{l-1} = da_{l-1} * f_{l-1}'(z_{l-1})

This module computes exactly these formulas, one row per sample: ``forward``, ``loss``,
``gradients``, ``predict``. Training runs the same formulas through ``net.kernel``
(engine/kernel.py), which arranges them for speed: all parameters live in the kernel's one
flat buffer, and ``net.weights[l]`` / ``net.biases[l]`` are views into it. Assigning to
``net.weights[i]`` or ``net.weights`` copies the new values into the buffer (the shapes must
match the architecture), so the two forms always see the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.activations import get_activation
from engine.architecture import DTYPES, check_architecture, check_dtype
from engine.initializers import initial_weights
from engine.kernel import QUIET, Kernel, ParameterList, class_labels, parameter_count
from engine.losses import output_loss

Array = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class ForwardPass:
    """Everything a forward pass computed: ``z[l]`` and ``a[l + 1]`` for each weight layer l.

    ``a[0]`` is the input (as a 2-D float array, one row per sample), ``a[-1]`` the output;
    ``len(a) == len(z) + 1``.
    """

    z: list[Array]
    a: list[Array]

    @property
    def output(self) -> Array:
        """The network's output a_L (probabilities for softmax / sigmoid outputs)."""
        return self.a[-1]


@dataclass(frozen=True)
class NetworkSnapshot:
    """An immutable copy of a network: what crosses the thread boundary to the window.

    The arrays are read-only copies; ``Network.from_snapshot(snapshot)`` builds a live network.
    """

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    weights: tuple[Array, ...]
    biases: tuple[Array, ...]

    @property
    def dtype(self) -> np.dtype[Any]:
        """The floating-point type of the parameters."""
        return self.weights[0].dtype

    def parameter_count(self) -> int:
        """The number of weights and biases."""
        return parameter_count(self.layer_sizes)


class Network:
    """A dense network ``Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy")``.

    ``layer_sizes[0]`` inputs, ``layer_sizes[-1]`` outputs; one activation per weight layer.
    Weights come from ``init`` drawn with ``np.random.default_rng(seed)``; biases start at 0.
    ``dtype`` is float64 (default: exact teaching numbers) or float32 (faster).
    ``metadata`` is a free dict (``load_model`` fills it from the file).

    A network is not thread-safe: train it in one thread and hand ``snapshot()``s to others.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: Sequence[str],
        loss: str,
        init: str = "glorot_uniform",
        seed: int = 0,
        dtype: Any = np.float64,
    ) -> None:
        sizes, acts, loss = check_architecture(layer_sizes, activations, loss)
        self._setup(sizes, acts, loss, check_dtype(dtype))
        self.weights = initial_weights(init, sizes, seed)
        self.init = init
        self.seed = seed

    # --- construction ------------------------------------------------------------------

    def _setup(
        self, sizes: tuple[int, ...], acts: tuple[str, ...], loss: str, dtype: np.dtype[Any]
    ) -> None:
        self.layer_sizes: tuple[int, ...] = sizes
        self.activations: tuple[str, ...] = acts
        self.loss_name: str = loss
        self.dtype: np.dtype[Any] = dtype
        self.metadata: dict[str, Any] = {}
        self.init = "glorot_uniform"
        self.seed = 0
        functions = tuple(get_activation(name) for name in acts)
        self._head = output_loss(acts[-1], loss)  # f_L with the loss: L and dz_L from z_L
        #: The fast path over this network's parameters (engine/kernel.py): the trainer and
        #: the optimizers use it. Its flat buffer holds every W_l and b_l.
        self.kernel = Kernel(sizes, functions, self._head, dtype)
        W, b = self.kernel.layout.split(self.kernel.params)
        self._W = ParameterList(W, "weights")
        self._b = ParameterList(b, "biases")
        # (W_l, b_l, f_l) per layer for the forward pass, built once.
        self._layers = tuple((w, bias, f.apply) for w, bias, f in zip(W, b, functions, strict=True))
        self._backwards = tuple(f.backward for f in functions)

    @classmethod
    def from_snapshot(cls, snapshot: NetworkSnapshot) -> Network:
        """A new live network holding copies of the snapshot's parameters."""
        net = cls.__new__(cls)
        sizes, acts, loss = check_architecture(
            snapshot.layer_sizes, snapshot.activations, snapshot.loss
        )
        net._setup(sizes, acts, loss, check_dtype(snapshot.weights[0].dtype))
        net.weights = list(snapshot.weights)
        net.biases = list(snapshot.biases)
        return net

    def snapshot(self) -> NetworkSnapshot:
        """An immutable copy: read-only arrays that no later training step can change."""
        flat = self.kernel.params.copy()
        flat.flags.writeable = False
        W, b = self.kernel.layout.split(flat)
        return NetworkSnapshot(
            self.layer_sizes, self.activations, self.loss_name, tuple(W), tuple(b)
        )

    def copy(self) -> Network:
        """An independent copy of this network (same parameters, no shared memory)."""
        net = Network.from_snapshot(self.snapshot())
        net.metadata = dict(self.metadata)
        net.init, net.seed = self.init, self.seed
        return net

    # copy.copy / copy.deepcopy / pickle would otherwise copy the parameter views apart from
    # the flat buffer they belong to.
    def __copy__(self) -> Network:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> Network:
        return self.copy()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.snapshot(), dict(self.metadata), self.init, self.seed))

    # --- parameters ----------------------------------------------------------------------

    @property
    def weights(self) -> ParameterList:
        """``weights[l]`` is W_l, shape ``(layer_sizes[l], layer_sizes[l + 1])``."""
        return self._W

    @weights.setter
    def weights(self, values: Sequence[Array]) -> None:
        self._W[:] = values

    @property
    def biases(self) -> ParameterList:
        """``biases[l]`` is b_l, shape ``(layer_sizes[l + 1],)``."""
        return self._b

    @biases.setter
    def biases(self, values: Sequence[Array]) -> None:
        self._b[:] = values

    @property
    def n_outputs(self) -> int:
        return self.layer_sizes[-1]

    def parameter_count(self) -> int:
        """The number of weights and biases: sum over layers of n_in * n_out + n_out."""
        return self.kernel.layout.size

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.layer_sizes)
        return (
            f"Network({sizes}, activations={list(self.activations)}, loss={self.loss_name!r}, "
            f"dtype={self.dtype.name}, parameters={self.parameter_count()})"
        )

    # --- inputs and targets --------------------------------------------------------------

    def as_input(self, X: Any) -> Array:
        """A 2-D float array of samples: 1-D is one sample; (8, 8) images become 64 pixels."""
        A: Array = np.asarray(X, dtype=self.dtype)
        if A.ndim == 1:
            A = A.reshape(1, -1)
        elif A.ndim >= 2 and A.shape[-2:] == (8, 8) and self.layer_sizes[0] == 64:
            A = A.reshape(-1, 64)  # one 8x8 drawing, or a stack of them
        if A.ndim != 2 or A.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"Input must have {self.layer_sizes[0]} values per sample, "
                f"got an array of shape {np.shape(A)}."
            )
        return A

    def targets(self, y: Any, m: int | None = None) -> Array:
        """Turn labels into the 2-D target array y the loss compares with the output.

        Integer labels of shape (m,) become one-hot rows when the network has several outputs,
        and a column of 0/1 when it has one; a 2-D array of shape (m, n_outputs) is used as is.
        """
        y = np.asarray(y)
        k = self.layer_sizes[-1]
        Y: Array
        if y.ndim == 0:
            y = y.reshape(1)
        if y.ndim == 1:
            if k == 1:
                Y = y.astype(self.dtype).reshape(-1, 1)
            else:
                if y.size and (
                    not np.all(np.isfinite(y))
                    or np.any(y != np.round(y))
                    or y.min() < 0
                    or y.max() >= k
                ):
                    raise ValueError(f"Class labels must be whole numbers from 0 to {k - 1}.")
                Y = np.zeros((y.size, k), dtype=self.dtype)
                Y[np.arange(y.size), y.astype(np.intp)] = 1.0
        elif y.ndim == 2 and y.shape[1] == k:
            Y = y.astype(self.dtype, copy=False)
        else:
            raise ValueError(
                f"Targets must be labels of shape (m,) or an array of shape (m, {k}), "
                f"got shape {y.shape}."
            )
        if m is not None and Y.shape[0] != m:
            raise ValueError(f"Got {m} samples but {Y.shape[0]} targets.")
        return Y

    # --- forward ---------------------------------------------------------------------------

    def forward(self, X: Any) -> ForwardPass:
        """Forward propagation keeping every layer: z_l = a_{l-1} @ W_l + b_l, a_l = f_l(z_l).

        ``X`` may be one sample (1-D, e.g. a drawing's 64 pixels, or one 8x8 image): it is
        treated as a 1 x n batch, so every ``z[l]`` and ``a[l]`` is 2-D with one row either way.
        A diverged network yields inf and nan, never warnings.
        """
        x = np.asarray(X, dtype=self.dtype)
        if x.ndim != 1 or x.shape[0] != self.layer_sizes[0]:
            x = self.as_input(x)
            if x.shape[0] != 1:
                with np.errstate(all="ignore"):
                    return ForwardPass(*self._propagate(x))
            x = x[0]
        # One sample (a drawing, per stroke): 1-D vectors. Vector @ matrix needs no
        # broadcasting and softmax no row-wise reductions, about twice as fast as a 1 x n
        # batch; the results are shown as 1 x n rows.
        z, a = QUIET.copy().run(self._propagate, x)
        return ForwardPass([v[None] for v in z], [v[None] for v in a])

    def _propagate(self, a: Array) -> tuple[list[Array], list[Array]]:
        """The forward pass from a_0 = ``a``: every z_l and a_l (a 1-D ``a`` is one sample)."""
        zs: list[Array] = []
        activations = [a]
        for W, b, f in self._layers:
            z = np.dot(a, W)  # z = a @ W + b
            z += b
            a = f(z)  # a = f(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def predict_proba(self, X: Any) -> Array:
        """The output a_L, shape (m, n_outputs): class probabilities for softmax / sigmoid.

        One 1-D sample gives shape (1, n_outputs).
        """
        return self.forward(X).output

    def predict(self, X: Any) -> Array:
        """Class labels, shape (m,): argmax of the outputs, or a_L > 0.5 for one output."""
        return self.labels_from_output(self.predict_proba(X))

    def labels_from_output(self, out: Array) -> Array:
        """Class labels from an output array: argmax, or threshold 0.5 for a single output."""
        return class_labels(out)

    # --- loss and gradients ------------------------------------------------------------

    def _loss_and_output(self, X: Any, y: Any) -> tuple[float, Array, Array]:
        """(L, a_L, Y): L from the output pre-activation z_L (engine.losses.OutputLoss)."""
        X = self.as_input(X)
        Y = self.targets(y, X.shape[0])
        with np.errstate(all="ignore"):
            z, _ = self._propagate(X)
            loss, out = self._head.loss_and_output(z[-1], Y)
        return loss, out, Y

    def loss(self, X: Any, y: Any) -> float:
        """The loss L(a_L, y) on these samples (see engine.losses for each formula)."""
        return self._loss_and_output(X, y)[0]

    def evaluate(self, X: Any, y: Any) -> tuple[float, float]:
        """(loss, accuracy) in one forward pass; accuracy = fraction of correct labels."""
        loss, out, Y = self._loss_and_output(X, y)
        return loss, float(np.mean(class_labels(out) == class_labels(Y)))

    def accuracy(self, X: Any, y: Any) -> float:
        """The fraction of samples whose predicted label equals the true label."""
        return self.evaluate(X, y)[1]

    def gradients(self, X: Any, y: Any) -> tuple[float, list[Array], list[Array]]:
        """(L, dW, db): the loss and its gradient w.r.t. every W_l and b_l, mean over the batch.

        Back-propagation as in the module docstring, from the output layer back to the first.
        """
        X = self.as_input(X)
        Y = self.targets(y, X.shape[0])
        n = len(self._layers)
        dW: list[Array] = [np.empty(0)] * n
        db: list[Array] = [np.empty(0)] * n
        with np.errstate(all="ignore"):
            z, a = self._propagate(X)
            loss, a_out = self._head.loss_and_output(z[-1], Y)
            dz = self._head.delta(a_out, Y)  # dz_L = dL/dz_L
            for i in range(n - 1, -1, -1):  # a[i] is the input of weight layer i
                dW[i] = a[i].T @ dz  # dW_l = a_{l-1}.T @ dz_l
                db[i] = dz.sum(axis=0)  # db_l = sum over samples of dz_l
                if i:
                    da = dz @ self._W[i].T  # da_{l-1} = dz_l @ W_l.T
                    # dz_{l-1} = da_{l-1} * f'(z_{l-1}), with f' written in terms of a
                    dz = self._backwards[i - 1](a[i], da)
        return loss, dW, db


def _rebuild(snapshot: NetworkSnapshot, metadata: dict[str, Any], init: str, seed: int) -> Network:
    """Unpickling: the network of ``snapshot`` with its metadata, init and seed."""
    net = Network.from_snapshot(snapshot)
    net.metadata, net.init, net.seed = metadata, init, seed
    return net


__all__ = ["DTYPES", "ForwardPass", "Network", "NetworkSnapshot"]
