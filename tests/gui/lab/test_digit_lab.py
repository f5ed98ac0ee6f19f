"""DigitLab end to end: what the views display is exactly the engine's forward pass."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

import engine
from engine import drawing
from gui.lab.digit_lab import BLANK_DRAWING, DigitLab


def train(design: engine.Design, epochs: int = 2) -> tuple[engine.DigitsTask, engine.Network]:
    """A small network trained for a couple of epochs with the real Trainer."""
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=epochs)
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    return task, net


@pytest.fixture(scope="module")
def trained():
    return train(engine.Design(hidden=(engine.HiddenLayer(24, "relu"),), seed=3))


@pytest.fixture(scope="module")
def trained_deep():
    hidden = (engine.HiddenLayer(16, "tanh"), engine.HiddenLayer(12, "sigmoid"))
    return train(engine.Design(hidden=hidden, seed=5))


def make_lab(qtbot, task, net) -> DigitLab:
    lab = DigitLab()
    qtbot.addWidget(lab)
    lab.resize(460, 640)
    lab.set_task(task)
    lab.set_network(net)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


@pytest.mark.parametrize("which", ["trained", "trained_deep"])
def test_twenty_test_digits_show_exactly_the_engine_numbers(qtbot, request, which) -> None:
    task, net = request.getfixturevalue(which)
    lab = make_lab(qtbot, task, net)
    for i in range(20):
        lab.digitCanvas.set_pixels(task.images_test[i])
        x = task.scale(lab.digitCanvas.pixels().reshape(64))
        fp = net.forward(x)
        probs = lab.predictionView.probabilities()
        np.testing.assert_array_equal(probs, net.predict_proba(x)[0])
        np.testing.assert_array_equal(probs, fp.a[-1][0])
        # The drawing path gives the same input as the data set's own X_test row.
        np.testing.assert_allclose(probs, net.predict_proba(task.X_test[i])[0], rtol=0, atol=1e-12)
        shown = lab.activationView.activations()
        assert len(shown) == len(net.layer_sizes) - 2
        for got, want in zip(shown, fp.a[1:-1], strict=True):
            np.testing.assert_array_equal(got, want[0])
        np.testing.assert_array_equal(lab.activationView.input_values(), x)
        assert lab.predictionView.ranking()[0] == net.predict(x)[0]


def test_drawing_with_the_mouse_rescoring_every_stroke(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    canvas = lab.digitCanvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas.cell_center(1, 2).toPoint())
    before = lab.predictionView.probabilities()  # one cell painted
    qtbot.mouseMove(canvas, pos=canvas.cell_center(6, 2).toPoint())
    after_move = lab.predictionView.probabilities()
    assert before is not None and after_move is not None
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas.cell_center(6, 2).toPoint())
    assert np.all(canvas.pixels()[1:7, 2] == 16)
    assert not np.array_equal(before, after_move)
    x = task.scale(canvas.pixels().reshape(64))
    np.testing.assert_array_equal(after_move, net.predict_proba(x)[0])


def test_a_blank_canvas_invites_a_drawing_instead_of_predicting(qtbot, trained) -> None:
    # An empty picture is no digit: no class, no bars, an invitation; the first stroke scores.
    task, net = trained
    lab = make_lab(qtbot, task, net)
    view = lab.predictionView
    assert lab.digitCanvas.pixels().sum() == 0
    assert view.probabilities() is None and view.ranking() == []
    assert view.message() == BLANK_DRAWING
    canvas = lab.digitCanvas
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.cell_center(3, 4).toPoint())
    assert view.message() is None
    x = task.scale(canvas.pixels().reshape(64))
    np.testing.assert_array_equal(view.probabilities(), net.predict_proba(x)[0])
    qtbot.mouseClick(lab.clearButton, Qt.MouseButton.LeftButton)
    assert view.probabilities() is None and view.message() == BLANK_DRAWING
    # The hidden layer still shows what the network makes of the blank picture (its biases).
    assert len(lab.activationView.activations()) == 1


def test_buttons_clear_random_shift_noise_thicken_thin(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    qtbot.mouseClick(lab.randomButton, Qt.MouseButton.LeftButton)
    loaded = lab.digitCanvas.pixels()
    assert any(np.array_equal(loaded, im) for im in task.images_test)
    assert "true label" in lab.labelLabel.text()
    index = next(i for i, im in enumerate(task.images_test) if np.array_equal(loaded, im))
    assert lab.predictionView.true_class() == task.y_test[index]  # boxed under the bars
    qtbot.mouseClick(lab.shiftButtons["right"], Qt.MouseButton.LeftButton)
    assert lab.predictionView.true_class() is None  # edited: no longer that test digit
    np.testing.assert_array_equal(lab.digitCanvas.pixels(), drawing.shift(loaded, 0, 1))
    assert "edited" in lab.labelLabel.text()
    qtbot.mouseClick(lab.shiftButtons["up"], Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(lab.digitCanvas.pixels(), drawing.shift(loaded, -1, 1))
    g = lab.digitCanvas.pixels()
    qtbot.mouseClick(lab.thickenButton, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(lab.digitCanvas.pixels(), drawing.thicken(g))
    g = lab.digitCanvas.pixels()
    qtbot.mouseClick(lab.thinButton, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(lab.digitCanvas.pixels(), drawing.thin(g))
    g = lab.digitCanvas.pixels()
    qtbot.mouseClick(lab.noiseButton, Qt.MouseButton.LeftButton)
    assert not np.array_equal(lab.digitCanvas.pixels(), g)
    x = task.scale(lab.digitCanvas.pixels().reshape(64))
    np.testing.assert_array_equal(lab.predictionView.probabilities(), net.predict_proba(x)[0])
    qtbot.mouseClick(lab.clearButton, Qt.MouseButton.LeftButton)
    assert lab.digitCanvas.pixels().sum() == 0
    qtbot.mouseClick(lab.fineBox, Qt.MouseButton.LeftButton)
    assert lab.digitCanvas.is_fine()
    qtbot.mouseClick(lab.numbersBox, Qt.MouseButton.LeftButton)
    assert lab.digitCanvas.show_numbers()


def test_no_network_shows_an_explanation_and_new_weights_rescore(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, None)
    lab.digitCanvas.set_pixels(task.images_test[0])
    assert lab.network() is None
    assert lab.predictionView.probabilities() is None
    assert lab.activationView.activations() == []
    lab.set_network(net)
    assert lab.network() is net
    first = lab.predictionView.probabilities()
    # One more epoch of training: the same drawing is re-scored with the new weights.
    newer = engine.Network.from_snapshot(net.snapshot())
    design = engine.Design(hidden=(engine.HiddenLayer(24, "relu"),), seed=3)
    trainer = engine.Trainer(newer, engine.build_optimizer(design), epochs=1)
    for _ in trainer.run(task.X_train, task.y_train):
        pass
    lab.set_network(newer)
    x = task.scale(task.images_test[0].reshape(64))
    np.testing.assert_array_equal(lab.predictionView.probabilities(), newer.predict_proba(x)[0])
    assert not np.array_equal(first, lab.predictionView.probabilities())
    lab.set_network(None)
    assert lab.predictionView.probabilities() is None


def test_clicking_a_node_opens_the_inspector_with_z_equal_w_dot_x_plus_b(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[7])
    view = lab.activationView
    node = 5
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=view.node_rect(0, node).center().toPoint()
    )
    assert lab.nodeInspector.isVisible()
    numbers = lab.nodeInspector.numbers()
    assert numbers is not None and (numbers.layer, numbers.node) == (0, node)
    x = task.scale(task.images_test[7].reshape(64))
    fp = net.forward(x)
    W, b = net.weights[0], net.biases[0]
    np.testing.assert_array_equal(numbers.w, W[:, node])
    np.testing.assert_array_equal(numbers.x, x)
    assert numbers.b == b[node]
    assert numbers.z == fp.z[0][0, node]
    assert numbers.a == fp.a[1][0, node]
    assert numbers.weighted_sum + numbers.b == pytest.approx(
        float(x @ W[:, node] + b[node]), abs=1e-9
    )
    assert numbers.z == pytest.approx(numbers.weighted_sum + numbers.b, abs=1e-9)
    assert numbers.a == max(0.0, numbers.z)  # relu
    lines = lab.nodeInspector.text_lines()
    assert lines[0].startswith("z = w·x + b")
    assert f"{numbers.z:.4f}" in "\n".join(lines)
    # Drawing keeps the pinned inspector live.
    lab.digitCanvas.set_pixels(task.images_test[8])
    x8 = task.scale(task.images_test[8].reshape(64))
    assert lab.nodeInspector.numbers().z == net.forward(x8).z[0][0, node]
    # Clicking the same node again closes it.
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=view.node_rect(0, node).center().toPoint()
    )
    assert not lab.nodeInspector.isVisible()


def test_deeper_layer_inspector_uses_the_previous_activations(qtbot, trained_deep) -> None:
    task, net = trained_deep
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[3])
    view = lab.activationView
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.node_rect(1, 4).center().toPoint())
    numbers = lab.nodeInspector.numbers()
    fp = net.forward(task.scale(task.images_test[3].reshape(64)))
    assert (numbers.layer, numbers.node, numbers.activation) == (1, 4, "sigmoid")
    np.testing.assert_array_equal(numbers.x, fp.a[1][0])
    assert numbers.w.shape == (16,)
    assert numbers.z == pytest.approx(float(fp.a[1][0] @ net.weights[1][:, 4] + net.biases[1][4]))
    assert numbers.a == pytest.approx(1 / (1 + np.exp(-numbers.z)))


def test_odd_even_shows_one_probability_as_two_labelled_bars(qtbot) -> None:
    task, net = train(engine.Design(task="odd_even", loss="binary_crossentropy", seed=1), epochs=1)
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[0])
    p = lab.predictionView.probabilities()
    x = task.scale(task.images_test[0].reshape(64))
    assert p.shape == (1,)
    np.testing.assert_array_equal(p, net.predict_proba(x)[0])
    np.testing.assert_allclose(lab.predictionView.class_probabilities(), [1 - p[0], p[0]])
    assert lab.predictionView.ranking()[0] == net.predict(x)[0]
    lab.load_test_digit(0)
    assert task.class_names[task.y_test[0]] in lab.labelLabel.text()


def test_insight_tabs_contract(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    titles = [t for t, _ in lab.insight_tabs()]
    assert titles == ["Network", "What nodes look for", "Evaluation", "f(z) & loss", "Our digits"]
    names = {w.objectName() for _, w in lab.insight_tabs()}
    assert names == {
        "networkDiagram",
        "receptiveFields",
        "evaluationView",
        "functionViews",
        "ownDigitsView",
    }
    for name in ("digitCanvas", "predictionView", "activationView"):
        assert lab.findChild(type(getattr(lab, name)), name) is getattr(lab, name)


def test_hovering_a_node_opens_the_card_after_a_short_dwell(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[2])
    view = lab.activationView
    qtbot.mouseMove(view, pos=view.node_rect(0, 3).center().toPoint())
    assert not lab.nodeInspector.isVisible()  # not at once...
    qtbot.waitUntil(lab.nodeInspector.isVisible, timeout=2000)  # ...but after the dwell
    numbers = lab.nodeInspector.numbers()
    assert numbers is not None and numbers.node == 3
    qtbot.mouseMove(view, pos=view.node_rect(0, 4).center().toPoint())
    assert lab.nodeInspector.numbers().node == 4  # already open: follows at once
    qtbot.mouseMove(view, pos=QPoint(view.width() - 2, view.height() - 2))  # off the nodes
    assert not lab.nodeInspector.isVisible()


def test_a_diverged_network_is_shown_without_crashing(qtbot, trained) -> None:
    task, net = trained
    broken = engine.Network.from_snapshot(net.snapshot())
    broken.weights[0] = np.full_like(np.asarray(net.weights[0]), np.nan)
    lab = make_lab(qtbot, task, broken)
    lab.load_test_digit(0)
    lab.evaluationView.refresh_now()
    lab.inspect_node(0, 0)
    for widget in (lab, *(w for _, w in lab.insight_tabs()), lab.nodeInspector):
        widget.grab()  # every paint path copes with NaN
    assert np.isnan(lab.predictionView.probabilities()).all()


def test_output_node_and_receptive_field_tile_open_the_inspector(qtbot, trained) -> None:
    task, net = trained
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[5])
    fp = net.forward(task.scale(task.images_test[5].reshape(64)))
    diagram = lab.networkDiagram
    diagram.resize(560, 600)
    diagram.show()
    qtbot.waitExposed(diagram)
    out_layer = len(net.layer_sizes) - 1
    qtbot.mouseClick(
        diagram, Qt.MouseButton.LeftButton, pos=diagram.node_position(out_layer, 4).toPoint()
    )
    numbers = lab.nodeInspector.numbers()
    assert (numbers.layer, numbers.node, numbers.activation) == (1, 4, "softmax")
    assert numbers.a == fp.a[-1][0, 4] and numbers.z == fp.z[-1][0, 4]
    np.testing.assert_array_equal(numbers.x, fp.a[1][0])
    lab.close_inspector()
    fields = lab.receptiveFields
    fields.resize(400, 500)
    fields.show()
    qtbot.waitExposed(fields)
    grid = fields.tile_grid()
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=fields.tile_rect(3).center().toPoint())
    numbers = lab.nodeInspector.numbers()
    assert (numbers.layer, numbers.node) == (0, 3)
    np.testing.assert_array_equal(numbers.w, net.weights[0][:, 3])


def test_training_frames_rescore_at_the_labs_declared_rate(qtbot, trained) -> None:
    from gui.training.clock import VIEW_RATES, FrameRouter
    from gui.training.frame import Frame, Progress, TrainingState
    from gui.training.history import TrainingHistory

    task, net = trained
    lab = make_lab(qtbot, task, net)
    lab.digitCanvas.set_pixels(task.images_test[9])
    x = task.scale(task.images_test[9].reshape(64))
    router = FrameRouter()
    now = [0.0]
    router._clock = lambda: now[0]
    router.register(lab)
    history = TrainingHistory()
    scored: list[int] = []
    refresh = lab._refresh

    def counted() -> None:
        scored.append(1)
        refresh()

    lab._refresh = counted  # type: ignore[method-assign]
    nets = []
    for k in range(30):  # one second of ticks
        n = engine.Network.from_snapshot(net.snapshot())
        n.biases[-1] = np.asarray(net.biases[-1]) + 0.1 * k
        nets.append(n)
        now[0] = k / 30
        progress = Progress(0.0, 1, 0.0, None)
        router.deliver(Frame(n, history, progress, TrainingState.RUNNING, "", key=k == 29))
        # Whatever frame the lab last got, the accessors match that network exactly.
        shown = lab.network()
        np.testing.assert_array_equal(lab.predictionView.probabilities(), shown.predict_proba(x)[0])
    per_second = 1 / VIEW_RATES["digitLab"].min_interval
    assert len(scored) <= per_second + 1 < 30  # its declared rate (+ the key frame), not 30
    assert lab.network() is nets[-1]  # the key frame arrives at once
    np.testing.assert_array_equal(lab.predictionView.probabilities(), nets[-1].predict_proba(x)[0])
