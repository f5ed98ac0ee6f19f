"""Training: gradient descent over epochs, as an iterator of immutable per-epoch results.

One epoch visits every training sample once, in an order shuffled from the trainer's seed:

    batch gradient descent       batch_size=None   one update per epoch (the whole set)
    stochastic gradient descent  batch_size=1      one update per sample
    mini-batch gradient descent  batch_size=B      ceil(n / B) updates (the last batch may
                                                   be smaller)

Each update: L, dW, db = gradients on the batch (mean over its samples), then the optimizer
moves W and b against the gradient. After each epoch the loss and accuracy are computed on the
full training and test sets, and an ``EpochResult`` with read-only weight copies is yielded.

A loss that becomes inf or nan (a learning rate that is too large) is not an exception: the
numbers are reported as they are and the caller decides what to do. The loop runs under
``np.errstate(all="ignore")`` for that reason (``on_batch`` is called inside it too).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.network import Network, NetworkSnapshot
from engine.optimizers import Optimizer

Array = np.ndarray


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """Passed to ``on_batch`` after every parameter update.

    ``epoch`` and ``batch`` are 1-based; ``loss`` is that batch's loss before the update;
    ``step`` counts updates since ``run()`` started.
    """

    epoch: int
    batch: int
    batches_per_epoch: int
    loss: float
    step: int


@dataclass(frozen=True)
class EpochResult:
    """What one epoch produced. ``weights``/``biases`` are read-only copies (``snapshot`` holds
    the same arrays as a ``NetworkSnapshot``); accuracies are fractions in [0, 1]; test values
    are nan when no test set was given."""

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    snapshot: NetworkSnapshot
    steps: int

    @property
    def finite(self) -> bool:
        """False once training diverged (a loss or a parameter is inf or nan)."""
        return (
            math.isfinite(self.train_loss)
            and all(bool(np.isfinite(w).all()) for w in self.weights)
            and all(bool(np.isfinite(b).all()) for b in self.biases)
        )


class Trainer:
    """Runs gradient descent on ``net`` with ``optimizer``.

    ``batch_size=None`` is full batch, ``1`` stochastic; ``seed`` drives the per-epoch shuffle
    (same seed and same start => a bit-identical run). ``on_batch(BatchInfo)`` is called after
    every update in the training thread; it may block, and it may call ``stop()``.
    ``initial_epoch`` lets numbering continue after an earlier run (the first epoch yielded is
    ``initial_epoch + 1``).
    """

    def __init__(
        self,
        net: Network,
        optimizer: Optimizer,
        batch_size: int | None = 32,
        epochs: int = 30,
        seed: int = 0,
        on_batch: Callable[[BatchInfo], Any] | None = None,
        initial_epoch: int = 0,
    ) -> None:
        if batch_size is not None and (isinstance(batch_size, bool) or int(batch_size) < 1):
            raise ValueError(f"batch_size must be None (full batch) or >= 1, not {batch_size}.")
        if isinstance(epochs, bool) or int(epochs) < 0:
            raise ValueError(f"epochs must be a whole number >= 0, not {epochs}.")
        self.net = net
        self.optimizer = optimizer
        self.batch_size = None if batch_size is None else int(batch_size)
        self.epochs = int(epochs)
        self.seed = seed
        self.on_batch = on_batch
        self.initial_epoch = int(initial_epoch)
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask ``run()`` to end before its next batch (thread-safe; a partial epoch is not
        reported). A stopped trainer stays stopped; make a new one to train again."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        """True once ``stop()`` was called."""
        return self._stop.is_set()

    def run(
        self,
        X_train: Any,
        y_train: Any,
        X_test: Any | None = None,
        y_test: Any | None = None,
    ) -> Iterator[EpochResult]:
        """Train lazily: each ``next()`` runs one more epoch and returns its ``EpochResult``."""
        net = self.net
        X = np.ascontiguousarray(net._as_input(X_train))
        Y = np.ascontiguousarray(net.targets(y_train, X.shape[0]))
        if X.shape[0] == 0:
            raise ValueError("The training set is empty.")
        has_test = X_test is not None and y_test is not None
        if has_test:
            Xt = net._as_input(X_test)
            Yt = net.targets(y_test, Xt.shape[0])
        return self._epochs(X, Y, Xt if has_test else None, Yt if has_test else None)

    def _epochs(
        self, X: Array, Y: Array, Xt: Array | None, Yt: Array | None
    ) -> Iterator[EpochResult]:
        net, opt = self.net, self.optimizer
        n = X.shape[0]
        size = n if self.batch_size is None else min(self.batch_size, n)
        starts = range(0, n, size)
        rng = np.random.default_rng(self.seed)
        grad = np.empty(net._n_params, dtype=net.dtype)
        grad_blocks = net._block_views(grad)
        A = net._augment(X)  # [X | 1]: the bias rides along as a weight on a constant input
        A_epoch = np.empty_like(A)
        Y_epoch = np.empty_like(Y)
        steps = 0
        for epoch in range(self.initial_epoch + 1, self.initial_epoch + self.epochs + 1):
            if self._stop.is_set():
                return
            order = rng.permutation(n)
            with np.errstate(all="ignore"):
                # Gather the shuffled epoch once: every batch is then a contiguous slice.
                np.take(A, order, axis=0, out=A_epoch)
                np.take(Y, order, axis=0, out=Y_epoch)
                completed = self._one_epoch(
                    epoch, A_epoch, Y_epoch, starts, size, grad, grad_blocks, steps
                )
                steps += completed
                if completed < len(starts):
                    return
                opt.end_epoch()
                result = self._evaluate(epoch, X, Y, Xt, Yt, steps)
            yield result

    def _one_epoch(
        self,
        epoch: int,
        A: Array,
        Y: Array,
        starts: range,
        size: int,
        grad: Array,
        grad_blocks: list[Array],
        steps: int,
    ) -> int:
        """Run the batches of one epoch; returns how many ran (fewer when stopped)."""
        net, opt, stop, on_batch = self.net, self.optimizer, self._stop, self.on_batch
        backprop, step = net._backprop, opt._step_flat
        need_loss = on_batch is not None  # the batch loss is only reported through on_batch
        n_batches = len(starts)
        for i, start in enumerate(starts):
            if stop.is_set():
                return i
            end = start + size
            loss = backprop(A[start:end], Y[start:end], grad_blocks, need_loss)
            step(net, grad)
            if on_batch is not None:
                on_batch(BatchInfo(epoch, i + 1, n_batches, loss, steps + i + 1))
        return n_batches

    def _evaluate(
        self,
        epoch: int,
        X: Array,
        Y: Array,
        Xt: Array | None,
        Yt: Array | None,
        steps: int,
    ) -> EpochResult:
        net = self.net
        train_loss, out = net._loss_output(X, Y)
        train_acc = _accuracy(net, out, Y)
        if Xt is not None and Yt is not None:
            test_loss, out_t = net._loss_output(Xt, Yt)
            test_acc = _accuracy(net, out_t, Yt)
        else:
            test_loss = test_acc = math.nan
        snap = net.snapshot()
        return EpochResult(
            epoch=epoch,
            train_loss=float(train_loss),
            test_loss=float(test_loss),
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            weights=snap.weights,
            biases=snap.biases,
            snapshot=snap,
            steps=steps,
        )


def _accuracy(net: Network, out: Array, Y: Array) -> float:
    return float(np.mean(net.labels_from_output(out) == net.labels_from_targets(Y)))
