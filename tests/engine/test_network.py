"""Network: the lesson's shapes, forward pass, back-propagation checked by finite differences."""

import warnings
import zlib

import numpy as np
import pytest

from engine.kernel import parameter_count
from engine.network import ForwardPass, Network, NetworkSnapshot

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
# (output activation, loss, outputs): every pair that makes sense, plus the generic
# (unfused) cross-entropy paths so their chain rule is checked too.
OUTPUT_LOSS = [
    ("softmax", "categorical_crossentropy", 3),
    ("softmax", "mse", 3),
    ("softmax", "mae", 3),
    ("softmax", "binary_crossentropy", 3),
    ("sigmoid", "binary_crossentropy", 1),
    ("sigmoid", "binary_crossentropy", 3),
    ("sigmoid", "mse", 1),
    ("sigmoid", "mae", 1),
    ("sigmoid", "categorical_crossentropy", 3),
    ("tanh", "mse", 2),
    ("linear", "mse", 2),
    ("linear", "mae", 2),
    ("relu", "mse", 2),
    ("leaky_relu", "mae", 2),
]


def numeric_gradients(net: Network, X: np.ndarray, y: np.ndarray, eps: float = 1e-6):
    """Central differences (L(p + eps) - L(p - eps)) / 2 eps for every weight and bias."""
    grads = []
    for params in (net.weights, net.biases):
        layer_grads = []
        for p in params:
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + eps
                plus = net.loss(X, y)
                p[idx] = old - eps
                minus = net.loss(X, y)
                p[idx] = old
                g[idx] = (plus - minus) / (2 * eps)
            layer_grads.append(g)
        grads.append(layer_grads)
    return grads


def relative_error(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    x = np.concatenate([v.ravel() for v in a])
    y = np.concatenate([v.ravel() for v in b])
    return float(np.linalg.norm(x - y) / max(np.linalg.norm(x) + np.linalg.norm(y), 1e-300))


def targets_for(out_act: str, loss: str, k: int, m: int, rng: np.random.Generator):
    if loss == "categorical_crossentropy" or (out_act == "softmax" and k > 1):
        return rng.integers(0, k, size=m)  # integer labels, one-hot encoded by the network
    if out_act in ("sigmoid",) or loss == "binary_crossentropy":
        return rng.integers(0, 2, size=(m, k)).astype(float) if k > 1 else rng.integers(0, 2, m)
    return rng.normal(size=(m, k))


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("out_act", "loss", "k"), OUTPUT_LOSS)
def test_gradients_match_central_differences(hidden: str, out_act: str, loss: str, k: int):
    rng = np.random.default_rng(zlib.crc32(f"{hidden}{out_act}{loss}{k}".encode()))
    net = Network((4, 5, 3, k), (hidden, hidden, out_act), loss, init="normal", seed=1)
    # Biases away from zero so every path (and the ReLU kinks) is exercised generically.
    net.weights = [w * 8 for w in net.weights]
    net.biases = [rng.normal(scale=0.3, size=b.shape) for b in net.biases]
    X = rng.normal(size=(6, 4))
    y = targets_for(out_act, loss, k, 6, rng)
    loss_value, dW, db = net.gradients(X, y)
    assert loss_value == pytest.approx(net.loss(X, y), rel=1e-12)
    num_W, num_b = numeric_gradients(net, X, y)
    assert relative_error(dW + db, num_W + num_b) < 1e-5


def test_gradient_is_the_mean_over_the_batch() -> None:
    net = Network((3, 4, 2), ("tanh", "softmax"), "categorical_crossentropy", seed=4)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 3))
    y = rng.integers(0, 2, size=5)
    _, dW, db = net.gradients(X, y)
    per_sample = [net.gradients(X[i : i + 1], y[i : i + 1]) for i in range(5)]
    for layer in range(2):
        mean_W = np.mean([g[1][layer] for g in per_sample], axis=0)
        mean_b = np.mean([g[2][layer] for g in per_sample], axis=0)
        np.testing.assert_allclose(dW[layer], mean_W, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[layer], mean_b, rtol=1e-12, atol=1e-15)


def test_lesson_shapes() -> None:
    # The lesson: w_1 is (64, 4), the output weights (4, 1); z_1 for the training set (1437, 4).
    net = Network((64, 4, 1), ("sigmoid", "sigmoid"), "binary_crossentropy", init="normal")
    assert [w.shape for w in net.weights] == [(64, 4), (4, 1)]
    assert [b.shape for b in net.biases] == [(4,), (1,)]
    fp = net.forward(np.zeros((1437, 64)))
    assert isinstance(fp, ForwardPass)
    assert [z.shape for z in fp.z] == [(1437, 4), (1437, 1)]
    assert [a.shape for a in fp.a] == [(1437, 64), (1437, 4), (1437, 1)]
    assert net.parameter_count() == 64 * 4 + 4 + 4 + 1 == parameter_count((64, 4, 1))


def test_forward_formulas_and_single_sample() -> None:
    net = Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", seed=7)
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, size=64)
    fp = net.forward(x)  # a 1-D drawing is a 1 x 64 batch
    assert fp.a[0].shape == (1, 64)
    np.testing.assert_allclose(fp.z[0], x[None] @ net.weights[0] + net.biases[0], rtol=1e-13)
    np.testing.assert_allclose(fp.a[1], np.maximum(fp.z[0], 0))
    np.testing.assert_allclose(fp.z[1], fp.a[1] @ net.weights[1] + net.biases[1], rtol=1e-13)
    e = np.exp(fp.z[1] - fp.z[1].max())
    np.testing.assert_allclose(fp.a[2], e / e.sum(), rtol=1e-13)
    assert fp.output is fp.a[-1]
    assert fp.a[2].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(net.predict_proba(x), fp.a[2], rtol=1e-14)
    assert net.predict(x).tolist() == [int(np.argmax(fp.a[2]))]


def test_forward_keeps_z_and_a_separate() -> None:
    net = Network((3, 2), ("relu",), "mse", seed=0)
    net.biases[0][:] = [-10.0, 10.0]
    fp = net.forward(np.ones(3))
    assert fp.z[0][0, 0] < 0 and fp.a[1][0, 0] == 0.0


def test_input_validation() -> None:
    net = Network((64, 10), ("softmax",), "categorical_crossentropy")
    with pytest.raises(ValueError, match="64 values per sample"):
        net.forward(np.zeros(63))
    with pytest.raises(ValueError, match="whole numbers from 0 to 9"):
        net.loss(np.zeros((2, 64)), [0, 10])
    with pytest.raises(ValueError, match="2 samples but 3 targets"):
        net.loss(np.zeros((2, 64)), [0, 1, 2])


@pytest.mark.parametrize(
    ("sizes", "acts", "loss", "message"),
    [
        ((64,), (), "mse", "at least an input and an output"),
        ((64, 0, 10), ("relu", "softmax"), "mse", ">= 1"),
        ((64, 10), ("relu", "softmax"), "mse", "One activation per weight layer"),
        ((64, 10), ("swish",), "mse", "Unknown activation"),
        ((64, 5, 10), ("softmax", "softmax"), "mse", "hidden layers cannot"),
        ((64, 1), ("softmax",), "categorical_crossentropy", "at least 2 nodes"),
        ((64, 10), ("softmax",), "hinge", "Unknown loss"),
    ],
)
def test_architecture_validation(sizes, acts, loss, message) -> None:
    with pytest.raises(ValueError, match=message):
        Network(sizes, acts, loss)


def test_bad_dtype() -> None:
    with pytest.raises(ValueError, match="float64 or float32"):
        Network((2, 1), ("sigmoid",), "mse", dtype=np.int32)


def test_single_output_predictions_use_threshold_half() -> None:
    net = Network((1, 1), ("sigmoid",), "binary_crossentropy")
    net.weights[0][:] = 1.0
    net.biases[0][:] = 0.0
    assert net.predict(np.array([[-1.0], [0.0], [1.0]])).tolist() == [0, 0, 1]
    assert net.accuracy(np.array([[-1.0], [1.0]]), [0, 1]) == 1.0


def test_weights_are_assignable_and_stay_in_sync() -> None:
    net = Network((4, 3, 2), ("tanh", "softmax"), "categorical_crossentropy", seed=2)
    X = np.eye(4)
    new_W0 = np.full((4, 3), 0.5)
    net.weights[0] = new_W0
    new_W0[0, 0] = 99.0  # the network holds a copy
    assert net.weights[0][0, 0] == 0.5
    net.weights = [np.ones((4, 3)), np.zeros((3, 2))]
    net.biases = [np.zeros(3), np.array([1.0, -1.0])]
    np.testing.assert_allclose(net.forward(X).z[1], np.tile([1.0, -1.0], (4, 1)))
    net.weights[-1] += 1.0  # in place on the live view
    np.testing.assert_array_equal(net.weights[1], np.ones((3, 2)))
    net.biases[0] = [1, 2, 3]  # any numbers, cast to the network's dtype
    assert net.biases[0].dtype == np.float64 and net.biases[0].tolist() == [1.0, 2.0, 3.0]
    # The assignments reach everything that computes: gradients and the optimizer's buffer.
    _, dW, _ = net.gradients(X, [0, 1, 0, 1])
    assert dW[1].shape == (3, 2)
    np.testing.assert_array_equal(net.kernel.params[:12], np.ones(12))


def test_weights_assignment_checks_shapes_and_length() -> None:
    net = Network((4, 3, 2), ("tanh", "softmax"), "categorical_crossentropy")
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(4, 3\)"):
        net.weights[0] = np.zeros((3, 4))
    with pytest.raises(ValueError, match="fixed length"):
        net.weights = [np.zeros((4, 3))]
    with pytest.raises(TypeError, match="fixed length"):
        net.weights.append(np.zeros((2, 2)))
    with pytest.raises(IndexError):
        net.biases[5] = np.zeros(2)


def test_snapshot_is_an_immutable_copy() -> None:
    net = Network((4, 3, 2), ("relu", "softmax"), "categorical_crossentropy", seed=3)
    snap = net.snapshot()
    assert isinstance(snap, NetworkSnapshot)
    assert snap.layer_sizes == (4, 3, 2) and snap.activations == ("relu", "softmax")
    assert snap.loss == "categorical_crossentropy" and snap.parameter_count() == 23
    with pytest.raises(ValueError):
        snap.weights[0][0, 0] = 1.0  # read-only
    before = snap.weights[0].copy()
    net.weights[0] += 1.0
    np.testing.assert_array_equal(snap.weights[0], before)
    twin = Network.from_snapshot(snap)
    np.testing.assert_array_equal(twin.weights[0], before)
    twin.weights[0][0, 0] = 5.0  # the new network owns writable copies
    assert snap.weights[0][0, 0] == before[0, 0]


def test_same_seed_same_weights_and_float32_twin() -> None:
    a = Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", seed=11)
    b = Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", seed=11)
    c = Network(
        (64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", seed=11, dtype="float32"
    )
    for wa, wb, wc in zip(a.weights, b.weights, c.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
        assert wc.dtype == np.float32
        np.testing.assert_array_equal(wc, wa.astype(np.float32))
    x = np.random.default_rng(0).uniform(size=(5, 64))
    assert c.predict_proba(x).dtype == np.float32
    np.testing.assert_allclose(c.predict_proba(x), a.predict_proba(x), rtol=1e-5, atol=1e-6)
    _, dW, db = c.gradients(x, [1, 2, 3, 4, 5])
    assert all(g.dtype == np.float32 for g in dW + db)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("out_act", "loss", "k"), OUTPUT_LOSS)
def test_huge_inputs_stay_finite_without_warnings(hidden, out_act, loss, k) -> None:
    net = Network((4, 3, k), (hidden, out_act), loss, seed=0)
    X = np.array([[1e4, -1e4, 1e4, -1e4], [-1e4, 1e4, -1e4, 1e4], [0.0, 0, 0, 0]])
    y = np.array([0, 1, 0]) if k > 1 and loss != "mse" else np.zeros((3, k))
    if out_act == "sigmoid" and k == 1:
        y = np.array([0, 1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss_value, dW, db = net.gradients(X, y)
        out = net.forward(X).output
    assert np.isfinite(loss_value) and loss_value >= 0
    assert np.all(np.isfinite(out))
    assert all(np.all(np.isfinite(g)) for g in dW + db)


def test_cross_entropy_from_logits_is_exact_when_saturated() -> None:
    # A confidently wrong softmax prediction: the loss is the logit gap, not log(clip).
    net = Network((1, 2), ("softmax",), "categorical_crossentropy")
    net.weights[0][:] = [[0.0, 1.0]]
    net.biases[0][:] = 0.0
    assert net.loss(np.array([[1000.0]]), [0]) == pytest.approx(1000.0)
    sig = Network((1, 1), ("sigmoid",), "binary_crossentropy")
    sig.weights[0][:] = 1.0
    sig.biases[0][:] = 0.0
    assert sig.loss(np.array([[-800.0]]), [1]) == pytest.approx(800.0)
    assert sig.loss(np.array([[0.0]]), [1]) == pytest.approx(np.log(2))


def test_diverged_network_reports_nan_without_warnings() -> None:
    net = Network((2, 3, 2), ("relu", "softmax"), "categorical_crossentropy")
    net.weights[0][:] = np.inf
    net.weights[1][:] = -np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = net.loss(np.ones((2, 2)), [0, 1])
        net.forward(np.ones(2))
        net.predict(np.ones((2, 2)))
    assert not np.isfinite(loss)


def test_repr_mentions_architecture() -> None:
    net = Network((64, 32, 10), ("relu", "softmax"), "categorical_crossentropy")
    assert "64-32-10" in repr(net) and "2410" in repr(net)


def test_copy_is_independent() -> None:
    net = Network((3, 2), ("sigmoid",), "mse", seed=5)
    net.metadata["task"] = "x"
    twin = net.copy()
    twin.weights[0] += 1
    assert not np.array_equal(twin.weights[0], net.weights[0])
    assert twin.metadata == {"task": "x"}


def test_an_8x8_image_is_one_sample() -> None:
    net = Network((64, 8, 10), ("tanh", "softmax"), "categorical_crossentropy", seed=1)
    image = np.random.default_rng(0).uniform(0, 1, size=(8, 8))
    fp = net.forward(image)
    assert fp.a[0].shape == (1, 64)
    np.testing.assert_array_equal(fp.output, net.forward(image.ravel()).output)
    np.testing.assert_array_equal(net.predict_proba(image), fp.output)
    assert net.predict(np.stack([image, image, image])).shape == (3,)


def test_single_sample_path_equals_batch_path() -> None:
    for acts in (("sigmoid", "tanh", "softmax"), ("relu", "leaky_relu", "sigmoid")):
        k = 10 if acts[-1] == "softmax" else 1
        net = Network((64, 16, 8, k), acts, "mse", seed=4)
        X = np.random.default_rng(1).uniform(0, 1, size=(5, 64))
        batch = net.forward(X)
        for i in range(5):
            one = net.forward(X[i])
            for got, want in zip(one.z + one.a, batch.z + batch.a, strict=True):
                np.testing.assert_allclose(got, want[i : i + 1], rtol=1e-12, atol=1e-15)


def test_copy_deepcopy_and_pickle_keep_weights_in_the_buffer() -> None:
    import copy
    import pickle

    net = Network((4, 3, 2), ("relu", "softmax"), "categorical_crossentropy", seed=8)
    net.metadata["task"] = "digits"
    X = np.random.default_rng(0).normal(size=(3, 4))
    for twin in (copy.copy(net), copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        np.testing.assert_array_equal(twin.predict_proba(X), net.predict_proba(X))
        twin.weights[0] = np.zeros((4, 3))
        assert twin.loss(X, [0, 1, 0]) != net.loss(X, [0, 1, 0])  # copies are independent
        assert twin.metadata == {"task": "digits"}


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("out_act", "k"), [("softmax", 10), ("sigmoid", 1)])
def test_one_sample_in_any_shape_gives_the_same_numbers(hidden: str, out_act: str, k: int):
    # A drawing may arrive as 64 values, a 1 x 64 row or an 8x8 image: one code path, so the
    # window's views and predict_proba() agree to the last bit; and it equals the batch path.
    net = Network((64, 12, 7, k), (hidden, hidden, out_act), "mse", seed=3)
    X = np.random.default_rng(2).uniform(0, 1, size=(3, 64))
    batch = net.forward(X)
    for shape in ((64,), (1, 64), (8, 8), (1, 8, 8)):
        x = X[1].reshape(shape)
        fp = net.forward(x)
        assert [a.shape for a in fp.a] == [(1, 64), (1, 12), (1, 7), (1, k)]
        np.testing.assert_array_equal(fp.output, net.forward(X[1]).output)
        np.testing.assert_array_equal(net.predict_proba(x), fp.output)
        for got, want in zip(fp.z + fp.a, batch.z + batch.a, strict=True):
            np.testing.assert_allclose(got, want[1:2], rtol=1e-12, atol=1e-15)


def test_one_sample_forward_keeps_the_callers_error_state() -> None:
    # The single-sample path silences floating-point warnings inside (a diverged network
    # gives nan, not warnings) without touching the caller's own np.errstate.
    net = Network((2, 3, 2), ("relu", "softmax"), "categorical_crossentropy")
    net.weights[0][:] = np.inf
    net.weights[1][:] = -np.inf
    with np.errstate(all="raise"):
        fp = net.forward(np.ones(2))
        probs = net.predict_proba(np.ones(2))
        with pytest.raises(FloatingPointError):
            np.divide(np.ones(1), 0.0)
    assert np.isnan(fp.output).all() and np.isnan(probs).all()


def test_one_sample_forward_from_several_threads() -> None:
    import threading

    net = Network((64, 32, 10), ("sigmoid", "softmax"), "categorical_crossentropy", seed=1)
    xs = np.random.default_rng(0).uniform(0, 1, size=(4, 64))
    want = [net.forward(x).output.copy() for x in xs]
    errors: list[str] = []

    def work(i: int) -> None:
        for _ in range(300):
            if not np.array_equal(net.forward(xs[i]).output, want[i]):
                errors.append(f"thread {i}")
                return

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
