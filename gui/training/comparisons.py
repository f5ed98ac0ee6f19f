"""One-click comparisons: train two or three designs one after another, left side by side.

``ComparisonRunner`` drives the window through its public path only: for each design of an
``engine.comparisons.Comparison`` it calls ``window.adopt_design(design, fresh=True, ...)``
then ``window.start_training()``, and goes on when ``trainingFinished`` says the run ended
(completed, blew up or got stuck: all are results worth comparing). Stop (Esc) ends the run
and the sequence. Each finished run becomes a ghost (gui/training/run_table.py), so when the
last one is done the class sees every curve at once, labelled by how it differed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from engine import Design
from engine.comparisons import Comparison
from gui.training.frame import RunEnd, TrainingState

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class ComparisonRunner(QObject):
    """Trains a comparison's designs in turn through the window's public methods."""

    #: The sequence ended: "done" (every run ended) or "stopped" (the user, or a run that
    #: could not start).
    comparisonFinished = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._comparison: Comparison | None = None
        self._designs: tuple[Design, ...] = ()
        self._index = 0
        self._awaiting = False  # a run of ours is on; its trainingFinished moves us on
        window.trainingFinished.connect(self._on_run_finished)

    @property
    def is_running(self) -> bool:
        return self._comparison is not None

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def start(self, comparison: Comparison, epochs: int | None = None) -> None:
        """Train ``comparison``'s designs one after another (``epochs``: instead of theirs).

        Earlier runs stay in the run table but their ghosts are unticked, so the plot shows
        this comparison alone; the x axis becomes the comparison's. Training goes at full
        speed: the point is the curves side by side, not each step.
        """
        self.stop()
        window = self._window
        self._comparison = comparison
        self._designs = comparison.with_epochs(epochs)
        self._index = 0
        window.runs.hide_all_ghosts()
        window.runs.set_axis(comparison.x_axis)
        window.set_speed("full")
        self._next()

    def stop(self) -> None:
        """End the sequence (the window's Stop also stops the run on)."""
        if self._comparison is not None:
            self._finish("stopped")

    def _next(self) -> None:
        comparison = self._comparison
        if comparison is None:
            return
        design = self._designs[self._index]
        n = len(self._designs)
        status = f"{comparison.name}: run {self._index + 1} of {n}. {comparison.watch_for}"
        window = self._window
        if not window.adopt_design(design, fresh=True, status=status):
            self._finish("stopped")
            return
        self._awaiting = True
        window.start_training()
        if window.controller.state == TrainingState.IDLE:  # refused or failed to start
            self._finish("stopped")
        else:  # "Training…" alone would not say which run of which comparison this is
            window.controller.announce(status)

    def _on_run_finished(self, reason: str) -> None:
        if not self._awaiting or self._comparison is None:
            return
        self._awaiting = False
        if reason == RunEnd.STOPPED:
            self._finish("stopped")
            return
        # Go on after the window has finished with this run's end: we are inside the
        # delivery of its last frame, and adopting the next design (or announcing the end)
        # publishes frames of its own. The runner is the timer's context: no call after it
        # is gone.
        QTimer.singleShot(0, self, self._advance)

    def _advance(self) -> None:
        if self._comparison is None:  # stopped (Esc, or the window closed) in between
            return
        self._index += 1
        if self._index < len(self._designs):
            self._next()
        else:
            self._finish("done")

    def _finish(self, how: str) -> None:
        comparison = self._comparison
        self._comparison = None
        self._awaiting = False
        if comparison is not None and how == "done":
            self._window.controller.announce(f"Compared: {comparison.name}. {comparison.watch_for}")
        self.comparisonFinished.emit(how)
