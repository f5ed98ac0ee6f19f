"""What refusing hostile files costs, measured in a fresh process (shared by the model-file and
session-file bomb tests).

``measure(setup, paths, tmp_path)`` runs ``setup`` (Python source that defines
``refuse(path)`` and warms the reader up on a real file: first-use imports and caches are not
the bombs') and then refuses each path twice: once for the peak RSS and wall time (a
high-water mark, untraced), once under tracemalloc for each file's own peak, which an earlier
high-water mark cannot hide. Returns {path: (bytes grown, seconds)}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MEASURE = r"""
import json, resource, sys, time, tracemalloc

results = {}
for path in sys.argv[2:]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    refuse(path)
    seconds = time.perf_counter() - started
    results[path] = [(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024, seconds]
tracemalloc.start()
for path in sys.argv[2:]:
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    refuse(path)
    results[path][0] = max(results[path][0], tracemalloc.get_traced_memory()[1] - base)
print(json.dumps(results))
"""


def measure(setup: str, paths: list[str], tmp_path: Path) -> dict[str, tuple[int, float]]:
    """Refuse ``paths`` in a fresh interpreter after ``setup``; their cost, by path."""
    out = subprocess.run(
        [sys.executable, "-c", setup + MEASURE, str(tmp_path), *paths],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return {path: (int(rss), float(s)) for path, (rss, s) in json.loads(out.stdout).items()}
