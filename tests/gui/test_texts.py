"""Texts the class reads, checked in the real window: presets, pauses and shapes."""

from __future__ import annotations

from engine import Design, HiddenLayer
from tests.gui.test_main_window import click, type_into


def test_a_preset_named_as_a_question_has_no_stray_full_stop(qtbot, main_window):
    action = next(
        a for a in main_window.preset_actions if a.text() == "Lesson: perceptron, is it odd?"
    )
    action.trigger()
    status = main_window.controls.status_label.text()
    assert status.startswith("Lesson: perceptron, is it odd? No hidden layer")
    assert "?." not in status


def test_a_pause_in_batch_mode_does_not_speak_of_mini_batch_1_of_1(qtbot, main_window):
    design = Design(hidden=(HiddenLayer(8, "relu"),), batch_mode="batch", epochs=3)
    assert main_window.adopt_design(design)
    click(qtbot, main_window, "stepButton")
    qtbot.waitUntil(lambda: main_window.controller.state == "paused", timeout=5000)
    status = main_window.controls.status_label.text()
    assert "mini-batch 1 of 1" not in status
    assert status.startswith("Paused after epoch 1's one update (batch mode")
    x, _ = main_window.controller.history.batch_trace()
    assert len(x) == 1  # one update: the whole training set


def test_a_layer_of_0_nodes_shows_no_shapes_and_no_count(qtbot, main_window):
    designer = main_window.designer
    type_into(qtbot, designer.hidden_editor.row_widgets(0)["nodes"], "0")
    assert "hidden.0.nodes" in designer.errors()
    shapes = designer.shapes_label.text()
    assert "64 x 0" not in shapes and "not valid" in shapes
    assert designer.params_label.text() == ""
    type_into(qtbot, designer.hidden_editor.row_widgets(0)["nodes"], "4")
    assert designer.shapes_label.text().splitlines()[0] == "W1: 64 x 4   b1: 4"
    assert designer.params_label.text().startswith("310 numbers to learn")


def test_a_model_saved_the_old_way_reopens_with_its_epochs_and_curve(qtbot, main_window, tmp_path):
    """A version 1 file (arrays W0, b0 ...) trained for all its epochs: the counter reads
    them (not "Epoch 0 / 5") and the plot shows its history."""
    import json

    import numpy as np

    import engine

    design = Design(hidden=(HiddenLayer(6, "tanh"),), epochs=5, seed=1)
    rows = [(e, 2.0 / e, 2.1 / e, 0.5, 0.45) for e in range(1, 6)]
    new = engine.save_trained(
        tmp_path / "new.npz", engine.build_network(design), design, epochs_trained=5, history=rows
    )
    with np.load(new, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        arrays = {f"{k[0]}{int(k[1:]) - 1}": data[k] for k in data.files if k != "meta"}
    meta["version"] = 1
    old = tmp_path / "old.npz"
    np.savez(old, meta=np.array(json.dumps(meta)), **arrays)
    main_window.open_model_from(old)
    assert main_window.controls.epoch_label.text() == "Epoch 5 / 5"
    assert list(main_window.loss_plot.training_loss_points()[1]) == [r[1] for r in rows]
    np.testing.assert_array_equal(main_window.current_network().weights[0], arrays["W0"])
    status = main_window.controls.status_label.text()
    assert status.startswith("Opened old.npz: a network trained for 5 epochs.")
