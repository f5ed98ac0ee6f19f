"""The launcher a teacher double-clicks: a freedesktop ``.desktop`` entry for what is running.

    neuron-lab --install-desktop      (or: python main.py --install-desktop)
    neuron-lab --uninstall-desktop

``install`` writes ``$XDG_DATA_HOME/applications/neuron-lab.desktop`` (default
``~/.local/share``), a copy on ``~/Desktop`` when that folder exists, and the icon into
``$XDG_DATA_HOME/icons/hicolor/scalable/apps/``. ``Exec=`` is the absolute path of whatever
is running now: the bundle's executable (``packaging/``), or this checkout's interpreter with
``main.py`` (the interpreter's own path, not resolved: a venv's ``python`` is a symlink, and
resolving it would lose the venv's packages). ``uninstall`` removes only files that are
ours: entries carrying ``MARK`` and an icon identical to the one we ship.

No Qt here: the options work without a screen (``gui/app.py`` handles them before a
``QApplication`` exists).
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_ID = "neuron-lab"
#: The resources folder: beside gui/ in a checkout, and in the bundle's _internal/ folder.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TEMPLATE = RESOURCES / f"{APP_ID}.desktop"
ICON = RESOURCES / f"{APP_ID}.svg"
#: The line that tells our entries apart from anyone else's (a legal "X-" key).
MARK = "X-Neuron-Lab-Launcher=true"
#: Characters that make an Exec argument need quoting (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launch_command(
    frozen: bool | None = None, executable: str | None = None, root: Path | None = None
) -> list[str]:
    """The absolute command that starts this very app: the bundle, python + main.py (a
    checkout), or the ``neuron-lab`` script beside the interpreter (a plain ``pip install``,
    which has no main.py)."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    exe = Path(executable or sys.executable).absolute()
    if frozen:
        return [str(exe)]
    main_py = (root or RESOURCES.parent) / "main.py"
    script = exe.parent / APP_ID
    if not main_py.is_file() and script.is_file():
        return [str(script)]
    return [str(exe), str(main_py.absolute())]


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path (the spec ignores relative ones), else
    ``~/.local/share``."""
    value = environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return _home(environ) / ".local" / "share"


def _home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("HOME") or Path.home())


def quote_exec_arg(arg: str) -> str:
    """One Exec argument as the spec wants it: double quotes (never single) around an argument
    with reserved characters, with ``"`$\\`` escaped inside; ``%`` doubled; then every
    backslash doubled again, because the whole value is a desktop-file string."""
    arg = arg.replace("%", "%%")
    if any(ch in _RESERVED for ch in arg):
        inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        arg = f'"{inner}"'
    return arg.replace("\\", "\\\\")


def entry_text(command: Sequence[str], icon: Path, workdir: Path | None = None) -> str:
    """The template with ``Exec``, ``TryExec`` and ``Icon`` made absolute, plus ``MARK``."""
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
            line = "Exec=" + " ".join(quote_exec_arg(arg) for arg in command)
        elif line.startswith("Icon="):
            line = f"Icon={icon}"
        lines.append(line)
    if workdir is not None:
        lines.append(f"Path={workdir}")
    lines.append(MARK)
    return "\n".join(lines) + "\n"


def targets(environ: Mapping[str, str] = os.environ) -> tuple[list[Path], Path]:
    """(the entries to write, the icon's path): the menu always, the Desktop if it exists."""
    entries = [data_home(environ) / "applications" / f"{APP_ID}.desktop"]
    desktop = _home(environ) / "Desktop"
    if desktop.is_dir():
        entries.append(desktop / f"{APP_ID}.desktop")
    icon = data_home(environ) / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    return entries, icon


def install(
    environ: Mapping[str, str] = os.environ, command: Sequence[str] | None = None
) -> list[Path]:
    """Write the entries and copy the icon; returns every file written."""
    command = list(command or launch_command())
    entries, icon = targets(environ)
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON, icon)
    checkout = command[-1].endswith("main.py")
    text = entry_text(command, icon, Path(command[-1]).parent if checkout else None)
    for entry in entries:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(text, encoding="utf-8")
        # Desktops only launch entries marked executable (GNOME: "Allow launching").
        entry.chmod(entry.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return [*entries, icon]


def uninstall(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """Remove what ``install`` wrote (and nothing a user wrote); returns the files removed."""
    entries, icon = targets(environ)
    removed = []
    for entry in entries:
        if entry.is_file() and MARK in entry.read_text(encoding="utf-8", errors="replace"):
            entry.unlink()
            removed.append(entry)
    if icon.is_file() and icon.read_bytes() == ICON.read_bytes():
        icon.unlink()
        removed.append(icon)
        # The icon folders we may have created, while empty (never applications/ or the
        # data folder itself).
        for folder in icon.parents[:4]:  # apps, scalable, hicolor, icons
            try:
                folder.rmdir()
            except OSError:
                break
    return removed


def run(action: str, environ: Mapping[str, str] = os.environ) -> int:
    """The command-line options: print what was written or removed; 0 on success."""
    if not sys.platform.startswith("linux"):
        print("--install-desktop / --uninstall-desktop are for Linux desktops.", file=sys.stderr)
        return 2
    try:
        paths = install(environ) if action == "install" else uninstall(environ)
    except OSError as exc:
        print(f"Could not change the launcher: {exc}", file=sys.stderr)
        return 1
    verb = "wrote" if action == "install" else "removed"
    for path in paths:
        print(f"launcher: {verb} {path}")
    if not paths:
        print("launcher: nothing of ours to remove")
    return 0
