"""The live readout (objectName ``lossReadout``): the last epoch's numbers, big enough for the
back row.

    epoch      training loss   test loss   test accuracy   batch 12/45
    7 / 30     0.4123          0.4500      88.89 %         0.5123

Each number sits under a caption in the widget's font; the numbers are ``NUMBER_SCALE`` times
larger. The readout's own font is the numbers' font (derived from the panel's font, so it
follows the presentation zoom: ``set_base_font`` is called again on every font change). The
batch cell shows the loss L_B of the mini-batch the run stands at, while stepping batch by batch.
The cells flow: one row when the panel is wide enough, two or three rows when it is not (a
1024-pixel projector at 150 % zoom), so the readout never makes the window wider.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from gui.training.history import EpochRow

#: The numbers' size relative to the panel's font.
NUMBER_SCALE = 1.6
SPACING = 18  # pixels between two cells
SLACK = 12  # pixels kept free when choosing the columns (size hints round down)
#: (key, caption) of each cell, in order.
CELLS = (
    ("epoch", "epoch"),
    ("train_loss", "training loss"),
    ("test_loss", "test loss"),
    ("test_accuracy", "test accuracy"),
    ("batch", "batch"),
)
#: The widest text each cell may show, for the flow's column widths.
WIDEST = {
    "epoch": "000 / 000",
    "train_loss": "00.0000",
    "test_loss": "00.0000",
    "test_accuracy": "100.00 %",
    "batch": "00.0000",
}
WIDEST_CAPTION = {"batch": "batch 000/000 loss"}
TRAIN_COLOUR = "#0072B2"
TEST_COLOUR = "#D55E00"
ACCURACY_COLOUR = "#009E73"
COLOURS = {"train_loss": TRAIN_COLOUR, "test_loss": TEST_COLOUR, "test_accuracy": ACCURACY_COLOUR}


def number(value: float, decimals: int = 4) -> str:
    """A loss as the log prints it (4 decimals), '–' when missing."""
    return f"{value:.{decimals}f}" if math.isfinite(value) else "–"


class LossReadout(QFrame):
    """Captions over big numbers; ``values()`` holds what is shown, as numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossReadout")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(2, 0, 2, 0)
        self._grid.setHorizontalSpacing(SPACING)
        self._grid.setVerticalSpacing(0)
        self.captions: dict[str, QLabel] = {}
        self.numbers: dict[str, QLabel] = {}
        self._cells: list[QWidget] = []
        for key, caption in CELLS:
            top, big = QLabel(caption), QLabel("–")
            top.setObjectName(f"lossReadoutCaption_{key}")
            big.setObjectName(f"lossReadout_{key}")
            colour = COLOURS.get(key, "#222222")
            big.setStyleSheet(f"color: {colour};")
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(0)
            for label in (top, big):
                label.setTextFormat(Qt.TextFormat.PlainText)
                box.addWidget(label)
            self._cells.append(cell)
            self.captions[key], self.numbers[key] = top, big
        self._columns = 0
        self._tail: tuple[QWidget, QBoxLayout] | None = None
        self._off: set[QWidget] = set()  # cells not shown (the batch cell, between steps)
        self._values: dict[str, float] = {}
        self.show_batch(None)

    def add_tail(self, widget: QWidget, box: QBoxLayout) -> None:
        """The last cell (the panel's switches, laid out by ``box``): in the row of numbers
        when they fit in one row (top to bottom), else a row of its own (left to right)."""
        widget.setParent(self)
        self._cells.append(widget)
        self._tail = (widget, box)
        self._relayout()

    # ---- flowing: one row when it fits, else two or three ---------------------------------
    def _visible(self) -> list[QWidget]:
        return [c for c in self._cells if c not in self._off]

    def _needed(self, columns: int) -> int:
        """Width of the visible cells laid out in ``columns`` columns."""
        cells = self._visible()
        m = self._grid.contentsMargins()
        if self._tail is not None and columns < len(cells):  # the tail gets a row of its own
            widget, box = self._tail
            cells.remove(widget)
            hints = (box.itemAt(i) for i in range(box.count()))
            own = sum(h.sizeHint().width() for h in hints if h is not None) + SPACING
            columns = min(columns, len(cells))
        else:
            own = 0
        widths = [0] * columns
        for i, cell in enumerate(cells):
            widths[i % columns] = max(widths[i % columns], self._width_of(cell))
        return max(own, sum(widths) + SPACING * (columns - 1)) + m.left() + m.right()

    def _width_of(self, cell: QWidget) -> int:
        """A number cell's width for its widest text (not the one shown: a dash now may be
        0.1234 in a moment), an added cell's own size hint."""
        index = self._cells.index(cell)
        if index >= len(CELLS):
            return cell.sizeHint().width()
        key, caption = CELLS[index]
        top = self.captions[key].fontMetrics().horizontalAdvance(WIDEST_CAPTION.get(key, caption))
        big = self.numbers[key].fontMetrics().horizontalAdvance(WIDEST[key])
        return max(top, big) + 4

    def _arrange(self, width: int) -> None:
        n = max(1, len(self._visible()))
        fits = (c for c in range(n, 1, -1) if self._needed(c) + SLACK <= width)
        columns = next(fits, min(2, n))
        if columns == self._columns:
            return
        self._columns = columns
        for cell in self._cells:
            self._grid.removeWidget(cell)
        for cell in self._off:
            cell.hide()
        visible = self._visible()
        one_row = columns >= len(visible)
        if self._tail is not None:
            widget, box = self._tail
            box.setDirection(
                QBoxLayout.Direction.TopToBottom if one_row else QBoxLayout.Direction.LeftToRight
            )
            if not one_row:
                visible.remove(widget)
                self._grid.addWidget(widget, -(-len(visible) // columns), 0, 1, columns)
                widget.setVisible(True)
        for i, cell in enumerate(visible):
            self._grid.addWidget(cell, i // columns, i % columns)  # (a child of the readout now)
            cell.setVisible(True)  # (shown only once it has a parent: never a window of its own)
        for column in range(len(self._cells) + 1):
            self._grid.setColumnStretch(column, 1 if column == columns else 0)

    def minimumSizeHint(self) -> QSize:
        n = len(self._visible())
        return QSize(self._needed(min(2, max(1, n))), super().minimumSizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._relayout()  # the size hints are final once polished

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _relayout(self) -> None:
        """Cells were shown, hidden or changed size: flow them again."""
        self._columns = 0
        self._arrange(self.width())
        self.updateGeometry()

    def set_base_font(self, base: QFont) -> None:
        """Captions in ``base`` (the panel's font), numbers ``NUMBER_SCALE`` times larger.

        Every label gets its font set in full (size and weight marked as set): a label with a
        style sheet (the numbers' colours) does not inherit its parent's font."""
        small, big = QFont(base), QFont(base)
        if base.pointSizeF() > 0:
            small.setPointSizeF(base.pointSizeF())
            big.setPointSizeF(base.pointSizeF() * NUMBER_SCALE)
        else:
            small.setPixelSize(base.pixelSize())
            big.setPixelSize(round(base.pixelSize() * NUMBER_SCALE))
        small.setBold(False)
        big.setBold(True)
        self.setFont(big)  # the readout's own font is its numbers'
        for label in self.numbers.values():
            label.setFont(big)
        for label in self.captions.values():
            label.setFont(small)
        for cell in self._cells[len(CELLS) :]:  # added cells (the switches): the small font
            cell.setFont(small)
        self._relayout()

    def show_epoch(self, row: EpochRow | None, planned: int) -> None:
        """The last finished epoch's numbers (dashes before the first)."""
        if row is None:
            self._values = {}
            for key in ("epoch", "train_loss", "test_loss", "test_accuracy"):
                self.numbers[key].setText("–")
            return
        self._values = {
            "epoch": float(row.epoch),
            "train_loss": row.train_loss,
            "test_loss": row.test_loss,
            "test_accuracy": row.test_accuracy,
        }
        self.numbers["epoch"].setText(f"{row.epoch} / {max(planned, row.epoch)}")
        self.numbers["train_loss"].setText(number(row.train_loss))
        self.numbers["test_loss"].setText(number(row.test_loss))
        accuracy = row.test_accuracy
        self.numbers["test_accuracy"].setText(
            f"{100 * accuracy:.2f} %" if math.isfinite(accuracy) else "–"
        )

    def show_batch(self, batch: tuple[int, int, float] | None) -> None:
        """(batch, per_epoch, loss) of the mini-batch the run stands at; None hides the cell."""
        shown = batch is not None
        cell = self._cells[len(CELLS) - 1]
        if (cell in self._off) == shown:
            if shown:
                self._off.discard(cell)
            else:
                self._off.add(cell)
            self._relayout()
        self._values.pop("batch", None)
        if batch is not None:
            index, per_epoch, loss = batch
            self.captions["batch"].setText(f"batch {index}/{per_epoch} loss")
            self.numbers["batch"].setText(number(loss))
            self._values["batch"] = loss

    def values(self) -> dict[str, float]:
        """What is shown, as numbers: epoch, train_loss, test_loss, test_accuracy (a fraction),
        batch (the stepped mini-batch's loss, when shown)."""
        return dict(self._values)

    def text(self) -> str:
        """Captions and numbers in one line (what a screen reader or a test reads)."""
        return "  ".join(
            f"{self.captions[k].text()} {self.numbers[k].text()}"
            for k, _ in CELLS
            if self.numbers[k].parentWidget() not in self._off
        )
