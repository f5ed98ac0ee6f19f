"""ConfusionMatrixWidget: the counts, and a click on a cell names that cell."""

import numpy as np
from PySide6.QtCore import Qt

from gui.lab.confusion_matrix import ConfusionMatrixWidget, confusion_matrix


def test_counts_true_rows_by_predicted_columns() -> None:
    cm = confusion_matrix(np.array([1, 1, 0]), np.array([1, 0, 0]), 2)
    np.testing.assert_array_equal(cm, [[1, 0], [1, 1]])


def test_a_click_on_a_cell_emits_its_row_and_column(qtbot) -> None:
    widget = ConfusionMatrixWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.set_matrix(np.array([[3, 1], [0, 2]]), ("even", "odd"))
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.cellClicked) as blocker:
        qtbot.mouseClick(
            widget, Qt.MouseButton.LeftButton, pos=widget.cell_rect(0, 1).center().toPoint()
        )
    assert blocker.args == [0, 1]
