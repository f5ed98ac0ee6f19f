"""Save and load a trained network as a versioned ``.npz`` file: plain arrays plus JSON.

File layout (a zip of ``.npy`` members, written by ``numpy.savez``):

    W1, W2, ...    float weight matrices, W_l of shape (n_{l-1}, n_l): the lesson's and the
                   screen's numbering (W1 takes the 64 pixels to the first layer)
    b1, b2, ...    float bias vectors, b_l of shape (n_l,)
    meta           a 0-d unicode array holding one JSON object:
                   {"format": "neuron-lab-model", "version": 2, "layer_sizes": [...],
                    "activations": [...], "loss": "...", "dtype": "float64",
                    "metadata": {...anything given to save_model: task, scaling, ...}}

Version 1 files numbered the arrays from 0 (W0, b0 = the first layer); they are still read.

``save_trained`` fills ``metadata`` with the design, the epochs trained and the history
(engine/trained_model.py says what they must be). Any file that does carry them, whichever
function opens it, must pass those checks: its design must describe its weights exactly.

Saving is atomic and cleans up after crashed saves (engine/atomic_save.py). Loading
(engine/model_file.py) checks everything before it allocates or believes anything and never
unpickles. Every problem is one ``ModelFormatError``: a single sentence naming the file,
``Cannot open /path/net.npz: <what is wrong>.``
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.design import Design
from engine.model_file import ModelFormatError, read_model_file, refusal, write_model_file
from engine.network import Network
from engine.safe_files import FileRefusedError
from engine.trained_model import (
    check_metadata,
    check_trained,
    disagreement,
    history_rows,
    is_trained,
)


def save_model(net: Network, path: str | os.PathLike[str], **metadata: Any) -> Path:
    """Write ``net`` to ``path`` (an ``.npz``); ``metadata`` must be JSON-serialisable.

    The file is written to a temporary name and then renamed, so a crash never leaves half a
    model behind. ValueError if the metadata is not plain JSON or the weights are not finite
    and within ±1e6 (such a file could not be opened again); OSError naming ``path`` if it
    cannot be written. Returns the path written.
    """
    return write_model_file(net, Path(path), metadata)


def save_trained(
    path: str | os.PathLike[str],
    net: Network,
    design: Design,
    *,
    epochs_trained: int,
    history: Iterable[Any] | None = None,
    **metadata: Any,
) -> Path:
    """Save ``net`` with the design it was trained with (what File > Save writes).

    ``history``: rows with ``epoch, train_loss, test_loss, train_accuracy, test_accuracy``
    (attributes, like the GUI's EpochRow, or sequences of 5; a non-finite number is saved as
    missing). ``metadata``: more plain values (e.g. ``test_accuracy=0.95``). ValueError,
    before anything is written, if ``design`` does not describe ``net`` or the metadata would
    not pass ``load_trained``'s checks.
    """
    problem = disagreement(design, net)
    if problem:
        raise ValueError(f"Cannot save {os.fspath(path)}: {problem}.")
    meta: dict[str, Any] = {**metadata, "epochs_trained": epochs_trained}
    if history is not None:
        meta["history"] = history_rows(history)
    try:
        check_metadata(meta)
    except FileRefusedError as exc:
        raise ValueError(f"Cannot save {os.fspath(path)}: {exc.reason}.") from None
    return save_model(net, path, design=design.to_dict(), **meta)


def _missing(path: str | os.PathLike[str]) -> FileNotFoundError:
    return FileNotFoundError(f"There is no model file at {os.fspath(path)}.")


def load_model(path: str | os.PathLike[str]) -> Network:
    """Load a network saved by ``save_model``; ``net.metadata`` holds what was saved with it.

    Raises ``ModelFormatError`` (a ValueError) with one sentence naming the file for anything
    that is not a valid model file, and FileNotFoundError if there is no file at all.
    """
    try:
        net, _meta, stored = read_model_file(path)
        if is_trained(net.metadata):
            check_trained(net, stored)
    except FileNotFoundError:
        raise _missing(path) from None
    except Exception as exc:  # every failure of a hostile or damaged file is one refusal
        raise refusal(path, exc) from None
    return net


def load_trained(path: str | os.PathLike[str]) -> tuple[Network, Design, dict[str, Any]]:
    """``(network, design, metadata)`` from a file written by ``save_trained``.

    ``metadata`` holds ``epochs_trained`` (int), ``history`` (a tuple of 5-tuples, if saved;
    None where a number was missing) and the other plain values saved, all checked; the
    network's ``metadata`` is the same plus ``"design"``. ``ModelFormatError`` with one
    sentence naming the file for anything wrong, FileNotFoundError if there is no file.
    """
    try:
        net, _meta, stored = read_model_file(path)
        design, metadata = check_trained(net, stored)
    except FileNotFoundError:
        raise _missing(path) from None
    except Exception as exc:
        raise refusal(path, exc) from None
    net.metadata = {"design": design.to_dict(), **metadata}
    return net, design, metadata


__all__ = ["ModelFormatError", "load_model", "load_trained", "save_model", "save_trained"]
