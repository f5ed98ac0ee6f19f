"""The runs of the session under the loss plot: a table, ghost switches, and the x axis.

``RunsPanel`` (objectName ``runsPanel``) keeps the ``RunLog``, draws its runs as ghosts
(``GhostRuns``) and lists them in ``RunTable`` (objectName ``runTable``): one row per run
with a check box that shows or hides its ghost (in the ghost's colour), the design, epochs,
final training and test loss, test accuracy and training time. Beside it: the x axis (epochs or
updates), Remove (the selected runs), Clear all, Export CSV…. The panel stays out of the
way until the first run ends.

The window calls ``on_frame(frame, design)`` with its key frames: a frame that ends a run
adds (or brings up to date) a record; every key frame relabels the ghosts against the design
on screen, and a reset turns the last run into a ghost.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import Design
from engine.comparisons import EPOCHS, UPDATES
from gui.training.frame import Frame, RunEnd
from gui.training.ghost_runs import GhostRuns, ghost_colour
from gui.training.history import TrainingHistory
from gui.training.loss_plot import LossPanel
from gui.training.run_log import RunLog, RunRecord

HEADERS = (
    "Ghost",
    "Accuracy",
    "Train loss",
    "Test loss",
    "Epochs",
    "Time",
    "Differs from now",
    "Design",
)
#: The headline number first; the design last: it is the long one, and a narrow window
#: scrolls it, not the numbers.
DESIGN_COLUMN = HEADERS.index("Design")
DIFFERS_COLUMN = HEADERS.index("Differs from now")
#: How a run that did not complete is marked after its epochs.
ENDED_WORDS = {
    RunEnd.STOPPED: "stopped",
    RunEnd.DIVERGED: "blew up",
    RunEnd.FAILED: "failed",
    RunEnd.SATURATED: "stuck",
}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
AXIS_CHOICES = ((EPOCHS, "x: epochs"), (UPDATES, "x: updates"))


def seconds_text(seconds: float) -> str:
    """Training time as a class reads it: ``0.4 s``, ``12 s``, ``2 min 5 s``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def number_text(value: float, percent: bool = False) -> str:
    if not math.isfinite(value):
        return "—"
    return f"{100 * value:.1f} %" if percent else f"{value:.4f}"


def _swatch(number: int) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(ghost_colour(number))
    return QIcon(pixmap)


class RunTable(QTableWidget):
    """One row per run (objectName ``runTable``); column 0 holds the ghost's check box."""

    ghostToggled = Signal(int, bool)  # run number, shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("runTable")
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setWordWrap(False)
        self.numbers: list[int] = []  # run number of each row

    def show_records(
        self,
        records: list[RunRecord],
        checked: Callable[[int], bool],
        live: int | None = None,
        labels: dict[int, str] | None = None,
    ) -> None:
        """Rewrite the rows (a handful: cheaper to rebuild than to patch); run ``live`` is
        the curve drawn now, marked so nobody looks for its ghost."""
        self.setRowCount(len(records))
        self.numbers = [r.number for r in records]
        for row, record in enumerate(records):
            is_live = record.number == live
            box = QCheckBox(f"{record.number} (live)" if is_live else str(record.number))
            box.setObjectName(f"ghostCheck{record.number}")
            box.setIcon(_swatch(record.number))
            box.setChecked(checked(record.number))
            box.setToolTip(
                f"Run {record.number} is the curve drawn now: it becomes a ghost when you "
                "reset or change the design"
                if is_live
                else f"Show run {record.number} as a faded curve on the plot"
            )
            box.toggled.connect(self._on_box_toggled)
            box.setProperty("run", record.number)
            self.setCellWidget(row, 0, box)
            epochs = str(record.epochs)
            if record.ended in ENDED_WORDS:
                epochs += f", {ENDED_WORDS[RunEnd(record.ended)]}"
            cells = (
                number_text(record.test_accuracy, percent=True),
                number_text(record.train_loss),
                number_text(record.test_loss),
                epochs,
                seconds_text(record.seconds),
                "(live)" if is_live else (labels or {}).get(record.number, ""),
                record.summary,
            )
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                if column < DIFFERS_COLUMN:
                    item.setTextAlignment(RIGHT)
                self.setItem(row, column, item)
        self.resizeRowsToContents()

    def check_box(self, number: int) -> QCheckBox:
        widget = self.cellWidget(self.numbers.index(number), 0)
        assert isinstance(widget, QCheckBox)
        return widget

    def selected_numbers(self) -> set[int]:
        return {self.numbers[index.row()] for index in self.selectionModel().selectedRows()}

    def _on_box_toggled(self, on: bool) -> None:
        box = self.sender()
        if isinstance(box, QCheckBox):
            self.ghostToggled.emit(int(box.property("run")), on)


class RunsPanel(QWidget):
    """The run table with its buttons; owns the session's runs and their ghosts."""

    exportRequested = Signal()

    def __init__(self, loss_panel: LossPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.log = RunLog()
        self.ghosts = GhostRuns(loss_panel.plot)
        self._loss_panel = loss_panel
        loss_panel.log_check.toggled.connect(self._on_log_toggled)
        self._frame: Frame | None = None
        self._design = Design()
        self._live: int | None = None  # the run drawn live, as the table shows it
        self._labels: dict[int, str] = {}  # the ghosts' labels, as the table shows them

        self.table = RunTable()
        self.table.setToolTip("Every run of this session; tick one to show it as a ghost curve")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeRunButton")
        self.remove_button.setToolTip("Forget the selected runs and their ghosts")
        self.clear_button = QPushButton("Clear all")
        self.clear_button.setObjectName("clearRunsButton")
        self.clear_button.setToolTip("Forget every run of this session")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("exportRunsButton")
        self.axis_combo = QComboBox()
        self.axis_combo.setObjectName("xAxisCombo")
        for axis, text in AXIS_CHOICES:
            self.axis_combo.addItem(text, axis)
        self.axis_combo.setToolTip(
            "Epochs, or updates of the weights (w := w − α·dw): stochastic gradient descent "
            "needs fewer epochs, but many more updates."
        )
        # The controls stacked beside the table: a row of them would widen the window's
        # narrowest layout (1024 wide) more than the table itself does.
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for widget in (self.axis_combo, self.remove_button, self.clear_button, self.export_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.table.ghostToggled.connect(self._on_ghost_toggled)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.remove_button.clicked.connect(self._on_remove)
        self.clear_button.clicked.connect(self._on_clear)
        self.export_button.clicked.connect(self.exportRequested)
        self.axis_combo.currentIndexChanged.connect(self._on_axis_chosen)
        self.remove_button.setEnabled(False)  # until a run is selected
        self.setVisible(False)  # until the first run ends
        self.folded = False  # the projector layout folds the table (gui/projector.py)

    # ---- frames -------------------------------------------------------------------------------
    def on_frame(self, frame: Frame, design: Design) -> None:
        """A key frame: record a run that ended; ghosts follow the design and the history."""
        self._frame = frame
        self._design = design
        if frame.outcome is not None:
            self.log.record(design, frame.history, frame.outcome.reason, frame.progress.elapsed)
            self._live = self.log.live_number(frame.history)
            self._show_table()
        self._sync()

    def _sync(self) -> None:
        history = None if self._frame is None else self._frame.history
        live = None if history is None else self.log.live_number(history)
        self.ghosts.sync(self.log.records, self._design, live)
        if live != self._live or self.ghosts.labels() != self._labels:
            self._live = live
            self._show_table()
        self._redraw_live()

    def _redraw_live(self) -> None:
        """The plot's ranges follow the ghosts shown at once, not at the next run's frame."""
        if self._frame is not None:
            self._loss_panel.refresh(self._frame.history, self._frame.progress.target)

    def _show_table(self) -> None:
        self._labels = self.ghosts.labels()
        label_words = {n: text.split(": ", 1)[1] for n, text in self._labels.items()}
        self.table.show_records(self.log.records, self.ghosts.is_checked, self._live, label_words)
        self.setVisible(bool(self.log.records) and not self.folded)
        self._on_selection_changed()

    # ---- the user's choices -------------------------------------------------------------------
    def set_axis(self, axis: str) -> None:
        """Epochs or updates as the x axis (the combo box follows)."""
        self.axis_combo.setCurrentIndex([a for a, _ in AXIS_CHOICES].index(axis))

    def hide_all_ghosts(self) -> None:
        """Untick every run (a comparison shows only its own runs)."""
        self.ghosts.hide_all()
        self._show_table()
        self._redraw_live()

    def restore(
        self, records: list[RunRecord], hidden: set[int], history: TrainingHistory | None = None
    ) -> None:
        """An opened session's runs (their ghosts shown unless in ``hidden``) replace these;
        the last stays live if its curve is ``history`` (gui/session_files.py)."""
        self.log.restore(records, history)
        for record in records:
            self.ghosts.set_checked(record.number, record.number not in hidden)
        self._show_table()
        self._sync()

    def write_csv(self, path: str) -> None:
        self.log.write_csv(path)

    def _on_axis_chosen(self, index: int) -> None:
        self.ghosts.set_axis(str(self.axis_combo.itemData(index)))
        self._redraw_live()

    def _on_ghost_toggled(self, number: int, on: bool) -> None:
        self.ghosts.set_checked(number, on)
        self._redraw_live()

    def _on_log_toggled(self, _on: bool) -> None:
        self.ghosts.relayout()

    def _on_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selected_numbers()))

    def _on_remove(self) -> None:
        numbers = self.table.selected_numbers()
        if numbers:
            self.log.remove(numbers)
            self._show_table()
            self._sync()

    def _on_clear(self) -> None:
        self.log.clear()
        self._show_table()
        self._sync()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.table.resizeRowsToContents()
            self.ghosts.apply_font()
