"""The launcher a teacher double-clicks points at this checkout's interpreter and main.py."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import install_desktop_entry as entry


def test_entry_runs_main_py_with_an_absolute_interpreter(tmp_path):
    python = Path(sys.executable)
    (written,) = entry.install([tmp_path / "applications"], python)
    fields = dict(line.split("=", 1) for line in written.read_text().splitlines() if "=" in line)
    exec_words = fields["Exec"].split()
    assert Path(exec_words[0]).is_absolute() and exec_words[0] == str(python)
    assert exec_words[1].endswith("main.py") and Path(exec_words[1]).is_file()
    assert Path(fields["Icon"]).is_file()
    assert fields["Type"] == "Application" and fields["Terminal"] == "false"
    assert written.stat().st_mode & 0o111  # launchable


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_entry_is_a_valid_desktop_file(tmp_path):
    (written,) = entry.install([tmp_path], Path(sys.executable))
    result = subprocess.run(["desktop-file-validate", str(written)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
