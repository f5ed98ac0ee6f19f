"""The lesson as steps: what each step shows, sets up and asks, as data; its numbers, computed.

*Intro to Neural Networks* walks from one digit to a trained network: the data, one
perceptron (``z = xᵀw + b``, then the sigmoid), other activation functions, the whole training
set, a hidden layer of four, odd/even with ``prediction > 0.5``, the loss, back-propagation
(``w := w − α·dw``), batches and epochs, optimizers. ``LESSON_STEPS`` keeps that order. Each
``LessonStep`` names the design the window should adopt (fresh weights, initialised as the
lesson does), the view to look at (by objectName, most wanted first), the node to select, the
test digit to load, the lesson question it poses (an index into ``LESSON_QUESTIONS``) and what
the class should do. ``step_readings`` works the step's numbers out with the engine for the
network and digit on screen, so nothing shown is typed in by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from engine.activations import ACTIVATIONS
from engine.datasets import DigitsTask
from engine.design import Design, effective_batch_size
from engine.lesson import LESSON_QUESTIONS
from engine.network import Network
from engine.optimizers import OPTIMIZERS
from engine.presets import preset_named

#: The lesson's two networks, as the presets define them (one place per fact).
PERCEPTRON: Design = preset_named("Lesson: perceptron, is it odd?").design
HIDDEN_FOUR: Design = preset_named("Lesson: one hidden layer of 4 sigmoid nodes").design
#: The weight the update step follows: w₁₇, pixel 17's weight (row 2, column 1 of the image).
WATCHED_PIXEL = 17


@dataclass(frozen=True)
class LessonStep:
    """One step of the lesson. ``readings`` names the numbers ``step_readings`` works out."""

    title: str
    text: str
    design: Design
    readings: str
    todo: str
    views: tuple[str, ...] = ("networkDiagram",)
    node: tuple[int, int] | None = None  # (weight layer, node) for the node inspector
    question: int | None = None  # index into LESSON_QUESTIONS
    digit: int = 0  # index into the task's test images
    speed: str | None = None  # "slow" | "class" | "full" for MainWindow.set_speed

    @property
    def question_text(self) -> str:
        return "" if self.question is None else LESSON_QUESTIONS[self.question].text


@dataclass(frozen=True)
class Reading:
    """One number a step shows: ``key`` for code, ``label`` and ``text`` for the class."""

    key: str
    label: str
    value: Any
    text: str


LESSON_STEPS: tuple[LessonStep, ...] = (
    LessonStep(
        "The data",
        "Each digit is an 8 x 8 image; every pixel is a brightness from 0 to 16. "
        "We flatten it into one column of 64 numbers: that column is x.",
        PERCEPTRON,
        "data",
        "Tick Numbers under the digit: every pixel's value, 0 to 16.",
    ),
    LessonStep(
        "One perceptron: its weights",
        "A perceptron has one weight per pixel and one bias. We start the weights small and "
        "random, from U(−0.1, 0.1), and the bias at 0.",
        PERCEPTRON,
        "weights",
        "Look at the 64 lines into the one node: each is a weight.",
        question=0,
    ),
    LessonStep(
        "The collector: z = xᵀw + b",
        "Each pixel is multiplied by its weight and the products are summed with the bias: "
        "a dot product, one number z.",
        PERCEPTRON,
        "collector",
        "Draw on the digit and watch z change.",
        node=(0, 0),
        question=1,
    ),
    LessonStep(
        "The activation: sigmoid",
        "The activation turns z into the node's output a. The sigmoid squashes any z into "
        "(0, 1), so a reads as a probability.",
        PERCEPTRON,
        "sigmoid",
        "Find z on the curve and read a.",
        views=("activationFunctionPlot", "networkDiagram"),
        node=(0, 0),
        question=2,
    ),
    LessonStep(
        "Activation functions",
        "tanh is a shifted sigmoid with outputs in (−1, 1); ReLU gives 0 below zero and z "
        "above. Where a curve is flat its slope is near 0: the gradient vanishes.",
        PERCEPTRON,
        "activations",
        "Compare the slopes: which one keeps learning at z = 5?",
        views=("activationFunctionPlot", "networkDiagram"),
        node=(0, 0),
    ),
    LessonStep(
        "The whole training set",
        "Now we feed all the training images at once: X has one row per image, 64 columns.",
        PERCEPTRON,
        "dataset",
        "Count the rows of X: one per training image.",
        question=3,
    ),
    LessonStep(
        "One z per image",
        "X·w gives every image its own z in one product; the sigmoid turns each into a.",
        PERCEPTRON,
        "dataset_output",
        "Say the shape before revealing it.",
        question=4,
    ),
    LessonStep(
        "A hidden layer of four",
        "Each pixel goes to each of four hidden nodes, and each node has its own weights and "
        "bias. The lesson draws these weights from N(0, 0.1²).",
        HIDDEN_FOUR,
        "hidden",
        "Draw on the digit and watch the four hidden nodes respond.",
        node=(0, 0),
        question=5,
    ),
    LessonStep(
        "Odd or even: prediction > 0.5",
        "The four hidden outputs feed one sigmoid node. Its output is the probability that the "
        "digit is odd; above 0.5 we say odd.",
        HIDDEN_FOUR,
        "output",
        "Load another digit: is the untrained guess any good?",
        node=(1, 0),
        question=6,
    ),
    LessonStep(
        "The loss",
        "Cross-entropy, −[y log p + (1 − y) log(1 − p)], is small when p is near the truth y. "
        "The batch loss is its mean; for numbers we would use MSE or MAE.",
        HIDDEN_FOUR,
        "loss",
        "Press Space to train, and watch the loss fall.",
        views=("lossReadout", "exampleLossView", "lossPanel"),
    ),
    LessonStep(
        "Back-propagation: w := w − α·dw",
        "Back-propagation finds dw, the slope of the loss for every weight; each update moves "
        "the weight a step α against it.",
        PERCEPTRON,
        "update",
        f"Press N three times and watch w{WATCHED_PIXEL} move.",
        views=("updateView", "gradientPlot", "networkDiagram"),
        speed="slow",
    ),
    LessonStep(
        "Batches and epochs",
        "Batch descent updates once per epoch, stochastic after every image, mini-batch after "
        "every 32. An epoch is one pass over all training images.",
        PERCEPTRON,
        "batches",
        "Press Space and read the log, one line per epoch.",
        views=("epochLog", "runTable", "lossPanel"),
        speed="class",
    ),
    LessonStep(
        "Optimizers: SGD and Adam",
        "SGD moves every weight with the same α. Adam keeps a learning rate for each weight "
        "and adapts it as training goes.",
        replace(HIDDEN_FOUR, optimizer="sgd", learning_rate=0.5),
        "optimizers",
        "Train with SGD (Space); then choose Adam in the designer (Ctrl+D) and compare.",
        views=("runTable", "lossPanel"),
        speed="full",
    ),
)


def fmt(value: float) -> str:
    """A number as the panel shows it: four significant decimals, a real minus sign."""
    return f"{value:.4g}".replace("-", "−")


def shape_text(shape: tuple[int, ...]) -> str:
    return " x ".join(str(n) for n in shape)


def step_readings(
    step: LessonStep,
    net: Network,
    pixels: np.ndarray,
    x: np.ndarray,
    y: int | None,
    task: DigitsTask,
    design: Design,
) -> tuple[Reading, ...]:
    """The step's numbers for ``net`` and the digit on screen.

    ``pixels`` are its raw 0–16 values (8 x 8), ``x`` the scaled 64 inputs the network gets,
    ``y`` its label for the task (0/1 for odd/even; None for a drawing, whose truth nobody
    knows), ``task`` the data, ``design`` the one shown.
    """
    return _READERS[step.readings](net, np.asarray(pixels), np.asarray(x), y, task, design)


def _r(key: str, label: str, value: Any, text: str | None = None) -> Reading:
    if text is None:
        text = shape_text(value) if isinstance(value, tuple) else fmt(float(value))
    return Reading(key, label, value, text)


def _values(values: np.ndarray) -> str:
    return "  ".join(fmt(float(v)) for v in np.ravel(values))


def _data(net: Network, pixels: np.ndarray, *_: Any) -> tuple[Reading, ...]:
    image = pixels.reshape(8, 8)
    row = int(np.argmax(image.sum(axis=1)))
    return (
        _r("image", "image", image.shape),
        _r("x", "x, flattened", (image.size, 1)),
        _r("darkest", "darkest pixel", float(image.max())),
        _r("row", f"row {row + 1}", image[row].copy(), _values(image[row])),
    )


def _weights(net: Network, *_: Any) -> tuple[Reading, ...]:
    W, b = net.weights[0], net.biases[0]
    return (
        _r("w", "w", W.shape),
        _r("w_first", "w₁ … w₅", W[:5, 0].copy(), _values(W[:5, 0])),
        _r(
            "w_range",
            "smallest, largest",
            (float(W.min()), float(W.max())),
            f"{fmt(float(W.min()))}, {fmt(float(W.max()))}",
        ),
        _r("b", "b", float(b[0])),
    )


def _z(net: Network, x: np.ndarray) -> float:
    return float(net.forward(x).z[0][0, 0])


def _collector(net: Network, pixels: np.ndarray, x: np.ndarray, *_: Any) -> tuple[Reading, ...]:
    return (
        _r("xT", "xᵀ", (1, x.size)),
        _r("w", "w", net.weights[0].shape),
        _r("z", "z = xᵀw + b", _z(net, x)),
    )


def _sigmoid(net: Network, pixels: np.ndarray, x: np.ndarray, *_: Any) -> tuple[Reading, ...]:
    fp = net.forward(x)
    return (
        _r("z", "z", float(fp.z[0][0, 0])),
        _r("a", "a = σ(z)", float(fp.a[1][0, 0])),
    )


def _activations(net: Network, pixels: np.ndarray, x: np.ndarray, *_: Any) -> tuple[Reading, ...]:
    z = _z(net, x)
    readings = [_r("z", "z", z)]
    for name, symbol in (("sigmoid", "σ"), ("tanh", "tanh"), ("relu", "ReLU")):
        act = ACTIVATIONS[name]
        a = float(act.f(np.array([z]))[0])
        slope = float(act.derivative(np.array([z]))[0])
        readings.append(_r(name, f"{symbol}(z), slope", (a, slope), f"{fmt(a)}, {fmt(slope)}"))
    far = float(ACTIVATIONS["sigmoid"].derivative(np.array([5.0]))[0])
    readings.append(_r("sigmoid_slope_5", "σ slope at z = 5", far))
    return tuple(readings)


def _dataset(
    net: Network, pixels: Any, x: Any, y: int | None, task: DigitsTask, *_: Any
) -> tuple[Reading, ...]:
    return (
        _r("X", "X_train", task.X_train.shape),
        _r("w", "w", net.weights[0].shape),
    )


def _dataset_output(
    net: Network, pixels: Any, x: Any, y: int | None, task: DigitsTask, *_: Any
) -> tuple[Reading, ...]:
    fp = net.forward(task.X_train)
    return (
        _r("X", "X_train", task.X_train.shape),
        _r("z", "z = X·w + b", fp.z[0].shape),
        _r("a_first", "a, first three", fp.a[1][:3, 0].copy(), _values(fp.a[1][:3, 0])),
    )


def _hidden(net: Network, pixels: np.ndarray, x: np.ndarray, *_: Any) -> tuple[Reading, ...]:
    fp = net.forward(x)
    return (
        _r("W1", "W1", net.weights[0].shape),
        _r("b1", "b1", net.biases[0].shape),
        _r("z1", "z1", fp.z[0][0].copy(), _values(fp.z[0][0])),
        _r("a1", "a1 = σ(z1)", fp.a[1][0].copy(), _values(fp.a[1][0])),
    )


def _output(
    net: Network, pixels: Any, x: np.ndarray, y: int | None, task: DigitsTask, *_: Any
) -> tuple[Reading, ...]:
    p = float(net.forward(x).a[-1][0, 0])
    guess = task.class_names[int(p > 0.5)]
    truth = "unknown (a drawing)" if y is None else task.class_names[y]
    return (
        _r("W2", "W2", net.weights[-1].shape),
        _r("p", "p = σ(a1·W2 + b2)", p),
        _r("guess", "p > 0.5 says", guess, guess),
        _r("truth", "the truth", truth, truth),
    )


def _loss(
    net: Network, pixels: Any, x: np.ndarray, y: int | None, task: DigitsTask, *_: Any
) -> tuple[Reading, ...]:
    p = float(net.forward(x).a[-1][0, 0])
    batch = _r("batch_loss", "mean over X_train", net.loss(task.X_train, task.y_train))
    if y is None:  # a drawing: no truth, so no loss of its own
        return (_r("p", "p, truth y", p, f"{fmt(p)}, unknown"), batch)
    return (
        _r("p", "p, truth y", (p, y), f"{fmt(p)}, {y}"),
        _r("loss", "cross-entropy, this digit", net.loss(x, np.array([y]))),
        batch,
        _r("mse", "MSE, this digit", (p - y) ** 2),
        _r("mae", "MAE, this digit", abs(p - y)),
    )


def _update(
    net: Network, pixels: Any, x: np.ndarray, y: int | None, task: DigitsTask, design: Design
) -> tuple[Reading, ...]:
    """w, dw and one step for the watched weight; dw over the whole training set (a
    mini-batch's dw is a noisy estimate of it)."""
    _, dW, _ = net.gradients(task.X_train, task.y_train)
    i = WATCHED_PIXEL
    w, dw, alpha = float(net.weights[0][i, 0]), float(dW[0][i, 0]), design.learning_rate
    return (
        _r("w", f"w{i}", w),
        _r("dw", f"dw{i} (all of X_train)", dw),
        _r("alpha", "α", alpha),
        _r("w_next", f"w{i} − α·dw{i}", w - alpha * dw),
    )


def _batches(
    net: Network, pixels: Any, x: Any, y: int | None, task: DigitsTask, design: Design
) -> tuple[Reading, ...]:
    n = len(task.y_train)
    size = effective_batch_size(design) or n
    return (
        _r("batch", "batch: updates per epoch", 1.0, "1"),
        _r("stochastic", "stochastic", float(n), str(n)),
        _r(
            "mini_batch",
            f"mini-batch of {size}",
            float(math.ceil(n / size)),
            str(math.ceil(n / size)),
        ),
        _r("epochs", "epochs planned", float(design.epochs), str(design.epochs)),
    )


def _optimizers(
    net: Network, pixels: Any, x: Any, y: int | None, task: Any, design: Design
) -> tuple[Reading, ...]:
    return (
        _r("optimizer", "optimizer", design.optimizer, OPTIMIZERS[design.optimizer].label),
        _r("alpha", "α", design.learning_rate),
        _r("adam_alpha", "Adam's usual α", OPTIMIZERS["adam"].usual_learning_rate),
    )


_READERS = {
    "data": _data,
    "weights": _weights,
    "collector": _collector,
    "sigmoid": _sigmoid,
    "activations": _activations,
    "dataset": _dataset,
    "dataset_output": _dataset_output,
    "hidden": _hidden,
    "output": _output,
    "loss": _loss,
    "update": _update,
    "batches": _batches,
    "optimizers": _optimizers,
}
