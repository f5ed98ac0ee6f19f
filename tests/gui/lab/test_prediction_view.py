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
