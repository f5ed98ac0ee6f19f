"""Plain-language texts for the status line, divergence and failures.

Every sentence here is what a teacher would say to the class, so it lives in one place and
can be tested without Qt.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import engine

if TYPE_CHECKING:  # only for annotations: frame.py imports this module
    from gui.training.frame import RunOutcome

#: A loss this many times the first mini-batch's loss means training has blown up.
EXPLODE_FACTOR = 1e3


def format_number(value: float) -> str:
    """Short human form of a number: 0.001, 1000, 1e-05, 2.5."""
    if value == 0:
        return "0"
    if 1e-4 <= abs(value) < 1e6:
        return f"{value:.6g}"
    return f"{value:.3g}"


def format_duration(seconds: float) -> str:
    """``4.2 s`` under a minute, else ``m:ss`` (or ``h:mm:ss``), for a progress bar."""
    if seconds < 59.95:
        return f"{max(0.0, seconds):.1f} s"
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def progress_text(elapsed: float, remaining: float | None) -> str:
    """Progress bar text: elapsed time and, once it can be estimated, the time left."""
    if remaining is None:
        return f"{format_duration(elapsed)} elapsed"
    return f"{format_duration(elapsed)} elapsed · about {format_duration(remaining)} left"


def suggested_learning_rate(optimizer: str, learning_rate: float) -> float:
    """A concrete smaller learning rate to try after a blow-up.

    At least a hundred times smaller than ``learning_rate`` (rounded down to a power of ten),
    and never above the value that usually works for ``optimizer``.
    """
    info = engine.OPTIMIZERS.get(optimizer)
    typical = info.usual_learning_rate if info else 0.01
    if learning_rate <= 0 or not math.isfinite(learning_rate):
        return typical
    power = 10.0 ** math.floor(math.log10(learning_rate / 100.0))
    suggestion = min(typical, power)
    # float noise from 10**-n: keep the value a user would type
    return float(f"{suggestion:.3g}")


def is_divergent(loss: float, reference: float | None) -> bool:
    """True when ``loss`` is not a number, infinite, or exploded far above ``reference``.

    ``reference`` is the loss of the first mini-batch of the run (the untrained network).
    """
    if not math.isfinite(loss):
        return True
    if reference is None or not math.isfinite(reference) or reference <= 0:
        return False
    return loss > EXPLODE_FACTOR * reference


def divergence_message(
    optimizer: str,
    learning_rate: float,
    loss: float,
    epoch: int,
    rolled_back_to: int,
    start_loss: float | None = None,
) -> str:
    """Say what happened when the loss blew up, and what to try instead."""
    if math.isfinite(loss):
        big = f"{loss:,.0f}" if 1e4 <= loss < 1e15 else format_number(loss)
        what = f"the loss exploded to {big}"
        if start_loss is not None and math.isfinite(start_loss):
            what += f" (it started near {start_loss:.2g})"
    else:
        what = "the loss stopped being a number (it overflowed)"
    suggestion = suggested_learning_rate(optimizer, learning_rate)
    if suggestion < learning_rate:
        advice = (
            f"The learning rate {format_number(learning_rate)} is too large: each step jumps "
            f"right over the valley of the loss. Try {format_number(suggestion)}."
        )
    else:
        advice = (
            f"Try a smaller learning rate, such as {format_number(learning_rate / 10)}, "
            "fewer or smaller layers, or the ReLU or tanh activation."
        )
    back = (
        f"the weights from the end of epoch {rolled_back_to}"
        if rolled_back_to > 0
        else "the weights from before this run"
    )
    return (
        f"Training stopped in epoch {epoch}: {what}. The network was put back to {back}. {advice}"
    )


def saturation_message(design: engine.Design, epoch: int) -> str:
    """Say that learning stopped because the outputs saturated (no blow-up: the loss is
    finite and flat), and what to try instead."""
    suggestion = suggested_learning_rate(design.optimizer, design.learning_rate)
    smaller = (
        f"Try a smaller learning rate ({format_number(suggestion)})"
        if suggestion < design.learning_rate
        else "Try a smaller learning rate"
    )
    advice = f"{smaller}, then Reset."
    if design.task == "digits" and design.loss != "categorical_crossentropy":
        advice = f"{smaller} or the cross-entropy loss, then Reset."
    elif design.task != "digits" and design.loss != "binary_crossentropy":
        advice = f"{smaller} or the binary cross-entropy loss, then Reset."
    return (
        f"Learning stopped by epoch {epoch}: the outputs saturated. They are stuck at 0 or 1, "
        "so the gradient is about 0, the loss no longer changes and the network does no "
        "better than guessing. " + advice
    )


def opening_message(name: str) -> str:
    """Status while a model file is read in the background."""
    return f"Opening {name}… (Esc to cancel)"


def opened_message(name: str, epochs: int) -> str:
    """Status after a model file was opened."""
    trained = (
        "an untrained network"
        if epochs <= 0
        else (f"a network trained for {epochs} epoch{'s' if epochs != 1 else ''}")
    )
    return f"Opened {name}: {trained}. Draw a digit to test it, or press Train to train it further."


def open_cancelled_message(name: str) -> str:
    return f"Stopped opening {name}; nothing changed."


def failure_message(error: str) -> str:
    """Say that training failed, in words, with the technical reason last."""
    return (
        "Training stopped because of an unexpected error. The weights from the last finished "
        f"epoch are kept. Details: {error}"
    )


STATUS_READY = "Ready. Design a network, then press Train (Space)."
STATUS_TRAINING = "Training: the network looks at the pictures a mini-batch at a time."
STATUS_PAUSED = "Paused. Press Resume (Space), or step one mini-batch (N) or one epoch (E)."
STATUS_STOPPED = "Stopped. Press Train to carry on from these weights, or Reset for fresh ones."
STATUS_INVALID = "Fix the fields marked in red before training."
RESET_SETTINGS_QUESTION = (
    "Forget every setting (the design, text size, speed, panel sizes and plot switches) and "
    "go back to the defaults? The network gets fresh weights."
)
SETTINGS_RESET = (
    "All settings were reset: the default design with fresh weights, the usual text size, "
    "speed and panel sizes."
)


def finished_message(epochs: int, test_accuracy: float | None) -> str:
    """Status after a run has gone through all its epochs."""
    done = f"Finished {epochs} epoch{'' if epochs == 1 else 's'}."
    if test_accuracy is None or not math.isfinite(test_accuracy):
        return done
    return (
        f"{done} The network now gets {test_accuracy:.0%} of the test "
        "pictures right — pictures it never trained on."
    )


def learning_rate_message(learning_rate: float) -> str:
    """Status after the learning rate changed during a run."""
    return (
        f"Learning rate now {format_number(learning_rate)}: it applies from the next "
        "mini-batch; the weights are kept."
    )


def reset_message(seed: int) -> str:
    """Status after fresh random weights were drawn."""
    return f"Fresh random weights (seed {seed}). The network is guessing; press Train."


def sentence(text: str) -> str:
    """``text`` ended with a full stop, unless it already ends a sentence ("is it odd?")."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def preset_message(name: str, watch_for: str) -> str:
    """Status after a preset was loaded: its name as a sentence, then what to watch for."""
    return f"{sentence(name)} {watch_for}".strip()


def paused_at(epoch: int, batch: int, batches_per_epoch: int) -> str:
    """Status while paused mid-epoch (in batch mode an epoch is one update of all the data)."""
    if batches_per_epoch == 1:
        return (
            f"Paused after epoch {epoch}'s one update (batch mode: all the training pictures "
            "at once). Resume (Space), or step one update (N)."
        )
    return (
        f"Paused at mini-batch {batch} of {batches_per_epoch} in epoch {epoch}. "
        "Resume (Space), step one mini-batch (N) or one epoch (E)."
    )


def paused_after_epoch(epoch: int) -> str:
    """Status while paused between two epochs."""
    return (
        f"Paused at the end of epoch {epoch}. Resume (Space), step one mini-batch (N) or one "
        "epoch (E)."
    )


def ending_message(outcome: RunOutcome, design: engine.Design, test_accuracy: float | None) -> str:
    """The status after a run ended: finished, stopped, blown up (rolled back) or failed."""
    reason = str(outcome.reason)
    if reason == "completed":
        return finished_message(outcome.epochs_done, test_accuracy)
    if reason == "stopped":
        return STATUS_STOPPED
    if reason == "saturated":
        return saturation_message(design, outcome.diverged_epoch or outcome.epochs_done)
    if reason == "diverged":
        return divergence_message(
            design.optimizer,
            design.learning_rate,
            outcome.diverged_loss,
            outcome.diverged_epoch,
            outcome.epochs_done,
            outcome.start_loss,
        )
    return failure_message(outcome.error)
