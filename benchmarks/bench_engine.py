"""Benchmark: this engine against scikit-learn's MLPClassifier on the digits (run by hand).

    .venv/bin/python benchmarks/bench_engine.py [--epochs 30] [--repeats 5] [--blas-threads 1]
                                                [--clock cpu|wall]

Both train the same architecture on the lesson's split (divide-by-16 scaling) with Adam,
learning rate 1e-3, mini-batches of 32, no L2, a fixed number of epochs (scikit-learn with
tol=0 and no early stopping, so it never stops early). Three trainers per network and dtype,
interleaved in one run:

    scikit-learn       MLPClassifier.fit. Per epoch it evaluates nothing: its loss_curve_ is
                       the sample-weighted mean of the mini-batch losses it computed anyway.
    engine, like-for-like
                       Trainer(metrics="running"), no test set during training: the same
                       work as scikit-learn. The test accuracy is computed once, after the
                       timed run (as scikit-learn's score()). The targets judge this trainer.
    engine, as the app Trainer(metrics="exact") with the test set: the loss and accuracy of
                       the full training and test sets after every epoch, which the app
                       plots. Shown for what the window costs; not judged.

Prints the best time per epoch over the repeats (the least disturbed by other processes), the
ratio to scikit-learn, the mean final test accuracy, and the single-sample forward latency
(the drawing path: ``net.forward(x)`` keeping every z and a).

``--clock cpu`` (the default) times with the CPU time of this process, ``wall`` with the wall
clock. On a shared machine (2 cores, other test runs) the wall clock also counts the time
this process waits for a core, which is noise for a comparison of two libraries; the CPU
time does not (each trainer runs in this process's one thread with one BLAS thread).

Both libraries use the same BLAS; ``--blas-threads`` (default 1, set before NumPy loads) fixes
its thread count. At these matrix sizes a second BLAS thread costs more in hand-offs than it
gains, and the app trains in a worker thread next to the GUI thread anyway. ``0`` leaves
OpenBLAS's default.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import timeit
import warnings
from pathlib import Path
from typing import Any

# NumPy and the engine are imported inside the functions, after --blas-threads is applied.
clock = time.process_time  # --clock; see the module docstring
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ARCHITECTURES = ((64, 32, 10), (64, 128, 64, 10))
TARGETS = {  # issues 2 and 7: at most this fraction of scikit-learn's time per epoch
    ((64, 32, 10), "float64"): 0.3,
    ((64, 128, 64, 10), "float64"): 0.35,
    ((64, 32, 10), "float32"): 0.25,
    ((64, 128, 64, 10), "float32"): 0.3,
}
FORWARD_TARGET_US = 20.0
EVENTS_TARGET = 0.03  # issue 7: per-batch events may cost run() at most 3% over a bare loop
ACCURACY_TOLERANCE = 0.01  # issue 2: the ratios count at equal test accuracy, within a point

LIKE = "like-for-like"  # engine, metrics="running", no test set: the work scikit-learn does
APP = "as the app"  # engine, metrics="exact" with the test set after every epoch
DTYPES = ("float64", "float32")


def time_engine(
    sizes: Any, dtype: str, task: Any, epochs: int, seed: int, mode: str
) -> tuple[float, float]:
    """(seconds per epoch, final test accuracy) for one training run of this engine.

    ``mode`` LIKE: running metrics, the test set only scored once after the timed run;
    APP: exact metrics on the full training and test sets after every epoch.
    """
    from engine import Network, Trainer, make_optimizer

    acts = ("relu",) * (len(sizes) - 2) + ("softmax",)
    net = Network(sizes, acts, "categorical_crossentropy", seed=seed, dtype=dtype)
    metrics = "running" if mode == LIKE else "exact"
    trainer = Trainer(
        net,
        make_optimizer("adam", 1e-3),
        batch_size=32,
        epochs=epochs,
        seed=seed,
        metrics=metrics,
    )
    if mode == LIKE:
        start = clock()
        for _ in trainer.run(task.X_train, task.y_train):
            pass
        elapsed = clock() - start
        return elapsed / epochs, net.accuracy(task.X_test, task.y_test)
    start = clock()
    results = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))
    elapsed = clock() - start
    return elapsed / epochs, results[-1].test_accuracy


def time_bare_loop(sizes: Any, task: Any, epochs: int, seed: int) -> float:
    """Seconds per epoch for the like-for-like work without any per-batch event: the loop
    of ``Trainer.steps()`` written out over the kernel protocol (engine/kernel.py), with the
    same shuffle, updates and running metrics, but no BatchResult, no generator, one
    ``np.errstate`` for the whole run. ``Trainer.run()`` is judged against it."""
    import numpy as np

    from engine import Network, make_optimizer
    from engine.kernel import augment, class_labels

    acts = ("relu",) * (len(sizes) - 2) + ("softmax",)
    net = Network(sizes, acts, "categorical_crossentropy", seed=seed)
    opt, kernel = make_optimizer("adam", 1e-3), net.kernel
    start = clock()
    X = np.ascontiguousarray(net.as_input(task.X_train))
    Y = np.ascontiguousarray(net.targets(task.y_train, X.shape[0]))
    A, labels, n = augment(X), class_labels(Y), X.shape[0]
    A_epoch, Y_epoch, labels_epoch = np.empty_like(A), np.empty_like(Y), np.empty_like(labels)
    outputs = np.empty((Y.shape[1], n), dtype=X.dtype)
    grad = kernel.gradient_buffer()
    rng = np.random.default_rng(seed)
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            np.take(A, order, axis=0, out=A_epoch, mode="clip")
            np.take(Y, order, axis=0, out=Y_epoch, mode="clip")
            loss_sum = 0.0
            for first in range(0, n, 32):
                last = first + 32
                out = outputs[:, first:last]
                loss = kernel.backprop(A_epoch[first:last].T, Y_epoch[first:last].T, grad, out)
                opt.step_flat(kernel, grad)
                loss_sum += loss * (min(last, n) - first)
            opt.end_epoch()
            np.take(labels, order, out=labels_epoch, mode="clip")
            kernel.count_correct(outputs, labels_epoch)
            net.snapshot()
    return (clock() - start) / epochs


def time_sklearn(sizes: Any, task: Any, epochs: int, seed: int) -> tuple[float, float]:
    """(seconds per epoch, final test accuracy) for scikit-learn's MLPClassifier."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=sizes[1:-1],
        activation="relu",
        solver="adam",
        alpha=0.0,
        batch_size=32,
        learning_rate_init=1e-3,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**9,
        early_stopping=False,
        shuffle=True,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = clock()
        clf.fit(task.X_train, task.y_train)
        elapsed = clock() - start
    assert clf.n_iter_ == epochs
    return elapsed / epochs, float(clf.score(task.X_test, task.y_test))


def forward_latency_us(sizes: Any, hidden: str, dtype: str) -> float:
    """Best-of-7 microseconds for ``net.forward(x)`` on one 64-pixel drawing."""
    import numpy as np

    from engine import Network

    acts = (hidden,) * (len(sizes) - 2) + ("softmax",)
    net = Network(sizes, acts, "categorical_crossentropy", dtype=dtype)
    x = np.random.default_rng(0).uniform(0, 1, 64)
    net.forward(x)
    runs = timeit.Timer(lambda: net.forward(x), timer=clock).repeat(number=2000, repeat=7)
    return min(runs) / 2000 * 1e6


def _load() -> str:
    """The 1-minute load average next to the number of CPUs (unknown off Unix)."""
    try:
        load = f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        load = "unknown"
    return f"{load} on {os.cpu_count()} CPUs (1-minute average)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--blas-threads", type=int, default=1)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.blas_threads > 0:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.blas_threads)
    from engine import load_digits_task

    task = load_digits_task("digits", scaling="divide16")
    missed: list[str] = []  # the targets not met, said plainly at the end
    threads = args.blas_threads if args.blas_threads > 0 else "default"
    print(
        f"Digits, Adam 1e-3, batch 32, {args.epochs} epochs, best of {args.repeats} runs, "
        f"BLAS threads: {threads}, clock: {args.clock}"
    )
    # Other processes skew the times (best-of-N only helps against short bursts): say how
    # busy the machine was, so that a reader can judge the figures.
    print(f"Load before: {_load()}\n")
    print("Trainers (see the module docstring):")
    print("  scikit-learn    MLPClassifier; evaluates nothing per epoch (loss_curve_ is the")
    print("                  running mean of its batch losses)")
    print(f'  {LIKE:<15} engine, metrics="running", no test set while training: the same')
    print("                  work as scikit-learn. The targets judge this one.")
    print(f'  {APP:<15} engine, metrics="exact": full training and test sets evaluated')
    print("                  after every epoch, as the window plots them. Not judged.\n")
    header = (
        f"{'network':<14} {'dtype':<8} {'trainer':<15} {'ms/epoch':>9} {'ratio':>6} "
        f"{'target':>7} {'test acc':>9}"
    )
    print(header)
    print("-" * len(header))
    for sizes in ARCHITECTURES:
        name = "-".join(map(str, sizes))
        # Interleave the five trainers so that a burst of load from other processes hits
        # them alike; report each one's best run.
        keys = [("scikit-learn", "")] + [(mode, dtype) for dtype in DTYPES for mode in (LIKE, APP)]
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in keys}
        for seed in range(args.repeats):
            for mode, dtype in keys:
                if mode == "scikit-learn":
                    runs[mode, dtype].append(time_sklearn(sizes, task, args.epochs, seed))
                else:
                    runs[mode, dtype].append(
                        time_engine(sizes, dtype, task, args.epochs, seed, mode)
                    )
        best = {key: min(t for t, _ in runs[key]) for key in keys}
        acc = {key: statistics.mean(a for _, a in runs[key]) for key in keys}
        sk_time, sk_acc = best["scikit-learn", ""], acc["scikit-learn", ""]
        print(
            f"{name:<14} {'':<8} {'scikit-learn':<15} {sk_time * 1e3:9.2f} {1:6.2f} "
            f"{'':>7} {sk_acc:9.3f}"
        )
        for mode, dtype in keys[1:]:
            t, ratio = best[mode, dtype], best[mode, dtype] / sk_time
            row = f"{'':<14} {dtype:<8} {mode:<15} {t * 1e3:9.2f} {ratio:6.2f}"
            if mode == APP:
                print(f"{row} {'':>7} {acc[mode, dtype]:9.3f}")
                continue
            target = TARGETS[(sizes, dtype)]
            marks = []
            if ratio > target:
                marks.append("SLOW")
                missed.append(f"{name} {dtype} training {ratio:.2f}x > {target:.2f}x")
            if acc[mode, dtype] < sk_acc - ACCURACY_TOLERANCE:
                marks.append("LESS ACCURATE")
                missed.append(
                    f"{name} {dtype} test accuracy {acc[mode, dtype]:.3f} < scikit-learn's "
                    f"{sk_acc:.3f} - {ACCURACY_TOLERANCE:g}"
                )
            print(f"{row} {target:7.2f} {acc[mode, dtype]:9.3f}  {' '.join(marks) or 'ok'}")
    print("\nPer-batch events: Trainer.run() (the epochs of steps()) against the same loop")
    print("without events (float64, like-for-like, best of 3 x repeats runs of epochs / 3):")
    for sizes in ARCHITECTURES:
        name = "-".join(map(str, sizes))
        # Three times the runs, a third of the epochs each: the minimum of more, shorter
        # runs is less disturbed by other processes, which matters for a 3% target.
        runs, epochs = 3 * args.repeats, max(1, args.epochs // 3)
        run_best = bare_best = math.inf
        for i in range(runs):
            seed = i % args.repeats
            run_best = min(run_best, time_engine(sizes, "float64", task, epochs, seed, LIKE)[0])
            bare_best = min(bare_best, time_bare_loop(sizes, task, epochs, seed))
        extra = run_best / bare_best - 1.0
        mark = "ok" if extra <= EVENTS_TARGET else "SLOW"
        if extra > EVENTS_TARGET:
            missed.append(f"{name} per-batch events cost {extra:+.1%}")
        print(
            f"  {name:<14} run() {run_best * 1e3:6.2f} ms  bare loop {bare_best * 1e3:6.2f} ms  "
            f"{extra:+.1%} (target <= {EVENTS_TARGET:+.0%})  {mark}"
        )
    print("\nSingle-sample forward pass, net.forward(x) with every z and a kept (µs):")
    for sizes in ARCHITECTURES:
        name = "-".join(map(str, sizes))
        for dtype in DTYPES:
            cells = []
            for hidden in ("sigmoid", "tanh", "relu", "leaky_relu", "linear"):
                us = forward_latency_us(sizes, hidden, dtype)
                if us >= FORWARD_TARGET_US:
                    missed.append(f"{name} {dtype} {hidden} forward {us:.1f} µs")
                cells.append(f"{hidden} {us:5.1f}")
            print(f"  {name:<14} {dtype:<8} " + "  ".join(cells))
    print(f"\nLoad after: {_load()}")
    print(f"Forward target: under {FORWARD_TARGET_US:g} µs.")
    print(
        f"All targets met (training judged {LIKE}: engine with running metrics and no "
        "per-epoch test set vs scikit-learn, test accuracy within "
        f"{ACCURACY_TOLERANCE * 100:g} point; single-sample forward pass): "
        + ("yes" if not missed else "NO - " + "; ".join(missed))
    )
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main())
