"""Number fields keep exactly what is typed; the learning-rate field steps along 1-2-5."""

from PySide6.QtCore import Qt

from gui.designer.form_widgets import CollapsibleSection, MessageLabel
from gui.designer.number_fields import LogSpinBox, _ladder_step


def test_log_spin_keeps_small_and_large_rates(qtbot):
    box = LogSpinBox()
    qtbot.addWidget(box)
    box.setValue(0.001)
    assert box.value() == 0.001
    assert box.text() == "0.001"
    box.setValue(1000.0)
    assert box.value() == 1000.0
    assert box.text() == "1000"


def test_log_spin_typing_and_stepping(qtbot):
    box = LogSpinBox()
    qtbot.addWidget(box)
    box.show()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "0.0003")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == 0.0003
    box.setValue(0.001)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 0.002
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 0.005
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 0.0005


def test_ladder():
    assert _ladder_step(0.01, True, 1e-6) == 0.02
    assert _ladder_step(0.05, True, 1e-6) == 0.1
    assert _ladder_step(0.1, False, 1e-6) == 0.05
    assert _ladder_step(0.0, True, 1e-6) == 1e-6


def test_collapsible_section_folds(qtbot):
    body = MessageLabel()
    section = CollapsibleSection("Data", body)
    qtbot.addWidget(section)
    section.show()
    body.show_message("hello")
    assert body.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert not body.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert body.isVisible()
