"""Cold start: ``python main.py`` until the window is shown (target < 1.5 s).

Run by hand:  .venv/bin/python benchmarks/bench_startup.py [runs]

Each run starts a fresh interpreter with ``--screenshot`` (so it exits by itself) and reports
two figures: launch -> first turn of the event loop with the window shown (the app prints it
when NEURON_LAB_STARTUP_T0 is set), and launch -> process exit (includes the 0.4 s the
screenshot waits, the grab and the teardown).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(tmp: Path, index: int) -> tuple[float, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    env["NEURON_LAB_STARTUP_T0"] = repr(started)
    result = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--settings",
            str(tmp / f"settings{index}.ini"),
            "--screenshot",
            str(tmp / f"shot{index}.png"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    total = time.time() - started
    if result.returncode != 0:
        raise SystemExit(f"main.py failed: {result.stderr[-2000:]}")
    shown = next(
        float(line.split()[1])
        for line in result.stderr.splitlines()
        if line.startswith("STARTUP_SECONDS")
    )
    return shown, total


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        one_run(tmp, -1)  # warm the OS file cache once; the figures below are the app's own
        results = [one_run(tmp, i) for i in range(runs)]
    shown = [r[0] for r in results]
    total = [r[1] for r in results]
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, runs: {runs}")
    print(
        f"launch -> window shown: median {statistics.median(shown):.3f} s, "
        f"worst {max(shown):.3f} s (target < 1.5 s)"
    )
    print(
        f"launch -> exit with --screenshot (incl. 0.4 s wait): median "
        f"{statistics.median(total):.3f} s"
    )


if __name__ == "__main__":
    main()
