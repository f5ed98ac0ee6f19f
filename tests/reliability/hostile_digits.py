"""Hostile and damaged digits files, generated: each builder writes one and returns its path.

Every one must be refused by ``engine.own_digits.load_digits_file`` with one
``OwnDigitsError`` sentence naming it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.own_digits import MAX_DIGITS, MAX_FILE_BYTES, OwnDigits, new_digit, to_json

GOOD = OwnDigits(tuple(new_digit(np.full(64, i), i, f"{i:032x}") for i in range(3)))


def _edit(name: str, change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], Path]:
    """A copy of a good file with its JSON edited by ``change``."""

    def build(folder: Path) -> Path:
        data = json.loads(to_json(GOOD))
        change(data)
        path = folder / name
        path.write_text(json.dumps(data))
        return path

    return build


def _text(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    return build


def _special(name: str, make: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        make(path)
        return path

    return build


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["digits"][1][key] = value

    return change


def _model_file(folder: Path) -> Path:
    """A real model file (.npz) opened as digits by mistake."""
    import engine

    design = engine.Design(hidden=(engine.HiddenLayer(4, "relu"),))
    path = folder / "model.npz"
    engine.save_trained(path, engine.build_network(design), design, epochs_trained=0)
    return path


def _too_many(data: dict[str, Any]) -> None:
    data["digits"] = [data["digits"][0]] * (MAX_DIGITS + 1)


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "empty file": _text("empty.json", ""),
    "not JSON": _text("notes.json", "3, 5, 7 are odd"),
    "binary noise": _text("noise.json", bytes(range(256)) * 4),
    "a model file": _model_file,
    "HTML": _text("page.json", '<img src="x.png" width=4000><b>x</b>' * 20),
    "deep JSON": _text("deep.json", "[" * 100_000 + "]" * 100_000),
    "huge file": _text("huge.json", " " * (MAX_FILE_BYTES + 1)),
    "NaN pixel": _text(
        "nan.json", to_json(GOOD).replace('"pixels": [1, 1, 1', '"pixels": [NaN, 1, 1', 1)
    ),
    "huge integer": _text(
        "bigint.json", to_json(GOOD).replace('"pixels": [1, 1', '"pixels": [1' + "0" * 400, 1)
    ),
    "another format": _edit("other.json", lambda d: d.update(format="neuron-lab-model")),
    "future version": _edit("v2.json", lambda d: d.update(version=2)),
    "version as text": _edit("v-text.json", lambda d: d.update(version="1")),
    "no drawings": _edit("none.json", lambda d: d.pop("digits")),
    "drawings not a list": _edit("dict.json", lambda d: d.update(digits={"a": 1})),
    "label 10": _edit("label10.json", _set("label", 10)),
    "label true": _edit("label-true.json", _set("label", True)),
    "label as text": _edit("label-text.json", _set("label", "3")),
    "pixel 17": _edit("p17.json", _set("pixels", [17] * 64)),
    "pixel -1": _edit("pneg.json", _set("pixels", [-1] * 64)),
    "pixel 1.5": _edit("pfrac.json", _set("pixels", [1.5] * 64)),
    "63 pixels": _edit("p63.json", _set("pixels", [0] * 63)),
    "8x8 nested pixels": _edit("nested.json", _set("pixels", [[0] * 8] * 8)),
    "id not hex": _edit("id.json", _set("id", "<b>x</b>")),
    "extra key": _edit("extra.json", _set("note", "hi")),
    "duplicate ids": _edit("dup.json", lambda d: d["digits"].append(d["digits"][0])),
    "too many drawings": _edit("many.json", _too_many),
    "directory": _special("folder.json", lambda p: p.mkdir()),
    "fifo": _special("fifo.json", lambda p: os.mkfifo(p)),
    "symlink to /dev/zero": _special("zero.json", lambda p: p.symlink_to("/dev/zero")),
}
if sys.platform == "win32":  # no FIFOs or /dev/zero there
    del BUILDERS["fifo"], BUILDERS["symlink to /dev/zero"]
