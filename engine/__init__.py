"""The NumPy engine: everything the window shows is computed here (NumPy + standard library).

The lesson's ideas, one module each: activations, losses, initializers, network (forward and
back-propagation), kernel (the same formulas laid out for fast training), optimizers, training
(epochs and gradient-descent modes), datasets (the 8x8 digits), serialization (save/load) and
design (validated network designs). This package never imports Qt.
"""

from engine.activations import (
    ACTIVATION_NAMES,
    ACTIVATIONS,
    HIDDEN_ACTIVATION_NAMES,
    LEAKY_SLOPE,
    Activation,
)
from engine.datasets import (
    SCALING_LABELS,
    SCALING_NAMES,
    TASK_LABELS,
    TASK_NAMES,
    DigitsTask,
    load_digits_task,
)
from engine.design import (
    ARCHITECTURE_FIELDS,
    BATCH_MODE_LABELS,
    BATCH_MODES,
    DATA_FIELDS,
    Design,
    HiddenLayer,
    allowed_losses,
    build_network,
    build_optimizer,
    default_loss,
    effective_batch_size,
    layer_sizes,
    load_task,
    needs_new_network,
    output_layer,
    same_data,
    validate_design,
)
from engine.initializers import INITIALIZER_LABELS, INITIALIZER_NAMES, INITIALIZERS
from engine.kernel import parameter_count
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
from engine.training import BatchResult, EpochResult, Trainer

__all__ = [
    "ACTIVATIONS",
    "ACTIVATION_NAMES",
    "ARCHITECTURE_FIELDS",
    "BATCH_MODES",
    "BATCH_MODE_LABELS",
    "DATA_FIELDS",
    "DTYPES",
    "HIDDEN_ACTIVATION_NAMES",
    "INITIALIZERS",
    "INITIALIZER_LABELS",
    "INITIALIZER_NAMES",
    "LEAKY_SLOPE",
    "LOSSES",
    "LOSS_NAMES",
    "OPTIMIZERS",
    "OPTIMIZER_NAMES",
    "SCALING_LABELS",
    "SCALING_NAMES",
    "TASK_LABELS",
    "TASK_NAMES",
    "Activation",
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
    "needs_new_network",
    "output_layer",
    "parameter_count",
    "same_data",
    "save_model",
    "save_trained",
    "validate_design",
]
