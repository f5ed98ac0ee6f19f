"""Scripted states for ``--state``: set the window up as a picture of it should show it.

    python main.py --state ghosts --screenshot ghost-runs.png --size 1024x768

Each state is a list of ``Step``s: an action on the window through its public paths (the
ones a teacher's clicks take: ``adopt_design``, ``start_training``, the comparison runner,
lesson mode, the window's actions, real mouse events on the canvas), then a condition that
says the action is done (a run ended, a comparison finished, a step paused). A poll timer
checks the condition, since runs end in their own time; nothing waits on a clock. Several
``--state`` options run one after another (``--state trained --state action:projector``).
When all steps are done ``ready`` is emitted and ``target()`` is what to save: the window,
or the dialog or view the state opened.

``scripts/screenshots.py`` drives these states to regenerate every picture of the README.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from engine import Design, validate_design
from engine.comparisons import comparison_named
from engine.lesson_steps import LESSON_STEPS

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Action = Callable[["MainWindow"], object]
Done = Callable[["MainWindow"], bool]

#: How often the conditions are checked.
POLL_MS = 50
#: A state that is not done after this long is a broken script: exit 1 instead of hanging.
GIVE_UP_MS = 180_000

#: How many steps (N) the ``update`` state takes.
STEPS = 3
#: A seven, as strokes through cell centres (row, col) of the 8x8 canvas.
SEVEN = (((1.0, 1.5), (1.0, 6.0), (2.5, 5.5), (6.8, 3.0)), ((4.0, 2.5), (4.0, 5.5)))


@dataclasses.dataclass(frozen=True)
class Step:
    """``act`` on the window, then wait until ``done`` is true."""

    act: Action
    done: Done = lambda _w: True  # the usual: nothing to wait for
    target: str = ""  # objectName of what to save instead of the window, if anything


def _idle(w: MainWindow) -> bool:
    return w.controller.state == "idle" and not w.comparisons.is_running


def show_view(w: MainWindow, name: str) -> None:
    """Bring the insight tab holding the widget ``name`` (an objectName) to the front."""
    widget = w.findChild(QWidget, name)
    while widget is not None and w.tabs.indexOf(widget) < 0:
        widget = widget.parentWidget()
    if widget is None:
        raise ValueError(f"No view named {name!r} in the window's tabs.")
    w.tabs.setCurrentIndex(w.tabs.indexOf(widget))


def _train(design: Design | None = None) -> list[Step]:
    """A fresh run of ``design`` (or the one on screen) at full speed, to its end (the run
    table has one more run: a short run may be over before the first poll)."""
    runs_before: list[int] = []

    def act(w: MainWindow) -> None:
        runs_before.append(len(w.runs.log.records))
        w.set_speed("full")
        if design is not None:
            w.adopt_design(design, fresh=True)
        w.start_training()

    def done(w: MainWindow) -> bool:
        return _idle(w) and len(w.runs.log.records) > runs_before[-1]

    return [Step(act, done)]


def _send_mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF, pressed: bool) -> None:
    left = Qt.MouseButton.LeftButton
    buttons = left if pressed else Qt.MouseButton.NoButton
    button = left if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def draw(w: MainWindow, strokes: tuple[tuple[tuple[float, float], ...], ...] = SEVEN) -> None:
    """Draw ``strokes`` on the canvas with the left button, as a hand would (press, move in
    small steps, release), so the canvas's own brush paints them."""
    canvas = w.lab.digitCanvas
    canvas.clear()
    for stroke in strokes:
        points: list[QPointF] = []
        for (r0, c0), (r1, c1) in itertools.pairwise(stroke):
            for k in range(8):
                r, c = r0 + (r1 - r0) * k / 8, c0 + (c1 - c0) * k / 8
                points.append(_cell_point(canvas, r, c))
        points.append(_cell_point(canvas, *stroke[-1]))
        _send_mouse(canvas, QEvent.Type.MouseButtonPress, points[0], True)
        for p in points[1:]:
            _send_mouse(canvas, QEvent.Type.MouseMove, p, True)
        _send_mouse(canvas, QEvent.Type.MouseButtonRelease, points[-1], False)


def _cell_point(canvas: QWidget, row: float, col: float) -> QPointF:
    """The point at fractional cell (row, col) of the 8x8 grid: between cell centres."""
    a = canvas.cell_center(0, 0)  # type: ignore[attr-defined]
    b = canvas.cell_center(1, 1)  # type: ignore[attr-defined]
    return QPointF(a.x() + col * (b.x() - a.x()), a.y() + row * (b.y() - a.y()))


def _steps(w: MainWindow) -> None:
    w.acts["step_batch"].trigger()


def _stepped(n: int) -> Done:
    def done(w: MainWindow) -> bool:
        record = w.controller.last_update()
        return w.controller.state == "paused" and record is not None and record.step_number == n

    return done


def _lesson(arg: str) -> list[Step]:
    number = int(arg or "8")
    if not 1 <= number <= len(LESSON_STEPS):
        raise ValueError(f"lesson:N takes a step from 1 to {len(LESSON_STEPS)}.")

    def act(w: MainWindow) -> None:
        w.lesson.enter()
        w.lesson.go_to(number - 1)

    return [Step(act)]


def _update(arg: str) -> list[Step]:
    """``update[:OPTIMIZER]``: the optimizer (SGD at α 0.1 unless told; Adam and the others at
    α 0.01), *The update* in front, three steps (N)."""
    name = arg or "sgd"
    design = Design(optimizer=name, learning_rate=0.1 if name == "sgd" else 0.01, epochs=3)
    if validate_design(design):
        raise ValueError(f"no optimizer named {name!r}")

    def set_up(w: MainWindow) -> None:
        w.adopt_design(design, fresh=True)
        show_view(w, "updateView")

    return [Step(set_up)] + [Step(_steps, _stepped(k + 1)) for k in range(STEPS)]


def _gradients(arg: str) -> list[Step]:
    """``gradients[:sigmoid|relu]``: one epoch of the vanishing-gradient comparison's
    sigmoid (or ReLU) network with the Gradients tab open (sizes are measured only then)."""
    sigmoid, relu = comparison_named("vanishing").designs
    design = relu if arg == "relu" else sigmoid
    first = Step(lambda w: show_view(w, "gradientPanel"))
    return [first, *_train(dataclasses.replace(design, epochs=1))]


def _compare(arg: str) -> list[Step]:
    """``compare:KEY``: Lesson > Compare runs > the comparison KEY, to its end."""
    comparison = comparison_named(arg)

    def act(w: MainWindow) -> None:
        show_view(w, "lossPanel")
        w.comparisons.start(comparison)

    return [Step(act, lambda w: w.comparisons.is_running), Step(lambda w: None, _idle)]


def _ghosts(_arg: str) -> list[Step]:
    """The learning-rate comparison's three runs as ghosts under a live α = 0.5 run."""
    live = Design(optimizer="sgd", learning_rate=0.5, epochs=20)
    return [*_compare("learning_rate"), *_train(live)]


def _drawn(_arg: str) -> list[Step]:
    return [Step(draw)]


def _code(arg: str) -> list[Step]:
    """``code[:LIBRARY]``: Lesson > Show the code, on the NumPy tab unless told."""

    def act(w: MainWindow) -> None:
        w.acts["show_code"].trigger()
        dialog = w.findChild(QWidget, "codeDialog")
        dialog.show_library(arg or "numpy")  # type: ignore[union-attr]
        dialog.resize(900, 640)  # type: ignore[union-attr]

    return [Step(act, target="codeDialog")]


def _action(arg: str) -> list[Step]:
    """``action:NAME``: trigger the window's action NAME (``window.acts``), e.g. a layout."""
    return [Step(lambda w: w.acts[arg].trigger())]


def _view(arg: str) -> list[Step]:
    """``view:NAME``: bring the tab holding objectName NAME to the front."""
    return [Step(lambda w: show_view(w, arg))]


def _grab(arg: str) -> list[Step]:
    """``grab:NAME``: save the widget with objectName NAME instead of the whole window."""
    return [Step(lambda w: None, target=arg)]


#: ``--state NAME[:ARG]``: what each name does (see each function's docstring).
STATES: dict[str, Callable[[str], list[Step]]] = {
    "trained": lambda arg: _train(Design(epochs=int(arg)) if arg else None),
    "drawn": _drawn,
    "update": _update,
    "lesson": _lesson,
    "gradients": _gradients,
    "compare": _compare,
    "ghosts": _ghosts,
    "code": _code,
    "action": _action,
    "view": _view,
    "grab": _grab,
}


def parse_states(specs: list[str]) -> list[Step]:
    """The steps of ``--state`` options in order; ValueError names a state that is unknown
    or an argument it cannot take."""
    steps: list[Step] = []
    for spec in specs:
        name, _, arg = spec.partition(":")
        if name not in STATES:
            raise ValueError(f"Unknown state {name!r}: use one of {', '.join(STATES)}.")
        try:
            steps.extend(STATES[name](arg))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"--state {spec}: {exc}") from exc
    return steps


class StateScript(QObject):
    """Runs the steps on ``window`` one after another from the event loop; ``ready`` once
    the last one is done."""

    ready = Signal()

    def __init__(self, window: MainWindow, steps: list[Step]) -> None:
        super().__init__(window)
        self._window = window
        self._steps = list(steps)
        self._index = -1
        self._target = ""
        self._waited_ms = 0
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    def start(self) -> None:
        """Begin once the event loop runs (the window is shown and laid out first)."""
        QTimer.singleShot(0, self._next)

    def target(self) -> QWidget:
        """What to save: the widget the last step named, else the window."""
        if self._target:
            widget = self._window.findChild(QWidget, self._target)
            if widget is not None:
                return widget
        return self._window

    def _next(self) -> None:
        self._index += 1
        if self._index >= len(self._steps):
            self._poll.stop()
            self.ready.emit()
            return
        step = self._steps[self._index]
        self._target = step.target or self._target
        step.act(self._window)
        self._poll.start()

    def _on_poll(self) -> None:
        self._waited_ms += POLL_MS
        if self._steps[self._index].done(self._window):
            self._poll.stop()
            self._next()
        elif self._waited_ms > GIVE_UP_MS:
            self._poll.stop()
            print(f"--state: step {self._index + 1} never finished", file=sys.stderr)
            QApplication.exit(1)
