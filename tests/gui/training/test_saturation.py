"""Saturation: a run whose outputs are pinned at 0 or 1 (MSE or MAE on softmax at learning rate
1000) stops learning without blowing up; the worker ends it as SATURATED and the window says
why. Normal runs (the default design, every lesson preset) are never flagged."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

import engine
from engine import Design, HiddenLayer
from engine.presets import PRESETS
from gui.training.frame import RunEnd
from gui.training.worker import TrainingWorker
from tests.gui.test_main_window import small_design, train_and_wait, type_into
from tests.gui.training.test_worker import Collector, request_for


def run_in_this_thread(design: Design) -> RunEnd:
    """The worker's loop, run synchronously (its signal reaches a GUI-thread collector)."""
    worker = TrainingWorker(request_for(design))
    collector = Collector()
    worker.runEnded.connect(collector.on_end)
    worker.run()
    assert len(collector.outcomes) == 1
    return collector.outcomes[0].reason


SATURATING = [
    Design(hidden=(HiddenLayer(16, "relu"),), loss=loss, optimizer=optimizer, learning_rate=1000.0)
    for loss in ("mse", "mae")
    for optimizer in ("sgd", "adam")
] + [Design(task="odd_even", loss="mse", optimizer="sgd", learning_rate=1000.0)]


@pytest.mark.parametrize("design", SATURATING, ids=lambda d: f"{d.task}-{d.loss}-{d.optimizer}")
def test_saturated_outputs_end_the_run(design: Design) -> None:
    assert run_in_this_thread(design) == RunEnd.SATURATED


@pytest.mark.parametrize(
    "design",
    [Design(epochs=10)] + [p.design for p in PRESETS if p.design.batch_mode != "batch"],
    ids=lambda d: f"{d.hidden and d.hidden[0].activation}-{d.optimizer}-{d.learning_rate}",
)
def test_normal_runs_and_the_lesson_presets_are_not_flagged(design: Design) -> None:
    assert run_in_this_thread(design) != RunEnd.SATURATED


def test_the_full_batch_preset_is_not_flagged() -> None:
    """Its loss falls slowly (one update per epoch): 60 epochs are enough to be sure."""
    preset = next(p for p in PRESETS if p.design.batch_mode == "batch")
    assert run_in_this_thread(replace(preset.design, epochs=60)) == RunEnd.COMPLETED


def test_the_window_says_why_learning_stopped(qtbot, main_window) -> None:
    small_design(main_window, qtbot, nodes="16", epochs="20")
    designer = main_window.designer
    designer.set_design(
        Design(
            hidden=(HiddenLayer(16, "relu"),),
            loss="mse",
            optimizer="sgd",
            learning_rate=1000.0,
            epochs=19,
        )
    )
    type_into(qtbot, designer.epochs_spin, "20")  # a user's edit sends the whole design
    assert main_window.controller.design.loss == "mse"
    assert train_and_wait(qtbot, main_window) == "saturated"
    status = main_window.controls.status_label.text()
    assert "the outputs saturated" in status and "cross-entropy" in status, status
    assert "Try a smaller learning rate (0.1)" in status, status  # sgd's usual rate
    boxes = [b for b in main_window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and boxes[0].text() == status
    c = main_window.controller
    assert c.epochs_done == 3 and [row.epoch for row in c.history.rows] == [1, 2, 3]
    assert main_window.controls.epoch_label.text() == "Epoch 3 / 20"
    assert engine.validate_design(c.design) == {}
