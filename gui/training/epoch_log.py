"""The epoch log (objectName ``epochLog``): what Keras prints with ``verbose=1``, epoch by epoch.

    Epoch 3/30
    45/45 [==============================] - 0s 2ms/step - loss: 0.4123 - accuracy: 0.9012 - val_loss: 0.4500 - val_accuracy: 0.8889

The numbers are the history's, the same the plot draws: ``loss`` and ``val_loss`` are the
training and test loss of the epoch, ``accuracy`` and ``val_accuracy`` fractions (4 decimals).
The time is measured from the run (training seconds, pauses not counted, as the progress bar
counts them): display only. A stepped mini-batch (key N) prints its own line, as a Keras
progress bar would stand at that batch, with that batch's loss; with ``set_print_updates(True)``
(slow motion) every update does. A read-only, copyable text view; ``text()`` is what File >
Export epoch log writes.
"""  # noqa: E501 (the Keras line is quoted whole)

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from gui.training.frame import Frame, TrainingState
from gui.training.history import EpochRow, TrainingHistory

BAR_WIDTH = 30  # Keras' progress bar
#: At most this many update lines per frame (slow motion prints one a second; a faster pace
#: with printing left on would otherwise flood the view).
MAX_UPDATE_LINES = 50


def progress_bar(done: int, total: int) -> str:
    """Keras' bar: ``[=====>........................]``, full ``[====...====]`` at the end."""
    width = int(BAR_WIDTH * done / total) if total > 0 else BAR_WIDTH
    width = min(max(width, 0), BAR_WIDTH)
    bar = "=" * max(width - 1, 0) + (">" if done < total else "=") if width else ""
    return f"[{bar}{'.' * (BAR_WIDTH - len(bar))}]"


def time_text(seconds: float, steps: int) -> str:
    """Keras' ``0s 2ms/step``: the epoch's whole seconds, then the time per update."""
    per = seconds / max(steps, 1)
    if per >= 1:
        unit = f"{per:.0f}s/step"
    elif per >= 1e-3:
        unit = f"{per * 1e3:.0f}ms/step"
    else:
        unit = f"{per * 1e6:.0f}us/step"
    return f"{seconds:.0f}s {unit}"


def epoch_lines(row: EpochRow, planned: int, steps: int, seconds: float | None) -> list[str]:
    """The two lines Keras prints for an epoch (``steps`` 0: not known; ``seconds`` None: not
    measured, e.g. a model opened from a file)."""
    numbers = (
        f"loss: {row.train_loss:.4f} - accuracy: {row.train_accuracy:.4f} - "
        f"val_loss: {row.test_loss:.4f} - val_accuracy: {row.test_accuracy:.4f}"
    )
    parts = []
    if steps:
        parts.append(f"{steps}/{steps} {progress_bar(steps, steps)}")
    if seconds is not None and steps:
        parts.append(time_text(seconds, steps))
    parts.append(numbers)
    return [f"Epoch {row.epoch}/{max(planned, row.epoch)}", " - ".join(parts)]


def update_line(batch: int, per_epoch: int, loss: float) -> str:
    """One mini-batch, as Keras' bar stands after it, with that batch's loss L_B."""
    return f"{batch}/{per_epoch} {progress_bar(batch, per_epoch)} - batch loss: {loss:.4f}"


def batch_place(x: float, per_epoch: int) -> tuple[int, int]:
    """(epoch, batch) of a mini-batch at x = (epoch - 1) + batch / per_epoch."""
    epoch = math.floor(x - 1e-9) + 1
    return epoch, round((x - (epoch - 1)) * per_epoch)


class EpochLog(QPlainTextEdit):
    """The Keras-style log of the controller's history, printed as the frames arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("epochLog")
        self.setReadOnly(True)  # read-only, but selectable and copyable
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # the bar stays whole
        self.setPlaceholderText("The epoch log: what Keras prints while it trains (verbose=1).")
        self.setToolTip("Each epoch's numbers as Keras prints them; select and copy freely.")
        self.apply_font()
        # The view follows the newest line (after new lines and after a zoom re-wraps them)
        # unless the user scrolled up to read an earlier epoch.
        self._following = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        self._print_updates = False
        self._history: TrainingHistory | None = None
        self._revision = -1
        self._rows = 0  # history rows printed
        self._batches = 0  # history mini-batches looked at
        self._header = 0  # the epoch whose "Epoch e/N" line was printed last
        self._times: dict[EpochRow, float] = {}
        self._mark = 0.0  # the run's training seconds when its last epoch ended
        self._state = TrainingState.IDLE

    def apply_font(self) -> None:
        """A fixed-width face (the bars line up) at the size of the widget's font (zoom)."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        size = self.font().pointSizeF()
        if size > 0:
            font.setPointSizeF(size)
        else:
            font.setPixelSize(self.font().pixelSize())
        self.document().setDefaultFont(font)
        # Two lines at least (a short window folds it further with the splitter).
        self.setMinimumHeight(2 * QFontMetrics(font).lineSpacing() + 2 * self.frameWidth() + 4)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the presentation zoom
            self.apply_font()

    def _on_scrolled(self, value: int) -> None:
        self._following = value >= self.verticalScrollBar().maximum() - 2

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self._following:
            self.verticalScrollBar().setValue(high)

    def set_print_updates(self, on: bool) -> None:
        """Slow motion: print a line for every update, not only for the epochs."""
        self._print_updates = bool(on)

    def print_updates(self) -> bool:
        return self._print_updates

    def text(self) -> str:
        """The whole log, as shown."""
        return self.toPlainText()

    def write(self, path: str | Path) -> None:
        """File > Export epoch log: the log as a UTF-8 text file."""
        Path(path).write_text(self.text() + "\n", encoding="utf-8")

    # ---- frames ----------------------------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Print what is new in the frame's history (the whole log again after a reset, a
        roll-back or an opened model)."""
        history, planned = frame.history, frame.progress.target
        if frame.state == TrainingState.RUNNING and self._state == TrainingState.IDLE:
            self._mark = 0.0  # a new run: its stopwatch starts at 0
        self._state = frame.state
        if history is not self._history or history.revision != self._revision:
            self._rebuild(history, planned)
            return
        rows = history.rows[self._rows :]
        if rows:  # the run's time since the last epoch ended, shared by the new epochs
            elapsed = frame.progress.elapsed
            share = max(0.0, elapsed - self._mark) / len(rows)
            self._mark = elapsed
            for row in rows:
                self._times[row] = share
        lines: list[str] = []
        self._print_batches(history, planned, frame.state, lines)
        self._print_rows(history, planned, len(history.rows), lines)
        if lines:
            self.appendPlainText("\n".join(lines))

    def _rebuild(self, history: TrainingHistory, planned: int) -> None:
        self._history, self._revision = history, history.revision
        self._times = {row: self._times[row] for row in history.rows if row in self._times}
        self._rows, self._header = 0, 0
        self._batches = history.batch_count
        lines: list[str] = []
        self._print_rows(history, planned, len(history.rows), lines)
        gone = history.divergence
        if gone is not None:
            per_epoch = history.batches_per_epoch
            epoch = round(gone.stop_x)
            if abs(gone.stop_x - epoch) < 1e-9:  # the epoch's loss as a whole blew up
                if self._header != epoch:
                    lines.append(f"Epoch {epoch}/{max(planned, epoch)}")
                bar = f"{per_epoch}/{per_epoch} {progress_bar(1, 1)} - " if per_epoch else ""
                lines.append(f"{bar}loss: {gone.stop_loss:.4f}")
            elif per_epoch:  # the mini-batch the watch stopped at
                self._print_batch(gone.stop_x, gone.stop_loss, per_epoch, planned, lines)
            lines.append(
                f"Stopped: the loss blew up ({gone.stop_loss:.6g}); "
                f"rolled back to epoch {gone.rolled_back_to}."
            )
        self.setPlainText("\n".join(lines))
        self.moveCursor(self.textCursor().MoveOperation.End)

    def _print_rows(
        self, history: TrainingHistory, planned: int, upto: int, lines: list[str]
    ) -> None:
        for row in history.rows[self._rows : upto]:
            steps = history.steps.get(row.epoch, 0)
            header, final = epoch_lines(row, planned, steps, self._times.get(row))
            if self._header != row.epoch:  # (already printed above its update lines)
                lines.append(header)
            lines.append(final)
            self._header = row.epoch
        self._rows = max(self._rows, upto)

    def _print_batches(
        self, history: TrainingHistory, planned: int, state: TrainingState, lines: list[str]
    ) -> None:
        start, self._batches = self._batches, history.batch_count
        per_epoch = history.batches_per_epoch
        if start >= self._batches or not per_epoch:
            return
        if self._print_updates:
            x, y = history.batch_trace_since(max(start, self._batches - MAX_UPDATE_LINES))
        elif state == TrainingState.PAUSED:  # a step (or a pause): the batch it stopped at
            x, y = history.batch_trace_since(self._batches - 1)
        else:
            return
        rows = history.rows
        for xi, yi in zip(x, y, strict=True):
            epoch, _ = batch_place(float(xi), per_epoch)
            # The epochs that ended before this batch are printed before it.
            done = self._rows
            while done < len(rows) and rows[done].epoch < epoch:
                done += 1
            self._print_rows(history, planned, done, lines)
            self._print_batch(float(xi), float(yi), per_epoch, planned, lines)

    def _print_batch(
        self, x: float, loss: float, per_epoch: int, planned: int, lines: list[str]
    ) -> None:
        epoch, batch = batch_place(x, per_epoch)
        if self._header != epoch:
            lines.append(f"Epoch {epoch}/{max(planned, epoch)}")
            self._header = epoch
        lines.append(update_line(batch, per_epoch, loss))
