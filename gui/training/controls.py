"""The training bar: Train, Pause/Resume, Stop, Step, Reset, pace, epoch counter, progress.

Pure view: it emits what the user asked for and shows the frames it is given (``on_frame``;
how often is declared in clock.py). The speed slider shows the pace in words (pace.py) and
emits ``paceChanged(name)``. The shortcuts (Space, Esc, N, E, Ctrl+R) live on the
window's actions so they work wherever the focus is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from gui.messages import progress_text
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.pace import DEFAULT_PACE, PACE_NAMES, PACES, Pace, pace_named
from gui.training.status_line import StatusLine

#: The slider's position for each pace, slowest first.
FULL_SPEED = len(PACES) - 1


class TrainingControls(QWidget):
    """Buttons, pace slider, epoch counter, progress bar and the status in words."""

    trainClicked = Signal()
    pauseClicked = Signal()
    stopClicked = Signal()
    stepBatchClicked = Signal()
    stepEpochClicked = Signal()
    resetClicked = Signal()
    paceChanged = Signal(str)  # the pace's name (pace.PACE_NAMES)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingControls")
        self.train_button = _button("trainButton", "Train", "Start training (Space).")
        self.pause_button = _button("pauseButton", "Pause", "Pause after this mini-batch (Space).")
        self.stop_button = _button(
            "stopButton", "Stop", "Stop training; the weights are kept (Esc)."
        )
        self.step_button = _button(
            "stepButton", "Step batch", "Train on one mini-batch, then pause (N)."
        )
        self.step_epoch_button = _button(
            "stepEpochButton", "Step epoch", "Train to the end of this epoch, then pause (E)."
        )
        self.reset_button = _button(
            "resetButton",
            "Reset",
            "Fresh random weights from the seed; the plot is cleared (Ctrl+R).",
        )
        self.train_button.setStyleSheet("QPushButton { font-weight: bold; }")
        self.train_button.clicked.connect(self.trainClicked)
        self.pause_button.clicked.connect(self.pauseClicked)
        self.stop_button.clicked.connect(self.stopClicked)
        self.step_button.clicked.connect(self.stepBatchClicked)
        self.step_epoch_button.clicked.connect(self.stepEpochClicked)
        self.reset_button.clicked.connect(self.resetClicked)

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, FULL_SPEED)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setValue(PACE_NAMES.index(DEFAULT_PACE))
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setFixedWidth(90)
        self.speed_slider.setToolTip(
            "How fast the class sees training go: slow motion shows every update, class "
            "pace spreads any run over about 20 seconds, full speed is as fast as this "
            "computer goes ([ and ] step it)."
        )
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.speed_label.setToolTip(self.speed_slider.toolTip())
        self._fit_speed_label()
        self.speed_slider.valueChanged.connect(self._on_speed_changed)

        self.epoch_label = QLabel("Epoch 0 / 0")
        self.epoch_label.setObjectName("epochLabel")
        self.epoch_label.setStyleSheet("font-weight: bold;")
        self.epoch_label.setToolTip("Epochs finished so far, out of the epochs planned.")
        self.progress = QProgressBar()
        self.progress.setObjectName("trainingProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Two lines, always: a new message never moves the widgets below (status_line.py).
        self.status_label = StatusLine()
        self.status_label.setObjectName("statusLabel")

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (
            self.train_button,
            self.pause_button,
            self.stop_button,
            self.step_button,
            self.step_epoch_button,
            self.reset_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        speed_title = QLabel("Pace")
        speed_title.setToolTip(self.speed_slider.toolTip())
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.epoch_label)
        progress_row.addWidget(self.progress, 1)
        progress_row.addSpacing(8)
        progress_row.addWidget(speed_title)
        progress_row.addWidget(self.speed_slider)
        progress_row.addWidget(self.speed_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addLayout(progress_row)
        layout.addWidget(self.status_label)
        self._on_speed_changed(self.speed_slider.value())
        self._show_state(TrainingState.IDLE, can_train=True)

    # ---- what the controller tells it ---------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Show the frame's state, progress and status."""
        self._show_state(frame.state, frame.can_train)
        self._show_progress(frame.progress)
        if self.status_label.text() != frame.status:
            self.status_label.setText(frame.status)

    def _show_state(self, state: TrainingState, can_train: bool) -> None:
        """Enable what makes sense in ``state``."""
        idle = state == TrainingState.IDLE
        running = state == TrainingState.RUNNING
        paused = state == TrainingState.PAUSED
        self.train_button.setText("Resume" if paused else "Train")
        self.train_button.setEnabled(can_train and (idle or paused))
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running or paused)
        self.step_button.setEnabled(can_train and (idle or paused))
        self.step_epoch_button.setEnabled(can_train and (idle or paused))
        self.reset_button.setEnabled(True)
        self.pause_button.setText("Pause")

    def _show_progress(self, progress: Progress) -> None:
        done, target = progress.done, progress.target
        self.epoch_label.setText(f"Epoch {progress.epochs_finished} / {target}")
        value = 0 if target <= 0 else round(1000 * min(1.0, done / target))
        self.progress.setValue(value)
        elapsed = progress.elapsed
        self.progress.setFormat(progress_text(elapsed, progress.remaining) if elapsed > 0 else "")

    # ---- the pace -----------------------------------------------------------------------------
    def pace(self) -> Pace:
        """The pace the slider shows."""
        return PACES[self.speed_slider.value()]

    def set_pace(self, name: str) -> None:
        """Move the slider to the pace called ``name``; ValueError for an unknown name."""
        self.speed_slider.setValue(PACES.index(pace_named(name)))

    def set_speed_index(self, index: int) -> None:
        """Move the slider to position ``index`` (0 = slow motion), clamped ([ and ])."""
        self.speed_slider.setValue(max(0, min(FULL_SPEED, index)))

    def _on_speed_changed(self, index: int) -> None:
        pace = PACES[index]
        self.speed_label.setText(pace.label)
        self.paceChanged.emit(pace.name)

    def _fit_speed_label(self) -> None:
        """Wide enough for the longest pace, so the row does not move when it changes."""
        metrics = self.speed_label.fontMetrics()
        width = max(metrics.horizontalAdvance(p.label) for p in PACES)
        self.speed_label.setMinimumWidth(width + metrics.averageCharWidth())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom: the labels' room scales with it
            self._fit_speed_label()


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    # Space must reach the window's Train/Pause shortcut, not click the focused button.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button
