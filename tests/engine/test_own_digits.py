"""The class's own digits: counts like load_digits, add / relabel / delete, merge, the file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine import drawing
from engine.own_digits import (
    FORMAT_NAME,
    MAX_DIGITS,
    OwnDigits,
    counts,
    load_digits_file,
    new_digit,
    save_digits,
    task_labels,
)


def _id(n: int) -> str:
    return f"{n:032x}"


def _grid(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 17, size=(8, 8)).astype(float)


def test_a_drawing_is_stored_as_the_datasets_whole_counts() -> None:
    bitmap = np.zeros((32, 32), dtype=bool)
    bitmap[4:28, 14:17] = True  # a "1" drawn in the 32x32 mode
    reduced = drawing.reduce_32_to_8(bitmap)
    digit = new_digit(reduced, 1)
    np.testing.assert_array_equal(digit.image(), reduced)
    assert set(digit.pixels) <= set(range(17)) and len(digit.pixels) == 64
    assert counts(np.full((8, 8), 16.7)) == (16,) * 64  # clipped to the data set's range
    assert counts(np.full(64, -0.4)) == (0,) * 64
    assert counts(np.full((8, 8), 2.5))[0] == 2  # rounded half to even, like np.rint
    with pytest.raises(ValueError, match="64 finite"):
        counts(np.full((8, 8), np.nan))
    with pytest.raises(ValueError, match="0 to 9"):
        new_digit(reduced, 10)
    assert len({new_digit(reduced, 1).id for _ in range(5)}) == 5  # fresh ids


def test_add_relabel_and_delete() -> None:
    a, b = new_digit(_grid(1), 3, _id(1)), new_digit(_grid(2), 5, _id(2))
    digits = OwnDigits().add(a).add(b)
    assert digits.ids() == (_id(1), _id(2))
    assert list(digits.labels()) == [3, 5]
    np.testing.assert_array_equal(digits.images()[1], _grid(2))
    relabelled = digits.relabel(_id(2), 8)
    assert list(relabelled.labels()) == [3, 8] and list(digits.labels()) == [3, 5]
    assert relabelled.remove(_id(1)).ids() == (_id(2),)
    assert OwnDigits().images().shape == (0, 8, 8)


def test_merging_the_same_drawings_twice_adds_no_duplicates() -> None:
    here = OwnDigits((new_digit(_grid(1), 3, _id(1)),))
    theirs = OwnDigits((new_digit(_grid(1), 7, _id(1)), new_digit(_grid(2), 4, _id(2))))
    merged, added = here.merge(theirs)
    assert added == 1 and merged.ids() == (_id(1), _id(2))
    assert list(merged.labels()) == [3, 4]  # the drawing relabelled here keeps its label
    again, added_again = merged.merge(theirs)
    assert added_again == 0 and again == merged


def test_save_open_merge_round_trip(tmp_path: Path) -> None:
    mine = OwnDigits(tuple(new_digit(_grid(s), s % 10, _id(s)) for s in range(12)))
    path = save_digits(mine, tmp_path / "class 7B.json")
    data = json.loads(path.read_text())
    assert data["format"] == FORMAT_NAME and data["version"] == 1
    assert data["digits"][3] == {"id": _id(3), "label": 3, "pixels": list(mine.digits[3].pixels)}
    opened = load_digits_file(path)
    assert opened == mine
    other = OwnDigits(tuple(new_digit(_grid(s), 1, _id(s)) for s in range(10, 15)))
    other_path = save_digits(other, tmp_path / "other.json")
    merged, added = opened.merge(load_digits_file(other_path))
    assert added == 3 and len(merged) == 15
    merged_twice, added = merged.merge(load_digits_file(other_path))
    assert added == 0 and merged_twice == merged
    assert sorted(tmp_path.iterdir()) == sorted([path, other_path])  # no temporary files


def test_merge_stops_at_the_cap() -> None:
    full = OwnDigits(tuple(new_digit(np.zeros(64), 0, _id(i)) for i in range(MAX_DIGITS)))
    merged, added = full.merge([new_digit(np.zeros(64), 1, _id(MAX_DIGITS))])
    assert added == 0 and len(merged) == MAX_DIGITS
    with pytest.raises(ValueError, match="full"):
        full.add(new_digit(np.zeros(64), 1))


def test_labels_for_each_task() -> None:
    d = np.arange(10)
    assert list(task_labels(d, "digits")) == list(range(10))
    assert list(task_labels(d, "odd_even")) == [0, 1] * 5
    assert list(task_labels(d, "is_k", 3)) == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
