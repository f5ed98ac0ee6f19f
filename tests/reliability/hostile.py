"""Hostile model files, generated: each builder writes one into a folder and returns its path.

Every file here must be refused by ``engine.load_model`` and ``engine.load_trained`` with one
``ModelFormatError`` naming it. The bombs are built cheaply: sizes are declared by patching
zip headers, and the 100,000-member archive is written as raw bytes, not through zipfile.
"""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import engine
from engine import Design, HiddenLayer
from engine.model_file import FORMAT_VERSION

DESIGN = Design(hidden=(HiddenLayer(16, "relu"),), epochs=3)
HISTORY = [(1, 1.5, 1.6, 0.4, 0.35), (2, 0.9, 1.0, 0.7, 0.65)]


def save_real(path: Path) -> Path:
    """A genuine trained-model file (64-16-10, relu, softmax, cross-entropy)."""
    net = engine.build_network(DESIGN)
    return engine.save_trained(
        path, net, DESIGN, epochs_trained=2, history=HISTORY, test_accuracy=0.65
    )


def _members(real: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    with np.load(real, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays.pop("meta")))
    return meta, arrays


def rewrite(
    folder: Path,
    name: str,
    edit: Callable[[dict[str, Any], dict[str, np.ndarray]], Any] | None = None,
    meta_text: Callable[[str], str] | None = None,
) -> Path:
    """A copy of the real model with its description and arrays edited."""
    meta, arrays = _members(save_real(folder / f".real-{name}.npz"))
    if edit is not None:
        edit(meta, arrays)
    text = json.dumps(meta)
    if meta_text is not None:
        text = meta_text(text)
    path = folder / name
    np.savez(path, meta=np.array(text), **arrays)
    return path


def _patch_sizes(data: bytearray, size: int) -> None:
    """Set every local and central header's uncompressed size (files without zip64)."""
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + offset : at + offset + 4] = struct.pack("<I", size)
            start = at + 4


def declared_bomb(folder: Path) -> Path:
    """A tiny archive whose 'meta.npy' declares almost 4 GB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meta.npy", b"\0" * 1000)
    data = bytearray(buffer.getvalue())
    _patch_sizes(data, 0xFFFFFFF0)
    path = folder / "declared-bomb.npz"
    path.write_bytes(bytes(data))
    return path


@functools.cache
def _deflated_zeros(megabytes: int) -> tuple[bytes, int, int]:
    """(deflated stream, crc, size) of ``megabytes`` MB of zeros, built 1 MB at a time."""
    block = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc = [], 0
    for _ in range(megabytes):
        parts.append(deflate.compress(block))
        crc = zlib.crc32(block, crc)
    parts.append(deflate.flush())
    return b"".join(parts), crc, megabytes << 20


def _raw_zip(entries: list[tuple[bytes, bytes, int, int, int]]) -> bytes:
    """A zip from (name, stored bytes, method, crc, declared size), zip64 end if needed."""
    body, directory = bytearray(), bytearray()
    for name, payload, method, crc, size in entries:
        offset = len(body)
        body += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(payload), size,
            len(name), 0,
        )  # fmt: skip
        body += name + payload
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(payload),
            size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        directory += name
    n, cd_offset = len(entries), len(body)
    end = bytearray()
    if n > 0xFFFF:
        end += struct.pack(
            "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, len(directory), cd_offset
        )
        end += struct.pack("<4sIQI", b"PK\x06\x07", 0, cd_offset + len(directory), 1)
    count = min(n, 0xFFFF)
    end += struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), cd_offset, 0
    )
    return bytes(body + directory + end)


def ratio_bomb(folder: Path) -> Path:
    """An honest 32 MB 'meta.npy' of zeros (4x the cap), deflated to 32 KB (ratio ~1000:1)."""
    stream, crc, size = _deflated_zeros(32)
    path = folder / "ratio-bomb.npz"
    path.write_bytes(_raw_zip([(b"meta.npy", stream, 8, crc, size)]))
    return path


def lying_ratio_bomb(folder: Path) -> Path:
    """The same deflate stream, declaring only 4 KB: inflating it must stop at 4 KB."""
    stream, crc, _size = _deflated_zeros(32)
    path = folder / "lying-ratio-bomb.npz"
    path.write_bytes(_raw_zip([(b"meta.npy", stream, 8, crc, 4096)]))
    return path


def many_members(folder: Path, count: int = 100_000) -> Path:
    """100,000 empty members (about 9 MB), as raw bytes: zipfile would take seconds."""
    empty_crc = zlib.crc32(b"")
    entries = [(f"m{i}.npy".encode(), b"", 0, empty_crc, 0) for i in range(count)]
    path = folder / "many-members.npz"
    path.write_bytes(_raw_zip(entries))
    return path


def _fill_meta(item: Any, width: int) -> Callable[..., None]:
    """Metadata filled with ``item`` up to the description's limit (1.5M characters)."""

    def edit(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        meta["metadata"]["x"] = [item] * ((1_490_000 - len(json.dumps(meta))) // width)

    return edit


def _special(folder: Path, name: str, make: Callable[[Path], None]) -> Path:
    path = folder / name
    make(path)
    return path


def _set(key: str, value: Any) -> Callable[[dict[str, Any], dict[str, np.ndarray]], None]:
    def edit(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        target: Any = meta
        *parents, last = key.split(".")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return edit


def _array(name: str, make: Callable[[np.ndarray], np.ndarray]) -> Callable[..., None]:
    def edit(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        arrays[name] = make(arrays[name])

    return edit


def _poke(value: float, dtype: Any) -> Callable[[np.ndarray], np.ndarray]:
    def make(a: np.ndarray) -> np.ndarray:
        out = a.astype(dtype)
        out.flat[3] = value
        return out

    return make


def _float32_meta_with(value: float) -> Callable[..., None]:
    def edit(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        meta["dtype"] = "float32"
        arrays["W1"] = _poke(value, np.float64)(arrays["W1"])

    return edit


def _pickle(folder: Path, name: str, key: str) -> Path:
    meta, arrays = _members(save_real(folder / f".real-{name}.npz"))
    arrays["meta"] = np.array(json.dumps(meta))
    arrays[key] = np.array([{"x": 1}], dtype=object)
    path = folder / name
    np.savez(path, **arrays)  # savez pickles object arrays; loading must not
    return path


def _cut(folder: Path, name: str, cut: Callable[[bytes], bytes]) -> Path:
    data = save_real(folder / f".real-{name}.npz").read_bytes()
    path = folder / name
    path.write_bytes(cut(data))
    return path


HTML = '<img src="/etc/passwd.png" width=4000><b>x</b>'
HUGE = "1" + "0" * 400

BUILDERS: dict[str, Callable[[Path], Path]] = {
    "pickle in meta": lambda d: _pickle(d, "pickle-meta.npz", "meta"),
    "pickle in W1": lambda d: _pickle(d, "pickle-w1.npz", "W1"),
    "fifo": lambda d: _special(d, "fifo.npz", lambda p: os.mkfifo(p)),
    "symlink to /dev/zero": lambda d: _special(d, "zero.npz", lambda p: p.symlink_to("/dev/zero")),
    "directory": lambda d: _special(d, "folder.npz", lambda p: p.mkdir()),
    "empty file": lambda d: _special(d, "empty.npz", lambda p: p.write_bytes(b"")),
    "html text file": lambda d: _special(d, "page.npz", lambda p: p.write_text(HTML * 50)),
    "zip bomb by declared size": declared_bomb,
    "zip bomb by deflate ratio": ratio_bomb,
    "deflate bomb declaring 4 KB": lying_ratio_bomb,
    "100k members": many_members,
    "truncated to half": lambda d: _cut(d, "half.npz", lambda b: b[: len(b) // 2]),
    "truncated end record": lambda d: _cut(d, "no-end.npz", lambda b: b[:-30]),
    "first 100 bytes": lambda d: _cut(d, "head.npz", lambda b: b[:100]),
    "W1 transposed": lambda d: rewrite(d, "w1-t.npz", _array("W1", lambda a: a.T.copy())),
    "b1 too short": lambda d: rewrite(d, "b1.npz", _array("b1", lambda a: a[:-1].copy())),
    "W2 integers": lambda d: rewrite(d, "int.npz", _array("W2", lambda a: a.astype(np.int64))),
    "100,000 nodes claimed": lambda d: rewrite(d, "wide.npz", _set("layer_sizes", [64, 10**5, 10])),
    "1000 layers claimed": lambda d: rewrite(d, "deep.npz", _set("layer_sizes", [64] * 1000)),
    "nan weight": lambda d: rewrite(d, "nan.npz", _array("W1", _poke(np.nan, np.float64))),
    "inf bias": lambda d: rewrite(d, "inf.npz", _array("b2", _poke(np.inf, np.float64))),
    "weights of 1e200": lambda d: rewrite(d, "1e200.npz", _array("W2", _poke(1e200, np.float64))),
    "float64 1e300 under float32": lambda d: rewrite(d, "cast.npz", _float32_meta_with(1e300)),
    "design says sigmoid, weights relu": lambda d: rewrite(
        d, "act.npz", _set("metadata.design.hidden.0.activation", "sigmoid")
    ),
    "design says mse, weights cross-entropy": lambda d: rewrite(
        d, "loss.npz", _set("metadata.design.loss", "mse")
    ),
    "design says 32 nodes, weights 16": lambda d: rewrite(
        d, "nodes.npz", _set("metadata.design.hidden.0.nodes", 32)
    ),
    "output sigmoid, design softmax": lambda d: rewrite(
        d, "out.npz", _set("activations", ["relu", "sigmoid"])
    ),
    "float64 arrays under float32": lambda d: rewrite(d, "dtype.npz", _set("dtype", "float32")),
    "no design": lambda d: rewrite(d, "nodesign.npz", lambda m, a: m["metadata"].pop("design")),
    "epochs_trained NaN": lambda d: rewrite(
        d,
        "nan-epochs.npz",
        meta_text=lambda t: t.replace('"epochs_trained": 2', '"epochs_trained": NaN'),
    ),
    "epochs_trained HTML": lambda d: rewrite(d, "html.npz", _set("metadata.epochs_trained", HTML)),
    "epochs_trained 1.5": lambda d: rewrite(
        d, "half-epoch.npz", _set("metadata.epochs_trained", 1.5)
    ),
    "epochs_trained -1": lambda d: rewrite(d, "neg.npz", _set("metadata.epochs_trained", -1)),
    "test_accuracy 7": lambda d: rewrite(d, "acc.npz", _set("metadata.test_accuracy", 7)),
    "long HTML note": lambda d: rewrite(d, "note.npz", _set("metadata.note", HTML * 20)),
    "nested note": lambda d: rewrite(d, "nested.npz", _set("metadata.note", {"a": [1]})),
    "history row of text": lambda d: rewrite(d, "hist.npz", _set("metadata.history", [["a"] * 5])),
    "html activation name": lambda d: rewrite(
        d, "act-html.npz", _set("activations", [HTML, "softmax"])
    ),
    "future version": lambda d: rewrite(d, "v3.npz", _set("version", FORMAT_VERSION + 1)),
    "huge version": lambda d: rewrite(
        d,
        "v-huge.npz",
        meta_text=lambda t: t.replace(f'"version": {FORMAT_VERSION}', f'"version": {HUGE}'),
    ),
    "huge learning rate integer": lambda d: rewrite(
        d,
        "lr.npz",
        meta_text=lambda t: t.replace('"learning_rate": 0.001', f'"learning_rate": {HUGE}'),
    ),
    "learning rate 1e400": lambda d: rewrite(
        d,
        "lr-inf.npz",
        meta_text=lambda t: t.replace('"learning_rate": 0.001', '"learning_rate": 1e400'),
    ),
    "huge epochs integer": lambda d: rewrite(d, "ep.npz", _set("metadata.epochs_trained", 10**400)),
    "deep JSON": lambda d: rewrite(
        d,
        "deep-json.npz",
        meta_text=lambda t: t[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ),
    "meta not JSON": lambda d: rewrite(d, "notjson.npz", meta_text=lambda t: t[:-2]),
    "1.5M characters of floats": lambda d: rewrite(d, "floats.npz", _fill_meta(1.5, 5)),
    "370,000 empty objects": lambda d: rewrite(d, "objects.npz", _fill_meta({}, 4)),
    "extra member": lambda d: rewrite(d, "extra.npz", lambda m, a: a.update(extra=np.zeros(2))),
    "missing member": lambda d: rewrite(d, "missing.npz", lambda m, a: a.pop("b2")),
    "old numbering in a new file": lambda d: rewrite(
        d, "w0.npz", lambda m, a: a.update(W0=a.pop("W1"))
    ),
}

if np.finfo(np.longdouble).max > np.longdouble(
    "1e4000"
):  # x86 80-bit long double; not on every platform
    BUILDERS["longdouble 1e4000 under float64"] = lambda d: rewrite(
        d, "ld.npz", _array("W1", _poke(np.longdouble("1e4000"), np.longdouble))
    )
if sys.platform == "win32":  # no FIFOs or /dev/zero there
    del BUILDERS["fifo"], BUILDERS["symlink to /dev/zero"]


def build_all(folder: Path) -> dict[str, Path]:
    """Every hostile file, written into ``folder``."""
    return {name: build(folder) for name, build in BUILDERS.items()}
