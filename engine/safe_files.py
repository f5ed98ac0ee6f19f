"""One careful way to read the files the app opens (models, settings values, class lists).

Files reach a classroom from USB sticks and e-mail, and a file can hurt without being a virus:
a FIFO named ``x.npz`` makes ``open()`` wait forever, a symlink to ``/dev/zero`` never ends, a
100 KB zip can declare gigabytes, ``[[[[...]]]]`` makes a parser recurse until it dies, and a
400-digit number makes ``float()`` raise ``OverflowError``. Every check here runs *before*
the expensive step it protects, and every refusal is one ``FileRefusedError(reason)`` whose
reason is a clause ("it is a folder, not a file") that the caller joins to the user's path
with ``sentence(path, reason)``. NumPy-free and Qt-free: the standard library only.
"""

from __future__ import annotations

import json
import math
import os
import stat
import struct
import zipfile
from typing import IO, Any

#: Zip members that a model or settings file could ever need; more is not our file.
MAX_ZIP_MEMBERS = 64
#: Bytes of zip central directory (~80 bytes per member): ``zipfile`` builds one object per
#: record it finds there, whatever the member count claims, so this bounds its memory.
MAX_ZIP_DIRECTORY_BYTES = 64 * 1024
#: How much JSON nesting any of our files uses (a design is 3 deep).
MAX_JSON_DEPTH = 16
#: Lists and objects in one JSON text: each costs ~60 bytes before it holds anything, so 2 MB
#: of ``[{}, {}, ...]`` would cost 60 MB. A model's 10,000-epoch history needs 10,000.
MAX_JSON_CONTAINERS = 20_000
_READ_CHUNK = 1 << 20


class FileRefusedError(Exception):
    """A file (or part of one) that will not be read; ``reason`` says why, as a clause."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as the user chose it, on one line (control characters shown as '?')."""
    text = os.fspath(path)
    return "".join("?" if ord(c) < 32 or ord(c) == 127 else c for c in text)


def sentence(path: str | os.PathLike[str], reason: str) -> str:
    """One sentence naming the user's file: ``Cannot open /x/net.npz: <reason>.``"""
    return f"Cannot open {shown_path(path)}: {reason.rstrip('.')}."


def quoted(value: Any, limit: int = 40) -> str:
    """A short, one-line repr of a value taken from a file (never the whole 10 MB string)."""
    if isinstance(value, str | int | float | bool | None):
        text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def size_text(n: int) -> str:
    """Bytes in words: ``'3.2 MB'``."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


# --- opening ---------------------------------------------------------------------------


def open_regular(path: str | os.PathLike[str], max_bytes: int) -> tuple[IO[bytes], int]:
    """``(binary file, size)`` for a regular file of at most ``max_bytes``.

    ``O_NONBLOCK`` makes opening a FIFO return at once (a plain open would wait for a writer);
    ``fstat`` on the opened descriptor then says what it really is, following symlinks, so a
    link to ``/dev/zero`` is refused as a device. FileNotFoundError passes through; any other
    OSError becomes FileRefusedError.
    """
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, name, 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise FileRefusedError("it is a folder, not a file") from None
    except OSError as exc:
        raise FileRefusedError(
            f"it could not be read ({exc.strerror or type(exc).__name__})"
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefusedError("it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError("it is not a regular file (it is a pipe, device or socket)")
        if info.st_size > max_bytes:
            raise FileRefusedError(
                f"it is {size_text(info.st_size)}, more than the {size_text(max_bytes)} "
                "this program accepts"
            )
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The whole content of a regular file of at most ``max_bytes`` (checked before reading)."""
    f, _size = open_regular(path, max_bytes)
    with f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew between fstat and read
        raise FileRefusedError(f"it is more than the {size_text(max_bytes)} this program accepts")
    return data


# --- zip archives ----------------------------------------------------------------------


def _end_records(f: IO[bytes], size: int) -> list[tuple[int, int]]:
    """``(entries, directory bytes)`` claimed by the end-of-directory records, found where
    ``zipfile`` looks for them (the last 22 bytes, else the last 64 KB; then Zip64)."""
    eocd = b"PK\x05\x06"
    if size < 22:
        raise FileRefusedError("it is not a valid zip archive (.npz): it is too short")
    f.seek(size - 22)
    data = f.read(22)
    if data[:4] == eocd and data[-2:] == b"\0\0":
        start = size - 22
    else:
        first = max(size - (1 << 16) - 22, 0)
        f.seek(first)
        data = f.read(size - first)
        found = data.rfind(eocd)
        if found < 0 or len(data) - found < 22:
            raise FileRefusedError(
                "it is not a valid zip archive (.npz): it has no directory at its end"
            )
        start = first + found
        data = data[found : found + 22]
    fields = struct.unpack("<4sHHHHIIH", data)
    records = [(max(fields[3], fields[4]), fields[5])]
    if start >= 20 + 56:  # a Zip64 locator and record just before, as zipfile assumes
        f.seek(start - 20 - 56)
        data = f.read(76)
        if data[56:60] == b"PK\x06\x07" and data[:4] == b"PK\x06\x06":
            z = struct.unpack("<4sQHHIIQQQQ", data[:56])
            records.append((max(z[6], z[7]), z[8]))
    return records


def open_zip(f: IO[bytes], size: int, max_members: int = MAX_ZIP_MEMBERS) -> zipfile.ZipFile:
    """A ``ZipFile`` over ``f`` after checking, from the end records, that it is small.

    A 10 MB zip of 100,000 empty members costs ``zipfile`` hundreds of MB of ``ZipInfo``
    objects, so the member count and directory size are read first, by hand. Encrypted
    members and compression other than stored or deflate are refused too.
    """
    records = _end_records(f, size)
    entries = max(n for n, _ in records)
    directory = max(d for _, d in records)
    if entries > max_members:
        raise FileRefusedError(f"it holds {entries} entries, more than the {max_members} allowed")
    if directory > MAX_ZIP_DIRECTORY_BYTES:
        raise FileRefusedError(f"its zip directory is {size_text(directory)}, far too large")
    f.seek(0)
    archive = zipfile.ZipFile(f)
    infos = archive.infolist()
    if len(infos) > max_members:
        archive.close()
        raise FileRefusedError(
            f"it holds {len(infos)} entries, more than the {max_members} allowed"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            archive.close()
            raise FileRefusedError(f"its entry {quoted(info.filename)} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            archive.close()
            raise FileRefusedError(
                f"its entry {quoted(info.filename)} uses a compression this program does not read"
            )
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytearray:
    """The bytes of one member: its declared size is checked first, then it is decompressed
    in chunks into one buffer of that size, stopping as soon as it gives more than declared
    (a deflate bomb is stopped after one chunk, never inflated whole)."""
    name = quoted(info.filename)
    if info.file_size > max_bytes:
        raise FileRefusedError(
            f"its entry {name} declares {size_text(info.file_size)}, more than the "
            f"{size_text(max_bytes)} it may hold"
        )
    out = bytearray(info.file_size)  # one buffer: no copies of a member of several MB
    filled = 0
    with archive.open(info) as member:
        while chunk := member.read(min(_READ_CHUNK, info.file_size + 1 - filled)):
            if filled + len(chunk) > info.file_size:
                raise FileRefusedError(f"its entry {name} holds more than it declares")
            out[filled : filled + len(chunk)] = chunk
            filled += len(chunk)
    if filled != info.file_size:
        raise FileRefusedError(f"its entry {name} is truncated")
    return out


# --- JSON and numbers ------------------------------------------------------------------


def _refuse_constant(text: str) -> Any:
    raise FileRefusedError(f"it holds {text}, which is not a number this program accepts")


_CONTAINERS = frozenset((list, dict))
_NUMBERS = frozenset((int, float))  # not bool: type(True) is bool


def _check_tree(value: Any, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` and numbers ``float()`` cannot hold ('1e400'
    parses as inf, a 400-digit integer overflows), walking iteratively so nothing recurses.

    ``json.loads`` gives exact built-in types, so each list is checked with C-speed passes
    (``set(map(type, ...))``, ``map(math.isfinite, ...)``) instead of a Python loop per item:
    a 1.5 MB list of numbers is checked in milliseconds.
    """
    stack: list[tuple[Any, int]] = [([value], 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise FileRefusedError("its text nests lists or objects too deeply")
        children = list(item.values()) if type(item) is dict else item
        kinds = set(map(type, children))
        if kinds & _CONTAINERS:
            stack.extend((c, depth + 1) for c in children if type(c) in _CONTAINERS)
        if kinds & _NUMBERS:
            try:
                numbers = (
                    children if kinds <= _NUMBERS else [c for c in children if type(c) in _NUMBERS]
                )
                finite = all(map(math.isfinite, numbers))
            except OverflowError:  # an int beyond the float range
                finite = False
            if not finite:
                raise FileRefusedError("it holds a number too large to represent")


def parse_json(text: str | bytes, max_chars: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON with limits: at most ``max_chars``, ``MAX_JSON_CONTAINERS`` lists and objects,
    ``max_depth`` levels, no NaN/Infinity, no number that ``float()`` cannot hold (so none can
    raise OverflowError later). FileRefusedError otherwise."""
    if len(text) > max_chars:
        raise FileRefusedError(f"its text is longer than the {max_chars} characters allowed")
    # Brackets inside strings count too, which errs on the side of caution.
    if isinstance(text, str):
        containers = text.count("[") + text.count("{")
    else:
        containers = text.count(b"[") + text.count(b"{")
    if containers > MAX_JSON_CONTAINERS:
        raise FileRefusedError("its text holds too many lists or objects")
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise FileRefusedError("its text nests lists or objects too deeply") from None
    except (ValueError, TypeError):  # JSONDecodeError, bad UTF-8, over 4300 digits
        raise FileRefusedError("its text is not valid JSON") from None
    _check_tree(value, max_depth)
    return value


def whole_number(value: Any, low: int, high: int) -> int | None:
    """``value`` if it is an int (not a bool) in ``[low, high]``, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def real_number(value: Any, low: float, high: float) -> float | None:
    """``float(value)`` if it is a finite int or float (not a bool) in ``[low, high]``.

    The range is checked before ``float()`` (Python compares a huge int with a float exactly),
    so a 400-digit integer gives None instead of OverflowError.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not low <= value <= high:
        return None
    try:
        return float(value)
    except OverflowError:  # an int beyond float's range when ``high`` is inf
        return None
