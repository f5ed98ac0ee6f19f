"""The projector layout (View > Projector layout, F10): readable from the back of the room.

The designer folds to one line that sums the design up (``design_summary``, shown by
``DesignSummary``, objectName ``designSummary``; a click unfolds the designer again), toolbars
and the run table hide (the menus keep their actions, the plot its ghosts), the plot and the
canvas share the whole width, and the window's base font is raised so every text is at least
``zoom.PROJECTOR_MIN_PX`` high (the key numbers ``zoom.KEY_NUMBER_SCALE`` larger). The
presentation zoom still applies on top of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QToolBar, QWidget

import engine
from engine import Design

if TYPE_CHECKING:
    from gui.main_window import MainWindow

#: Short names for the summary line (the designer shows the long labels).
LOSS_SHORT = {
    "categorical_crossentropy": "CE",
    "binary_crossentropy": "BCE",
    "mse": "MSE",
    "mae": "MAE",
}
OPTIMIZER_SHORT = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}
#: In the projector layout the plot's tabs get this share of the width beside the lab.
PLOT_SHARE = 0.5
SEPARATOR = " · "
#: The summary's share of the menu bar's width, at most.
SUMMARY_SHARE = 0.5


def design_summary(design: Design) -> str:
    """One line for the whole design, e.g.
    ``64-32-10 · ReLU · softmax CE · Adam α 0.001 · mini-batch 32 · 60 epochs``."""
    sizes = "-".join(str(n) for n in engine.layer_sizes(design))
    activations = list(dict.fromkeys(layer.activation for layer in design.hidden))
    hidden = ", ".join(_activation_label(a) for a in activations)
    output = engine.output_layer(design)[1]
    loss = f"{output} {LOSS_SHORT.get(design.loss, design.loss)}"
    optimizer = (
        f"{OPTIMIZER_SHORT.get(design.optimizer, design.optimizer)} α {design.learning_rate:g}"
    )
    batch = {"batch": "full batch", "stochastic": "stochastic"}.get(
        design.batch_mode, f"{design.batch_mode} {design.batch_size}"
    )
    parts = [sizes, hidden, loss, optimizer, batch, f"{design.epochs} epochs"]
    return SEPARATOR.join(part for part in parts if part)


def _activation_label(name: str) -> str:
    activation = engine.ACTIVATIONS.get(name)
    return activation.label if activation is not None else name


class DesignSummary(QLabel):
    """The design in one line (elided to its width, in full in the tooltip); a click on it
    unfolds the designer (``clicked``)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designSummary")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContentsMargins(6, 2, 6, 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""

    def set_design(self, design: Design) -> None:
        self._full = design_summary(design)
        self.setToolTip(f"{self._full}\nClick to show the designer.")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        """The whole line, but at most ``SUMMARY_SHARE`` of the window (the menus need the
        rest of the menu bar)."""
        hint = super().sizeHint()
        margins = self.contentsMargins()
        full = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(min(full, int(self.window().width() * SUMMARY_SHARE)), hint.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        room = max(10, self.contentsRect().width())
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            self.setText(text)


def show_designer(window: MainWindow, visible: bool) -> None:
    """Unfold or fold the designer; folded, its one-line summary stands in for it."""
    window.acts["designer"].setChecked(visible)
    window.designer.setVisible(visible)
    window.summary.set_design(window.controller.design)
    window.summary.setVisible(not visible)


def fold_if_cramped(window: MainWindow) -> None:
    """After a zoom: fold the designer if the window cannot show it beside the plot and the
    lab without scrolling; unfold it again when a later zoom leaves room (only if it was
    folded here: it is tried, and folded again if it does not fit)."""
    if not window.isVisible():
        return  # sizes are not known yet; the zoom says again when the window shows
    settle_layouts()
    if window.designer.isVisible():
        if cramped(window):
            show_designer(window, False)
            window.designer_folded_by_zoom = True
    elif window.designer_folded_by_zoom and not window.zoom.projector:
        show_designer(window, True)  # a hidden form's sizes are stale: measure it shown
        settle_layouts()
        if cramped(window):
            show_designer(window, False)
        else:
            window.designer_folded_by_zoom = False


def settle_layouts() -> None:
    """Let every layout invalidated by the new font compute its sizes now (Qt would do it at
    the next turn of the event loop), so the sizes measured next are the new ones."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def cramped(window: MainWindow) -> bool:
    """True if the panels shown need more width than the window has for them."""
    scroll = window.centralWidget()
    room = scroll.width() if scroll is not None else window.width()
    return window.main_splitter.minimumSizeHint().width() > room


def set_projector(window: MainWindow, on: bool) -> None:
    """Switch the projector layout on or off: the designer folds (or comes back), the summary
    line shows, the base font is raised, the plot and the lab share the width."""
    show_designer(window, not on)
    window.designer_folded_by_zoom = False
    # Toolbars take a row the plot and the canvas need; their actions stay in the menus. The
    # run table folds too (its ghost curves stay on the plot; the normal layout shows it).
    for bar in window.findChildren(QToolBar):
        bar.setVisible(not on)
    window.runs.folded = on
    window.runs.setVisible(not on and bool(window.runs.log.records))
    # The epoch log is for reading up close; on the projector the readout says its numbers
    # in large type and the plot takes the log's height.
    window.loss_panel.epoch_log.setVisible(not on)
    if on:
        total = sum(window.view_splitter.sizes()) or window.width()
        plot = int(total * PLOT_SHARE)
        window.view_splitter.setSizes([plot, total - plot])
    window.zoom.set_projector(on)  # then the tabs may take more (give_tabs_room)
