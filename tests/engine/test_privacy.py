"""No engine module reaches into another module's underscored names.

What one module needs from another is a public, documented protocol (engine/kernel.py's
``Kernel`` for the trainer and the optimizers, say). The check reads every engine module's
syntax tree: an attribute ``obj._name`` (not a dunder) is allowed only on ``self``/``cls``
or when ``_name`` is defined in the same module (a method, a ``self._name = ...``, a
module-level name); ``from engine.x import _name`` and ``module._name`` are never allowed.
"""

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "engine"
MODULES = sorted(ENGINE.glob("*.py"))


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_private_names(tree: ast.Module) -> set[str]:
    """The underscored names this module defines: functions, classes, methods, attributes
    assigned on any object (``self._x = ...``), module-level and class-level variables."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {name for name in names if is_private(name)}


def reaches(path: Path) -> list[str]:
    """Every place in ``path`` that uses another module's underscored name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = own_private_names(tree)
    imported_modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "engine"
        for alias in node.names
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [
                f"{path.name}:{node.lineno} imports {alias.name} from {node.module}"
                for alias in node.names
                if is_private(alias.name)
            ]
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            value = node.value
            on_self = isinstance(value, ast.Name) and value.id in ("self", "cls")
            on_module = isinstance(value, ast.Name) and value.id in imported_modules
            if on_module or not (on_self or node.attr in own):
                found.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    return sorted(found, key=lambda s: (int(s.split(":")[1].split()[0]), s))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_reaches_into_another_modules_private_names(path: Path) -> None:
    assert reaches(path) == []


def test_the_check_finds_a_reach(tmp_path: Path) -> None:
    # What training.py once did: call Network internals and an optimizer's private step.
    source = tmp_path / "training.py"
    source.write_text(
        "import numpy as np\n"
        "from engine.network import _rebuild\n"
        "def f(net, opt):\n"
        "    self = net\n"
        "    self._ok = 1\n"
        "    net._backprop()\n"
        "    opt._step_flat(net._params)\n"
        "    np._core\n",
        encoding="utf-8",
    )
    assert reaches(source) == [
        "training.py:2 imports _rebuild from engine.network",
        "training.py:6 uses ._backprop",
        "training.py:7 uses ._params",
        "training.py:7 uses ._step_flat",
        "training.py:8 uses ._core",
    ]
