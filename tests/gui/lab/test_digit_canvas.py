"""DigitCanvas driven by real mouse and key events: paint, erase, keyboard, fine 32x32 mode."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine import drawing
from gui.lab.digit_canvas import DigitCanvas


@pytest.fixture
def canvas(qtbot):
    c = DigitCanvas()
    qtbot.addWidget(c)
    c.resize(400, 400)
    c.show()
    qtbot.waitExposed(c)
    return c


def point(canvas, r, c):
    return canvas.cell_center(r, c).toPoint()


def test_left_click_paints_a_soft_dot(canvas, qtbot) -> None:
    with qtbot.waitSignal(canvas.pixelsChanged):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 3, 4))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 3, 4))
    px = canvas.pixels()
    assert px[3, 4] == 16
    assert 0 < px[2, 4] < 16 and 0 < px[3, 5] < 16
    assert px[0, 0] == 0
    np.testing.assert_array_equal(px, drawing.paint(drawing.empty_grid(), 3.5, 4.5))


def test_drag_paints_a_stroke_and_right_button_erases(canvas, qtbot) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 1, 1))
    qtbot.mouseMove(canvas, pos=point(canvas, 1, 6))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 1, 6))
    px = canvas.pixels()
    assert np.all(px[1, 1:7] == 16)
    assert np.all(px[5:, :] == 0)
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=point(canvas, 1, 3))
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=point(canvas, 1, 3))
    px2 = canvas.pixels()
    assert px2[1, 3] == 0
    assert px2[1, 1] == 16 and px2[1, 6] == 16
    assert np.all(px2 <= px)


def test_keyboard_arrows_and_space_paint_delete_erases(canvas, qtbot) -> None:
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Space)  # cursor starts at (3, 3)
    assert canvas.pixels()[3, 3] == 16
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    assert canvas.pixels()[4, 4] == 16
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.pixels()[4, 4] == 0
    assert canvas.pixels()[3, 3] > 0


def test_holding_space_while_moving_paints_a_line(canvas, qtbot) -> None:
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    for _ in range(3):
        qtbot.keyClick(canvas, Qt.Key.Key_Left)
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)  # moving without Space paints nothing new
    px = canvas.pixels()
    assert np.all(px[3, 0:4] == 16)
    assert px[1, 0] == 0


def test_set_pixels_round_trips_and_notifies(canvas, qtbot) -> None:
    values = np.random.default_rng(0).integers(0, 17, (8, 8)).astype(float)
    with qtbot.waitSignal(canvas.pixelsChanged):
        canvas.set_pixels(values)
    np.testing.assert_array_equal(canvas.pixels(), values)
    canvas.set_pixels(values.ravel() / 2)  # 64 values, non-integers kept as given
    np.testing.assert_array_equal(canvas.pixels(), values / 2)


def test_fine_mode_reduces_by_counting_ink_per_block(canvas, qtbot) -> None:
    canvas.set_fine(True)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 5, 5))
    qtbot.mouseMove(canvas, pos=point(canvas, 5, 25))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=point(canvas, 5, 25))
    bitmap = canvas.bitmap()
    assert bitmap[5, 5:26].all()
    np.testing.assert_array_equal(canvas.pixels(), drawing.reduce_32_to_8(bitmap))
    assert canvas.pixels()[1, 2] == bitmap[4:8, 8:12].sum() > 0


def test_robustness_edits(canvas) -> None:
    g = np.zeros((8, 8))
    g[2:6, 3] = 16
    canvas.set_pixels(g)
    canvas.shift(0, 1)
    np.testing.assert_array_equal(canvas.pixels(), drawing.shift(g, 0, 1))
    canvas.set_pixels(g)
    canvas.thicken()
    np.testing.assert_array_equal(canvas.pixels(), drawing.thicken(g))
    canvas.set_pixels(g)
    canvas.thin()
    np.testing.assert_array_equal(canvas.pixels(), drawing.thin(g))
    canvas.set_pixels(g)
    canvas.set_rng(np.random.default_rng(3))
    canvas.add_noise()
    np.testing.assert_array_equal(canvas.pixels(), drawing.add_noise(g, np.random.default_rng(3)))
    canvas.clear()
    assert canvas.pixels().sum() == 0


def test_space_paints_even_when_the_window_uses_space_as_a_shortcut(qtbot) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    other = QWidget()
    other.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    canvas = DigitCanvas()
    box = QVBoxLayout(window)
    box.addWidget(other)
    box.addWidget(canvas)
    fired: list[bool] = []
    action = QAction("Train / Pause", window)
    action.setShortcut("Space")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    window.resize(400, 500)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()  # offscreen: no window manager does it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    other.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(other, Qt.Key.Key_Space)
    assert fired == [True]  # the shortcut works elsewhere in the window...
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    assert fired == [True]  # ...but not while drawing on the canvas
    assert canvas.pixels()[3, 3] == 16
