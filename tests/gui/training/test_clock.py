"""The one clock: views get frames at the rates they declared, hidden ones when shown."""

from __future__ import annotations

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
