"""File > Save session / Open session / Open recent: a prepared lesson, taken home and back.

A session (engine/session_file.py) is the design with its trained weights, their history and
epochs, the earlier runs of the run table, the lesson step, the class's own digits and the
pace. Here the window's side:

- ``gather()`` reads the window into a ``Session`` (plain data); ``save_session_to`` writes it.
- ``open_session_from`` reads the *whole* file first (the engine checks every field, and the
  names only the window knows, a pace or how a run ended, are checked here too) and only then
  applies it, part by part, through the window's public paths: ``adopt_design`` for the design,
  weights and history, ``controls.set_pace`` for the pace, ``RunsPanel.restore`` for the runs,
  ``LessonMode.go_to`` / ``enter`` for the lesson. The class's digits are *added* to this PC's
  collection (none twice, engine ``OwnDigits.merge``): a session never deletes drawings kept
  here. A damaged file is refused with one message and nothing on screen changes.
- Open recent lists the last ``MAX_RECENT`` sessions (settings key ``sessions/recent``); a file
  that has gone is shown greyed and, if chosen, removed from the list with a message.
- At start-up the app reopens a session only when asked: ``--session PATH`` on the command
  line, or the checkable "Reopen the last session at start" (``sessions/reopen_last``, off by
  default: a shared classroom PC should start clean unless the teacher wants otherwise).

Reading is synchronous: a session is at most a few MB and is read in milliseconds; the model
reader's limits bound what a hostile file can cost (tests/reliability/test_hostile_sessions.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from engine.lesson_steps import LESSON_STEPS
from engine.session_file import (
    SUFFIX,
    SavedRun,
    Session,
    SessionFormatError,
    history_of,
    load_session,
    save_session,
)
from gui.training.frame import RunEnd, TrainingState
from gui.training.pace import PACE_NAMES
from gui.training.run_log import RunRecord

if TYPE_CHECKING:
    from gui.main_window import MainWindow

RECENT_KEY = "sessions/recent"
REOPEN_KEY = "sessions/reopen_last"
MAX_RECENT = 5
FILE_FILTER = f"Neuron Lab session (*{SUFFIX})"
DEFAULT_NAME = f"lesson{SUFFIX}"


def _shown(path: str) -> str:
    """A recent file as a menu shows it: its name, then its folder."""
    p = Path(path)
    return f"{p.name}  —  {p.parent}"


class SessionFiles(QObject):
    """Save, open and reopen sessions for ``window`` (a ``MainWindow``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.recent_menu = QMenu("Open recent")
        self.recent_menu.setObjectName("recentSessionsMenu")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.reopen_action = QAction("Reopen the last session at start", self)
        self.reopen_action.setObjectName("reopenLastSession")
        self.reopen_action.setCheckable(True)
        self.reopen_action.setChecked(window.settings.load_bool(REOPEN_KEY, False))
        self.reopen_action.setToolTip("Start where the class left off: the last session opens")
        self.reopen_action.toggled.connect(self._on_reopen_toggled)
        self.clear_action = QAction("Clear the list", self)
        self.clear_action.triggered.connect(self.clear_recent)
        self.fill_recent_menu()

    # ---- the File menu ------------------------------------------------------------------------
    def add_to_menu(self, menu: QMenu, after: QAction) -> None:
        """Put Open recent into ``menu`` just after ``after`` (File > Save session…)."""
        actions = menu.actions()
        index = actions.index(after) + 1
        if index < len(actions):
            menu.insertMenu(actions[index], self.recent_menu)
        else:
            menu.addMenu(self.recent_menu)

    def fill_recent_menu(self) -> None:
        """The recent sessions, newest first; one that has gone is greyed out."""
        menu = self.recent_menu
        menu.clear()
        paths = self.recent()
        for number, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{number}  {_shown(path)}")
            action.setData(path)
            exists = os.path.isfile(path)
            action.setEnabled(exists)
            action.setToolTip(path if exists else f"{path} is no longer there")
            action.triggered.connect(self._on_recent_chosen)
        if not paths:
            menu.addAction("No sessions yet").setEnabled(False)
        menu.addSeparator()
        blocked = self.reopen_action.blockSignals(True)  # "Reset all settings" may have run
        self.reopen_action.setChecked(self._window.settings.load_bool(REOPEN_KEY, False))
        self.reopen_action.blockSignals(blocked)
        menu.addAction(self.reopen_action)
        menu.addAction(self.clear_action)
        self.clear_action.setEnabled(bool(paths))

    # ---- the recent list -----------------------------------------------------------------------
    def recent(self) -> list[str]:
        """The recent sessions' absolute paths, newest first (at most ``MAX_RECENT``)."""
        return list(self._window.settings.load_paths(RECENT_KEY, MAX_RECENT))

    def remember(self, path: str | Path) -> None:
        """``path`` becomes the newest recent session."""
        full = os.path.abspath(os.fspath(path))
        paths = [full, *(p for p in self.recent() if p != full)][:MAX_RECENT]
        self._window.settings.save_paths(RECENT_KEY, paths)
        self.fill_recent_menu()

    def forget(self, path: str) -> None:
        self._window.settings.save_paths(RECENT_KEY, [p for p in self.recent() if p != path])
        self.fill_recent_menu()

    def clear_recent(self) -> None:
        self._window.settings.save_paths(RECENT_KEY, [])
        self.fill_recent_menu()

    # ---- saving -------------------------------------------------------------------------------
    def gather(self) -> Session:
        """The window as a session: the network with its design, epochs and history (the
        teacher's own while the lesson is open: what leaving it gives back), the pace, the
        runs of the run table, the lesson step and the class's own digits."""
        w = self._window
        c = w.controller
        own = w.lesson.teachers_own()
        if own is None:
            design, network = c.design, c.current_network()
            history, epochs = history_of(c.history.rows), c.epochs_done
        else:
            design, network, rows, epochs = own
            history = history_of(rows)
        return Session(
            network=network,
            design=design,
            epochs_trained=epochs,
            history=history,
            pace=w.controls.pace().name,
            runs=self._runs(),
            lesson_step=w.lesson.step_index(),
            lesson_active=own is not None,
            digits=w.lab.ownDigitsView.digits(),
        )

    def _runs(self) -> tuple[SavedRun, ...]:
        """The run table's runs, each with whether its ghost is shown."""
        ghosts = self._window.runs.ghosts
        return tuple(
            SavedRun(**{**vars(r), "ended": str(r.ended)}, shown=ghosts.is_checked(r.number))
            for r in self._window.runs.log.records
        )

    def save_session_to(self, path: str | Path) -> Path:
        """Write the session to ``path`` (ValueError or OSError naming it, nothing written)."""
        written = save_session(path, self.gather())
        self.remember(written)
        return written

    def ask_and_save(self) -> None:
        """File > Save session…: training must be paused or stopped (the weights and the
        history then agree); ask where, write, and say so."""
        w = self._window
        if w.controller.state == TrainingState.RUNNING:
            w.show_message(
                QMessageBox.Icon.Information,
                "Save session",
                "Pause the training first (Space), then save the session.",
            )
            return
        w.files.save_file(
            "Save session", DEFAULT_NAME, FILE_FILTER, "the session", self.save_session_to
        )

    # ---- opening ------------------------------------------------------------------------------
    def open_session_from(self, path: str | Path) -> None:
        """Read ``path`` completely, then apply it. ``SessionFormatError`` (one sentence naming
        the file) or FileNotFoundError, and then nothing has changed."""
        session = load_session(path)
        problem = self.check(session)
        if problem:
            raise SessionFormatError.about(path, problem)
        self.apply(session, Path(path).name)
        self.remember(path)

    def check(self, session: Session) -> str | None:
        """What in a session (checked by the engine) this window cannot show, or None."""
        if session.pace not in PACE_NAMES:
            return f"its pace {session.pace!r} is not one of {', '.join(PACE_NAMES)}"
        if session.lesson_step >= len(LESSON_STEPS):
            return f"its lesson step {session.lesson_step + 1} is beyond the lesson's end"
        endings = {str(end) for end in RunEnd}
        for run in session.runs:
            if run.ended not in endings:
                return f"its run {run.number} ended in a way this program does not know"
        return None

    def apply(self, session: Session, name: str) -> None:
        """Show ``session`` (already checked): design, weights and history, the pace, the
        runs and their ghosts, the class's digits (added to this PC's, none twice), the lesson
        step (and the lesson itself if it was open)."""
        w = self._window
        w.files.cancel_open(quiet=True)  # a model still being read would land on top
        w.comparisons.stop()  # no comparison's next run may start over the session
        w.lesson.leave()  # the teacher's own set-up first: the session's replaces it
        status = (
            f"Opened the session {name}: {session.epochs_trained} epochs trained, "
            f"{len(session.runs)} runs, {len(session.digits)} of our digits."
        )
        adopted = w.adopt_design(
            session.design,
            network=session.network,
            history=session.history,
            epochs_trained=session.epochs_trained,
            status=status,
        )
        if not adopted:
            raise ValueError(f"Cannot open {name}: its design could not be used.")
        w.controls.set_pace(session.pace)
        records = [
            RunRecord(**{k: v for k, v in vars(r).items() if k != "shown"}) for r in session.runs
        ]
        hidden = {r.number for r in session.runs if not r.shown}
        w.runs.restore(records, hidden, w.controller.history)
        view = w.lab.ownDigitsView
        merged, _added = view.digits().merge(session.digits)
        view.set_digits(merged)
        w.lesson.go_to(session.lesson_step)
        if session.lesson_active:
            w.lesson.enter()  # the lesson's step, and its status line

    def open_or_say(self, path: str | Path) -> bool:
        """Open ``path``; a refusal is one message box and the status as it was. True if
        opened. A session file that has gone is also removed from the recent list."""
        w = self._window
        try:
            self.open_session_from(path)
        except FileNotFoundError:
            full = os.path.abspath(os.fspath(path))
            self.forget(full)
            w.show_message(
                QMessageBox.Icon.Warning,
                "Could not open the session",
                f"{full} is no longer there, so it was removed from the recent sessions.",
            )
            return False
        except (OSError, ValueError) as exc:
            w.show_message(QMessageBox.Icon.Critical, "Could not open the session", str(exc))
            return False
        return True

    def ask_and_open(self) -> None:
        """File > Open session…: ask which file, then open it."""
        path, _ = QFileDialog.getOpenFileName(self._window, "Open session", "", FILE_FILTER)
        if path:
            self.open_or_say(path)

    def reopen_at_start(self, path: str | None = None) -> bool:
        """At start-up: ``path`` (``--session``) if given, else the last session if the teacher
        asked for it; False if nothing was opened."""
        if path is None:
            recent = self.recent()
            if not self.reopen_action.isChecked() or not recent:
                return False
            path = recent[0]
        return self.open_or_say(path)

    def _on_recent_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.open_or_say(str(action.data()))

    def _on_reopen_toggled(self, on: bool) -> None:
        self._window.settings.save_bool(REOPEN_KEY, on)
