"""The designer's table of fields: every ``engine.Design`` field declared once, here.

A ``Field`` row says which Design field it edits, its label, the widget that edits it, the
section it sits in, when it is relevant, and (optionally) the choices it offers and what a user
edit of it changes elsewhere. The panel sets, reads, connects, lays out, hides and validates
the fields in loops over ``FIELDS``; nothing else lists them. The words (tooltips, section
titles) are in ``texts.py``; the labels of choices come from the engine's registries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from PySide6.QtWidgets import QWidget

import engine
from engine import Design
from gui.designer import texts
from gui.designer.form_widgets import ChoiceCombo, FlagCheck
from gui.designer.hidden_layers import HiddenLayersEditor
from gui.designer.number_fields import FloatField, IntField, LogSpinBox, PercentField

Choices = Iterable[tuple[str, str]]


def _always(_design: Design) -> bool:
    return True


@dataclass(frozen=True)
class Field:
    """One row of the form."""

    name: str  # the engine.Design field it edits (and the key of its validation message)
    label: str | None  # None: the widget spans the whole row
    section: str  # a key of texts.SECTION_TITLES
    make: Callable[[], QWidget]  # a new widget speaking form_widgets.FieldWidget
    object_name: str  # kept from the first designer: outside checks find widgets by it
    attr: str  # the panel attribute naming the widget (panel.seed_spin, ...)
    relevant: Callable[[Design], bool] = _always  # shown only when this says so (or in red)
    choices: Callable[[Design], Choices] | None = None  # names offered, if they depend on it
    then: Callable[[Design], Design] | None = None  # after a user edit: the derived fields

    @property
    def tip(self) -> str:
        return texts.TIPS[self.name]


# ---- what depends on what ---------------------------------------------------------------------
def loss_choices(design: Design) -> Choices:
    """The losses that fit the task's output layer, labelled by the engine."""
    return [(name, engine.LOSSES[name].label) for name in engine.allowed_losses(design.task)]


def fit_loss_to_task(design: Design) -> Design:
    """After the task is edited: keep the loss if the new output layer allows it, else take
    the task's default loss (the only field the designer changes on its own)."""
    if design.loss in engine.allowed_losses(design.task):
        return design
    return replace(design, loss=engine.default_loss(design.task))


def optimizer_reads(option: str) -> Callable[[Design], bool]:
    """Relevant when the chosen optimizer reads ``option`` (the engine's list says which);
    for an unknown optimizer every option is shown."""

    def relevant(design: Design) -> bool:
        info = engine.OPTIMIZERS.get(design.optimizer)
        return info is None or option in info.options

    return relevant


def optimizer_choices() -> Choices:
    """The optimizers in the engine's order, by their labels."""
    return [(name, info.label) for name, info in engine.OPTIMIZERS.items()]


def _combo(choices: Callable[[], Choices]) -> Callable[[], QWidget]:
    return lambda: ChoiceCombo(choices())


# ---- the table ---------------------------------------------------------------------------------
# One row per field reads as a table; the formatter would make it five times longer.
# fmt: off
FIELDS: tuple[Field, ...] = (
    # Data
    Field("task", "Task", "data", _combo(engine.TASK_LABELS.items), "taskCombo", "task_combo",
          then=fit_loss_to_task),
    Field("k", "Digit k", "data", lambda: IntField(floor=0), "kSpin", "k_spin",
          relevant=lambda d: d.task == "is_k"),
    Field("scaling", "Input scaling", "data", _combo(engine.SCALING_LABELS.items),
          "scalingCombo", "scaling_combo"),
    Field("test_size", "Test share", "data", lambda: PercentField(step=0.05), "testSizeSpin",
          "test_spin"),
    # Hidden layers
    Field("hidden", None, "hidden", HiddenLayersEditor, "hiddenLayers", "hidden_editor"),
    # Output and loss
    Field("loss", "Loss", "output", ChoiceCombo, "lossCombo", "loss_combo",
          choices=loss_choices),
    Field("init", "Start weights", "output", _combo(engine.INITIALIZER_LABELS.items),
          "initCombo", "init_combo"),
    # Optimizer
    Field("optimizer", "Optimizer", "optimizer", _combo(optimizer_choices), "optimizerCombo",
          "optimizer_combo"),
    Field("learning_rate", "Learning rate", "optimizer", LogSpinBox, "learningRateSpin",
          "lr_spin"),
    Field("momentum", "Momentum", "optimizer", lambda: FloatField(step=0.05), "momentumSpin",
          "momentum_spin", relevant=optimizer_reads("momentum")),
    Field("nesterov", "", "optimizer", lambda: FlagCheck("Nesterov look-ahead"),
          "nesterovCheck", "nesterov_check", relevant=optimizer_reads("nesterov")),
    Field("rho", "rho", "optimizer", lambda: FloatField(step=0.01), "rhoSpin", "rho_spin",
          relevant=optimizer_reads("rho")),
    Field("beta1", "beta1", "optimizer", lambda: FloatField(step=0.01), "beta1Spin",
          "beta1_spin", relevant=optimizer_reads("beta1")),
    Field("beta2", "beta2", "optimizer", lambda: FloatField(step=0.001), "beta2Spin",
          "beta2_spin", relevant=optimizer_reads("beta2")),
    Field("l2", "L2 penalty", "optimizer", LogSpinBox, "l2Spin", "l2_spin",
          relevant=optimizer_reads("l2")),
    # Training
    Field("batch_mode", "Gradient descent", "training", _combo(engine.BATCH_MODE_LABELS.items),
          "batchModeCombo", "batch_mode_combo"),
    Field("batch_size", "Batch size", "training", lambda: IntField(floor=1), "batchSizeSpin",
          "batch_spin", relevant=lambda d: d.batch_mode == "mini-batch"),
    Field("epochs", "Epochs", "training", lambda: IntField(floor=1), "epochsSpin",
          "epochs_spin"),
    Field("seed", "Seed", "training", lambda: IntField(floor=0), "seedSpin", "seed_spin"),
)
# fmt: on

FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}
