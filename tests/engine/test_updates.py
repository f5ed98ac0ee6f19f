"""The trainer's close look at one update (engine/updates.py), checked against the formulas.

Each record is compared with numbers computed here independently: the gradient again with
``Network.gradients`` (the lesson's row form) on the batch's own rows, the step again from
each optimizer's formula and the state the record shows.
"""

import dataclasses

import numpy as np
import pytest

import engine
from engine import BatchResult, HiddenLayer, Network, Trainer, make_optimizer
from engine.presets import preset_named
from engine.updates import SATURATED_SLOPE, blocked_share, gradient_sizes

rng = np.random.default_rng(3)
X = rng.random((40, 64))
y = rng.integers(0, 10, 40)


def small_net(activation: str = "sigmoid") -> Network:
    return Network([64, 8, 10], [activation, "softmax"], "categorical_crossentropy", seed=1)


def recorded(net: Network, opt: engine.Optimizer, batches: int = 3, batch_size: int = 8):
    """Run ``batches`` updates, asking for a record before the last one."""
    trainer = Trainer(net, opt, batch_size=batch_size, epochs=1, seed=5)
    events = trainer.steps(X, y)
    event = None
    for k in range(batches):
        trainer.record_update = k == batches - 1
        event = next(events)
    assert isinstance(event, BatchResult) and event.update is not None
    return event, trainer


def test_sgd_record_is_w_minus_alpha_dw_and_dw_is_the_batch_gradient():
    net = small_net()
    event, _ = recorded(net, make_optimizer("sgd", 0.1))
    rec = event.update
    assert (rec.epoch, rec.batch, rec.step_number) == (1, 3, 3)
    for layer in range(2):
        np.testing.assert_allclose(
            rec.W_after(layer), rec.W_before(layer) - 0.1 * rec.dW(layer), rtol=0, atol=1e-12
        )
        np.testing.assert_array_equal(rec.W_after(layer), net.weights[layer])
    # The gradient again, in the lesson's row form, on the same rows with the weights before.
    before = Network([64, 8, 10], ["sigmoid", "softmax"], "categorical_crossentropy")
    for layer in range(2):
        before.weights[layer] = rec.W_before(layer)
        before.biases[layer] = rec.b_before(layer)
    assert len(rec.rows) == 8
    _, dW, db = before.gradients(X[rec.rows], y[rec.rows])
    for layer in range(2):
        np.testing.assert_allclose(rec.dW(layer), dW[layer], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(rec.db(layer), db[layer], rtol=1e-9, atol=1e-12)
    w = rec.weight(1, 2, 3)
    assert w.step == w.w_after - w.w_before
    assert w.w_after == pytest.approx(w.w_before - 0.1 * w.dw, abs=1e-12)


def test_adam_step_follows_from_the_recorded_state():
    opt = make_optimizer("adam", 0.01)
    event, _ = recorded(small_net(), opt, batches=4)
    rec = event.update
    st = rec.state_after
    assert st.t == 4 and rec.state_before.t == 3
    b1, b2, eps = st.settings["beta1"], st.settings["beta2"], st.settings["epsilon"]
    for i, j in ((0, 0), (10, 3), (63, 7)):
        w = rec.weight(0, i, j)
        m0, m = rec.buffer_at("m", 0, i, j)
        v0, v = rec.buffer_at("v", 0, i, j)
        assert m == pytest.approx(b1 * m0 + (1 - b1) * w.dw, rel=1e-9, abs=1e-15)
        assert v == pytest.approx(b2 * v0 + (1 - b2) * w.dw**2, rel=1e-9, abs=1e-18)
        alpha_t = 0.01 * np.sqrt(1 - b2**st.t) / (1 - b1**st.t)
        assert w.step == pytest.approx(-alpha_t * m / (np.sqrt(v) + eps), rel=1e-9, abs=1e-15)
    # Why the class should look: Adam's step is not α·dw.
    steps = rec.step(0).ravel()
    plain = -0.01 * rec.dW(0).ravel()
    assert not np.allclose(steps, plain)


def test_momentum_and_rmsprop_steps_follow_from_their_state():
    event, _ = recorded(small_net(), make_optimizer("momentum", 0.05, momentum=0.8))
    rec = event.update
    for i, j in ((1, 1), (40, 5)):
        w = rec.weight(0, i, j)
        v0, v = rec.buffer_at("velocity", 0, i, j)
        assert v == pytest.approx(0.8 * v0 - 0.05 * w.dw, abs=1e-15)
        assert w.step == pytest.approx(v, abs=1e-15)
    event, _ = recorded(small_net(), make_optimizer("rmsprop", 0.001, rho=0.9))
    rec = event.update
    eps = rec.state_after.settings["epsilon"]
    for i, j in ((1, 1), (40, 5)):
        w = rec.weight(0, i, j)
        s0, s = rec.buffer_at("s", 0, i, j)
        assert s == pytest.approx(0.9 * s0 + 0.1 * w.dw**2, rel=1e-9, abs=1e-18)
        assert w.step == pytest.approx(-0.001 * w.dw / (np.sqrt(s) + eps), rel=1e-9, abs=1e-15)


def test_records_are_one_shot_read_only_and_change_nothing():
    plain, looked = small_net(), small_net()
    t1 = Trainer(plain, make_optimizer("adam", 0.01), batch_size=8, epochs=2, seed=5)
    t2 = Trainer(looked, make_optimizer("adam", 0.01), batch_size=8, epochs=2, seed=5)
    assert all(
        e.update is None and e.gradients is None
        for e in t1.steps(X, y)
        if isinstance(e, BatchResult)
    )
    records = []
    for event in t2.steps(X, y):
        if isinstance(event, BatchResult):
            records.append(event.update)
            t2.record_gradients = True
            if event.batch == 2:
                t2.record_update = True  # asked once: the next batch alone is recorded
            assert (event.gradients is None) == (len(records) == 1)
    assert [r is not None for r in records].count(True) == 2  # batch 3 of each epoch
    for a, b in zip(plain.weights, looked.weights, strict=True):
        np.testing.assert_array_equal(a, b)  # looking closely changes no number
    rec = next(r for r in records if r is not None)
    with pytest.raises(ValueError):
        rec.params_before[0] = 1.0
    with pytest.raises(ValueError):
        rec.state_after.buffers["m"][0] = 1.0


def test_gradient_sizes_and_saturation_are_measured_from_the_batch():
    net = small_net("sigmoid")
    # Large first-layer weights saturate the sigmoids on many examples.
    net.weights[0] = np.random.default_rng(0).normal(0, 2.0, (64, 8))
    trainer = Trainer(net, make_optimizer("sgd", 1e-9), batch_size=40, epochs=1, seed=5)
    trainer.record_gradients = True
    trainer.record_update = True
    event = next(trainer.steps(X, y))
    stats, rec = event.gradients, event.update
    assert stats.mean_abs_dW == pytest.approx(
        [float(np.abs(rec.dW(layer)).mean()) for layer in range(2)], rel=1e-12
    )
    z = np.asarray(net.forward(X).z[0])  # weights moved by 1e-9 at most: same saturation
    expected = float(np.mean(engine.ACTIVATIONS["sigmoid"].derivative(z) < SATURATED_SLOPE))
    assert 0.1 < expected < 0.9
    assert stats.saturated[0] == pytest.approx(expected, abs=1 / z.size)


def test_dead_relu_units_are_those_at_zero_for_every_example():
    relu = engine.ACTIVATIONS["relu"]
    a = np.array([[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    assert blocked_share(relu, a) == 0.5  # units 1 and 3 of 4 are dead (rows: units)
    assert blocked_share(engine.ACTIVATIONS["linear"], a) == 0.0
    assert blocked_share(engine.ACTIVATIONS["leaky_relu"], a) == 0.0
    sig = engine.ACTIVATIONS["sigmoid"]
    a = np.array([[0.5, 0.999], [0.001, 0.3]])  # a(1 − a) < 0.01 for 0.999 and 0.001
    assert blocked_share(sig, a) == 0.5


def test_gradient_sizes_read_the_weight_blocks_only():
    net = small_net()
    layout = net.kernel.layout
    g = np.zeros(layout.size)
    W, b = layout.split(g)
    W[0][...] = -2.0
    b[0][...] = 100.0  # biases are left out
    W[1][...] = 0.5
    assert gradient_sizes(layout, g) == (2.0, 0.5)


@pytest.mark.parametrize(("activation", "vanishes"), [("sigmoid", True), ("relu", False)])
def test_the_vanishing_gradient_preset_shows_it_and_relu_does_not(activation, vanishes):
    preset = preset_named("Vanishing gradient: five sigmoid layers")
    design = dataclasses.replace(
        preset.design, hidden=tuple(HiddenLayer(32, activation) for _ in range(5))
    )
    net, task = engine.build_network(design), engine.load_task(design)
    trainer = Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=1, seed=0)
    trainer.record_gradients = True
    sizes = np.array(
        [e.gradients.mean_abs_dW for e in trainer.steps(task.X_train, task.y_train)
         if isinstance(e, BatchResult)]
    )  # fmt: skip
    first, last = sizes[:, 0].mean(), sizes[:, -1].mean()
    assert (first * 100 <= last) == vanishes
