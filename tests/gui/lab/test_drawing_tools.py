"""DrawingTools: each button edits the canvas it was given, and nothing else."""

import numpy as np
from PySide6.QtCore import Qt

from engine import drawing
from gui.lab.digit_canvas import DigitCanvas
from gui.lab.drawing_tools import DrawingTools


def test_buttons_edit_the_canvas(qtbot) -> None:
    canvas = DigitCanvas()
    tools = DrawingTools(canvas, canvas.font())
    for w in (canvas, tools):
        qtbot.addWidget(w)
    image = np.zeros((8, 8))
    image[2:6, 3] = 16.0
    canvas.set_pixels(image)
    qtbot.mouseClick(tools.shiftButtons["left"], Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(canvas.pixels(), drawing.shift(image, 0, -1))
    before = canvas.pixels()
    qtbot.mouseClick(tools.thickenButton, Qt.MouseButton.LeftButton)
    assert canvas.pixels().sum() > before.sum()
    assert {b.objectName() for b in tools.shiftButtons.values()} == {
        "shiftUpButton",
        "shiftDownButton",
        "shiftLeftButton",
        "shiftRightButton",
    }


def test_noise_never_writes_minus_zero_into_a_cell(qtbot) -> None:
    """Noise on a blank canvas rounds many small negative draws to 0: each must be +0, not
    -0 (which a cell would print as "-0"); the cells equal the engine's noise."""
    canvas = DigitCanvas()
    tools = DrawingTools(canvas, canvas.font())
    for w in (canvas, tools):
        qtbot.addWidget(w)
    canvas.set_rng(np.random.default_rng(5))
    qtbot.mouseClick(tools.noiseButton, Qt.MouseButton.LeftButton)
    expected = drawing.add_noise(np.zeros((8, 8)), np.random.default_rng(5))
    np.testing.assert_array_equal(canvas.pixels(), expected)
    assert (canvas.pixels() == 0).sum() > 10  # many cells were clipped or rounded to 0
    assert not np.signbit(canvas.pixels()).any()
    assert {f"{v:.0f}" for v in canvas.pixels().ravel()} <= {str(n) for n in range(17)}
