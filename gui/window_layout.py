"""The main window's layout: the designer column, and on the right the training bar above
the loss plot (with the insight tabs) beside the draw-a-digit area; both splitters keep their
objectNames (``mainSplitter``, ``viewSplitter``) so their sizes are saved between sessions.

Fitting a small screen: the tab titles are short (the full name in the tooltip) and shown as
a strip that wraps onto more rows when narrow (gui/tab_strip.py); only the shown tab's size
counts; the whole layout sits in a frameless scroll area (``windowScroll``) so a zoom that
needs more room than the screen has scrolls instead of growing the window past its edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.tab_strip import BarlessTabWidget, TabStrip

if TYPE_CHECKING:
    from gui.main_window import MainWindow

#: Tab titles short enough for 1024x768 at zoom 150 % (the full title is the tooltip).
SHORT_TITLES = {
    "Loss & accuracy": "Loss",
    "What nodes look for": "Weights",
    "Evaluation": "Test set",
    "f(z) & loss": "f(z)",
}
LOSS_TAB_TITLE = "Loss & accuracy"


class OnlyTheShownTabCounts(QObject):
    """A tab widget is at least as large as its largest page, shown or not; with many tabs and
    a large zoom that alone could push the window past the screen. A hidden page's size
    policy is set to Ignored (its minimum no longer counts) and restored when it shows."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._policies: dict[QWidget, QSizePolicy] = {}
        tabs.currentChanged.connect(self._on_current_changed)
        self._on_current_changed(tabs.currentIndex())

    def _on_current_changed(self, index: int) -> None:
        ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for i in range(self._tabs.count()):
            page = self._tabs.widget(i)
            if page is None:
                continue
            if i == index:
                if page in self._policies:
                    page.setSizePolicy(self._policies.pop(page))
            elif page not in self._policies:
                self._policies[page] = page.sizePolicy()
                page.setSizePolicy(ignored)


def _tabs_column(tabs: QTabWidget) -> QWidget:
    """The tabs under their titles as a strip that wraps onto a second row rather than elide
    (gui/tab_strip.py); only the shown tab's size counts."""
    OnlyTheShownTabCounts(tabs)
    tabs_column = QWidget()
    column = QVBoxLayout(tabs_column)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(TabStrip(tabs))
    column.addWidget(tabs, 1)
    return tabs_column


def lay_out(window: MainWindow) -> tuple[QTabWidget, QSplitter, QSplitter]:
    """The insight tabs, the view splitter and the main splitter, built around the window's
    panels; the main splitter, in the window's scroll area, becomes the central widget."""
    tabs = BarlessTabWidget()  # a QTabWidget; the strip shows its titles
    tabs.setObjectName("insightTabs")
    tabs.setDocumentMode(True)
    loss_area = QSplitter(Qt.Orientation.Vertical)  # the plot, and the runs table under it
    loss_area.setObjectName("runsSplitter")
    loss_area.addWidget(window.loss_panel)
    loss_area.addWidget(window.runs)
    loss_area.setStretchFactor(0, 3)
    loss_area.setStretchFactor(1, 1)
    loss_area.setChildrenCollapsible(False)
    tabs.addTab(loss_area, SHORT_TITLES.get(LOSS_TAB_TITLE, LOSS_TAB_TITLE))
    tabs.setTabToolTip(
        0, "Loss & accuracy: the loss falling and the accuracy rising, epoch by epoch."
    )
    for title, widget in window.lab.insight_tabs():
        index = tabs.addTab(widget, SHORT_TITLES.get(title, title).replace("&", "&&"))
        tabs.setTabToolTip(index, title)  # the full name
    for widget, title, tip in (  # issue 9: the learning itself
        (window.gradient_panel, "Gradients", "How big the gradient is in each layer."),
        (window.update_view, "Update", "w := w − α·dw for one node, after each step."),
    ):
        tabs.setTabToolTip(tabs.addTab(widget, title), tip)

    view = QSplitter(Qt.Orientation.Horizontal)
    view.setObjectName("viewSplitter")
    view.addWidget(_tabs_column(tabs))
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

    scroll = QScrollArea()
    scroll.setObjectName("windowScroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setWidget(main)
    window.setCentralWidget(scroll)
    # The folded designer's one-line summary: in the menu bar's empty right end, so the
    # projector layout spends no height on it.
    window.menuBar().setCornerWidget(window.summary, Qt.Corner.TopRightCorner)
    window.summary.hide()  # shown while the designer is folded
    return tabs, view, main
