"""Hostile and damaged digits files are refused: one OwnDigitsError, one sentence naming the
file; and in the window, nothing already collected is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.own_digits import OwnDigitsError, load_digits_file
from tests.reliability.hostile_digits import BUILDERS


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-digits")
    return {name: build(folder) for name, build in BUILDERS.items()}


@pytest.mark.parametrize("case", BUILDERS)
def test_hostile_digits_file_is_refused_with_one_sentence(hostile, case: str) -> None:
    path = hostile[case]
    with pytest.raises(OwnDigitsError) as caught:
        load_digits_file(path)
    message = str(caught.value)
    assert message.startswith(f"Cannot open {path}: "), message
    rest = message[len(f"Cannot open {path}: ") :]
    assert rest.endswith(".") and ". " not in rest and "\n" not in message, message
    assert len(rest) < 200  # a short clause, never the file's text
    assert caught.value.__cause__ is None


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_digits_file(tmp_path / "nothing.json")
