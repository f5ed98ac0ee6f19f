"""PredictionView: shows what it is given, ranks classes, explains itself when empty."""

import numpy as np

from gui.lab.prediction_view import PredictionView


def test_ten_classes_ranked_with_second_guess(qtbot) -> None:
    view = PredictionView()
    qtbot.addWidget(view)
    view.resize(440, 170)
    view.show()
    probs = np.array([0.01, 0.02, 0.6, 0.05, 0.02, 0.2, 0.03, 0.03, 0.02, 0.02])
    view.set_probabilities(probs)
    np.testing.assert_array_equal(view.probabilities(), probs)
    assert view.ranking()[:2] == [2, 5]
    view.grab()  # paints without error


def test_single_sigmoid_output_becomes_two_bars(qtbot) -> None:
    view = PredictionView()
    qtbot.addWidget(view)
    view.set_class_names(("even", "odd"))
    view.set_probabilities([0.3])
    np.testing.assert_array_equal(view.probabilities(), [0.3])
    np.testing.assert_allclose(view.class_probabilities(), [0.7, 0.3])
    assert view.ranking() == [0, 1]
    view.grab()


def test_empty_state(qtbot) -> None:
    view = PredictionView()
    qtbot.addWidget(view)
    view.set_empty("No network yet.")
    assert view.probabilities() is None and view.ranking() == []
    view.grab()


def test_the_probability_lines_shrink_to_fit_and_drop_the_runner_up_last(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QFontMetricsF

    from gui.lab.prediction_view import fit_lines

    font = QFont()
    font.setPixelSize(24)
    lines = ["59% sure", "2nd: 9 (20%)"]
    roomy, shown = fit_lines(font, lines, QSizeF(400, 200), 15)
    assert roomy.pixelSize() == 24 and shown == lines  # room: the key size, both lines
    snug, shown = fit_lines(font, lines, QSizeF(120, 200), 15)
    metrics = QFontMetricsF(snug)
    assert 15 <= snug.pixelSize() < 24 and shown == lines
    assert max(metrics.horizontalAdvance(line) for line in shown) <= 120
    _, shown = fit_lines(font, lines, QSizeF(400, 30), 15)
    assert shown == lines[:1]  # one line's height: the runner-up goes, the probability stays
