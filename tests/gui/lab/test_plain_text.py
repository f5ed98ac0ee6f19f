"""Text a task or a model file supplies (class names) is shown as text, never as HTML."""

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import engine
from gui.lab.digit_lab import DigitLab

MARKUP = '<img src="/tmp/x.png" width=4000><b>'


def test_class_names_with_markup_are_shown_literally(qtbot) -> None:
    design = engine.Design(task="odd_even", loss="binary_crossentropy")
    task = engine.load_task(design)
    task = replace(task, class_names=(MARKUP + "even", MARKUP + "odd"))
    lab = DigitLab()
    qtbot.addWidget(lab)
    lab.set_task(task)
    lab.set_network(engine.build_network(design))
    lab.load_test_digit(0)
    label = lab.labelLabel
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP in label.text()
    view = lab.evaluationView
    y = np.asarray(task.y_test)
    view.select_cell(int(y[0]), int(y[0]))
    title = view.findChild(QLabel, "galleryTitle")
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP in title.text()
    accuracy = view.findChild(QLabel, "accuracyLabel")
    assert accuracy.textFormat() == Qt.TextFormat.PlainText
