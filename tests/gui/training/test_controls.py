"""The training bar shows what a frame says: state, progress, status."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont

import engine
from gui.training.controls import FULL_SPEED, TrainingControls
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.history import TrainingHistory
from gui.training.pace import PACES

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


def test_the_slider_shows_the_pace_in_words_and_sends_its_name(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    assert controls.pace().name == "class"  # the default for a class
    assert controls.speed_label.text() == "Class pace: ~20 s a run"
    with qtbot.waitSignal(controls.paceChanged) as sent:
        controls.set_speed_index(0)
    assert sent.args == ["slow"]
    assert controls.speed_label.text() == "Slow motion: 1 update/s"
    with qtbot.waitSignal(controls.paceChanged) as sent:
        controls.set_pace("full")
    assert sent.args == ["full"] and controls.speed_label.text() == "Full speed"
    controls.set_speed_index(FULL_SPEED + 3)  # clamped
    assert controls.pace() is PACES[-1]
    with pytest.raises(ValueError):
        controls.set_pace("warp")


def test_the_pace_label_has_room_for_the_longest_pace(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    controls.show()
    width = controls.speed_label.width()
    for index in range(len(PACES)):
        controls.set_speed_index(index)
        assert controls.speed_label.width() == width  # nothing in the row moves
        advance = controls.speed_label.fontMetrics().horizontalAdvance(PACES[index].label)
        assert advance <= controls.speed_label.width()


def test_the_status_line_keeps_its_height_and_elides_a_long_message(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    controls.resize(600, controls.sizeHint().height())
    controls.show()
    status = controls.status_label
    controls.on_frame(frame(TrainingState.IDLE, 0.0))
    short_height, button_y = status.height(), controls.train_button.y()
    long = "The network diverged at epoch 3: the loss went from 2.30 to 106042. " * 6
    controls.on_frame(replace(frame(TrainingState.IDLE, 0.0), status=long))
    assert status.text() == long  # the whole message, for tests and the tooltip
    assert status.height() == short_height and controls.train_button.y() == button_y
    shown = status.shown_lines()
    assert len(shown) == 2 and shown[-1].endswith("…")
    assert status.toolTip() == long
    metrics = status.fontMetrics()
    assert short_height >= 2 * metrics.lineSpacing()
    assert short_height < 3 * metrics.lineSpacing()  # two lines, not three
    controls.on_frame(frame(TrainingState.IDLE, 0.0))
    assert status.toolTip() == "" and status.shown_lines() == ["now idle"]


def test_the_status_line_follows_the_font(qtbot):
    controls = TrainingControls()
    qtbot.addWidget(controls)
    before = controls.status_label.height()
    font = QFont(controls.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    controls.setFont(font)
    assert controls.status_label.height() > 1.6 * before
    controls.changeEvent(QEvent(QEvent.Type.FontChange))  # no absolute sizes anywhere
    assert (
        controls.speed_label.minimumWidth()
        >= controls.speed_label.fontMetrics().horizontalAdvance(PACES[0].label)
    )
