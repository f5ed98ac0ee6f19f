"""Every timing decision of the window, in one file.

The path of a training run is one-way: the worker loops over the engine's events and drops
them in a mailbox (it never measures time); the controller's ``FrameClock`` ticks, the
controller drains the mailbox into one ``Frame``; the ``FrameRouter`` hands that frame to each
live view's ``on_frame`` at the rate the view declared in ``VIEW_RATES``. So:

- how often the window looks at training:          ``TICK_SECONDS``
- how much of a second the GUI may take from it:   ``GUI_BUDGET`` (stretches the tick)
- how long the GUI may wait for the interpreter:   ``GIL_SWITCH_SECONDS``
- how often each view redraws, and while hidden:   ``VIEW_RATES``, stretched for a view whose
                                                   handler is expensive (``VIEW_COST_SHARE``)
- how much view work one tick may do:              ``TICK_WORK_SECONDS`` (the rest waits a tick)
- how often the worker is asked for the weights:   ``WEIGHTS_INTERVAL``, stretched by what
                                                   turning them into a Network costs
- how often for a recorded update (full speed):    ``UPDATE_INTERVAL``, stretched by the
                                                   network's size
- how long one view may work on one frame:         ``SLICE_SECONDS`` (``WorkSlice``: views with
                                                   big networks spread their work over frames)
- how fast training goes for the class (pace):     ``pace.PACES`` (gui/training/pace.py: the
                                                   worker sleeps until each update's deadline;
                                                   that is the pace, not a throttle)

Nothing else in ``gui/`` decides when to redraw (the lab's hover delay and the designer's
typing are user-interface timing, not redraw rates).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer

from engine import Network, NetworkSnapshot
from gui.training.frame import Frame, merge_frames

#: The clock's beat while a run is on: up to 30 frames a second reads as smooth motion.
TICK_SECONDS = 1 / 30
#: The GIL budget. At full speed the worker and the GUI thread share one interpreter lock
#: (Qt's painting holds it too), so every millisecond of GUI-thread CPU is about a millisecond
#: of training lost. The tick is stretched so that the GUI thread's CPU time (measured between
#: ticks, painting and everything else included) stays under this share of the wall time.
#: When the run is paced (a speed below full), the worker sleeps and the budget does not apply.
GUI_BUDGET = 0.06

#: How long the training thread may keep the interpreter lock when the GUI thread asks for it
#: (Python's default is 5 ms). Painting and signals take and release the lock many times per
#: frame, and each time the GUI thread may wait this long for it: a shorter switch keeps the
#: window responsive (heartbeat gaps) while the worker trains.
GIL_SWITCH_SECONDS = 0.001

#: A view whose ``on_frame`` costs more than this share of its declared interval gets frames
#: less often: its interval becomes ``cost / VIEW_COST_SHARE`` (the router measures each
#: handler's GUI-thread CPU time). With an 8x512 network the diagram and the evaluation cost
#: tens of milliseconds a frame; at their declared rates they alone would take the GUI's whole
#: budget and leave nothing for the plot. Key frames still go to every view at once.
VIEW_COST_SHARE = 0.1

#: What one tick may spend in views' handlers while a run is on (the handlers' own time; the
#: painting that follows comes on top). Views that are due when it is spent wait for the next
#: tick, the longest-waiting first: a tick never runs every expensive view at once, which is
#: what made the 140-185 ms heartbeat gaps with 8x512 networks. Key frames are not limited.
TICK_WORK_SECONDS = 0.012

#: How long one view may work on one (non-key) frame. A view whose work grows with the network
#: (the diagram's strongest weights per layer, the evaluation's forward pass over the test set)
#: does it in pieces and stops when its ``WorkSlice`` is spent; the next frame goes on where
#: it stopped. On a key frame (a pause, the end of a run) the work is done whole.
SLICE_SECONDS = 0.008

#: How often the controller asks the worker for fresh weights while a run is on: as often as
#: the fastest view that shows weights wants frames (the lab, 0.1 s). Turning a snapshot into
#: the views' ``Network`` costs the GUI thread ~20 ms for an 8x512 network (a fresh parameter
#: buffer), so the interval stretches with that measured cost like a view's (VIEW_COST_SHARE).
#: Pauses and run ends always bring the exact weights.
WEIGHTS_INTERVAL = 0.1

#: How often, at full speed, the controller asks the worker for a close look at one update
#: (engine/updates.py) while the update view is on screen. A record copies the parameters,
#: the gradient and the optimizer's state (about 50 ns per parameter in the training thread:
#: 95 ms for an 8x512 network), so the interval grows with the network to keep that under
#: ``UPDATE_SHARE`` of training. Single steps and paced runs record every update anyway.
UPDATE_INTERVAL = 0.5
UPDATE_SECONDS_PER_PARAMETER = 5e-8
UPDATE_SHARE = 0.1
#: A pace of at least this many seconds per update is one a class follows update by update
#: (slow motion, 4 updates/s): the worker records every update. Faster paces (a run paced to
#: ~20 s) get one now and then, like full speed.
RECORD_EACH_UPDATE_SECONDS = 0.1

#: A view with this interval gets key frames only (state changes, pauses, resets, run ends).
KEY_FRAMES_ONLY = math.inf


@dataclass(frozen=True)
class ViewRate:
    """How often a view wants frames while a run is on (key frames always come at once)."""

    min_interval: float  # seconds between two frames; 0 = every tick
    while_hidden: bool  # False: a hidden view gets nothing, and the news merged when shown


#: Every live view, by objectName: the only per-view redraw timing in the app.
VIEW_RATES: dict[str, ViewRate] = {
    # The window itself: menus and actions follow the state (changes come as key frames).
    "mainWindow": ViewRate(KEY_FRAMES_ONLY, while_hidden=True),
    # Epoch counter and progress bar: QProgressBar repaints synchronously, ~1 ms each.
    "trainingControls": ViewRate(0.25, while_hidden=True),
    # The loss plot: incremental (only what is new is drawn), so every tick.
    "lossPanel": ViewRate(0.0, while_hidden=False),
    # The drawing re-scored (one forward pass) and its bars and activations repainted.
    "digitLab": ViewRate(0.1, while_hidden=False),
    # Our digits: a few dozen drawings and the test set scored, two matrices repainted.
    "ownDigitsView": ViewRate(0.3, while_hidden=False),
    # Re-selecting and re-rendering the strongest connections costs a few ms.
    "networkDiagram": ViewRate(0.15, while_hidden=False),
    # Recolouring one 8x8 tile per node of hidden layer 1.
    "receptiveFields": ViewRate(0.1, while_hidden=False),
    # Scoring the whole test set: one batched forward pass, a few ms for big networks.
    "evaluationView": ViewRate(0.3, while_hidden=False),
    # One node's update (four small grids and a few labels); records come at the weights' pace.
    "updateView": ViewRate(0.1, while_hidden=False),
    # Gradient sizes per layer: setData on a few curves of up to a few thousand points.
    "gradientPanel": ViewRate(0.25, while_hidden=False),
}

#: Skipped frames kept per view before they are merged into one (bounds the memory a view
#: hidden for a long run holds: each frame references a copy of the network).
_MAX_PENDING = 32


class LiveView(Protocol):
    """A view the router feeds: a QWidget (or the window) with one handler for frames."""

    def objectName(self) -> str: ...

    def isVisible(self) -> bool: ...

    def installEventFilter(self, watcher: QObject) -> None: ...

    def on_frame(self, frame: Frame) -> None: ...


class WorkSlice:
    """How long a view may keep working on one frame (``SLICE_SECONDS``; a key frame: no limit).

    A view that splits its work does the first piece in any case (so it always progresses) and
    the next ones while ``left()``.
    """

    def __init__(self, frame: Frame, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._end = math.inf if frame.key else clock() + SLICE_SECONDS

    @property
    def whole(self) -> bool:
        """True on a key frame: do all the work now."""
        return math.isinf(self._end)

    def left(self) -> bool:
        return self._clock() < self._end


class UpdatePace:
    """When the controller asks the worker for the next recorded update at full speed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last = -math.inf

    def interval(self, parameter_count: int) -> float:
        cost = parameter_count * UPDATE_SECONDS_PER_PARAMETER
        return max(UPDATE_INTERVAL, cost / UPDATE_SHARE)

    def ask_now(self, parameter_count: int) -> bool:
        """True (and counted as asked) when a record is due for a network of this size."""
        now = self._clock()
        if now - self._last < self.interval(parameter_count):
            return False
        self._last = now
        return True


class WeightsPace:
    """When the controller asks the worker for the weights again (``WEIGHTS_INTERVAL``), and
    what turning them into the views' network costs."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last = -math.inf
        self.cost = 0.0  # GUI-thread CPU seconds to turn one snapshot into a Network, smoothed

    def ask_now(self) -> bool:
        """True (and counted as asked) when fresh weights are due."""
        now = self._clock()
        if now - self._last < max(WEIGHTS_INTERVAL, self.cost / VIEW_COST_SHARE):
            return False
        self._last = now
        return True

    def network(self, snapshot: NetworkSnapshot) -> Network:
        """The views' network from ``snapshot``; its cost is measured for ``ask_now``."""
        start = time.thread_time()
        net = Network.from_snapshot(snapshot)
        seconds = time.thread_time() - start
        self.cost = seconds if self.cost == 0 else 0.7 * self.cost + 0.3 * seconds
        return net


class _Entry:
    def __init__(self, view: LiveView, rate: ViewRate) -> None:
        self.view = view
        self.rate = rate
        self.last = -math.inf  # time.monotonic() of the last delivery
        self.pending: list[Frame] = []
        self.cost = 0.0  # GUI-thread CPU seconds of the view's handler (running frames), smoothed

    def interval(self) -> float:
        """The declared interval, stretched when the handler costs more than its share."""
        return max(self.rate.min_interval, self.cost / VIEW_COST_SHARE)

    def due(self, now: float) -> bool:
        """True when the view's interval has passed since its last frame."""
        interval = self.interval()
        return math.isfinite(interval) and now - self.last >= interval


class FrameRouter(QObject):
    """Hands each frame to the registered views at the rates declared in ``VIEW_RATES``.

    A frame a view does not get now stays pending for it: the view gets the pending frames
    merged (``merge_frames``) at its next due tick, or when it is shown again. A key frame
    goes at once to every view that wants frames now. Between key frames, the views that are
    due share ``TICK_WORK_SECONDS`` per tick, the longest-waiting first, and an expensive
    view's interval stretches (``VIEW_COST_SHARE``); none starves: a view left out is first in
    line at the next tick, and the last frame of a run is a key frame.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[int, _Entry] = {}
        self._clock: Callable[[], float] = time.monotonic
        # CPU time of this (the GUI) thread: what a handler costs training under the
        # interpreter lock; waiting for the lock is not counted.
        self._cpu: Callable[[], float] = time.thread_time

    def register(self, view: LiveView) -> None:
        """Feed ``view`` from now on; its objectName must have a row in ``VIEW_RATES``."""
        name = view.objectName()
        if name not in VIEW_RATES:
            raise KeyError(f"{name!r}: declare how often it wants frames in VIEW_RATES")
        self._entries[id(view)] = _Entry(view, VIEW_RATES[name])
        view.installEventFilter(self)

    def deliver(self, frame: Frame) -> None:
        """Slot for ``TrainingController.frameReady``."""
        now = self._clock()
        due: list[_Entry] = []
        for entry in self._entries.values():
            entry.pending.append(frame)
            if len(entry.pending) > _MAX_PENDING:
                entry.pending = [merge_frames(entry.pending)]
            if not entry.rate.while_hidden and not entry.view.isVisible():
                continue  # delivered when shown (see eventFilter)
            if frame.key:
                self._hand(entry, now)
            elif entry.due(now):
                due.append(entry)
        spent = 0.0
        for entry in sorted(due, key=lambda e: e.last):  # the longest-waiting first
            if spent >= TICK_WORK_SECONDS:
                break  # the others stay due: first in line at the next tick
            spent += self._hand(entry, now)

    def costs(self) -> dict[str, float]:
        """Each view's measured handler cost (CPU seconds per running frame), by objectName."""
        return {e.view.objectName(): e.cost for e in self._entries.values()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A view that was skipped while hidden catches up as it is shown."""
        if event.type() == QEvent.Type.Show:
            entry = self._entries.get(id(watched))
            if entry is not None and entry.pending:
                self._hand(entry, self._clock())
        return False

    def _hand(self, entry: _Entry, now: float) -> float:
        """Give ``entry`` its pending frames merged; the CPU seconds its handler took."""
        frame = merge_frames(entry.pending)
        entry.pending = []
        entry.last = now
        start = self._cpu()
        entry.view.on_frame(frame)
        cost = self._cpu() - start
        if not frame.key:  # a key frame's work is done whole: not what a running frame costs
            entry.cost = cost if entry.cost == 0 else 0.7 * entry.cost + 0.3 * cost
        return cost


class FrameClock(QObject):
    """The one timer that drives the live views while a run is on.

    Each tick calls ``on_tick``; the next tick is ``TICK_SECONDS`` later, or later at full
    speed when the GUI thread's CPU time per tick would exceed ``GUI_BUDGET`` of the wall time.
    """

    def __init__(self, on_tick: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(GIL_SWITCH_SECONDS)  # process-wide: see GIL_SWITCH_SECONDS
        self._on_tick = on_tick
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._paced = False
        self._running = False
        self._cost = 0.0  # GUI-thread CPU seconds per tick cycle, smoothed
        self._cpu_mark = -1.0  # time.thread_time() at the previous tick; -1: none yet

    def start(self, paced: bool) -> None:
        """Tick from now on (again); ``paced``: the worker sleeps between updates."""
        self._paced = paced
        self._running = True
        self._cpu_mark = -1.0
        if not self._timer.isActive():
            self._timer.start(self._interval_ms())

    def set_paced(self, paced: bool) -> None:
        self._paced = paced

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def is_running(self) -> bool:
        return self._running

    def cost(self) -> float:
        """GUI-thread CPU seconds per tick cycle (smoothed), everything included."""
        return self._cost

    def interval(self) -> float:
        """Seconds to the next tick: the beat, or what the budget allows at full speed."""
        if self._paced:
            return TICK_SECONDS
        return max(TICK_SECONDS, self._cost / GUI_BUDGET)

    def _interval_ms(self) -> int:
        return max(1, round(1000 * self.interval()))

    def _tick(self) -> None:
        # CPU time, not wall time: while the worker holds the interpreter lock the GUI thread
        # waits without computing, and that wait costs training nothing.
        now = time.thread_time()
        if self._cpu_mark >= 0:
            cycle = now - self._cpu_mark
            self._cost = cycle if self._cost == 0 else 0.7 * self._cost + 0.3 * cycle
        self._on_tick()
        self._cpu_mark = now
        if self._running and not self._timer.isActive():
            self._timer.start(self._interval_ms())


class Stopwatch:
    """Seconds spent training in a run, pauses not counted (for the progress bar's times)."""

    def __init__(self) -> None:
        self._seconds = 0.0
        self._since: float | None = None

    def clear(self) -> None:
        self._seconds, self._since = 0.0, None

    def running(self, on: bool) -> None:
        """Start (``on``) or stop counting."""
        now = time.monotonic()
        if self._since is not None:
            self._seconds += now - self._since
        self._since = now if on else None

    def elapsed(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self._seconds + running
