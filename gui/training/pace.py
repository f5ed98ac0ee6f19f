"""The pace of training: how fast a run goes for the class (no Qt; the one place that times
the worker's updates, referenced from clock.py's table).

A pace plans ``dt``, the seconds between two parameter updates:

=========  ==========================  ====================================================
name       the slider says             dt (E = the design's epochs, U = updates per epoch)
=========  ==========================  ====================================================
``slow``   Slow motion: 1 update/s     1 s: every update can be seen (and printed)
``steps``  4 updates/s                 0.25 s
``calm``   Calm: ~1 min a run          60 s / (E · U)
``class``  Class pace: ~20 s a run     20 s / (E · U)   (the default)
``full``   Full speed                  0: as fast as the computer goes
=========  ==========================  ====================================================

The run paces (``calm``, ``class``) think in epochs for the curve: an epoch gets ``T / E``
seconds whatever the batch mode (one update for batch gradient descent, 45 mini-batches of 32,
1437 single samples for stochastic gradient descent), and its updates are spread evenly over
that time, the batch trace filling in between the epoch points.

``Pacer`` keeps a run on its plan: the k-th update after a (re)start is due at ``t0 + k·dt``
and the worker sleeps until that deadline, so the many very short sleeps of a stochastic run
do not add up their errors (a wait shorter than ``MIN_NAP`` is not slept at all: the next
deadline carries it). When the machine is slower than the pace it simply runs flat out; a
plan more than ``MAX_LAG`` behind starts again from now rather than racing to catch up.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

#: A wait shorter than this is not slept now (timer resolution and wake-up cost would make
#: it longer): the deadline of the next update carries it.
MIN_NAP = 0.002
#: Behind plan by more than this (a slow machine, a busy moment), the plan restarts from
#: now: the class should never see a burst of updates that "catch up".
MAX_LAG = 0.25


@dataclass(frozen=True)
class Pace:
    """One setting of the speed slider: a fixed time per update, a run's length, or neither
    (full speed)."""

    name: str
    label: str  # the words the slider shows a class
    update_seconds: float = 0.0  # a fixed dt (slow motion)
    run_seconds: float = 0.0  # or: the design's whole run spread over this time

    @property
    def is_full(self) -> bool:
        return self.update_seconds <= 0 and self.run_seconds <= 0

    def interval(self, epochs: int, updates_per_epoch: int) -> float:
        """``dt``, the seconds planned per update: ``update_seconds``, or
        ``run_seconds / (epochs · updates_per_epoch)``, or 0 at full speed."""
        if self.update_seconds > 0:
            return self.update_seconds
        if self.run_seconds > 0:
            return self.run_seconds / max(1, epochs * updates_per_epoch)
        return 0.0

    def planned_seconds(self, epochs: int, updates_per_epoch: int) -> float:
        """How long a run of ``epochs`` epochs lasts at this pace: ``dt · E · U``."""
        return self.interval(epochs, updates_per_epoch) * epochs * updates_per_epoch


#: The slider's settings, slowest first.
PACES: tuple[Pace, ...] = (
    Pace("slow", "Slow motion: 1 update/s", update_seconds=1.0),
    Pace("steps", "4 updates/s", update_seconds=0.25),
    Pace("calm", "Calm: ~1 min a run", run_seconds=60.0),
    Pace("class", "Class pace: ~20 s a run", run_seconds=20.0),
    Pace("full", "Full speed"),
)
PACE_NAMES: tuple[str, ...] = tuple(p.name for p in PACES)
#: What a class gets out of the box.
DEFAULT_PACE = "class"
FULL = PACES[-1]


def pace_named(name: str) -> Pace:
    """The pace called ``name`` (one of ``PACE_NAMES``); ValueError otherwise."""
    for pace in PACES:
        if pace.name == name:
            return pace
    raise ValueError(f"Unknown pace {name!r}: use one of {', '.join(PACE_NAMES)}.")


def fixed_pace(seconds: float) -> Pace:
    """A pace of ``seconds`` per update (0: full speed); the slider's own when it has one."""
    if seconds <= 0 or not math.isfinite(seconds):
        return FULL
    for pace in PACES:
        if pace.update_seconds == seconds:
            return pace
    return Pace("fixed", f"{1 / seconds:.3g} updates/s", update_seconds=seconds)


def updates_per_epoch(n_samples: int, batch_size: int | None) -> int:
    """Parameter updates in one epoch, as ``engine.Trainer`` makes them: ``ceil(n / B)``
    (``B = n`` for batch gradient descent, 1 for stochastic)."""
    n = max(1, n_samples)
    size = n if batch_size is None else max(1, min(batch_size, n))
    return math.ceil(n / size)


class Pacer:
    """Keeps one run on its pace: the k-th update after ``restart()`` is due at ``t0 + k·dt``.

    ``clock`` and ``sleep`` are injectable: the worker sleeps on its condition (so stop and
    pause wake it), tests pass a fake clock whose sleep moves time on.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self.interval = max(0.0, interval)
        self.slept = 0.0  # seconds of sleep asked for so far (what the tests count)
        self.restart()

    def set_interval(self, interval: float) -> None:
        """A new ``dt`` (the slider moved): the plan starts again from now."""
        self.interval = max(0.0, interval)
        self.restart()

    def restart(self) -> None:
        """Plan from now (a run starts, resumes after a pause, or changes pace)."""
        self._t0 = self._clock()
        self._k = 0

    def after_update(self) -> None:
        """One update is done: sleep until the next one is due (not at full speed)."""
        if self.interval <= 0:
            return
        self._k += 1
        wait = self._t0 + self._k * self.interval - self._clock()
        if wait >= MIN_NAP:
            self.slept += wait
            self._sleep(wait)
        elif wait < -MAX_LAG:
            self.restart()
