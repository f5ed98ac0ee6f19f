"""NodeCard: a click pins the card on a node's numbers, a second click closes it; it floats
beside the lab, on the screen, and follows the network's changes."""

import pytest

import engine
from gui.lab.digit_lab import DigitLab


@pytest.fixture
def lab(qtbot):
    design = engine.Design(hidden=(engine.HiddenLayer(12, "relu"),), seed=1)
    lab = DigitLab()
    qtbot.addWidget(lab)
    lab.resize(460, 640)
    lab.set_task(engine.load_task(design))
    lab.set_network(engine.build_network(design))
    lab.load_test_digit(0)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


def test_click_pins_and_a_second_click_closes(lab) -> None:
    card = lab._card
    pos = lab.mapToGlobal(lab.rect().center())
    card.clicked(0, 5, pos)
    assert lab.nodeInspector.isVisible() and card.pinned
    assert lab.nodeInspector.numbers().node == 5
    screen = lab.screen().availableGeometry()
    assert screen.contains(lab.nodeInspector.geometry())
    card.left()  # the pointer leaves: a pinned card stays
    assert lab.nodeInspector.isVisible()
    card.clicked(0, 5, pos)
    assert not lab.nodeInspector.isVisible() and card.inspected is None


def test_a_node_the_new_network_lacks_closes_the_card(lab) -> None:
    lab.inspect_node(0, 11)
    assert lab.nodeInspector.isVisible()
    lab.set_network(engine.build_network(engine.Design(hidden=(engine.HiddenLayer(4, "relu"),))))
    assert not lab.nodeInspector.isVisible()
