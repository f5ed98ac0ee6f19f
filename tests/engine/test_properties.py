"""Property tests over random architectures, activations, batches and corrupted files."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.network import Network
from engine.serialization import ModelFormatError, load_model, save_model
from engine.training import BatchResult, EpochResult, Trainer

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
# (output activation, loss, allowed output sizes)
HEADS = (
    ("softmax", "categorical_crossentropy", (2, 10)),
    ("softmax", "mse", (2, 10)),
    ("softmax", "mae", (2, 10)),
    ("sigmoid", "binary_crossentropy", (1, 4)),
    ("sigmoid", "mse", (1, 4)),
    ("sigmoid", "mae", (1, 4)),
    ("linear", "mse", (1, 4)),
    ("tanh", "mae", (1, 4)),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw):
    n_in = draw(st.integers(1, 12))
    hidden = draw(st.lists(st.integers(1, 12), min_size=0, max_size=3))
    acts = [draw(st.sampled_from(HIDDEN)) for _ in hidden]
    out_act, loss, (lo, hi) = draw(st.sampled_from(HEADS))
    n_out = draw(st.integers(lo, hi))
    init = draw(st.sampled_from(("uniform", "normal", "glorot_uniform", "he_normal")))
    dtype = draw(st.sampled_from(("float64", "float32")))
    seed = draw(st.integers(0, 2**31 - 1))
    return Network(
        (n_in, *hidden, n_out), (*acts, out_act), loss, init=init, seed=seed, dtype=dtype
    )


@st.composite
def batches(draw, net: Network):
    m = draw(st.integers(1, 16))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from((0.01, 1.0, 100.0, 1e4)))
    rng = np.random.default_rng(seed)
    X = rng.normal(scale=scale, size=(m, net.layer_sizes[0]))
    k = net.layer_sizes[-1]
    if net.activations[-1] == "softmax":
        y = rng.integers(0, k, size=m)  # labels, one-hot encoded by the network
    elif k == 1:
        y = rng.integers(0, 2, size=m)
    elif net.activations[-1] == "sigmoid":
        y = rng.integers(0, 2, size=(m, k)).astype(float)
    else:
        y = rng.normal(size=(m, k))
    return X, y


@SETTINGS
@given(data=st.data())
def test_loss_is_finite_non_negative_and_gradients_have_parameter_shapes(data) -> None:
    net = data.draw(networks())
    X, y = data.draw(batches(net))
    loss, dW, db = net.gradients(X, y)
    assert np.isfinite(loss) and loss >= 0
    tolerance = 1e-5 if net.dtype == np.float32 else 1e-10
    assert loss == pytest.approx(net.loss(X, y), rel=tolerance, abs=tolerance)
    assert [g.shape for g in dW] == [w.shape for w in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    assert all(g.dtype == net.dtype for g in dW + db)
    assert all(np.all(np.isfinite(g)) for g in dW + db)
    out = net.predict_proba(X)
    assert out.shape == (X.shape[0], net.layer_sizes[-1]) and np.all(np.isfinite(out))
    assert net.predict(X).shape == (X.shape[0],)


@SETTINGS
@given(data=st.data())
def test_save_then_load_gives_identical_predictions(data) -> None:
    net = data.draw(networks())
    X, _ = data.draw(batches(net))
    with tempfile.TemporaryDirectory() as tmp:
        path = save_model(net, Path(tmp) / "m.npz", note=data.draw(st.text(max_size=20)))
        loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), net.predict_proba(X))
    assert loaded.layer_sizes == net.layer_sizes and loaded.dtype == net.dtype


_ORIGINAL: dict[str, bytes] = {}


def original_model_bytes() -> bytes:
    if "m" not in _ORIGINAL:
        net = Network((6, 4, 3), ("tanh", "softmax"), "categorical_crossentropy", seed=1)
        with tempfile.TemporaryDirectory() as tmp:
            path = save_model(net, Path(tmp) / "m.npz", task="digits")
            _ORIGINAL["m"] = path.read_bytes()
    return _ORIGINAL["m"]


@settings(max_examples=300, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 10**6), st.integers(0, 255), st.sampled_from(("set", "cut", "insert"))
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_model_files_only_raise_model_format_error(edits) -> None:
    data = bytearray(original_model_bytes())
    for position, value, kind in edits:
        i = position % (len(data) + 1)
        if kind == "set" and i < len(data):
            data[i] = value
        elif kind == "cut":
            del data[i:]
        else:
            data[i:i] = bytes([value])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.npz"
        path.write_bytes(bytes(data))
        try:
            net = load_model(path)
        except ModelFormatError as exc:
            assert str(exc)  # a sentence, never an empty message
        else:
            # Harmless edits (e.g. in zip padding) still give a complete, valid network.
            assert net.layer_sizes == (6, 4, 3)
            assert all(np.all(np.isfinite(w)) for w in net.weights + net.biases)


@SETTINGS
@given(data=st.data())
def test_trainer_visits_every_sample_once_per_epoch_for_any_batch_size(data) -> None:
    from engine.optimizers import make_optimizer

    net = data.draw(networks())
    n = data.draw(st.integers(1, 40))
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    X = rng.normal(size=(n, net.layer_sizes[0]))
    k = net.layer_sizes[-1]
    y = rng.integers(0, k, n) if net.activations[-1] == "softmax" else rng.integers(0, 2, (n, k))
    batch_size = data.draw(st.one_of(st.none(), st.integers(1, n + 5)))
    name = data.draw(st.sampled_from(("sgd", "momentum", "rmsprop", "adam")))
    trainer = Trainer(
        net,
        make_optimizer(name, 0.01, l2=data.draw(st.sampled_from((0.0, 0.01)))),
        batch_size,
        epochs=2,
    )
    events = list(trainer.steps(X, y, X, y))
    sizes = [e.batch for e in events if isinstance(e, BatchResult)]
    results = [e for e in events if isinstance(e, EpochResult)]
    per_epoch = 1 if batch_size is None else -(-n // min(batch_size, n))
    assert [r.epoch for r in results] == [1, 2]
    assert len(sizes) == 2 * per_epoch and results[-1].steps == 2 * per_epoch
    assert all(np.isfinite(r.train_loss) and r.train_loss >= 0 for r in results)
    assert results[-1].train_loss == results[-1].test_loss
