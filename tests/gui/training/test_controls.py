"""The training bar shows what a frame says: state, progress, status."""

from __future__ import annotations

import engine
from gui.training.clock import FULL_SPEED, SPEEDS
from gui.training.controls import TrainingControls
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.history import TrainingHistory

NET = engine.build_network(engine.Design())


def frame(state: TrainingState, done: float, can_train: bool = True) -> Frame:
    progress = Progress(done, 10, 12.0, 30.0 if state != TrainingState.IDLE else None)
    return Frame(NET, TrainingHistory(), progress, state, f"now {state}", can_train=can_train)


def test_buttons_counter_bar_and_status_follow_the_frame(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    controls.on_frame(frame(TrainingState.RUNNING, 2.5))
    assert controls.epoch_label.text() == "Epoch 2 / 10"
    assert controls.progress.value() == 250
    assert "elapsed" in controls.progress.format()
    assert controls.status_label.text() == "now running"
    assert controls.pause_button.isEnabled() and not controls.train_button.isEnabled()
    controls.on_frame(frame(TrainingState.PAUSED, 3.0))
    assert controls.train_button.text() == "Resume" and controls.step_button.isEnabled()
    controls.on_frame(frame(TrainingState.IDLE, 3.0, can_train=False))
    assert not controls.train_button.isEnabled() and controls.reset_button.isEnabled()


def test_the_speed_slider_sends_the_pace(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    with qtbot.waitSignal(controls.speedChanged) as sent:
        controls.set_speed_index(0)
    assert sent.args == [SPEEDS[0][1]]
    controls.set_speed_index(FULL_SPEED + 3)  # clamped
    assert controls.speed_delay() == 0.0
