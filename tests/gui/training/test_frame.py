"""The typed boundary: the mailbox's news as frame deltas, merged frames, enums."""

from __future__ import annotations

import numpy as np

import engine
from engine import BatchResult
from gui import messages
from gui.training.frame import Frame, News, Progress, RunEnd, TrainingState, merge_frames
from gui.training.history import TrainingHistory


def test_batch_positions_are_epochs_done_and_the_last_event_says_where_it_paused():
    events = [BatchResult(e, b, 4, 1.0 / (e * b), 0) for e, b in ((2, 3), (2, 4), (3, 1))]
    news = News.from_events(events, None)
    assert news.x.tolist() == [1.75, 2.0, 2.25]
    assert news.losses.tolist() == [1 / 6, 1 / 8, 1 / 3]
    assert not news.x.flags.writeable and not news.losses.flags.writeable
    assert news.done == 2.25
    assert news.where == messages.paused_at(3, 1, 4)
    kept = news.up_to(2)  # a roll-back to the end of epoch 2 drops epoch 3's batch
    assert kept.x.tolist() == [1.75, 2.0]
    empty = News.from_events([], None)
    assert empty.x.size == 0 and empty.where == ""


def test_merged_frames_keep_every_delta_and_the_latest_state():
    net = engine.build_network(engine.Design())
    history = TrainingHistory()

    def frame(x: float, state: TrainingState, key: bool = False) -> Frame:
        points = np.array([x])
        points.flags.writeable = False
        return Frame(
            net,
            history,
            Progress(x, 5, 0.0, None),
            state,
            "",
            batch_positions=points,
            batch_losses=points,
            key=key,
        )

    merged = merge_frames(
        [frame(0.5, TrainingState.RUNNING), frame(1.0, TrainingState.PAUSED, key=True)]
    )
    assert merged.batch_positions.tolist() == [0.5, 1.0]
    assert merged.state == TrainingState.PAUSED and merged.key
    assert merged.progress.done == 1.0


def test_run_end_reads_as_the_signal_text():
    assert [str(r) for r in RunEnd] == ["completed", "stopped", "diverged", "failed", "saturated"]


def test_news_and_merged_frames_keep_the_newest_update_and_every_gradient_point():
    design = engine.Design(epochs=1)
    net, task = engine.build_network(design), engine.load_task(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=1)
    trainer.record_gradients = True
    events = []
    for event in trainer.steps(task.X_train, task.y_train):
        events.append(event)
        trainer.record_update = len(events) in (2, 3)  # batches 3 and 4 are recorded
    news = News.from_events(events[:10], None)
    assert news.update is events[3].update and news.update.batch == 4
    assert [p.x for p in news.gradients] == news.x.tolist()
    assert news.up_to(0).update is None and news.up_to(0).gradients == ()
    history = TrainingHistory()

    def frame(part: News) -> Frame:
        return Frame(
            net,
            history,
            Progress(0, 1, 0.0, None),
            TrainingState.RUNNING,
            "",
            update=part.update,
            gradients=part.gradients,
        )

    first, second = News.from_events(events[:4], None), News.from_events(events[4:6], None)
    merged = merge_frames([frame(first), frame(second)])
    assert merged.update is first.update  # the newest one there is
    assert merged.gradients == first.gradients + second.gradients
