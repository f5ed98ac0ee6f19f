"""The hardened reader: regular files only, sizes before reading, JSON and number limits."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from engine.safe_files import (
    FileRefusedError,
    open_regular,
    open_zip,
    parse_json,
    quoted,
    read_member,
    read_regular,
    real_number,
    sentence,
    whole_number,
)


def test_regular_files_are_read_and_size_is_checked_first(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    with pytest.raises(FileRefusedError, match="100 bytes, more than the 99 bytes"):
        read_regular(path, 99)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing", 10)
    with pytest.raises(FileRefusedError, match="folder"):
        open_regular(tmp_path, 10)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
def test_fifos_and_devices_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.npz"
    os.mkfifo(fifo)
    link = tmp_path / "zero.npz"
    link.symlink_to("/dev/zero")
    for path in (fifo, link):
        with pytest.raises(FileRefusedError, match="not a regular file"):
            read_regular(path, 1 << 20)


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_zip_members_are_counted_and_read_within_their_caps() -> None:
    buffer = zip_of({"a.npy": b"a" * 1000, "b.npy": b"b"})
    size = len(buffer.getvalue())
    with open_zip(buffer, size) as archive:
        info = archive.getinfo("a.npy")
        assert read_member(archive, info, 1000) == b"a" * 1000
        with pytest.raises(FileRefusedError, match="declares 1000 bytes"):
            read_member(archive, info, 999)
    three = zip_of({"a": b"", "b": b"", "c": b""})
    with pytest.raises(FileRefusedError, match="3 entries, more than the 2 allowed"):
        open_zip(three, len(three.getvalue()), max_members=2)


def test_other_compression_and_non_zips_are_refused() -> None:
    buffer = zip_of({"a.npy": b"a" * 100}, zipfile.ZIP_LZMA)
    with pytest.raises(FileRefusedError, match="compression"):
        open_zip(buffer, len(buffer.getvalue()))
    with pytest.raises(FileRefusedError, match="not a valid zip archive"):
        open_zip(io.BytesIO(b"hello" * 100), 500)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "too many lists"),
        ("[" * 5_000 + "]" * 5_000, "too deeply"),
        ("[{}" + ", {}" * 20_000 + "]", "too many lists"),
        ("[" * 17 + "]" * 17, "too deeply"),
        ('{"a": NaN}', "NaN"),
        ('{"a": -Infinity}', "Infinity"),
        ("1" * 400, "too large"),
        ("[1, " + "9" * 5000 + "]", "not valid JSON"),
        ("1e400", "too large"),
        ("{not json", "not valid JSON"),
        ("x" * 101, "longer than the 100"),
    ],
)
def test_json_limits(text: str, reason: str) -> None:
    with pytest.raises(FileRefusedError, match=reason):
        parse_json(text, 100 if reason.startswith("longer") else 10**6)


def test_json_within_limits() -> None:
    assert parse_json('{"a": [1, 2.5, "x", null, true]}', 100) == {"a": [1, 2.5, "x", None, True]}
    assert parse_json("1" * 300, 1000) == int("1" * 300)  # within float's range
    assert parse_json("[" * 16 + "]" * 16, 100) is not None


def test_number_range_checks_never_overflow() -> None:
    assert real_number(10**400, 0, 1e308) is None and real_number(3, 0, 5) == 3.0
    assert real_number(float("nan"), 0, 1) is None and real_number(True, 0, 1) is None
    assert real_number(10**400, 0, float("inf")) is None
    assert whole_number(10**400, 0, 10**9) is None and whole_number(7, 0, 9) == 7
    assert whole_number(True, 0, 1) is None and whole_number(1.0, 0, 1) is None


def test_messages_are_one_line_and_short() -> None:
    assert sentence("/a\nb.npz", "it is a folder") == "Cannot open /a?b.npz: it is a folder."
    assert len(quoted("<b>" * 1000)) == 40 and quoted(10**5000) == "a huge number"
    assert quoted([1]) == "a list"
