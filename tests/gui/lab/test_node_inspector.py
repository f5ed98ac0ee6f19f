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


def _inspect(qtbot, net, layer: int, node: int, x) -> tuple[NodeInspector, list[str]]:
    """The card for ``node`` of weight layer ``layer``, on the engine's forward pass of x."""
    fp = net.forward(x)
    view = NodeInspector()
    qtbot.addWidget(view)
    numbers = node_numbers(
        net.weights[layer],
        net.biases[layer],
        fp.a[layer].ravel(),
        fp.z[layer].ravel(),
        fp.a[layer + 1].ravel(),
        layer,
        node,
        net.activations[layer],
    )
    view.set_numbers(numbers, "node")
    view.grab()
    return view, view.text_lines()


def _lesson_net():
    from engine import Network

    net = Network((64, 4, 10), ("leaky_relu", "softmax"), "categorical_crossentropy", seed=2)
    x = np.random.default_rng(0).uniform(0, 1, 64)
    return net, x


def test_a_small_sum_shows_every_term(qtbot) -> None:
    """An output node fed by 4 hidden nodes: all 4 terms of z = w·x + b, none hidden by '…'."""
    net, x = _lesson_net()
    _view, lines = _inspect(qtbot, net, 1, 2, x)
    text = "\n".join(lines)
    assert "…" not in text and "(4 terms)" in lines[0]
    from gui.lab.activation_view import format_value

    w, h = net.weights[1][:, 2], net.forward(x).a[1].ravel()
    for wi, hi in zip(w, h, strict=True):
        shown = format_value(float(hi))
        shown = shown.replace("-", "−").replace("−0.00", "0.00")  # leaky ReLU's negatives
        assert f"{format_value(abs(float(wi)))}×{shown}" in text
    assert lines[1].count("×") + lines[2].count("×") == 4  # three terms a line


def test_a_large_sum_says_how_many_terms_are_folded(qtbot) -> None:
    net, x = _lesson_net()
    _view, lines = _inspect(qtbot, net, 0, 1, x)
    assert "(64 terms)" in lines[0]
    assert lines[1].count("×") == 3 and lines[2] == "    + … (61 more terms folded)"


def test_softmax_is_written_over_all_outputs_with_the_engines_numbers(qtbot) -> None:
    import math

    net, x = _lesson_net()
    fp = net.forward(x)
    z, a = fp.z[1].ravel(), fp.a[2].ravel()
    _view, lines = _inspect(qtbot, net, 1, 2, x)
    assert lines[-3] == "a_k = e^{z_k} / Σ_j e^{z_j}"
    assert lines[-2] == f"a_3 = e^{{{z[2]:.4f}}} / Σ_j e^{{z_j}}"
    assert lines[-1] == f"    = {math.exp(z[2]):.4g} / {np.exp(z).sum():.4g} = {a[2]:.4f}"
    assert "softmax(" not in "\n".join(lines)


def test_softmax_of_huge_z_is_written_shifted(qtbot) -> None:
    zs = np.array([800.0, 799.0])
    a = np.exp(zs - 800) / np.exp(zs - 800).sum()
    n = node_numbers(np.eye(2), np.zeros(2), zs, zs, a, 1, 0, "softmax")
    view = NodeInspector()
    qtbot.addWidget(view)
    view.set_numbers(n, "big")
    assert view.text_lines()[-2:] == [
        "a_1 = e^{z_1 − m} / Σ_j e^{z_j − m}   (m = max z)",
        f"    = 1 / 1.368 = {a[0]:.4f}",
    ]


def test_leaky_relu_states_its_slope(qtbot) -> None:
    from engine import LEAKY_SLOPE

    net, x = _lesson_net()
    fp = net.forward(x)
    z = fp.z[0].ravel()
    negative = int(np.argmin(z))
    assert z[negative] < 0
    _view, lines = _inspect(qtbot, net, 0, negative, x)
    assert f"else {LEAKY_SLOPE} × z" in lines[-2]
    a = float(fp.a[1].ravel()[negative])
    assert lines[-1] == f"a = {LEAKY_SLOPE} × ({z[negative]:.4f}) = {a:.4f}   (z ≤ 0)"
