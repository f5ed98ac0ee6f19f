"""The controller: what a design means for the network, one frame per tick, what it says."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine import Design, HiddenLayer
from gui import messages
from gui.training.adoption import Adoption, needs_new_network
from gui.training.clock import FrameClock
from gui.training.controller import TrainingController
from gui.training.frame import Frame, RunEnd, TrainingState


class Frames:
    def __init__(self, controller: TrainingController) -> None:
        self.frames: list[Frame] = []
        controller.frameReady.connect(self.frames.append)


@pytest.fixture
def controller(qtbot):
    c = TrainingController(replace(Design(), hidden=(HiddenLayer(16, "relu"),), epochs=3))
    yield c
    c.shutdown()


@pytest.mark.parametrize(
    ("change", "reset"),
    [
        ({"learning_rate": 0.01}, False),
        ({"optimizer": "sgd"}, False),
        ({"epochs": 5}, False),
        ({"batch_size": 64}, False),
        ({"hidden": (HiddenLayer(8, "relu"),)}, True),
        ({"task": "odd_even", "loss": "binary_crossentropy"}, True),
        ({"seed": 7}, True),
        ({"init": "he_normal"}, True),
        ({"scaling": "none"}, True),
    ],
)
def test_needs_new_network(change, reset):
    assert needs_new_network(Design(), replace(Design(), **change)) is reset


def test_no_question_before_any_training(controller):
    asked: list[bool] = []
    result = controller.adopt(
        replace(controller.design, hidden=(HiddenLayer(8, "relu"),)),
        confirm=lambda: asked.append(True) or True,
    )
    assert result == Adoption.RESET and asked == []
    assert controller.current_network().layer_sizes == (64, 8, 10)
    assert controller.status == messages.reset_message(controller.design.seed)


def test_an_invalid_design_changes_only_the_status(controller):
    frames = Frames(controller)
    net = controller.current_network()
    result = controller.adopt(replace(controller.design, epochs=0))
    assert result == Adoption.INVALID
    assert controller.current_network() is net
    assert controller.status == messages.STATUS_INVALID
    assert [f.can_train for f in frames.frames] == [False]
    controller.train()  # refused, and it says why
    assert controller.state == TrainingState.IDLE


def test_training_to_lose_is_asked_about_and_no_keeps_everything(qtbot, controller):
    frames = Frames(controller)
    controller.train()
    qtbot.waitUntil(lambda: any(f.outcome for f in frames.frames), timeout=30_000)
    trained = controller.current_network()
    new = replace(controller.design, hidden=(HiddenLayer(8, "relu"),))
    assert controller.adopt(new, confirm=lambda: False) == Adoption.DECLINED
    assert controller.current_network() is trained and len(controller.history) == 3
    assert controller.adopt(new, confirm=lambda: True) == Adoption.RESET
    assert controller.history.is_empty()
    # a learning rate keeps the weights and says so only when a run would use it
    kept = controller.current_network()
    assert controller.adopt(replace(new, learning_rate=0.01)) == Adoption.KEPT
    assert controller.current_network() is kept
    assert controller.status == messages.STATUS_READY


def test_one_frame_per_tick_and_the_run_ends_in_one_key_frame(qtbot, monkeypatch):
    per_tick: list[int] = []
    tick = FrameClock._tick

    def counted(self: FrameClock) -> None:
        before = len(frames.frames)
        tick(self)
        per_tick.append(len(frames.frames) - before)

    monkeypatch.setattr(FrameClock, "_tick", counted)
    controller = TrainingController(replace(Design(), hidden=(HiddenLayer(16, "relu"),)))
    frames = Frames(controller)
    controller.adopt(replace(controller.design, epochs=30))
    controller.train()
    qtbot.waitUntil(lambda: any(f.outcome for f in frames.frames), timeout=30_000)
    assert per_tick and set(per_tick) == {1}  # each tick: exactly one frame
    ends = [f for f in frames.frames if f.outcome is not None]
    assert len(ends) == 1 and ends[0].key and ends[0].outcome.reason == RunEnd.COMPLETED
    assert ends[0].state == TrainingState.IDLE
    # the frames together carry every epoch and every mini-batch, once
    rows = [row.epoch for f in frames.frames for row in f.rows]
    assert rows == list(range(1, 31))
    points = sum(f.batch_losses.size for f in frames.frames)
    assert points == controller.history.batch_count
    assert not controller._clock.is_running()  # no timer while idle
    controller.shutdown()


def test_pause_shows_the_exact_weights_in_a_key_frame(qtbot, controller):
    frames = Frames(controller)
    controller.step_batch()
    qtbot.waitUntil(lambda: controller.state == TrainingState.PAUSED, timeout=10_000)
    qtbot.waitUntil(lambda: "mini-batch 1 of" in controller.status, timeout=10_000)
    last = frames.frames[-1]
    assert last.key and last.state == TrainingState.PAUSED and last.network_changed
    assert controller.history.batch_count == 1
    assert not controller._clock.is_running()
    controller.stop()
    qtbot.waitUntil(lambda: controller.state == TrainingState.IDLE, timeout=10_000)
    assert controller.status == messages.STATUS_STOPPED
