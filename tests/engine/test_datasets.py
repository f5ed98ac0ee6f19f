"""Datasets: identical to scikit-learn's load_digits + train_test_split, tasks and scalings."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from engine.datasets import SCALING_NAMES, load_digits_arrays, load_digits_task


@pytest.fixture(scope="module")
def sk_digits():
    return load_digits()


def test_raw_data_is_scikit_learns(sk_digits) -> None:
    X, y = load_digits_arrays()
    np.testing.assert_array_equal(X, sk_digits.data)
    np.testing.assert_array_equal(y, sk_digits.target)
    assert X.shape == (1797, 64) and X.min() == 0 and X.max() == 16


@pytest.mark.parametrize(("test_size", "random_state"), [(0.2, 42), (0.05, 0), (0.5, 7), (0.33, 1)])
def test_split_is_train_test_split(sk_digits, test_size, random_state) -> None:
    Xa, Xb, ya, yb = train_test_split(
        sk_digits.data, sk_digits.target, test_size=test_size, random_state=random_state
    )
    task = load_digits_task("digits", test_size, random_state, scaling="none")
    np.testing.assert_array_equal(task.X_train, Xa)
    np.testing.assert_array_equal(task.X_test, Xb)
    np.testing.assert_array_equal(task.y_train, ya)
    np.testing.assert_array_equal(task.y_test, yb)


def test_lesson_split_sizes() -> None:
    task = load_digits_task()
    assert task.X_train.shape == (1437, 64) and task.X_test.shape == (360, 64)
    assert task.images_test.shape == (360, 8, 8)
    assert task.class_names == tuple("0123456789") and task.n_outputs == 10


def test_tasks_labels() -> None:
    digits = load_digits_task("digits")
    odd = load_digits_task("odd_even")
    is7 = load_digits_task("is_k", k=7)
    np.testing.assert_array_equal(odd.y_test, digits.y_test % 2)
    np.testing.assert_array_equal(is7.y_test, (digits.y_test == 7).astype(int))
    for task in (digits, odd, is7):
        np.testing.assert_array_equal(task.labels_test_digit, digits.y_test)
    assert odd.class_names == ("even", "odd") and odd.n_outputs == 1
    assert is7.class_names == ("not 7", "7") and is7.k == 7


def test_scalings() -> None:
    raw = load_digits_task(scaling="none")
    div = load_digits_task(scaling="divide16")
    std = load_digits_task(scaling="standardize")
    np.testing.assert_allclose(div.X_train, raw.X_train / 16)
    mean, sd = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    sd[sd == 0] = 1
    np.testing.assert_allclose(std.X_train, (raw.X_train - mean) / sd)
    np.testing.assert_allclose(std.X_test, (raw.X_test - mean) / sd)  # train statistics only
    used = raw.X_train.std(axis=0) > 0
    np.testing.assert_allclose(std.X_train[:, used].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(std.X_train[:, used].std(axis=0), 1)
    assert np.all(np.isfinite(std.X_train))
    assert SCALING_NAMES == ("none", "divide16", "standardize")


@pytest.mark.parametrize("scaling", SCALING_NAMES)
def test_scale_applies_the_same_scaling_to_a_drawing(scaling) -> None:
    task = load_digits_task(scaling=scaling)
    np.testing.assert_allclose(task.scale(task.images_test[:5]), task.X_test[:5])
    np.testing.assert_allclose(task.scale(task.images_test[0].ravel()), task.X_test[0])


def test_cached_and_read_only() -> None:
    assert load_digits_task("odd_even") is load_digits_task("odd_even")
    task = load_digits_task()
    with pytest.raises(ValueError):
        task.X_train[0, 0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"task": "letters"}, "Unknown task"),
        ({"scaling": "log"}, "Unknown scaling"),
        ({"task": "is_k", "k": 10}, "k must be a whole number from 0 to 9"),
        ({"test_size": 1.5}, "test_size"),
    ],
)
def test_bad_arguments(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        load_digits_task(**kwargs)


def test_the_bundle_reads_the_csv_it_ships(tmp_path, monkeypatch) -> None:
    """packaging/ ships scikit-learn's digits.csv.gz alone, in the bundle's data/ folder."""
    import shutil
    import sys

    from engine import datasets

    shipped = datasets._digits_csv()
    assert shipped is not None and shipped.parts[-4:-1] == ("sklearn", "datasets", "data")
    (tmp_path / "data").mkdir()
    shutil.copyfile(shipped, tmp_path / "data" / "digits.csv.gz")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert datasets._digits_csv() == tmp_path / "data" / "digits.csv.gz"
