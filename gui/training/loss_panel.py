"""The loss panel (objectName ``lossPanel``): the live readout, the plot and the epoch log.

    training loss  test loss  test accuracy          [x] every mini-batch  [ ] log scale
    0.4123         0.4500     88.89 %
    +----------------------------------------------------------------------------+
    |  the loss plot (lossPlot)                                                  |
    +----------------------------------------------------------------------------+
    Epoch 3/30
    45/45 [==============================] - 0s 2ms/step - loss: 0.4123 - ...    (epochLog)

One frame handler feeds all three from the controller's history. The readout and the log follow
the panel's font (the presentation zoom): on a font change the readout's big numbers are
derived again from it (the plot and the log re-derive their own).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QSplitter, QVBoxLayout, QWidget

from gui.training.epoch_log import EpochLog, batch_place
from gui.training.frame import Frame, TrainingState
from gui.training.history import TrainingHistory
from gui.training.loss_plot import ACCURACY_COLOUR, TEST_COLOUR, TRAIN_COLOUR, LossPlot
from gui.training.loss_readout import LossReadout
from gui.training.plot_marks import BLOW_UP_COLOUR

#: The legend's sample for each row: (colour, glyphs like the curve's line and marker).
LEGEND_SAMPLES = {
    "training loss": (TRAIN_COLOUR, "━●━"),
    "test loss": (TEST_COLOUR, "╍■╍"),
    "mini-batch loss, epoch mean": ("#56B4E9", "━━"),
    "test accuracy": (ACCURACY_COLOUR, "━▼━"),
    "above the axis": ("#555555", "▲"),
    "blow-up": (BLOW_UP_COLOUR, "━✕"),
}


class LossPanel(QWidget):
    """The readout, the plot with its two switches (log scale, the per-batch trace), the log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPanel")
        self.readout = LossReadout()
        self.plot = LossPlot()
        self.epoch_log = EpochLog()
        self.log_check = QCheckBox("Log scale")
        self.log_check.setObjectName("logScaleCheck")
        self.log_check.setToolTip(
            "Spread out the small numbers: late in training the loss still falls, but by so "
            "little that a normal axis hides it. Only the loss axis changes."
        )
        self.batch_check = QCheckBox("Every mini-batch")
        self.batch_check.setObjectName("batchTraceCheck")
        self.batch_check.setChecked(True)
        self.batch_check.setToolTip(
            "The faint band is the loss of each mini-batch: noisy, because each batch is a "
            "different handful of pictures. The light line is its mean over the last epoch; "
            "the thick line is the whole training set after each epoch."
        )
        self.log_check.toggled.connect(self._on_log_toggled)
        self.batch_check.toggled.connect(self._on_batches_toggled)
        switches = QWidget()
        column = QVBoxLayout(switches)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.batch_check)
        column.addWidget(self.log_check)
        self.readout.add_tail(switches, column)
        self.legend = QLabel()
        self.legend.setObjectName("plotLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own markup only
        self.plot.sigLegendChanged.connect(self._on_legend_changed)
        self._on_legend_changed()
        top = QWidget()
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.plot, 1)
        box.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("lossSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.epoch_log)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 90])
        self.splitter.setCollapsible(0, False)  # the plot stays; the log may be folded away
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.readout)
        layout.addWidget(self.splitter, 1)
        self._history: TrainingHistory | None = None
        self._planned = 0
        self._step_view = False
        self.readout.set_base_font(self.font())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.readout.set_base_font(self.font())  # (the log and the plot follow by themselves)

    # ---- frames -------------------------------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Bring the readout, the plot and the log up to date (only what is new is drawn)."""
        if frame.state == TrainingState.IDLE and frame.key:
            self.set_step_view(False)  # a run ended or a reset: the whole run again
        self.refresh(frame.history, frame.progress.target)
        self.epoch_log.on_frame(frame)

    def refresh(self, history: TrainingHistory, planned_epochs: int = 0) -> None:
        self._history = history
        self._planned = planned_epochs
        self.plot.refresh(history, planned_epochs)
        self.readout.show_epoch(history.rows[-1] if history.rows else None, planned_epochs)
        step = self.plot.stepped_batch() if self._step_view else None
        per_epoch = history.batches_per_epoch
        if step is not None and per_epoch:
            _, batch = batch_place(step[0], per_epoch)
            self.readout.show_batch((batch, per_epoch, step[1]))
        else:
            self.readout.show_batch(None)

    def set_step_view(self, on: bool) -> None:
        """Stepping batch by batch (key N): the plot zooms to the epoch, the readout shows the
        stepped batch's loss; any other command shows the whole run again."""
        self._step_view = on
        self.plot.set_step_view(on)
        if self._history is not None:
            self.refresh(self._history, self._planned)

    def set_print_updates(self, on: bool) -> None:
        """Slow motion: the epoch log prints every update (see ``EpochLog``)."""
        self.epoch_log.set_print_updates(on)

    def on_pace_changed(self, pace: str) -> None:
        """The pace ("full" | "class" | "slow"): slow motion prints every update in the log.
        (For ``controls.paceChanged``: one connection in the window.)"""
        self.set_print_updates(pace == "slow")

    def write_log(self, path: str | Path) -> None:
        """File > Export epoch log: the log as a text file."""
        self.epoch_log.write(path)

    def _on_legend_changed(self) -> None:
        """The legend under the plot: a coloured sample and the name of each row; it wraps."""
        rows = [  # (non-breaking spaces and hyphens: an entry never breaks across lines)
            f'<span style="color:{LEGEND_SAMPLES[name][0]}">{LEGEND_SAMPLES[name][1]}</span>'
            f"&nbsp;{escape(name).replace(' ', '&nbsp;').replace('-', '&#8209;')}"
            for name in self.plot.legend_names()
            if name in LEGEND_SAMPLES
        ]
        self.legend.setText(" &nbsp;&nbsp; ".join(rows))

    def _on_batches_toggled(self, on: bool) -> None:
        self.plot.set_batches_visible(on)
        if self._history is not None:
            self.plot.refresh(self._history, self._planned)

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.set_log_scale(on)
        if self._history is not None:
            self.plot.refresh(self._history, self._planned)
