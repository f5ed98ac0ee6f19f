"""File > Export plot: a landscape PNG that is not blank, an SVG that parses, a title that says
the design in one line."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage

from engine import Design, HiddenLayer
from gui.training.history import EpochRow, TrainingHistory
from gui.training.loss_plot import LossPlot
from gui.training.plot_export import EXPORT_SIZE, design_title, export_plot


def history_of(epochs: int) -> TrainingHistory:
    history = TrainingHistory()
    for e in range(1, epochs + 1):
        history.add_batches(e - 1 + np.arange(1, 46) / 45, np.full(45, 2.2 / e), 45)
        history.add_epoch(EpochRow(e, 2.0 / e, 2.1 / e, 0.5, 0.4 + e / 100))
    return history


def test_design_title_is_the_design_in_one_line():
    design = Design(hidden=(HiddenLayer(32, "relu"),), epochs=60, batch_size=32)
    assert design_title(design) == (
        "64-32-10 relu, softmax CE, adam α=0.001, mini-batch 32, 60 epochs"
    )
    odd = Design(task="odd_even", hidden=(), loss="binary_crossentropy", batch_mode="stochastic")
    assert design_title(odd, 40).startswith("64-1 no hidden, sigmoid binary CE")
    assert design_title(odd, 40).endswith("stochastic (batch 1), 40 epochs")


def test_png_is_landscape_and_not_blank(qtbot, tmp_path):
    source = LossPlot()  # narrow and tall on screen: the file is landscape all the same
    qtbot.addWidget(source)
    source.resize(300, 600)
    path = tmp_path / "plot.png"
    export_plot(source, history_of(12), 20, "64-32-10 relu", path)
    image = QImage(str(path))
    assert (image.width(), image.height()) == EXPORT_SIZE
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 900, 7)}
    assert len(colours) > 20  # curves, text, grid: not a blank canvas


def test_svg_parses_and_carries_the_title(qtbot, tmp_path):
    source = LossPlot()
    qtbot.addWidget(source)
    path = tmp_path / "plot.svg"
    export_plot(source, history_of(5), 5, "64-32-10 relu, softmax CE", path)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == f"0 0 {EXPORT_SIZE[0]} {EXPORT_SIZE[1]}"
    text = ET.tostring(root, encoding="unicode")
    assert "64-32-10 relu, softmax CE" in text
    assert (
        len(root.findall(".//{http://www.w3.org/2000/svg}polyline"))
        + len(root.findall(".//{http://www.w3.org/2000/svg}path"))
        > 5
    )


@pytest.mark.parametrize("name", ["plot.png", "plot.svg"])
def test_a_folder_that_is_not_there_is_an_oserror_not_a_qt_warning(qtbot, tmp_path, name):
    source = LossPlot()
    qtbot.addWidget(source)
    path = tmp_path / "missing" / name
    with pytest.raises(OSError):
        export_plot(source, history_of(3), 3, "64-32-10 relu", path)
    assert not path.exists()
