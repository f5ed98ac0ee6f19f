"""Session files: everything saved comes back exactly (weights bit for bit), and a file the
reader would refuse is never written."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import Design, HiddenLayer
from engine.own_digits import OwnDigits, new_digit
from engine.session_file import (
    MEMBERS,
    SESSION_MEMBER,
    SavedRun,
    Session,
    SessionFormatError,
    history_of,
    load_session,
    save_session,
)

DESIGN = Design(hidden=(HiddenLayer(12, "tanh"), HiddenLayer(7, "relu")), epochs=4, seed=5)
HISTORY = ((1, 2.0, 2.1, 0.4, 0.35), (2, 1.0, None, 0.7, None), (3, 0.5, 0.6, 0.9, 0.85))


def trained_network(design: Design = DESIGN) -> engine.Network:
    """A network with weights that are not the initial ones (a few real updates)."""
    net = engine.build_network(design)
    task = engine.load_task(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=1)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    return net


def a_run(number: int, design: Design = DESIGN, shown: bool = True) -> SavedRun:
    curve = np.array(
        [[1, 2.0, 2.1, 0.4, 0.35], [2, 1.0 / 3.0, math.nan, 0.7, math.nan], [3, 0.1, 0.2, 1, 0]]
    )
    trace = np.array([[0.25, 2.5], [0.5, 1.0 / 7.0], [2.75, 0.125]])
    return SavedRun(number, design, curve, "stopped", 12.345678901234567, trace, shown)


def a_session(net: engine.Network | None = None) -> Session:
    other = Design(hidden=(HiddenLayer(32, "sigmoid"),), optimizer="sgd", learning_rate=0.1)
    return Session(
        network=net if net is not None else trained_network(),
        design=DESIGN,
        epochs_trained=3,
        history=HISTORY,
        pace="slow",
        runs=(a_run(1, other, shown=False), a_run(4)),
        lesson_step=6,
        lesson_active=True,
        digits=OwnDigits((new_digit(np.eye(8) * 16, 1), new_digit(np.ones((8, 8)), 7))),
    )


def test_everything_comes_back_exactly(tmp_path: Path) -> None:
    session = a_session()
    path = save_session(tmp_path / "lesson.neuronlab", session)
    back = load_session(path)
    for a, b in zip(
        back.network.weights + back.network.biases,
        session.network.weights + session.network.biases,
        strict=True,
    ):
        assert a.dtype == b.dtype and np.array_equal(a, b)  # bit for bit
    assert back.design == DESIGN and back.epochs_trained == 3
    assert back.history == HISTORY
    assert (back.pace, back.lesson_step, back.lesson_active) == ("slow", 6, True)
    assert back.digits == session.digits  # ids, labels and pixels
    assert [r.number for r in back.runs] == [1, 4]
    for got, want in zip(back.runs, session.runs, strict=True):
        assert got.design == want.design and got.ended == want.ended
        assert got.seconds == want.seconds and got.shown == want.shown
        np.testing.assert_array_equal(got.curve, want.curve)  # NaN where missing, floats exact
        np.testing.assert_array_equal(got.trace, want.trace)


def test_a_float32_network_stays_float32(tmp_path: Path) -> None:
    design = Design(hidden=(HiddenLayer(9, "sigmoid"),), epochs=2)
    sizes, acts = engine.design.layer_sizes(design), engine.design.activations(design)
    net = engine.Network(sizes, acts, design.loss, seed=3, dtype=np.float32)
    session = Session(network=net, design=design)
    back = load_session(save_session(tmp_path / "f32.neuronlab", session))
    assert back.network.dtype == np.float32
    assert all(np.array_equal(a, b) for a, b in zip(back.network.weights, net.weights, strict=True))
    assert back.runs == () and back.history == () and back.epochs_trained == 0


def test_the_file_is_a_zip_of_a_model_file_and_json(tmp_path: Path) -> None:
    path = save_session(tmp_path / "s.neuronlab", a_session())
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(MEMBERS)
        data = json.loads(archive.read(SESSION_MEMBER))
        (tmp_path / "model.npz").write_bytes(archive.read("model.npz"))
    assert data["format"] == "neuron-lab-session" and data["pace"] == "slow"
    _net, design, metadata = engine.load_trained(tmp_path / "model.npz")  # a plain model file
    assert design == DESIGN and metadata["history"] == HISTORY


def test_history_of_turns_rows_and_nan_into_plain_values() -> None:
    rows = [(1, 0.5, math.nan, 0.25, 1.0)]
    assert history_of(rows) == ((1, 0.5, None, 0.25, 1.0),)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"pace": "<b>fast</b>"}, "pace"),
        ({"lesson_step": -1}, "lesson step"),
        ({"runs": (a_run(2), a_run(2))}, "numbered"),
        ({"history": ((1, -2.0, 1.0, 0.5, 0.5),)}, "history"),
    ],
)
def test_a_session_the_reader_would_refuse_is_not_written(
    tmp_path: Path, change: dict, words: str
) -> None:
    import dataclasses

    session = dataclasses.replace(a_session(engine.build_network(DESIGN)), **change)
    path = tmp_path / "bad.neuronlab"
    with pytest.raises(ValueError, match=words) as caught:
        save_session(path, session)
    assert str(caught.value).startswith(f"Cannot save {path}: ")
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_a_design_that_does_not_describe_the_weights_is_not_written(tmp_path: Path) -> None:
    other = Design(hidden=(HiddenLayer(5, "relu"),))
    session = Session(network=engine.build_network(DESIGN), design=other)
    with pytest.raises(ValueError, match="layer sizes"):
        save_session(tmp_path / "x.neuronlab", session)


def test_missing_file_and_model_file_are_told_apart(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no session file"):
        load_session(tmp_path / "gone.neuronlab")
    model = engine.save_trained(tmp_path / "m.npz", engine.build_network(DESIGN), DESIGN,
                                epochs_trained=0)  # fmt: skip
    with pytest.raises(SessionFormatError) as caught:
        load_session(model)
    message = str(caught.value)
    assert message.endswith(": it is a model file, not a session (File > Open model… opens it).")
