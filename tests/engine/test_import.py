"""The engine never imports Qt or pyqtgraph (it must run headless and start fast)."""

import subprocess
import sys

CODE = """
import sys
import engine
from engine import Network, load_digits_task, Trainer, make_optimizer
task = load_digits_task()
net = Network((64, 8, 10), ("relu", "softmax"), "categorical_crossentropy")
list(Trainer(net, make_optimizer("adam", 1e-3), epochs=1).run(task.X_train, task.y_train))
bad = sorted(m for m in sys.modules
             if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6",
                                    "superqt", "sklearn"))
print(",".join(bad))
"""


def test_import_engine_loads_no_qt_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60, check=True
    )
    # scikit-learn is not imported either: the digits are read from its CSV (start-up speed).
    assert result.stdout.strip() == ""


def test_public_names() -> None:
    import engine

    for name in [
        "Network",
        "ForwardPass",
        "NetworkSnapshot",
        "make_optimizer",
        "Trainer",
        "EpochResult",
        "BatchResult",
        "load_digits_task",
        "DigitsTask",
        "save_model",
        "load_model",
        "ModelFormatError",
        "Design",
        "HiddenLayer",
        "validate_design",
        "output_layer",
        "default_loss",
        "allowed_losses",
        "layer_sizes",
        "effective_batch_size",
        "build_network",
        "build_optimizer",
        "load_task",
    ]:
        assert hasattr(engine, name), name
        assert name in engine.__all__, name
