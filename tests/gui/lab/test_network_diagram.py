"""NetworkDiagram: strongest weights selected, shapes written, node clicks reported."""

import itertools

import numpy as np
from PySide6.QtCore import Qt

from gui.lab.network_diagram import MAX_LINES_PER_LAYER, NetworkDiagram


def make(qtbot, sizes):
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(a, b)) for a, b in itertools.pairwise(sizes)]
    view = NetworkDiagram()
    qtbot.addWidget(view)
    view.resize(600, 480)
    view.show()
    qtbot.waitExposed(view)
    view.set_class_names(tuple(str(i) for i in range(10)))
    view.set_weights(weights, ["relu"] * (len(sizes) - 2) + ["softmax"])
    acts = [rng.random(n) for n in sizes[1:]]
    view.set_forward(np.zeros((8, 8)), acts)
    return view, weights


def test_only_the_strongest_connections_are_drawn(qtbot) -> None:
    view, weights = make(qtbot, (64, 32, 10))
    rows, cols = view.shown_connections(0)
    assert rows.size == MAX_LINES_PER_LAYER
    shown = np.abs(weights[0][rows, cols])
    mask = np.ones(weights[0].shape, bool)
    mask[rows, cols] = False
    assert shown.min() >= np.abs(weights[0][mask]).max()
    rows2, _cols2 = view.shown_connections(1)
    assert rows2.size == min(MAX_LINES_PER_LAYER, 320)
    view.grab()


def test_node_click_reports_weight_layer_and_node(qtbot) -> None:
    view, _ = make(qtbot, (64, 16, 12, 10))
    pos = view.node_position(2, 5).toPoint()  # layer 2 = second hidden layer
    with qtbot.waitSignal(view.nodeClicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=pos)
    assert clicked.args[:2] == [1, 5]


def test_big_network_paints(qtbot) -> None:
    view, _ = make(qtbot, (64, 256, 256, 10))
    assert view.shown_connections(1)[0].size == MAX_LINES_PER_LAYER
    view.grab()
    view.clear()
    view.grab()
