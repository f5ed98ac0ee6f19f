"""A ghost curve's label names exactly what differs from the current design, in the lesson's
words, and nothing else."""

from dataclasses import replace

import pytest

from engine import Design, HiddenLayer, validate_design
from engine.design_diff import SAME, design_diff, design_label, design_summary
from engine.presets import preset_named


def test_same_design_has_no_parts():
    assert design_diff(Design(), Design()) == ()
    assert design_label(Design(), Design()) == SAME


def test_epochs_are_not_a_difference():
    # the curve's length shows them; a label that says "epochs" would crowd the legend
    assert design_label(Design(), replace(Design(), epochs=5)) == SAME


def test_activation_of_every_hidden_layer_is_one_word():
    sigmoid = preset_named("Vanishing gradient: five sigmoid layers").design
    relu = replace(sigmoid, hidden=tuple(HiddenLayer(32, "relu") for _ in range(5)))
    assert design_label(relu, sigmoid) == "relu → sigmoid"
    assert design_label(sigmoid, relu) == "sigmoid → relu"


def test_one_changed_layer_is_named_by_its_number():
    base = Design(hidden=(HiddenLayer(32, "relu"), HiddenLayer(16, "relu")))
    other = replace(base, hidden=(HiddenLayer(32, "relu"), HiddenLayer(16, "tanh")))
    assert design_diff(base, other) == ("layer 2 relu → tanh",)


def test_a_new_shape_is_the_layer_sizes():
    other = replace(Design(), hidden=(HiddenLayer(32, "relu"), HiddenLayer(32, "relu")))
    assert design_diff(Design(), other) == ("64-32-10 → 64-32-32-10",)
    tanh = replace(Design(), hidden=(HiddenLayer(8, "tanh"),))
    assert design_diff(Design(), tanh) == ("64-32-10 → 64-8-10", "relu → tanh")


def test_a_new_optimizer_names_only_its_learning_rate():
    sgd = replace(Design(), optimizer="sgd", learning_rate=0.1)
    assert design_label(Design(), sgd) == "adam → sgd, α 0.1"
    assert design_label(Design(), replace(sgd, learning_rate=0.001)) == "adam → sgd"


def test_the_same_optimizer_names_both_learning_rates():
    sgd = replace(Design(), optimizer="sgd", learning_rate=0.1)
    assert design_label(sgd, replace(sgd, learning_rate=2.0)) == "α 0.1 → 2"


def test_batch_sizes_say_one_and_all():
    assert design_label(Design(), replace(Design(), batch_mode="stochastic")) == "batch 32 → 1"
    assert design_label(Design(), replace(Design(), batch_mode="batch")) == "batch 32 → all"
    # a batch size the batch mode ignores is no difference
    ignored = replace(Design(), batch_mode="batch", batch_size=64)
    assert design_label(replace(Design(), batch_mode="batch"), ignored) == SAME


def test_optimizer_options_only_where_both_use_them():
    momentum = replace(Design(), optimizer="momentum", learning_rate=0.01)
    assert design_diff(momentum, replace(momentum, momentum=0.5)) == ("momentum 0.9 → 0.5",)
    assert design_diff(momentum, replace(momentum, nesterov=True)) == ("Nesterov",)
    assert design_diff(Design(), replace(Design(), beta1=0.8)) == ("β1 0.9 → 0.8",)
    # adam's betas mean nothing to sgd: only the optimizer change is named
    sgd = replace(Design(), optimizer="sgd", learning_rate=0.001, beta1=0.5)
    assert design_diff(Design(), sgd) == ("adam → sgd",)


def test_data_fields_come_first():
    raw = replace(Design(), scaling="none", optimizer="sgd", learning_rate=0.1)
    assert design_diff(Design(), raw) == ("pixels ÷16 → 0–16", "adam → sgd", "α 0.1")
    odd = replace(Design(), task="odd_even", loss="binary_crossentropy")
    assert design_diff(Design(), odd) == ("digits → odd/even", "64-32-10 → 64-32-1")


def test_seed_l2_init_loss_and_test_share():
    other = replace(Design(), seed=7, l2=0.01, init="he_normal", loss="mse", test_size=0.3)
    assert design_diff(Design(), other) == (
        "test 20% → 30%",
        "cross-entropy → MSE",
        "init glorot_uniform → he_normal",
        "L2 0 → 0.01",
        "seed 42 → 7",
    )


@pytest.mark.parametrize(
    ("design", "summary"),
    [
        (Design(), "64-32-10 relu, adam α 0.001, batch 32"),
        (
            Design(scaling="none", optimizer="sgd", learning_rate=0.1, batch_mode="stochastic"),
            "64-32-10 relu, sgd α 0.1, batch 1, 0–16",
        ),
        (
            Design(task="odd_even", hidden=(), loss="binary_crossentropy", batch_mode="batch"),
            "odd/even, 64-1, adam α 0.001, batch all",
        ),
    ],
)
def test_summary_describes_one_design(design, summary):
    assert validate_design(design) == {}
    assert design_summary(design) == summary
