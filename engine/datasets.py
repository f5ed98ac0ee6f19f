"""The lesson's data: scikit-learn's 8x8 handwritten digits (1797 images, pixels 0-16).

Tasks (y are integer labels):

    digits    y = the digit 0-9                      (10 softmax outputs)
    odd_even  y = digit % 2  (0 = even, 1 = odd)     (the lesson's one sigmoid output)
    is_k      y = 1 if digit == k else 0            ("is it a k?", one vs rest)

The split is scikit-learn's ``train_test_split(X, y, test_size, random_state)``: the test set is
the first ceil(test_size * n) indices of ``RandomState(random_state).permutation(n)``, the
training set the rest, in that order. Scalings: ``none`` (raw 0-16), ``divide16`` (x / 16, in
[0, 1]) and ``standardize`` ((x - mean) / std per pixel, from the training set only; pixels that
never vary keep std 1).

The CSV that scikit-learn ships is read directly, located without importing scikit-learn
(importing it costs ~1 s of start-up); if it cannot be found, ``sklearn.datasets.load_digits``
is used; the bundle (``packaging/``) ships the CSV alone, in ``data/``. Either way the numbers
are identical, and they are loaded once per process.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Array = np.ndarray

TASK_NAMES: tuple[str, ...] = ("digits", "odd_even", "is_k")
SCALING_NAMES: tuple[str, ...] = ("none", "divide16", "standardize")
#: What a form shows for each task and scaling, in the order it offers them.
TASK_LABELS: dict[str, str] = {
    "digits": "Digits 0-9",
    "odd_even": "Odd or even?",
    "is_k": "Is it a k?",
}
SCALING_LABELS: dict[str, str] = {
    "divide16": "÷16 (0 to 1)",
    "standardize": "Standardize",
    "none": "None (0 to 16)",
}
N_SAMPLES = 1797
PIXEL_MAX = 16.0


def _digits_csv() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)  # the one-folder app (packaging/) ships the CSV
    if bundle is not None and (Path(bundle) / "data" / "digits.csv.gz").is_file():
        return Path(bundle) / "data" / "digits.csv.gz"
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        path = Path(root) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            return path
    return None


@functools.cache
def load_digits_arrays() -> tuple[Array, Array]:
    """(X, y): X float64 (1797, 64) with pixels 0-16, y int (1797,) digits. Cached, read-only."""
    path = _digits_csv()
    if path is not None:
        with gzip.open(path, "rt") as f:
            data = np.loadtxt(f, delimiter=",")
        X = np.ascontiguousarray(data[:, :-1])
        y = data[:, -1].astype(np.intp)
    else:  # pragma: no cover - only without the shipped CSV
        from sklearn.datasets import load_digits

        bunch = load_digits()
        X = np.asarray(bunch.data, dtype=np.float64)
        y = np.asarray(bunch.target, dtype=np.intp)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


def split_indices(n: int, test_size: float, random_state: int) -> tuple[Array, Array]:
    """(train, test) indices exactly as ``sklearn.model_selection.train_test_split`` picks them."""
    n_test = math.ceil(test_size * n)
    n_train = n - n_test
    permutation = np.random.RandomState(random_state).permutation(n)
    return permutation[n_test : n_test + n_train], permutation[:n_test]


@dataclass(frozen=True, eq=False)
class DigitsTask:
    """A task ready to train on. All arrays are read-only.

    ``X_*`` are scaled pixels (m, 64); ``y_*`` integer labels; ``images_test`` the raw 0-16
    test images (m, 8, 8); ``labels_test_digit`` the digit 0-9 of each test image whatever the
    task; ``class_names`` one name per label value. ``scale(pixels)`` applies this task's
    scaling to new 0-16 pixels (a drawing).
    """

    task: str
    k: int
    scaling: str
    test_size: float
    random_state: int
    X_train: Array
    X_test: Array
    y_train: Array
    y_test: Array
    images_test: Array
    labels_test_digit: Array
    labels_train_digit: Array
    class_names: tuple[str, ...]
    mean: Array
    std: Array

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def n_outputs(self) -> int:
        """10 softmax outputs for digits, 1 sigmoid output for the yes/no tasks."""
        return 10 if self.task == "digits" else 1

    def scale(self, pixels_0_16: Array) -> Array:
        """The task's scaling applied to raw pixels (any shape ending in 64, or (..., 8, 8))."""
        x = np.asarray(pixels_0_16, dtype=np.float64)
        if x.shape[-2:] == (8, 8):
            x = x.reshape(*x.shape[:-2], 64)
        scaled: Array = (x - self.mean) / self.std
        return scaled

    def __repr__(self) -> str:
        k = f", k={self.k}" if self.task == "is_k" else ""
        return (
            f"DigitsTask({self.task!r}{k}, scaling={self.scaling!r}, "
            f"train={len(self.y_train)}, test={len(self.y_test)})"
        )


def _readonly(a: Array) -> Array:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def class_names(task: str, k: int = 0) -> tuple[str, ...]:
    """Names of the label values: ("0", ..., "9"), ("even", "odd") or ("not 3", "3")."""
    if task == "digits":
        return tuple(str(d) for d in range(10))
    if task == "odd_even":
        return ("even", "odd")
    return (f"not {k}", str(k))


def check_task_arguments(task: str, test_size: float, scaling: str, k: int) -> None:
    """ValueError with a clear sentence when an argument of load_digits_task is not allowed."""
    if task not in TASK_NAMES:
        raise ValueError(f"Unknown task {task!r}; known: {', '.join(TASK_NAMES)}.")
    if scaling not in SCALING_NAMES:
        raise ValueError(f"Unknown scaling {scaling!r}; known: {', '.join(SCALING_NAMES)}.")
    if isinstance(k, bool) or int(k) != k or not 0 <= k <= 9:
        raise ValueError(f"k must be a whole number from 0 to 9, not {k!r}.")
    if not 0.0 < float(test_size) < 1.0:
        raise ValueError(f"test_size must be a fraction between 0 and 1, not {test_size!r}.")


@functools.lru_cache(maxsize=32)
def _cached_task(
    task: str, test_size: float, random_state: int, scaling: str, k: int
) -> DigitsTask:
    X, digit = load_digits_arrays()
    train, test = split_indices(len(digit), test_size, random_state)
    if task == "digits":
        y = digit
    elif task == "odd_even":
        y = digit % 2
    else:
        y = (digit == k).astype(np.intp)
    X_train_raw = X[train]
    if scaling == "none":
        mean, std = np.zeros(64), np.ones(64)
    elif scaling == "divide16":
        mean, std = np.zeros(64), np.full(64, PIXEL_MAX)
    else:
        mean = X_train_raw.mean(axis=0)
        std = X_train_raw.std(axis=0)
        std[std == 0] = 1.0  # a pixel that is always blank stays 0, not 0/0
    return DigitsTask(
        task=task,
        k=int(k),
        scaling=scaling,
        test_size=float(test_size),
        random_state=int(random_state),
        X_train=_readonly((X_train_raw - mean) / std),
        X_test=_readonly((X[test] - mean) / std),
        y_train=_readonly(y[train]),
        y_test=_readonly(y[test]),
        images_test=_readonly(X[test].reshape(-1, 8, 8)),
        labels_test_digit=_readonly(digit[test]),
        labels_train_digit=_readonly(digit[train]),
        class_names=class_names(task, k),
        mean=_readonly(mean),
        std=_readonly(std),
    )


def load_digits_task(
    task: str = "digits",
    test_size: float = 0.2,
    random_state: int = 42,
    scaling: str = "divide16",
    k: int = 0,
) -> DigitsTask:
    """The digits data prepared for ``task`` (see the module docstring). Cached per arguments."""
    check_task_arguments(task, test_size, scaling, k)
    k = int(k) if task == "is_k" else 0
    return _cached_task(task, float(test_size), int(random_state), scaling, k)
