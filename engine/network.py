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

All parameters live in one flat buffer, so an optimizer updates every parameter with a handful
of vectorised NumPy calls instead of a Python loop per layer. Layer l occupies one block of
shape (n_l + 1, n_{l+1}): its rows are W_l with b_l as the last row; ``net.weights[l]`` and
``net.biases[l]`` are views into that block. Assigning to ``net.weights[i]`` or ``net.weights``
copies the new values into the buffer (the shapes must match the architecture).

Why the bias row: back-propagation appends a column of ones to every layer's input,
[a | 1] @ [W; b] = a @ W + b, so one matrix product gives z, and one product
[a | 1].T @ dz gives dW and db = sum of dz together. Fewer NumPy calls per mini-batch is what
makes training fast at these sizes (each call costs about half a microsecond of overhead).
Training and the per-epoch evaluation compute the same formulas transposed, one column per
sample (see ``_backprop``): the same numbers up to round-off, with contiguous activations.
"""

from __future__ import annotations

import contextvars
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, SupportsIndex

import numpy as np

from engine.activations import ACTIVATION_NAMES, Activation, get_activation
from engine.initializers import initial_weights
from engine.losses import (
    LOSS_NAMES,
    get_loss,
    sigmoid_crossentropy_from_logits,
    softmax_crossentropy_from_logits,
)

Array = np.ndarray

#: Floating-point types a network may compute in.
DTYPES: tuple[str, ...] = ("float64", "float32")

_SOFTMAX_CCE = "softmax+categorical_crossentropy"
_SIGMOID_BCE = "sigmoid+binary_crossentropy"

# The single-sample paths (a drawing: about 8 µs through 64-32-10) run in a copy of this
# context, captured under np.errstate(all="ignore"): NumPy keeps its floating-point error
# state in a context variable, so this is the same state as `with np.errstate(...)`, for
# 0.1 µs instead of 1.8 µs. A fresh copy per call keeps it safe to use from several threads.
with np.errstate(all="ignore"):
    _QUIET = contextvars.copy_context()


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
    def dtype(self) -> np.dtype:
        """The floating-point type of the parameters."""
        return self.weights[0].dtype

    def parameter_count(self) -> int:
        """The number of weights and biases."""
        return sum(w.size for w in self.weights) + sum(b.size for b in self.biases)


class ParameterList(list):
    """``net.weights`` / ``net.biases``: a fixed-length list of views into the parameter buffer.

    Reading gives the live arrays (changing them in place changes the network); assigning
    ``lst[i] = array`` copies ``array`` into the buffer, so the flat layout never goes stale.
    Operations that would change the length raise TypeError.
    """

    def __init__(self, views: Iterable[Array], kind: str) -> None:
        super().__init__(views)
        self._kind = kind

    def _assign(self, index: int, value: Any) -> None:
        view: Array = list.__getitem__(self, index)
        new = np.asarray(value)
        if new is view:
            return  # e.g. `net.weights[0] += 1`, already done in place
        if new.shape != view.shape:
            raise ValueError(
                f"{self._kind}[{index}] must have shape {view.shape} to fit this network, "
                f"not {new.shape}; build a new Network to change the architecture."
            )
        if not np.issubdtype(new.dtype, np.number) or np.issubdtype(new.dtype, np.complexfloating):
            raise ValueError(f"{self._kind}[{index}] must hold real numbers, not {new.dtype}.")
        np.copyto(view, new, casting="unsafe")

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            targets = range(len(self))[index]
            values = list(value)
            if len(values) != len(targets):
                raise ValueError(f"{self._kind} has a fixed length of {len(self)}.")
            for i, v in zip(targets, values, strict=True):
                self._assign(i, v)
        else:
            i = range(len(self))[index]  # normalises negative indices, raises IndexError
            self._assign(i, value)

    def _fixed(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            f"{self._kind} has one array per layer and a fixed length; "
            "build a new Network to change the architecture."
        )

    append = extend = insert = remove = clear = sort = reverse = _fixed
    __delitem__ = __iadd__ = __imul__ = _fixed

    def pop(self, index: SupportsIndex = -1) -> NoReturn:
        self._fixed()


def _check_architecture(
    layer_sizes: Sequence[int], activations: Sequence[str], loss: str
) -> tuple[tuple[int, ...], tuple[str, ...], str]:
    try:
        sizes = tuple(int(n) for n in layer_sizes)
    except (TypeError, ValueError):
        raise ValueError(f"layer_sizes must be whole numbers, not {layer_sizes!r}.") from None
    if len(sizes) < 2:
        raise ValueError("layer_sizes needs at least an input and an output size, like (64, 10).")
    if any(n < 1 for n in sizes) or any(isinstance(n, bool) or int(n) != n for n in layer_sizes):
        raise ValueError(f"Every layer size must be a whole number >= 1, not {layer_sizes!r}.")
    if isinstance(activations, str):
        activations = (activations,)
    acts = tuple(activations)
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


def _check_dtype(dtype: Any) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.name not in DTYPES:
        raise ValueError(f"dtype must be float64 or float32, not {dtype!r}.")
    return dt


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
        sizes, acts, loss = _check_architecture(layer_sizes, activations, loss)
        self._setup(sizes, acts, loss, _check_dtype(dtype))
        for view, W in zip(self._W, initial_weights(init, sizes, seed), strict=True):
            view[...] = W
        self.init = init
        self.seed = seed

    # --- construction ------------------------------------------------------------------

    def _setup(
        self, sizes: tuple[int, ...], acts: tuple[str, ...], loss: str, dtype: np.dtype
    ) -> None:
        self.layer_sizes: tuple[int, ...] = sizes
        self.activations: tuple[str, ...] = acts
        self.loss_name: str = loss
        self.dtype: np.dtype = dtype
        self.metadata: dict[str, Any] = {}
        self.init = "glorot_uniform"
        self.seed = 0
        self._acts: tuple[Activation, ...] = tuple(get_activation(n) for n in acts)
        self._loss = get_loss(loss)
        if acts[-1] == "softmax" and loss == "categorical_crossentropy":
            self._fused: str | None = _SOFTMAX_CCE
        elif acts[-1] == "sigmoid" and loss == "binary_crossentropy":
            self._fused = _SIGMOID_BCE
        else:
            self._fused = None
        self._weight_shapes = tuple(itertools.pairwise(sizes))
        self._n_weights = sum(i * o for i, o in self._weight_shapes)
        self._n_params = self._n_weights + sum(sizes[1:])
        self._params = np.zeros(self._n_params, dtype=dtype)
        self._blocks = self._block_views(self._params)
        W, b = self._views(self._params)
        self._W: ParameterList = ParameterList(W, "weights")
        self._b: ParameterList = ParameterList(b, "biases")
        # (W_l, b_l, f_l) per layer for the single-sample forward pass, built once.
        self._layers = tuple(
            (w, bias, act.apply) for w, bias, act in zip(W, b, self._acts, strict=True)
        )
        mask = np.ones(self._n_params, dtype=dtype)
        for block in self._block_views(mask):
            block[-1] = 0.0
        self._weight_mask = mask  # 1 on weights, 0 on biases (L2 penalises weights only)
        self._workspaces: dict[int, tuple[list[Array], Array]] = {}
        self._last_gradient: tuple[list[Array], list[Array], Array] | None = None

    def _block_views(self, flat: Array) -> list[Array]:
        """Per-layer (n_in + 1, n_out) views [W_l; b_l] into a flat parameter-shaped buffer."""
        blocks = []
        start = 0
        for n_in, n_out in self._weight_shapes:
            stop = start + (n_in + 1) * n_out
            blocks.append(flat[start:stop].reshape(n_in + 1, n_out))
            start = stop
        return blocks

    def _views(self, flat: Array) -> tuple[list[Array], list[Array]]:
        """Weight views (n_in, n_out) and bias views (n_out,) into a flat parameter buffer."""
        blocks = self._block_views(flat)
        return [block[:-1] for block in blocks], [block[-1] for block in blocks]

    @classmethod
    def from_snapshot(cls, snapshot: NetworkSnapshot) -> Network:
        """A new live network holding copies of the snapshot's parameters."""
        net = cls.__new__(cls)
        sizes, acts, loss = _check_architecture(
            snapshot.layer_sizes, snapshot.activations, snapshot.loss
        )
        net._setup(sizes, acts, loss, _check_dtype(snapshot.weights[0].dtype))
        net._W[:] = snapshot.weights
        net._b[:] = snapshot.biases
        return net

    def snapshot(self) -> NetworkSnapshot:
        """An immutable copy: read-only arrays that no later training step can change."""
        flat = self._params.copy()
        flat.flags.writeable = False
        W, b = self._views(flat)
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
    def n_inputs(self) -> int:
        return self.layer_sizes[0]

    @property
    def n_outputs(self) -> int:
        return self.layer_sizes[-1]

    def parameter_count(self) -> int:
        """The number of weights and biases: sum over layers of n_in * n_out + n_out."""
        return self._n_params

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.layer_sizes)
        return (
            f"Network({sizes}, activations={list(self.activations)}, loss={self.loss_name!r}, "
            f"dtype={self.dtype.name}, parameters={self._n_params})"
        )

    # --- inputs and targets --------------------------------------------------------------

    def _as_input(self, X: Any) -> Array:
        """A 2-D float array of samples: 1-D is one sample; (8, 8) images become 64 pixels."""
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        elif X.ndim >= 2 and X.shape[-2:] == (8, 8) and self.layer_sizes[0] == 64:
            X = X.reshape(-1, 64)  # one 8x8 drawing, or a stack of them
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"Input must have {self.layer_sizes[0]} values per sample, "
                f"got an array of shape {np.shape(X)}."
            )
        return X

    def targets(self, y: Any, m: int | None = None) -> Array:
        """Turn labels into the 2-D target array y the loss compares with the output.

        Integer labels of shape (m,) become one-hot rows when the network has several outputs,
        and a column of 0/1 when it has one; a 2-D array of shape (m, n_outputs) is used as is.
        """
        y = np.asarray(y)
        k = self.layer_sizes[-1]
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

    def _one_sample(self, x: Array) -> Array | None:
        """``x`` as a 1-D vector when it holds exactly one sample (a drawing), else None.

        One sample may come as n values, a 1 x n row, or one 8x8 image; a wrong shape raises
        the same ValueError as a batch would.
        """
        if x.ndim == 1 and x.shape[0] == self.layer_sizes[0]:
            return x
        X = self._as_input(x)
        return X[0] if X.shape[0] == 1 else None

    def forward(self, X: Any) -> ForwardPass:
        """Forward propagation keeping every layer: z_l = a_{l-1} @ W_l + b_l, a_l = f_l(z_l).

        ``X`` may be one sample (1-D, e.g. a drawing's 64 pixels, or one 8x8 image): it is
        treated as a 1 x n batch, so every ``z[l]`` and ``a[l]`` is 2-D with one row either way.
        """
        x = np.asarray(X, dtype=self.dtype)
        one = self._one_sample(x)
        if one is not None:  # a diverged network yields inf/nan, not warnings
            return _QUIET.copy().run(self._forward_one, one)
        a = self._as_input(x)
        zs: list[Array] = []
        activations: list[Array] = [a]
        with np.errstate(all="ignore"):
            for W, b, act in zip(self._W, self._b, self._acts, strict=True):
                z = np.dot(a, W)
                z += b
                zs.append(z)
                a = act.apply(z)
                activations.append(a)
        return ForwardPass(zs, activations)

    def _forward_one(self, x: Array) -> ForwardPass:
        """The forward pass of one sample, as 1-D vectors (the drawing path, called per stroke).

        Vector @ matrix needs no broadcasting and softmax no row-wise reductions, which makes
        this about twice as fast as a 1 x n batch; the results are shown as 1 x n rows.
        """
        zs: list[Array] = []
        rows: list[Array] = [x[None]]
        a = x
        for W, b, apply in self._layers:
            z = np.dot(a, W)
            z += b
            a = apply(z)
            zs.append(z[None])
            rows.append(a[None])
        return ForwardPass(zs, rows)

    def _output(self, X: Array) -> Array:
        """a_L only, computed in place layer by layer (no z kept)."""
        a = X
        for W, b, act in zip(self._W, self._b, self._acts, strict=True):
            z = np.dot(a, W)
            z += b
            a = act.forward_inplace(z)
        return a

    def predict_proba(self, X: Any) -> Array:
        """The output a_L, shape (m, n_outputs): class probabilities for softmax / sigmoid.

        One 1-D sample gives shape (1, n_outputs).
        """
        x = np.asarray(X, dtype=self.dtype)
        one = self._one_sample(x)
        if one is not None:  # the same steps as forward(), so both agree to the last bit
            return _QUIET.copy().run(self._output, one)[None]
        with np.errstate(all="ignore"):
            return self._output(self._as_input(x))

    def predict(self, X: Any) -> Array:
        """Class labels, shape (m,): argmax of the outputs, or a_L > 0.5 for one output."""
        return self.labels_from_output(self.predict_proba(X))

    def labels_from_output(self, out: Array) -> Array:
        """Class labels from an output array: argmax, or threshold 0.5 for a single output."""
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(np.intp)
        return np.argmax(out, axis=1)

    # --- loss and gradients ------------------------------------------------------------

    def _output_loss(self, z: Array, Y: Array) -> tuple[float, Array]:
        """(L, a_L) from the output pre-activation z (which may be overwritten)."""
        if self._fused == _SOFTMAX_CCE:
            return softmax_crossentropy_from_logits(z, Y)
        if self._fused == _SIGMOID_BCE:
            return sigmoid_crossentropy_from_logits(z, Y)
        a = self._acts[-1].forward_inplace(z)
        return self._loss.value(a, Y), a

    def _loss_output(self, X: Array, Y: Array) -> tuple[float, Array]:
        """(L, a_L) for prepared inputs and targets."""
        a = X
        last = len(self._acts) - 1
        for i, (W, b, act) in enumerate(zip(self._W, self._b, self._acts, strict=True)):
            z = np.dot(a, W)
            z += b
            if i == last:
                return self._output_loss(z, Y)
            a = act.forward_inplace(z)
        raise AssertionError("unreachable")  # pragma: no cover

    def loss(self, X: Any, y: Any) -> float:
        """The loss L(a_L, y) on these samples (see engine.losses for each formula)."""
        X = self._as_input(X)
        Y = self.targets(y, X.shape[0])
        with np.errstate(all="ignore"):
            return self._loss_output(X, Y)[0]

    def evaluate(self, X: Any, y: Any) -> tuple[float, float]:
        """(loss, accuracy) in one forward pass; accuracy = fraction of correct labels."""
        X = self._as_input(X)
        Y = self.targets(y, X.shape[0])
        with np.errstate(all="ignore"):
            loss, out = self._loss_output(X, Y)
            predicted = self.labels_from_output(out)
        return loss, float(np.mean(predicted == self.labels_from_targets(Y)))

    def accuracy(self, X: Any, y: Any) -> float:
        """The fraction of samples whose predicted label equals the true label."""
        return self.evaluate(X, y)[1]

    def labels_from_targets(self, Y: Array) -> Array:
        """True labels from a 2-D target array (argmax of one-hot rows, or the 0/1 column)."""
        if Y.shape[1] == 1:
            return (Y[:, 0] > 0.5).astype(np.intp)
        return np.argmax(Y, axis=1)

    def _workspace(self, m: int) -> tuple[list[Array], Array]:
        """Buffers for a batch of m samples, in the feature-major layout of ``_backprop``.

        Per hidden layer l a buffer [a_l^T ; 1] of shape (n_l + 1, m): the activations a_l^T
        are its first n_l rows (a contiguous block), the last row is the ones that carry the
        bias, written once. Plus the output buffer z_L^T, shape (n_L, m).
        """
        ws = self._workspaces.get(m)
        if ws is None:
            hidden = []
            for n in self.layer_sizes[1:-1]:
                buf = np.empty((n + 1, m), dtype=self.dtype)
                buf[-1] = 1.0
                hidden.append(buf)
            if len(self._workspaces) >= 6:  # batch, last batch, training and test sets
                self._workspaces.clear()
            ws = (hidden, np.empty((self.layer_sizes[-1], m), dtype=self.dtype))
            self._workspaces[m] = ws
        return ws

    def _augment(self, X: Array) -> Array:
        """[X | 1]: the input with a column of ones, so [X | 1] @ [W; b] = X @ W + b."""
        A = np.empty((X.shape[0], X.shape[1] + 1), dtype=self.dtype)
        A[:, :-1] = X
        A[:, -1] = 1.0
        return A

    def _backprop(
        self,
        AT: Array,
        YT: Array,
        grad_blocks: list[Array],
        need_loss: bool,
        out: Array | None = None,
    ) -> float:
        """Back-propagation for one batch; writes [dW_l; db_l] into grad_blocks, returns L.

        Works feature-major, one column per sample: ``AT`` is [X | 1]^T, shape (n_0 + 1, m)
        (the transposed view of ``_augment(X)`` will do), ``YT`` the targets transposed,
        shape (n_L, m), both of this network's dtype. With ``need_loss=False`` the loss is
        not computed and nan is returned. ``out``, when given, an (n_L, m) array (a slice of
        an epoch-long buffer, say), receives the batch's output a_L^T from this forward pass,
        before any update: for a softmax with cross-entropy it is written in place of a
        step the gradient takes anyway, at no cost. The same formulas as the module
        docstring, transposed:

            z_l^T = [W_l; b_l]^T @ [a_{l-1}^T; 1],  a_l^T = f_l(z_l^T)
            dz_L^T = dL/dz_L^T  (= (a_L^T - y^T) / m for the combined cross-entropy forms)
            [dW_l; db_l] = [a_{l-1}^T; 1] @ dz_l
            dz_{l-1}^T = (W_l @ dz_l^T) * f'_{l-1}(z_{l-1}^T)

        Why transposed: each layer's activations are then a contiguous block with the row of
        ones below it, where row-major [a | 1] makes a a strided view; element-wise NumPy
        calls on contiguous blocks are about twice as fast, and the products are faster too
        (13% less time per batch for 64-128-64-10).
        """
        m = AT.shape[1]
        blocks, acts = self._blocks, self._acts
        last = len(acts) - 1
        hidden, z = self._workspace(m)
        inputs = [AT]  # [a_l^T; 1], the input of every layer
        A = AT
        for i in range(last):
            buf = hidden[i]
            a = buf[:-1]
            np.dot(blocks[i].T, A, out=a)
            acts[i].forward_inplace(a)  # every hidden activation works in place
            inputs.append(buf)
            A = buf
        np.dot(blocks[last].T, A, out=z)
        loss = math.nan
        if self._fused == _SOFTMAX_CCE:
            # L = mean(logsumexp(z) - y.z);  dL/dz = (softmax(z) - y) / m, one column a sample
            z -= np.maximum.reduce(z, axis=0)
            if need_loss:
                yz = float(np.vdot(YT, z))
            np.exp(z, out=z)
            col_sum = np.add.reduce(z, axis=0)
            if need_loss:
                loss = (float(np.log(col_sum).sum()) - yz) / m
            if out is None:
                z /= col_sum
                z -= YT
            else:  # the same two steps, with softmax(z) kept in out on the way
                np.divide(z, col_sum, out=out)
                np.subtract(out, YT, out=z)
            z *= 1.0 / m
            dz = z
        elif self._fused == _SIGMOID_BCE:
            # dL/dz = (sigmoid(z) - y) / N
            if need_loss:
                loss, dz = sigmoid_crossentropy_from_logits(z, YT)
            else:
                dz = acts[last].forward_inplace(z)
            if out is not None:
                out[...] = dz
            dz -= YT
            dz *= 1.0 / dz.size
        else:
            # Activations and losses see one row per sample: hand them transposed views.
            a_out = acts[last].forward_inplace(z.T)
            Y = YT.T
            if need_loss:
                loss = self._loss.value(a_out, Y)
            if out is not None:
                out[...] = a_out.T
            dz = acts[last].backward(a_out, self._loss.gradient(a_out, Y)).T
        W = self._W
        for i in range(last, -1, -1):
            np.dot(inputs[i], dz.T, out=grad_blocks[i])
            if i:
                dz = acts[i - 1].backward(hidden[i - 1][:-1], np.dot(W[i], dz))
        return float(loss)

    def _count_correct_columns(self, out: Array, labels: Array) -> int:
        """How many samples an output a_L^T (one column per sample, shape (n_L, N)) labels
        correctly: argmax over the outputs, or a_L > 0.5 for a single output, the rule of
        ``labels_from_output`` (ties break alike: the first largest output wins).
        """
        N = out.shape[1]
        if out.shape[0] == 1:
            return int(np.count_nonzero((out[0] > 0.5) == labels))
        # argmax along the short axis pays per column (45 µs for 1437 columns of 10); this
        # asks instead whether the true class's output is its column's largest: 3x faster.
        top = np.maximum.reduce(out, axis=0)
        right = np.count_nonzero(out[labels, np.arange(N)] == top)
        if np.count_nonzero(out == top) != N:
            # Some column has a tie for the largest (a dead network's identical outputs) or
            # a nan: argmax decides those, as predict() does.
            right = np.count_nonzero(np.argmax(out, axis=0) == labels)
        return int(right)

    def _evaluate_columns(self, AT: Array, YT: Array, labels: Array) -> tuple[float, float]:
        """(L, accuracy) on a whole data set, in the feature-major layout of ``_backprop``.

        ``AT`` is [X | 1]^T (contiguous, shape (n_0 + 1, N)), ``YT`` the targets transposed,
        ``labels`` the true labels (``labels_from_targets``). The trainer calls this after
        every epoch on the full training and test sets: with one column per sample, the
        softmax's max and sum over the classes run across contiguous rows instead of along
        short rows of 10, which halves the cost of the evaluation.
        """
        N = AT.shape[1]
        blocks, acts = self._blocks, self._acts
        last = len(acts) - 1
        hidden, z = self._workspace(N)
        A = AT
        for i in range(last):
            a = hidden[i][:-1]
            np.dot(blocks[i].T, A, out=a)
            acts[i].forward_inplace(a)
            A = hidden[i]
        np.dot(blocks[last].T, A, out=z)
        if self._fused == _SOFTMAX_CCE:
            # L = mean(logsumexp(z) - y.z), as softmax_crossentropy_from_logits, per column
            z -= np.maximum.reduce(z, axis=0)
            yz = float(np.vdot(YT, z))
            np.exp(z, out=z)
            col_sum = np.add.reduce(z, axis=0)
            loss = (float(np.log(col_sum).sum()) - yz) / N
            z /= col_sum  # the probabilities, so that ties break exactly as in predict()
            correct = self._count_correct_columns(z, labels)
        else:
            # One row per sample for the activation and the loss: transposed views.
            loss, out = self._output_loss(z.T, YT.T)
            correct = self._count_correct_columns(out.T, labels)
        return float(loss), correct / N

    def gradients(self, X: Any, y: Any) -> tuple[float, list[Array], list[Array]]:
        """(L, dW, db): the loss and its gradient w.r.t. every W_l and b_l, mean over the batch."""
        X = self._as_input(X)
        Y = self.targets(y, X.shape[0])
        flat = np.empty(self._n_params, dtype=self.dtype)
        with np.errstate(all="ignore"):
            A = self._augment(X)
            loss = self._backprop(A.T, Y.T, self._block_views(flat), need_loss=True)
        gW, gb = self._views(flat)
        self._last_gradient = (gW, gb, flat)
        return loss, gW, gb

    def _flat_gradient(self, dW: Sequence[Array], db: Sequence[Array]) -> Array:
        """dW and db as one flat array in the parameter layout (no copy for our own output)."""
        last = self._last_gradient
        if last is not None and dW is last[0] and db is last[1]:
            return last[2]
        if len(dW) != len(self._W) or len(db) != len(self._b):
            raise ValueError("Need one weight gradient and one bias gradient per layer.")
        flat = np.empty(self._n_params, dtype=self.dtype)
        W_views, b_views = self._views(flat)
        for kind, grads, views in (("dW", dW, W_views), ("db", db, b_views)):
            for i, (g, view) in enumerate(zip(grads, views, strict=True)):
                g = np.asarray(g)
                if g.shape != view.shape:
                    raise ValueError(f"{kind}[{i}] must have shape {view.shape}, not {g.shape}.")
                view[...] = g
        return flat


def _rebuild(snapshot: NetworkSnapshot, metadata: dict[str, Any], init: str, seed: int) -> Network:
    net = Network.from_snapshot(snapshot)
    net.metadata, net.init, net.seed = metadata, init, seed
    return net


def count_parameters(layer_sizes: Sequence[int]) -> int:
    """sum over layers of n_in * n_out + n_out."""
    sizes = list(layer_sizes)
    return sum(i * o + o for i, o in itertools.pairwise(sizes))


__all__ = [
    "DTYPES",
    "ForwardPass",
    "Network",
    "NetworkSnapshot",
    "ParameterList",
    "count_parameters",
]
