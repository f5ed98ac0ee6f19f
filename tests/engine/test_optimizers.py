"""Optimizers: one hand-computed step each, L2, state handling, a changing learning rate."""

import math

import numpy as np
import pytest

from engine.network import Network
from engine.optimizers import OPTIMIZER_NAMES, OPTIMIZERS, make_optimizer


def tiny_net() -> Network:
    net = Network((2, 1), ("linear",), "mse")
    net.weights[0][:] = [[1.0], [-2.0]]
    net.biases[0][:] = [0.5]
    return net


G_W = [np.array([[0.1], [-0.3]])]
G_B = [np.array([0.2])]


def params(net: Network) -> np.ndarray:
    return np.concatenate([net.weights[0].ravel(), net.biases[0]])


P0 = np.array([1.0, -2.0, 0.5])
G = np.array([0.1, -0.3, 0.2])


def test_sgd_step() -> None:
    net = tiny_net()
    make_optimizer("sgd", 0.5).step(net, G_W, G_B)
    np.testing.assert_allclose(params(net), P0 - 0.5 * G)  # W <- W - η g


def test_momentum_steps() -> None:
    net = tiny_net()
    opt = make_optimizer("momentum", 0.1, momentum=0.9)
    opt.step(net, G_W, G_B)
    v1 = -0.1 * G
    np.testing.assert_allclose(params(net), P0 + v1)
    opt.step(net, G_W, G_B)
    v2 = 0.9 * v1 - 0.1 * G
    np.testing.assert_allclose(params(net), P0 + v1 + v2)


def test_nesterov_steps() -> None:
    net = tiny_net()
    opt = make_optimizer("momentum", 0.1, momentum=0.9, nesterov=True)
    opt.step(net, G_W, G_B)
    v1 = -0.1 * G
    p1 = P0 + 0.9 * v1 - 0.1 * G
    np.testing.assert_allclose(params(net), p1)
    opt.step(net, G_W, G_B)
    v2 = 0.9 * v1 - 0.1 * G
    np.testing.assert_allclose(params(net), p1 + 0.9 * v2 - 0.1 * G)


def test_rmsprop_step() -> None:
    net = tiny_net()
    make_optimizer("rmsprop", 0.01).step(net, G_W, G_B)
    s = 0.1 * G**2
    np.testing.assert_allclose(params(net), P0 - 0.01 * G / (np.sqrt(s) + 1e-7))


def test_adam_steps_with_bias_correction() -> None:
    net = tiny_net()
    opt = make_optimizer("adam", 0.001)
    m = v = np.zeros(3)
    p = P0.copy()
    for t in (1, 2, 3):
        opt.step(net, G_W, G_B)
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G**2
        lr_t = 0.001 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        p = p - lr_t * m / (np.sqrt(v) + 1e-7)
        np.testing.assert_allclose(params(net), p, rtol=1e-12)
    # The first Adam step moves every parameter by about η, whatever the gradient's size.
    net2 = tiny_net()
    make_optimizer("adam", 0.001).step(net2, G_W, G_B)
    np.testing.assert_allclose(np.abs(params(net2) - P0), 0.001, rtol=1e-4)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_l2_penalises_weights_not_biases(name: str) -> None:
    plain, decayed = tiny_net(), tiny_net()
    make_optimizer(name, 0.1).step(plain, G_W, G_B)
    make_optimizer(name, 0.1, l2=0.5).step(decayed, G_W, G_B)
    assert decayed.biases[0][0] == plain.biases[0][0]
    assert not np.array_equal(decayed.weights[0], plain.weights[0])
    # With sgd the effective gradient is g + λ W.
    if name == "sgd":
        np.testing.assert_allclose(
            decayed.weights[0],
            np.array([[1.0], [-2.0]]) - 0.1 * (G_W[0] + 0.5 * np.array([[1.0], [-2.0]])),
        )


def test_step_does_not_modify_the_gradients() -> None:
    net = Network((3, 2), ("tanh",), "mse", seed=1)
    _, dW, db = net.gradients(np.ones((2, 3)), np.zeros((2, 2)))
    saved = [g.copy() for g in dW + db]
    make_optimizer("adam", 0.1, l2=0.1).step(net, dW, db)
    for g, s in zip(dW + db, saved, strict=True):
        np.testing.assert_array_equal(g, s)


def test_learning_rate_can_change_between_steps_keeping_state() -> None:
    net = tiny_net()
    opt = make_optimizer("momentum", 0.1, momentum=0.5)
    opt.step(net, G_W, G_B)
    opt.learning_rate = 0.2
    opt.step(net, G_W, G_B)
    v1 = -0.1 * G
    v2 = 0.5 * v1 - 0.2 * G
    np.testing.assert_allclose(params(net), P0 + v1 + v2)
    assert opt.t == 2
    with pytest.raises(ValueError, match="learning rate"):
        opt.learning_rate = 0.0


def test_state_belongs_to_one_network_and_reset() -> None:
    opt = make_optimizer("adam", 0.001)
    a, b = tiny_net(), tiny_net()
    opt.step(a, G_W, G_B)
    opt.step(a, G_W, G_B)
    assert opt.t == 2 and len(opt.state) == 2
    opt.step(b, G_W, G_B)  # a different network: fresh moments, first-step size
    assert opt.t == 1
    np.testing.assert_allclose(np.abs(params(b) - P0), 0.001, rtol=1e-4)
    opt.reset()
    assert opt.t == 0 and opt.state == ()


def test_gradients_from_lists_of_arrays_and_shape_check() -> None:
    net = tiny_net()
    opt = make_optimizer("sgd", 1.0)
    with pytest.raises(ValueError, match=r"dW\[0\] must have shape \(2, 1\)"):
        opt.step(net, [np.zeros((1, 2))], G_B)


def test_end_epoch_flushes_tiny_moments() -> None:
    net = Network((2, 2), ("relu",), "mse", dtype="float32")
    opt = make_optimizer("adam", 0.001)
    opt.step(net, [np.ones((2, 2))], [np.ones(2)])
    m = opt._state[0]
    m[:] = [1e-35, 1e-3, 1e-36, 0.5, 2e-38, 1.0]
    opt.end_epoch()
    np.testing.assert_array_equal(m, np.array([0, 1e-3, 0, 0.5, 0, 1.0], dtype=np.float32))


def test_make_optimizer_options() -> None:
    assert make_optimizer("adam", 0.01, momentum=0.9).learning_rate == 0.01  # ignored option
    assert make_optimizer("sgd").learning_rate == OPTIMIZERS["sgd"].usual_learning_rate == 0.1
    assert make_optimizer("adam").learning_rate == 0.001
    assert make_optimizer("adam").epsilon == 1e-7
    with pytest.raises(TypeError, match="Unknown optimizer option"):
        make_optimizer("adam", 0.01, betas=(0.9, 0.99))
    with pytest.raises(ValueError, match="Unknown optimizer"):
        make_optimizer("adagrad", 0.01)
    with pytest.raises(ValueError, match="momentum must be at least 0 and less than 1"):
        make_optimizer("momentum", 0.01, momentum=1.0)
    with pytest.raises(ValueError, match="l2"):
        make_optimizer("sgd", 0.01, l2=-1)
    assert "adam" in repr(make_optimizer("adam")).lower()


def test_adam_state_is_the_true_moments_and_betas_may_change() -> None:
    net = tiny_net()
    opt = make_optimizer("adam", 0.001, beta1=0.8, beta2=0.99)
    m = v = np.zeros(3)
    p = P0.copy()
    for t, (b1, b2) in enumerate([(0.8, 0.99), (0.8, 0.99), (0.5, 0.9), (0.5, 0.9)], start=1):
        opt.beta1, opt.beta2 = b1, b2
        opt.step(net, G_W, G_B)
        m = b1 * m + (1 - b1) * G
        v = b2 * v + (1 - b2) * G**2
        p = p - 0.001 * math.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + 1e-7)
        np.testing.assert_allclose(params(net), p, rtol=1e-12)
        state_m, state_v = opt.state
        np.testing.assert_allclose(state_m, m, rtol=1e-12)
        np.testing.assert_allclose(state_v, v, rtol=1e-12)


def test_the_registry_is_the_one_list_of_optimizers_and_options() -> None:
    from engine.optimizers import OPTION_NAMES

    assert set(OPTIMIZERS) == set(OPTIMIZER_NAMES)
    assert set(OPTION_NAMES) == {o for info in OPTIMIZERS.values() for o in info.options}
    for name, info in OPTIMIZERS.items():
        opt = make_optimizer(name, momentum=0.5, rho=0.5, beta1=0.5, beta2=0.5, l2=0.25)
        assert opt.name == name and opt.learning_rate == info.usual_learning_rate
        for option, value in (("momentum", 0.5), ("rho", 0.5), ("beta1", 0.5), ("l2", 0.25)):
            # An option reaches exactly the optimizers whose entry lists it.
            assert (getattr(opt, option, None) == value) == (option in info.options), option
