"""The main window's layout: the designer column, and on the right the training bar above the
loss plot (with the insight tabs) beside the draw-a-digit area; both splitters keep their
objectNames (``mainSplitter``, ``viewSplitter``) so their sizes are saved between sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def lay_out(window: MainWindow) -> tuple[QTabWidget, QSplitter, QSplitter]:
    """The insight tabs, the view splitter and the main splitter, built around the window's
    panels; the main splitter becomes the central widget."""
    tabs = QTabWidget()
    tabs.setObjectName("insightTabs")
    tabs.setDocumentMode(True)
    loss_area = QSplitter(Qt.Orientation.Vertical)  # the plot, and the runs table under it
    loss_area.setObjectName("runsSplitter")
    loss_area.addWidget(window.loss_panel)
    loss_area.addWidget(window.runs)
    loss_area.setStretchFactor(0, 3)
    loss_area.setStretchFactor(1, 1)
    loss_area.setChildrenCollapsible(False)
    tabs.addTab(loss_area, "Loss && accuracy")
    tabs.setTabToolTip(0, "The loss falling and the accuracy rising, epoch by epoch.")
    for title, widget in window.lab.insight_tabs():
        index = tabs.addTab(widget, title.replace("&", "&&"))
        tabs.setTabToolTip(index, title)  # the full name when a narrow screen elides it
    for widget, title, tip in (  # issue 9: the learning itself
        (window.gradient_panel, "Gradients", "How big the gradient is in each layer."),
        (window.update_view, "The update", "w := w − α·dw for one node, after each step."),
    ):
        tabs.setTabToolTip(tabs.addTab(widget, title), tip)

    view = QSplitter(Qt.Orientation.Horizontal)
    view.setObjectName("viewSplitter")
    view.addWidget(tabs)
    view.addWidget(window.lab)
    view.setStretchFactor(0, 3)
    view.setStretchFactor(1, 2)
    view.setChildrenCollapsible(False)

    right = QWidget()
    right_box = QVBoxLayout(right)
    right_box.setContentsMargins(0, 0, 0, 0)
    right_box.setSpacing(2)
    right_box.addWidget(window.controls)
    right_box.addWidget(view, 1)

    main = QSplitter(Qt.Orientation.Horizontal)
    main.setObjectName("mainSplitter")
    main.addWidget(window.designer)
    main.addWidget(right)
    main.setStretchFactor(0, 0)
    main.setStretchFactor(1, 1)
    main.setChildrenCollapsible(False)
    window.setCentralWidget(main)
    return tabs, view, main
