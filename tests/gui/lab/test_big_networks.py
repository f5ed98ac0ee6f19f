"""Views with big networks spread their work over running frames and end on the exact picture."""

from dataclasses import replace

import numpy as np
import pytest

import engine
from gui.lab.evaluation_view import EvaluationView
from gui.lab.network_diagram import NetworkDiagram
from gui.training import clock
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.history import TrainingHistory

DESIGN = engine.Design(hidden=tuple(engine.HiddenLayer(256, "relu") for _ in range(4)), seed=4)


def frame(net: engine.Network, key: bool = False) -> Frame:
    return Frame(
        network=net,
        history=TrainingHistory(),
        progress=Progress(0.0, 1, 0.0, None),
        state=TrainingState.RUNNING,
        status="",
        network_changed=True,
        key=key,
    )


@pytest.fixture(scope="module")
def task():
    return engine.load_task(DESIGN)


@pytest.fixture
def tiny_slices(monkeypatch):
    monkeypatch.setattr(clock, "SLICE_SECONDS", 0.0)  # one piece of work per running frame


def test_the_evaluation_scores_in_pieces_with_one_network(qtbot, task, tiny_slices) -> None:
    view = EvaluationView()
    qtbot.addWidget(view)
    view.set_task(task)
    first = engine.build_network(DESIGN)
    view.set_network(first)
    before = view.confusion()
    net = engine.build_network(replace(DESIGN, seed=9))
    frames = 0
    while view.confusion() is not None and np.array_equal(view.confusion(), before):
        view.on_frame(frame(net))  # the same network: the pass goes on where it stopped
        frames += 1
        assert frames < 400
    assert frames > 1  # spread over frames ...
    expected = net.predict(task.X_test)
    np.testing.assert_array_equal(view.predictions(), expected)  # ... and exact in the end


def test_a_key_frame_scores_at_once(qtbot, task, tiny_slices) -> None:
    view = EvaluationView()
    qtbot.addWidget(view)
    view.set_task(task)
    net = engine.build_network(DESIGN)
    view.on_frame(frame(net, key=True))
    np.testing.assert_array_equal(view.predictions(), net.predict(task.X_test))


def test_the_diagram_reselects_layer_by_layer(qtbot, tiny_slices) -> None:
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    first = engine.build_network(DESIGN)
    diagram.on_frame(frame(first, key=True))
    net = engine.build_network(replace(DESIGN, seed=9))
    layers = len(net.weights)
    for _ in range(layers):
        diagram.on_frame(frame(net))
    whole = NetworkDiagram()
    qtbot.addWidget(whole)
    whole.set_weights(list(net.weights), list(net.activations))
    for k in range(layers):
        for a, b in zip(diagram.shown_connections(k), whole.shown_connections(k), strict=True):
            np.testing.assert_array_equal(a, b)


def test_one_running_frame_reselects_one_layer_when_the_slice_is_spent(qtbot, tiny_slices):
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.on_frame(frame(engine.build_network(DESIGN), key=True))
    net = engine.build_network(replace(DESIGN, seed=9))
    before = [diagram.shown_connections(k) for k in range(len(net.weights))]
    diagram.on_frame(frame(net))
    changed = [
        not np.array_equal(diagram.shown_connections(k)[0], before[k][0])
        for k in range(len(net.weights))
    ]
    assert sum(changed) == 1
