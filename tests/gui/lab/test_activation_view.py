"""ActivationView: one cell per node, all inside the widget, hover and click find the node."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.lab.activation_view import ActivationView, colour_range, format_value


def test_colour_range_fixed_for_bounded_functions_observed_otherwise() -> None:
    assert colour_range(np.array([0.2, 0.9]), "sigmoid") == (0.0, 1.0)
    assert colour_range(np.array([0.2, 0.9]), "tanh") == (-1.0, 1.0)
    assert colour_range(np.array([0.0, 3.5, 1.0]), "relu") == (0.0, 3.5)
    assert colour_range(np.array([-2.0, 1.0]), "linear") == (-2.0, 1.0)
    lo, hi = colour_range(np.array([np.nan, np.inf]), "relu")
    assert lo < hi
    assert format_value(0.123456) == "0.12" and format_value(12.345) == "12.3"


@pytest.mark.parametrize("sizes", [(32,), (64, 32), (256, 256)])
def test_every_node_has_a_cell_inside_the_widget(qtbot, sizes) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.resize(440, 300)
    view.show()
    rng = np.random.default_rng(0)
    hidden = [rng.random(n) for n in sizes]
    view.set_values(rng.random(64), hidden, ["relu"] * len(sizes))
    for layer, n in enumerate(sizes):
        for node in (0, n // 2, n - 1):
            r = view.node_rect(layer, node)
            assert r.left() >= 0 and r.right() <= view.width() + 0.5
            assert r.top() >= 0 and r.bottom() <= view.height() + 0.5
            assert view.node_at(r.center()) == (layer, node)
    for got, want in zip(view.activations(), hidden, strict=True):
        np.testing.assert_array_equal(got, want)
    view.grab()


def test_hover_and_click_report_the_node(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.resize(440, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_values(np.zeros(64), [np.arange(10.0)], ["relu"])
    centre = view.node_rect(0, 7).center().toPoint()
    with qtbot.waitSignal(view.nodeHovered) as hovered:
        qtbot.mouseMove(view, pos=centre)
    assert hovered.args[:2] == [0, 7]
    with qtbot.waitSignal(view.nodeClicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert clicked.args[:2] == [0, 7]


def test_empty_state(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_empty("No network yet.")
    assert view.activations() == [] and view.input_values() is None
    view.grab()


def test_a_network_without_hidden_layers_says_so(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.set_values(np.linspace(0, 1, 64), [], ["sigmoid"])
    assert view.activations() == []
    image = view.grab().toImage()
    left = 120  # right of the input strip, where the hidden layers would be
    dark = sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(left, image.width(), 3)
        for y in range(0, image.height(), 3)
    )
    assert dark > 50  # the explanatory sentence is painted there


def test_values_are_key_numbers_that_fit_their_cell_or_are_left_out():
    from gui.lab.activation_view import value_font_px

    assert value_font_px(15, 80.0) == 20  # 1.35 x the 15 px body text
    assert value_font_px(18, 80.0) == 24  # the projector's body text: 24 px values
    assert value_font_px(15, 38.0) == 13  # capped by the cell ("0.04" fits 0.36 x cell)
    assert value_font_px(18, 38.0) == 0  # smaller than 0.8 x the text around: not drawn
    assert value_font_px(15, 30.0) == 0  # no room at all
