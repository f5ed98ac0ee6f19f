"""The epoch log prints Keras' verbose=1 lines with the history's numbers, a stepped batch's
line, every update in slow motion, and starts over on a reset or an opened model."""

import re

import numpy as np

from engine import Design, build_network
from gui.training.epoch_log import EpochLog, epoch_lines, progress_bar, time_text, update_line
from gui.training.frame import Frame, Progress, TrainingState
from gui.training.history import EpochRow, TrainingHistory

NET = build_network(Design())
KERAS = re.compile(
    r"^(\d+)/(\d+) \[=+\] - (\d+)s (\d+)(ms|us|s)/step - loss: (\d+\.\d{4}) - "
    r"accuracy: (\d\.\d{4}) - val_loss: (\d+\.\d{4}) - val_accuracy: (\d\.\d{4})$"
)


def frame(history, state=TrainingState.RUNNING, target=30, elapsed=0.0, key=False):
    return Frame(
        network=NET,
        history=history,
        progress=Progress(history.last_epoch, target, elapsed, None),
        state=state,
        status="",
        key=key,
    )


def row(e: int) -> EpochRow:
    return EpochRow(e, 2.0 / e, 2.1 / e, 0.5 + e / 100, 0.4 + e / 100)


def add_epoch(history: TrainingHistory, e: int, per_epoch: int = 45) -> None:
    x = e - 1 + np.arange(1, per_epoch + 1) / per_epoch
    history.add_batches(x, np.full(per_epoch, 2.2 / e), per_epoch)
    history.add_epoch(row(e))


def test_keras_lines_are_formatted_like_keras():
    header, line = epoch_lines(EpochRow(3, 0.41234, 0.45, 0.90119, 0.88889), 30, 45, 0.09)
    assert header == "Epoch 3/30"
    assert line == (
        "45/45 [==============================] - 0s 2ms/step - loss: 0.4123 - "
        "accuracy: 0.9012 - val_loss: 0.4500 - val_accuracy: 0.8889"
    )
    assert progress_bar(12, 45) == "[=======>......................]"
    assert time_text(2.5, 2) == "2s 1s/step" and time_text(0.0009, 45) == "0s 20us/step"
    assert (
        update_line(1, 45, 2.30258) == "1/45 [..............................] - batch loss: 2.3026"
    )


def test_one_line_pair_per_epoch_with_the_history_numbers(qtbot):
    log = EpochLog()
    qtbot.addWidget(log)
    history = TrainingHistory()
    log.on_frame(frame(history, TrainingState.IDLE, key=True))
    log.on_frame(frame(history, elapsed=0.0))
    for e in range(1, 4):
        add_epoch(history, e)
        log.on_frame(frame(history, elapsed=0.5 * e))
    lines = log.text().splitlines()
    assert lines[0::2] == ["Epoch 1/30", "Epoch 2/30", "Epoch 3/30"]
    for text, r in zip(lines[1::2], history.rows, strict=True):
        m = KERAS.match(text)
        assert m, text
        assert m.group(1) == m.group(2) == "45"
        assert m.group(4) == "11" and m.group(5) == "ms"  # 0.5 s over 45 updates
        numbers = [float(m.group(i)) for i in (6, 7, 8, 9)]
        expected = [r.train_loss, r.train_accuracy, r.test_loss, r.test_accuracy]
        assert np.allclose(numbers, expected, atol=5e-5)


def test_a_stepped_batch_prints_its_line_and_slow_motion_prints_every_update(qtbot):
    log = EpochLog()
    qtbot.addWidget(log)
    history = TrainingHistory()
    log.on_frame(frame(history, TrainingState.IDLE, key=True))
    history.add_batches([1 / 45], [2.3026], 45)
    log.on_frame(frame(history, TrainingState.PAUSED, key=True))
    assert log.text().splitlines() == [
        "Epoch 1/30",
        "1/45 [..............................] - batch loss: 2.3026",
    ]
    log.set_print_updates(True)
    history.add_batches([2 / 45, 3 / 45], [2.2, 2.1], 45)
    log.on_frame(frame(history, TrainingState.RUNNING))
    assert log.text().splitlines()[-2:] == [
        "2/45 [>.............................] - batch loss: 2.2000",
        "3/45 [=>............................] - batch loss: 2.1000",
    ]
    log.set_print_updates(False)
    history.add_batches(np.arange(4, 46) / 45, np.full(42, 2.0), 45)
    history.add_epoch(row(1))
    log.on_frame(frame(history, TrainingState.RUNNING))
    lines = log.text().splitlines()
    assert lines.count("Epoch 1/30") == 1  # the epoch's header once, above its updates
    assert KERAS.match(lines[-1])


def test_reset_clears_the_log_and_a_restored_history_prints_it_whole(qtbot):
    log = EpochLog()
    qtbot.addWidget(log)
    history = TrainingHistory()
    add_epoch(history, 1)
    log.on_frame(frame(history))
    assert log.text()
    history.clear()
    log.on_frame(frame(history, TrainingState.IDLE, key=True))
    assert log.text() == ""
    history.restore([(1, 2.0, 2.1, 0.5, 0.4), (2, 1.0, 1.1, 0.6, 0.5)])
    log.on_frame(frame(history, TrainingState.IDLE, target=2, key=True))
    assert log.text().splitlines() == [  # an opened model: no step counts, no times
        "Epoch 1/2",
        "loss: 2.0000 - accuracy: 0.5000 - val_loss: 2.1000 - val_accuracy: 0.4000",
        "Epoch 2/2",
        "loss: 1.0000 - accuracy: 0.6000 - val_loss: 1.1000 - val_accuracy: 0.5000",
    ]


def test_write_exports_the_log(qtbot, tmp_path):
    log = EpochLog()
    qtbot.addWidget(log)
    history = TrainingHistory()
    add_epoch(history, 1)
    log.on_frame(frame(history))
    log.write(tmp_path / "log.txt")
    assert (tmp_path / "log.txt").read_text(
        encoding="utf-8"
    ).splitlines() == log.text().splitlines()


def test_the_log_follows_the_font_size(qtbot):
    from PySide6.QtGui import QFont

    log = EpochLog()
    qtbot.addWidget(log)
    before = log.document().defaultFont().pointSizeF()
    font = QFont(log.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    log.setFont(font)
    assert log.document().defaultFont().pointSizeF() == font.pointSizeF() == 1.5 * before
    assert (
        log.document().defaultFont().fixedPitch()
        or "mono" in log.document().defaultFont().family().lower()
    )


def test_the_view_follows_the_newest_line_unless_scrolled_up(qtbot):
    log = EpochLog()
    qtbot.addWidget(log)
    log.resize(400, 120)
    log.show()
    history = TrainingHistory()
    for e in range(1, 21):
        add_epoch(history, e)
        log.on_frame(frame(history, elapsed=0.1 * e))
    bar = log.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    bar.setValue(0)  # the teacher scrolls up to epoch 1
    add_epoch(history, 21)
    log.on_frame(frame(history, elapsed=2.2))
    assert bar.value() == 0
