"""The projector layout (View > Projector layout, F10): readable from the back of the room.

The designer folds to one line that sums the design up (``design_summary``, shown by
``DesignSummary``, objectName ``designSummary``; a click unfolds the designer again), the plot
and the canvas share the whole width, and the window's base font is raised so every text is
at least ``zoom.PROJECTOR_MIN_PX`` high (the key numbers ``zoom.KEY_NUMBER_SCALE`` larger).
The presentation zoom still applies on top of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

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


class DesignSummary(QPushButton):
    """A flat button with the design in one line (elided to its width, full in the tooltip);
    clicked, it unfolds the designer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designSummary")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space keeps toggling training
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""

    def set_design(self, design: Design) -> None:
        self._full = design_summary(design)
        self.setToolTip(f"{self._full}\nClick to show the designer.")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        room = max(10, self.width() - 16)
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            self.setText(text)


def set_projector(window: MainWindow, on: bool) -> None:
    """Switch the projector layout on or off: the designer folds (or comes back), the summary
    line shows, the base font is raised, the plot and the lab share the width."""
    window.summary.set_design(window.controller.design)
    window.summary.setVisible(on)
    window.acts["designer"].setChecked(not on)
    window.designer.setVisible(not on)
    window.zoom.set_projector(on)
    if on:
        total = sum(window.view_splitter.sizes()) or window.width()
        plot = int(total * PLOT_SHARE)
        window.view_splitter.setSizes([plot, total - plot])
