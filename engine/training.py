"""Training: gradient descent over epochs, as an iterator of immutable per-epoch results.

One epoch visits every training sample once, in an order shuffled from the trainer's seed:

    batch gradient descent       batch_size=None   one update per epoch (the whole set)
    stochastic gradient descent  batch_size=1      one update per sample
    mini-batch gradient descent  batch_size=B      ceil(n / B) updates (the last batch may
                                                   be smaller)

Each update: L, dW, db = gradients on the batch (mean over its samples), then the optimizer
moves W and b against the gradient. After each epoch an ``EpochResult`` with read-only weight
copies is yielded. Its training loss and accuracy depend on ``metrics``:

    "exact"    (default) the loss and accuracy on the full training set with the weights as
               they are at the end of the epoch: one extra forward pass over the whole set.
    "running"  what the epoch saw on the way, the convention of Keras' progress bar and of
               scikit-learn's ``loss_curve_``: train_loss = sum over batches of m_B * L_B / n
               (the sample-weighted mean of the batch losses, each before its update), and
               train_accuracy = the fraction of training samples classified correctly in
               their batch's forward pass, before its update. No extra forward pass: the
               batch losses and outputs come from the passes training makes anyway. It
               describes weights that changed during the epoch (half an epoch old on
               average), so early on it reads worse than "exact".

The test loss and accuracy are always exact, on the full test set with the end-of-epoch
weights (nan without a test set). The updates themselves are the same in both modes: the same
seed gives bit-identical weights either way.

A loss that becomes inf or nan (a learning rate that is too large) is not an exception: the
numbers are reported as they are and the caller decides what to do. Each update and each
evaluation runs under ``np.errstate(all="ignore")`` for that reason (never across a yield:
the caller's code between events keeps its own error state).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from engine.kernel import QUIET, Columns, augment, class_labels
from engine.network import Network, NetworkSnapshot
from engine.optimizers import Optimizer
from engine.updates import GradientStats, UpdateRecord, UpdateRecorder

Array = npt.NDArray[Any]
B = TypeVar("B")  # what a batch yields: a BatchResult, or None where nobody reads it
#: What makes a batch's event from (epoch, batch, batches per epoch, loss, step, gradient
#: norms, the recorded update, the gradient statistics).
BatchEvent = Callable[
    [int, int, int, float, int, tuple[float, ...], UpdateRecord | None, GradientStats | None], B
]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One parameter update, as ``Trainer.steps()`` yields it.

    ``epoch`` and ``batch`` are 1-based (``batch`` counts within the epoch); ``loss`` is the
    batch's loss L_B before the update; ``step`` counts updates since ``steps()`` started.
    ``gradient_norms`` holds ||dW_l|| (the Frobenius norm of each weight layer's gradient,
    W1 first) when the trainer was asked for them (``gradient_norms=True``), else ``()``.
    ``update`` is the close look at this update (engine/updates.py) when
    ``trainer.record_update`` was set before it, ``gradients`` its gradient sizes and
    saturated shares when ``trainer.record_gradients`` was; else None.
    """

    epoch: int
    batch: int
    batches_per_epoch: int
    loss: float
    step: int
    gradient_norms: tuple[float, ...] = ()
    update: UpdateRecord | None = None
    gradients: GradientStats | None = None


@dataclass(frozen=True)
class EpochResult:
    """What one epoch produced. ``weights``/``biases`` are read-only copies (``snapshot`` holds
    the same arrays as a ``NetworkSnapshot``); accuracies are fractions in [0, 1]; test values
    are nan when no test set was given. ``metrics`` says how the training values were
    measured: "exact" (full training set, end-of-epoch weights) or "running" (the mean over
    the epoch's batches); the test values are always exact."""

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    snapshot: NetworkSnapshot
    steps: int
    metrics: str = "exact"

    @property
    def finite(self) -> bool:
        """False once training diverged (a loss or a parameter is inf or nan)."""
        return (
            math.isfinite(self.train_loss)
            and all(bool(np.isfinite(w).all()) for w in self.weights)
            and all(bool(np.isfinite(b).all()) for b in self.biases)
        )


#: The ways ``Trainer`` can report the training loss and accuracy (see the module docstring).
METRICS: tuple[str, ...] = ("exact", "running")


class Trainer:
    """Runs gradient descent on ``net`` with ``optimizer``.

    ``batch_size=None`` is full batch, ``1`` stochastic; ``seed`` drives the per-epoch shuffle
    (same seed and same start => a bit-identical run). ``initial_epoch`` lets numbering
    continue after an earlier run (the first epoch is ``initial_epoch + 1``). ``metrics`` is
    "exact" (full training set, end-of-epoch weights) or "running" (mean over the epoch's
    batches, as Keras and scikit-learn report it). ``gradient_norms=True`` makes every
    ``BatchResult`` carry ||dW_l|| per layer (a few extra NumPy calls per batch).

    Two requests may be switched on and off between any two events (read before each
    update, so a caller sets them while the run waits for its next ``next()``):
    ``record_update`` makes the next ``BatchResult`` carry an ``UpdateRecord`` (parameters
    before and after, dw, the optimizer's state; copies of every parameter, so ask for one
    now and then, not for every batch of a fast run); ``record_gradients`` makes every
    ``BatchResult`` carry ``GradientStats`` (mean |dW_l| per layer, saturated hidden units).

    ``steps()`` is the whole run as an iterator of events: one ``BatchResult`` per update and
    one ``EpochResult`` after each epoch. The caller steers by iterating: pausing is not
    asking for the next event, stopping is not iterating any further (or ``close()``).
    ``run()`` is the same run, epochs only.
    """

    def __init__(
        self,
        net: Network,
        optimizer: Optimizer,
        batch_size: int | None = 32,
        epochs: int = 30,
        seed: int = 0,
        initial_epoch: int = 0,
        metrics: str = "exact",
        gradient_norms: bool = False,
    ) -> None:
        if batch_size is not None and (isinstance(batch_size, bool) or int(batch_size) < 1):
            raise ValueError(f"batch_size must be None (full batch) or >= 1, not {batch_size}.")
        if isinstance(epochs, bool) or int(epochs) < 0:
            raise ValueError(f"epochs must be a whole number >= 0, not {epochs}.")
        if not isinstance(metrics, str) or metrics not in METRICS:
            raise ValueError(
                f'metrics must be "exact" (loss and accuracy on the full training set after '
                f'each epoch) or "running" (the mean over the epoch\'s batches), not {metrics!r}.'
            )
        self.net = net
        self.optimizer = optimizer
        self.batch_size = None if batch_size is None else int(batch_size)
        self.epochs = int(epochs)
        self.seed = seed
        self.initial_epoch = int(initial_epoch)
        self.metrics = metrics
        self.gradient_norms = bool(gradient_norms)
        self.record_update = False
        self.record_gradients = False

    def run(
        self,
        X_train: Any,
        y_train: Any,
        X_test: Any | None = None,
        y_test: Any | None = None,
    ) -> Iterator[EpochResult]:
        """Train lazily: each ``next()`` runs one more epoch and returns its ``EpochResult``.

        The epochs of ``steps()``; the per-batch events are not even built (a
        ``BatchResult`` costs about 1 µs, 2% of a 64-32-10 mini-batch).
        """
        events = self._start(X_train, y_train, X_test, y_test, _no_event)
        return (event for event in events if isinstance(event, EpochResult))

    def steps(
        self,
        X_train: Any,
        y_train: Any,
        X_test: Any | None = None,
        y_test: Any | None = None,
    ) -> Iterator[BatchResult | EpochResult]:
        """The run as events: a ``BatchResult`` after every update, an ``EpochResult`` after
        every epoch (after that epoch's last ``BatchResult``). Lazy: nothing is computed until
        the first ``next()``, and each ``next()`` does at most one update or one evaluation."""
        return self._start(X_train, y_train, X_test, y_test, BatchResult)

    def _start(
        self,
        X_train: Any,
        y_train: Any,
        X_test: Any | None,
        y_test: Any | None,
        batch_event: BatchEvent[B],
    ) -> Iterator[B | EpochResult]:
        """Check and lay out the data now (errors surface at the call, not at the first
        ``next()``), then hand the run to the generator."""
        net = self.net
        X = np.ascontiguousarray(net.as_input(X_train))
        Y = np.ascontiguousarray(net.targets(y_train, X.shape[0]))
        if X.shape[0] == 0:
            raise ValueError("The training set is empty.")
        test = None
        if X_test is not None and y_test is not None:
            Xt = net.as_input(X_test)
            test = net.kernel.columns(Xt, net.targets(y_test, Xt.shape[0]))
        return self._events(X, Y, test, batch_event)

    def _events(
        self,
        X: Array,
        Y: Array,
        test: Columns | None,
        batch_event: BatchEvent[B],
    ) -> Iterator[B | EpochResult]:
        kernel, opt = self.net.kernel, self.optimizer
        n = X.shape[0]
        size = n if self.batch_size is None else min(self.batch_size, n)
        starts = range(0, n, size)
        n_batches = len(starts)
        rng = np.random.default_rng(self.seed)
        grad = kernel.gradient_buffer()
        dW_views = kernel.layout.split(grad)[0] if self.gradient_norms else []
        backprop, step = kernel.backprop, opt.step_flat
        recorder = UpdateRecorder(kernel, opt, grad)

        def update(AT: Array, YT: Array, out: Array | None) -> float:
            """L on the batch, then one optimizer step from its gradient."""
            loss = backprop(AT, YT, grad, out)
            step(kernel, grad)
            return loss

        A = augment(X)  # [X | 1]: the bias rides along as a weight on a constant input
        running = self.metrics == "running"
        # The full training set for the evaluation after each epoch, one column per sample
        # (see Kernel.evaluate), built once per run.
        train_set = None if running else kernel.columns(X, Y)
        # "running" never evaluates the training set: back-propagation records each batch's
        # output a_L^T here instead (one column per sample, in the epoch's order), and one
        # count at the end of the epoch compares them with the labels in that order.
        outputs = np.empty((Y.shape[1], n), dtype=X.dtype) if running else None
        labels = class_labels(Y)
        labels_epoch = np.empty_like(labels)
        A_epoch = np.empty_like(A)
        Y_epoch = np.empty_like(Y)
        steps = 0
        # A diverging run reports inf/nan as numbers: the caller decides. Every batch runs in
        # this context, whose NumPy error state ignores them; it is never held across a yield
        # (the caller's code between events runs under its own error state), and entering it
        # costs 0.1 µs where `with np.errstate(...)` costs about 2 µs per batch.
        quiet = QUIET.copy()
        for epoch in range(self.initial_epoch + 1, self.initial_epoch + self.epochs + 1):
            order = rng.permutation(n)
            # Gather the shuffled epoch once: every batch is then a contiguous slice.
            # (mode="clip" is exact for a permutation, and unlike the default it does
            # not buffer the output: 2.5x faster.)
            np.take(A, order, axis=0, out=A_epoch, mode="clip")
            np.take(Y, order, axis=0, out=Y_epoch, mode="clip")
            loss_sum = 0.0
            for i, start in enumerate(starts):
                end = start + size
                # Back-propagation works one column per sample: transposed views.
                out = None if outputs is None else outputs[:, start:end]
                record = stats = None
                if self.record_update or self.record_gradients:  # a view asked: look closely
                    loss, record, stats = quiet.run(
                        recorder.update,
                        A_epoch[start:end].T,
                        Y_epoch[start:end].T,
                        out,
                        order[start:end],
                        (epoch, i + 1, steps + 1),
                        self.record_update,
                        self.record_gradients,
                    )
                    if record is not None:
                        self.record_update = False  # one record per request
                else:
                    loss = quiet.run(update, A_epoch[start:end].T, Y_epoch[start:end].T, out)
                norms = quiet.run(_norms, dW_views) if dW_views else ()
                loss_sum += loss * (min(end, n) - start)  # the last batch may be smaller
                steps += 1
                yield batch_event(epoch, i + 1, n_batches, loss, steps, norms, record, stats)
            quiet.run(opt.end_epoch)
            if train_set is not None:
                train = quiet.run(kernel.evaluate, train_set)
            else:  # "running": sample-weighted means over the batches
                assert outputs is not None
                np.take(labels, order, out=labels_epoch, mode="clip")
                correct = quiet.run(kernel.count_correct, outputs, labels_epoch)
                train = (loss_sum / n, correct / n)
            yield quiet.run(self._result, epoch, train, test, steps)

    def _result(
        self, epoch: int, train: tuple[float, float], test: Columns | None, steps: int
    ) -> EpochResult:
        """The epoch's result: the training (loss, accuracy) as measured by the caller, the
        loss and accuracy on the full test set with the epoch's final weights, a snapshot."""
        train_loss, train_acc = train
        if test is not None:
            test_loss, test_acc = self.net.kernel.evaluate(test)
        else:
            test_loss = test_acc = math.nan
        snap = self.net.snapshot()
        return EpochResult(
            epoch=epoch,
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            weights=snap.weights,
            biases=snap.biases,
            snapshot=snap,
            steps=steps,
            metrics=self.metrics,
        )


def _no_event(
    epoch: int,
    batch: int,
    batches: int,
    loss: float,
    step: int,
    norms: tuple[float, ...],
    update: UpdateRecord | None,
    gradients: GradientStats | None,
) -> None:
    """Stands in for ``BatchResult`` where no one reads the batch events (``run()``)."""


def _norms(dW: list[Array]) -> tuple[float, ...]:
    """||dW_l||, the Frobenius norm of each weight layer's gradient."""
    return tuple(float(np.linalg.norm(g)) for g in dW)
