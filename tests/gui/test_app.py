"""The command line: arguments, and ``main.py --screenshot`` rendering a PNG after training."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.app import parse_args

ROOT = Path(__file__).resolve().parents[2]


def test_parse_args():
    args = parse_args(["--train-epochs", "3", "--screenshot", "x.png", "--size", "1024x768"])
    assert args.train_epochs == 3
    assert args.screenshot == "x.png"
    assert args.size == (1024, 768)
    assert parse_args([]).train_epochs is None


@pytest.mark.parametrize("bad", [["--train-epochs", "0"], ["--size", "big"]])
def test_parse_args_rejects_bad_values(bad):
    with pytest.raises(SystemExit):
        parse_args(bad)


def test_screenshot_after_training(tmp_path):
    shot = tmp_path / "shot.png"
    settings = tmp_path / "s.ini"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--settings",
            str(settings),
            "--train-epochs",
            "2",
            "--size",
            "1024x768",
            "--screenshot",
            str(shot),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 768)
    # --settings was used (and the design with 2 epochs was kept there), not the user's file
    assert "epochs" in settings.read_text()


def test_has_screen_needs_a_display_only_on_linux():
    from gui.app import has_screen

    assert not has_screen({}, "linux")
    assert has_screen({"DISPLAY": ":0"}, "linux")
    assert has_screen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_screen({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert has_screen({}, "win32") and has_screen({}, "darwin")


def test_without_a_screen_main_py_explains_instead_of_aborting(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "main.py", "--settings", str(tmp_path / "s.ini")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a screen" in result.stderr and "--screenshot" in result.stderr
