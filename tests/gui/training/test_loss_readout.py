"""The readout: the last epoch's numbers, big, in as many rows as the width needs."""

import math

from PySide6.QtGui import QFont, QFontInfo

from gui.training.history import EpochRow
from gui.training.loss_readout import NUMBER_SCALE, LossReadout


def shown(qtbot, width: int) -> LossReadout:
    readout = LossReadout()
    qtbot.addWidget(readout)
    readout.set_base_font(QFont(readout.font()))
    readout.resize(width, 120)
    readout.show()
    qtbot.waitExposed(readout)
    return readout


def test_shows_the_epoch_numbers_and_the_stepped_batch(qtbot):
    readout = shown(qtbot, 700)
    readout.show_epoch(EpochRow(7, 0.41234, 0.45, 0.9, 0.88889), 30)
    assert [readout.numbers[k].text() for k in ("epoch", "train_loss", "test_loss")] == [
        "7 / 30", "0.4123", "0.4500",
    ]  # fmt: skip
    assert readout.numbers["test_accuracy"].text() == "88.89 %"
    assert not readout.numbers["batch"].isVisible()
    readout.show_batch((12, 45, 0.51234))
    assert readout.numbers["batch"].isVisible() and readout.numbers["batch"].text() == "0.5123"
    assert readout.captions["batch"].text() == "batch 12/45 loss"
    assert readout.values()["batch"] == 0.51234 and readout.values()["epoch"] == 7
    readout.show_epoch(EpochRow(8, math.nan, 0.4, 0.9, math.nan), 30)
    assert (
        readout.numbers["train_loss"].text() == "–"
        and readout.numbers["test_accuracy"].text() == "–"
    )


def test_numbers_are_bigger_than_captions_and_nothing_is_cut_when_narrow(qtbot):
    for width in (700, 330, 240):
        readout = shown(qtbot, width)
        readout.show_epoch(EpochRow(120, 10.1234, 10.1234, 1.0, 1.0), 120)
        readout.show_batch((1437, 1437, 10.5))
        qtbot.wait(10)
        big = QFontInfo(readout.numbers["train_loss"].font()).pixelSize()
        small = QFontInfo(readout.captions["train_loss"].font()).pixelSize()
        assert big >= NUMBER_SCALE * small - 1
        assert QFontInfo(readout.font()).pixelSize() == big  # the readout's font: its numbers'
        for label in [*readout.numbers.values(), *readout.captions.values()]:
            if label.isVisible():
                assert label.width() >= label.sizeHint().width(), (width, label.text())
