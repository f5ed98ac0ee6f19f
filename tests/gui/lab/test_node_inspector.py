"""node_numbers and the inspector's arithmetic text, on hand-made numbers."""

import numpy as np
import pytest

from gui.lab.node_inspector import NodeInspector, node_numbers


def test_node_numbers_pick_the_node_column() -> None:
    W = np.arange(12, dtype=float).reshape(4, 3) / 10  # 4 inputs, 3 nodes
    b = np.array([0.1, -0.2, 0.3])
    x = np.array([1.0, 0.0, 0.5, 2.0])
    z = x @ W + b
    a = np.maximum(0, z)
    n = node_numbers(W, b, x, z, a, layer=1, node=1, activation="relu")
    np.testing.assert_array_equal(n.w, [0.1, 0.4, 0.7, 1.0])
    assert n.b == -0.2
    assert n.weighted_sum == pytest.approx(0.1 + 0.35 + 2.0)
    assert n.z == pytest.approx(n.weighted_sum + n.b)
    assert n.a == pytest.approx(max(0.0, n.z))


def test_text_shows_the_sum_and_the_activation(qtbot) -> None:
    W = np.full((64, 2), 0.01)
    b = np.array([0.5, -0.5])
    x = np.linspace(0, 1, 64)
    z = x @ W + b
    a = 1 / (1 + np.exp(-z))
    view = NodeInspector()
    qtbot.addWidget(view)
    n = node_numbers(W, b, x, z, a, layer=0, node=0, activation="sigmoid")
    view.set_numbers(n, "Hidden layer 1, node 1")
    text = "\n".join(view.text_lines())
    assert "z = w·x + b" in text
    assert f"= {n.weighted_sum:.4f} + {n.b:.4f} = {n.z:.4f}" in text
    assert "0.01×" in text  # real terms of the sum are written out
    assert f"= {n.a:.4f}" in text and "σ(z)" in text
    view.grab()
    n1 = node_numbers(W, b, x, z, a, 1, 1, "sigmoid")
    view.set_numbers(n1, "deeper")
    assert f"= {n1.weighted_sum:.4f} − {abs(n1.b):.4f} = {n1.z:.4f}" in "\n".join(view.text_lines())
    view.grab()  # the strip layout paints too
