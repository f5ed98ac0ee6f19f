"""Put Neuron Lab in the desktop's application menu (and on the Desktop, if there is one).

    python scripts/install_desktop_entry.py [--dest DIR]

On Linux, ``pip install`` adds no menu entry, so this writes a freedesktop ``.desktop`` file
whose ``Exec=`` is the absolute path of this checkout's virtual-environment interpreter: a
teacher can then start the app by double-clicking it, with no terminal.
"""

from __future__ import annotations

import argparse
import os
import shlex
import stat
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "neuron-lab.desktop"


def entry_text(python: Path, root: Path = ROOT) -> str:
    """The template with ``Exec`` and ``Icon`` made absolute for this checkout."""
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={shlex.quote(str(python))} {shlex.quote(str(root / 'main.py'))}"
        elif line.startswith("Icon="):
            line = f"Icon={root / 'resources' / 'neuron-lab.svg'}"
        lines.append(line)
    lines.append(f"Path={root}")
    return "\n".join(lines) + "\n"


def install(dest_dirs: list[Path], python: Path) -> list[Path]:
    """Write the entry into each folder (created if needed); returns the files written."""
    written = []
    text = entry_text(python)
    for folder in dest_dirs:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "neuron-lab.desktop"
        target.write_text(text, encoding="utf-8")
        # Desktops only launch entries marked executable (GNOME: "Allow launching").
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(target)
    return written


def default_dirs() -> list[Path]:
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    dirs = [data_home / "applications"]
    desktop = Path.home() / "Desktop"
    if desktop.is_dir():
        dirs.append(desktop)
    return dirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, action="append", help="folder to write into")
    args = parser.parse_args(argv)
    python = ROOT / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    for path in install(args.dest or default_dirs(), python):
        print(f"launcher: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
