"""The "f(z) & loss" insight tab: the activation functions with the selected node's z, and the
loss of the one example on the canvas.

The lab hands over what its one forward pass found (``show_scored``) and which node the
inspector opened (``select``); this module picks that node's numbers out of the forward pass
for ``ActivationFunctionPlot`` and the drawing's output for ``ExampleLossView``. It computes no
network math itself. While the tab is hidden nothing is redrawn; it catches up when shown.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from engine import DigitsTask, ForwardPass, Network
from gui.lab.activation_function_plot import ActivationFunctionPlot
from gui.lab.example_loss_view import ExampleLossView


def _scrolling(view: QWidget) -> QScrollArea:
    """``view`` in a vertical scroll area: in a short tab (lesson mode at 1024x768) its
    wrapped lines keep their height and scroll, instead of being drawn over each other."""
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class FunctionViews(QWidget):
    """The activation-function plot above the one-example loss, fed by the lab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("functionViews")
        self.activationFunctionPlot = ActivationFunctionPlot()
        self.exampleLossView = ExampleLossView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("functionSplitter")
        for view in (self.activationFunctionPlot, self.exampleLossView):
            splitter.addWidget(_scrolling(view))
        splitter.setSizes([3, 2])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._net: Network | None = None
        self._fp: ForwardPass | None = None
        self._x: NDArray[np.float64] | None = None
        self._drawn = False
        self._names: tuple[str, ...] = ()
        self.selected: tuple[int, int] | None = None  # (weight layer, node), kept when closed
        self._stale = False

    # ---- from the lab -------------------------------------------------------------------------
    def set_task(self, task: DigitsTask | None) -> None:
        self._names = tuple(task.class_names) if task is not None else ()
        self.exampleLossView.set_class_names(self._names)

    def set_true_label(self, label: int) -> None:
        self.exampleLossView.set_true_label(label)

    def show_scored(
        self,
        net: Network | None,
        fp: ForwardPass | None,
        x: NDArray[np.float64] | None,
        drawn: bool,
    ) -> None:
        """The lab's forward pass of the drawing (``drawn``: the canvas is not blank)."""
        self._net, self._fp, self._x, self._drawn = net, fp, x, drawn
        self._update()

    def select(self, layer: int, node: int) -> None:
        """The inspector opened node ``node`` of weight layer ``layer``."""
        self.selected = (layer, node)
        self._update()

    # ---- feeding the two views ----------------------------------------------------------------
    def _update(self) -> None:
        if not self.isVisible():
            self._stale = True  # redrawn when shown
            return
        self._stale = False
        net, fp = self._net, self._fp
        drawn = self._drawn and net is not None and fp is not None
        self.exampleLossView.show_example(
            net if drawn else None,
            self._x if drawn else None,
            np.asarray(fp.a[-1]) if drawn and fp is not None else None,
        )
        self._mark_node(net, fp)

    def _mark_node(self, net: Network | None, fp: ForwardPass | None) -> None:
        plot = self.activationFunctionPlot
        if net is None or fp is None or self.selected is None:
            plot.clear_node()
            return
        layer, node = self.selected
        if layer >= len(net.weights) or node >= net.weights[layer].shape[1]:
            plot.clear_node()  # the network has no such node any more
            return
        z_layer = np.asarray(fp.z[layer], dtype=np.float64).ravel()
        activation = net.activations[layer]
        others = np.delete(z_layer, node) if activation == "softmax" else None
        if layer == len(net.weights) - 1:
            name = self._names[node] if len(self._names) == z_layer.size else ""
            what = f"Output node {node + 1}" + (f" ({name})" if name else "")
        else:
            what = f"Hidden layer {layer + 1}, node {node + 1}"
        plot.show_z(float(z_layer[node]), activation, f"{what}, on the drawing", others)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._update()
