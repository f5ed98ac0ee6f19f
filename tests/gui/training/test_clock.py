"""The one clock: views get frames at the rates they declared, hidden ones when shown."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QWidget

import engine
from gui.training import clock
from gui.training.clock import GUI_BUDGET, TICK_SECONDS, FrameClock, FrameRouter, ViewRate
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.history import EpochRow, TrainingHistory


class View(QWidget):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.frames: list[Frame] = []

    def on_frame(self, frame: Frame) -> None:
        self.frames.append(frame)


NET = engine.build_network(engine.Design())
HISTORY = TrainingHistory()


def frame(epoch: int = 0, key: bool = False) -> Frame:
    rows = (EpochRow(epoch, 1.0, 1.0, 0.5, 0.5),) if epoch else ()
    return Frame(
        network=NET,
        history=HISTORY,
        progress=Progress(float(epoch), 10, 0.0, None),
        state=TrainingState.RUNNING,
        status="",
        rows=rows,
        key=key,
    )


@pytest.fixture
def router(qtbot, monkeypatch):
    monkeypatch.setitem(clock.VIEW_RATES, "everyTick", ViewRate(0.0, while_hidden=False))
    monkeypatch.setitem(clock.VIEW_RATES, "slowView", ViewRate(0.3, while_hidden=True))
    monkeypatch.setitem(clock.VIEW_RATES, "keysOnly", ViewRate(clock.KEY_FRAMES_ONLY, True))
    r = FrameRouter()
    now = [0.0]
    r._clock = lambda: now[0]
    r.now = now  # type: ignore[attr-defined]
    return r


def test_every_live_view_of_the_window_declares_its_rate(qtbot):
    for name in (
        "mainWindow",
        "trainingControls",
        "lossPanel",
        "digitLab",
        "networkDiagram",
        "receptiveFields",
        "evaluationView",
    ):
        assert name in clock.VIEW_RATES
    with pytest.raises(KeyError, match="VIEW_RATES"):
        FrameRouter().register(View("undeclared"))


def test_views_get_frames_at_their_declared_rate(qtbot, router):
    fast, slow, keys = View("everyTick"), View("slowView"), View("keysOnly")
    for v in (fast, slow, keys):
        qtbot.addWidget(v)
        v.show()
        router.register(v)
    for tick in range(1, 31):  # one second at 30 ticks
        router.now[0] = tick / 30
        router.deliver(frame(epoch=tick))
    assert len(fast.frames) == 30
    assert 3 <= len(slow.frames) <= 4  # one every 0.3 s
    assert keys.frames == []
    # nothing is lost by skipping: the slow view's frames carry every epoch, merged
    seen = [row.epoch for f in slow.frames for row in f.rows]
    assert seen == list(range(1, seen[-1] + 1))
    router.deliver(frame(key=True))  # a key frame reaches everyone at once
    assert len(keys.frames) == 1 and keys.frames[0].rows[-1].epoch == 30
    assert slow.frames[-1].key and [row.epoch for f in slow.frames for row in f.rows] == list(
        range(1, 31)
    )


def test_a_hidden_view_gets_nothing_until_it_is_shown(qtbot, router):
    hidden = View("everyTick")
    qtbot.addWidget(hidden)
    router.register(hidden)
    for tick in range(100):
        router.now[0] = tick / 30
        router.deliver(frame(epoch=tick + 1, key=tick % 10 == 0))
    assert hidden.frames == []
    hidden.show()
    assert len(hidden.frames) == 1  # the news of all 100, at once
    assert [row.epoch for row in hidden.frames[0].rows] == list(range(1, 101))


def test_the_tick_stretches_to_keep_the_gui_inside_its_budget(qtbot):
    ticker = FrameClock(lambda: None)
    assert ticker.interval() == TICK_SECONDS
    ticker._cost = 0.012  # 12 ms of GUI-thread CPU per tick
    assert ticker.interval() == pytest.approx(0.012 / GUI_BUDGET)
    ticker.set_paced(True)  # the worker sleeps between updates: no contention
    assert ticker.interval() == TICK_SECONDS


def test_states_are_an_enum_that_reads_as_text():
    assert [s.value for s in TrainingState] == ["idle", "running", "paused"]
    assert TrainingState.PAUSED == "paused" and str(TrainingState.IDLE) == "idle"


class CostlyView(View):
    """A view whose handler costs ``cost`` seconds of (fake) GUI-thread CPU per frame."""

    def __init__(self, name: str, cpu: list[float], cost: float) -> None:
        super().__init__(name)
        self._cpu, self._cost = cpu, cost

    def on_frame(self, frame: Frame) -> None:
        super().on_frame(frame)
        self._cpu[0] += self._cost


@pytest.fixture
def costly(router):
    cpu = [0.0]
    router._cpu = lambda: cpu[0]
    router.cpu = cpu  # type: ignore[attr-defined]
    return router


def test_an_expensive_view_gets_fewer_frames_and_still_the_last_one(qtbot, costly):
    cheap = View("everyTick")
    dear = CostlyView("everyTick", costly.cpu, cost=0.05)  # 50 ms a frame
    for v in (cheap, dear):
        qtbot.addWidget(v)
        v.show()
        costly.register(v)
    for tick in range(1, 31):  # one second of a run at 30 ticks
        costly.now[0] = tick / 30
        costly.deliver(frame(epoch=tick))
    # The cheap view waits a tick when the dear one has spent the tick's work (at most once
    # per dear frame), and gets that tick's news merged into its next frame.
    assert len(cheap.frames) >= 30 - len(dear.frames)
    assert [row.epoch for f in cheap.frames for row in f.rows] == list(range(1, 31))
    # Declared "every tick", but 50 ms a frame is more than VIEW_COST_SHARE of that: its
    # interval stretches to 0.05 / VIEW_COST_SHARE = 0.5 s.
    assert 2 <= len(dear.frames) <= 3
    assert costly.costs()["everyTick"] in (0.0, pytest.approx(0.05))
    costly.now[0] = 31 / 30
    costly.deliver(frame(epoch=31, key=True))  # the frame that ends the run
    assert dear.frames[-1].key
    merged = [row.epoch for f in dear.frames for row in f.rows]
    assert merged == list(range(1, 32))  # nothing lost: skipped frames came merged


def test_one_tick_does_not_run_every_expensive_view(qtbot, costly):
    a = CostlyView("everyTick", costly.cpu, cost=clock.TICK_WORK_SECONDS)
    b = CostlyView("everyTick", costly.cpu, cost=clock.TICK_WORK_SECONDS)
    for v in (a, b):
        qtbot.addWidget(v)
        v.show()
        costly.register(v)
    handed: list[tuple[int, int]] = []
    for tick in range(1, 61):
        costly.now[0] = tick / 30
        costly.deliver(frame(epoch=tick))
        handed.append((len(a.frames), len(b.frames)))
    steps = [(x1 - x0) + (y1 - y0) for (x0, y0), (x1, y1) in itertools.pairwise(handed)]
    assert max(steps) == 1  # never both in one tick ...
    assert len(a.frames) >= 3 and len(b.frames) >= 3  # ... and neither starves


def test_a_work_slice_is_unlimited_on_key_frames(qtbot):
    now = [0.0]
    running = clock.WorkSlice(frame(epoch=1), clock=lambda: now[0])
    assert not running.whole and running.left()
    now[0] = clock.SLICE_SECONDS
    assert not running.left()
    key = clock.WorkSlice(frame(epoch=1, key=True), clock=lambda: now[0])
    now[0] = 1e9
    assert key.whole and key.left()


def test_weights_are_asked_for_less_often_when_converting_them_is_dear(qtbot):
    now = [0.0]
    pace = clock.WeightsPace(clock=lambda: now[0])
    assert pace.ask_now() and not pace.ask_now()  # asked: not again at once
    now[0] = clock.WEIGHTS_INTERVAL
    assert pace.ask_now()
    pace.network(NET.snapshot())  # measured (tiny for the default network)
    pace.cost = 0.05  # as if a snapshot took 50 ms to convert
    now[0] += clock.WEIGHTS_INTERVAL
    assert not pace.ask_now()
    now[0] += 0.05 / clock.VIEW_COST_SHARE
    assert pace.ask_now()


def test_recorded_updates_are_asked_for_less_often_for_big_networks():
    from gui.training.clock import UPDATE_INTERVAL, UpdatePace

    now = [0.0]
    pace = UpdatePace(clock=lambda: now[0])
    assert pace.ask_now(2410)  # the first one at once
    now[0] = UPDATE_INTERVAL - 0.01
    assert not pace.ask_now(2410)
    now[0] = UPDATE_INTERVAL
    assert pace.ask_now(2410)
    big = 1_877_002  # 8x512: a record costs ~95 ms, so at most one every ~0.95 s
    assert pace.interval(big) == pytest.approx(0.94, abs=0.01)
    now[0] += UPDATE_INTERVAL
    assert not pace.ask_now(big)
    now[0] += 0.5
    assert pace.ask_now(big)
