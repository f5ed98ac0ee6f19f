"""Every comparison is valid, differs in the idea it names, and really shows it when trained."""

from dataclasses import replace

import pytest

from engine import Trainer, build_network, build_optimizer, effective_batch_size, load_task
from engine.comparisons import COMPARISONS, X_AXES, comparison_named, updates_per_epoch
from engine.design import Design, validate_design
from engine.design_diff import design_diff


def final_loss(design: Design) -> float:
    task = load_task(design)
    trainer = Trainer(
        build_network(design),
        build_optimizer(design),
        batch_size=effective_batch_size(design),
        epochs=design.epochs,
        seed=design.seed,
    )
    results = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))
    return results[-1].train_loss


@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: c.key)
def test_every_comparison_is_valid_and_named(comparison):
    assert 2 <= len(comparison.designs) <= 3
    assert comparison.x_axis in X_AXES
    assert comparison.watch_for.endswith(".")
    for design in comparison.designs:
        assert validate_design(design) == {}
    last = comparison.designs[-1]
    for design in comparison.designs[:-1]:
        assert design_diff(last, design), "each ghost must differ from the last run"


def test_epochs_override():
    comparison = comparison_named("optimizers")
    assert {d.epochs for d in comparison.with_epochs(2)} == {2}
    assert comparison.with_epochs(None) == comparison.designs
    with pytest.raises(KeyError):
        comparison_named("nope")


def test_updates_per_epoch():
    assert updates_per_epoch(Design(batch_mode="batch")) == 1
    assert updates_per_epoch(Design(batch_mode="stochastic")) == 1437
    assert updates_per_epoch(Design(batch_size=32)) == 45  # ceil(1437 / 32)
    assert updates_per_epoch(replace(Design(), batch_size=100, test_size=0.5)) == 9  # 898


def test_labels_of_the_lessons_comparisons():
    vanishing = comparison_named("vanishing").designs
    assert design_diff(vanishing[1], vanishing[0]) == ("relu → sigmoid",)
    batch = comparison_named("batch_epochs").designs
    assert design_diff(batch[2], batch[0]) == ("batch 1 → all",)
    optimizers = comparison_named("optimizers").designs
    assert design_diff(optimizers[2], optimizers[0]) == ("adam → sgd",)


@pytest.mark.parametrize(
    "key", ["vanishing", "optimizers", "batch_epochs", "scaling", "learning_rate"]
)
def test_the_last_design_learns_best(key):
    """What the class is told to watch for happens: the last design ends lowest, and by a
    clear margin over the worst (these are the designs as shipped, a second or so each)."""
    losses = [final_loss(d) for d in comparison_named(key).designs]
    assert losses[-1] == min(losses)
    assert max(losses) > 3 * losses[-1]


def test_per_update_batch_and_mini_batch_fall_alike():
    """The same number of updates (450): batch and mini-batch end within 20 % of each other,
    though batch read 45 times as many digits; stochastic's 1437 one-digit updates end
    higher than both."""
    batch, mini, stochastic = comparison_named("batch_updates").designs
    assert updates_per_epoch(batch) * batch.epochs == updates_per_epoch(mini) * mini.epochs
    batch_loss, stochastic_loss, mini_loss = (final_loss(d) for d in (batch, stochastic, mini))
    assert abs(batch_loss - mini_loss) < 0.2 * mini_loss
    assert stochastic_loss > max(batch_loss, mini_loss)
