"""The class's own digits: drawings with their true labels, kept, saved, opened and merged.

Each drawing is stored the way ``load_digits`` stores a digit: an 8x8 grid of whole counts
0–16 (the ink in each 4x4 block of a 32x32 scan; engine/drawing.py ``reduce_32_to_8``), so the
network reads the class's handwriting exactly as it reads the data set's. Pure: no Qt, no
global state; every operation returns a new ``OwnDigits``.

A drawing keeps the ``id`` it got when it was added (32 hex digits), so merging the file of
another machine adds only the drawings not already here: merging the same file twice adds
nothing, and a drawing relabelled here keeps its label here.

The file is JSON, read as carefully as a model (engine/safe_files.py: a regular file, a size
cap before reading, limited JSON; then every field checked)::

    {"format": "neuron-lab-digits", "version": 1,
     "digits": [{"id": "3f2a…", "label": 7, "pixels": [0, 0, 5, 13, …64 counts 0–16]}, …]}

Any problem is one ``OwnDigitsError`` whose message is one sentence naming the file.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.atomic_save import write_atomically
from engine.drawing import COARSE, MAX_VALUE
from engine.safe_files import FileRefusedError, parse_json, quoted, read_regular, sentence

FORMAT_NAME = "neuron-lab-digits"
FORMAT_VERSION = 1
#: A class collects tens to hundreds; a merged school year a few thousand.
MAX_DIGITS = 5000
#: One drawing is about 230 characters of JSON.
MAX_FILE_BYTES = 300 * MAX_DIGITS
N_PIXELS = COARSE * COARSE
LABELS = range(10)
_ID = re.compile(r"[0-9a-f]{32}")
_KEYS = frozenset(("id", "label", "pixels"))


class OwnDigitsError(ValueError):
    """A digits file that will not be read; the message is ``Cannot open <path>: <why>.``"""


@dataclass(frozen=True)
class OwnDigit:
    """One drawing: ``pixels`` an 8x8 grid of whole counts 0–16, ``label`` its digit 0–9."""

    id: str
    label: int
    pixels: tuple[int, ...]  # 64 counts, row by row

    def image(self) -> NDArray[np.float64]:
        """The 8x8 image, float 0–16 (what ``load_digits().images`` holds)."""
        return np.array(self.pixels, dtype=np.float64).reshape(COARSE, COARSE)


def counts(grid: ArrayLike) -> tuple[int, ...]:
    """A drawing as 64 whole counts: ``clip(round(x), 0, 16)`` row by row.

    ValueError unless ``grid`` holds 64 finite numbers (8x8 or flat).
    """
    x = np.asarray(grid, dtype=np.float64)
    if x.size != N_PIXELS or not np.all(np.isfinite(x)):
        raise ValueError("a drawing is 64 finite numbers (8x8)")
    return tuple(int(v) for v in np.clip(np.rint(x.ravel()), 0, MAX_VALUE))


def new_digit(grid: ArrayLike, label: int, digit_id: str | None = None) -> OwnDigit:
    """A drawing to add, with a fresh random id (or ``digit_id``)."""
    if label not in LABELS:
        raise ValueError(f"a digit's label is 0 to 9, not {label!r}")
    return OwnDigit(digit_id or uuid.uuid4().hex, int(label), counts(grid))


@dataclass(frozen=True)
class OwnDigits:
    """The collection, in the order the drawings were added."""

    digits: tuple[OwnDigit, ...] = ()

    def __len__(self) -> int:
        return len(self.digits)

    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.digits)

    def images(self) -> NDArray[np.float64]:
        """``(n, 8, 8)`` float counts 0–16, like ``DigitsTask.images_test``."""
        if not self.digits:
            return np.zeros((0, COARSE, COARSE))
        return np.array([d.pixels for d in self.digits], dtype=np.float64).reshape(
            -1, COARSE, COARSE
        )

    def labels(self) -> NDArray[np.int64]:
        """The true digits 0–9."""
        return np.array([d.label for d in self.digits], dtype=np.int64)

    def add(self, digit: OwnDigit) -> OwnDigits:
        """With ``digit`` at the end; ValueError if the collection is full."""
        if len(self.digits) >= MAX_DIGITS:
            raise ValueError(f"the collection is full ({MAX_DIGITS} drawings)")
        return OwnDigits((*self.digits, digit))

    def remove(self, digit_id: str) -> OwnDigits:
        return OwnDigits(tuple(d for d in self.digits if d.id != digit_id))

    def relabel(self, digit_id: str, label: int) -> OwnDigits:
        if label not in LABELS:
            raise ValueError(f"a digit's label is 0 to 9, not {label!r}")
        return OwnDigits(
            tuple(OwnDigit(d.id, int(label), d.pixels) if d.id == digit_id else d for d in self)
        )

    def merge(self, other: Iterable[OwnDigit]) -> tuple[OwnDigits, int]:
        """``(merged, added)``: this collection, then ``other``'s drawings whose id is not
        here yet (a drawing here keeps its label), up to ``MAX_DIGITS``."""
        known = set(self.ids())
        merged = list(self.digits)
        for d in other:
            if d.id not in known and len(merged) < MAX_DIGITS:
                merged.append(d)
                known.add(d.id)
        return OwnDigits(tuple(merged)), len(merged) - len(self.digits)

    def __iter__(self) -> Iterator[OwnDigit]:
        return iter(self.digits)


def task_labels(digit_labels: ArrayLike, task: str, k: int = 0) -> NDArray[np.int64]:
    """The digits' labels for a task (engine/datasets.py): the digit itself for ``digits``,
    ``digit % 2`` for ``odd_even``, ``digit == k`` for ``is_k``."""
    d: NDArray[np.int64] = np.asarray(digit_labels, dtype=np.int64)
    if task == "odd_even":
        d = d % 2
    elif task != "digits":
        d = (d == k).astype(np.int64)
    return d


# --- the file -------------------------------------------------------------------------------


def to_json(digits: OwnDigits) -> str:
    """The file's text (one drawing per line, so a diff or a teacher can read it)."""
    rows = ",\n".join(
        "  " + json.dumps({"id": d.id, "label": d.label, "pixels": list(d.pixels)}) for d in digits
    )
    head = json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION})[:-1]
    return f'{head}, "digits": [\n{rows}\n]}}\n'


def save_digits(digits: OwnDigits, path: str | os.PathLike[str]) -> Path:
    """Write ``digits`` to ``path`` atomically (never half a file); OSError naming the path."""
    data = to_json(digits).encode("utf-8")

    def write(f: IO[bytes]) -> None:
        f.write(data)

    return write_atomically(Path(path), write)


def _digit(item: Any, index: int) -> OwnDigit:
    where = f"drawing {index + 1}"
    if not isinstance(item, dict) or set(item) != _KEYS:
        raise FileRefusedError(f"{where} is not an object with id, label and pixels")
    digit_id, label, pixels = item["id"], item["label"], item["pixels"]
    if not isinstance(digit_id, str) or not _ID.fullmatch(digit_id):
        raise FileRefusedError(f"{where} has an id {quoted(digit_id)}, not 32 hex digits")
    if isinstance(label, bool) or not isinstance(label, int) or label not in LABELS:
        raise FileRefusedError(f"{where} has the label {quoted(label)}, not a digit 0 to 9")
    if not isinstance(pixels, list) or len(pixels) != N_PIXELS:
        raise FileRefusedError(f"{where} does not have 64 pixels")
    for v in pixels:
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_VALUE:
            raise FileRefusedError(
                f"{where} has a pixel {quoted(v)}; pixels are whole counts from 0 to 16"
            )
    return OwnDigit(digit_id, label, tuple(pixels))


def parse_digits(text: str | bytes) -> OwnDigits:
    """The collection in a file's text; FileRefusedError (a clause) saying what is wrong."""
    data = parse_json(text, MAX_FILE_BYTES, max_depth=4)
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise FileRefusedError("it is not a Neuron Lab digits file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileRefusedError("it has no valid format version")
    if version > FORMAT_VERSION:
        raise FileRefusedError(
            f"it has format version {quoted(version)}, newer than the version "
            f"{FORMAT_VERSION} this program reads (please update Neuron Lab)"
        )
    items = data.get("digits")
    if not isinstance(items, list):
        raise FileRefusedError("it has no list of drawings")
    if len(items) > MAX_DIGITS:
        raise FileRefusedError(f"it holds {len(items)} drawings, more than {MAX_DIGITS}")
    digits = tuple(_digit(item, i) for i, item in enumerate(items))
    if len({d.id for d in digits}) != len(digits):
        raise FileRefusedError("it lists the same drawing twice (a damaged file)")
    return OwnDigits(digits)


def load_digits_file(path: str | os.PathLike[str]) -> OwnDigits:
    """The collection in ``path``; ``OwnDigitsError`` (one sentence naming the file) for a
    hostile, damaged or foreign file, FileNotFoundError if there is none."""
    try:
        return parse_digits(read_regular(path, MAX_FILE_BYTES))
    except FileNotFoundError:
        raise FileNotFoundError(f"There is no digits file at {os.fspath(path)}.") from None
    except FileRefusedError as exc:
        raise OwnDigitsError(sentence(path, exc.reason)) from None
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        reason = f"it could not be read ({type(exc).__name__})"
        raise OwnDigitsError(sentence(path, reason)) from None
