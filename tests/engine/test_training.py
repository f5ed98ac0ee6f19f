"""Trainer: the lesson's networks learn, runs are reproducible, stop and callbacks work."""

import dataclasses
import math
import threading
import warnings

import numpy as np
import pytest

from engine.datasets import load_digits_task
from engine.network import Network
from engine.optimizers import make_optimizer
from engine.training import BatchResult, EpochResult, Trainer


@pytest.fixture(scope="module")
def digits():
    return load_digits_task("digits")


def default_net(seed: int = 42, dtype: str = "float64") -> Network:
    return Network(
        (64, 32, 10), ("relu", "softmax"), "categorical_crossentropy", seed=seed, dtype=dtype
    )


def test_default_digits_network_reaches_97_percent(digits) -> None:
    # The default design: 64-32-10, relu/softmax, Adam 1e-3, mini-batches of 32. Test accuracy
    # wanders by about a point from epoch to epoch (every seed tried reaches 97% by epoch 45),
    # so the test asks that it gets there and stays close.
    net = default_net()
    trainer = Trainer(net, make_optimizer("adam", 1e-3), batch_size=32, epochs=60, seed=42)
    results = list(trainer.run(digits.X_train, digits.y_train, digits.X_test, digits.y_test))
    assert [r.epoch for r in results] == list(range(1, 61))
    assert max(r.test_accuracy for r in results) >= 0.97
    assert np.mean([r.test_accuracy for r in results[-10:]]) >= 0.96
    assert results[-1].train_accuracy > 0.99
    assert results[-1].train_loss < results[0].train_loss / 5
    assert results[-1].steps == 60 * math.ceil(1437 / 32)
    # The result's numbers are the network's numbers on the full sets.
    assert results[-1].test_accuracy == pytest.approx(net.accuracy(digits.X_test, digits.y_test))
    assert results[-1].test_loss == pytest.approx(net.loss(digits.X_test, digits.y_test))


def test_lesson_64_4_1_sigmoid_learns_odd_even() -> None:
    task = load_digits_task("odd_even")
    net = Network((64, 4, 1), ("sigmoid", "sigmoid"), "binary_crossentropy", init="normal", seed=0)
    trainer = Trainer(net, make_optimizer("adam", 0.01), batch_size=32, epochs=40, seed=0)
    last = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))[-1]
    chance = max(np.mean(task.y_test), 1 - np.mean(task.y_test))
    assert last.test_accuracy > chance + 0.25  # chance is about 0.5
    assert last.test_accuracy > 0.8


def test_same_seed_gives_a_bit_identical_run(digits) -> None:
    def run(dtype: str) -> list[EpochResult]:
        net = default_net(seed=3, dtype=dtype)
        trainer = Trainer(net, make_optimizer("adam", 1e-3), batch_size=16, epochs=3, seed=9)
        return list(trainer.run(digits.X_train, digits.y_train, digits.X_test, digits.y_test))

    for dtype in ("float64", "float32"):
        a, b = run(dtype), run(dtype)
        for ra, rb in zip(a, b, strict=True):
            assert ra.train_loss == rb.train_loss and ra.test_accuracy == rb.test_accuracy
            for wa, wb in zip(ra.weights + ra.biases, rb.weights + rb.biases, strict=True):
                assert wa.dtype == np.dtype(dtype)
                np.testing.assert_array_equal(wa, wb)


def test_different_shuffle_seed_gives_a_different_run(digits) -> None:
    weights = []
    for seed in (1, 2):
        net = default_net(seed=3)
        trainer = Trainer(net, make_optimizer("sgd", 0.1), batch_size=32, epochs=1, seed=seed)
        weights.append(list(trainer.run(digits.X_train, digits.y_train))[-1].weights[0])
    assert not np.array_equal(weights[0], weights[1])


def test_epoch_results_are_immutable_copies(digits) -> None:
    net = default_net()
    trainer = Trainer(net, make_optimizer("adam", 1e-3), epochs=2)
    first, second = trainer.run(digits.X_train, digits.y_train, digits.X_test, digits.y_test)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.epoch = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        first.weights[0][0, 0] = 1.0
    assert not np.array_equal(first.weights[0], second.weights[0])
    np.testing.assert_array_equal(second.weights[0], net.weights[0])
    assert second.snapshot.weights[0] is second.weights[0]
    assert first.finite and 0 <= first.test_accuracy <= 1


@pytest.mark.parametrize(("batch_size", "updates"), [(None, 1), (1, 1437), (500, 3), (2000, 1)])
def test_gradient_descent_modes_count_updates(digits, batch_size, updates) -> None:
    net = default_net()
    trainer = Trainer(net, make_optimizer("sgd", 0.1), batch_size, epochs=1)
    *infos, result = trainer.steps(digits.X_train, digits.y_train)
    assert isinstance(result, EpochResult)
    assert all(isinstance(i, BatchResult) for i in infos)
    assert len(infos) == updates == result.steps
    assert [i.step for i in infos] == list(range(1, updates + 1))
    assert [i.batch for i in infos] == list(range(1, updates + 1))
    assert all(i.batches_per_epoch == updates and i.epoch == 1 for i in infos)
    assert math.isnan(result.test_loss) and math.isnan(result.test_accuracy)


def test_batch_result_loss_is_the_batch_loss_before_the_update(digits) -> None:
    net = default_net()
    before = net.copy()
    trainer = Trainer(net, make_optimizer("sgd", 0.5), None, epochs=1)
    infos = [e for e in trainer.steps(digits.X_train, digits.y_train) if isinstance(e, BatchResult)]
    assert infos[0].loss == pytest.approx(before.loss(digits.X_train, digits.y_train), rel=1e-12)
    assert net.loss(digits.X_train, digits.y_train) < infos[0].loss


def test_full_batch_gradient_descent_equals_manual_steps(digits) -> None:
    net, twin = default_net(seed=5), default_net(seed=5)
    trainer = Trainer(net, make_optimizer("sgd", 0.5), batch_size=None, epochs=2)
    list(trainer.run(digits.X_train, digits.y_train))
    opt = make_optimizer("sgd", 0.5)
    for _ in range(2):
        _, dW, db = twin.gradients(digits.X_train, digits.y_train)
        opt.step(twin, dW, db)
    for a, b in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_steps_stop_when_the_caller_stops_iterating(digits) -> None:
    # No stop flag: the caller stops by not asking for the next event; an unfinished epoch
    # yields no EpochResult, and the weights are those after the last update taken.
    net = default_net()
    trainer = Trainer(net, make_optimizer("adam", 1e-3), 32, epochs=10)
    events = trainer.steps(digits.X_train, digits.y_train, digits.X_test, digits.y_test)
    seen = []
    for event in events:
        seen.append(event)
        if isinstance(event, BatchResult) and event.epoch == 2 and event.batch == 5:
            break
    events.close()
    assert [e.epoch for e in seen if isinstance(e, EpochResult)] == [1]
    last = seen[-1]
    assert isinstance(last, BatchResult)
    epoch_1 = next(e for e in seen if isinstance(e, EpochResult))
    assert last.step == epoch_1.steps + 5


def test_steps_can_be_driven_from_another_thread(digits) -> None:
    # The window's worker pulls events in its own thread and pauses by not pulling.
    trainer = Trainer(default_net(), make_optimizer("adam", 1e-3), 32, epochs=5)
    events = trainer.steps(digits.X_train, digits.y_train)
    pulled: list[object] = []
    worker = threading.Thread(target=lambda: pulled.extend(next(events) for _ in range(3)))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert [e.step for e in pulled if isinstance(e, BatchResult)] == [1, 2, 3]
    # Resumed from this thread, the run continues where it paused.
    nxt = next(events)
    assert isinstance(nxt, BatchResult) and nxt.step == 4


def test_lazy_iteration_and_argument_checks(digits) -> None:
    net = default_net()
    before = net.weights[0].copy()
    iterator = Trainer(net, make_optimizer("adam", 1e-3), epochs=3).run(
        digits.X_train, digits.y_train
    )
    np.testing.assert_array_equal(net.weights[0], before)  # nothing ran yet
    next(iterator)
    assert not np.array_equal(net.weights[0], before)
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(net, make_optimizer("sgd"), batch_size=0)
    with pytest.raises(ValueError, match="values per sample"):
        Trainer(net, make_optimizer("sgd")).run(np.zeros((3, 5)), [0, 1, 2])


@pytest.mark.parametrize("task_name", ["digits", "odd_even"])
def test_run_and_steps_give_the_same_run(task_name: str) -> None:
    # run() builds no batch events; the updates must be bit-identical to steps() anyway.
    task = load_digits_task(task_name)
    k, out, loss = (
        (10, "softmax", "categorical_crossentropy")
        if task_name == "digits"
        else (
            1,
            "sigmoid",
            "binary_crossentropy",
        )
    )
    finals = []
    for method in ("run", "steps"):
        net = Network((64, 16, k), ("tanh", out), loss, seed=2)
        trainer = Trainer(net, make_optimizer("adam", 1e-2), 64, epochs=2)
        events = getattr(trainer, method)(task.X_train, task.y_train)
        finals.append([e for e in events if isinstance(e, EpochResult)][-1])
    for a, b in zip(
        finals[0].weights + finals[0].biases, finals[1].weights + finals[1].biases, strict=True
    ):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("task_name", "sizes", "acts", "loss"),
    [
        ("digits", (64, 32, 10), ("relu", "softmax"), "categorical_crossentropy"),
        ("odd_even", (64, 8, 1), ("tanh", "sigmoid"), "binary_crossentropy"),
        ("digits", (64, 16, 10), ("sigmoid", "softmax"), "mse"),
    ],
)
def test_epoch_metrics_are_the_full_sets_with_the_final_weights(task_name, sizes, acts, loss):
    # Not a running mean over the epoch's batches: exactly what the network at the end of
    # the epoch scores on each whole set.
    task = load_digits_task(task_name)
    net = Network(sizes, acts, loss, seed=3)
    trainer = Trainer(net, make_optimizer("adam", 1e-2), epochs=2, seed=1)
    result = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))[-1]
    for X, y, got_loss, got_acc in (
        (task.X_train, task.y_train, result.train_loss, result.train_accuracy),
        (task.X_test, task.y_test, result.test_loss, result.test_accuracy),
    ):
        want_loss, want_acc = net.evaluate(X, y)
        assert got_loss == pytest.approx(want_loss, rel=1e-12)
        assert got_acc == want_acc


# --- metrics="running": the Keras / scikit-learn convention --------------------------------


def test_running_train_loss_is_the_weighted_mean_of_the_batch_losses(digits) -> None:
    # 1437 samples in batches of 100: 14 full batches and a last one of 37, which must weigh
    # 37/1437, not 1/15.
    net = default_net(seed=4)
    trainer = Trainer(net, make_optimizer("adam", 1e-3), 100, epochs=2, seed=3, metrics="running")
    events = list(trainer.steps(digits.X_train, digits.y_train, digits.X_test, digits.y_test))
    infos = [e for e in events if isinstance(e, BatchResult)]
    results = [e for e in events if isinstance(e, EpochResult)]
    n = len(digits.y_train)
    sizes = [100] * 14 + [37]
    for result in results:
        losses = [i.loss for i in infos if i.epoch == result.epoch]
        assert len(losses) == len(sizes)
        want = sum(loss * m for loss, m in zip(losses, sizes, strict=True)) / n
        assert result.train_loss == pytest.approx(want, rel=1e-12)
        assert result.train_loss != pytest.approx(float(np.mean(losses)), rel=1e-6)
    # The test metrics stay exact: the full test set with the end-of-epoch weights.
    want_loss, want_acc = net.evaluate(digits.X_test, digits.y_test)
    assert results[-1].test_loss == pytest.approx(want_loss, rel=1e-12)
    assert results[-1].test_accuracy == want_acc


def test_running_mode_without_batch_events_gives_the_same_numbers(digits) -> None:
    # The batch loss is computed for the running mean even when no batch event is built.
    finals = []
    for method in ("run", "steps"):
        net = default_net(seed=6)
        trainer = Trainer(net, make_optimizer("adam", 1e-3), 64, epochs=2, metrics="running")
        events = getattr(trainer, method)(digits.X_train, digits.y_train)
        finals.append([e for e in events if isinstance(e, EpochResult)][-1])
    assert finals[0].train_loss == finals[1].train_loss and math.isfinite(finals[0].train_loss)
    assert finals[0].train_accuracy == finals[1].train_accuracy
    assert math.isnan(finals[0].test_loss) and math.isnan(finals[0].test_accuracy)


def _running_by_hand(net, opt, X, y, batch_size, epochs, seed):
    """Replays the trainer's epochs with public calls: the shuffle from the seed, then per
    batch the predictions and the loss before the update, then the update."""
    rng = np.random.default_rng(seed)
    n = len(y)
    results = []
    for _ in range(epochs):
        order = rng.permutation(n)
        correct, loss_sum = 0, 0.0
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            correct += int(np.count_nonzero(net.predict(X[batch]) == y[batch]))
            loss, dW, db = net.gradients(X[batch], y[batch])
            loss_sum += loss * len(batch)
            opt.step(net, dW, db)
        results.append((loss_sum / n, correct / n))
    return results


@pytest.mark.parametrize(
    ("sizes", "acts", "loss", "y"),
    [
        # one sigmoid output: a sample counts as right when a_L > 0.5 matches y
        ((2, 3, 1), ("tanh", "sigmoid"), "binary_crossentropy", [1, 0, 1, 0, 0, 1, 0]),
        # softmax: argmax
        ((2, 3, 3), ("relu", "softmax"), "categorical_crossentropy", [0, 1, 2, 2, 1, 0, 1]),
        # no fused form: mse on a softmax output, argmax again
        ((2, 4, 3), ("sigmoid", "softmax"), "mse", [2, 1, 0, 2, 1, 0, 1]),
    ],
)
def test_running_accuracy_counts_each_batch_before_its_update(sizes, acts, loss, y) -> None:
    X = np.array([[0.0, 1.0], [1.0, 0.5], [-1.0, 2.0], [2.0, -1.0], [0.3, 0.3], [-2, -1], [1, 1]])
    y = np.array(y)
    # 7 samples in batches of 3 (3, 3, 1); a large learning rate, so that the predictions
    # change from batch to batch and "before the update" matters.
    net = Network(sizes, acts, loss, init="normal", seed=1)
    twin, exact_net = net.copy(), net.copy()
    trainer = Trainer(net, make_optimizer("sgd", 1.0), 3, epochs=6, seed=5, metrics="running")
    got = [(r.train_loss, r.train_accuracy) for r in trainer.run(X, y)]
    want = _running_by_hand(twin, make_optimizer("sgd", 1.0), X, y, 3, 6, seed=5)
    for (got_loss, got_acc), (want_loss, want_acc) in zip(got, want, strict=True):
        assert got_loss == pytest.approx(want_loss, rel=1e-12)
        assert got_acc == want_acc
    # The accuracies are sevenths that change from epoch to epoch, and they are not what
    # the end-of-epoch weights score: the checks above can fail.
    assert {round(acc * 7, 9) % 1 for _, acc in got} == {0.0}
    assert len({acc for _, acc in got}) > 1
    exact = Trainer(exact_net, make_optimizer("sgd", 1.0), 3, epochs=6, seed=5).run(X, y)
    assert [acc for _, acc in got] != [r.train_accuracy for r in exact]


def test_running_accuracy_of_one_full_batch_is_the_accuracy_before_the_update() -> None:
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    net = Network((1, 1), ("sigmoid",), "binary_crossentropy")
    net.weights[0][:] = -1.0  # everything backwards: accuracy 0 before the first update
    before = net.copy()
    trainer = Trainer(net, make_optimizer("sgd", 0.1), None, epochs=1, metrics="running")
    (result,) = trainer.run(X, y)
    assert result.train_accuracy == 0.0
    assert result.train_loss == pytest.approx(before.loss(X, y), rel=1e-12)
    assert net.loss(X, y) < result.train_loss  # the update helped; "exact" would show that


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(
    ("task_name", "sizes", "acts", "loss"),
    [
        ("digits", (64, 32, 10), ("relu", "softmax"), "categorical_crossentropy"),
        ("odd_even", (64, 8, 1), ("tanh", "sigmoid"), "binary_crossentropy"),
        ("digits", (64, 16, 10), ("sigmoid", "softmax"), "mse"),
    ],
)
def test_metrics_mode_does_not_change_the_updates(task_name, sizes, acts, loss, dtype) -> None:
    task = load_digits_task(task_name)
    runs = {}
    for metrics in ("exact", "running"):
        net = Network(sizes, acts, loss, seed=3, dtype=dtype)
        trainer = Trainer(net, make_optimizer("adam", 1e-2), 50, epochs=3, seed=1, metrics=metrics)
        runs[metrics] = list(trainer.run(task.X_train, task.y_train, task.X_test, task.y_test))
    for exact, running in zip(runs["exact"], runs["running"], strict=True):
        for a, b in zip(
            exact.weights + exact.biases, running.weights + running.biases, strict=True
        ):
            np.testing.assert_array_equal(a, b)
        assert exact.test_loss == running.test_loss  # same weights, same exact test metrics
        assert exact.test_accuracy == running.test_accuracy
        assert exact.steps == running.steps
    # ...but the training numbers differ: the running mean lags the end-of-epoch weights.
    assert runs["exact"][0].train_loss != runs["running"][0].train_loss


def test_running_mode_same_seed_is_bit_identical(digits) -> None:
    def run() -> list[EpochResult]:
        net = default_net(seed=3, dtype="float32")
        trainer = Trainer(
            net, make_optimizer("adam", 1e-3), 16, epochs=2, seed=9, metrics="running"
        )
        return list(trainer.run(digits.X_train, digits.y_train))

    a, b = run(), run()
    for ra, rb in zip(a, b, strict=True):
        assert ra.train_loss == rb.train_loss and ra.train_accuracy == rb.train_accuracy
        np.testing.assert_array_equal(ra.weights[0], rb.weights[0])


def test_running_mode_reports_divergence_without_warnings(digits) -> None:
    net = default_net()
    trainer = Trainer(net, make_optimizer("sgd", 1e3), 32, epochs=3, metrics="running")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = list(trainer.run(digits.X_train, digits.y_train, digits.X_test, digits.y_test))
    assert len(results) == 3
    assert not results[-1].finite or results[-1].train_loss > 5
    assert all(0.0 <= r.train_accuracy <= 1.0 for r in results)


@pytest.mark.parametrize("bad", ["Exact", "mean", "", None, 1])
def test_unknown_metrics_value_is_refused(bad) -> None:
    with pytest.raises(ValueError, match=r'metrics must be "exact" .* or "running"'):
        Trainer(default_net(), make_optimizer("sgd"), metrics=bad)


def test_metrics_default_is_exact_and_results_say_which(digits) -> None:
    assert Trainer(default_net(), make_optimizer("sgd")).metrics == "exact"
    for metrics in ("exact", "running"):
        trainer = Trainer(default_net(), make_optimizer("sgd"), epochs=1, metrics=metrics)
        (result,) = trainer.run(digits.X_train, digits.y_train)
        assert result.metrics == metrics


def test_tied_outputs_break_to_the_first_class_in_both_modes(digits) -> None:
    # All-zero weights give every sample the same uniform softmax: a tie between all ten
    # classes, which predict() breaks to class 0. A learning rate of 1e-300 moves the biases
    # by about 1e-302, too little to change exp(z): the tie lasts, and both modes must report
    # the share of zeros, not 100%.
    share = float(np.mean(digits.y_train == 0))
    assert 0.05 < share < 0.15
    for metrics in ("exact", "running"):
        net = default_net()
        net.weights = [np.zeros_like(w) for w in net.weights]
        trainer = Trainer(net, make_optimizer("sgd", 1e-300), 32, epochs=1, metrics=metrics)
        (result,) = trainer.run(digits.X_train, digits.y_train, digits.X_test, digits.y_test)
        assert np.all(net.predict_proba(digits.X_train) == 0.1)  # still tied
        assert result.train_accuracy == share
        assert result.test_accuracy == float(np.mean(digits.y_test == 0))
