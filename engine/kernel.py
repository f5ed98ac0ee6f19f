"""The training kernel: the network's formulas, laid out for speed (what the trainer runs).

``Network`` (network.py) is the lesson's form, one row per sample. The kernel computes the
same formulas over the same parameters, arranged so that a mini-batch costs as few NumPy
calls as possible (each costs about half a microsecond; at these sizes that overhead, not
the arithmetic, is what an epoch spends):

* **One flat parameter buffer.** Layer l is one block [W_l; b_l] of shape (n_l + 1, n_{l+1}),
  b_l as the last row (``ParameterLayout``). An optimizer then updates every parameter with
  a handful of vectorised calls, and a gradient is one flat array in the same layout.
* **The bias rides along as a weight on a constant input.** [a | 1] @ [W; b] = a @ W + b, so
  one product gives z, and one product [a | 1].T @ dz gives dW and db = sum of dz together.
* **One column per sample.** Back-propagation and evaluation work on transposed arrays:

      z_l^T = [W_l; b_l]^T @ [a_{l-1}^T; 1],      a_l^T = f_l(z_l^T)
      dz_L^T = dL/dz_L^T                           (OutputLoss.delta, columns=True)
      [dW_l; db_l] = [a_{l-1}^T; 1] @ dz_l
      dz_{l-1}^T = (W_l @ dz_l^T) * f'_{l-1}(z_{l-1}^T)

  Each layer's activations a_l^T are then a contiguous block with the row of ones below it
  (row-major [a | 1] makes a a strided view); element-wise calls on contiguous blocks are
  about twice as fast, and the products are faster too (13% per batch for 64-128-64-10).
  The numbers are those of ``Network.gradients`` / ``Network.evaluate`` up to round-off
  (tests/engine/test_kernel.py checks it).

The protocol (``Network.kernel`` is the kernel over a network's live parameters):

    kernel.params                     the flat parameter buffer (the network's W and b are views)
    kernel.layout                     ParameterLayout: blocks(flat), split(flat), flatten(dW, db)
    kernel.weight_mask                1 on weights, 0 on biases (L2 penalises weights only)
    kernel.gradient_buffer()          a new flat array for back-propagation to fill
    kernel.backprop(AT, YT, grad, out=None) -> L     one batch: fills grad, returns the loss
    kernel.columns(X, Y) -> Columns   a data set in the kernel's layout, built once per run
    kernel.evaluate(columns) -> (L, accuracy)
    kernel.hidden_outputs(m)          the hidden a_l^T of the last forward pass over m columns
    kernel.count_correct(out, labels) -> int
    augment(X), parameter_count(layer_sizes), class_labels(rows)
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, SupportsIndex

import numpy as np
import numpy.typing as npt

from engine.activations import Activation
from engine.losses import OutputLoss

Array = npt.NDArray[Any]

#: A context whose NumPy error state ignores overflow and invalid values (a diverging network
#: yields inf and nan, which the caller shows or acts on, never warnings). Run code in a copy:
#: ``QUIET.copy().run(f, ...)``; the trainer runs every batch this way, the network a single
#: drawing. NumPy keeps its error state in a context variable, so this is the state of
#: ``with np.errstate(all="ignore")``, entered for 0.1 µs instead of 1.8 µs. A fresh copy per
#: thread (or per call) keeps it safe to use from several threads.
with np.errstate(all="ignore"):
    QUIET = contextvars.copy_context()


def parameter_count(layer_sizes: Sequence[int]) -> int:
    """The number of weights and biases: sum over layers of n_in * n_out + n_out."""
    return sum(n_in * n_out + n_out for n_in, n_out in itertools.pairwise(layer_sizes))


def augment(X: Array) -> Array:
    """[X | 1]: the samples (rows) with a column of ones, so [X | 1] @ [W; b] = X @ W + b."""
    A = np.empty((X.shape[0], X.shape[1] + 1), dtype=X.dtype)
    A[:, :-1] = X
    A[:, -1] = 1.0
    return A


def class_labels(rows: Array) -> npt.NDArray[np.intp]:
    """Class labels from outputs or targets, one row per sample: argmax of each row, or
    threshold 0.5 for a single column (outputs and one-hot targets follow the same rule)."""
    if rows.shape[1] == 1:
        return (rows[:, 0] > 0.5).astype(np.intp)
    labels: npt.NDArray[np.intp] = np.argmax(rows, axis=1)
    return labels


class ParameterLayout:
    """Where each layer's [W_l; b_l] block lives in a flat buffer of ``size`` numbers."""

    def __init__(self, layer_sizes: Sequence[int]) -> None:
        self.shapes: tuple[tuple[int, int], ...] = tuple(itertools.pairwise(layer_sizes))
        self.size: int = parameter_count(layer_sizes)

    def blocks(self, flat: Array) -> list[Array]:
        """Per-layer (n_in + 1, n_out) views [W_l; b_l] into a flat parameter-shaped buffer."""
        blocks = []
        start = 0
        for n_in, n_out in self.shapes:
            stop = start + (n_in + 1) * n_out
            blocks.append(flat[start:stop].reshape(n_in + 1, n_out))
            start = stop
        return blocks

    def split(self, flat: Array) -> tuple[list[Array], list[Array]]:
        """Weight views (n_in, n_out) and bias views (n_out,) into a flat buffer."""
        blocks = self.blocks(flat)
        return [block[:-1] for block in blocks], [block[-1] for block in blocks]

    def flatten(self, dW: Sequence[Array], db: Sequence[Array], dtype: np.dtype) -> Array:
        """dW and db (one array per layer each) as one new flat array in this layout."""
        if len(dW) != len(self.shapes) or len(db) != len(self.shapes):
            raise ValueError("Need one weight gradient and one bias gradient per layer.")
        flat = np.empty(self.size, dtype=dtype)
        W_views, b_views = self.split(flat)
        for kind, grads, views in (("dW", dW, W_views), ("db", db, b_views)):
            for i, (g, view) in enumerate(zip(grads, views, strict=True)):
                g = np.asarray(g)
                if g.shape != view.shape:
                    raise ValueError(f"{kind}[{i}] must have shape {view.shape}, not {g.shape}.")
                view[...] = g
        return flat


class ParameterList(list[Array]):
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


@dataclass(frozen=True)
class Columns:
    """A data set in the kernel's layout: ``AT`` = [X | 1]^T (contiguous, (n_0 + 1, N)),
    ``YT`` = the targets transposed ((n_L, N)), ``labels`` the true class labels (N,)."""

    AT: Array
    YT: Array
    labels: npt.NDArray[np.intp]


class Kernel:
    """Back-propagation and evaluation over one flat parameter buffer, one column per sample.

    ``activations`` are the hidden layers' and the output's; ``head`` pairs the output
    activation with the loss. Not thread-safe (its workspaces are reused between calls).
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: Sequence[Activation],
        head: OutputLoss,
        dtype: np.dtype,
    ) -> None:
        self.layer_sizes = tuple(layer_sizes)
        self.layout = ParameterLayout(self.layer_sizes)
        self.dtype = dtype
        self.params: Array = np.zeros(self.layout.size, dtype=dtype)
        self.activations = tuple(activations)
        self.head = head
        self.blocks = self.layout.blocks(self.params)  # [W_l; b_l] per layer
        self._weights = [block[:-1] for block in self.blocks]  # W_l, for dz_{l-1}
        mask = np.ones(self.layout.size, dtype=dtype)
        for block in self.layout.blocks(mask):
            block[-1] = 0.0
        mask.flags.writeable = False
        self.weight_mask: Array = mask
        self._workspaces: dict[int, tuple[list[Array], Array]] = {}
        self._grad: Array | None = None  # the last gradient buffer seen, and its blocks
        self._grad_blocks: list[Array] = []

    def gradient_buffer(self) -> Array:
        """A new flat array laid out like ``params``, for ``backprop`` to fill."""
        return np.empty(self.layout.size, dtype=self.dtype)

    def columns(self, X: Array, Y: Array) -> Columns:
        """The samples X (rows, this dtype) with targets Y in the kernel's layout."""
        return Columns(
            np.ascontiguousarray(augment(X).T), np.ascontiguousarray(Y.T), class_labels(Y)
        )

    def _workspace(self, m: int) -> tuple[list[Array], Array]:
        """Buffers for m samples: per hidden layer [a_l^T; 1], shape (n_l + 1, m), whose last
        row of ones (the bias's constant input) is written once; and z_L^T, shape (n_L, m)."""
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

    def _forward(self, AT: Array) -> tuple[list[Array], Array]:
        """z_l^T = [W_l; b_l]^T @ [a_{l-1}^T; 1], a_l^T = f_l(z_l^T) up to the output layer.

        Returns the input of every layer, [a_l^T; 1] (``inputs[0]`` is AT), and z_L^T. Every
        hidden activation is computed in place, in its workspace.
        """
        hidden, z = self._workspace(AT.shape[1])
        inputs = [AT]
        # zip stops at the last hidden layer: the output layer's z_L is computed below.
        for block, act, buf in zip(self.blocks, self.activations, hidden, strict=False):
            a = buf[:-1]
            np.dot(block.T, inputs[-1], out=a)
            act.forward_inplace(a)
            inputs.append(buf)
        np.dot(self.blocks[-1].T, inputs[-1], out=z)
        return inputs, z

    def backprop(self, AT: Array, YT: Array, grad: Array, out: Array | None = None) -> float:
        """One batch: writes [dW_l; db_l] (mean over the batch) into the flat ``grad``, returns L.

        ``AT`` is [X | 1]^T, shape (n_0 + 1, m) (a transposed view of ``augment(X)`` will do),
        ``YT`` the targets transposed, shape (n_L, m), both of this kernel's dtype. ``out``,
        when given, an (n_L, m) array (a slice of an epoch-long buffer, say), receives the
        output a_L^T of this forward pass, taken before any update.
        """
        inputs, z = self._forward(AT)
        loss, a = self.head.loss_and_output(z, YT, columns=True)
        if out is not None:
            out[...] = a
        dz = self.head.delta(a, YT, columns=True)  # dz_L^T
        if grad is not self._grad:  # a trainer passes the same buffer every batch
            self._grad, self._grad_blocks = grad, self.layout.blocks(grad)
        grad_blocks = self._grad_blocks
        for i in range(len(self.blocks) - 1, -1, -1):
            np.dot(inputs[i], dz.T, out=grad_blocks[i])
            if i:
                da = np.dot(self._weights[i], dz)  # da_{l-1}^T = W_l @ dz_l^T
                dz = self.activations[i - 1].backward(inputs[i][:-1], da)
        return loss

    def hidden_outputs(self, m: int) -> list[Array]:
        """The hidden layers' outputs a_l^T (shape (n_l, m)) of the last forward pass over m
        columns (``backprop``'s or ``evaluate``'s): views into the workspaces, valid until the
        next call with m columns. How a trainer reads a batch's activations at no extra cost.
        """
        ws = self._workspaces.get(m)
        if ws is None:
            raise ValueError(f"No forward pass over {m} columns has run yet.")
        return [buf[:-1] for buf in ws[0]]

    def evaluate(self, data: Columns) -> tuple[float, float]:
        """(L, accuracy) on a whole data set with the current parameters.

        The trainer calls this after every epoch on the full training and test sets: with
        one column per sample, the softmax's max and sum over the classes run across
        contiguous rows instead of along short rows of 10, which halves its cost.
        """
        _, z = self._forward(data.AT)
        loss, a = self.head.loss_and_output(z, data.YT, columns=True)
        return loss, self.count_correct(a, data.labels) / data.AT.shape[1]

    def count_correct(self, out: Array, labels: npt.NDArray[np.intp]) -> int:
        """How many samples an output a_L^T (one column per sample, shape (n_L, N)) labels
        correctly, by the rule of ``class_labels`` (ties break alike: the first largest wins).
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
            # a nan: argmax decides those, as class_labels() does.
            right = np.count_nonzero(np.argmax(out, axis=0) == labels)
        return int(right)


__all__ = [
    "QUIET",
    "Columns",
    "Kernel",
    "ParameterLayout",
    "ParameterList",
    "augment",
    "class_labels",
    "parameter_count",
]
