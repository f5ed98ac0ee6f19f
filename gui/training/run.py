"""One run: what it is asked to do (``make_request``) and its thread (``RunThread``).

The controller decides *when* a run starts, steps, pauses and ends; this module knows *how*:
which slice of the design's epochs the run covers and with which seed, and how a
``TrainingWorker`` is put in a ``QThread``, wired, stopped and waited for. Nothing here
measures time or touches the views.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread

import engine
from engine import Design, DigitsTask, Network
from gui.training.frame import RunOutcome, RunRequest
from gui.training.pace import Pace
from gui.training.worker import TrainingWorker


def make_request(
    design: Design,
    task: DigitsTask,
    network: Network,
    *,
    done: int,
    pace: Pace,
    run_id: int,
    step_batches: int = 0,
    step_epoch: bool = False,
) -> RunRequest:
    """The run that continues a network trained for ``done`` epochs.

    It trains the epochs the design still plans (all of them again once they are done), with
    the seed moved on by ``done`` so that a continued run does not repeat the shuffles of the
    epochs it follows.
    """
    remaining = design.epochs - done if design.epochs > done else design.epochs
    return RunRequest(
        network=network,
        optimizer=engine.build_optimizer(design),
        batch_size=engine.effective_batch_size(design),
        epochs=remaining,
        seed=design.seed + done,
        X_train=task.X_train,
        y_train=task.y_train,
        X_test=task.X_test,
        y_test=task.y_test,
        epoch_offset=done,
        pace=pace,
        pace_epochs=design.epochs,
        step_batches=step_batches,
        step_epoch=step_epoch,
        run_id=run_id,
    )


class RunThread:
    """A ``TrainingWorker`` in its own ``QThread``, from start to the thread's end.

    ``on_paused`` and ``on_ended`` must be bound methods of a QObject living in the GUI
    thread: PySide6 runs a lambda or a plain function connected to a worker signal in the
    worker's thread (see /work/shared/platform-notes.md).
    """

    def __init__(
        self,
        request: RunRequest,
        on_paused: Callable[[], None],
        on_ended: Callable[[RunOutcome], None],
    ) -> None:
        self.thread = QThread()
        self.worker = TrainingWorker(request)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.paused.connect(on_paused)
        self.worker.runEnded.connect(on_ended)
        self._slots = (on_paused, on_ended)

    def start(self) -> None:
        self.thread.start()

    def abort(self, receiver: QObject | None) -> None:
        """Stop the worker now and wait for its thread.

        With a ``receiver``, the worker's queued ``runEnded`` (already posted to it) is handled
        before this returns, so the run ends exactly as if it had been waited for.
        """
        self.worker.stop()
        self.thread.quit()
        self.thread.wait()
        if receiver is not None:
            QCoreApplication.sendPostedEvents(receiver)

    def release(self) -> None:
        """Disconnect, wait for the thread and let Qt delete both objects."""
        on_paused, on_ended = self._slots
        self.worker.paused.disconnect(on_paused)
        self.worker.runEnded.disconnect(on_ended)
        self.worker.deleteLater()
        self.thread.quit()
        self.thread.wait()
        self.thread.deleteLater()
