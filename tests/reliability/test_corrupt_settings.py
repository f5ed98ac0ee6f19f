"""A corrupt settings file never stops the app: each bad key falls back to its default, is
recorded (``reset_keys``, ``reset_message``) and removed, so the teacher hears about it once.

Each case is tried on the store alone and on a real ``MainWindow`` start-up (offscreen), and a
few through ``gui.app.main`` itself, in this process.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, QSettings

from engine import Design, validate_design
from gui.settings_store import MAX_NAME_CHARS, MAX_ROSTER_NAMES, SettingsStore
from gui.training.pace import PACE_NAMES
from tests.app_process import run_offscreen

HUGE = "1" + "0" * 400
DEEP = "[" * 100_000 + "]" * 100_000


def _values(**values: object) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        for key, value in values.items():
            settings.setValue(key.replace("__", "/"), value)
        settings.sync()

    return write


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _absurd_geometry() -> QByteArray:
    """Qt's geometry format (magic, version 3.0, frame, normal, screen, flags, width, rect)
    holding a window two billion pixels wide, far off screen."""
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.writeUInt32(0x1D9D0CB)
    stream.writeUInt16(3)
    stream.writeUInt16(0)
    rect = QRect(10**9, -(10**9), 2 * 10**9, 2 * 10**9)
    stream << rect << rect
    stream.writeInt32(0)
    stream.writeUInt8(0)
    stream.writeUInt8(0)
    stream.writeInt32(10**9)
    stream << rect
    return data


ROSTER = ["Ann\x00\x1b[31m", "  Bo\tb  ", 7, "x" * 5_000, *(f"s{i}" for i in range(1_000))]
CASES: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    "garbage bytes": (_bytes(np.random.default_rng(1).bytes(8192)), set()),
    "garbage inside a section": (
        _bytes(b"[design]\njson=\x00\xff{{{\n[view]\nfont_pt=\xfe\xfe\n[window\n"),
        {"design/json", "view/font_pt"},
    ),
    "huge integers": (
        _values(
            design__json=f'{{"learning_rate": {HUGE}}}',
            training__pace=HUGE,
            view__font_pt="9" * 400,
        ),
        {"design/json", "training/pace", "view/font_pt"},
    ),
    "huge integer within the JSON limit": (
        _values(design__json='{"momentum": 1000000000000000000000000}'),
        {"design/json"},
    ),
    "deep JSON": (
        _values(design__json=DEEP, lesson__roster=DEEP),
        {"design/json", "lesson/roster"},
    ),
    "NaN and infinity": (
        _values(design__json='{"learning_rate": NaN, "l2": Infinity}'),
        {"design/json"},
    ),
    "absurd geometry and numbers": (
        _values(
            window__geometry=_absurd_geometry(),
            window__main_splitter=QByteArray(b"\xff" * 100_000),
            training__pace=-5,
            view__font_pt=10**9,
        ),
        {"window/main_splitter", "training/pace", "view/font_pt"},
    ),
    "wrong types": (
        _values(
            design__json=QByteArray(b"{}"),
            window__view_splitter="not bytes",
            view__log_scale="maybe",
            view__batch_trace=7,
            training__pace="fast",
            lesson__roster='{"a": 1}',
        ),
        {
            "design/json",
            "window/view_splitter",
            "view/log_scale",
            "view/batch_trace",
            "training/pace",
            "lesson/roster",
        },
    ),
    "a design that is not a design": (_values(design__json='{"hidden": 5}'), {"design/json"}),
    "a class list that is not JSON": (_values(lesson__roster="[not json"), {"lesson/roster"}),
    "a hostile class list": (
        _values(lesson__roster=json.dumps(ROSTER)),
        {"lesson/roster"},
    ),
    "a 2 MB file": (_bytes(b"[a]\nb=" + b"x" * (2 << 20)), {"file"}),
    "a folder": (lambda path: path.mkdir(), {"file"}),
}
if sys.platform != "win32":
    CASES["a FIFO"] = (lambda path: os.mkfifo(path), {"file"})
    CASES["a link to /dev/zero"] = (lambda path: path.symlink_to("/dev/zero"), {"file"})


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    """A FIFO once blocked start-up forever: if anything blocks, fail loudly, not silently."""
    faulthandler.dump_traceback_later(30, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def load_everything(store: SettingsStore) -> None:
    """Every read MainWindow makes at start-up."""
    assert validate_design(store.load_design()) == {}
    store.load_roster()
    for key in ("window/geometry", "window/main_splitter", "window/view_splitter"):
        store.load_bytes(key)
    store.load_choice("training/pace", "class", PACE_NAMES)
    store.load_int("view/font_pt", 0, 8, 40)
    store.load_bool("view/log_scale", False)
    store.load_bool("view/batch_trace", True)


@pytest.mark.parametrize("case", CASES)
def test_the_store_loads_and_says_what_it_reset(qapp, isolated_settings: Path, case: str) -> None:
    write, expected = CASES[case]
    write(isolated_settings)
    store = SettingsStore()
    load_everything(store)
    assert expected <= set(store.reset_keys()), store.reset_keys()
    if store.reset_keys():
        assert store.reset_message().startswith("Some settings could not be read")
    store.sync()
    again = SettingsStore()  # the bad values were removed: the teacher is told once
    load_everything(again)
    assert again.reset_keys() == ()


def test_a_hostile_class_list_is_cleaned(qapp, isolated_settings: Path) -> None:
    CASES["a hostile class list"][0](isolated_settings)
    names = SettingsStore().load_roster()
    assert names[:2] == ("Ann [31m", "Bo b")
    assert len(names) == MAX_ROSTER_NAMES and max(map(len, names)) == MAX_NAME_CHARS
    assert all(name.isprintable() for name in names)


def test_reset_all_forgets_everything(qapp) -> None:
    store = SettingsStore()
    store.save_design(Design(epochs=7))
    store.save_choice("training/pace", "slow")
    store.reset_all()
    assert SettingsStore().load_design() == Design()
    assert SettingsStore().load_choice("training/pace", "class", PACE_NAMES) == "class"


@pytest.mark.parametrize("case", CASES)
def test_the_window_starts_with_a_corrupt_settings_file(qtbot, isolated_settings, case) -> None:
    from gui.main_window import MainWindow

    CASES[case][0](isolated_settings)
    store = SettingsStore()
    window = MainWindow(settings=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert validate_design(window.designer.design()) == {}
    screen = window.screen().availableGeometry()
    assert window.width() <= max(screen.width(), 2000)
    window.acts["questions"].trigger()  # Ctrl+K reads the class list
    assert CASES[case][1] <= set(store.reset_keys())
    window.controller.shutdown()
    window.close()


@pytest.mark.parametrize("case", ["a FIFO", "huge integers"])
def test_the_app_starts_through_main(isolated_settings, tmp_path, case) -> None:
    """The two that used to stop the app: a FIFO hung it, a 400-digit rate made it exit 1.

    In a fresh process, as a user starts it: a window that went through ``app.exec()`` and
    ``quit()`` inside the test process leaves later tests' worker-thread signals undelivered
    (the next test's training never ends), so main() must not run in-process."""
    if case not in CASES:
        pytest.skip("no FIFOs here")
    CASES[case][0](isolated_settings)
    shot = tmp_path / "shot.png"
    command = ["main.py", "--settings", str(isolated_settings), "--screenshot", str(shot)]
    done = run_offscreen(command, isolated_settings, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:4] == b"\x89PNG"
