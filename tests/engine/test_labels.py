"""Every name a form offers has exactly one label, kept next to the names in the engine."""

import pytest

import engine


@pytest.mark.parametrize(
    ("labels", "names"),
    [
        (engine.TASK_LABELS, engine.TASK_NAMES),
        (engine.SCALING_LABELS, engine.SCALING_NAMES),
        (engine.INITIALIZER_LABELS, engine.INITIALIZER_NAMES),
        (engine.BATCH_MODE_LABELS, engine.BATCH_MODES),
        ({n: o.label for n, o in engine.OPTIMIZERS.items()}, engine.OPTIMIZER_NAMES),
        ({n: loss.label for n, loss in engine.LOSSES.items()}, engine.LOSS_NAMES),
        ({n: a.label for n, a in engine.ACTIVATIONS.items()}, engine.ACTIVATION_NAMES),
    ],
)
def test_one_label_per_name(labels, names):
    assert set(labels) == set(names)
    assert all(isinstance(text, str) and text for text in labels.values())


def test_parameter_count_is_the_networks_count():
    net = engine.build_network(engine.Design())
    assert engine.parameter_count(net.layer_sizes) == net.parameter_count() == 2410
