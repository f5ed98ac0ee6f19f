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
