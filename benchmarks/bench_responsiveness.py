"""Does the window stay responsive while the default network trains, and what does it cost?

Run by hand:  .venv/bin/python benchmarks/bench_responsiveness.py [epochs] [repeats] [--design big]

``--design big`` trains a network of 8 hidden layers of 512 ReLU nodes (the largest the
designer allows; target: worst gap < 100 ms) instead of the default one (target: < 50 ms).

Measures, with the real ``MainWindow`` (offscreen unless a display is chosen) training the
default design at full speed:
- a 10 ms heartbeat ``QTimer`` in the GUI thread: the worst and 95th-percentile gap between
  ticks (target: worst <= 50 ms);
- how many frames the controller's clock sends (``frameReady``) and how often the plot is
  actually painted per second of training, and the GUI thread's CPU time per second (the two
  threads share one interpreter lock, so this is roughly what the window takes from training);
- the training slowdown caused by the window: wall time of the run in the window versus the
  bare engine ``Trainer.run`` on the same design, data, seed and epochs (target <= 15 %).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's one BLAS thread (gui/__init__.py sets it before NumPy loads; this script imports
# NumPy first, so it says the same here): measure the window as it runs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTabWidget

import engine


class Heartbeat(QObject):
    """A 10 ms timer that records the gaps between its ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.gaps: list[float] = []
        self.times: list[float] = []  # perf_counter() at each tick
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        self.gaps.clear()
        self.times.clear()
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_tick(self) -> None:
        self.gaps.append(self._clock.nsecsElapsed() / 1e6)
        self.times.append(time.perf_counter())
        self._clock.restart()


class HandlerTimes:
    """Wraps every live view's ``on_frame`` to record how long each call takes (GUI thread).

    The router calls ``view.on_frame(frame)``; an instance attribute of that name shadows the
    class's method, so the wrapper sees every frame without the router knowing.
    """

    def __init__(self, window: QObject, names: list[str]) -> None:
        self.calls: dict[str, list[float]] = {}
        for name in names:
            view = window if window.objectName() == name else window.findChild(QObject, name)
            if view is None or not hasattr(view, "on_frame"):
                continue
            self.calls[name] = []
            view.on_frame = self._timed(view.on_frame, self.calls[name])  # type: ignore[attr-defined]

    @staticmethod
    def _timed(handler, calls: list[float]):  # type: ignore[no-untyped-def]
        def on_frame(frame: object) -> None:
            start = time.perf_counter()
            handler(frame)
            calls.append(time.perf_counter() - start)

        return on_frame

    def clear(self) -> None:
        for calls in self.calls.values():
            calls.clear()

    def report(self) -> str:
        lines = []
        for name, calls in self.calls.items():
            if calls:
                ms = 1000 * np.array(calls)
                lines.append(
                    f"  {name:18s} {len(calls):5d} frames, median {np.median(ms):6.2f} ms, "
                    f"worst {ms.max():7.2f} ms"
                )
        return "\n".join(lines)


BIG = engine.Design(hidden=tuple(engine.HiddenLayer(512, "relu") for _ in range(8)))


class Counter(QObject):
    """Counts a signal's emissions, or (as an event filter) the paints of a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def on_signal(self, *_: object) -> None:
        self.count += 1

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def bare_engine_seconds(design: engine.Design) -> float:
    task = engine.load_task(design)
    net = engine.build_network(design)
    trainer = engine.Trainer(
        net,
        engine.build_optimizer(design),
        batch_size=engine.effective_batch_size(design),
        epochs=design.epochs,
        seed=design.seed,
    )
    start = time.perf_counter()
    for _ in trainer.run(task.X_train, task.y_train, task.X_test, task.y_test):
        pass
    return time.perf_counter() - start


def window_run(
    app: QApplication, window, design: engine.Design, with_heartbeat: bool = True
) -> dict[str, float]:
    heartbeat = Heartbeat()
    frames = Counter()
    paints = Counter()
    window.controller.frameReady.connect(frames.on_signal)
    window.loss_plot.viewport().installEventFilter(paints)
    window.controller.reset()
    done: list[float] = []

    loop = QEventLoop()

    class Finish(QObject):
        def on_finished(self, _reason: str) -> None:
            done.append(time.perf_counter())
            loop.quit()  # (QApplication.quit() would also close the window in Qt 6)

    finish = Finish()
    window.trainingFinished.connect(finish.on_finished)
    if with_heartbeat:
        heartbeat.start()
    paints.count = 0
    cpu = time.thread_time()
    start = time.perf_counter()
    window.start_training()
    loop.exec()
    heartbeat.stop()
    window.trainingFinished.disconnect(finish.on_finished)
    window.controller.frameReady.disconnect(frames.on_signal)
    window.loss_plot.viewport().removeEventFilter(paints)
    seconds = done[0] - start
    gui_cpu = time.thread_time() - cpu
    gaps = np.array(heartbeat.gaps[1:] or [0.0])
    # Where in the run the worst gap ended: 0 = the press of Train, 1 = the end of the run.
    worst_at = (
        (heartbeat.times[1 + int(np.argmax(gaps))] - start) / (done[0] - start)
        if len(heartbeat.times) > 1
        else 0.0
    )
    return {
        "seconds": seconds,
        "worst_gap_ms": float(gaps.max()),
        "p95_gap_ms": float(np.percentile(gaps, 95)),
        "frames_per_s": frames.count / seconds,
        "paints_per_s": paints.count / seconds,
        "gui_cpu_share": gui_cpu / seconds,
        "epochs": len(window.controller.history),
        "tick_ms": 1000 * window.controller.tick_cost(),
        "worst_at": worst_at,
        "tab": window.findChild(QTabWidget, "insightTabs").currentIndex(),
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    big = "--design" in sys.argv and sys.argv[sys.argv.index("--design") + 1] == "big"
    if big:
        args.remove("big")
    epochs = int(args[0]) if args else (3 if big else 300)
    repeats = int(args[1]) if len(args) > 1 else (4 if big else 5)
    design = replace(BIG if big else engine.Design(), epochs=epochs)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEURON_LAB_SETTINGS"] = str(Path(tmp) / "settings.ini")
        app = QApplication([])
        from gui.main_window import MainWindow
        from gui.training import clock
        from gui.training.clock import FULL_SPEED, SPEEDS

        window = MainWindow()
        window.controls.set_speed_index(FULL_SPEED)
        window.designer.set_design(design)
        window.controller.adopt(design)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        handlers = HandlerTimes(window, list(clock.VIEW_RATES))

        bare_engine_seconds(replace(design, epochs=3))  # warm-up: caches, BLAS threads
        window_run(app, window, replace(design, epochs=3))
        handlers.clear()
        bare, quiet, runs = [], [], []
        # Only the insight tab on top gets frames: each repeat shows the next one, so that the
        # diagram, the receptive fields and the evaluation view are each measured.
        tabs = window.findChild(QTabWidget, "insightTabs")
        for repeat in range(repeats):
            tabs.setCurrentIndex(repeat % tabs.count())
            bare.append(bare_engine_seconds(design))
            # The heartbeat itself wakes the GUI thread 100 times a second, and each wake-up
            # takes the interpreter lock from training: time the window without it too.
            quiet.append(window_run(app, window, design, with_heartbeat=False)["seconds"])
            runs.append(window_run(app, window, design))
        handler_report = handlers.report()
        tabs.setCurrentIndex(0)  # the plot on top again: the runs below count its paints
        # The price of 30 frames a second at full speed: the same runs with the clock's
        # budget for the GUI thread lifted.
        cap = clock.GUI_BUDGET
        clock.GUI_BUDGET = 1.0
        uncapped = [window_run(app, window, design) for _ in range(repeats)]
        clock.GUI_BUDGET = cap
        # Slowed down for a class (100 mini-batches per second): the views redraw 30 times a
        # second, because the worker sleeps between batches and leaves the interpreter free.
        slow_design = replace(design, epochs=4)
        window.designer.set_design(slow_design)
        window.controller.adopt(slow_design)
        window.controls.set_speed_index(4)
        slow = window_run(app, window, slow_design)
        window.close()

    # Best of the repeats: the machine's other load only ever adds time.
    bare_s = min(bare)
    win_s = min(r["seconds"] for r in runs)
    layers = "-".join(str(n) for n in engine.layer_sizes(design))
    name = "big" if big else "default"
    print(f"{name} design {layers}, {design.optimizer}, batch {design.batch_size}, {epochs} epochs")
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, repeats: {repeats} (best run; gaps: worst)")
    print(f"bare engine (Trainer.run): {bare_s:.3f} s")
    quiet_s = min(quiet)
    print(f"in the window:     {quiet_s:.3f} s   slowdown {100 * (quiet_s / bare_s - 1):+.1f} %")
    print(
        f"  ... with the 10 ms heartbeat running: {win_s:.3f} s   "
        f"slowdown {100 * (win_s / bare_s - 1):+.1f} %"
    )
    # Paired: each repeat's window run against the bare run just before it, so that load from
    # other jobs on the machine (which comes and goes) mostly cancels out; the median of those.
    paired = [q / b - 1 for q, b in zip(quiet, bare, strict=True)]
    paired_hb = [r["seconds"] / b - 1 for r, b in zip(runs, bare, strict=True)]
    print(
        f"paired (median of per-repeat ratios): window {100 * statistics.median(paired):+.1f} %, "
        f"with the heartbeat {100 * statistics.median(paired_hb):+.1f} %"
    )
    print(
        f"heartbeat (10 ms): worst gap {max(r['worst_gap_ms'] for r in runs):.1f} ms, "
        f"p95 {min(r['p95_gap_ms'] for r in runs):.1f}-{max(r['p95_gap_ms'] for r in runs):.1f} ms"
    )
    tab_names = ["loss", "network", "receptive fields", "evaluation"]
    print(
        "  worst gap by the insight tab on top: "
        + ", ".join(
            f"{tab_names[int(r['tab'])]} {r['worst_gap_ms']:.0f} ms (at {r['worst_at']:.0%})"
            for r in runs
        )
    )
    best = min(uncapped, key=lambda r: r["seconds"])
    print(
        f"uncapped (GUI budget {cap:.0%} lifted): {best['seconds']:.3f} s   slowdown "
        f"{100 * (best['seconds'] / bare_s - 1):+.1f} %, plot painted "
        f"{statistics.median(r['paints_per_s'] for r in uncapped):.1f} times per second, "
        f"heartbeat worst gap {max(r['worst_gap_ms'] for r in uncapped):.1f} ms"
    )
    print(
        f"slowed to {SPEEDS[4][0]}: {slow['frames_per_s']:.1f} frames per second, "
        f"heartbeat worst gap {slow['worst_gap_ms']:.1f} ms, p95 {slow['p95_gap_ms']:.1f} ms"
    )
    print(f"slowed to {SPEEDS[4][0]}: plot painted {slow['paints_per_s']:.1f} times per second")
    print(
        f"at full speed: {statistics.median(r['frames_per_s'] for r in runs):.1f} frames per "
        f"second, plot painted (while on top) "
        f"{statistics.median(r['paints_per_s'] for r in runs if r['tab'] == 0):.1f} times per "
        f"second (GUI-thread "
        f"CPU per tick, everything included, measured by the clock: "
        f"{statistics.median(r['tick_ms'] for r in runs):.1f} ms; GUI thread busy "
        f"{100 * statistics.median(r['gui_cpu_share'] for r in runs):.0f} % of the run)"
    )

    print("per view, on_frame at full speed (all repeats, the quiet runs included):")
    print(handler_report)


if __name__ == "__main__":
    main()
