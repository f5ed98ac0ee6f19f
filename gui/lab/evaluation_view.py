"""EvaluationView: test accuracy, the confusion matrix, and a gallery of the digits in a cell.

Row i, column j of the confusion matrix counts the test digits whose true class is i and which
the network predicts as j; the diagonal holds the correct answers. Clicking a cell lists those
test digits in the gallery; clicking a digit there emits :attr:`digitChosen` with its index in
the test set, and the lab loads it into the canvas so the class can edit it until the
prediction flips.

Scoring the whole test set costs one batched forward pass (a few milliseconds even for
64-256-256-10, tens of milliseconds for 8x512); while training it is done in pieces across
frames, and how often and how long (and not while hidden) is declared in
gui/training/clock.py. The matrix and the gallery are their own modules.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from engine import DigitsTask, Network, parameter_count
from gui.lab.confusion_matrix import ConfusionMatrixWidget, confusion_matrix
from gui.lab.digit_gallery import DigitGallery
from gui.training.clock import WorkSlice
from gui.training.frame import Frame
from gui.zoom import KEY_NUMBER_SCALE, follow_font


class _ScoringPass:
    """The test set scored by one network a piece at a time (see ``EvaluationView.on_frame``).

    A piece is as many rows as make about ``_PIECE_WORK`` multiply-adds: the whole test set at
    once for the default network, a few rows for an 8x512 one (about a millisecond each).
    """

    _PIECE_WORK = 16_000_000

    def __init__(self, net: Network, X: NDArray[np.float64]) -> None:
        self.net = net
        self._X = X
        self._rows = max(1, self._PIECE_WORK // max(1, parameter_count(net.layer_sizes)))
        self._parts: list[NDArray[np.float64]] = []
        self._next = 0

    @property
    def done(self) -> bool:
        return self._next >= len(self._X)

    def score_next(self) -> bool:
        """Score the next piece; False when the pass is done."""
        stop = min(len(self._X), self._next + self._rows)
        with np.errstate(all="ignore"):
            out = self.net.predict_proba(self._X[self._next : stop])
        self._parts.append(np.asarray(out, dtype=np.float64))
        self._next = stop
        return not self.done

    def proba(self) -> NDArray[np.float64]:
        return np.concatenate(self._parts)


class EvaluationView(QWidget):
    """Accuracy on the test set, the confusion matrix and the gallery of one cell."""

    digitChosen = Signal(int)  # index into task.X_test / images_test

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationView")
        self._task: DigitsTask | None = None
        self._net: Network | None = None
        self._pred: NDArray[np.int64] | None = None
        self._conf: NDArray[np.float64] | None = None
        self._cm: NDArray[np.int64] | None = None
        self._cell: tuple[int, int] | None = None
        self._pass: _ScoringPass | None = None  # a running run's scoring, spread over frames

        self._accuracy = QLabel()
        self._accuracy.setObjectName("accuracyLabel")
        follow_font(self._accuracy, KEY_NUMBER_SCALE, bold=True, source=self)
        self._accuracy.setWordWrap(True)
        self._accuracy.setTextFormat(Qt.TextFormat.PlainText)
        self.matrix = ConfusionMatrixWidget()
        self.matrix.cellClicked.connect(self._on_cell_clicked)
        self._gallery_title = QLabel()
        self._gallery_title.setWordWrap(True)
        # Class names come from the task (a model file may carry its own): text, never HTML.
        self._gallery_title.setTextFormat(Qt.TextFormat.PlainText)
        self._gallery_title.setObjectName("galleryTitle")
        self.gallery = DigitGallery()
        self.gallery.digitClicked.connect(self.digitChosen)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.gallery)
        scroll.setMinimumHeight(100)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._accuracy)
        layout.addWidget(self.matrix, 3)
        layout.addWidget(self._gallery_title)
        layout.addWidget(scroll, 1)
        self._show_empty()

    # ------------------------------------------------------------- public API
    def set_task(self, task: DigitsTask | None) -> None:
        self._task = task
        self._cell = None
        self.refresh_now()

    def set_network(self, net: Network | None) -> None:
        """Score the test set with ``net`` (None: nothing to score)."""
        self._net = net
        self.refresh_now()

    def on_frame(self, frame: Frame) -> None:
        """A training frame: score the test set with its network if it is new.

        While a run is on, the rows are scored a few at a time, as far as the frame's
        ``WorkSlice`` allows, with the network the pass began with; the matrix changes only
        when a pass is whole, so it never mixes two networks. A key frame scores at once.
        """
        work = WorkSlice(frame)
        net = frame.network
        if work.whole or self._task is None or not self._scorable(net):
            # (A key frame with the network already shown, e.g. a pause: nothing to score.)
            if net is not self._net or self._pass is not None:
                self._pass = None
                self.set_network(net)
            return
        if self._pass is None:
            if net is self._net:
                return
            self._pass = _ScoringPass(net, self._task.X_test)
        scoring = self._pass
        while scoring.score_next() and work.left():
            pass
        if scoring.done:
            self._pass = None
            self._net = scoring.net
            self._show_scores(scoring.proba())

    def confusion(self) -> NDArray[np.int64] | None:
        return None if self._cm is None else self._cm.copy()

    def predictions(self) -> NDArray[np.int64] | None:
        return None if self._pred is None else self._pred.copy()

    def gallery_indices(self) -> list[int]:
        """Test-set indices of the digits in the gallery (the selected cell)."""
        return self.gallery.indices()

    def select_cell(self, i: int, j: int) -> None:
        self._on_cell_clicked(i, j)

    def refresh_now(self) -> None:
        """Score the test set with the current network and redraw everything."""
        if self._task is None or self._net is None:
            self._show_empty()
            return
        if self._net.layer_sizes[-1] != self._task.n_outputs:
            # The task changed and the network has not been rebuilt for it yet.
            self._show_empty(
                f"This network has {self._net.layer_sizes[-1]} outputs but the task needs "
                f"{self._task.n_outputs}: reset the network to score the test digits."
            )
            return
        with np.errstate(all="ignore"):
            proba = np.asarray(self._net.predict_proba(self._task.X_test), dtype=np.float64)
        self._show_scores(proba)

    def _scorable(self, net: Network) -> bool:
        return self._task is not None and net.layer_sizes[-1] == self._task.n_outputs

    def _show_scores(self, proba: NDArray[np.float64]) -> None:
        """The test set's outputs ``proba`` as accuracy, matrix and gallery."""
        assert self._task is not None and self._net is not None
        y = np.asarray(self._task.y_test, dtype=np.int64)
        # The labels from the outputs already computed (argmax, or > 0.5 for one output):
        # a second forward pass for ``predict`` would double the cost for big networks.
        pred = np.asarray(self._net.labels_from_output(proba), dtype=np.int64).ravel()
        if proba.ndim == 1 or proba.shape[1] == 1:
            p1 = proba.reshape(-1)
            conf = np.where(pred == 1, p1, 1.0 - p1)
        else:
            conf = proba[np.arange(pred.size), pred]
        names = tuple(self._task.class_names)
        n = len(names)
        self._pred, self._conf = pred, conf
        self._cm = confusion_matrix(y, pred, n)
        correct = int(np.trace(self._cm))
        self._accuracy.setText(
            f"Test accuracy: {correct / max(1, y.size):.1%}  ({correct} of {y.size} test digits)"
        )
        self.matrix.set_matrix(self._cm, names)
        if self._cell is None:
            self._cell = self._worst_cell()
        if self._cell is not None:
            self._fill_gallery(*self._cell)

    # ------------------------------------------------------------- internals
    def _show_empty(self, text: str = "") -> None:
        self._cm = None
        self._pred = None
        self._accuracy.setText(
            text
            or "No network yet. After training, the test digits are scored here: "
            "click a cell of the confusion matrix to see those digits."
        )
        self.matrix.set_matrix(None, ())
        self._gallery_title.setText("")
        self.gallery.set_digits([], np.zeros((0, 8, 8)), [])

    def _worst_cell(self) -> tuple[int, int] | None:
        """The most frequent mistake, so the gallery starts with something to discuss."""
        if self._cm is None:
            return None
        off = self._cm.copy()
        np.fill_diagonal(off, -1)
        i, j = np.unravel_index(int(np.argmax(off)), off.shape)
        return (int(i), int(j)) if off[i, j] > 0 else None

    def _on_cell_clicked(self, i: int, j: int) -> None:
        self._cell = (i, j)
        self._fill_gallery(i, j)

    def _fill_gallery(self, i: int, j: int) -> None:
        if self._task is None or self._pred is None or self._conf is None:
            return
        y = np.asarray(self._task.y_test, dtype=np.int64)
        idx = np.flatnonzero((y == i) & (self._pred == j))
        names = tuple(self._task.class_names)
        digits = np.asarray(self._task.labels_test_digit)
        images = np.asarray(self._task.images_test, dtype=np.float64)[idx]
        binary = len(names) == 2
        captions = [(f"{int(digits[k])}: " if binary else "") + f"{self._conf[k]:.0%}" for k in idx]
        verb = "correctly recognised" if i == j else "mistaken for"
        what = f"True {names[i]}, {verb} {names[j]}" if i != j else f"{names[i]}, {verb}"
        self._gallery_title.setText(
            f"{what}: {idx.size} test digit{'s' if idx.size != 1 else ''}. "
            "Click one to load it into the canvas (caption: how sure the network is)."
        )
        self.matrix.set_selected(i, j)
        self.gallery.set_digits([int(k) for k in idx], images, captions)
