"""The design on screen as the Python a student would write: scikit-learn, Keras, plain NumPy.

``code_for(library, design, ...)`` returns ready-to-copy text (no Qt, no file access):

    sklearn  load_digits, the lesson's train_test_split, MLPClassifier(hidden_layer_sizes,
             activation, solver, learning_rate_init, batch_size, max_iter = epochs), fit, score
    keras    Sequential([Input(64), Dense(n, activation), ...]), compile(optimizer, loss),
             fit(X_train, y_train, batch_size, epochs, verbose=1)
    numpy    the forward pass of *this* network in the lesson's style, z = a·W + b then
             a = f(z) layer by layer, reading the weights ``save_weights`` wrote (.npz), so a
             notebook gets exactly the app's probabilities for a digit.

Where a library cannot say what the design says (scikit-learn has one activation for every
hidden layer, no RMSprop and only the log-loss), the code says so in a comment and uses the
nearest thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import numpy as np

from engine.atomic_save import write_atomically
from engine.datasets import DigitsTask
from engine.design import Design, effective_batch_size, layer_sizes, output_layer
from engine.network import Network

LIBRARIES: tuple[str, ...] = ("sklearn", "keras", "numpy")
LIBRARY_LABELS: dict[str, str] = {
    "sklearn": "scikit-learn",
    "keras": "Keras",
    "numpy": "NumPy",
}
#: The file name the NumPy code loads (the dialog's "Save weights…" offers it).
WEIGHTS_FILE = "neuron_lab_weights.npz"

_SKLEARN_ACTIVATIONS = {
    "sigmoid": "logistic",
    "tanh": "tanh",
    "relu": "relu",
    "linear": "identity",
    "leaky_relu": "relu",
}
_SKLEARN_SOLVERS = {"sgd": "sgd", "momentum": "sgd", "adam": "adam", "rmsprop": "adam"}
_KERAS_INITIALIZERS = {
    "uniform": "keras.initializers.RandomUniform(-0.1, 0.1)",
    "normal": "keras.initializers.RandomNormal(0.0, 0.1)",
    "glorot_uniform": '"glorot_uniform"',
    "he_normal": '"he_normal"',
}
#: f(z) in the lesson's NumPy style, by activation name (softmax subtracts the row maximum
#: and the sigmoid is 0.5 + 0.5·tanh(z/2), as engine/activations.py computes them).
_NUMPY_ACTIVATIONS = {
    "sigmoid": "def sigmoid(z):\n    return 0.5 + 0.5 * np.tanh(0.5 * z)",
    "tanh": "def tanh(z):\n    return np.tanh(z)",
    "relu": "def relu(z):\n    return np.maximum(z, 0.0)",
    "leaky_relu": "def leaky_relu(z):\n    return np.where(z > 0, z, 0.01 * z)",
    "linear": "def linear(z):\n    return z",
    "softmax": (
        "def softmax(z):\n"
        "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
        "    return e / e.sum(axis=-1, keepdims=True)"
    ),
}


def code_for(
    library: str, design: Design, weights_file: str = WEIGHTS_FILE, n_train: int | None = None
) -> str:
    """Ready-to-copy code for ``library`` ("sklearn" | "keras" | "numpy")."""
    if library == "sklearn":
        return sklearn_code(design, n_train)
    if library == "keras":
        return keras_code(design)
    if library == "numpy":
        return numpy_code(design, weights_file)
    raise ValueError(f"Unknown library {library!r}; known: {', '.join(LIBRARIES)}.")


def _data_lines(design: Design) -> list[str]:
    """load_digits, the task's labels, the lesson's split, the design's scaling."""
    lines = [
        "digits = load_digits()",
        "X, y = digits.data, digits.target",
    ]
    if design.task == "odd_even":
        lines.append("y = y % 2  # 1 = odd, 0 = even")
    elif design.task == "is_k":
        lines.append(f"y = (y == {design.k}).astype(int)  # 1 = it is a {design.k}")
    lines.append(
        "X_train, X_test, y_train, y_test = train_test_split("
        f"X, y, random_state=42, test_size={design.test_size!r})"
    )
    if design.scaling == "divide16":
        lines.append("X_train, X_test = X_train / 16, X_test / 16  # pixels 0-16 -> 0-1")
    elif design.scaling == "standardize":
        lines += [
            "mean, std = X_train.mean(axis=0), X_train.std(axis=0)",
            "std[std == 0] = 1.0  # pixels that are always blank",
            "X_train, X_test = (X_train - mean) / std, (X_test - mean) / std",
        ]
    return lines


def _batch_size_expr(design: Design) -> str:
    size = effective_batch_size(design)
    return "len(X_train)" if size is None else str(size)


def sklearn_code(design: Design, n_train: int | None = None) -> str:
    """scikit-learn: ``MLPClassifier`` with the design's layers and training settings."""
    hidden = tuple(layer.nodes for layer in design.hidden)
    activations = {layer.activation for layer in design.hidden}
    first = design.hidden[0].activation if design.hidden else "relu"
    notes: list[str] = []
    if len(activations) > 1:
        notes.append(f"# scikit-learn uses one activation for every hidden layer: {first}.")
    if first == "leaky_relu":
        notes.append("# scikit-learn has no leaky ReLU: ReLU is the nearest.")
    if design.optimizer == "rmsprop":
        notes.append("# scikit-learn has no RMSprop: Adam is the nearest.")
    if design.loss in ("mse", "mae"):
        notes.append(f"# MLPClassifier always minimises the log-loss, not {design.loss}.")
    if design.init != "glorot_uniform":
        notes.append("# scikit-learn starts every network from Glorot-uniform weights.")
    options = [
        f"hidden_layer_sizes={hidden!r},",
        f'activation="{_SKLEARN_ACTIVATIONS[first]}",',
        f'solver="{_SKLEARN_SOLVERS[design.optimizer]}",',
        f"learning_rate_init={design.learning_rate!r},",
        f"batch_size={_batch_size_expr(design)},",
        f"max_iter={design.epochs},  # epochs",
    ]
    if design.optimizer == "sgd":
        options.append("momentum=0.0,")
    elif design.optimizer == "momentum":
        options += [f"momentum={design.momentum!r},", f"nesterovs_momentum={design.nesterov!r},"]
    elif design.optimizer == "adam":
        options += [f"beta_1={design.beta1!r},", f"beta_2={design.beta2!r},"]
    # scikit-learn adds alpha/2·|W|² per batch and divides by the batch size; our l2 is per
    # example, so alpha = l2 · batch size gives the same push towards zero.
    size = effective_batch_size(design) or n_train or 1437
    alpha = design.l2 * size
    options += [f"alpha={alpha!r},  # L2", f"random_state={design.seed},", "verbose=True,"]
    body = "\n".join(f"    {line}" for line in options)
    return "\n".join(
        [
            "from sklearn.datasets import load_digits",
            "from sklearn.model_selection import train_test_split",
            "from sklearn.neural_network import MLPClassifier",
            "",
            *_data_lines(design),
            "",
            *notes,
            f"model = MLPClassifier(\n{body}\n)",
            "model.fit(X_train, y_train)",
            'print("test accuracy:", model.score(X_test, y_test))',
            "",
        ]
    )


def keras_code(design: Design) -> str:
    """Keras: ``Sequential`` of ``Dense`` layers, ``compile`` and ``fit(..., verbose=1)``."""
    n_out, out_activation = output_layer(design)
    init = _KERAS_INITIALIZERS[design.init]
    extra = f", kernel_initializer={init}" if design.init != "glorot_uniform" else ""
    if design.l2:
        extra += f", kernel_regularizer=keras.regularizers.l2({design.l2 / 2!r})"
    layers = ["    keras.Input(shape=(64,)),"]
    for layer in design.hidden:
        layers.append(f'    layers.Dense({layer.nodes}, activation="{layer.activation}"{extra}),')
    layers.append(f'    layers.Dense({n_out}, activation="{out_activation}"{extra}),')
    optimizer = {
        "sgd": f"keras.optimizers.SGD(learning_rate={design.learning_rate!r})",
        "momentum": (
            f"keras.optimizers.SGD(learning_rate={design.learning_rate!r}, "
            f"momentum={design.momentum!r}, nesterov={design.nesterov!r})"
        ),
        "rmsprop": (
            f"keras.optimizers.RMSprop(learning_rate={design.learning_rate!r}, rho={design.rho!r})"
        ),
        "adam": (
            f"keras.optimizers.Adam(learning_rate={design.learning_rate!r}, "
            f"beta_1={design.beta1!r}, beta_2={design.beta2!r})"
        ),
    }[design.optimizer]
    targets = []
    if n_out > 1:
        targets = [
            "# one column per class: the 1 sits in the digit's column",
            f"Y_train = keras.utils.to_categorical(y_train, {n_out})",
            f"Y_test = keras.utils.to_categorical(y_test, {n_out})",
        ]
    else:
        targets = ["Y_train, Y_test = y_train, y_test"]
    notes = []
    if any(layer.activation == "leaky_relu" for layer in design.hidden):
        notes.append("# our leaky ReLU has slope 0.01 below zero; Keras's default is 0.2")
    return "\n".join(
        [
            "from sklearn.datasets import load_digits",
            "from sklearn.model_selection import train_test_split",
            "from tensorflow import keras",
            "from tensorflow.keras import layers",
            "",
            *_data_lines(design),
            *targets,
            "",
            *notes,
            "model = keras.Sequential([",
            *layers,
            "])",
            "model.compile(",
            f"    optimizer={optimizer},",
            f'    loss="{design.loss}",',
            '    metrics=["accuracy"],',
            ")",
            "history = model.fit(",
            "    X_train, Y_train,",
            f"    batch_size={_batch_size_expr(design)},",
            f"    epochs={design.epochs},",
            "    validation_data=(X_test, Y_test),",
            "    verbose=1,",
            ")",
            "",
        ]
    )


def numpy_code(design: Design, weights_file: str = WEIGHTS_FILE) -> str:
    """The forward pass of the saved network, in the lesson's NumPy, about ten lines."""
    sizes = layer_sizes(design)
    activations = activation_names(design)
    functions = [_NUMPY_ACTIVATIONS[name] for name in dict.fromkeys(activations)]
    shapes = ", ".join(f"W{i + 1} {a}x{b}" for i, (a, b) in enumerate(itertools.pairwise(sizes)))
    return "\n".join(
        [
            "import numpy as np",
            "from sklearn.datasets import load_digits",
            "",
            *(f + "\n\n" for f in functions),
            f"f = [{', '.join(activations)}]  # each layer's activation",
            f'with np.load("{weights_file}") as weights:  # {shapes}',
            '    W = [weights[f"W{l}"] for l in range(1, len(f) + 1)]',
            '    b = [weights[f"b{l}"] for l in range(1, len(f) + 1)]',
            '    mean, std = weights["mean"], weights["std"]  # the app\'s scaling',
            "",
            "",
            "def forward(pixels):",
            '    """Pixels 0-16 (64 of them, or rows of 64) -> the output layer\'s a."""',
            "    a = (pixels - mean) / std",
            "    for W_l, b_l, f_l in zip(W, b, f):",
            "        z = a.dot(W_l) + b_l",
            "        a = f_l(z)",
            "    return a",
            "",
            "",
            "digits = load_digits()",
            "print(forward(digits.data[0]))",
            "",
        ]
    )


def weight_arrays(net: Network, task: DigitsTask) -> dict[str, np.ndarray]:
    """What ``numpy_code`` loads: W1.., b1.. and the scaling's mean and std."""
    arrays: dict[str, np.ndarray] = {}
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True), start=1):
        arrays[f"W{i}"] = np.array(W)
        arrays[f"b{i}"] = np.array(b)
    arrays["mean"] = np.array(task.mean, dtype=np.float64)
    arrays["std"] = np.array(task.std, dtype=np.float64)
    return arrays


def save_weights(path: str | Path, net: Network, task: DigitsTask) -> Path:
    """Write ``weight_arrays`` to ``path`` (.npz, written whole or not at all)."""
    arrays = weight_arrays(net, task)

    def write(f: IO[bytes]) -> None:
        np.savez(f, **arrays)  # type: ignore[arg-type]  # numpy's stub types allow_pickle

    return write_atomically(Path(path), write)


def activation_names(design: Design) -> Sequence[str]:
    """The activation of every weight layer, hidden layers first, the output last."""
    return [layer.activation for layer in design.hidden] + [output_layer(design)[1]]
