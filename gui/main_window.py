"""The main window: design a network, train it in a thread, watch the loss and a drawn digit.

Layout (fits 1024x768, scales to 4K): the designer column on the left; on the right the
training bar, then the loss plot (with the digit lab's insight tabs) beside the draw-a-digit
area, so the class sees the loss fall and the prediction change at the same time.

The window wires panels together and does no math: the ``TrainingController`` owns the
network and the runs; the views only ever receive copies.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import Design, ModelFormatError, Network
from engine.presets import PRESETS, Preset
from gui import messages
from gui.class_questions import ClassQuestionsDialog
from gui.designer_panel import NetworkDesignerPanel
from gui.lab.digit_lab import DigitLab
from gui.settings_store import SettingsStore
from gui.training.controller import IDLE, TrainingController, needs_new_network
from gui.training.controls import FULL_SPEED, TrainingControls
from gui.training.loss_plot import LossPanel, LossPlot

APP_TITLE = "Neuron Lab — watch a neural network learn"
MIN_FONT_PT, MAX_FONT_PT = 8, 28


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

    trainingFinished = Signal(str)  # "completed" | "stopped" | "diverged" | "failed"

    def __init__(
        self, settings: SettingsStore | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
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

        self._build_actions()
        self._build_menus()
        self._connect()
        self._restore_settings()

        self.controls.show_status(self.controller.status)
        self._on_state_changed(self.controller.state)
        self.controls.show_progress(0.0, self.controller.target_epochs, 0.0, None)
        self.lab.set_network(self.controller.current_network())
        self.loss_panel.refresh(self.controller.history, self.controller.target_epochs)
        self._load_task()

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
    def _action(
        self,
        text: str,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None,
        slot: Any,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_toggle = self._action("Train / Pause / Resume", "Space", self._on_toggle)
        self.act_stop = self._action("Stop", "Esc", self._on_stop)
        self.act_step_batch = self._action("Step one mini-batch", "N", self._on_step_batch)
        self.act_step_epoch = self._action("Step one epoch", "E", self._on_step_epoch)
        self.act_reset = self._action("Reset weights", "Ctrl+R", self._on_reset)
        self.act_faster = self._action("Faster", "]", self._on_faster)
        self.act_slower = self._action("Slower", "[", self._on_slower)
        self.act_open = self._action("Open model…", QKeySequence.StandardKey.Open, self._on_open)
        self.act_save = self._action("Save model…", QKeySequence.StandardKey.Save, self._on_save)
        self.act_export_png = self._action(
            "Export plot as PNG…", "Ctrl+Shift+P", self._on_export_png
        )
        self.act_export_csv = self._action(
            "Export history as CSV…", "Ctrl+Shift+H", self._on_export_csv
        )
        self.act_quit = self._action("Quit", QKeySequence.StandardKey.Quit, self.close)
        self.act_log = self._action("Log scale for the loss", "L", self._on_toggle_log)
        self.act_log.setCheckable(True)
        self.act_batches = self._action(
            "Show every mini-batch's loss", "B", self._on_toggle_batches
        )
        self.act_batches.setCheckable(True)
        self.act_batches.setChecked(True)
        self.act_bigger = self._action("Larger text", "Ctrl+=", self._on_bigger_text)
        self.act_smaller = self._action("Smaller text", "Ctrl+-", self._on_smaller_text)
        self.act_designer = self._action("Show the designer", "Ctrl+D", self._on_toggle_designer)
        self.act_designer.setCheckable(True)
        self.act_designer.setChecked(True)
        self.act_fullscreen = self._action("Full screen", "F11", self._on_fullscreen)
        self.act_fullscreen.setCheckable(True)
        self.act_questions = self._action(
            "Ask the class…",
            "Ctrl+K",
            self._on_ask_the_class,
            "The lesson's questions, a fair cold-call, and answers for this network.",
        )
        self.act_shortcuts = self._action("Keyboard shortcuts", "F1", self._on_show_shortcuts)
        self.act_about = self._action("About Neuron Lab", None, self._on_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for action in (self.act_open, self.act_save):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export_png)
        file_menu.addAction(self.act_export_csv)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        train_menu = bar.addMenu("&Training")
        for action in (
            self.act_toggle,
            self.act_stop,
            self.act_step_batch,
            self.act_step_epoch,
            self.act_reset,
        ):
            train_menu.addAction(action)
        train_menu.addSeparator()
        train_menu.addAction(self.act_faster)
        train_menu.addAction(self.act_slower)
        view_menu = bar.addMenu("&View")
        for action in (
            self.act_log,
            self.act_batches,
            self.act_designer,
            self.act_bigger,
            self.act_smaller,
            self.act_fullscreen,
        ):
            view_menu.addAction(action)
        lesson_menu = bar.addMenu("&Lesson")
        lesson_menu.addAction(self.act_questions)
        presets_menu = lesson_menu.addMenu("Start from a preset")
        presets_menu.setToolTipsVisible(True)
        self.preset_actions: list[QAction] = []
        for index, preset in enumerate(PRESETS):
            action = QAction(preset.name, self)
            action.setToolTip(preset.watch_for)
            action.setData(index)
            action.triggered.connect(self._on_preset_chosen)
            presets_menu.addAction(action)
            self.preset_actions.append(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def _connect(self) -> None:
        c = self.controller
        c.stateChanged.connect(self._on_state_changed)
        c.statusChanged.connect(self.controls.show_status)
        c.networkChanged.connect(self._on_network_changed)
        c.taskChanged.connect(self._on_task_changed)
        c.historyChanged.connect(self._on_history_changed)
        c.progressChanged.connect(self.controls.show_progress)
        c.runFinished.connect(self._on_run_finished)
        k = self.controls
        k.trainClicked.connect(self._on_train)
        k.pauseClicked.connect(self._on_pause)
        k.stopClicked.connect(self._on_stop)
        k.stepBatchClicked.connect(self._on_step_batch)
        k.stepEpochClicked.connect(self._on_step_epoch)
        k.resetClicked.connect(self._on_reset)
        k.speedChanged.connect(self.controller.set_delay)
        self.designer.designChanged.connect(self._on_design_changed)
        self.loss_panel.log_check.toggled.connect(self.act_log.setChecked)
        self.loss_panel.batch_check.toggled.connect(self.act_batches.setChecked)

    # ---- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        font_pt = s.load_int("view/font_pt", 0, MIN_FONT_PT, MAX_FONT_PT)
        if font_pt:
            _set_app_font(font_pt)
        geometry = s.load_bytes("window/geometry")
        self.restored_geometry = geometry is not None and self.restoreGeometry(geometry)
        if not self.restored_geometry:
            self.resize(_default_window_size())
        for key, splitter in (
            ("window/main_splitter", self.main_splitter),
            ("window/view_splitter", self.view_splitter),
        ):
            state = s.load_bytes(key)
            if state is None or not splitter.restoreState(state):
                splitter.setSizes(_default_sizes(key, self.width()))
        self.controls.set_speed_index(s.load_int("training/speed", FULL_SPEED, 0, FULL_SPEED))
        self.controller.set_delay(self.controls.speed_delay())
        self.loss_panel.log_check.setChecked(s.load_bool("view/log_scale", False))
        self.loss_panel.batch_check.setChecked(s.load_bool("view/batch_trace", True))

    def _save_settings(self) -> None:
        s = self.settings
        s.save_bytes("window/geometry", self.saveGeometry())
        s.save_bytes("window/main_splitter", self.main_splitter.saveState())
        s.save_bytes("window/view_splitter", self.view_splitter.saveState())
        s.save_int("training/speed", self.controls.speed_slider.value())
        s.save_bool("view/log_scale", self.loss_panel.log_check.isChecked())
        s.save_bool("view/batch_trace", self.loss_panel.batch_check.isChecked())
        if not self.designer.errors():
            s.save_design(self.designer.design())
        s.sync()

    # ---- training commands --------------------------------------------------------------------
    def _can_train(self) -> bool:
        return not self.designer.errors()

    def _refuse_if_invalid(self) -> bool:
        if self._can_train():
            return False
        self.controls.show_status(messages.STATUS_INVALID)
        self.designer.expand_all(True)
        return True

    def _start(self, command: Any) -> None:
        """Run a command that may start training, unless the design has errors."""
        if self.controller.state == IDLE and self._refuse_if_invalid():
            return
        self._run_safely(command)

    def _on_train(self) -> None:
        self._start(self.controller.train)

    def _on_toggle(self) -> None:
        self._start(self.controller.toggle)

    def _on_pause(self) -> None:
        self.controller.pause()

    def _on_stop(self) -> None:
        self.controller.stop()

    def _on_step_batch(self) -> None:
        self._start(self.controller.step_batch)

    def _on_step_epoch(self) -> None:
        self._start(self.controller.step_epoch)

    def _on_reset(self) -> None:
        if self._refuse_if_invalid():
            return
        self._run_safely(self.controller.reset)

    def _on_faster(self) -> None:
        self.controls.set_speed_index(self.controls.speed_slider.value() + 1)

    def _on_slower(self) -> None:
        self.controls.set_speed_index(self.controls.speed_slider.value() - 1)

    def _run_safely(self, command: Any) -> None:
        """Run a command that touches the engine; an error becomes a message, not a crash."""
        try:
            command()
        except Exception as exc:  # e.g. the data cannot be loaded
            text = messages.failure_message(f"{type(exc).__name__}: {exc}")
            self.controls.show_status(text)
            self._show_message(QMessageBox.Icon.Critical, "Training could not start", text)

    # ---- reactions ----------------------------------------------------------------------------
    def _on_design_changed(self, design: Design) -> None:
        if self.designer.errors():
            self.controls.show_status(messages.STATUS_INVALID)
            self._on_state_changed(self.controller.state)
            return
        old = self.controller.design
        if self.controller.needs_reset_for(design):
            question = (
                "This change gives the network a different shape or different starting "
                "weights, so the training so far would be lost.\n\nReset the network now?"
            )
            if not ask_yes_no(self, "Reset the network?", question):
                self.designer.set_design(old)
                return
        self._run_safely(lambda: self.controller.apply_design(design))
        if design.learning_rate != old.learning_rate and not needs_new_network(old, design):
            if self.controller.state != IDLE:
                self.controls.show_status(
                    f"Learning rate now {messages.format_number(design.learning_rate)}: it "
                    "applies from the next mini-batch; the weights are kept."
                )
        elif self.controller.state == IDLE and not needs_new_network(old, design):
            self.controls.show_status(messages.STATUS_READY)
        if self.controller.task is None:
            self._load_task()
        self._on_state_changed(self.controller.state)
        self.settings.save_design(design)
        if self._questions is not None:
            self._questions.set_design(design)

    def _on_state_changed(self, state: str) -> None:
        can_train = self._can_train()
        self.controls.show_state(state, can_train)
        running = state != IDLE
        self.act_open.setEnabled(not running)
        self.act_step_batch.setEnabled(can_train and state != "running")
        self.act_step_epoch.setEnabled(can_train and state != "running")

    def _on_network_changed(self, net: Network) -> None:
        """The digit lab re-scores the drawing with ``net`` at once (one forward pass, well
        under a millisecond), in the same turn of the event loop as the plot's update: while
        training, every separate wake-up of the GUI thread takes the interpreter lock from
        the worker. The lab repaints its views at its own, lower rate."""
        self.lab.set_network(net)

    def _on_task_changed(self, task: Any) -> None:
        self.lab.set_task(task)

    def _on_history_changed(self) -> None:
        self.loss_panel.refresh(self.controller.history, self.controller.target_epochs)

    def _on_run_finished(self, outcome: Any) -> None:
        if outcome.reason == "diverged":
            self._show_message(QMessageBox.Icon.Warning, "The loss blew up", self.controller.status)
        elif outcome.reason == "failed":
            self._show_message(
                QMessageBox.Icon.Critical,
                "Training failed",
                self.controller.status,
                outcome.details,
            )
        self._on_state_changed(self.controller.state)
        self.trainingFinished.emit(outcome.reason)

    def _load_task(self) -> None:
        if self._can_train():
            self._run_safely(self.controller.ensure_task)

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
        if self.controller.state != IDLE:
            self.controller.stop()
        self.designer.set_design(design)
        self.controller.load_network(net, design)
        self.controller.ensure_task()
        self.settings.save_design(design)
        epochs = metadata.get("epochs_trained", 0)
        self.controls.show_status(
            f"Opened {Path(path).name}: a network trained for {epochs} epochs. Draw a digit to "
            "test it, or press Train to train it further."
        )
        self._on_state_changed(self.controller.state)

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save model", "network.npz", "Neuron Lab model (*.npz)"
        )
        if not path:
            return
        if not path.endswith(".npz"):
            path += ".npz"
        try:
            self.save_model_to(path)
        except (OSError, ValueError) as exc:
            self._show_message(QMessageBox.Icon.Critical, "Could not save", str(exc))
            return
        self.controls.show_status(f"Saved the network to {Path(path).name}.")

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
        path, _ = QFileDialog.getSaveFileName(self, "Export plot", "loss.png", "PNG image (*.png)")
        if path:
            try:
                self.export_plot_png(path)
            except OSError as exc:
                self._show_message(QMessageBox.Icon.Critical, "Could not export", str(exc))
                return
            self.controls.show_status(f"Saved the plot to {Path(path).name}.")

    def _on_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export history", "history.csv", "CSV (*.csv)")
        if path:
            try:
                self.controller.history.write_csv(path)
            except OSError as exc:
                self._show_message(QMessageBox.Icon.Critical, "Could not export", str(exc))
                return
            self.controls.show_status(f"Saved the history to {Path(path).name}.")

    # ---- view ---------------------------------------------------------------------------------
    def _on_toggle_log(self) -> None:
        self.loss_panel.log_check.setChecked(self.act_log.isChecked())

    def _on_toggle_batches(self) -> None:
        self.loss_panel.batch_check.setChecked(self.act_batches.isChecked())

    def _on_bigger_text(self) -> None:
        self._change_font(+1)

    def _on_smaller_text(self) -> None:
        self._change_font(-1)

    def _change_font(self, delta: int) -> None:
        size = round(QApplication.font().pointSizeF()) + delta
        size = max(MIN_FONT_PT, min(MAX_FONT_PT, size))
        _set_app_font(size)
        self.settings.save_int("view/font_pt", size)

    def _on_toggle_designer(self) -> None:
        """Fold the designer away to give the plot and the drawing the whole width."""
        self.designer.setVisible(self.act_designer.isChecked())

    def _on_fullscreen(self) -> None:
        if self.act_fullscreen.isChecked():
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_preset_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.load_preset(PRESETS[int(action.data())])

    def load_preset(self, preset: Preset) -> None:
        """Put a lesson preset in the designer with fresh weights, and say what to watch for."""
        if not self.controller.history.is_empty() or self.controller.state != IDLE:
            question = (
                f"Start from the preset '{preset.name}'? The network gets fresh weights, so "
                "the training so far would be lost."
            )
            if not ask_yes_no(self, "Load a preset?", question):
                return
        design = preset.design
        self.designer.set_design(design)
        self._run_safely(lambda: self.controller.apply_design(design))
        self._run_safely(self.controller.reset)
        if self.controller.task is None:
            self._load_task()
        self.settings.save_design(design)
        if self._questions is not None:
            self._questions.set_design(design)
        self._on_state_changed(self.controller.state)
        self.controls.show_status(f"{preset.name}. {preset.watch_for}")

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
        self._show_message(
            QMessageBox.Icon.Information,
            "About Neuron Lab",
            "Neuron Lab shows how a neural network learns to read handwritten digits.\n\n"
            "Design a network on the left, press Train, and watch the loss fall while the "
            "network's guess for your own drawing changes. Every number is computed live by a "
            "small NumPy network: x is the picture, z = W·x + b, a = f(z).\n\n"
            "Data: the 8x8 handwritten digits from the UCI collection (as shipped with "
            "scikit-learn).",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop training (flag, quit, wait) before the window goes, then keep the settings."""
        self.controller.shutdown()
        for dialog in (self._message_box, self._questions):
            if dialog is not None:
                dialog.close()
        self._save_settings()
        event.accept()


def shortcut_list(window: MainWindow) -> list[tuple[str, str]]:
    """(key, what it does) for every shortcut of the window, for the Help menu."""
    pairs = []
    for action in window.actions():
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            pairs.append((key, action.text().replace("…", "")))
    return pairs


def _set_app_font(point_size: int) -> None:
    font = QFont(QApplication.font())
    font.setPointSize(point_size)
    QApplication.setFont(font)


def _default_window_size() -> QSize:
    """Most of the screen, at most 1600x1000 (a projector at 1024x768 gets all of it)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1024, 740)
    available = screen.availableGeometry()
    return QSize(
        min(available.width(), max(1024, min(1600, int(available.width() * 0.85)))),
        min(available.height(), max(740, min(1000, int(available.height() * 0.85)))),
    )


def _default_sizes(key: str, width: int) -> list[int]:
    if key == "window/main_splitter":
        left = max(280, min(380, width // 3))
        return [left, max(400, width - left)]
    return [3, 2] if width <= 0 else [int(width * 0.35), int(width * 0.30)]
