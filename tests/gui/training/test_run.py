"""A run's request: the epochs still planned, a seed moved on by the epochs done."""

import engine
from gui.training.pace import FULL, pace_named
from gui.training.run import make_request

CLASS = pace_named("class")

DESIGN = engine.Design(epochs=10, seed=5)


def test_a_continued_run_trains_the_rest_with_a_moved_seed() -> None:
    task = engine.load_task(DESIGN)
    net = engine.build_network(DESIGN)
    first = make_request(DESIGN, task, net, done=0, pace=FULL, run_id=1)
    assert (first.epochs, first.seed, first.epoch_offset) == (10, 5, 0)
    later = make_request(DESIGN, task, net, done=4, pace=CLASS, run_id=2, step_batches=1)
    assert (later.epochs, later.seed, later.epoch_offset) == (6, 9, 4)
    assert later.pace is CLASS and later.step_batches == 1 and later.network is net
    assert later.pace_epochs == 10  # the class pace spreads the design's 10 epochs, not 6
    again = make_request(DESIGN, task, net, done=10, pace=FULL, run_id=3)
    assert again.epochs == 10  # all planned epochs done: train them all again
