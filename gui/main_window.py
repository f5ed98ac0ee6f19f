"""The main window: design a network, train it in a thread, watch the loss and a drawn digit.

Layout (fits 1024x768, scales to 4K): the designer column on the left; on the right the
training bar, then the loss plot (with the digit lab's insight tabs) beside the draw-a-digit
area, so the class sees the loss fall and the prediction change at the same time.

The window wires panels together and decides nothing: the ``TrainingController`` owns the
network and the runs and says what happened; the live views get its frames through
``controller.router`` (how often: gui/training/clock.py); the actions and menus are tables
(gui/window_actions.py); every new design, from the designer, a preset or a model file, takes
one path (``_adopt_design``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import Design, DigitsTask, ModelFormatError, Network
from engine.presets import PRESETS, Preset
from gui import messages, window_settings
from gui.class_questions import ClassQuestionsDialog
from gui.designer import NetworkDesignerPanel
from gui.lab.digit_lab import DigitLab
from gui.settings_store import SettingsStore
from gui.training.controller import Adoption, TrainingController
from gui.training.controls import TrainingControls
from gui.training.frame import Frame, RunEnd, RunOutcome, TrainingState
from gui.training.loss_plot import LossPanel, LossPlot
from gui.window_actions import build_actions, build_menus, shortcut_list

__all__ = ["MainWindow", "ask_yes_no", "shortcut_list"]

T = TypeVar("T")

APP_TITLE = "Neuron Lab — watch a neural network learn"


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A modal yes/no question (tests replace this function to answer deterministically)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


class MainWindow(QMainWindow):
    """The whole app in one window. ``MainWindow()`` needs no arguments."""

    trainingFinished = Signal(str)  # a RunEnd: "completed" | "stopped" | "diverged" | "failed"

    def __init__(
        self, settings: SettingsStore | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.settings = settings or SettingsStore()
        design = self.settings.load_design()

        self.controller = TrainingController(design, self)
        self.designer = NetworkDesignerPanel(design)
        self.controls = TrainingControls()
        self.loss_panel = LossPanel()
        self.loss_plot: LossPlot = self.loss_panel.plot
        self.lab = DigitLab()
        self._message_box: QMessageBox | None = None
        self._questions: ClassQuestionsDialog | None = None

        self.tabs = QTabWidget()
        self.tabs.setObjectName("insightTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.loss_panel, "Loss && accuracy")
        self.tabs.setTabToolTip(0, "The loss falling and the accuracy rising, epoch by epoch.")
        for title, widget in self.lab.insight_tabs():
            index = self.tabs.addTab(widget, title.replace("&", "&&"))
            self.tabs.setTabToolTip(index, title)  # the full name when a narrow screen elides it

        self.view_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.view_splitter.setObjectName("viewSplitter")
        self.view_splitter.addWidget(self.tabs)
        self.view_splitter.addWidget(self.lab)
        self.view_splitter.setStretchFactor(0, 3)
        self.view_splitter.setStretchFactor(1, 2)
        self.view_splitter.setChildrenCollapsible(False)

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.setSpacing(2)
        right_box.addWidget(self.controls)
        right_box.addWidget(self.view_splitter, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.designer)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)

        self.acts = build_actions(self)
        self._build_menus()
        self._connect()
        self._restore_settings()
        self.controller.publish()  # every view starts from the controller's state
        if self.controller.can_train:
            self._run_safely(self.controller.ensure_task)

    # ---- public API (kept stable for external checks) -----------------------------------------
    def current_network(self) -> Network:
        """The network whose weights the views show (a snapshot copy during training)."""
        return self.controller.current_network()

    def set_epochs(self, epochs: int) -> None:
        """Set the epoch count in the designer, as if typed there."""
        self.designer.set_epochs(int(epochs))

    def start_training(self) -> None:
        """Train (or resume), unless a field is invalid."""
        self._on_train()

    # ---- construction -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menus = build_menus(self, self.acts)
        presets_menu = menus["Lesson"].addMenu("Start from a preset")
        presets_menu.setToolTipsVisible(True)
        self.preset_actions: list[QAction] = []
        for index, preset in enumerate(PRESETS):
            action = QAction(preset.name, self)
            action.setToolTip(preset.watch_for)
            action.setData(index)
            action.triggered.connect(self._on_preset_chosen)
            presets_menu.addAction(action)
            self.preset_actions.append(action)

    def _connect(self) -> None:
        c = self.controller
        # The live views: one handler each (on_frame), fed at the rates of clock.VIEW_RATES.
        for view in (
            self,
            self.controls,
            self.loss_panel,
            self.lab,
            self.lab.networkDiagram,
            self.lab.receptiveFields,
            self.lab.evaluationView,
        ):
            c.router.register(view)
        c.taskChanged.connect(self._on_task_changed)
        k = self.controls
        k.trainClicked.connect(self._on_train)
        k.pauseClicked.connect(self._on_pause)
        k.stopClicked.connect(self._on_stop)
        k.stepBatchClicked.connect(self._on_step_batch)
        k.stepEpochClicked.connect(self._on_step_epoch)
        k.resetClicked.connect(self._on_reset)
        k.speedChanged.connect(c.set_delay)
        self.designer.designChanged.connect(self._on_design_changed)
        self.loss_panel.log_check.toggled.connect(self.acts["log"].setChecked)
        self.loss_panel.batch_check.toggled.connect(self.acts["batches"].setChecked)

    # ---- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        self.restored_geometry = window_settings.restore(self)
        self.controller.set_delay(self.controls.speed_delay())

    # ---- training commands --------------------------------------------------------------------
    def _command(self, command: Callable[[], None]) -> None:
        """Run a command that may start training; the controller refuses an invalid design
        (and says so), the designer opens every section to show the fields in red."""
        if not self.controller.can_train and self.controller.state == TrainingState.IDLE:
            self.designer.expand_all(True)
        self._run_safely(command)

    def _on_train(self) -> None:
        self._command(self.controller.train)

    def _on_toggle(self) -> None:
        self._command(self.controller.toggle)

    def _on_pause(self) -> None:
        self.controller.pause()

    def _on_stop(self) -> None:
        self.controller.stop()

    def _on_step_batch(self) -> None:
        self._command(self.controller.step_batch)

    def _on_step_epoch(self) -> None:
        self._command(self.controller.step_epoch)

    def _on_reset(self) -> None:
        self._command(self.controller.reset)

    def _on_faster(self) -> None:
        self.controls.set_speed_index(self.controls.speed_slider.value() + 1)

    def _on_slower(self) -> None:
        self.controls.set_speed_index(self.controls.speed_slider.value() - 1)

    def _run_safely(self, command: Callable[[], T]) -> T | None:
        """Run a command that touches the engine; an error becomes a message, not a crash."""
        try:
            return command()
        except Exception as exc:  # e.g. the data cannot be loaded
            text = messages.failure_message(f"{type(exc).__name__}: {exc}")
            self.controller.announce(text)
            self._show_message(QMessageBox.Icon.Critical, "Training could not start", text)
            return None

    # ---- designs ------------------------------------------------------------------------------
    def _on_design_changed(self, design: Design) -> None:
        question = (
            "This change gives the network a different shape or different starting "
            "weights, so the training so far would be lost.\n\nReset the network now?"
        )
        self._adopt_design(design, ask=("Reset the network?", question), from_designer=True)

    def _adopt_design(
        self,
        design: Design,
        *,
        network: Network | None = None,
        fresh: bool = False,
        ask: tuple[str, str] | None = None,
        status: str = "",
        from_designer: bool = False,
    ) -> bool:
        """The one path for a new design: a designer edit, a preset, an opened model.

        The controller decides what the design means for the network and asks ``ask``
        (title, question) through ``ask_yes_no`` only if training would be lost. Here the
        outcome is only wired back: the designer shows the design the controller kept, and the
        settings and the class questions follow an adopted one. True if it was adopted.
        """

        def confirm() -> bool:
            return ask is not None and ask_yes_no(self, ask[0], ask[1])

        result = self._run_safely(
            lambda: self.controller.adopt(
                design, network=network, fresh=fresh, confirm=confirm, status=status
            )
        )
        if result == Adoption.DECLINED:
            self.designer.set_design(self.controller.design)  # the field goes back
        if result not in (Adoption.KEPT, Adoption.RESET, Adoption.LOADED):
            return False
        if not from_designer:
            self.designer.set_design(design)
        self.settings.save_design(design)
        if self._questions is not None:
            self._questions.set_design(design)
        return True

    def load_preset(self, preset: Preset) -> None:
        """Put a lesson preset in the designer with fresh weights, and say what to watch for."""
        question = (
            f"Start from the preset '{preset.name}'? The network gets fresh weights, so "
            "the training so far would be lost."
        )
        self._adopt_design(
            preset.design,
            fresh=True,
            ask=("Load a preset?", question),
            status=f"{preset.name}. {preset.watch_for}",
        )

    def _on_preset_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.load_preset(PRESETS[int(action.data())])

    # ---- frames -------------------------------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Key frames: the menus follow the state; the end of a run is reported."""
        state = frame.state
        self.acts["open"].setEnabled(state == TrainingState.IDLE)
        self.acts["step_batch"].setEnabled(frame.can_train and state != TrainingState.RUNNING)
        self.acts["step_epoch"].setEnabled(frame.can_train and state != TrainingState.RUNNING)
        if frame.outcome is not None:
            self._on_run_finished(frame.outcome)

    def _on_task_changed(self, task: DigitsTask) -> None:
        self.lab.set_task(task)

    def _on_run_finished(self, outcome: RunOutcome) -> None:
        if outcome.reason == RunEnd.DIVERGED:
            self._show_message(QMessageBox.Icon.Warning, "The loss blew up", self.controller.status)
        elif outcome.reason == RunEnd.FAILED:
            self._show_message(
                QMessageBox.Icon.Critical,
                "Training failed",
                self.controller.status,
                outcome.details,
            )
        self.trainingFinished.emit(str(outcome.reason))

    def _show_message(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
    ) -> None:
        """A window-modal box that does not block the event loop (training keeps updating)."""
        if self._message_box is not None:
            self._message_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("messageBox")
        if details:
            box.setDetailedText(details)
        box.open()
        self._message_box = box

    # ---- files --------------------------------------------------------------------------------
    def save_model_to(self, path: str | Path) -> Path:
        """Save the shown network with its design, so opening it restores the designer."""
        last = self.controller.history.rows[-1] if self.controller.history.rows else None
        return engine.save_model(
            self.current_network(),
            path,
            design=self.controller.design.to_dict(),
            epochs_trained=self.controller.epochs_done,
            test_accuracy=last.test_accuracy
            if last and math.isfinite(last.test_accuracy)
            else None,
        )

    def open_model_from(self, path: str | Path) -> None:
        """Open a saved network; raises ``ModelFormatError`` or ``OSError`` with a message."""
        net = engine.load_model(path)
        metadata = getattr(net, "metadata", {}) or {}
        try:
            design = Design.from_dict(metadata["design"])
        except (KeyError, TypeError, ValueError):
            raise ModelFormatError(
                "This model file does not say which design it was trained with."
            ) from None
        if tuple(engine.layer_sizes(design)) != tuple(net.layer_sizes):
            raise ModelFormatError("The model's weights do not match the design saved with it.")
        epochs = metadata.get("epochs_trained", 0)
        self._adopt_design(
            design,
            network=net,
            status=f"Opened {Path(path).name}: a network trained for {epochs} epochs. Draw a "
            "digit to test it, or press Train to train it further.",
        )

    def _on_save(self) -> None:
        self._save_file(
            "Save model",
            "network.npz",
            "Neuron Lab model (*.npz)",
            "the network",
            self.save_model_to,
        )

    def _save_file(
        self, title: str, name: str, kind: str, what: str, write: Callable[[str], object]
    ) -> None:
        """Ask where, write, and say so (or why not): Save model and both exports."""
        path, _ = QFileDialog.getSaveFileName(self, title, name, kind)
        if not path:
            return
        suffix = Path(name).suffix
        if not path.endswith(suffix):
            path += suffix
        try:
            write(path)
        except (OSError, ValueError) as exc:
            self._show_message(QMessageBox.Icon.Critical, f"Could not {title.lower()}", str(exc))
            return
        self.controller.announce(f"Saved {what} to {Path(path).name}.")

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open model", "", "Neuron Lab model (*.npz)")
        if not path:
            return
        try:
            self.open_model_from(path)
        except (OSError, ValueError) as exc:
            self._show_message(QMessageBox.Icon.Critical, "Could not open the model", str(exc))

    def export_plot_png(self, path: str | Path) -> None:
        """Write the loss plot, as on screen, to a PNG file."""
        import pyqtgraph.exporters  # lazy: only needed when exporting

        exporter = pyqtgraph.exporters.ImageExporter(self.loss_plot.scene())
        exporter.parameters()["width"] = max(800, self.loss_plot.width())
        exporter.export(str(path))

    def _on_export_png(self) -> None:
        self._save_file(
            "Export plot", "loss.png", "PNG image (*.png)", "the plot", self.export_plot_png
        )

    def _on_export_csv(self) -> None:
        self._save_file(
            "Export history",
            "history.csv",
            "CSV (*.csv)",
            "the history",
            self.controller.history.write_csv,
        )

    # ---- view ---------------------------------------------------------------------------------
    def _on_toggle_log(self) -> None:
        self.loss_panel.log_check.setChecked(self.acts["log"].isChecked())

    def _on_toggle_batches(self) -> None:
        self.loss_panel.batch_check.setChecked(self.acts["batches"].isChecked())

    def _on_bigger_text(self) -> None:
        self._change_font(+1)

    def _on_smaller_text(self) -> None:
        self._change_font(-1)

    def _change_font(self, delta: int) -> None:
        window_settings.change_font(self.settings, delta)

    def _on_toggle_designer(self) -> None:
        """Fold the designer away to give the plot and the drawing the whole width."""
        self.designer.setVisible(self.acts["designer"].isChecked())

    def _on_fullscreen(self) -> None:
        if self.acts["fullscreen"].isChecked():
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_ask_the_class(self) -> None:
        """Open (or raise) the lesson's questions, answered for the design on screen."""
        if self._questions is None:
            self._questions = ClassQuestionsDialog(self.controller.design, self)
            roster = self.settings.load_roster()
            if roster:
                self._questions.set_roster(roster)
            self._questions.rosterChanged.connect(self._on_roster_changed)
        else:
            self._questions.set_design(self.controller.design)
        self._questions.show()
        self._questions.raise_()
        self._questions.activateWindow()

    def _on_roster_changed(self, names: tuple[str, ...]) -> None:
        self.settings.save_roster(names)

    def _on_show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td style='padding-right:16px'><b>{key}</b></td><td>{text}</td></tr>"
            for key, text in shortcut_list(self)
        )
        self._show_message(
            QMessageBox.Icon.Information,
            "Keyboard shortcuts",
            f"<table>{rows}</table><p>Space, N and E work when no text field is being edited.</p>",
        )

    def _on_about(self) -> None:
        self._show_message(QMessageBox.Icon.Information, "About Neuron Lab", messages.ABOUT)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop training (flag, quit, wait) before the window goes, then keep the settings."""
        self.controller.shutdown()
        for dialog in (self._message_box, self._questions):
            if dialog is not None:
                dialog.close()
        window_settings.save(self)
        event.accept()
