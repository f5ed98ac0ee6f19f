"""The model file itself: writing the arrays and JSON, and reading them back with care.

engine/serialization.py documents the layout and is the public API; this module does the
work. Reading goes through engine/safe_files.py (regular file, size, zip members, JSON
limits), never unpickles, and checks the architecture the file claims against the designer's
own limits *before* reading any array: a 60 KB file cannot make us allocate a 100,000-node
network. Weights are cast to the model's number type and *then* checked finite and at most
``MAX_ABS_WEIGHT`` (1e300 is finite as float64 but inf as float32).
"""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import zipfile
from pathlib import Path
from typing import IO, Any

import numpy as np

from engine.architecture import DTYPES, check_architecture
from engine.atomic_save import write_atomically
from engine.design import MAX_HIDDEN_LAYERS, MAX_NODES, N_INPUTS
from engine.kernel import parameter_count
from engine.network import Network, NetworkSnapshot
from engine.safe_files import (
    FileRefusedError,
    open_regular,
    open_zip,
    parse_json,
    quoted,
    read_member,
    sentence,
)

FORMAT_NAME = "neuron-lab-model"
#: Version 2 numbers the arrays as the lesson and the screen do (W1, b1 = the first layer);
#: version 1 files (W0, b0 = the first layer) are still read.
FORMAT_VERSION = 2
#: The designer's limits (8 hidden layers of at most 512 nodes, 64 inputs): no saved model
#: is bigger, so a file that claims more is refused before anything is allocated.
MAX_LAYERS = MAX_HIDDEN_LAYERS + 1
MAX_LAYER_SIZE = max(MAX_NODES, N_INPUTS)
MAX_PARAMETERS = parameter_count([MAX_LAYER_SIZE] * (MAX_LAYERS + 1))
#: Far beyond any trained weight; larger values overflow the forward pass to inf or nan.
MAX_ABS_WEIGHT = 1e6
#: The JSON description, history included (10,000 epochs take about 1M characters).
MAX_META_CHARS = 1_500_000
_NPY_HEADER_BYTES = 64 * 1024
_MAX_ITEMSIZE = 16  # longdouble
MAX_FILE_BYTES = MAX_PARAMETERS * _MAX_ITEMSIZE + 4 * MAX_META_CHARS + (1 << 20)


class ModelFormatError(ValueError):
    """The file is not a model this program can load; the message is one sentence saying why,
    naming the file (``path`` and ``reason`` hold the parts when the engine raised it)."""

    def __init__(self, message: str, path: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason or message

    @classmethod
    def about(cls, path: str | os.PathLike[str], reason: str) -> ModelFormatError:
        """``Cannot open <path>: <reason>.``"""
        return cls(sentence(path, reason), os.fspath(path), reason)


# --- saving ----------------------------------------------------------------------------


def check_weights_savable(net: Network) -> None:
    """ValueError unless the network is within the designer's limits and every weight is
    finite and within ``MAX_ABS_WEIGHT`` (a file that load_model would refuse is never
    written)."""
    if len(net.layer_sizes) > MAX_LAYERS + 1 or max(net.layer_sizes) > MAX_LAYER_SIZE:
        raise ValueError(
            f"Only networks of at most {MAX_LAYERS} weight layers of at most {MAX_LAYER_SIZE} "
            "nodes can be saved (the designer's limits)."
        )
    for array in (*net.weights, *net.biases):
        if not np.all(np.isfinite(array)) or np.any(np.abs(array) > MAX_ABS_WEIGHT):
            raise ValueError(
                f"The network's weights include inf, nan or values beyond ±{MAX_ABS_WEIGHT:,.0f}, "
                "so a saved copy could not be opened again."
            )


def write_model_file(net: Network, path: Path, metadata: dict[str, Any]) -> Path:
    """Write ``net`` and ``metadata`` (plain JSON values) to ``path``, atomically."""
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "layer_sizes": list(net.layer_sizes),
        "activations": list(net.activations),
        "loss": net.loss_name,
        "dtype": net.dtype.name,
        "metadata": metadata,
    }
    try:
        meta_json = json.dumps(meta, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"Model metadata must be plain JSON values: {exc}") from None
    try:  # what the loader would refuse (depth, huge numbers, length) is never written
        parse_json(meta_json, MAX_META_CHARS)
    except FileRefusedError as exc:
        raise ValueError(f"Model metadata must be plain JSON values: {exc.reason}.") from None
    check_weights_savable(net)
    arrays: dict[str, np.ndarray] = {"meta": np.array(meta_json)}
    for layer, (W, b) in enumerate(zip(net.weights, net.biases, strict=True), start=1):
        arrays[f"W{layer}"] = np.array(W)
        arrays[f"b{layer}"] = np.array(b)

    def write(f: IO[bytes]) -> None:
        np.savez(f, **arrays)  # type: ignore[arg-type]

    return write_atomically(path, write)


# --- loading ---------------------------------------------------------------------------


def _parse_npy(data: bytearray, name: str) -> np.ndarray:
    """One .npy member: header checked (no objects, size matches) before the data is used;
    the array is a view of ``data``, not a copy."""
    f = io.BytesIO(data[: _NPY_HEADER_BYTES + 16])  # the header only
    try:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise FileRefusedError(f"the array {name} uses an unknown .npy version {version}")
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        raise FileRefusedError(f"the array {name} has a damaged header") from None
    if dtype.hasobject:
        raise FileRefusedError(f"the array {name} holds Python objects; a model holds only numbers")
    count = math.prod(shape)
    held = len(data) - f.tell()
    if count * dtype.itemsize > held:
        raise FileRefusedError(
            f"the array {name} claims {count} values but holds only {held} bytes (truncated)"
        )
    if count * dtype.itemsize < held:
        raise FileRefusedError(f"the array {name} has extra bytes after its values")
    array = np.frombuffer(data, dtype=dtype, count=count, offset=f.tell())
    return array.reshape(shape, order="F" if fortran else "C")


def first_layer_number(version: int) -> int:
    """The number of the first layer's arrays in a file of this format ``version``:
    ``W1``/``b1`` since version 2, ``W0``/``b0`` in version 1 files."""
    return 0 if version == 1 else 1


def _parse_meta(raw: np.ndarray) -> dict[str, Any]:
    if raw.shape != () or raw.dtype.kind != "U":
        raise FileRefusedError("its description ('meta') is not a single text value")
    text = str(raw[()])
    del raw  # the member's buffer (4 bytes a character) goes before the JSON is parsed
    meta = parse_json(text, MAX_META_CHARS)
    if not isinstance(meta, dict):
        raise FileRefusedError("its description ('meta') is not a JSON object")
    if meta.get("format") != FORMAT_NAME:
        raise FileRefusedError(
            f"it is not a {FORMAT_NAME} file (format {quoted(meta.get('format'))})"
        )
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileRefusedError("it has no valid format version")
    if version > FORMAT_VERSION:
        raise FileRefusedError(
            f"it has format version {quoted(version)}, newer than the version "
            f"{FORMAT_VERSION} this program reads (please update Neuron Lab)"
        )
    if "metadata" in meta and not isinstance(meta["metadata"], dict):
        raise FileRefusedError("its metadata is not a JSON object")
    return meta


def _check_architecture(meta: dict[str, Any]) -> tuple[list[int], list[str], str, str]:
    sizes = meta.get("layer_sizes")
    if (
        not isinstance(sizes, list)
        or not 2 <= len(sizes) <= MAX_LAYERS + 1
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes)
        or not all(1 <= n <= MAX_LAYER_SIZE for n in sizes)
    ):
        raise FileRefusedError(
            f"its layer_sizes must be 2 to {MAX_LAYERS + 1} whole numbers from 1 to "
            f"{MAX_LAYER_SIZE}"
        )
    acts = meta.get("activations")
    if not isinstance(acts, list) or len(acts) != len(sizes) - 1:
        raise FileRefusedError("it must name one activation per weight layer")
    loss = meta.get("loss")
    if not isinstance(loss, str) or not all(isinstance(name, str) for name in acts):
        raise FileRefusedError("it must name its activations and its loss")
    try:  # the rules every network follows (known names, softmax only as an output)
        check_architecture(sizes, acts, loss)
    except ValueError as exc:
        raise FileRefusedError(f"its layers are not allowed: {str(exc).rstrip('.')}") from None
    dtype = meta.get("dtype", "float64")
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise FileRefusedError(f"its number type {quoted(dtype)} is not float64 or float32")
    return sizes, acts, loss, dtype


def _checked_params(array: np.ndarray, name: str, shape: tuple[int, ...], dtype: str) -> Any:
    if array.dtype.kind != "f":
        raise FileRefusedError(
            f"the array {name} must hold floating-point numbers, not {array.dtype}"
        )
    if array.shape != shape:
        raise FileRefusedError(
            f"the array {name} has shape {array.shape} but its layer sizes need {shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        cast = array.astype(dtype)  # first cast (1e300 -> inf as float32), then check
    if not np.all(np.isfinite(cast)):
        raise FileRefusedError(f"the array {name} contains inf or nan values (as {dtype})")
    if np.any(np.abs(cast) > MAX_ABS_WEIGHT):
        raise FileRefusedError(f"the array {name} holds values beyond ±{MAX_ABS_WEIGHT:,.0f}")
    return cast


def read_model_file(path: str | os.PathLike[str]) -> tuple[Network, dict[str, Any], set[str]]:
    """``(network, meta, stored number types)``; FileRefusedError or zip/OS errors on failure.

    The building block of ``load_model`` and ``load_trained``, which turn failures into
    ``ModelFormatError``; the number types let ``load_trained`` require that they match.
    """
    f, size = open_regular(path, MAX_FILE_BYTES)
    with f:
        return read_model_archive(f, size)


def read_model_archive(f: IO[bytes], size: int) -> tuple[Network, dict[str, Any], set[str]]:
    """``read_model_file`` from an open binary file of ``size`` bytes that is already known to
    be a regular file (a session file's model member: engine/session_file.py)."""
    if size > MAX_FILE_BYTES:
        raise FileRefusedError("its model is larger than any model this program saves")
    with open_zip(f, size) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if len(names) != len(set(names)):
            raise FileRefusedError("it contains duplicate entries")
        if not all(name.endswith(".npy") for name in names):
            raise FileRefusedError("it contains entries that are not arrays")
        members = {info.filename[:-4]: info for info in infos}
        if "meta" not in members:
            raise FileRefusedError("it has no description ('meta')")
        meta_cap = _NPY_HEADER_BYTES + 4 * MAX_META_CHARS
        meta = _parse_meta(_parse_npy(read_member(archive, members["meta"], meta_cap), "meta"))
        sizes, acts, loss, dtype = _check_architecture(meta)
        first = first_layer_number(meta["version"])
        numbers = range(first, first + len(sizes) - 1)
        expected = {"meta"} | {f"{k}{i}" for k in "Wb" for i in numbers}
        if set(members) != expected:
            missing = ", ".join(sorted(expected - set(members)))
            extra = ", ".join(quoted(n) for n in sorted(set(members) - expected)[:3])
            parts = [
                f"missing {missing}" if missing else "",
                f"unexpected {extra}" if extra else "",
            ]
            raise FileRefusedError(
                f"its arrays do not match its layers ({'; '.join(filter(None, parts))})"
            )
        params: dict[str, list[Any]] = {"W": [], "b": []}
        stored: set[str] = set()
        for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=first):
            for kind, shape in (("W", (n_in, n_out)), ("b", (n_out,))):
                name = f"{kind}{i}"
                cap = _NPY_HEADER_BYTES + math.prod(shape) * _MAX_ITEMSIZE
                array = _parse_npy(read_member(archive, members[name], cap), name)
                params[kind].append(_checked_params(array, name, shape, dtype))
                stored.add(array.dtype.newbyteorder("=").name)
    snapshot = NetworkSnapshot(
        tuple(sizes), tuple(acts), loss, tuple(params["W"]), tuple(params["b"])
    )
    net = Network.from_snapshot(snapshot)
    net.metadata = dict(meta.get("metadata", {}))
    return net, meta, stored


def refusal(path: str | os.PathLike[str], exc: BaseException) -> ModelFormatError:
    """The ModelFormatError for any failure while reading ``path`` (one sentence)."""
    if isinstance(exc, ModelFormatError):
        return exc
    if isinstance(exc, FileRefusedError):
        reason = exc.reason
    elif isinstance(exc, OSError):
        reason = f"it could not be read ({exc.strerror or type(exc).__name__})"
    elif isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile | EOFError):
        reason = "it is not a valid zip archive (.npz): not a model, or a damaged one"
    else:
        reason = f"it is damaged and cannot be read as a model ({type(exc).__name__})"
    return ModelFormatError.about(path, reason)
