"""Start the app: parse the command line, build the ``QApplication``, show ``MainWindow``.

    python main.py [--settings FILE.ini] [--session FILE.neuronlab] [--train-epochs N]
                   [--screenshot PATH] [--size WxH]
    python main.py --install-desktop | --uninstall-desktop

``--train-epochs N`` starts training at once (demos, checks); ``--screenshot PATH`` renders the
window to a PNG and exits (after the training run, if one was asked for).
``--state NAME[:ARG]`` (repeatable) first sets the window up as a picture shows it
(``gui/scripted_states.py``; ``scripts/screenshots.py`` uses it), and ``--screenshot`` waits for it.
``--install-desktop`` / ``--uninstall-desktop`` add or remove the applications-menu launcher
for whatever is running (this checkout or the bundle, ``gui/desktop_entry.py``) and exit,
without a screen. The bundle (``packaging/``) runs this same ``main`` with the same options.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from gui.settings_store import ENV_VAR

#: The default 9 pt is too small at the back of a classroom.
MIN_APP_FONT_PT = 11
#: Set to time.time() at launch to have the start-up time printed (benchmarks/bench_startup.py).
STARTUP_ENV = "NEURON_LAB_STARTUP_T0"
ICON_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "neuron-lab.svg"
)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="neuron-lab", description="Design a neural network and watch it learn the digits."
    )
    parser.add_argument("--settings", metavar="FILE", help="keep settings in this INI file")
    parser.add_argument(
        "--train-epochs", type=int, metavar="N", help="start training N epochs right away"
    )
    parser.add_argument(
        "--session", metavar="FILE", help="open this saved session (.neuronlab) at start"
    )
    parser.add_argument("--screenshot", metavar="PATH", help="save the window as a PNG and exit")
    parser.add_argument("--size", metavar="WxH", help="window size, e.g. 1024x768")
    parser.add_argument(
        "--state",
        action="append",
        default=[],
        metavar="NAME[:ARG]",
        help="set the window up first, e.g. trained, drawn, update:3, lesson:8, ghosts, code",
    )
    launcher = parser.add_mutually_exclusive_group()
    launcher.add_argument(
        "--install-desktop",
        action="store_true",
        help="add Neuron Lab to the applications menu (for what is running now) and exit",
    )
    launcher.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove the applications-menu entry and icon that --install-desktop wrote",
    )
    args = parser.parse_args(list(argv))
    if args.train_epochs is not None and args.train_epochs < 1:
        parser.error("--train-epochs must be at least 1")
    if args.size:
        try:
            w, h = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            parser.error("--size must look like 1024x768")
        args.size = (w, h)
    if args.state:
        from gui.scripted_states import parse_states  # only the scripted runs need it

        try:
            args.state = parse_states(args.state)
        except ValueError as exc:
            parser.error(str(exc))
    return args


class _Screenshot(QObject):
    """Saves the window to a PNG once it is ready, then quits the app."""

    def __init__(
        self, window: QObject, path: str, after_training: bool, script: Any = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self._script = script  # a scripted_states.StateScript: wait for it, save its target
        if script is not None:
            script.ready.connect(self._on_finished)
        elif after_training:
            window.trainingFinished.connect(self._on_finished)  # type: ignore[attr-defined]
            QTimer.singleShot(120_000, self.take)  # never hang a check
        else:
            QTimer.singleShot(400, self.take)

    def _on_finished(self, _reason: str = "") -> None:
        QTimer.singleShot(300, self.take)

    def take(self) -> None:
        target: Any = self._window if self._script is None else self._script.target()
        target.grab().save(self._path)
        self._window.close()  # type: ignore[attr-defined]
        QApplication.quit()


def _report_startup(started: float) -> None:
    print(f"STARTUP_SECONDS {time.time() - started:.3f}", file=sys.stderr, flush=True)


def _small_screen() -> bool:
    screen = QGuiApplication.primaryScreen()
    return screen is not None and screen.availableGeometry().width() < 1300


NO_SCREEN_MESSAGE = (
    "Neuron Lab needs a screen, and this session has none (DISPLAY is not set).\n"
    "Start it from the desktop, or save a picture of the window without a screen:\n"
    "    QT_QPA_PLATFORM=offscreen python main.py --screenshot window.png"
)


def has_screen(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """False on Linux with no X11 or Wayland display and no Qt platform chosen, where Qt would
    abort with a cryptic message instead of opening a window."""
    if not platform.startswith("linux"):
        return True
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _exit_before_window(args: argparse.Namespace) -> int | None:
    """The exit code when no window is to open: the launcher options (they need no screen),
    or no screen at all; None to go on."""
    if args.install_desktop or args.uninstall_desktop:
        from gui.desktop_entry import run

        return run("install" if args.install_desktop else "uninstall")
    if not has_screen():
        print(NO_SCREEN_MESSAGE, file=sys.stderr)
        return 2
    return None


def _script_and_screenshot(window: QObject, args: argparse.Namespace) -> None:
    """Run the ``--state`` steps, and take ``--screenshot`` when they (or training) are done."""
    script = None
    if args.state:
        from gui.scripted_states import StateScript

        script = StateScript(window, args.state)  # type: ignore[arg-type]
        script.start()
    if args.screenshot:
        _Screenshot(window, args.screenshot, bool(args.train_epochs), script)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    code = _exit_before_window(args)
    if code is not None:
        return code
    if args.settings:
        os.environ[ENV_VAR] = os.path.abspath(args.settings)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    existing = QApplication.instance()
    # argv[0] names the X11 window class instance: "neuron-lab", as the launcher's
    # StartupWMClass says, whether started as the bundle or as python main.py.
    app = existing if isinstance(existing, QApplication) else QApplication(["neuron-lab"])
    app.setApplicationName("Neuron Lab")
    app.setOrganizationName("NeuronLab")
    app.setDesktopFileName("neuron-lab")
    if os.path.exists(ICON_PATH):
        app.setWindowIcon(QIcon(ICON_PATH))
    font = QFont(app.font())
    if font.pointSizeF() < MIN_APP_FONT_PT:
        font.setPointSizeF(MIN_APP_FONT_PT)
        app.setFont(font)

    from gui.main_window import MainWindow  # after the QApplication: fonts apply everywhere

    window = MainWindow()
    if args.size:
        window.resize(*args.size)
        window.show()
    elif not window.restored_geometry and _small_screen():
        window.showMaximized()  # a 1024x768 projector: use every pixel
    else:
        window.show()
    window.sessions.reopen_at_start(args.session)  # --session, or the last one if asked for
    if args.train_epochs:
        window.set_epochs(args.train_epochs)
        window.start_training()
    started = os.environ.get(STARTUP_ENV)
    if started:  # benchmarks/bench_startup.py: seconds from launch to the first event loop turn
        QTimer.singleShot(0, lambda: _report_startup(float(started)))
    _script_and_screenshot(window, args)
    return int(app.exec())
