"""EvaluationView: accuracy, confusion matrix from the engine's predictions, cell -> gallery."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

import engine
from gui.lab.digit_lab import DigitLab
from gui.lab.evaluation_view import EvaluationView, confusion_matrix


@pytest.fixture(scope="module")
def trained():
    design = engine.Design(hidden=(engine.HiddenLayer(16, "relu"),), seed=2)
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(net, engine.build_optimizer(design), batch_size=32, epochs=2)
    for _ in trainer.run(task.X_train, task.y_train):
        pass
    return task, net


def test_confusion_matrix_counts() -> None:
    cm = confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


def test_clicking_a_cell_lists_exactly_its_misclassified_digits(qtbot, trained) -> None:
    task, net = trained
    lab = DigitLab()
    qtbot.addWidget(lab)
    view = lab.evaluationView
    qtbot.addWidget(view)
    lab.set_task(task)
    lab.set_network(net)
    view.resize(520, 640)
    view.show()
    qtbot.waitExposed(view)
    view.refresh_now()
    pred = net.predict(task.X_test)
    y = np.asarray(task.y_test)
    cm = view.confusion()
    np.testing.assert_array_equal(cm, confusion_matrix(y, pred, 10))
    assert cm.sum() == y.size
    acc = np.mean(pred == y)
    assert f"{acc:.1%}" in view.findChild(type(view._accuracy), "accuracyLabel").text()
    off = cm.copy()
    np.fill_diagonal(off, 0)
    cells = [tuple(int(v) for v in ij) for ij in np.argwhere(off > 0)][:4]
    assert cells, "a 2-epoch network makes some mistakes"
    for i, j in cells:
        rect = view.matrix.cell_rect(i, j)
        qtbot.mouseClick(view.matrix, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
        expected = np.flatnonzero((y == i) & (pred == j)).tolist()
        assert view.gallery_indices() == expected
        assert len(expected) == cm[i, j]
    # A diagonal cell lists the correctly recognised digits of that class.
    qtbot.mouseClick(
        view.matrix, Qt.MouseButton.LeftButton, pos=view.matrix.cell_rect(4, 4).center().toPoint()
    )
    assert view.gallery_indices() == np.flatnonzero((y == 4) & (pred == 4)).tolist()
    # Clicking a digit in the gallery loads it into the canvas.
    i, j = cells[0]
    qtbot.mouseClick(
        view.matrix, Qt.MouseButton.LeftButton, pos=view.matrix.cell_rect(i, j).center().toPoint()
    )
    first = view.gallery_indices()[0]
    gallery = view.gallery
    qtbot.mouseClick(
        gallery, Qt.MouseButton.LeftButton, pos=gallery.thumb_rect(0).center().toPoint()
    )
    np.testing.assert_array_equal(lab.digitCanvas.pixels(), task.images_test[first])
    assert f"#{first}" in lab.labelLabel.text()
    np.testing.assert_array_equal(
        lab.predictionView.probabilities(), net.predict_proba(task.X_test[first])[0]
    )


def test_training_frames_skip_the_hidden_view_until_it_is_shown(qtbot, trained) -> None:
    from gui.training.clock import FrameRouter
    from gui.training.frame import Frame, Progress, TrainingState
    from gui.training.history import TrainingHistory

    task, net = trained
    view = EvaluationView()
    qtbot.addWidget(view)
    view.set_task(task)
    router = FrameRouter()
    router.register(view)
    for _ in range(50):
        frame = Frame(net, TrainingHistory(), Progress(0, 1, 0, None), TrainingState.RUNNING, "")
        router.deliver(frame)  # hidden: nothing is computed
    assert view.confusion() is None
    view.show()  # shown: computed once, at once
    qtbot.waitExposed(view)
    assert view.confusion() is not None
    assert view.confusion().sum() == len(task.y_test)


def test_binary_task_gives_a_two_by_two_matrix(qtbot) -> None:
    design = engine.Design(task="is_k", k=3, loss="binary_crossentropy", seed=0)
    task = engine.load_task(design)
    net = engine.build_network(design)
    view = EvaluationView()
    qtbot.addWidget(view)
    view.set_task(task)
    view.set_network(net)
    view.refresh_now()
    cm = view.confusion()
    assert cm.shape == (2, 2)
    np.testing.assert_array_equal(cm, confusion_matrix(task.y_test, net.predict(task.X_test), 2))


def test_a_network_for_another_task_is_explained_not_scored(qtbot, trained) -> None:
    _, net = trained  # 10 outputs
    odd_even = engine.load_task(engine.Design(task="odd_even", loss="binary_crossentropy"))
    view = EvaluationView()
    qtbot.addWidget(view)
    view.set_task(odd_even)
    view.set_network(net)
    view.refresh_now()
    assert view.confusion() is None
    assert "reset" in view.findChild(type(view._accuracy), "accuracyLabel").text()
