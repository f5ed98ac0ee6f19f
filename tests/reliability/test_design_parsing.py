"""Design parsing never raises anything but ValueError, and never accepts NaN, inf, bools or
numbers that float() cannot hold (a 400-digit rate in the settings once stopped the app)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine import Design, validate_design

FLOAT_FIELDS = ("learning_rate", "momentum", "rho", "beta1", "beta2", "l2", "test_size")
INT_FIELDS = ("k", "batch_size", "epochs", "seed")
HUGE = 10**400
BAD_NUMBERS = [HUGE, -HUGE, float("nan"), float("inf"), -float("inf"), True, False, "0.1", None]


@pytest.mark.parametrize("field", FLOAT_FIELDS + INT_FIELDS)
@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
def test_from_dict_refuses_with_a_value_error(field: str, value: object) -> None:
    with pytest.raises(ValueError):
        Design.from_dict({field: value})


@pytest.mark.parametrize("field", FLOAT_FIELDS + INT_FIELDS)
@pytest.mark.parametrize("value", [HUGE, -HUGE, float("nan"), float("inf"), True])
def test_validate_design_gives_a_message_not_an_exception(field: str, value: object) -> None:
    assert field in validate_design(replace(Design(), **{field: value}))


def test_integers_are_numbers_and_integral_floats_whole_numbers() -> None:
    design = Design.from_dict({"learning_rate": 1, "l2": 0, "epochs": 12.0, "seed": 0})
    assert design.learning_rate == 1.0 and isinstance(design.learning_rate, float)
    assert design.epochs == 12 and isinstance(design.epochs, int)
    with pytest.raises(ValueError, match="learning rate"):
        Design.from_dict({"learning_rate": 10**30})  # a number, far out of range


@pytest.mark.parametrize(
    "data",
    [
        {"hidden": [[[[[]]]]]},
        {"hidden": [{"nodes": [[1]], "activation": "relu"}]},
        {"hidden": [{"nodes": HUGE, "activation": "relu"}]},
        {"hidden": [{"nodes": 8, "activation": {"x": [1]}}]},
        {"hidden": [{"nodes": 8}] * 1_000_000},
        {"task": [[["digits"]]]},
        {(("a",),): 1},
        {"x" * 1_000_000: 1},
        {f"unknown{i}": 1 for i in range(1000)},
        [1, 2, 3],
        "design",
    ],
    ids=lambda d: type(d).__name__ + str(len(d)),
)
def test_nested_and_strange_values_are_refused_cleanly(data: object) -> None:
    with pytest.raises(ValueError) as caught:
        Design.from_dict(data)
    assert len(str(caught.value)) < 400  # a sentence, never the megabyte it was given


def test_deeply_nested_value_is_refused_without_recursion() -> None:
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ValueError):
        Design.from_dict({"hidden": deep})
    with pytest.raises(ValueError):
        Design.from_dict({"learning_rate": deep})
