"""The bundle's size and start-up time, against ``python main.py`` in the same run.

Run by hand, after ``bash packaging/build.sh``:

    .venv/bin/python benchmarks/bundle_size_startup.py [--runs N] [--bundle DIR] [--untrimmed]

Size: the files in ``dist/neuron-lab`` (symlinks not counted twice) and the ``.tar.gz`` a school
would copy. Start-up: each run starts a fresh process offscreen with ``--screenshot`` and reads
the app's own ``STARTUP_SECONDS`` (launch -> first event-loop turn with the window shown); the
bundle and ``python main.py`` alternate, so a busy moment on the machine hits both alike; each
start's CPU time (the whole process, with --screenshot's exit) is the steadier figure.
``--untrimmed`` also builds a plain ``pyinstaller --onedir main.py`` (no exclusions) in a temp
folder and reports its size: what the trimming in ``packaging/neuron-lab.spec`` saves.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 2**20


def folder_bytes(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files under ``folder``; symlinks are not counted."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def archive_bytes(folder: Path, tmp: Path) -> int:
    """The size of ``neuron-lab.tar.gz`` made from the folder (what is handed out)."""
    target = tmp / "neuron-lab.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return target.stat().st_size


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_start(command: list[str], tmp: Path, index: int) -> tuple[float, float, float]:
    """(launch -> window shown, launch -> exit, CPU seconds of the whole process) of one
    offscreen start with --screenshot. The CPU time barely moves with other jobs on the
    machine; the wall times do."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cpu = children_cpu()
    started = time.time()
    env["NEURON_LAB_STARTUP_T0"] = repr(started)
    result = subprocess.run(
        [*command, "--settings", str(tmp / f"s{index}.ini"), "--screenshot", str(tmp / "s.png")],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    total = time.time() - started
    cpu = children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {result.stderr[-2000:]}")
    shown = next(
        float(line.split()[1])
        for line in result.stderr.splitlines()
        if line.startswith("STARTUP_SECONDS")
    )
    return shown, total, cpu


def untrimmed_bytes(tmp: Path) -> int:
    """Build PyInstaller's default one-folder app of main.py and measure it."""
    options = {
        "--name": "neuron-lab",
        "--distpath": str(tmp / "dist"),
        "--workpath": str(tmp / "build"),
        "--specpath": str(tmp),
        "--paths": str(ROOT),
        "--add-data": f"{ROOT / 'resources'}:resources",
        "--log-level": "WARN",
    }
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir"]
    for option, value in options.items():
        command += [option, value]
    subprocess.run([*command, str(ROOT / "main.py")], check=True, capture_output=True)
    return folder_bytes(tmp / "dist" / "neuron-lab")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "neuron-lab")
    parser.add_argument("--untrimmed", action="store_true", help="also build an untrimmed one")
    args = parser.parse_args()
    exe = args.bundle / "neuron-lab"
    if not exe.is_file():
        raise SystemExit(f"No bundle at {args.bundle}: run  bash packaging/build.sh  first.")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        size, files = folder_bytes(args.bundle)
        print(f"bundle: {args.bundle}: {size / MB:.0f} MB in {files} files")
        print(f"as neuron-lab.tar.gz: {archive_bytes(args.bundle, tmp) / MB:.0f} MB")
        if args.untrimmed:
            plain = untrimmed_bytes(tmp)
            print(f"untrimmed (pyinstaller --onedir main.py): {plain / MB:.0f} MB")
        python = [sys.executable, str(ROOT / "main.py")]
        one_start([str(exe)], tmp, -1)  # warm the OS file cache once for each
        one_start(python, tmp, -2)
        bundle_runs, python_runs = [], []
        for i in range(args.runs):
            bundle_runs.append(one_start([str(exe)], tmp, 2 * i))
            python_runs.append(one_start(python, tmp, 2 * i + 1))
    print(f"runs: {args.runs}, alternating, offscreen")
    for label, runs in (("bundle", bundle_runs), ("python main.py", python_runs)):
        shown = statistics.median(r[0] for r in runs)
        total = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        print(
            f"{label:>15}: window shown {shown:.3f} s (median; worst {max(r[0] for r in runs):.3f}"
            f" s), launch -> exit {total:.3f} s, CPU {cpu:.3f} s"
        )
    for what, index in (("window shown", 0), ("CPU", 2)):
        ratio = statistics.median(r[index] for r in bundle_runs) / statistics.median(
            r[index] for r in python_runs
        )
        print(f"bundle / python main.py ({what}): {ratio:.2f}")


if __name__ == "__main__":
    main()
