"""Regenerate every picture the README shows, each from a fresh start of the app.

    python scripts/screenshots.py                  # all of them, into docs/screenshots/
    python scripts/screenshots.py ghost-runs.png   # only the ones named

Each picture is ``main.py --size WxH --state ... --screenshot PATH`` in its own offscreen
process with its own empty settings file, so no picture depends on another or on the
settings of whoever runs the script. The states (``gui/scripted_states.py``) drive the
window through the same paths a teacher's clicks take. ``PICTURES`` is the one list:
tests/test_readme.py checks that the README links exactly these files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"

#: The classroom projector and a full-HD screen.
SMALL = "1024x768"
LARGE = "1920x1080"


@dataclass(frozen=True)
class Picture:
    """One picture: its file name under docs/screenshots/, the window size, the states."""

    name: str
    size: str
    states: tuple[str, ...]


PICTURES: tuple[Picture, ...] = (
    Picture("main-1920.png", LARGE, ("trained", "drawn")),
    Picture("projector-1024.png", SMALL, ("trained", "drawn", "action:projector")),
    Picture(
        "projector-1024-zoom150.png",
        SMALL,  # Ctrl+= three times: 100 % -> 110 % -> 125 % -> 150 % (gui/zoom.py ZOOM_STEPS)
        ("trained", "drawn", "action:projector", *("action:bigger",) * 3),
    ),
    Picture("draw-a-digit.png", SMALL, ("trained", "drawn", "grab:digitLab")),
    Picture("update-view.png", SMALL, ("update", "drawn")),
    Picture("update-view-adam-1920.png", LARGE, ("update:adam", "drawn")),
    Picture("lesson-step-3.png", SMALL, ("lesson:3",)),
    Picture("lesson-step-5.png", SMALL, ("lesson:5",)),
    Picture("lesson-step-8.png", SMALL, ("lesson:8",)),
    Picture("gradients-sigmoid.png", SMALL, ("gradients:sigmoid", "drawn")),
    Picture("gradients-sigmoid-1920.png", LARGE, ("gradients:sigmoid", "drawn")),
    Picture("gradients-relu.png", SMALL, ("gradients:relu", "drawn")),
    Picture("ghost-runs.png", SMALL, ("ghosts", "drawn")),
    Picture("ghost-runs-1920.png", LARGE, ("ghosts", "drawn")),
    Picture("ghost-runs-updates.png", SMALL, ("compare:batch_updates", "drawn")),
    Picture("code-dialog.png", SMALL, ("trained", "code")),
)


def command(picture: Picture, path: Path, settings: Path) -> list[str]:
    """The command line that takes ``picture`` into ``path``."""
    states = [arg for state in picture.states for arg in ("--state", state)]
    return [
        sys.executable,
        str(ROOT / "main.py"),
        "--settings",
        str(settings),
        "--size",
        picture.size,
        *states,
        "--screenshot",
        str(path),
    ]


def screen_file(size: str, folder: Path) -> Path:
    """An offscreen screen exactly the picture's size (Qt's default is 800x600, and the
    window keeps itself on its screen: a zoomed projector layout would shrink to 800 px)."""
    width, height = (int(v) for v in size.split("x"))
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return path


def take(picture: Picture, out: Path = OUT, timeout: float = 300) -> Path:
    """Start the app offscreen for ``picture`` and return the PNG it wrote."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / picture.name
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={screen_file(picture.size, Path(tmp))}",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("NEURON_LAB_SETTINGS", None)  # --settings below: a fresh file for each picture
        run = subprocess.run(
            command(picture, path, Path(tmp) / "settings.ini"),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if run.returncode != 0 or not path.exists():
        raise RuntimeError(f"{picture.name}: exit {run.returncode}\n{run.stderr}")
    return path


def main(argv: list[str]) -> int:
    names = set(argv)
    unknown = names - {p.name for p in PICTURES}
    if unknown:
        print(f"No such picture: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for picture in PICTURES:
        if names and picture.name not in names:
            continue
        started = time.monotonic()
        path = take(picture)
        print(f"{path.relative_to(ROOT)}  {picture.size}  {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
