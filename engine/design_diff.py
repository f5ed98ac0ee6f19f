"""What differs between two designs, said in the fewest words a class can read off a plot.

``design_diff(current, other)`` lists, field by field, what one would change in ``current`` to
get ``other``, each part as ``was → now`` in the lesson's words: ``relu → sigmoid``,
``adam → sgd, α 0.1``, ``batch 32 → 1``. A finished run's ghost curve is labelled with it
(the current design on the left, the ghost's on the right). Epochs are left out: a curve's
length already shows them. ``design_label`` joins the parts, or says ``same design``.

Pure functions over two ``Design``s (standard library only).
"""

from __future__ import annotations

from engine.design import Design, activations, effective_batch_size, layer_sizes

ARROW = " → "
SAME = "same design"
#: Short words for the pixel scalings and tasks (the designer's labels are for a form).
SCALING_WORDS = {"divide16": "pixels ÷16", "standardize": "pixels standardized", "none": "0–16"}
TASK_WORDS = {"digits": "digits", "odd_even": "odd/even", "is_k": "is it a k"}
LOSS_WORDS = {
    "categorical_crossentropy": "cross-entropy",
    "binary_crossentropy": "cross-entropy",
    "mse": "MSE",
    "mae": "MAE",
}
#: Each optimizer's numeric options, with the word a label uses for them.
OPTION_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "momentum": (("momentum", "momentum "),),
    "rmsprop": (("rho", "ρ "),),
    "adam": (("beta1", "β1 "), ("beta2", "β2 ")),
}


def number(value: float) -> str:
    """A learning rate or a factor as a class would write it: 0.1, 0.001, 1e-05, 100."""
    return f"{value:g}"


def batch_words(design: Design) -> str:
    """The batch size a run used: ``32``, ``1`` (stochastic) or ``all`` (batch)."""
    size = effective_batch_size(design)
    return "all" if size is None else str(size)


def shape_words(design: Design) -> str:
    """The layer sizes, ``64-32-10``."""
    return "-".join(str(n) for n in layer_sizes(design))


def _change(was: str, now: str, prefix: str = "") -> str:
    return f"{prefix}{was}{ARROW}{now}"


def _hidden_parts(current: Design, other: Design) -> list[str]:
    """The shape if it changed; else the activations: one word if every hidden layer uses
    the same one in each design (``relu → sigmoid``), per layer otherwise."""
    if layer_sizes(current) != layer_sizes(other):
        parts = [_change(shape_words(current), shape_words(other))]
        acts_now = {layer.activation for layer in current.hidden}
        acts_other = {layer.activation for layer in other.hidden}
        if len(acts_now) == 1 and len(acts_other) == 1 and acts_now != acts_other:
            parts.append(_change(acts_now.pop(), acts_other.pop()))
        return parts
    hidden_now = activations(current)[:-1]
    hidden_other = activations(other)[:-1]
    if hidden_now == hidden_other:
        return []
    if len(set(hidden_now)) == 1 and len(set(hidden_other)) == 1:
        return [_change(hidden_now[0], hidden_other[0])]
    return [
        _change(a, b, f"layer {i} ")
        for i, (a, b) in enumerate(zip(hidden_now, hidden_other, strict=True), start=1)
        if a != b
    ]


def _optimizer_parts(current: Design, other: Design) -> list[str]:
    """The optimizer and its learning rate: a new optimizer brings its own α, so only the
    new α is named (``adam → sgd, α 0.1``); the same optimizer names both (``α 0.1 → 5``)."""
    parts = []
    if current.optimizer != other.optimizer:
        parts.append(_change(current.optimizer, other.optimizer))
        if current.learning_rate != other.learning_rate:
            parts.append(f"α {number(other.learning_rate)}")
    elif current.learning_rate != other.learning_rate:
        parts.append(_change(number(current.learning_rate), number(other.learning_rate), "α "))
    # Options only where both designs use them (an option of another optimizer means nothing).
    if current.optimizer == other.optimizer:
        for name, word in OPTION_WORDS.get(current.optimizer, ()):
            was, now = getattr(current, name), getattr(other, name)
            if was != now:
                parts.append(_change(number(was), number(now), word))
        if current.optimizer == "momentum" and current.nesterov != other.nesterov:
            parts.append("Nesterov" if other.nesterov else "no Nesterov")
    if current.l2 != other.l2:
        parts.append(_change(number(current.l2), number(other.l2), "L2 "))
    return parts


def design_diff(current: Design, other: Design) -> tuple[str, ...]:
    """What differs from ``current`` in ``other``, one ``was → now`` part per change, in the
    order the designer shows the fields: data, layers, loss, start, optimizer, batches."""
    parts: list[str] = []
    if current.task != other.task:
        parts.append(_change(TASK_WORDS[current.task], TASK_WORDS[other.task]))
    elif current.task == "is_k" and current.k != other.k:
        parts.append(_change(str(current.k), str(other.k), "k "))
    if current.scaling != other.scaling:
        parts.append(_change(SCALING_WORDS[current.scaling], SCALING_WORDS[other.scaling]))
    if current.test_size != other.test_size:
        parts.append(_change(f"{current.test_size:.0%}", f"{other.test_size:.0%}", "test "))
    parts.extend(_hidden_parts(current, other))
    if LOSS_WORDS[current.loss] != LOSS_WORDS[other.loss]:
        parts.append(_change(LOSS_WORDS[current.loss], LOSS_WORDS[other.loss]))
    if current.init != other.init:
        parts.append(_change(current.init, other.init, "init "))
    parts.extend(_optimizer_parts(current, other))
    if batch_words(current) != batch_words(other):
        parts.append(_change(batch_words(current), batch_words(other), "batch "))
    if current.seed != other.seed:
        parts.append(_change(str(current.seed), str(other.seed), "seed "))
    return tuple(parts)


def design_label(current: Design, other: Design) -> str:
    """``design_diff`` as one label: ``adam → sgd, α 0.1``, or ``same design``."""
    return ", ".join(design_diff(current, other)) or SAME


def design_summary(design: Design) -> str:
    """One line describing a design on its own, for a table: ``64-32-10 relu, adam α 0.001,
    batch 32`` (plus the data when it is not the default digits scaled ÷16)."""
    hidden = {layer.activation for layer in design.hidden}
    acts = hidden.pop() if len(hidden) == 1 else "/".join(a for a in activations(design)[:-1])
    parts = [f"{shape_words(design)} {acts}".rstrip()]
    parts.append(f"{design.optimizer} α {number(design.learning_rate)}")
    parts.append(f"batch {batch_words(design)}")
    if design.task != "digits":
        parts.insert(0, TASK_WORDS[design.task] + (f" {design.k}" if design.task == "is_k" else ""))
    if design.scaling != "divide16":
        parts.append(SCALING_WORDS[design.scaling])
    return ", ".join(parts)
