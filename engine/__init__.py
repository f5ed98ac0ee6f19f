"""The NumPy engine: everything the window shows is computed here (NumPy + standard library).

The lesson's ideas, one module each: activations, losses, initializers, network (forward and
back-propagation), optimizers, training (epochs and gradient-descent modes), datasets (the 8x8
digits), serialization (save/load) and design (validated network designs). This package never
imports Qt.
"""

from engine.activations import ACTIVATION_NAMES, ACTIVATIONS, HIDDEN_ACTIVATION_NAMES, Activation
from engine.datasets import SCALING_NAMES, TASK_NAMES, DigitsTask, load_digits_task
from engine.design import (
    BATCH_MODES,
    Design,
    HiddenLayer,
    allowed_losses,
    build_network,
    build_optimizer,
    default_loss,
    effective_batch_size,
    layer_sizes,
    load_task,
    output_layer,
    validate_design,
)
from engine.initializers import INITIALIZER_NAMES, INITIALIZERS
from engine.losses import LOSS_NAMES, LOSSES, Loss
from engine.network import DTYPES, ForwardPass, Network, NetworkSnapshot
from engine.optimizers import OPTIMIZER_NAMES, OPTIMIZERS, Optimizer, OptimizerInfo, make_optimizer
from engine.serialization import (
    ModelFormatError,
    load_model,
    load_trained,
    save_model,
    save_trained,
)
from engine.training import BatchInfo, BatchResult, EpochResult, Trainer

__all__ = [
    "ACTIVATIONS",
    "ACTIVATION_NAMES",
    "BATCH_MODES",
    "DTYPES",
    "HIDDEN_ACTIVATION_NAMES",
    "INITIALIZERS",
    "INITIALIZER_NAMES",
    "LOSSES",
    "LOSS_NAMES",
    "OPTIMIZERS",
    "OPTIMIZER_NAMES",
    "SCALING_NAMES",
    "TASK_NAMES",
    "Activation",
    "BatchInfo",
    "BatchResult",
    "Design",
    "DigitsTask",
    "EpochResult",
    "ForwardPass",
    "HiddenLayer",
    "Loss",
    "ModelFormatError",
    "Network",
    "NetworkSnapshot",
    "Optimizer",
    "OptimizerInfo",
    "Trainer",
    "allowed_losses",
    "build_network",
    "build_optimizer",
    "default_loss",
    "effective_batch_size",
    "layer_sizes",
    "load_digits_task",
    "load_model",
    "load_task",
    "load_trained",
    "make_optimizer",
    "output_layer",
    "save_model",
    "save_trained",
    "validate_design",
]
