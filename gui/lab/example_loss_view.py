"""ExampleLossView: the loss of ONE example — the drawing on the canvas and its true label.

The epoch curve is a mean over a thousand pictures; here is one of its terms, written out with
the numbers (the engine's ``LOSSES``; p is the network's output for the drawing):

    digits, cross-entropy       L = −log p_true                       (softmax output)
    odd/even or is-k, binary    L = −[y·log p + (1−y)·log(1−p)]       (one sigmoid output)
    squared error (MSE)         L = mean over the outputs of (a − y)²
    absolute error (MAE)        L = mean over the outputs of |a − y|

The design's own loss is the engine's number for this one example (``Network.loss``), and
the other losses are shown beside it, with what each would say if the network were 99 % sure
of a wrong answer: cross-entropy grows without bound as p_true → 0, MSE and MAE stay small,
which is why cross-entropy punishes confident mistakes.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine import LOSSES, Network

#: The confident mistake the comparison row imagines: this much on one wrong answer.
SURE_AND_WRONG = 0.99
#: The table's names (short: the tab must fit a 1024-wide window); the tooltip has the title.
SHORT_NAMES = {
    "categorical_crossentropy": "cross-entropy",
    "binary_crossentropy": "cross-entropy",
    "mse": "MSE",
    "mae": "MAE",
}
NO_EXAMPLE = "Draw a digit (or load a test digit) to see the loss of that one example."


def cross_entropy_name(n_outputs: int) -> str:
    """Cross-entropy for the output: categorical for a softmax layer, binary for one sigmoid."""
    return "categorical_crossentropy" if n_outputs > 1 else "binary_crossentropy"


def target(label: int, n_outputs: int) -> NDArray[np.float64]:
    """The target row y: one-hot for several outputs, the 0/1 label for one output."""
    if n_outputs == 1:
        return np.array([[float(label)]])
    y = np.zeros((1, n_outputs))
    y[0, label] = 1.0
    return y


def confident_mistake(label: int, n_outputs: int) -> NDArray[np.float64]:
    """An output 99 % sure of a wrong answer (the rest on the true one)."""
    if n_outputs == 1:
        return np.array([[1.0 - SURE_AND_WRONG if label == 1 else SURE_AND_WRONG]])
    a = np.zeros((1, n_outputs))
    a[0, (label + 1) % n_outputs] = SURE_AND_WRONG
    a[0, label] = 1.0 - SURE_AND_WRONG
    return a


def losses_of(a: NDArray[np.float64], y: NDArray[np.float64]) -> dict[str, float]:
    """Cross-entropy (the output's kind), MSE and MAE of output row ``a`` against ``y``."""
    names = (cross_entropy_name(a.shape[1]), "mse", "mae")
    return {name: LOSSES[name].value(a, y) for name in names}


def formula(loss: str, a: NDArray[np.float64], label: int, value: float) -> str:
    """The design's loss for this example written out with its numbers."""
    row = a.ravel()
    if loss == "categorical_crossentropy":
        return f"L = −log p_true = −log({row[label]:.4f}) = {value:.4f}"
    if loss == "binary_crossentropy":
        p, y = float(row[0]), label
        return (
            f"L = −[y·log p + (1−y)·log(1−p)]\n"
            f"   = −[{y}·log({p:.4f}) + {1 - y}·log({1 - p:.4f})] = {value:.4f}"
        )
    term = "(a − y)²" if loss == "mse" else "|a − y|"
    outputs = f"{row.size} outputs" if row.size > 1 else "the output"
    return f"L = mean of {term} over {outputs} = {value:.4f}"


class ExampleLossView(QWidget):
    """One example's loss in the design's loss, and what the other losses would say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exampleLossView")
        self._net: Network | None = None
        self._x: NDArray[np.float64] | None = None
        self._a: NDArray[np.float64] | None = None
        self.values: dict[str, float] = {}  # what is shown, by loss name (tests read it)
        self.design_loss = math.nan

        self.label_choice = QComboBox()
        self.label_choice.setObjectName("exampleTrueLabel")
        self.label_choice.setToolTip("The right answer for the drawing: the loss compares to it.")
        self.label_choice.currentIndexChanged.connect(self._on_label)
        self.prediction_label = QLabel()
        self.prediction_label.setWordWrap(True)
        self.formula_label = QLabel()
        self.formula_label.setObjectName("exampleLossFormula")
        self.formula_label.setTextFormat(Qt.TextFormat.PlainText)
        self.formula_label.setWordWrap(True)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(10)
        self._cells: dict[tuple[int, int], QLabel] = {}
        for row in range(4):
            for col in range(3):
                cell = QLabel()
                cell.setWordWrap(True)  # headers wrap in a narrow tab (lesson mode at 1024)
                cell.setAlignment(
                    Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft
                )
                self.table.addWidget(cell, row, col)
                self._cells[(row, col)] = cell
        self.moral_label = QLabel()
        self.moral_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("True label"))
        top.addWidget(self.label_choice)
        top.addWidget(self.prediction_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("The loss of this one example")
        title.setWordWrap(True)
        title.setObjectName("exampleLossTitle")
        self._title = title
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.formula_label)
        layout.addLayout(self.table)
        layout.addWidget(self.moral_label)
        layout.addStretch(1)
        self._apply_fonts()
        self._redraw()

    # ---- what the lab tells it ------------------------------------------------------------------
    def set_class_names(self, names: tuple[str, ...]) -> None:
        """The labels to choose from (the task's class names)."""
        keep = self.label_choice.currentIndex()
        self.label_choice.blockSignals(True)
        self.label_choice.clear()
        for i, name in enumerate(names):
            self.label_choice.addItem(name, i)
        self.label_choice.setCurrentIndex(keep if 0 <= keep < len(names) else 0)
        self.label_choice.blockSignals(False)
        self._redraw()

    def set_true_label(self, label: int) -> None:
        """The label of a loaded test digit."""
        if 0 <= label < self.label_choice.count():
            self.label_choice.setCurrentIndex(label)

    def true_label(self) -> int:
        return max(0, self.label_choice.currentIndex())

    def show_example(
        self, net: Network | None, x: NDArray[np.float64] | None, a: NDArray[np.float64] | None
    ) -> None:
        """The network, the drawing's input x and its output a (None: nothing drawn)."""
        self._net, self._x = net, x
        self._a = None if a is None else np.asarray(a, dtype=np.float64).reshape(1, -1)
        self._redraw()

    # ---- drawing -----------------------------------------------------------------------------
    def _on_label(self, _index: int) -> None:
        self._redraw()

    def _redraw(self) -> None:
        net, x, a = self._net, self._x, self._a
        n = self.label_choice.count()
        if net is None or x is None or a is None or (n != a.shape[1] and a.shape[1] != 1):
            self._show_nothing()
            return
        label = self.true_label()
        y = target(label, a.shape[1])
        with np.errstate(all="ignore"):
            self.design_loss = float(net.loss(x.reshape(1, -1), np.array([label])))
            self.values = losses_of(a, y)
            wrong = losses_of(confident_mistake(label, a.shape[1]), y)
        self.values[net.loss_name] = self.design_loss  # the engine's own number for it
        p_true = float(a[0, label]) if a.shape[1] > 1 else float(a[0, 0] if label else 1 - a[0, 0])
        self.prediction_label.setText(f"the network gives it p = {p_true:.4f}")
        self.formula_label.setText(formula(net.loss_name, a, label, self.design_loss))
        header = ("loss", "this digit", f"{SURE_AND_WRONG:.0%} sure, wrong")
        for col, text in enumerate(header):
            self._cells[(0, col)].setText(text)
        for row, name in enumerate(self.values, start=1):
            ours = name == net.loss_name  # the design's loss: bold, marked
            for col, text in enumerate(
                (
                    SHORT_NAMES[name] + (" ◀" if ours else ""),
                    f"{self.values[name]:.4f}",
                    f"{wrong[name]:.4f}",
                )
            ):
                cell = self._cells[(row, col)]
                cell.setText(text)
                font = cell.font()
                font.setBold(ours)
                cell.setFont(font)
            self._cells[(row, 0)].setToolTip(
                LOSSES[name].title + (": the design's loss" if ours else "")
            )
        ce = cross_entropy_name(a.shape[1])
        self.moral_label.setText(
            f"A confident mistake: cross-entropy {wrong[ce]:.2f}, squared error only "
            f"{wrong['mse']:.2f} — cross-entropy punishes being sure and wrong."
        )

    def _show_nothing(self) -> None:
        self.values, self.design_loss = {}, math.nan
        self.prediction_label.setText("")
        self.formula_label.setText(NO_EXAMPLE)
        for cell in self._cells.values():
            cell.setText("")
        self.moral_label.setText("")

    # ---- fonts: the window's, scaled (zoom) ---------------------------------------------------
    def _apply_fonts(self) -> None:
        size = self.font().pointSizeF()
        big = QFont(self.font())
        big.setPointSizeF(size * 1.6)
        big.setBold(True)
        self.formula_label.setFont(big)
        mid = QFont(self.font())
        mid.setPointSizeF(size * 1.25)
        for cell in self._cells.values():
            cell.setFont(mid)
        title = QFont(mid)
        title.setBold(True)
        self._title.setFont(title)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
            self._redraw()  # the design's row bold again in the new size
