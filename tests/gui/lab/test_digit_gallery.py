"""DigitGallery: clicking a digit names its index in the test set."""

import numpy as np
from PySide6.QtCore import Qt

from gui.lab.digit_gallery import DigitGallery


def test_a_click_on_a_digit_emits_its_test_index(qtbot) -> None:
    gallery = DigitGallery()
    qtbot.addWidget(gallery)
    gallery.resize(400, 200)
    gallery.set_digits([17, 42], np.zeros((2, 8, 8)), ["90%", "55%"])
    gallery.show()
    qtbot.waitExposed(gallery)
    assert gallery.indices() == [17, 42]
    with qtbot.waitSignal(gallery.digitClicked) as blocker:
        qtbot.mouseClick(
            gallery, Qt.MouseButton.LeftButton, pos=gallery.thumb_rect(1).center().toPoint()
        )
    assert blocker.args == [42]
