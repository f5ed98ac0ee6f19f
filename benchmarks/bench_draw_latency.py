"""Draw-stroke-to-repaint latency of the digit lab (run by hand, not a test).

For each architecture, a trained-for-one-epoch network is put in a DigitLab (460x640, the
size it gets at 1024x768) and the mouse is dragged across the canvas. One sample is the time
from delivering a mouse-move event to the canvas (which paints the stroke and runs the one
forward pass) until the canvas, the prediction view and the activation view have been
repainted synchronously (``QWidget.repaint``). A second figure adds the network diagram,
which is visible when its tab is open.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_draw_latency.py

Measured 2026-11-28 (2 cores, offscreen, 300 strokes each; ms, wall median / worst):
64-32-10 6.3 / 7.5, 64-128-10 5.7 / 7.4, 64-128-64-10 5.8 / 8.7, 64-256-256-10 6.3 / 8.5;
with the network diagram visible as well 5.8–11.1 / at most 13.9. Target: under 16 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# This checkout's packages, not an installed copy of them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

import engine
from gui.lab.digit_lab import DigitLab

ARCHITECTURES: tuple[tuple[int, ...], ...] = ((32,), (128,), (128, 64), (256, 256))
STROKES = 300


def _mouse(kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton) -> QMouseEvent:
    buttons = (
        Qt.MouseButton.LeftButton
        if kind != QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.NoButton
    )
    return QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier)


def measure(lab: DigitLab, extra: list[QWidget]) -> tuple[list[float], list[float]]:
    """Per stroke event: wall-clock and CPU milliseconds until the views are repainted.

    The CPU time of this thread (``time.thread_time``) leaves out time the process spent
    preempted by other programs, so it stays meaningful on a busy machine.
    """
    app = QApplication.instance()
    canvas = lab.digitCanvas
    views: list[QWidget] = [canvas, lab.predictionView, lab.activationView, *extra]
    rect = canvas.draw_rect()
    t = np.linspace(0, 4 * np.pi, STROKES)
    xs = rect.center().x() + 0.38 * rect.width() * np.sin(t)
    ys = rect.center().y() + 0.38 * rect.height() * np.sin(0.5 * t)
    times, cpu = [], []
    for k in range(STROKES):
        if k % 60 == 0:  # start a fresh stroke on a clean canvas every so often
            canvas.clear()
            QApplication.sendEvent(
                canvas,
                _mouse(
                    QEvent.Type.MouseButtonPress, QPointF(xs[k], ys[k]), Qt.MouseButton.LeftButton
                ),
            )
        pos = QPointF(float(xs[k]), float(ys[k]))
        start, start_cpu = time.perf_counter(), time.thread_time()
        QApplication.sendEvent(canvas, _mouse(QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton))
        for v in views:
            v.repaint()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        assert app is not None
        app.processEvents()
    return times, cpu


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(
        f"{'network':<15} {'views':<28} {'median':>7} {'p95':>7} {'worst':>7}"
        f" | {'cpu med':>7} {'cpu p95':>7} {'cpu max':>7}   (ms)"
    )
    for hidden in ARCHITECTURES:
        design = engine.Design(hidden=tuple(engine.HiddenLayer(n, "relu") for n in hidden))
        task = engine.load_task(design)
        net = engine.build_network(design)
        trainer = engine.Trainer(net, engine.build_optimizer(design), epochs=1)
        for _ in trainer.run(task.X_train, task.y_train):
            pass
        lab = DigitLab()
        lab.resize(460, 640)
        lab.set_task(task)
        lab.set_network(net)
        lab.show()
        diagram = lab.networkDiagram
        diagram.resize(560, 640)
        diagram.show()
        app.processEvents()
        name = "-".join(str(n) for n in net.layer_sizes)
        for label, extra in (
            ("canvas+prediction+activations", []),
            ("  + network diagram", [diagram]),
        ):
            measure(lab, extra)  # warm-up
            times, cpu = measure(lab, extra)
            print(
                f"{name:<15} {label:<28} {statistics.median(times):7.2f}"
                f" {np.percentile(times, 95):7.2f} {max(times):7.2f}"
                f" | {statistics.median(cpu):7.2f} {np.percentile(cpu, 95):7.2f} {max(cpu):7.2f}"
            )
        lab.close()
        diagram.close()
        lab.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
