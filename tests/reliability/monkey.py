"""A seeded random monkey for the main window, driven only through its public surface.

The public surface is what survives a rewrite of the window's internals: the objectNames of
widgets (``trainingControls``, ``trainButton``, ``speedSlider``, ``networkDesigner``,
``learningRateSpin``, ``hiddenLayer{i}``, ``digitCanvas``, ``insightTabs``, ...), the window's
QActions (menus, their texts and shortcuts), ``gui.main_window.ask_yes_no`` and
``QFileDialog``'s static functions (patched), and the ``MainWindow`` methods listed in
docs/architecture.md. Everything else is looked at defensively (``getattr`` with a fallback
that reads the widgets), so the harness keeps working when internals are renamed.

Determinism: a whole window's *plan* (every sequence, every action with all its parameters,
the answers to yes/no questions, the file names the dialogs return) is drawn up front from one
``random.Random(seed)``. Nothing the app does at run time changes which numbers are drawn, so
a seed always replays the same actions (what they hit may still depend on training progress:
an action's index, e.g. "hidden layer 5", is taken modulo what exists at that moment).

Input is real: mouse clicks are delivered to the widget a user would hit at that position
(``QWidget.childAt``, so a row that is about to be deleted but still on screen gets the
click), keys go through Qt's shortcut machinery, numbers are typed key by key. While a modal
box is open a user cannot reach the window, so the monkey closes the box first (and says so).
"""

from __future__ import annotations

import gc
import random
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QThread, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QStatusBar,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

# ---- what the monkey may do ------------------------------------------------------------------

#: Field objectNames inside ``networkDesigner`` the monkey types into.
FIELDS = (
    "learningRateSpin",
    "epochsSpin",
    "batchSizeSpin",
    "seedSpin",
    "testSizeSpin",
    "momentumSpin",
    "rhoSpin",
    "beta1Spin",
    "beta2Spin",
    "l2Spin",
    "kSpin",
)
#: Extreme (and a few ordinary) values, typed as text.
VALUES = (
    "0",
    "1",
    "-1",
    "1e-7",
    "0.0000001",
    "1000",
    "1e400",
    "-1e400",
    "abc",
    "512",
    "9999",
    str(2**31 - 1),
    "9" * 40,
    "",
    "nan",
    "inf",
    "0.5",
    "0.001",
    "0.9",
    "3",
    "16",
    "-0",
    ".",
)
#: Epochs typed into ``epochsSpin`` are drawn from these, so that a run is short unless the
#: monkey relies on Stop (the huge ones are there on purpose).
EPOCH_VALUES = ("0", "1", "2", "3", "-1", "abc", "1e400", "50", "9999", str(2**31 - 1), "")
#: Ordinary values per field: half the typing puts one of these in, so that the design is
#: often trainable again after an extreme value and the training commands get exercised.
SANE_VALUES = {
    "learningRateSpin": ("0.001", "0.01", "0.1", "1"),
    "epochsSpin": ("2", "5", "30", "200"),
    "batchSizeSpin": ("1", "16", "32", "128"),
    "seedSpin": ("0", "1", "42", "999999"),
    "testSizeSpin": ("10", "20", "50"),
    "momentumSpin": ("0", "0.5", "0.9"),
    "rhoSpin": ("0.9", "0.5"),
    "beta1Spin": ("0.9", "0.5"),
    "beta2Spin": ("0.999", "0.9"),
    "l2Spin": ("0", "0.001", "0.1"),
    "kSpin": ("0", "3", "9"),
    "hiddenNodes": ("1", "8", "16", "32", "64"),
}
#: Nodes typed into ``hiddenNodes{i}``.
NODE_VALUES = ("0", "1", "2", "8", "-1", "abc", "512", "513", "9999", str(2**31 - 1), "")
SHORTCUTS = {
    "Space": (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    "Esc": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    "N": (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
    "E": (Qt.Key.Key_E, Qt.KeyboardModifier.NoModifier),
    "Ctrl+R": (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier),
}
TRAINING_BUTTONS = (
    ("trainButton", ("Train", "Resume")),
    ("pauseButton", ("Pause",)),
    ("stopButton", ("Stop",)),
    ("stepButton", ("Step batch",)),
    ("stepEpochButton", ("Step epoch",)),
    ("resetButton", ("Reset",)),
)
COMBO_KEYS = (
    Qt.Key.Key_Down,
    Qt.Key.Key_Up,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_S,
    Qt.Key.Key_M,
    Qt.Key.Key_R,
    Qt.Key.Key_T,
)
SLIDER_KEYS = (
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)
#: Menu actions the monkey never triggers as an ordinary action: Quit is the "close" action.
CLOSING_ACTION_TEXTS = ("Quit",)
#: Kinds of file the patched dialogs hand back.
DIALOG_KINDS = (
    "cancel",
    "new",
    "new_no_ext",
    "saved",
    "missing",
    "garbage",
    "truncated",
    "empty",
    "directory",
    "missing_dir",
)

#: (action kind, weight) for the planner.
KINDS: tuple[tuple[str, int], ...] = (
    ("button", 14),
    ("shortcut", 10),
    ("speed", 4),
    ("type_field", 12),
    ("type_nodes", 5),
    ("combo", 6),
    ("checkbox", 1),
    ("section", 1),
    ("add_layer", 4),
    ("layer_button", 6),
    ("menu", 6),
    ("preset", 3),
    ("draw", 5),
    ("tab", 3),
    ("focus_window", 3),
)


@dataclass(frozen=True)
class Action:
    kind: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}{self.args!r}" if self.args else self.kind


@dataclass
class Sequence:
    """One sequence: its actions, the wait after each (None: no event processing at all),
    the yes/no answers and the dialog choices it hands out, in order."""

    index: int
    actions: list[Action]
    waits: list[int | None]
    answers: list[bool]
    dialog_choices: list[tuple[str, int]]

    def describe(self) -> str:
        lines = []
        for i, (action, wait) in enumerate(zip(self.actions, self.waits, strict=True)):
            lines.append(f"  {i:2d}. {action}  [wait {'none' if wait is None else wait} ms]")
        return "\n".join(lines)


@dataclass
class Plan:
    seed: int
    sequences: list[Sequence]
    close_in_last: int | None  # close the window after this action of the last sequence
    garbage: bytes = b""  # what the "garbage" file the dialogs may hand back contains


def make_plan(
    seed: int, sequences: int, min_actions: int = 5, max_actions: int = 14, close: bool = True
) -> Plan:
    """Everything a window will do, drawn from ``random.Random(seed)`` alone."""
    rng = random.Random(seed)
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    out = []
    for s in range(sequences):
        count = rng.randint(min_actions, max_actions)
        zero_ms = rng.random() < 0.5  # half the sequences: no event processing between actions
        actions = [_plan_action(rng, rng.choices(kinds, weights)[0]) for _ in range(count)]
        waits: list[int | None] = [None if zero_ms else rng.randint(0, 5) for _ in range(count)]
        answers = [rng.random() < 0.5 for _ in range(8)]
        dialogs = [(rng.choice(DIALOG_KINDS), rng.randrange(1000)) for _ in range(6)]
        out.append(Sequence(s, actions, waits, answers, dialogs))
    close_at = None
    if close and out and rng.random() < 0.5:
        close_at = rng.randrange(len(out[-1].actions))
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    return Plan(seed, out, close_at, garbage)


def _plan_action(rng: random.Random, kind: str) -> Action:
    if kind == "button":
        return Action(kind, (rng.choice(TRAINING_BUTTONS)[0],))
    if kind == "shortcut":
        return Action(kind, (rng.choice(list(SHORTCUTS)),))
    if kind == "speed":
        if rng.random() < 0.5:
            return Action("speed_key", (rng.choice(SLIDER_KEYS).name,))
        return Action("speed_click", (round(rng.random(), 3),))
    if kind == "type_field":
        name = rng.choice(FIELDS)
        values = EPOCH_VALUES if name == "epochsSpin" else VALUES
        if rng.random() < 0.5:
            values = SANE_VALUES[name]
        return Action(kind, (name, rng.choice(values)))
    if kind == "type_nodes":
        values = SANE_VALUES["hiddenNodes"] if rng.random() < 0.5 else NODE_VALUES
        return Action(kind, (rng.randrange(8), rng.choice(values)))
    if kind == "combo":
        return Action(kind, (rng.randrange(64), rng.choice(COMBO_KEYS).name, rng.randint(1, 3)))
    if kind in ("checkbox", "section", "preset", "tab"):
        return Action(kind, (rng.randrange(64),))
    if kind == "add_layer":
        return Action(kind, (rng.randint(1, 2),))
    if kind == "layer_button":
        # which row, which of its buttons (remove / up / down), one click or two in a row
        return Action(kind, (rng.randrange(8), rng.choice(("remove", "up", "down")), 1))
    if kind == "menu":
        return Action(kind, (rng.randrange(256),))
    if kind == "draw":
        points = tuple(
            (round(rng.random(), 3), round(rng.random(), 3)) for _ in range(rng.randint(1, 5))
        )
        button = "left" if rng.random() < 0.8 else "right"
        return Action(kind, (button, points))
    if kind == "focus_window":
        return Action(kind)
    raise AssertionError(kind)


# ---- finding things on the public surface ----------------------------------------------------


def designer(window: QWidget) -> QWidget:
    panel = window.findChild(QWidget, "networkDesigner")
    assert panel is not None, "no widget named networkDesigner"
    return panel


def controls(window: QWidget) -> QWidget:
    bar = window.findChild(QWidget, "trainingControls")
    assert bar is not None, "no widget named trainingControls"
    return bar


def training_button(window: QWidget, name: str) -> QAbstractButton:
    bar = controls(window)
    button = bar.findChild(QAbstractButton, name)
    if button is None:  # fall back on the text a teacher reads
        texts = dict(TRAINING_BUTTONS)[name]
        button = next(
            (b for b in bar.findChildren(QPushButton) if b.text().replace("&", "") in texts),
            None,
        )
    assert button is not None, f"no training button {name}"
    return button


def design_has_errors(window: QWidget) -> bool:
    """True when the design on screen cannot be trained (the Train button must be off)."""
    panel = designer(window)
    errors = getattr(panel, "errors", None)
    if callable(errors):
        return bool(errors())
    # Fallback: a visible validation message in the designer (red text next to a field).
    return any(
        label.isVisibleTo(panel) and label.text().strip()
        for label in panel.findChildren(QLabel)
        if label.objectName().endswith("Message") or label.objectName() == "designErrors"
    )


def controller_state(window: QWidget) -> str:
    """idle / running / paused: from the controller when there is one, else from the bar."""
    state = getattr(getattr(window, "controller", None), "state", None)
    if isinstance(state, str):
        return state
    if training_button(window, "pauseButton").isEnabled():
        return "running"
    if training_button(window, "stopButton").isEnabled():
        return "paused"
    return "idle"


def window_actions(window: QWidget) -> list[QAction]:
    """Every action reachable from the window's menu bar, presets included, in menu order."""
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            if sub is not None:
                walk(sub)
            elif action not in found:
                found.append(action)

    bar = window.menuBar()  # type: ignore[attr-defined]
    for action in bar.actions():
        if action.menu() is not None:
            walk(action.menu())
    return found


def menu_path(action: QAction) -> str:
    return action.text().replace("&", "")


def preset_actions(window: QWidget) -> list[QAction]:
    """The actions of the Lesson menu's preset submenu."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    for top in bar.actions():
        if top.text().replace("&", "") != "Lesson" or top.menu() is None:
            continue
        for action in top.menu().actions():
            if action.menu() is not None:
                return [a for a in action.menu().actions() if not a.isSeparator()]
    return []


def hidden_rows(window: QWidget) -> list[QWidget]:
    """The hidden layer frames a user sees, in order (``hiddenLayer0``, ``hiddenLayer1``, ...).

    A row that the app has replaced but not yet deleted can still be on screen; the user's
    click then lands on whatever is topmost at that position, which :func:`click` handles.
    """
    panel = designer(window)
    rows = []
    i = 0
    while True:
        frames = [
            f
            for f in panel.findChildren(QWidget, f"hiddenLayer{i}")
            if f.isVisibleTo(panel) or not panel.isVisible()
        ]
        if not frames:
            return rows
        rows.append(frames[-1])  # the newest one (created last)
        i += 1


def row_button(frame: QWidget, which: str) -> QAbstractButton | None:
    """The remove (✕), up (▲/↑) or down (▼/↓) button inside a hidden-layer frame."""
    texts = {
        "remove": ("✕", "×", "x", "X", "🗙", "Remove"),
        "up": ("▲", "↑", "⬆", "Up"),
        "down": ("▼", "↓", "⬇", "Down"),
    }[which]
    tips = {"remove": "remove", "up": "towards the input", "down": "towards the output"}[which]
    buttons = [
        b for b in frame.findChildren(QAbstractButton) if isinstance(b, QToolButton | QPushButton)
    ]
    for b in buttons:
        if b.text().strip() in texts:
            return b
    for b in buttons:
        if tips in b.toolTip().lower() or tips in b.accessibleName().lower():
            return b
    return None


def field_editor(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    return widget.findChild(QLineEdit)


def modal_box(window: QWidget) -> QWidget | None:
    """The modal dialog that keeps a user from reaching the window, if one is shown."""
    modal = QApplication.activeModalWidget()
    if modal is not None and modal.isVisible():
        return modal
    for box in window.findChildren(QDialog):
        if box.isVisible() and box.isModal():
            return box
    return None


# ---- real input ------------------------------------------------------------------------------


def click(qtbot: Any, window: QWidget, widget: QWidget, pos: QPoint | None = None) -> str:
    """A left click where ``widget`` is on screen, delivered to the widget a user would hit
    there (the topmost one). Returns what was hit, for the action log."""
    if pos is None:
        pos = widget.rect().center()
    at = widget.mapTo(window, pos)
    hit = window.childAt(at)
    if hit is None:
        return "nothing"
    local = hit.mapFrom(window, at)
    qtbot.mouseClick(hit, Qt.MouseButton.LeftButton, pos=local)
    return type(hit).__name__ + (f"#{hit.objectName()}" if hit.objectName() else "")


def scroll_into_view(widget: QWidget) -> None:
    """Scroll the designer so ``widget`` is on screen, as a user would with the wheel."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
            return
        parent = parent.parentWidget()


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Focus the field, select all with Ctrl+A, type ``text``, press Enter: real keys."""
    editor = field_editor(widget)
    target = editor if editor is not None else widget
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, Qt.Key.Key_Backspace)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def usable(widget: QWidget | None, window: QWidget) -> bool:
    """On screen in this window (a user can reach it)."""
    return widget is not None and widget.isVisible() and widget.window() is window


# ---- the monkey ------------------------------------------------------------------------------


@dataclass
class Monkey:
    """Runs a plan on one window; keeps the log of what each action did."""

    qtbot: Any
    window: QWidget
    files: Path
    log: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    dialog_choices: list[tuple[str, int]] = field(default_factory=list)
    closed: bool = False
    sequence_start: int = 0  # where the current sequence starts in the log

    # patched functions ---------------------------------------------------------------------
    def ask_yes_no(self, *_args: Any, **_kwargs: Any) -> bool:
        answer = self.answers.pop(0) if self.answers else True
        self.answers.append(answer)
        self.log.append(f"      (asked: answered {'yes' if answer else 'no'})")
        return answer

    def _dialog_path(self, saving: bool) -> str:
        kind, number = self.dialog_choices.pop(0) if self.dialog_choices else ("cancel", 0)
        self.dialog_choices.append((kind, number))
        f = self.files
        path = {
            "cancel": "",
            "new": str(f / f"out-{number}.npz"),
            "new_no_ext": str(f / f"out-{number}"),
            "saved": str(self.saved[number % len(self.saved)]) if self.saved else "",
            "missing": str(f / f"missing-{number}.npz"),
            "garbage": str(f / "garbage.npz"),
            "truncated": self._truncated_model(number),
            "empty": str(f / "empty.npz"),
            "directory": str(f),
            "missing_dir": str(f / "no-such-dir" / f"x-{number}.npz"),
        }[kind]
        if saving and kind in ("new", "new_no_ext"):
            self.saved.append(Path(path if path.endswith(".npz") else path + ".npz"))
        self.log.append(f"      (file dialog: {kind} -> {path!r})")
        return path

    def _truncated_model(self, number: int) -> str:
        """A model this window saved, cut short (garbage if none was saved yet)."""
        path = self.files / "truncated.npz"
        saved = [p for p in self.saved if p.is_file()]
        data = saved[number % len(saved)].read_bytes() if saved else b"PK\x03\x04"
        path.write_bytes(data[: max(1, len(data) * (number % 100) // 100)])
        return str(path)

    def get_save_file_name(self, *_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return self._dialog_path(True), ""

    def get_open_file_name(self, *_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return self._dialog_path(False), ""

    def get_open_file_names(self, *_args: Any, **_kwargs: Any) -> tuple[list[str], str]:
        path = self._dialog_path(False)
        return ([path] if path else []), ""

    # running -------------------------------------------------------------------------------
    def prepare_files(self, plan: Plan) -> None:
        self.files.mkdir(parents=True, exist_ok=True)
        (self.files / "garbage.npz").write_bytes(plan.garbage)
        (self.files / "empty.npz").write_bytes(b"")

    def run_sequence(self, seq: Sequence, close_at: int | None = None) -> None:
        self.sequence_start = len(self.log)
        self.log.append(f"--- sequence {seq.index}")
        self.answers = list(seq.answers)
        self.dialog_choices = list(seq.dialog_choices)
        for i, (action, wait) in enumerate(zip(seq.actions, seq.waits, strict=True)):
            if self.closed:
                break
            self.log.append(f"  {i:2d}. {action}  [{controller_state(self.window)}]")
            self.perform(action)
            if close_at is not None and i == close_at:
                self.close_now(via_shortcut=bool(i % 2))
                break
            if wait is not None:
                self.qtbot.wait(wait)

    def perform(self, action: Action) -> None:
        box = modal_box(self.window)
        if box is not None:
            self.log.append(f"      (closed the modal {type(box).__name__} first)")
            self.qtbot.keyClick(box, Qt.Key.Key_Escape)
            if box.isVisible():
                box.close()
        getattr(self, f"do_{action.kind}")(*action.args)

    def note(self, text: str) -> None:
        self.log.append(f"      -> {text}")

    def do_button(self, name: str) -> None:
        button = training_button(self.window, name)
        before = f"{button.text()!r} enabled={button.isEnabled()}"
        self.note(f"{before} hit {click(self.qtbot, self.window, button)}")

    def do_shortcut(self, name: str) -> None:
        key, modifier = SHORTCUTS[name]
        self.qtbot.keyClick(self.window, key, modifier)

    def do_focus_window(self) -> None:
        """Click on nothing in particular: the keyboard focus leaves the text fields."""
        self.window.setFocus(Qt.FocusReason.MouseFocusReason)

    def do_speed_key(self, key_name: str) -> None:
        slider = self.window.findChild(QSlider, "speedSlider")
        assert slider is not None, "no speedSlider"
        if not usable(slider, self.window):
            return self.note("speed slider hidden")
        slider.setFocus(Qt.FocusReason.MouseFocusReason)
        self.qtbot.keyClick(slider, getattr(Qt.Key, key_name))
        self.note(f"speed {slider.value()}")
        return None

    def do_speed_click(self, fraction: float) -> None:
        slider = self.window.findChild(QSlider, "speedSlider")
        assert slider is not None, "no speedSlider"
        if not usable(slider, self.window):
            return self.note("speed slider hidden")
        x = 1 + int(fraction * max(1, slider.width() - 3))
        hit = click(self.qtbot, self.window, slider, QPoint(x, slider.height() // 2))
        self.note(f"speed {slider.value()} hit {hit}")
        return None

    def _designer_field(self, name: str) -> QWidget | None:
        panel = designer(self.window)
        widget = panel.findChild(QWidget, name)
        if widget is None or not usable(widget, self.window):
            self.note(self._why_hidden(widget))
            return None
        scroll_into_view(widget)
        return widget

    def _why_hidden(self, widget: QWidget | None) -> str:
        panel = designer(self.window)
        if widget is None:
            return "no such field now"
        if not panel.isVisible():
            return "the designer is folded away"
        return f"{widget.objectName()} is hidden (not relevant, or its section is folded)"

    def do_type_field(self, name: str, text: str) -> None:
        widget = self._designer_field(name)
        if widget is None:
            return None
        type_text(self.qtbot, widget, text)
        shown = widget.text() if isinstance(widget, QAbstractSpinBox | QLineEdit) else "?"
        self.note(f"{name} shows {shown!r}")
        return None

    def do_type_nodes(self, row: int, text: str) -> None:
        rows = hidden_rows(self.window)
        if not rows:
            return self.note("no hidden layer")
        index = row % len(rows)
        widget = self._designer_field(f"hiddenNodes{index}")
        if widget is None:
            return None
        type_text(self.qtbot, widget, text)
        return None

    def do_combo(self, which: int, key_name: str, presses: int) -> None:
        panel = designer(self.window)
        combos = [c for c in panel.findChildren(QComboBox) if usable(c, self.window)]
        if not combos:
            return self.note("no combo on screen")
        combo = sorted(combos, key=lambda c: c.objectName())[which % len(combos)]
        scroll_into_view(combo)
        combo.setFocus(Qt.FocusReason.MouseFocusReason)
        for _ in range(presses):
            self.qtbot.keyClick(combo, getattr(Qt.Key, key_name))
        self.note(f"{combo.objectName()} = {combo.currentText()!r}")
        return None

    def do_checkbox(self, which: int) -> None:
        panel = designer(self.window)
        boxes = [c for c in panel.findChildren(QCheckBox) if usable(c, self.window)]
        if not boxes:
            return self.note("no checkbox on screen")
        box = sorted(boxes, key=lambda c: c.objectName())[which % len(boxes)]
        scroll_into_view(box)
        self.note(f"{box.objectName()} hit {click(self.qtbot, self.window, box)}")
        return None

    def do_section(self, which: int) -> None:
        """Fold or unfold one of the designer's sections (its checkable header)."""
        panel = designer(self.window)
        headers = [
            b for b in panel.findChildren(QToolButton) if b.isCheckable() and usable(b, self.window)
        ]
        if not headers:
            return self.note("no section header")
        header = headers[which % len(headers)]
        scroll_into_view(header)
        self.note(f"{header.text()!r} hit {click(self.qtbot, self.window, header)}")
        return None

    def do_add_layer(self, clicks: int) -> None:
        panel = designer(self.window)
        button = panel.findChild(QAbstractButton, "addLayerButton")
        assert button is not None, "no addLayerButton"
        if not usable(button, self.window):
            return self.note("add button not on screen")
        if len(hidden_rows(self.window)) >= 6:
            return self.note("already 6 hidden layers: not adding more")
        scroll_into_view(button)
        for _ in range(clicks):
            self.note(f"hit {click(self.qtbot, self.window, button)}")
        return None

    def do_layer_button(self, row: int, which: str, clicks: int) -> None:
        rows = hidden_rows(self.window)
        if not rows:
            return self.note("no hidden layer")
        frame = rows[row % len(rows)]
        button = row_button(frame, which)
        if button is None or not usable(button, self.window):
            return self.note(f"no {which} button in {frame.objectName()}")
        scroll_into_view(button)
        for _ in range(clicks):
            before = f"{frame.objectName()} {which} enabled={button.isEnabled()}"
            self.note(f"{before} hit {click(self.qtbot, self.window, button)}")
        return None

    def do_menu(self, which: int) -> None:
        actions = [
            a
            for a in window_actions(self.window)
            if menu_path(a) not in CLOSING_ACTION_TEXTS and a not in preset_actions(self.window)
        ]
        action = actions[which % len(actions)]
        keys = action.shortcut()
        if which % 2 and not keys.isEmpty():  # half the time by its shortcut, as keys
            combo = keys[0]
            self.note(f"{menu_path(action)!r} by {keys.toString()} enabled={action.isEnabled()}")
            self.qtbot.keyClick(self.window, combo.key(), combo.keyboardModifiers())
            return
        self.note(f"{menu_path(action)!r} enabled={action.isEnabled()}")
        if action.isEnabled():
            action.trigger()

    def do_preset(self, which: int) -> None:
        presets = preset_actions(self.window)
        assert presets, "no preset in the Lesson menu"
        action = presets[which % len(presets)]
        self.note(menu_path(action))
        action.trigger()

    def do_draw(self, button_name: str, points: tuple[tuple[float, float], ...]) -> None:
        canvas = self.window.findChild(QWidget, "digitCanvas")
        assert canvas is not None, "no digitCanvas"
        if not usable(canvas, self.window):
            return self.note("canvas not on screen")
        button = Qt.MouseButton.LeftButton if button_name == "left" else Qt.MouseButton.RightButton
        w, h = canvas.width(), canvas.height()
        pts = [QPoint(int(x * (w - 1)), int(y * (h - 1))) for x, y in points]
        self.qtbot.mousePress(canvas, button, pos=pts[0])
        for p in pts[1:]:
            self.qtbot.mouseMove(canvas, pos=p)
        self.qtbot.mouseRelease(canvas, button, pos=pts[-1])
        return None

    def do_tab(self, which: int) -> None:
        tabs = self.window.findChild(QTabWidget, "insightTabs")
        assert tabs is not None, "no insightTabs"
        bar = tabs.findChild(QTabBar)
        strip = self.window.findChild(QWidget, "insightTabStrip")  # the titles, when wrapping
        if strip is not None and usable(strip, self.window):
            buttons = strip.findChildren(QToolButton)
            if buttons:
                button = buttons[which % len(buttons)]
                hit = click(self.qtbot, self.window, button)
                return self.note(f"tab strip {button.text()} hit {hit}; now {tabs.currentIndex()}")
        if bar is None or not usable(bar, self.window) or bar.count() == 0:
            return self.note("tab bar not on screen")
        index = which % bar.count()
        hit = click(self.qtbot, self.window, bar, bar.tabRect(index).center())
        self.note(f"tab {index} hit {hit}; now {tabs.currentIndex()}")
        return None

    def close_now(self, via_shortcut: bool) -> None:
        """Close the window at this moment, whatever it is doing (Ctrl+Q or the window's
        close button, i.e. ``close()``)."""
        box = modal_box(self.window)
        if box is not None:
            box.close()
        if via_shortcut:
            self.log.append("      -> close with Ctrl+Q")
            self.qtbot.keyClick(self.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
            if self.window.isVisible():  # Quit is a menu action: trigger it if keys missed
                quit_action = next(
                    (a for a in window_actions(self.window) if menu_path(a) == "Quit"), None
                )
                assert quit_action is not None, "no Quit action"
                quit_action.trigger()
        else:
            self.log.append("      -> close()")
            self.window.close()
        self.closed = True

    def stop_and_settle(self, timeout_ms: int = 20_000) -> None:
        """Between sequences: close a box, Stop (Esc), wait until idle."""
        box = modal_box(self.window)
        if box is not None:
            box.close()
        if controller_state(self.window) != "idle":
            self.window.setFocus()
            action = next((a for a in window_actions(self.window) if menu_path(a) == "Stop"), None)
            assert action is not None, "no Stop action in the menus"
            action.trigger()
            self.qtbot.waitUntil(
                lambda: controller_state(self.window) == "idle", timeout=timeout_ms
            )


# ---- checks ----------------------------------------------------------------------------------

NON_FINITE = re.compile(r"(?<![A-Za-z])(nan|inf)(?![A-Za-z])", re.IGNORECASE)


def visible_texts(window: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every visible label, progress text and status message of the window
    and its dialogs."""
    for label in window.findChildren(QLabel):
        if label.isVisible():
            yield f"QLabel#{label.objectName() or '?'}", label.text()
    for bar in window.findChildren(QProgressBar):
        if bar.isVisible():
            yield f"QProgressBar#{bar.objectName() or '?'}", bar.text()
    for status in window.findChildren(QStatusBar):
        yield "QStatusBar", status.currentMessage()
    for box in window.findChildren(QMessageBox):
        if box.isVisible():
            yield "QMessageBox", f"{box.text()} {box.informativeText()}"


def non_finite_texts(window: QWidget) -> list[str]:
    return [
        f"{where}: {text!r}" for where, text in visible_texts(window) if NON_FINITE.search(text)
    ]


def control_problems(window: QWidget) -> list[str]:
    """Idle: Train enabled iff the design has no errors, Pause disabled. Running: Pause enabled."""
    state = controller_state(window)
    train = training_button(window, "trainButton")
    pause = training_button(window, "pauseButton")
    errors = design_has_errors(window)
    problems = []
    if state == "idle":
        if train.isEnabled() == errors:
            problems.append(f"idle, design errors={errors}, but Train enabled={train.isEnabled()}")
        if pause.isEnabled():
            problems.append("idle but Pause enabled")
    elif state == "running":
        if not pause.isEnabled():
            problems.append("running but Pause disabled")
    elif state == "paused" and pause.isEnabled():
        problems.append("paused but Pause enabled")
    return problems


def responsive(qtbot: Any, timeout_ms: int = 5000) -> bool:
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    try:
        qtbot.waitUntil(lambda: bool(fired), timeout=timeout_ms)
    except Exception:
        return False
    return True


def running_threads() -> list[QThread]:
    """QThreads still running (found through the garbage collector: the app's threads have no
    parent, and the monkey may not rely on how the controller keeps them)."""
    main = QApplication.instance().thread()  # type: ignore[union-attr]
    out = []
    for obj in gc.get_objects():
        if isinstance(obj, QThread) and obj is not main:
            try:
                if obj.isRunning():
                    out.append(obj)
            except RuntimeError:  # the C++ object is gone
                pass
    return out


class ExceptionRecorder:
    """Records what reaches ``sys.excepthook`` and passes it on to the previous hook (which,
    inside a test, is pytest-qt's capture: it still fails the test)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._previous: Callable[..., Any] | None = None

    def hook(self, kind: Any, value: Any, tb: Any) -> None:
        self.seen.append("".join(traceback.format_exception(kind, value, tb)))
        if self._previous is not None:
            self._previous(kind, value, tb)

    @contextmanager
    def installed(self) -> Iterator[ExceptionRecorder]:
        self._previous = sys.excepthook
        sys.excepthook = self.hook
        try:
            yield self
        finally:
            sys.excepthook = self._previous
