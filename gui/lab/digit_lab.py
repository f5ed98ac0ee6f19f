"""DigitLab: draw a digit on the 8x8 canvas and see inside the network as it learns.

The lab owns the canvas, the prediction and activation views and three "insight" views the
main window shows in tabs (network diagram, receptive fields, evaluation). On every stroke
and on every training frame it gets it runs **one** forward pass of the current network on
the drawing, scaled as the task says (``x = task.scale(pixels)``), and hands the numbers to
every view; the views only paint. Nothing here trains or changes weights. While training, the
lab and each insight view get frames on their own (``on_frame``), at the rates declared in
gui/training/clock.py.

Public API used by the main window::

    lab = DigitLab()
    lab.set_task(task)          # engine DigitsTask: test digits, class names, scaling
    lab.set_network(net)        # engine Network (a snapshot copy) or None, for every view
    lab.on_frame(frame)         # a training frame: the lab's own views (the insight views
                                # get frames themselves)
    lab.network()
    lab.insight_tabs()          # [("Network", w), ("What nodes look for", w), ("Evaluation", w),
                                #  ("f(z) & loss", w), ("Our digits", w)]

Child widgets (also found by objectName): ``digitCanvas``, ``predictionView``,
``activationView``, ``networkDiagram``, ``receptiveFields``, ``evaluationView``,
``ownDigitsView``, ``nodeInspector``, ``functionViews`` (``activationFunctionPlot``,
``exampleLossView``). The lab lays them out and scores the drawing; when and where the node
card opens is ``node_card.py``, the column of drawing edits ``drawing_tools.py``.
Run ``python -m gui.lab.digit_lab`` for a quick look with a freshly trained network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine import DigitsTask, ForwardPass, Network
from gui.lab.activation_view import ActivationView
from gui.lab.digit_canvas import DigitCanvas
from gui.lab.drawing_tools import DrawingTools, lab_button
from gui.lab.evaluation_view import EvaluationView
from gui.lab.function_views import FunctionViews
from gui.lab.network_diagram import NetworkDiagram
from gui.lab.node_card import NodeCard
from gui.lab.node_inspector import NodeInspector
from gui.lab.own_digits_view import OwnDigitsView
from gui.lab.prediction_view import PredictionView
from gui.lab.receptive_fields import ReceptiveFields
from gui.training.frame import Frame
from gui.zoom import DESIGN_PX, font_px

MIN_WIDTH = 360
NO_NETWORK = "No network yet.\nDesign one and press Train — then draw a digit."
#: What the prediction says while the canvas is blank: an empty picture is no digit, so the
#: network's answer to it (its biases alone) would be a big, meaningless class.
BLANK_DRAWING = (
    "Draw a digit on the grid\n(left button paints, right erases)\nand see what the network reads."
)


class DigitLab(QWidget):
    """Canvas + prediction + hidden activations, and the insight views kept in step."""

    #: (weight layer, node) the node card opened on (0 = hidden 1): other views follow it.
    nodeInspected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitLab")
        # Narrower than this, the ten bars and the activation values no longer fit legibly.
        self.setMinimumWidth(MIN_WIDTH)  # at the default font; grows with the zoom
        self._task: DigitsTask | None = None
        self._net: Network | None = None
        self._forward: ForwardPass | None = None
        self._x: NDArray[np.float64] | None = None
        self._loaded_index: int | None = None  # test digit in the canvas, None when drawn
        self._edited = False
        self._rng = np.random.default_rng()

        self.digitCanvas = DigitCanvas()
        self.predictionView = PredictionView()
        self.activationView = ActivationView()
        self.networkDiagram = NetworkDiagram()
        self.receptiveFields = ReceptiveFields()
        self.evaluationView = EvaluationView()
        self.functionViews = FunctionViews()
        self.ownDigitsView = OwnDigitsView(self.digitCanvas)  # the class's own drawings
        self.nodeInspector = NodeInspector()
        # A frameless tool window: floats over the lab, does not take the keyboard focus.
        self.nodeInspector.setParent(
            self, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
        )
        self.nodeInspector.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.nodeInspector.hide()
        self._card = NodeCard(self, self, self.nodeInspector, self.activationView)

        self._build_layout()
        self._connect()
        self._refresh()

    # ------------------------------------------------------------- public API
    def set_task(self, task: DigitsTask | None) -> None:
        """Use ``task`` (engine DigitsTask) for scaling, test digits, class names, evaluation."""
        self._task = task
        self._loaded_index = None
        names = tuple(task.class_names) if task is not None else ()
        self.predictionView.set_class_names(names)
        self.networkDiagram.set_class_names(names)
        self.evaluationView.set_task(task)
        self.functionViews.set_task(task)
        self.ownDigitsView.set_task(task)
        self.randomButton.setEnabled(task is not None)
        self._update_label()
        self._refresh()

    def set_network(self, net: Network | None) -> None:
        """Show ``net`` (an engine Network snapshot copy) or None in every view; re-score."""
        if net is None:
            self.networkDiagram.clear()
        else:
            self.networkDiagram.set_weights(list(net.weights), list(net.activations))
        self.receptiveFields.set_weights(None if net is None else net.weights[0])
        self.evaluationView.set_network(net)
        self.ownDigitsView.set_network(net)
        self._net = net
        self._refresh()

    def on_frame(self, frame: Frame) -> None:
        """A training frame: re-score the drawing with its network, if it is a new one."""
        if frame.network is not self._net:
            self._net = frame.network
            self._refresh()

    def network(self) -> Network | None:
        """The network whose numbers the views show (None before the first one)."""
        return self._net

    def task(self) -> DigitsTask | None:
        return self._task

    def insight_tabs(self) -> list[tuple[str, QWidget]]:
        """The views the main window shows in tabs; the lab keeps them up to date."""
        return [
            ("Network", self.networkDiagram),
            ("What nodes look for", self.receptiveFields),
            ("Evaluation", self.evaluationView),
            ("f(z) & loss", self.functionViews),
            ("Our digits", self.ownDigitsView),
        ]

    def load_test_digit(self, index: int) -> None:
        """Put test digit ``index`` (raw 0–16 image) into the canvas and show its true label."""
        if self._task is None:
            return
        image = np.asarray(self._task.images_test[index], dtype=np.float64)
        self.digitCanvas.set_pixels(image)  # emits pixelsChanged -> re-score, marks edited
        self._loaded_index = int(index)
        self._edited = False
        self._update_label()

    def load_drawing(self, image: NDArray[np.float64]) -> None:
        """Put a drawing (8x8, 0–16) into the canvas; it is no test digit (no true label)."""
        self.digitCanvas.set_pixels(image)
        self._loaded_index = None
        self._update_label()

    def load_random_test_digit(self) -> None:
        if self._task is None:
            return
        self.load_test_digit(int(self._rng.integers(len(self._task.images_test))))

    def current_input(self) -> NDArray[np.float64] | None:
        """The scaled 64-vector x fed to the network for the current drawing."""
        return None if self._x is None else self._x.copy()

    def forward_pass(self) -> ForwardPass | None:
        """The engine ForwardPass behind what the views show (None without a network)."""
        return self._forward

    def inspect_node(
        self, layer: int, node: int, pos: QPoint | None = None, pin: bool = True, show: bool = True
    ) -> None:
        """Open the node inspector on node ``node`` of weight layer ``layer`` (0 = hidden 1);
        ``show`` False selects the node without showing its card."""
        self._card.open(layer, node, pos, pin, show)

    @property
    def inspected_node(self) -> tuple[int, int] | None:
        """(weight layer, node) the inspector is on, shown or only selected; None if none."""
        return self._card.inspected

    def close_inspector(self) -> None:
        self._card.close()

    # ------------------------------------------------------------- layout
    def _build_layout(self) -> None:
        big = QFont()  # no attribute set: the buttons inherit the (zoomed) window font

        def button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
            return lab_button(text, tip, big, slot)

        self.clearButton = button("Clear", "Erase the drawing (Ctrl+Backspace)", self._on_clear)
        self.clearButton.setObjectName("clearButton")
        self.randomButton = button(
            "Random test digit",
            "Load a digit the network never trained on",
            self.load_random_test_digit,
        )
        self.randomButton.setObjectName("randomDigitButton")
        self.numbersBox = QCheckBox("Numbers")
        self.numbersBox.setObjectName("numbersCheck")
        self.numbersBox.setFont(big)
        self.numbersBox.setToolTip("Write each pixel's value 0–16 on the canvas")
        self.numbersBox.toggled.connect(self.digitCanvas.set_show_numbers)
        self.fineBox = QCheckBox("32x32")
        self.fineBox.setObjectName("fineCheck")
        self.fineBox.setFont(big)
        self.fineBox.setToolTip(
            "Draw a fine 32x32 black-and-white bitmap; it is reduced to 8x8 by counting the\n"
            "ink in each 4x4 block — exactly how the data set was made"
        )
        self.fineBox.toggled.connect(self.digitCanvas.set_fine)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.clearButton)
        top.addWidget(self.randomButton)
        top.addStretch(1)

        # Robustness: a cross of arrow buttons and three edits, in a narrow column.
        self.drawingTools = DrawingTools(self.digitCanvas, big)
        self.shiftButtons = self.drawingTools.shiftButtons
        self.noiseButton = self.drawingTools.noiseButton
        self.thickenButton = self.drawingTools.thickenButton
        self.thinButton = self.drawingTools.thinButton

        canvas_row = QHBoxLayout()
        canvas_row.addWidget(self.digitCanvas, 1)
        canvas_row.addWidget(self.drawingTools)

        self.labelLabel = QLabel()
        self.labelLabel.setObjectName("trueLabel")
        self.labelLabel.setFont(big)
        self.labelLabel.setWordWrap(True)
        # It names classes and test digits: shown as text, never interpreted as HTML.
        self.labelLabel.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(canvas_row, 5)
        # Below the canvas: what is in it (true label of a test digit) and how it is shown.
        label_row = QHBoxLayout()
        label_row.addWidget(self.labelLabel, 1)
        label_row.addWidget(self.numbersBox)
        label_row.addWidget(self.fineBox)
        layout.addLayout(label_row)
        layout.addWidget(self.predictionView, 3)
        layout.addWidget(self.activationView, 4)
        self.predictionView.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self._update_label()

        QShortcut(QKeySequence("Ctrl+Backspace"), self, self._on_clear)

    def changeEvent(self, event: QEvent) -> None:
        """The zoom changed the font: the bars and values need room in proportion (at most
        1.25x: beyond that the views shrink their cells rather than push the window)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            grow = min(1.25, max(1.0, font_px(self.font()) / DESIGN_PX))
            self.setMinimumWidth(round(MIN_WIDTH * grow))

    def _connect(self) -> None:
        self.digitCanvas.pixelsChanged.connect(self._on_pixels_changed)
        self.activationView.nodeHovered.connect(self._card.hovered)
        self.activationView.nodeClicked.connect(self._card.clicked)
        self.activationView.nodeLeft.connect(self._card.left)
        self.networkDiagram.nodeClicked.connect(self._card.clicked)
        self.receptiveFields.tileClicked.connect(self._on_tile_clicked)
        self.nodeInspector.closeRequested.connect(self.close_inspector)
        self._card.nodeOpened.connect(self.nodeInspected)
        self.evaluationView.digitChosen.connect(self.load_test_digit)
        self._card.nodeOpened.connect(self.functionViews.select)
        self.ownDigitsView.drawingChosen.connect(self.load_drawing)

    # ------------------------------------------------------------- slots
    def _on_clear(self) -> None:
        self.digitCanvas.clear()
        self._loaded_index = None
        self._update_label()

    def _on_pixels_changed(self) -> None:
        if self._loaded_index is not None and not self._edited:
            self._edited = True
            self._update_label()
        self._refresh()

    def _on_tile_clicked(self, node: int, pos: QPoint) -> None:
        self._card.open(0, node, pos, pin=True)

    # ------------------------------------------------------------- the one forward pass
    def _scale(self, pixels: NDArray[np.float64]) -> NDArray[np.float64]:
        """Pixels 0–16 -> the network's input x, exactly as the training data were scaled."""
        flat = pixels.reshape(64)
        if self._task is None:
            return flat / 16.0  # the default design's scaling, until a task is set
        return np.asarray(self._task.scale(flat), dtype=np.float64).reshape(64)

    def _refresh(self) -> None:
        """Score the drawing with the current network and hand the numbers to every view."""
        pixels = self.digitCanvas.pixels()
        net = self._net
        if net is None:
            self._forward = None
            self._x = None
            self.predictionView.set_empty(NO_NETWORK)
            self.activationView.set_empty(NO_NETWORK)
            self.networkDiagram.set_forward(pixels, [])
            self.receptiveFields.set_activations(None)
            self.nodeInspector.hide()
            self.functionViews.show_scored(None, None, None, drawn=False)
            return
        x = self._scale(pixels)
        with np.errstate(all="ignore"):
            fp = net.forward(x)
        self._forward = fp
        self._x = x
        a = [np.asarray(v, dtype=np.float64).ravel() for v in fp.a]
        if pixels.any():
            self.predictionView.set_probabilities(a[-1])
        else:
            self.predictionView.set_empty(BLANK_DRAWING)
        self.activationView.set_values(x, a[1:-1], list(net.activations[:-1]))
        self.networkDiagram.set_forward(pixels, a[1:])
        self.receptiveFields.set_activations(a[1] if len(a) > 2 else None)
        self._card.refresh()
        self.functionViews.show_scored(net, fp, x, drawn=bool(pixels.any()))

    def _update_label(self) -> None:
        self._update_true_class()
        if self._loaded_index is None or self._task is None:
            self.labelLabel.setText("Left: paint · right: erase")
            return
        idx = self._loaded_index
        digit = int(np.asarray(self._task.labels_test_digit)[idx])
        y = int(np.asarray(self._task.y_test)[idx])
        names = tuple(self._task.class_names)
        label = names[y] if y < len(names) else str(y)
        text = f"Test digit #{idx}: true label {label}"
        if label != str(digit):
            text += f" (the digit {digit})"
        if self._edited:
            text += " — edited by you"
        self.labelLabel.setText(text)

    def _update_true_class(self) -> None:
        """Box the true class in the bars while an unedited test digit is in the canvas."""
        index = None
        if self._loaded_index is not None and self._task is not None and not self._edited:
            index = int(np.asarray(self._task.y_test)[self._loaded_index])
            self.functionViews.set_true_label(index)  # the one-example loss compares to it
        self.predictionView.set_true_class(index)

    def hideEvent(self, event: Any) -> None:
        self.nodeInspector.hide()
        super().hideEvent(event)


def _demo() -> None:  # pragma: no cover - a manual look, see the module docstring
    """Train a small network for a few epochs and show the lab with its insight tabs."""
    import sys

    from PySide6.QtWidgets import QApplication, QSplitter, QTabWidget

    import engine

    app = QApplication.instance() or QApplication(sys.argv)
    design = engine.Design(epochs=8)
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=8, seed=0)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    lab = DigitLab()
    lab.set_task(task)
    lab.set_network(net)
    tabs = QTabWidget()
    for title, widget in lab.insight_tabs():
        tabs.addTab(widget, title)
    window = QSplitter()
    window.addWidget(lab)
    window.addWidget(tabs)
    window.setWindowTitle("Digit lab")
    window.resize(1000, 700)
    window.show()
    lab.load_random_test_digit()
    sys.exit(app.exec())


if __name__ == "__main__":
    _demo()
