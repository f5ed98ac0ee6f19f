"""Saving: the old file survives an exception or a SIGKILL mid-save, leftovers of crashed saves
are removed by the next save (never a save still running), modes follow the umask, and
messages name the user's path, never the temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import atomic_save
from engine.atomic_save import STALE_SECONDS, remove_stale_temps
from tests.reliability.hostile import DESIGN, save_real

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, flock and SIGKILL")


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".model-*.npz.tmp"))


def age(path: Path, seconds: float = 2 * STALE_SECONDS) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@posix_only
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_file_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        path = save_real(tmp_path / "net.npz")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


def test_an_exception_mid_save_keeps_the_old_file(tmp_path, monkeypatch) -> None:
    path = save_real(tmp_path / "net.npz")
    before = path.read_bytes()

    def failing_savez(f, **arrays):
        f.write(b"PK\x03\x04 half a model")
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        save_real(path)
    assert path.read_bytes() == before
    assert temps(tmp_path) == []


def test_an_os_error_names_the_users_path_not_the_temporary_file(tmp_path, monkeypatch) -> None:
    def full_disk(f, **arrays):
        raise OSError(28, "No space left on device", f.name)

    monkeypatch.setattr(np, "savez", full_disk)
    path = tmp_path / "net.npz"
    with pytest.raises(OSError) as caught:
        save_real(path)
    assert str(caught.value) == f"Could not save {path}: No space left on device."
    assert temps(tmp_path) == []
    with pytest.raises(OSError, match=f"Could not save {tmp_path / 'nowhere' / 'net.npz'}"):
        monkeypatch.undo()
        save_real(tmp_path / "nowhere" / "net.npz")


def test_weights_that_could_not_be_opened_again_are_not_saved(tmp_path: Path) -> None:
    net = engine.build_network(DESIGN)
    net.weights[0][0, 0] = np.inf
    with pytest.raises(ValueError, match="could not be opened again"):
        engine.save_trained(tmp_path / "net.npz", net, DESIGN, epochs_trained=1)
    assert list(tmp_path.iterdir()) == []


def test_save_trained_refuses_a_design_that_does_not_describe_the_network(tmp_path) -> None:
    net = engine.build_network(DESIGN)
    other = engine.Design(hidden=(engine.HiddenLayer(16, "tanh"),))
    with pytest.raises(ValueError, match="hidden layer 1"):
        engine.save_trained(tmp_path / "net.npz", net, other, epochs_trained=1)
    with pytest.raises(ValueError, match="epochs_trained"):
        engine.save_trained(tmp_path / "net.npz", net, DESIGN, epochs_trained=float("nan"))
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_only_our_stale_unlocked_leftovers_are_removed(tmp_path: Path) -> None:
    import fcntl

    stale = tmp_path / ".model-abcd1234.npz.tmp"
    fresh = tmp_path / ".model-fresh123.npz.tmp"
    locked = tmp_path / ".model-locked12.npz.tmp"
    others = [tmp_path / ".model-abc.npz.tmp", tmp_path / "model-abcd1234.npz.tmp"]
    link = tmp_path / ".model-link1234.npz.tmp"
    for path in (stale, fresh, locked, *others):
        path.write_bytes(b"partial")
    link.symlink_to(stale)
    for path in (stale, locked, *others):
        age(path)
    holder = os.open(locked, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a save that is still writing
    try:
        assert remove_stale_temps(tmp_path) == [stale]
    finally:
        os.close(holder)
    assert remove_stale_temps(tmp_path) == [locked]  # its writer is gone now
    assert fresh.exists() and link.is_symlink() and all(p.exists() for p in others)
    assert remove_stale_temps(tmp_path, now=time.time() + 2 * STALE_SECONDS) == [fresh]


KILLED_SAVER = r"""
import sys, time
from pathlib import Path
import numpy as np
import engine
from tests.reliability.hostile import DESIGN

net = engine.build_network(DESIGN)
real_savez = np.savez

def slow_savez(f, **arrays):
    real_savez(f, **arrays)
    f.flush()
    print("written", flush=True)  # the temporary file is complete but not yet renamed
    time.sleep(60)

np.savez = slow_savez
engine.save_trained(Path(sys.argv[1]), net, DESIGN, epochs_trained=9)
"""


@posix_only
def test_sigkill_mid_save_keeps_the_old_file_and_the_next_save_cleans_up(tmp_path) -> None:
    path = save_real(tmp_path / "net.npz")
    before = path.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        with subprocess.Popen(
            [sys.executable, "-c", KILLED_SAVER, str(path)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        ) as child:  # fmt: skip
            assert child.stdout is not None and child.stdout.readline() == "written\n"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
    left = temps(tmp_path)
    assert len(left) == 2  # what a crash leaves: complete-looking, hidden, unlocked
    assert path.read_bytes() == before
    assert engine.load_trained(path)[2]["epochs_trained"] == 2
    save_real(tmp_path / "other.npz")  # too fresh to be sure: a save might still be running
    assert temps(tmp_path) == left
    for leftover in left:
        age(leftover)
    save_real(tmp_path / "other.npz")
    assert temps(tmp_path) == []
    assert path.read_bytes() == before


def test_umask_is_read_without_changing_it() -> None:
    old = os.umask(0o027)
    try:
        assert atomic_save.current_umask() == 0o027
        assert atomic_save.current_umask() == 0o027
    finally:
        os.umask(old)
