"""The main window: design a network, train it in a thread, watch the loss and a drawn digit.

Layout (fits 1024x768, scales to 4K): the designer column on the left; on the right the
training bar, then the loss plot (with the digit lab's insight tabs) beside the draw-a-digit
area, so the class sees the loss fall and the prediction change at the same time.

The window wires panels together and decides nothing: the ``TrainingController`` owns the
network and the runs and says what happened; the live views get its frames through
``controller.router`` (how often: gui/training/clock.py); the actions and menus are tables
(gui/window_actions.py); every new design, from the designer, a preset or a model file, takes
one path (``adopt_design``); the files (save, open off the GUI thread, exports) are
gui/model_files.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from engine import Design, DigitsTask, Network
from engine.code_export import code_for
from engine.comparisons import COMPARISONS
from engine.presets import PRESETS, Preset
from gui import code_dialog, help_pages, messages, projector, window_settings
from gui.class_questions import ClassQuestionsDialog
from gui.designer import NetworkDesignerPanel
from gui.lab.digit_lab import DigitLab
from gui.lab.own_digits_view import store_path
from gui.lab.update_view import UpdateView
from gui.lesson.mode import LessonMode
from gui.model_files import ModelFiles
from gui.session_files import SessionFiles
from gui.settings_store import SettingsStore
from gui.training.comparisons import ComparisonRunner
from gui.training.controller import Adoption, TrainingController
from gui.training.controls import TrainingControls
from gui.training.frame import Frame, RunEnd, RunOutcome, TrainingState
from gui.training.gradient_plot import GradientPanel
from gui.training.loss_panel import LossPanel
from gui.training.loss_plot import LossPlot
from gui.training.pace import pace_named
from gui.training.run_table import RunsPanel
from gui.window_actions import (
    build_actions,
    build_choice_menu,
    build_menus,
    shortcut_list,
    shortcuts_html,
)
from gui.window_layout import lay_out
from gui.zoom import Zoom

__all__ = ["MainWindow", "ask_yes_no", "shortcut_list"]

T = TypeVar("T")

APP_TITLE = "Neuron Lab — watch a neural network learn"
#: The runs whose end is also said in a message box: (icon, title).
RUN_ALARMS = {
    RunEnd.DIVERGED: (QMessageBox.Icon.Warning, "The loss blew up"),
    RunEnd.SATURATED: (QMessageBox.Icon.Warning, "Learning stopped"),
    RunEnd.FAILED: (QMessageBox.Icon.Critical, "Training failed"),
}


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

    trainingFinished = Signal(str)  # a RunEnd: completed, stopped, diverged, failed, saturated

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
        self.update_view = UpdateView()  # issue 9: w := w − α·dw, one node's update
        self.gradient_panel = GradientPanel()  # issue 9: mean |dW| per layer
        self.runs = RunsPanel(self.loss_panel)  # the session's runs: table and ghost curves
        self._message_box: QMessageBox | None = None
        self._questions: ClassQuestionsDialog | None = None
        self.resets_told: set[str] = set()  # settings keys already named in the status line
        self.zoom = Zoom(self)  # gui/zoom.py: one factor for every text in the window
        self.summary = projector.DesignSummary()  # the projector layout's one-line design
        self.designer_folded_by_zoom = False  # folded for lack of room, unfolded when there is

        self.tabs, self.view_splitter, self.main_splitter = lay_out(self)  # window_layout.py

        self.acts = build_actions(self)
        self.comparisons = ComparisonRunner(self)  # Lesson > Compare runs
        self.files = ModelFiles(self)
        self.sessions = SessionFiles(self)  # gui/session_files.py: File > … session, Open recent
        self._build_menus()
        self._connect()
        self.lesson = LessonMode(self)  # gui/lesson/: the side panel, its keys, the toolbar
        self._restore_settings()
        self._keep_own_digits()
        self.controller.publish()  # every view starts from the controller's state
        window_settings.announce_resets(self)  # a setting that could not be read, said once
        if self.controller.can_train:
            self._run_safely(self.controller.ensure_task)

    # ---- public API (kept stable for external checks) -----------------------------------------
    def current_network(self) -> Network:
        """The network whose weights the views show (a snapshot copy during training)."""
        return self.controller.current_network()

    def last_update(self, layer: int, i: int, j: int) -> tuple[float, float, float, float] | None:
        """The newest recorded update of weight ``current_network().weights[layer][i, j]``
        (layer 0 is W1): ``(w_before, dw, step, w_after)`` with step = w_after − w_before.
        Recorded for every single step (N) and every update of a slow pace (>= 0.1 s an update;
        clock.RECORD_EACH_UPDATE_SECONDS), and now and then at faster paces
        while the update view is on screen; None before any update was recorded (and after a
        reset or a new network)."""
        record = self.controller.last_update()
        if record is None:
            return None
        w = record.weight(layer, i, j)
        return (w.w_before, w.dw, w.step, w.w_after)

    def set_epochs(self, epochs: int) -> None:
        """Set the epoch count in the designer, as if typed there."""
        self.designer.set_epochs(int(epochs))

    def start_training(self) -> None:
        """Train (or resume), unless a field is invalid."""
        self._on_train()

    def set_speed(self, name: str) -> None:
        """The training pace: "full" | "class" | "slow" (gui/training/pace.py; the slider
        moves, a run on changes pace at once); ValueError for any other name."""
        if name not in ("full", "class", "slow"):
            raise ValueError(f"Unknown speed {name!r}: use 'full', 'class' or 'slow'.")
        self.controls.set_pace(name)

    # ---- construction -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menus = build_menus(self, self.acts)
        self.sessions.add_to_menu(menus["File"], self.acts["save_session"])
        lesson = menus["Lesson"]
        presets = [(p.name, p.watch_for, "") for p in PRESETS]
        self.preset_actions = build_choice_menu(
            self, lesson, "Start from a preset", presets, self._on_preset_chosen
        )
        comparisons = [(c.name, c.watch_for, f"compare_{c.key}") for c in COMPARISONS]
        self.comparison_actions = build_choice_menu(
            self, lesson, "Compare runs", comparisons, self._on_comparison_chosen
        )

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
            self.update_view,
            self.gradient_panel,
            self.lab.ownDigitsView,
        ):
            c.router.register(view)
        self.lab.nodeInspected.connect(self.update_view.set_node)
        self.gradient_panel.wantedChanged.connect(c.set_gradients_wanted)
        self.update_view.wantedChanged.connect(c.set_updates_wanted)
        c.taskChanged.connect(self._on_task_changed)
        k = self.controls
        k.trainClicked.connect(self._on_train)
        k.pauseClicked.connect(self._on_pause)
        k.stopClicked.connect(self._on_stop)
        k.stepBatchClicked.connect(self._on_step_batch)
        k.stepEpochClicked.connect(self._on_step_epoch)
        k.resetClicked.connect(self._on_reset)
        k.paceChanged.connect(self._on_pace_changed)
        k.paceChanged.connect(self.loss_panel.on_pace_changed)  # slow motion: log every update
        self.designer.designChanged.connect(self._on_design_changed)
        self.loss_panel.log_check.toggled.connect(self.acts["log"].setChecked)
        self.loss_panel.batch_check.toggled.connect(self.acts["batches"].setChecked)
        self.runs.exportRequested.connect(self._on_export_runs)
        self.summary.clicked.connect(self._on_summary_clicked)
        self.zoom.changed.connect(self._on_zoom_changed)

    # ---- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        self.restored_geometry = window_settings.restore(self)
        self.controller.set_pace(self.controls.pace())
        self.loss_panel.on_pace_changed(self.controls.pace().name)

    # ---- training commands --------------------------------------------------------------------
    def _command(self, command: Callable[[], None]) -> None:
        """Run a command that may start training; the controller refuses an invalid design
        (and says so), the designer opens every section to show the fields in red."""
        self.files.cancel_open()  # training now: the user changed their mind about the file
        # Stepping batch by batch zooms the plot to the epoch; any other command shows it all.
        self.loss_panel.set_step_view(command == self.controller.step_batch)
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
        self.comparisons.stop()  # Esc ends a comparison's sequence too
        if not self.files.cancel_open():  # Esc cancels an open first
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

    def _on_pace_changed(self, name: str) -> None:
        self.controller.set_pace(pace_named(name))

    def _run_safely(self, command: Callable[[], T]) -> T | None:
        """Run a command that touches the engine; an error becomes a message, not a crash."""
        try:
            return command()
        except Exception as exc:  # e.g. the data cannot be loaded
            text = messages.failure_message(f"{type(exc).__name__}: {exc}")
            self.controller.announce(text)
            self.show_message(QMessageBox.Icon.Critical, "Training could not start", text)
            return None

    # ---- designs ------------------------------------------------------------------------------
    def _on_design_changed(self, design: Design) -> None:
        question = (
            "This change gives the network a different shape or different starting "
            "weights, so the training so far would be lost.\n\nReset the network now?"
        )
        self.adopt_design(design, ask=("Reset the network?", question), from_designer=True)

    def adopt_design(
        self,
        design: Design,
        *,
        network: Network | None = None,
        fresh: bool = False,
        ask: tuple[str, str] | None = None,
        status: str = "",
        from_designer: bool = False,
        history: Sequence[Sequence[float | None]] = (),
        epochs_trained: int = 0,
    ) -> bool:
        """The one path for a new design: a designer edit, a preset, an opened model.

        The controller decides what the design means for the network and asks ``ask``
        (title, question) through ``ask_yes_no`` only if training would be lost. Here the
        outcome is only wired back: the designer shows the design the controller kept, and the
        settings and the class questions follow an adopted one. True if it was adopted.
        """

        def confirm() -> bool:  # no question to ask: the caller has already asked
            return ask is None or ask_yes_no(self, ask[0], ask[1])

        result = self._run_safely(
            lambda: self.controller.adopt(
                design,
                network=network,
                fresh=fresh,
                confirm=confirm,
                status=status,
                history=history,
                epochs_trained=epochs_trained,
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
        self.adopt_design(
            preset.design,
            fresh=True,
            ask=("Load a preset?", question),
            status=messages.preset_message(preset.name, preset.watch_for),
        )

    def _on_preset_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.load_preset(PRESETS[int(action.data())])

    def _on_comparison_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.comparisons.start(COMPARISONS[int(action.data())])

    # ---- frames -------------------------------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Key frames: the menus follow the state; the end of a run is reported."""
        self.runs.on_frame(frame, self.controller.design)  # before trainingFinished is said
        state = frame.state
        self.acts["open"].setEnabled(state == TrainingState.IDLE and not self.files.is_opening())
        self.acts["step_batch"].setEnabled(frame.can_train and state != TrainingState.RUNNING)
        self.acts["step_epoch"].setEnabled(frame.can_train and state != TrainingState.RUNNING)
        self.summary.set_design(self.controller.design)
        if frame.outcome is not None:
            self._on_run_finished(frame.outcome)

    def _on_task_changed(self, task: DigitsTask) -> None:
        self.lab.set_task(task)

    def _on_run_finished(self, outcome: RunOutcome) -> None:
        """A run that did not end well gets a box too (the status alone is easy to miss)."""
        alarm = RUN_ALARMS.get(outcome.reason)
        if alarm is not None:  # details: the traceback of a failure, '' otherwise
            self.show_message(*alarm, self.controller.status, outcome.details)
        self.trainingFinished.emit(str(outcome.reason))

    def show_message(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str = "", rich: bool = False
    ) -> None:
        """A window-modal box that does not block the event loop (training keeps updating).

        Plain text unless ``rich`` (only our own markup): an error or a file may say anything,
        and Qt would otherwise render HTML in it, images included."""
        if self._message_box is not None:
            self._message_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # the zoom's font too
        box.setObjectName("messageBox")
        box.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.open()
        self._message_box = box

    # ---- files (gui/model_files.py) -------------------------------------------------------
    def save_model_to(self, path: str | Path) -> Path:
        """Save the shown network with its design, epochs and history (``engine.save_trained``)."""
        return self.files.save_model_to(path)

    def open_model_from(self, path: str | Path) -> None:
        """Open a saved model now (in this thread); raises ``ModelFormatError`` or ``OSError``
        with one sentence naming the file, and then nothing has changed."""
        self.files.open_now(path)

    def export_plot_png(self, path: str | Path) -> None:
        """Write the loss plot, as on screen, to a PNG file."""
        self.files.export_plot_png(path)

    def export_plot_svg(self, path: str | Path) -> None:
        """Write the loss plot to an SVG file (landscape, titled with the design)."""
        self.files.export_plot(path)

    def export_epoch_log(self, path: str | Path) -> None:
        """Write the Keras-style epoch log (objectName epochLog) to a text file."""
        self.loss_panel.write_log(path)

    def _on_open(self) -> None:
        self.files.ask_and_open()  # read in the background; Esc or Cancel abandons it

    def _on_save(self) -> None:
        self.files.save_file(
            "Save model",
            "network.npz",
            "Neuron Lab model (*.npz)",
            "the network",
            self.save_model_to,
        )

    def _on_export_png(self) -> None:
        self.files.save_file(
            "Export plot", "loss.png", "PNG image (*.png)", "the plot", self.export_plot_png
        )

    def _on_export_svg(self) -> None:
        self.files.save_file(
            "Export plot", "loss.svg", "SVG image (*.svg)", "the plot", self.export_plot_svg
        )

    def _on_export_log(self) -> None:
        self.files.save_file(
            "Export epoch log", "epoch-log.txt", "Text (*.txt)", "the log", self.export_epoch_log
        )

    def _on_export_csv(self) -> None:
        history = self.controller.history
        self.files.save_file(
            "Export history", "history.csv", "CSV (*.csv)", "the history", history.write_csv
        )

    def _on_export_runs(self) -> None:
        self.files.save_file(
            "Export runs", "runs.csv", "CSV (*.csv)", "the runs", self.runs.write_csv
        )

    def save_session_to(self, path: str | Path) -> Path:
        """Save the whole session (gui/session_files.py) to ``path``."""
        return self.sessions.save_session_to(path)

    def open_session_from(self, path: str | Path) -> None:
        """Open a saved session now; raises ``SessionFormatError`` or ``OSError`` with one
        sentence naming the file, and then nothing has changed."""
        self.sessions.open_session_from(path)

    def _on_open_session(self) -> None:
        self.sessions.ask_and_open()

    def _on_save_session(self) -> None:
        self.sessions.ask_and_save()

    # ---- view ---------------------------------------------------------------------------------
    def _on_toggle_log(self) -> None:
        self.loss_panel.log_check.setChecked(self.acts["log"].isChecked())

    def _on_toggle_batches(self) -> None:
        self.loss_panel.batch_check.setChecked(self.acts["batches"].isChecked())

    def _on_bigger_text(self) -> None:
        self._change_font(+1)

    def _on_smaller_text(self) -> None:
        self._change_font(-1)

    def _on_actual_size(self) -> None:
        self._change_font(0)

    def _change_font(self, direction: int) -> None:
        """Zoom every text of the window one step (0: actual size); remembered."""
        if direction > 0:
            self.zoom.bigger()
        elif direction < 0:
            self.zoom.smaller()
        else:
            self.zoom.actual_size()
        window_settings.save_view(self)

    def _on_toggle_designer(self) -> None:
        """Fold the designer away to give the plot and the drawing the whole width."""
        projector.show_designer(self, self.acts["designer"].isChecked())

    def _on_zoom_changed(self, _factor: float) -> None:
        projector.fold_if_cramped(self)  # no room for the designer: its summary line instead

    def _on_toggle_projector(self) -> None:
        """The projector layout (gui/projector.py): big text, designer as one line."""
        projector.set_projector(self, self.acts["projector"].isChecked())
        window_settings.save_view(self)

    def _on_summary_clicked(self) -> None:
        projector.show_designer(self, True)

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
            window_settings.announce_resets(self)  # the class list is read only now
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
        text = shortcuts_html(self)  # our own table of our own action names
        self.show_message(QMessageBox.Icon.Information, "Keyboard shortcuts", text, rich=True)

    def _on_about(self) -> None:
        help_pages.show_about(self)

    def _on_teaching_help(self) -> None:
        help_pages.show_teaching_help(self)

    def _on_reset_settings(self) -> None:
        """Forget every setting and show the window's defaults, without a restart."""
        if not ask_yes_no(self, "Reset all settings?", messages.RESET_SETTINGS_QUESTION):
            return
        self.settings.reset_all()
        if self._questions is not None:  # it holds the class list that was just forgotten
            self._questions.close()
            self._questions.deleteLater()
            self._questions = None
        window_settings.reset_to_defaults(self)
        self.adopt_design(Design(), fresh=True, status=messages.SETTINGS_RESET)

    # ---- lesson mode and the code behind it (gui/lesson/, gui/code_dialog.py) ---------------
    def code_for(self, library: str) -> str:
        """The design on screen as ready-to-copy Python: "sklearn" | "keras" | "numpy"."""
        task = self.controller.task
        n_train = None if task is None else len(task.y_train)
        return code_for(library, self.controller.design, n_train=n_train)

    def _on_lesson_mode(self) -> None:
        self.lesson.toggle()

    def _on_pick_student(self) -> None:
        self.lesson.pick_student()

    def _on_show_code(self) -> None:
        code_dialog.show_code(self)

    # ---- our digits (gui/lab/own_digits_view.py) ----------------------------------------------
    def _keep_own_digits(self) -> None:
        """The class's drawings: kept beside the settings, their messages in the status."""
        view = self.lab.ownDigitsView
        view.statusMessage.connect(self.controller.announce)
        view.problem.connect(self._on_own_digits_problem)
        view.confirm = self._ask_own_digits
        view.use_store(store_path(self.settings), self.settings)

    def _ask_own_digits(self, title: str, question: str) -> bool:
        return ask_yes_no(self, title, question)

    def _on_own_digits_problem(self, title: str, text: str) -> None:
        self.show_message(QMessageBox.Icon.Critical, title, text)

    def _on_add_own_digit(self) -> None:
        self.tabs.setCurrentWidget(self.lab.ownDigitsView)
        self.lab.ownDigitsView.add_drawing()

    def _on_open_own_digits(self) -> None:
        self.lab.ownDigitsView.ask_open()

    def _on_merge_own_digits(self) -> None:
        self.lab.ownDigitsView.ask_merge()

    def _on_save_own_digits(self) -> None:
        self.lab.ownDigitsView.ask_save()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop training (flag, quit, wait) before the window goes, then keep the settings."""
        self.lesson.shutdown()  # the teacher's own design is the one the settings keep
        self.files.shutdown()
        self.comparisons.stop()  # no next run may start after the controller stops
        self.controller.shutdown()
        for dialog in (self._message_box, self._questions):
            if dialog is not None:
                dialog.close()
        window_settings.save(self)
        event.accept()
