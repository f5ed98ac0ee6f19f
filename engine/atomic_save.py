"""Write a file so that a crash never leaves half of it, and clean up after crashes that did.

The data goes to a hidden temporary file in the same folder (``.model-XXXXXXXX.npz.tmp``),
is flushed to disk, and is renamed over the target in one step: the old file stays intact
until the new one is complete. A SIGKILL or power cut between those steps leaves the
temporary file behind, so every save first removes *our* leftovers in that folder: names of
exactly our pattern that are regular files, older than ``STALE_SECONDS`` and not locked by a
save that is still running (each save holds an exclusive ``flock`` on its temporary file while
it writes; the age test covers the instant between creating the file and locking it, and
systems without ``flock``).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no flock; the age test alone protects a running save
    fcntl = None  # type: ignore[assignment]

#: A leftover must be at least this old before it is removed (a running save is never older
#: than a few seconds at the size of our models, and it holds a lock anyway).
STALE_SECONDS = 60.0
TEMP_PREFIX = ".model-"
TEMP_SUFFIX = ".npz.tmp"
#: tempfile.mkstemp's names: the prefix, 8 characters of [a-z0-9_], the suffix.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), since
    ``os.umask`` can only be read by setting it, which races with other threads."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii", errors="replace") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _try_lock(fd: int) -> bool:
    """True if no other save holds the file (or the system has no flock)."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_stale_temps(directory: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files crashed saves left in ``directory``; returns them.

    Best effort: a file that cannot be checked or removed is left alone, never an error.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        names = [e.name for e in os.scandir(directory) if _TEMP_NAME.fullmatch(e.name)]
    except OSError:
        return removed
    for name in names:
        path = directory / name
        try:
            info = os.lstat(path)  # never follow a link: only our own regular files go
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_SECONDS:
                continue
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            # The inode must still be the one we locked: a save that just finished renamed
            # its temporary file to the user's model, and that must never be deleted.
            if _try_lock(fd) and os.fstat(fd).st_ino == os.lstat(path).st_ino:
                path.unlink()
                removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it to ``path``.

    The file gets the mode a plain ``open()`` would give (0666 less the umask; ``mkstemp``
    alone would give 0600). On failure the temporary file is removed and OSError names
    ``path``, never the temporary name; other exceptions from ``write`` pass through.
    """
    directory = path.parent if str(path.parent) else Path(".")
    remove_stale_temps(directory)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise OSError(f"Could not save {path}: {exc.strerror or exc}.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            _try_lock(f.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), 0o666 & ~current_umask())
            write(f)
            f.flush()
            os.fsync(f.fileno())
        # Closed (Windows cannot rename an open file); its fresh mtime keeps cleaners away.
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(f"Could not save {path}: {exc.strerror or type(exc).__name__}.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
