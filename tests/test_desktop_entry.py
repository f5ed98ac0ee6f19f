"""The launcher a teacher double-clicks: written for what is running, valid, and removed
exactly (gui/desktop_entry.py; the options --install-desktop / --uninstall-desktop)."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import desktop_entry

ROOT = Path(__file__).resolve().parent.parent
needs_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils"
)


def fields(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def home(tmp_path):
    """A fake home with its own XDG_DATA_HOME (and no Desktop folder unless a test makes one)."""
    return {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}


def test_entry_runs_main_py_with_this_interpreter(home, tmp_path):
    written = desktop_entry.install(home)
    entry = tmp_path / "share" / "applications" / "neuron-lab.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "neuron-lab.svg"
    assert written == [entry, icon]
    f = fields(entry)
    exec_words = shlex.split(f["Exec"])
    # The venv's own path (a symlink): resolving it would run Python without our packages.
    assert exec_words == [str(Path(sys.executable).absolute()), str(ROOT / "main.py")]
    assert f["TryExec"] == exec_words[0] and f["Path"] == str(ROOT)
    assert f["Icon"] == str(icon) and icon.read_bytes() == desktop_entry.ICON.read_bytes()
    assert f["Type"] == "Application" and f["Terminal"] == "false"
    assert entry.stat().st_mode & 0o111  # launchable


def test_the_bundle_launches_itself(home, tmp_path):
    command = desktop_entry.launch_command(frozen=True, executable="/opt/neuron lab/neuron-lab")
    assert command == ["/opt/neuron lab/neuron-lab"]
    (entry, _icon) = desktop_entry.install(home, command)
    f = fields(entry)
    assert f["Exec"] == '"/opt/neuron lab/neuron-lab"'  # the spec's double quotes
    assert f["TryExec"] == "/opt/neuron lab/neuron-lab" and "Path" not in f


def test_a_pip_install_without_main_py_launches_its_script(tmp_path):
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "neuron-lab").write_text("#!/bin/sh\n")
    command = desktop_entry.launch_command(
        frozen=False, executable=str(bin_dir / "python"), root=tmp_path / "site-packages"
    )
    assert command == [str(bin_dir / "neuron-lab")]
    # A checkout keeps python + main.py even when the script exists (pip install -e).
    command = desktop_entry.launch_command(
        frozen=False, executable=str(bin_dir / "python"), root=ROOT
    )
    assert command == [str(bin_dir / "python"), str(ROOT / "main.py")]


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/python3", "/usr/bin/python3"),
        ("/a b/main.py", '"/a b/main.py"'),
        ("/a$b", '"/a\\\\$b"'),  # \$ inside quotes, and the backslash doubled as a string
        ("/100%", "/100%%"),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(arg, quoted):
    assert desktop_entry.quote_exec_arg(arg) == quoted


@needs_validator
@pytest.mark.parametrize("frozen", [False, True])
def test_entry_is_a_valid_desktop_file(home, frozen):
    command = ["/opt/odd dir $x/neuron-lab"] if frozen else None
    (entry, _icon) = desktop_entry.install(home, command)
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_uninstall_removes_exactly_what_install_wrote(home, tmp_path):
    (tmp_path / "Desktop").mkdir()
    apps = tmp_path / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "other.desktop").write_text("[Desktop Entry]\nType=Application\n")
    before = files_under(tmp_path)
    written = desktop_entry.install(home)
    assert tmp_path / "Desktop" / "neuron-lab.desktop" in written
    assert set(files_under(tmp_path)) == set(before) | {
        str(p.relative_to(tmp_path)) for p in written
    }
    assert sorted(desktop_entry.uninstall(home)) == sorted(written)
    assert files_under(tmp_path) == before
    assert not (tmp_path / "share" / "icons").exists()  # the folders we made, gone too
    assert desktop_entry.uninstall(home) == []  # twice: nothing left of ours


def test_uninstall_leaves_a_launcher_someone_else_wrote(home, tmp_path):
    apps = tmp_path / "share" / "applications"
    apps.mkdir(parents=True)
    theirs = apps / "neuron-lab.desktop"
    theirs.write_text("[Desktop Entry]\nType=Application\nName=Theirs\nExec=theirs\n")
    assert desktop_entry.uninstall(home) == []
    assert theirs.read_text().endswith("Exec=theirs\n")


def test_relative_xdg_data_home_is_ignored(tmp_path):
    environ = {"HOME": str(tmp_path), "XDG_DATA_HOME": "relative/share"}
    assert desktop_entry.data_home(environ) == tmp_path / ".local" / "share"


def test_options_work_without_a_screen(tmp_path):
    """``python main.py --install-desktop`` (what scripts/setup.sh app runs) needs no display."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "share"))
    entry = tmp_path / "share" / "applications" / "neuron-lab.desktop"

    def run(option: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(ROOT / "main.py"), option]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    done = run("--install-desktop")
    assert done.returncode == 0, done.stderr
    assert f"launcher: wrote {entry}" in done.stdout and entry.is_file()
    done = run("--uninstall-desktop")
    assert done.returncode == 0, done.stderr
    assert f"launcher: removed {entry}" in done.stdout
    assert files_under(tmp_path) == {}
