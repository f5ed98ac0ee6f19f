"""The window's files: Save model, Open model (read off the GUI thread, cancellable), and the
two exports.

Model files go through the engine (``engine.save_trained`` / ``engine.load_trained``), which
checks everything a file could get wrong and refuses with one sentence naming the file. Here
only the window's side is decided:

- **Opening** runs ``engine.load_trained`` in a short-lived ``QThread`` (a careful read of a
  big or hostile file can take a while and must not freeze the class's screen). The status
  line and a busy bar say "Opening <name>…" with a Cancel button (Esc too); a cancelled open
  is abandoned, not interrupted: its result is dropped when it arrives. Nothing the class
  sees changes until a complete, valid model is back in the GUI thread; then it takes the
  window's one path for a new design (``MainWindow.adopt_design``) and its history is
  restored (the plot shows its curve, the epoch counter its epochs). A refusal is one message
  box with the engine's sentence; everything stays as it was.
- ``open_now`` is the same adoption, synchronously (``MainWindow.open_model_from``: tests and
  scripts).
- The dialogs start in the documents folder, then the last folder used (gui/file_dialogs.py).
- Saving writes the design, the epochs trained and the history rows; messages name the path
  the user chose (the engine's do).

Threading (docs/platform notes): the loader's signal is connected only to a bound method of
this GUI-thread QObject, and every thread is quit and waited for before it is let go
(``shutdown`` on close), since a QThread destroyed while running aborts the process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

import engine
from engine import Design, Network
from gui import file_dialogs, messages
from gui.training.frame import TrainingState

if TYPE_CHECKING:
    from gui.main_window import MainWindow

#: What reads a model file (replaced in tests by a slow one).
Loader = Callable[[Path], tuple[Network, Design, dict[str, Any]]]


@dataclass(frozen=True)
class OpenedModel:
    """A model file read completely and checked by the engine."""

    path: Path
    network: Network
    design: Design
    metadata: dict[str, Any]

    @property
    def epochs(self) -> int:
        return int(self.metadata.get("epochs_trained") or 0)

    @property
    def history(self) -> tuple[Any, ...]:
        return tuple(self.metadata.get("history") or ())


class _LoadJob(QObject):
    """Reads one file in a worker thread; emits ``done`` exactly once with an ``OpenedModel``
    or the exception (never raises: an exception in a thread would only reach the hook)."""

    done = Signal(object)

    def __init__(self, path: Path, load: Loader) -> None:
        super().__init__()
        self.path = path
        self._load = load

    def run(self) -> None:
        result: OpenedModel | BaseException
        try:
            net, design, metadata = self._load(self.path)
            result = OpenedModel(self.path, net, design, metadata)
        except Exception as exc:
            result = exc
        self.done.emit(result)


class BusyBar(QWidget):
    """ "Opening net.npz…", an indeterminate bar and Cancel: shown while a file is read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openBusy")
        self.label = QLabel()
        self.label.setObjectName("openBusyLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is the user's text
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy: no percentage to show
        bar.setMaximumWidth(120)
        bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("openCancelButton")
        self.cancel_button.setToolTip("Stop opening the file; nothing changes (Esc).")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(bar)
        row.addWidget(self.cancel_button)
        self.hide()


class ModelFiles(QObject):
    """Save, open and export for ``window`` (a ``MainWindow``)."""

    #: An open finished: True if a model was adopted (tests wait for it).
    openFinished = Signal(bool)

    def __init__(self, window: MainWindow, load: Loader = engine.load_trained) -> None:
        super().__init__(window)
        self._window = window
        self.load = load
        self.busy = BusyBar(window)
        self.busy.cancel_button.clicked.connect(self.cancel_open)
        # In the window's status bar, which is shown only while a file is read: the rest of
        # the time its height belongs to the plot (a 1024x768 projector has none to spare).
        self._bar = window.statusBar()
        self._bar.addPermanentWidget(self.busy)
        self._bar.hide()
        self._job: _LoadJob | None = None  # the open whose result is wanted
        self._threads: dict[_LoadJob, QThread] = {}  # every thread not yet waited for
        self._status_before = ""

    # ---- saving -------------------------------------------------------------------------------
    def save_model_to(self, path: str | Path) -> Path:
        """The shown network with its design, epochs and history (``engine.save_trained``)."""
        c = self._window.controller
        history = c.history
        last = history.rows[-1].test_accuracy if history.rows else None
        extra = {"test_accuracy": last} if last is not None and 0 <= last <= 1 else {}
        return engine.save_trained(
            path,
            c.current_network(),
            c.design,
            epochs_trained=c.epochs_done,
            history=history.rows,
            **extra,
        )

    def save_file(
        self, title: str, name: str, kind: str, what: str, write: Callable[[str], object]
    ) -> None:
        """Ask where, write, and say so (or why not): Save model and both exports."""
        path = file_dialogs.ask_save_path(self._window, self._window.settings, title, name, kind)
        if not path:
            return
        try:
            write(path)
        except (OSError, ValueError) as exc:
            self._window.show_message(
                QMessageBox.Icon.Critical, f"Could not {title.lower()}", str(exc)
            )
            return
        self._window.controller.announce(f"Saved {what} to {Path(path).name}.")

    def export_plot_png(self, path: str | Path) -> None:
        """Write the loss plot to a landscape PNG titled with the design (plot_export.py)."""
        self.export_plot(path)

    def export_plot(self, path: str | Path) -> None:
        """The loss plot as a PNG or SVG file (by the suffix), landscape, with a title."""
        from gui.training.plot_export import design_title, export_plot

        c = self._window.controller
        title = design_title(c.design, max(c.target_epochs, c.epochs_done))
        export_plot(self._window.loss_plot, c.history, c.target_epochs, title, path)

    # ---- opening ------------------------------------------------------------------------------
    def open_now(self, path: str | Path) -> None:
        """Read and adopt ``path`` in this thread; raises ``ModelFormatError`` (one sentence
        naming the file) or ``OSError``, and then nothing has changed."""
        net, design, metadata = self.load(Path(path))
        self._adopt(OpenedModel(Path(path), net, design, metadata))

    def ask_and_open(self) -> None:
        """File > Open: ask which file, then read it in the background."""
        path = file_dialogs.ask_open_path(
            self._window, self._window.settings, "Open model", "Neuron Lab model (*.npz)"
        )
        if path:
            self.open_in_background(path)

    def is_opening(self) -> bool:
        """True while an open is wanted (not cancelled) and its file is being read."""
        return self._job is not None

    def reading(self) -> int:
        """Reading threads not yet finished and waited for (a cancelled one included)."""
        return len(self._threads)

    def open_in_background(self, path: str | Path) -> None:
        """Start reading ``path`` in a worker thread; the result arrives in ``_on_loaded``."""
        self.cancel_open(quiet=True)  # a newer choice replaces an older one
        job = _LoadJob(Path(path), self.load)
        thread = QThread()
        job.moveToThread(thread)
        thread.started.connect(job.run)
        # A bound method of this GUI-thread QObject: it runs in the GUI thread.
        job.done.connect(self._on_loaded)
        self._job, self._threads[job] = job, thread
        c = self._window.controller
        self._status_before = c.status
        text = messages.opening_message(job.path.name)
        self.busy.label.setText(text)
        self.busy.show()
        self._bar.show()
        self._window.acts["open"].setEnabled(False)
        c.announce(text)
        thread.start()

    def cancel_open(self, quiet: bool = False) -> bool:
        """Abandon the open in progress (its result is dropped); True if there was one."""
        job = self._job
        if job is None:
            return False
        self._job = None
        self._idle()
        if not quiet:
            self._window.controller.announce(messages.open_cancelled_message(job.path.name))
            self.openFinished.emit(False)
        return True

    def _on_loaded(self, result: object) -> None:
        job = self.sender()
        if not isinstance(job, _LoadJob):
            return
        self._release(job)
        if job is not self._job:
            return  # cancelled, or replaced by a newer open: the result is dropped
        self._job = None
        self._idle()
        c = self._window.controller
        if isinstance(result, OpenedModel):
            try:
                self._adopt(result)
            except (OSError, ValueError) as exc:
                result = exc
            else:
                self.openFinished.emit(True)
                return
        c.announce(self._status_before)  # a refusal changes nothing, not even the status
        self._window.show_message(
            QMessageBox.Icon.Critical,
            "Could not open the model",
            str(result) or type(result).__name__,  # the engine's one sentence, as it is
        )
        self.openFinished.emit(False)

    def _adopt(self, model: OpenedModel) -> None:
        """The window's one path for a design, then the model's history and epochs."""
        window = self._window
        status = messages.opened_message(model.path.name, model.epochs)
        adopted = window.adopt_design(
            model.design,
            network=model.network,
            status=status,
            history=model.history,
            epochs_trained=model.epochs,
        )
        if not adopted:
            raise ValueError(f"Cannot open {model.path}: its design could not be used.")

    def _idle(self) -> None:
        self.busy.hide()
        self._bar.hide()
        self._window.acts["open"].setEnabled(self._window.controller.state == TrainingState.IDLE)

    def _release(self, job: _LoadJob) -> None:
        thread = self._threads.pop(job, None)
        job.done.disconnect(self._on_loaded)
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        job.deleteLater()

    def shutdown(self) -> None:
        """Drop any open and wait for the reading threads (the window is closing)."""
        self._job = None
        for job, thread in list(self._threads.items()):
            thread.quit()
            thread.wait()
            del self._threads[job]
