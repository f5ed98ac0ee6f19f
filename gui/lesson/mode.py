"""Lesson mode: the lesson's steps in a side panel, each setting the window up for itself.

Entering keeps the teacher's own design, network, history and designer visibility; every step
then goes through the window's public paths only: ``MainWindow.adopt_design(step.design,
fresh=True)`` (fresh weights, drawn as the lesson draws them), the test digit into the lab,
the insight tab holding the step's view (found by objectName, the loss tab if it is absent),
the node inspector, ``MainWindow.set_speed`` where it exists. The numbers come from
``engine.lesson_steps.step_readings`` for the network and the digit on screen, again after
every key frame (a step, a pause, the end of a run) and every stroke on the canvas. Leaving
adopts the teacher's design and trained network back. The step is kept in the settings.

Keys while the lesson is open: PageDown / → next, PageUp / ← previous (what a presentation
clicker sends); F2 opens and closes it.
"""

from __future__ import annotations

from dataclasses import astuple
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QSplitter,
    QStyle,
    QToolBar,
    QWidget,
)

from engine import Design, Network
from engine.lesson import LESSON_QUESTIONS, answer
from engine.lesson_steps import LESSON_STEPS, LessonStep, Reading, step_readings
from gui import window_settings
from gui.class_questions import RosterEditor
from gui.lesson.panel import LessonPanel
from gui.training.frame import Frame

if TYPE_CHECKING:
    from gui.main_window import MainWindow

STEP_KEY = "lesson/step"
NEXT_KEYS = ("PgDown", "Right")
PREVIOUS_KEYS = ("PgUp", "Left")
#: How wide the lesson column is, in average characters of the window's font (at 1024 px
#: and 9 pt it leaves the insight tabs and the digit lab their minimum widths).
PANEL_CHARS = 46
MIN_PANEL_CHARS = 30
#: The splitters whose panes are separate views of one tab, so a step's view may take the
#: room (not the loss panel's: its plot, readout and log are read together).
ROOMY_SPLITTERS = ("functionSplitter",)
#: The dock's separator and margins beside the central widget, in pixels.
DOCK_MARGIN = 12


class _Saved:
    """What lesson mode borrowed from the teacher: given back on leaving."""

    def __init__(self, window: MainWindow) -> None:
        c = window.controller
        self.design: Design = c.design
        self.network = Network.from_snapshot(c.current_network().snapshot())
        self.history = [astuple(row) for row in c.history.rows]
        self.epochs = c.epochs_done
        self.designer_shown = window.acts["designer"].isChecked()
        self.speed = window.controls.speed_slider.value()
        self.tab = window.tabs.currentIndex()


def _give_room(widget: QWidget) -> None:
    """If ``widget`` is one pane of a ROOMY_SPLITTERS splitter (the f(z) tab's plot above the
    one-example loss, say), give it most of the height: the step's view is what the class
    looks at; the other panes keep a sliver and can be dragged back."""
    splitter = widget.parentWidget()
    if not isinstance(splitter, QSplitter) or splitter.objectName() not in ROOMY_SPLITTERS:
        return
    index = splitter.indexOf(widget)
    total = sum(splitter.sizes())
    if index < 0 or total <= 0 or splitter.count() < 2:
        return
    rest = total // 6 // (splitter.count() - 1)
    splitter.setSizes(
        [
            total - rest * (splitter.count() - 1) if i == index else rest
            for i in range(splitter.count())
        ]
    )


class LessonMode(QObject):
    """The lesson panel (a dock, objectName ``lessonPanel``), its keys and its toolbar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._index = 0
        self._saved: _Saved | None = None
        self._roster_loaded = False
        self._readings: tuple[Reading, ...] = ()
        self._view = "lossPanel"

        self.panel = LessonPanel()
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lessonPanel")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dock.setTitleBarWidget(QWidget())  # the panel says "Lesson · step n" itself
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()

        self._shortcuts: list[QShortcut] = []
        for keys, slot in ((NEXT_KEYS, self.next_step), (PREVIOUS_KEYS, self.previous_step)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), window)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                shortcut.setEnabled(False)
                self._shortcuts.append(shortcut)

        self.toolbar = self._build_toolbar()
        p = self.panel
        p.nextClicked.connect(self.next_step)
        p.previousClicked.connect(self.previous_step)
        p.leaveClicked.connect(self.leave)
        p.rosterClicked.connect(self.edit_roster)
        p.fontChanged.connect(self._on_font_changed)
        window.controller.frameReady.connect(self._on_frame)
        window.lab.digitCanvas.pixelsChanged.connect(self._on_drawing_changed)

    # ---- public API ---------------------------------------------------------------------
    def is_active(self) -> bool:
        return self._saved is not None

    def step_index(self) -> int:
        return self._index

    def step(self) -> LessonStep:
        return LESSON_STEPS[self._index]

    def readings(self) -> tuple[Reading, ...]:
        """The numbers on the panel, as the engine worked them out."""
        return self._readings

    def enter(self) -> None:
        """Open the lesson at the remembered step; the teacher's own set-up is kept aside."""
        if self.is_active():
            return
        self._load_roster()
        self._saved = _Saved(self.window)
        last = len(LESSON_STEPS) - 1
        self._index = self.window.settings.load_int(STEP_KEY, 0, 0, last)
        self.window.acts["designer"].setChecked(False)  # the lesson takes the designer's place
        self.window.designer.setVisible(False)
        self._fit_dock()
        self._show_dock(True)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self.window.acts["lesson"].setChecked(True)
        self._set_up()

    def leave(self) -> None:
        """Close the lesson and give the teacher their design, network and history back."""
        saved = self._saved
        if saved is None:
            return
        self._saved = None
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self._show_dock(False)
        self.window.lab.close_inspector()
        self.window.acts["lesson"].setChecked(False)
        self.window.acts["designer"].setChecked(saved.designer_shown)
        self.window.designer.setVisible(saved.designer_shown)
        self.window.adopt_design(
            saved.design,
            network=saved.network,
            history=saved.history,
            epochs_trained=saved.epochs,
            status="Lesson closed: your own network is back.",
        )
        self.window.controls.set_speed_index(saved.speed)
        self.window.tabs.setCurrentIndex(saved.tab)

    def toggle(self) -> None:
        if self.is_active():
            self.leave()
        else:
            self.enter()

    def go_to(self, index: int) -> None:
        """Show step ``index`` (clamped to the lesson) and set the window up for it."""
        index = max(0, min(len(LESSON_STEPS) - 1, int(index)))
        self._index = index
        self.window.settings.save_int(STEP_KEY, index)
        if self.is_active():
            self._set_up()

    def next_step(self) -> None:
        if self.is_active() and self._index < len(LESSON_STEPS) - 1:
            self.go_to(self._index + 1)

    def previous_step(self) -> None:
        if self.is_active() and self._index > 0:
            self.go_to(self._index - 1)

    def pick_student(self) -> str:
        """Cold-call a student (the toolbar's and the panel's one fair round)."""
        self._load_roster()
        name = self.panel.pick_student()
        self.picked.setText(name)
        return name

    def edit_roster(self) -> None:
        self._load_roster()
        editor = RosterEditor(self.panel.roster(), self.window)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.panel.set_roster(editor.names())
            self.window.settings.save_roster(self.panel.roster())

    def teachers_own(self) -> tuple[Design, Network, list[tuple], int] | None:
        """While the lesson is open, the teacher's design, network, history rows and epochs
        kept aside (what leaving gives back; a saved session keeps them); else None."""
        s = self._saved
        return None if s is None else (s.design, s.network, s.history, s.epochs)

    def current_view(self) -> str:
        """The objectName of the step's view that is on screen ("lossPanel" if none was)."""
        return self._view

    def shutdown(self) -> None:
        """The window is closing: the teacher's design is what the settings keep."""
        self.leave()

    def _fit_dock(self) -> None:
        """A fixed width (shown with a free one, the dock first asks for its content's whole
        preferred width and the window grows): PANEL_CHARS of the font, no more than the
        step's views leave free (the f(z) tab, say, needs more than the loss tab) unless that
        is under MIN_PANEL_CHARS, and never over a third of the window."""
        w = self.window
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the views' minimums
        char = self.panel.fontMetrics().averageCharWidth()
        # (the window's scroll area may need a vertical scroll bar beside the views, too)
        scroll_bar = w.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        free = w.width() - w.main_splitter.minimumSizeHint().width() - DOCK_MARGIN - scroll_bar
        width = max(min(char * PANEL_CHARS, free), char * MIN_PANEL_CHARS)
        self.dock.setFixedWidth(min(width, w.width() // 3))

    def _on_font_changed(self) -> None:
        if self.is_active():
            self._fit_dock()

    def _show_dock(self, show: bool) -> None:
        """Show or hide the panel in the window's own size: the lesson takes the designer's
        room instead of growing the window."""
        w = self.window
        size = w.size()
        # let the layouts take the designer's hiding in before the dock asks for room
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.dock.setVisible(show)
        if not (w.isMaximized() or w.isFullScreen()):
            w.resize(size)

    # ---- set-up -------------------------------------------------------------------------
    def _set_up(self) -> None:
        size = self.window.size()
        self._set_up_step()
        self._fit_dock()  # the step's tab may need more room than the last one's
        w = self.window
        if not (w.isMaximized() or w.isFullScreen()):
            w.resize(size)

    def _set_up_step(self) -> None:
        step = self.step()
        w = self.window
        status = f"Lesson step {self._index + 1}: {step.title}."
        w.adopt_design(step.design, fresh=True, status=status)
        task = w.controller.task
        if task is not None:
            w.lab.load_test_digit(step.digit)
        self._view = self._show_view(step.views)
        set_speed = getattr(w, "set_speed", None)  # another package's; may not exist yet
        if step.speed is not None and callable(set_speed):
            set_speed(step.speed)
        design = w.controller.design
        text = "" if step.question is None else answer(LESSON_QUESTIONS[step.question], design)
        self.panel.show_step(self._index, len(LESSON_STEPS), step, text)
        self._refresh_readings()
        if step.node is not None:
            # The card floats over the middle of the window: shown where the step's view is
            # the diagram it explains; elsewhere (f(z), the update) it would cover the view,
            # which follows the selected node by itself.
            w.lab.inspect_node(*step.node, pin=True, show=self._view == "networkDiagram")
        else:
            w.lab.close_inspector()

    def _show_view(self, names: tuple[str, ...]) -> str:
        """Bring the tab holding the first of ``names`` that exists to the front."""
        tabs = self.window.tabs
        for name in (*names, "lossPanel"):  # (the loss panel sits in a splitter in its tab)
            widget = self.window.findChild(QWidget, name)
            while widget is not None and tabs.indexOf(widget) < 0:
                _give_room(widget)
                widget = widget.parentWidget()
            if widget is not None:
                tabs.setCurrentIndex(tabs.indexOf(widget))
                return name
        tabs.setCurrentIndex(tabs.indexOf(self.window.loss_panel))
        return "lossPanel"

    def _refresh_readings(self) -> None:
        """Work the step's numbers out for the network and the drawing on screen."""
        w = self.window
        task = w.controller.task
        if task is None:
            self._readings = ()
        else:
            pixels = w.lab.digitCanvas.pixels()
            image = np.asarray(task.images_test[self.step().digit], dtype=np.float64)
            # a drawing of the class's own has no known truth, so no loss of its own
            y = int(task.y_test[self.step().digit]) if np.array_equal(pixels, image) else None
            self._readings = step_readings(
                self.step(),
                w.current_network(),
                pixels,
                task.scale(pixels),
                y,
                task,
                w.controller.design,
            )
        self.panel.set_readings(self._readings)

    def _on_frame(self, frame: Frame) -> None:
        """Key frames (a step, a pause, a run's end): the numbers follow the new weights."""
        if self.is_active() and frame.key:
            self._refresh_readings()

    def _on_drawing_changed(self) -> None:
        if self.is_active():
            self._refresh_readings()

    def _load_roster(self) -> None:
        if self._roster_loaded:
            return
        self._roster_loaded = True
        roster = self.window.settings.load_roster()
        window_settings.announce_resets(self.window)  # the class list is read only now
        if roster:
            self.panel.set_roster(roster)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar("Lesson", self.window)
        bar.setObjectName("lessonToolBar")
        bar.setMovable(False)
        acts = self.window.acts
        for name in ("lesson", "pick_student", "show_code"):
            bar.addAction(acts[name])
        self.picked = QLabel("")
        self.picked.setObjectName("pickedStudent")
        self.picked.setTextFormat(Qt.TextFormat.PlainText)
        # bold by style, not by a QFont: its size follows the window's font (zoom)
        self.picked.setStyleSheet("color: #D55E00; font-weight: bold; padding-left: 8px;")
        bar.addWidget(self.picked)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar
