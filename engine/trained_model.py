"""What a trained model's metadata must say, and how its design must agree with its weights.

``save_trained`` writes (engine/serialization.py)::

    {"design": Design.to_dict(), "epochs_trained": 12, "test_accuracy": 0.95,
     "history": [[epoch, train_loss, test_loss, train_accuracy, test_accuracy], ...], ...}

Opening restores the designer from the design, so the design must describe *these* weights
in every respect (layer sizes, each hidden activation, the output activation, the loss and the
number type); a file where they disagree would show sigmoid in the designer while the network
computes ReLU. The metadata is checked like a design: types, ranges, finite numbers, short
text. Saving runs the same checks, so no file is written that loading would refuse.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from engine.design import Design, activations, layer_sizes
from engine.network import Network
from engine.safe_files import FileRefusedError, quoted, real_number, whole_number

#: The largest epoch count or epoch number believed (a class trains for minutes, not years).
MAX_EPOCH_NUMBER = 10**9
MAX_HISTORY_ROWS = 10_000
MAX_TEXT_CHARS = 200
MAX_EXTRA_KEYS = 32
#: Losses are >= 0 and finite (a diverging run's last good epoch can be huge but finite).
MAX_LOSS = sys.float_info.max
HISTORY_COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
RESERVED_KEYS = ("design", "epochs_trained", "history")


def disagreement(design: Design, net: Network, stored_dtypes: Iterable[str] = ()) -> str | None:
    """How ``design`` contradicts ``net`` (a clause), or None when it describes it exactly."""
    sizes = tuple(layer_sizes(design))
    if sizes != tuple(net.layer_sizes):
        return f"its design has layer sizes {sizes} but its weights have {tuple(net.layer_sizes)}"
    wanted = activations(design)
    for i, (said, used) in enumerate(zip(wanted[:-1], net.activations[:-1], strict=True)):
        if said != used:
            return f"its design says {said} in hidden layer {i + 1} but its weights use {used}"
    if wanted[-1] != net.activations[-1]:
        return (
            f"its design's output is {wanted[-1]} but its weights' output is {net.activations[-1]}"
        )
    if design.loss != net.loss_name:
        return f"its design trains with {design.loss} but its weights use {net.loss_name}"
    dtypes = set(stored_dtypes) - {net.dtype.name}
    design_dtype = getattr(design, "dtype", None)  # should Design ever carry one
    if dtypes or (design_dtype is not None and design_dtype != net.dtype.name):
        held = ", ".join(sorted(dtypes)) or design_dtype
        return f"its arrays hold {held} numbers but it says {net.dtype.name}"
    return None


def _text(value: Any, key: str) -> str:
    if len(value) > MAX_TEXT_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise FileRefusedError(f"its metadata {quoted(key)} is not a short line of text")
    return str(value)


def _history(value: Any) -> tuple[tuple[Any, ...], ...]:
    if not isinstance(value, list) or len(value) > MAX_HISTORY_ROWS:
        raise FileRefusedError(f"its history is not a list of at most {MAX_HISTORY_ROWS} epochs")
    rows = []
    last = 0
    for row in value:
        if not isinstance(row, list) or len(row) != len(HISTORY_COLUMNS):
            raise FileRefusedError("its history rows are not 5 numbers each")
        epoch = whole_number(row[0], last + 1, MAX_EPOCH_NUMBER)
        losses = [real_number(v, 0.0, MAX_LOSS) for v in row[1:3]]
        accuracies = [real_number(v, 0.0, 1.0) for v in row[3:]]
        numbers = (*losses, *accuracies)
        if epoch is None or any(
            n is None and v is not None for n, v in zip(numbers, row[1:], strict=True)
        ):
            raise FileRefusedError(f"its history has an impossible row at epoch {quoted(row[0])}")
        rows.append((epoch, *numbers))
        last = epoch
    return tuple(rows)


def check_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata with every value checked (FileRefusedError with a clause otherwise).

    ``epochs_trained`` a whole number from 0; ``test_accuracy`` None or 0..1; ``history`` rows
    of (epoch, losses >= 0 or None, accuracies 0..1 or None); any other key a short name whose
    value is None, true/false, a finite number or a short line of text.
    """
    epochs = whole_number(metadata.get("epochs_trained"), 0, MAX_EPOCH_NUMBER)
    if epochs is None:
        raise FileRefusedError(
            f"its epochs_trained {quoted(metadata.get('epochs_trained'))} is not a whole "
            "number of epochs"
        )
    checked: dict[str, Any] = {"epochs_trained": epochs}
    if "history" in metadata:
        checked["history"] = _history(metadata["history"])
    extra = [k for k in metadata if k not in RESERVED_KEYS]
    if len(extra) > MAX_EXTRA_KEYS:
        raise FileRefusedError("its metadata has too many entries")
    for key in extra:
        value = metadata[key]
        if not key.isidentifier() or len(key) > 64:
            raise FileRefusedError(f"its metadata has a strange entry {quoted(key)}")
        if key == "test_accuracy" and value is not None and real_number(value, 0, 1) is None:
            raise FileRefusedError(f"its test_accuracy {quoted(value)} is not from 0 to 1")
        if isinstance(value, str):
            value = _text(value, key)
        elif (
            value is not None
            and not isinstance(value, bool)
            and real_number(value, -MAX_LOSS, MAX_LOSS) is None
        ):
            raise FileRefusedError(f"its metadata {quoted(key)} is not a plain value")
        checked[key] = value
    return checked


def history_rows(history: Iterable[Any]) -> list[list[Any]]:
    """JSON rows from EpochRow-like objects or 5-number sequences; non-finite -> null."""
    rows = []
    for row in history:
        values: Sequence[Any] = (
            [getattr(row, c) for c in HISTORY_COLUMNS] if hasattr(row, "epoch") else list(row)
        )
        numbers = [float(v) if v is not None and math.isfinite(v) else None for v in values[1:]]
        rows.append([int(values[0]), *numbers])
    return rows


def check_trained(net: Network, stored_dtypes: Iterable[str]) -> tuple[Design, dict[str, Any]]:
    """``(design, checked metadata)`` from ``net.metadata`` as a model file gave it;
    FileRefusedError (a clause) if the design is missing, invalid or does not describe
    ``net``, or the metadata fails ``check_metadata``."""
    raw = net.metadata
    if "design" not in raw:
        raise FileRefusedError("it does not say which design it was trained with")
    try:
        design = Design.from_dict(raw["design"])
    except ValueError as exc:
        first = str(exc).split(". ")[0].rstrip(".")
        raise FileRefusedError(f"its design is not valid ({first})") from None
    problem = disagreement(design, net, stored_dtypes)
    if problem:
        raise FileRefusedError(problem)
    return design, check_metadata(raw)


def is_trained(metadata: dict[str, Any]) -> bool:
    """True if the metadata claims to be save_trained's (then it must pass its checks)."""
    return any(key in metadata for key in RESERVED_KEYS)
