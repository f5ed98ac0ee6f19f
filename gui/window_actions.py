"""The main window's actions and menus, as tables: one row per action, one per menu.

Each action is declared once (text, shortcut, the window's slot, tip, checkable); the window
builds the ``QAction``s, their shortcuts and the menus by looping over these tables, and
``shortcut_list`` (the Help > Keyboard shortcuts box) reads them back from the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = str | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class ActionSpec:
    """One action of the window: ``name`` is its key in ``window.acts``, ``slot`` the name of
    the window method its ``triggered`` runs."""

    name: str
    text: str
    shortcut: Key
    slot: str
    tip: str = ""
    checkable: bool = False
    checked: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("toggle", "Train / Pause / Resume", "Space", "_on_toggle"),
    ActionSpec("stop", "Stop", "Esc", "_on_stop"),
    ActionSpec("step_batch", "Step one mini-batch", "N", "_on_step_batch"),
    ActionSpec("step_epoch", "Step one epoch", "E", "_on_step_epoch"),
    ActionSpec("reset", "Reset weights", "Ctrl+R", "_on_reset"),
    ActionSpec("faster", "Faster", "]", "_on_faster"),
    ActionSpec("slower", "Slower", "[", "_on_slower"),
    ActionSpec("open", "Open model…", QKeySequence.StandardKey.Open, "_on_open"),
    ActionSpec("save", "Save model…", QKeySequence.StandardKey.Save, "_on_save"),
    ActionSpec(
        "open_session",
        "Open session…",
        "Ctrl+Shift+O",
        "_on_open_session",
        "Open a saved lesson: network, history, earlier runs, lesson step, pace.",
    ),
    ActionSpec(
        "save_session",
        "Save session…",
        "Ctrl+Shift+S",
        "_on_save_session",
        "Save the whole lesson to reopen it later or on another PC.",
    ),
    ActionSpec("export_png", "Export plot as PNG…", "Ctrl+Shift+P", "_on_export_png"),
    ActionSpec("export_svg", "Export plot as SVG…", None, "_on_export_svg"),
    ActionSpec("export_csv", "Export history as CSV…", "Ctrl+Shift+H", "_on_export_csv"),
    ActionSpec("export_log", "Export epoch log…", None, "_on_export_log"),
    ActionSpec("export_runs", "Export runs as CSV…", None, "_on_export_runs"),
    ActionSpec(
        "add_own_digit",
        "Add this drawing to our digits",
        "Ctrl+Shift+A",
        "_on_add_own_digit",
        "Keep the drawing with the true label chosen in the Our digits tab.",
    ),
    ActionSpec("open_own_digits", "Open our digits…", None, "_on_open_own_digits"),
    ActionSpec("merge_own_digits", "Merge our digits from a file…", None, "_on_merge_own_digits"),
    ActionSpec("save_own_digits", "Save our digits as…", None, "_on_save_own_digits"),
    ActionSpec("quit", "Quit", QKeySequence.StandardKey.Quit, "close"),
    ActionSpec("log", "Log scale for the loss", "L", "_on_toggle_log", checkable=True),
    ActionSpec(
        "batches",
        "Show every mini-batch's loss",
        "B",
        "_on_toggle_batches",
        checkable=True,
        checked=True,
    ),
    ActionSpec("bigger", "Larger text", "Ctrl+=", "_on_bigger_text"),
    ActionSpec("smaller", "Smaller text", "Ctrl+-", "_on_smaller_text"),
    ActionSpec("actual_size", "Actual size", "Ctrl+0", "_on_actual_size"),
    ActionSpec(
        "projector",
        "Projector layout",
        "F10",
        "_on_toggle_projector",
        "Big text for the back of the room; the designer folds to one line.",
        checkable=True,
    ),
    ActionSpec(
        "designer",
        "Show the designer",
        "Ctrl+D",
        "_on_toggle_designer",
        checkable=True,
        checked=True,
    ),
    ActionSpec("fullscreen", "Full screen", "F11", "_on_fullscreen", checkable=True),
    ActionSpec(
        "reset_settings",
        "Reset all settings…",
        None,
        "_on_reset_settings",
        "Forget the saved design, zoom, layout, speed and panel sizes; back to the defaults.",
    ),
    ActionSpec(
        "questions",
        "Ask the class…",
        "Ctrl+K",
        "_on_ask_the_class",
        "The lesson's questions, a fair cold-call, and answers for this network.",
    ),
    ActionSpec(
        "lesson",
        "Lesson mode",
        "F2",
        "_on_lesson_mode",
        "The lesson step by step; PageDown / PageUp (a clicker) move between steps.",
        checkable=True,
    ),
    ActionSpec(
        "pick_student",
        "Pick a student",
        None,
        "_on_pick_student",
        "Cold-call someone at random; nobody twice before everyone has had a turn.",
    ),
    ActionSpec(
        "show_code",
        "Show the code…",
        "Ctrl+Shift+C",
        "_on_show_code",
        "This network as scikit-learn, Keras and NumPy code, ready to copy.",
    ),
    ActionSpec("shortcuts", "Keyboard shortcuts", "F1", "_on_show_shortcuts"),
    ActionSpec("about", "About Neuron Lab", None, "_on_about"),
    ActionSpec(
        "teaching",
        "How to teach with it",
        None,
        "_on_teaching_help",
        "Lesson mode, the pace, the projector layout, zoom and the student picker, with keys.",
    ),
)

#: The menu bar: (title, action names in order; None is a separator). The Lesson menu's
#: presets are added by the window after these.
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        "&File",
        (
            "open",
            "save",
            None,
            "open_session",
            "save_session",
            None,
            "export_png",
            "export_svg",
            "export_csv",
            "export_log",
            "export_runs",
            None,
            "add_own_digit",
            "open_own_digits",
            "merge_own_digits",
            "save_own_digits",
            None,
            "quit",
        ),
    ),
    (
        "&Training",
        (
            "toggle",
            "stop",
            "step_batch",
            "step_epoch",
            "reset",
            None,
            "faster",
            "slower",
        ),
    ),
    (
        "&View",
        (
            "log",
            "batches",
            "designer",
            "bigger",
            "smaller",
            "actual_size",
            "projector",
            "fullscreen",
            None,
            "reset_settings",
        ),
    ),
    ("&Lesson", ("lesson", "questions", "pick_student", "show_code")),
    ("&Help", ("teaching", "shortcuts", "about")),
)


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """Create every action of ``ACTIONS`` on ``window``; returns them by name."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(spec.checked)
        action.triggered.connect(getattr(window, spec.slot))
        window.addAction(action)
        actions[spec.name] = action
    return actions


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """The menu bar from ``MENUS``; returns the menus by title (without the '&')."""
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for title, names in MENUS:
        menu = bar.addMenu(title)
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[name])
        menus[title.replace("&", "")] = menu
    return menus


def build_choice_menu(
    window: QMainWindow,
    menu: QMenu,
    title: str,
    choices: Sequence[tuple[str, str, str]],
    chosen: Callable[[], None],
) -> list[QAction]:
    """A submenu ``title`` of ``menu`` with one action per (text, tooltip, objectName) of
    ``choices``; each action carries its index as data and triggers ``chosen`` (the Lesson
    menu's presets and comparisons)."""
    submenu = menu.addMenu(title)
    submenu.setToolTipsVisible(True)
    actions = []
    for index, (text, tip, name) in enumerate(choices):
        action = QAction(text, window)
        if name:
            action.setObjectName(name)
        action.setToolTip(tip)
        action.setData(index)
        action.triggered.connect(chosen)
        submenu.addAction(action)
        actions.append(action)
    return actions


def shortcut_list(window: QMainWindow) -> list[tuple[str, str]]:
    """(key, what it does) for every shortcut of the window, for the Help menu."""
    pairs = []
    for action in window.actions():
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            pairs.append((key, action.text().replace("…", "")))
    return pairs


def shortcuts_html(window: QMainWindow) -> str:
    """The Help > Keyboard shortcuts box: a table of ``shortcut_list`` (escaped, though the
    texts are our own: the box is the one place that renders rich text)."""
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{escape(key)}</b></td><td>{escape(text)}</td></tr>"
        for key, text in shortcut_list(window)
    )
    return f"<table>{rows}</table><p>Space, N and E work when no text field is being edited.</p>"
