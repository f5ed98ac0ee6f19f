"""The README: its pictures exist and are exactly the ones scripts/screenshots.py takes, and
its Quick start test line is the one CI runs."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHOTS = ROOT / "docs" / "screenshots"
#: Markdown links and images: [text](target) or ![alt](target).
LINK = re.compile(r"\]\(([^)\s]+)\)")


def screenshots_script():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def local_links() -> list[str]:
    return [t for t in LINK.findall(README) if not re.match(r"[a-z]+:", t) and t[0] != "#"]


def test_every_file_the_readme_links_exists():
    missing = [t for t in local_links() if not (ROOT / t.split("#")[0]).exists()]
    assert local_links() and missing == []


def test_the_readme_shows_exactly_the_pictures_the_script_takes():
    linked = {Path(t).name for t in local_links() if t.startswith("docs/screenshots/")}
    taken = {picture.name for picture in screenshots_script().PICTURES}
    assert linked == taken
    assert {p.name for p in SHOTS.glob("*.png")} == taken  # no stale picture left behind


def test_a_picture_comes_before_the_first_command():
    first_picture = README.index("](docs/screenshots/")
    assert first_picture < README.index("```")


def test_the_quick_start_test_line_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == "bash scripts/setup.sh test && .venv/bin/python -m pytest"
    assert f"\n{ci}\n" in README
    assert "\nbash scripts/setup.sh app && .venv/bin/python main.py\n" in README


def test_every_picture_names_states_the_app_knows_and_a_size():
    from gui.scripted_states import parse_states

    for picture in screenshots_script().PICTURES:
        assert parse_states(list(picture.states)), picture.name
        width, height = (int(v) for v in picture.size.split("x"))
        assert (width, height) in ((1024, 768), (1920, 1080)), picture.name
