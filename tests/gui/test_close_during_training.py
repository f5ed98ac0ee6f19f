"""Closing the window mid-training stops the thread and exits 0 within a second.

Run in a subprocess: if a QThread were destroyed while running, Qt would abort the process
(and would take pytest down with it).
"""

from __future__ import annotations

import textwrap

import pytest

from tests.app_process import run_offscreen

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gui.main_window import MainWindow
    from gui.training.controls import FULL_SPEED
    window = MainWindow()
    window.controls.set_speed_index({speed})
    window.show()
    window.set_epochs(5000)
    window.start_training()
    closed_at = []

    def close_now():
        if {pause}:
            window.controller.pause()
        state = window.controller.state
        if state != "{expected}" or not window.controller._thread.isRunning():
            print("UNEXPECTED", state, window.controller.status, flush=True)
            window.close()
            app.exit(3)
            return
        closed_at.append(time.perf_counter())
        window.close()

    QTimer.singleShot(700, close_now)
    code = app.exec()
    if closed_at:
        print("CLOSE_SECONDS", time.perf_counter() - closed_at[0], flush=True)
    sys.exit(code)
    """
)


@pytest.mark.parametrize(
    ("speed", "pause", "expected"),
    [("FULL_SPEED", False, "running"), ("0", False, "running"), ("FULL_SPEED", True, "paused")],
    ids=["full-speed", "slowest-speed", "paused"],
)
def test_close_mid_training_exits_zero_within_a_second(tmp_path, speed, pause, expected):
    script = SCRIPT.format(speed=speed, pause=pause, expected=expected)
    result = run_offscreen(["-c", script], tmp_path / "settings.ini", timeout=60)
    assert result.returncode == 0, (result.stdout, result.stderr[-2000:])
    lines = [line for line in result.stdout.splitlines() if line.startswith("CLOSE_SECONDS")]
    assert lines, result.stdout + result.stderr[-2000:]
    seconds = float(lines[0].split()[1])
    assert seconds < 1.0
    assert "Destroyed while thread" not in result.stderr
