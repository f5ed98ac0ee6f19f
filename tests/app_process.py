"""Run the app (or a script driving its window) in a fresh offscreen process.

Some things can only be tested in another process: closing while a QThread runs aborts the
whole process when it goes wrong, and ``app.exec()`` inside the test process leaves later
tests' worker-thread signals undelivered.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_offscreen(
    args: list[str], settings: Path, timeout: float
) -> subprocess.CompletedProcess[str]:
    """``python *args`` from the project root, offscreen, with its own settings file."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NEURON_LAB_SETTINGS": str(settings),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
