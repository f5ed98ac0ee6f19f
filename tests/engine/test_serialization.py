"""Save/load: round trips, metadata, and every kind of bad file is a ModelFormatError."""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from engine.network import Network
from engine.serialization import ModelFormatError, load_model, save_model


def trained_like_net(dtype: str = "float64") -> Network:
    net = Network(
        (64, 8, 5, 10), ("tanh", "relu", "softmax"), "categorical_crossentropy", seed=3, dtype=dtype
    )
    rng = np.random.default_rng(1)
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    return net


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_round_trip_gives_identical_predictions(tmp_path: Path, dtype: str) -> None:
    net = trained_like_net(dtype)
    path = save_model(net, tmp_path / "model.npz", task="digits", scaling="divide16", epoch=12)
    loaded = load_model(path)
    assert loaded.layer_sizes == net.layer_sizes
    assert loaded.activations == net.activations and loaded.loss_name == net.loss_name
    assert loaded.dtype == net.dtype
    for a, b in zip(loaded.weights + loaded.biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    X = np.random.default_rng(2).uniform(size=(20, 64))
    np.testing.assert_array_equal(loaded.predict_proba(X), net.predict_proba(X))
    assert loaded.metadata == {"task": "digits", "scaling": "divide16", "epoch": 12}


def test_file_is_plain_arrays_and_json(tmp_path: Path) -> None:
    path = save_model(trained_like_net(), tmp_path / "m.npz", design={"hidden": [1, 2]})
    with np.load(path, allow_pickle=False) as data:
        # W1 is the first layer, as on screen and in the lesson
        assert sorted(data.files) == ["W1", "W2", "W3", "b1", "b2", "b3", "meta"]
        assert data["W1"].shape == (64, 8) and data["b3"].shape == (10,)
        meta = json.loads(str(data["meta"]))
    assert meta["format"] == "neuron-lab-model" and meta["version"] == 2
    assert meta["layer_sizes"] == [64, 8, 5, 10] and meta["metadata"]["design"] == {
        "hidden": [1, 2]
    }
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_unserialisable_metadata_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain JSON"):
        save_model(trained_like_net(), tmp_path / "m.npz", thing=object())
    assert list(tmp_path.iterdir()) == []


def write_npz(path: Path, arrays: dict, meta: dict | None = None) -> Path:
    base = {
        "format": "neuron-lab-model",
        "version": 1,
        "layer_sizes": [2, 3, 1],
        "activations": ["relu", "sigmoid"],
        "loss": "binary_crossentropy",
        "dtype": "float64",
        "metadata": {},
    }
    if meta is not None:
        base.update(meta)
    np.savez(path, meta=np.array(json.dumps(base)), **arrays)
    return path


# A version 1 file: its arrays are numbered from W0 (what the program wrote before version 2).
GOOD = {"W0": np.zeros((2, 3)), "b0": np.zeros(3), "W1": np.zeros((3, 1)), "b1": np.zeros(1)}


def test_a_file_saved_the_old_way_with_w0_still_opens(tmp_path: Path) -> None:
    """Version 1 files (W0, b0 = the first layer) open with every weight where it was."""
    net = trained_like_net()
    new = save_model(net, tmp_path / "new.npz", epoch=3)
    with np.load(new, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        arrays = {f"{k[0]}{int(k[1:]) - 1}": data[k] for k in data.files if k != "meta"}
    meta["version"] = 1
    old = tmp_path / "old.npz"
    np.savez(old, meta=np.array(json.dumps(meta)), **arrays)  # the old writer's layout
    assert sorted(arrays) == ["W0", "W1", "W2", "b0", "b1", "b2"]
    loaded = load_model(old)
    for a, b in zip(loaded.weights + loaded.biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    assert loaded.metadata == {"epoch": 3}


def test_version_2_numbering_is_required_in_a_version_2_file(tmp_path: Path) -> None:
    path = write_npz(tmp_path / "mixed.npz", GOOD, {"version": 2})
    with pytest.raises(ModelFormatError, match="missing W2, b2; unexpected 'W0', 'b0'"):
        load_model(path)


@pytest.mark.parametrize(
    ("arrays", "meta", "message"),
    [
        ({**GOOD, "W1": np.zeros((4, 1))}, None, r"W1 has shape \(4, 1\)"),
        ({**GOOD, "b0": np.array([1.0, np.nan, 0])}, None, "inf or nan"),
        ({**GOOD, "W0": np.zeros((2, 3), dtype=np.int64)}, None, "floating-point"),
        ({k: v for k, v in GOOD.items() if k != "b1"}, None, "missing b1"),
        ({**GOOD, "extra": np.zeros(1)}, None, "unexpected 'extra'"),
        (GOOD, {"activations": ["relu", "swish"]}, "(?i)unknown activation 'swish'"),
        (GOOD, {"loss": "hinge"}, "(?i)unknown loss"),
        (GOOD, {"version": 99}, "version 99"),
        (GOOD, {"format": "other"}, "not a neuron-lab-model"),
        (GOOD, {"layer_sizes": [2, 3]}, "one activation per weight layer"),
        (GOOD, {"layer_sizes": [2, -3, 1]}, "layer_sizes"),
        (GOOD, {"dtype": "int8"}, "float64 or float32"),
    ],
)
def test_invalid_contents(tmp_path: Path, arrays, meta, message) -> None:
    path = write_npz(tmp_path / "bad.npz", arrays, meta)
    with pytest.raises(ModelFormatError, match=message):
        load_model(path)


def test_pickled_object_arrays_are_refused_without_unpickling(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    np.savez(path, meta=np.array([{"x": 1}], dtype=object), **GOOD)
    with pytest.raises(ModelFormatError, match="Python objects"):
        load_model(path)


def test_not_a_zip_and_bad_json(tmp_path: Path) -> None:
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(ModelFormatError, match="not a valid zip archive"):
        load_model(text)
    bad_json = tmp_path / "j.npz"
    np.savez(bad_json, meta=np.array("{not json"), **GOOD)
    with pytest.raises(ModelFormatError, match="not valid JSON"):
        load_model(bad_json)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.npz")


def test_huge_claimed_shape_is_refused_before_reading(tmp_path: Path) -> None:
    # A member whose header claims 10^12 values (8 TB) and holds no data at all.
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**9, 10**3)}
    )
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.npy", header.getvalue())
    with pytest.raises(ModelFormatError, match="claims 1000000000000 values"):
        load_model(path)


def test_truncated_file(tmp_path: Path) -> None:
    path = save_model(trained_like_net(), tmp_path / "m.npz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFormatError):
        load_model(path)


def test_a_directory_is_not_a_model(tmp_path: Path) -> None:
    folder = tmp_path / "model.npz"
    folder.mkdir()
    with pytest.raises(ModelFormatError, match="is a folder"):
        load_model(folder)


# --- save_trained / load_trained --------------------------------------------------------


def small_design(**changes):
    from engine import Design, HiddenLayer

    return Design(hidden=(HiddenLayer(6, "tanh"), HiddenLayer(5, "relu")), **changes)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_trained_round_trip(tmp_path: Path, dtype: str) -> None:
    from engine import build_network, load_trained, save_trained

    design = small_design(task="odd_even", loss="mse")
    net = build_network(design, dtype=dtype)
    history = [(1, 0.7, 0.8, 0.5, 0.5), (2, 0.5, float("nan"), 0.6, 0.55)]
    path = save_trained(
        tmp_path / "t.npz", net, design, epochs_trained=2, history=history, test_accuracy=0.55
    )
    loaded, loaded_design, metadata = load_trained(path)
    assert loaded_design == design and loaded.dtype == net.dtype
    assert metadata == {
        "epochs_trained": 2,
        "history": ((1, 0.7, 0.8, 0.5, 0.5), (2, 0.5, None, 0.6, 0.55)),
        "test_accuracy": 0.55,
    }
    assert loaded.metadata["design"] == design.to_dict()
    X = np.random.default_rng(0).uniform(size=(5, 64))
    np.testing.assert_array_equal(loaded.predict_proba(X), net.predict_proba(X))


def test_history_rows_may_be_objects_with_the_epoch_fields(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from engine import build_network, load_trained, save_trained

    design = small_design()
    row = SimpleNamespace(
        epoch=1, train_loss=2.0, test_loss=2.1, train_accuracy=0.1, test_accuracy=0.2
    )
    path = save_trained(
        tmp_path / "t.npz", build_network(design), design, epochs_trained=1, history=[row]
    )
    assert load_trained(path)[2]["history"] == ((1, 2.0, 2.1, 0.1, 0.2),)


def test_a_plain_model_is_not_a_trained_one(tmp_path: Path) -> None:
    from engine import load_trained

    path = save_model(trained_like_net(), tmp_path / "m.npz", task="digits")
    assert load_model(path).metadata == {"task": "digits"}
    with pytest.raises(ModelFormatError, match="does not say which design"):
        load_trained(path)


def test_load_model_checks_a_trained_files_design_too(tmp_path: Path) -> None:
    from engine import build_network

    design = small_design()
    other = small_design(loss="mse")
    path = save_model(build_network(design), tmp_path / "m.npz", design=other.to_dict(),
                      epochs_trained=1)  # fmt: skip
    with pytest.raises(ModelFormatError, match="trains with mse but its weights use"):
        load_model(path)


def test_every_refusal_is_one_sentence_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    write_npz(path, GOOD, {"loss": "<b>hinge</b>"})
    with pytest.raises(ModelFormatError) as caught:
        load_model(path)
    message = str(caught.value)
    assert message.startswith(f"Cannot open {path}: its layers are not allowed: Unknown loss ")
    assert "'<b>hinge</b>'" in message and message.endswith(".") and message.count(". ") == 0
    assert caught.value.path == str(path) and caught.value.reason.startswith("its layers")
    with pytest.raises(FileNotFoundError, match="There is no model file at"):
        load_model(tmp_path / "missing.npz")
