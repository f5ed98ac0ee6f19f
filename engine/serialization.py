"""Save and load a trained network as a versioned ``.npz`` file: plain arrays plus JSON.

File layout (a zip of ``.npy`` members, written by ``numpy.savez``):

    W0, W1, ...    float weight matrices, W_l of shape (n_l, n_{l+1})
    b0, b1, ...    float bias vectors, b_l of shape (n_{l+1},)
    meta           a 0-d unicode array holding one JSON object:
                   {"format": "neuron-lab-model", "version": 1, "layer_sizes": [...],
                    "activations": [...], "loss": "...", "dtype": "float64",
                    "metadata": {...anything given to save_model: task, scaling, ...}}

Loading never unpickles (``allow_pickle=False``) and checks everything before building the
network: member names, header shapes and dtypes (before reading any data), version, known
names, that the shapes chain, and that every value is finite. Any problem raises
``ModelFormatError`` with a sentence saying what is wrong.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from engine.architecture import DTYPES, check_architecture
from engine.kernel import parameter_count
from engine.network import Network

FORMAT_NAME = "neuron-lab-model"
FORMAT_VERSION = 1
#: Generous limits, far above anything the designer can build, so a corrupt header cannot make
#: us allocate gigabytes.
MAX_LAYERS = 64
MAX_LAYER_SIZE = 100_000
MAX_PARAMETERS = 20_000_000
MAX_META_CHARS = 1_000_000


class ModelFormatError(ValueError):
    """The file is not a model this program can load; the message says why."""


def save_model(net: Network, path: str | os.PathLike[str], **metadata: Any) -> Path:
    """Write ``net`` to ``path`` (an ``.npz``); ``metadata`` must be JSON-serialisable.

    The file is written to a temporary name and then renamed, so a crash never leaves half a
    model behind. Returns the path written.
    """
    path = Path(path)
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
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Model metadata must be plain JSON values: {exc}") from None
    arrays: dict[str, np.ndarray] = {"meta": np.array(meta_json)}
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        arrays[f"W{i}"] = np.array(W)
        arrays[f"b{i}"] = np.array(b)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=".model-", suffix=".npz.tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def _fail(message: str) -> ModelFormatError:
    return ModelFormatError(message)


def _read_member(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    """Read one .npy member, checking its header before touching the data."""
    with archive.open(name) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise _fail(f"Array {name!r} uses an unknown .npy version {version}.")
        if dtype.hasobject:
            raise _fail(f"Array {name!r} holds Python objects; a model holds only numbers.")
        count = math.prod(shape)
        if count > MAX_PARAMETERS or dtype.itemsize * count > 8 * MAX_PARAMETERS:
            raise _fail(f"Array {name!r} claims {count} values, too many for a model.")
        data = f.read(dtype.itemsize * count + 1)
        if len(data) != dtype.itemsize * count:
            raise _fail(f"Array {name!r} is truncated or has extra bytes.")
        array = np.frombuffer(data, dtype=dtype)
        return array.reshape(shape, order="F" if fortran else "C").copy()


def _parse_meta(raw: np.ndarray) -> dict[str, Any]:
    if raw.shape != () or raw.dtype.kind != "U":
        raise _fail("The model's description ('meta') must be a single text value.")
    text = str(raw[()])
    if len(text) > MAX_META_CHARS:
        raise _fail("The model's description is too long.")
    try:
        meta = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise _fail("The model's description is not valid JSON.") from None
    if not isinstance(meta, dict):
        raise _fail("The model's description must be a JSON object.")
    if meta.get("format") != FORMAT_NAME:
        raise _fail(f"This is not a {FORMAT_NAME} file (format {meta.get('format')!r}).")
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail("The model file has no valid format version.")
    if version > FORMAT_VERSION:
        raise _fail(
            f"The model file has format version {version}; this program reads up to "
            f"version {FORMAT_VERSION}. Please update the program."
        )
    return meta


def _check_architecture(meta: dict[str, Any]) -> tuple[list[int], list[str], str, str]:
    sizes = meta.get("layer_sizes")
    if (
        not isinstance(sizes, list)
        or not 2 <= len(sizes) <= MAX_LAYERS + 1
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes)
        or not all(1 <= n <= MAX_LAYER_SIZE for n in sizes)
    ):
        raise _fail(
            f"layer_sizes must be a list of 2 to {MAX_LAYERS + 1} whole numbers from 1 to "
            f"{MAX_LAYER_SIZE}."
        )
    acts = meta.get("activations")
    if not isinstance(acts, list) or len(acts) != len(sizes) - 1:
        raise _fail("The model must name one activation per weight layer.")
    loss = meta.get("loss")
    if not isinstance(loss, str) or not all(isinstance(name, str) for name in acts):
        raise _fail("The model must name its activations and its loss.")
    try:  # the rules every network follows (known names, softmax only as an output)
        check_architecture(sizes, acts, loss)
    except ValueError as exc:
        raise _fail(f"The model file's layers are not allowed: {exc}") from None
    dtype = meta.get("dtype", "float64")
    if dtype not in DTYPES:
        raise _fail(f"Unknown number type {dtype!r}; models are float64 or float32.")
    if parameter_count(sizes) > MAX_PARAMETERS:
        raise _fail("The model has too many parameters.")
    if "metadata" in meta and not isinstance(meta["metadata"], dict):
        raise _fail("The model's metadata must be a JSON object.")
    return sizes, acts, loss, dtype


def _check_members(members: set[str], n_layers: int) -> None:
    """The archive holds exactly meta, W0..W{n-1} and b0..b{n-1}."""
    expected = {"meta"} | {f"W{i}" for i in range(n_layers)} | {f"b{i}" for i in range(n_layers)}
    if members != expected:
        missing = sorted(expected - members)
        extra = sorted(members - expected)
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected {', '.join(extra)}")
        raise _fail(f"The model file's arrays do not match its layers ({'; '.join(parts)}).")


def _load(path: Path) -> Network:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            raise _fail("The model file contains duplicate entries.")
        members = {n[:-4]: n for n in names if n.endswith(".npy")}
        if len(members) != len(names):
            raise _fail("The model file contains entries that are not arrays.")
        if "meta" not in members:
            raise _fail("The model file has no description ('meta').")
        meta = _parse_meta(_read_member(archive, members["meta"]))
        sizes, acts, loss, dtype = _check_architecture(meta)
        n_layers = len(sizes) - 1
        _check_members(set(members), n_layers)
        net = Network(sizes, acts, loss, dtype=dtype)
        for kind, params in (("W", net.weights), ("b", net.biases)):
            for i in range(n_layers):
                name = f"{kind}{i}"
                array = _read_member(archive, members[name])
                if array.dtype.kind != "f":
                    raise _fail(
                        f"Array {name} must hold floating-point numbers, not {array.dtype}."
                    )
                if array.shape != params[i].shape:
                    raise _fail(
                        f"Array {name} has shape {array.shape} but the layer sizes {sizes} "
                        f"need {params[i].shape}."
                    )
                if not np.all(np.isfinite(array)):
                    raise _fail(f"Array {name} contains inf or nan values.")
                params[i] = array
        net.metadata = dict(meta.get("metadata", {}))
        return net


def load_model(path: str | os.PathLike[str]) -> Network:
    """Load a network saved by ``save_model``; ``net.metadata`` holds what was saved with it.

    Raises ``ModelFormatError`` (a ValueError) with a clear message for anything that is not a
    valid model file, and FileNotFoundError if there is no file at all.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No model file at {path}.")
    try:
        return _load(path)
    except ModelFormatError:
        raise
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ModelFormatError(f"{path.name} could not be read ({reason}).") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise ModelFormatError(
            f"{path.name} is not a model file (not a valid .npz archive)."
        ) from None
    except Exception as exc:  # any other parse failure of a corrupt file
        raise ModelFormatError(
            f"{path.name} is damaged and cannot be read as a model ({type(exc).__name__})."
        ) from None
