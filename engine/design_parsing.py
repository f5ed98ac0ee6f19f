"""A design from a JSON-like dict (a settings or model file): every value's type and range are
checked before a ``Design`` is built, so nothing in a file can raise anything but ValueError
with a sentence (no OverflowError from a 400-digit number, no RecursionError, no megabyte of
field names in a message).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

INT_FIELDS = ("k", "batch_size", "epochs", "seed")
FLOAT_FIELDS = ("learning_rate", "momentum", "rho", "beta1", "beta2", "l2", "test_size")
STR_FIELDS = ("task", "scaling", "loss", "init", "optimizer", "batch_mode")


def is_whole_number(value: Any) -> bool:
    """A whole number; bools are not numbers here (``True`` is not 1 epoch)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_real_number(value: Any) -> bool:
    """A finite real number that ``float()`` can hold (not a bool, NaN or inf).

    ``float(10**400)`` raises OverflowError: a 400-digit number in a settings file once
    stopped the app from starting, so that is caught here and means "not a number".
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def design_fields(data: Any, known: Collection[str], max_layers: int) -> dict[str, Any]:
    """The fields of a design described by ``data``, each of the right type: whole numbers,
    real numbers, text, true/false, and ``hidden`` as a tuple of ``(nodes, activation)``
    (at most ``max_layers``, refused before a file's million rows are looked at). ValueError
    for anything else. Ranges are ``validate_design``'s job."""
    if not isinstance(data, dict):
        raise ValueError("A design must be a JSON object (a dict of fields).")
    if not all(isinstance(name, str) for name in data):
        raise ValueError("A design's field names must be text.")
    unknown = sorted(set(data) - set(known))
    if unknown:
        # Names come from a file: show a few, shortened, never a megabyte of them.
        shown = ", ".join(repr(name[:40]) for name in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise ValueError(f"Unknown design field(s): {shown}{more}.")
    return {name: _field(name, value, max_layers) for name, value in data.items()}


def _whole(value: Any) -> Any:
    """3.0 -> 3: JSON writers may give a whole number as a float; anything else unchanged."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _field(name: str, value: Any, max_layers: int) -> Any:
    """One field's value, checked for its type (whole numbers may come as 3.0 from JSON)."""
    if name in INT_FIELDS:
        value = _whole(value)
        if not is_whole_number(value):
            raise ValueError(f"The design field {name!r} must be a whole number.")
    elif name in FLOAT_FIELDS:
        if not is_real_number(value):
            raise ValueError(f"The design field {name!r} must be a number.")
        value = float(value)
    elif name in STR_FIELDS:
        if not isinstance(value, str):
            raise ValueError(f"The design field {name!r} must be text.")
    elif name == "nesterov":
        if not isinstance(value, bool):
            raise ValueError("The design field 'nesterov' must be true or false.")
    elif name == "hidden":
        value = _hidden_layers(value, max_layers)
    return value


def _hidden_layers(value: Any, max_layers: int) -> tuple[tuple[Any, Any], ...]:
    """``[{"nodes": n, "activation": name}, ...]`` (or objects with those attributes) as
    ``((n, name), ...)``."""
    if not isinstance(value, list | tuple):
        raise ValueError("The design field 'hidden' must be a list of layers.")
    if len(value) > max_layers:
        raise ValueError(f"A network can have from 0 to {max_layers} hidden layers.")
    layers = []
    for item in value:
        if not isinstance(item, dict):  # a HiddenLayer, or something that is no layer
            item = {
                "nodes": getattr(item, "nodes", None),
                "activation": getattr(item, "activation", None),
            }
        if set(item) - {"nodes", "activation"}:
            raise ValueError('Each hidden layer must be {"nodes": n, "activation": name}.')
        nodes = _whole(item.get("nodes", 32))
        activation = item.get("activation", "relu")
        if not is_whole_number(nodes) or not isinstance(activation, str):
            raise ValueError('Each hidden layer must be {"nodes": n, "activation": name}.')
        layers.append((nodes, activation))
    return tuple(layers)
