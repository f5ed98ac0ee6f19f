"""What the main window keeps between sessions: geometry, splitters, pace, plot switches, the
zoom, the projector layout and the design (through ``SettingsStore``), and the sizes it starts
with otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from gui import projector, zoom
from gui.settings_store import KEY_LABELS
from gui.training.pace import DEFAULT_PACE, PACE_NAMES

if TYPE_CHECKING:
    from gui.main_window import MainWindow

#: The zoom is kept as a whole percentage within the zoom steps' range.
ZOOM_KEY, PROJECTOR_KEY = "view/zoom_percent", "view/projector"
MIN_ZOOM_PERCENT = round(zoom.ZOOM_STEPS[0] * 100)
MAX_ZOOM_PERCENT = round(zoom.ZOOM_STEPS[-1] * 100)
#: The text size kept by earlier versions (points; the app's default was 11 pt).
OLD_FONT_KEY, OLD_BASE_PT = "view/font_pt", 11


def restore(window: MainWindow) -> bool:
    """Apply the saved settings to ``window``; True if its saved geometry was restored."""
    s = window.settings
    old_pt = s.load_int(OLD_FONT_KEY, 0, 8, 28)  # what "Larger text" kept before the zoom
    percent = s.load_int(ZOOM_KEY, 0, MIN_ZOOM_PERCENT, MAX_ZOOM_PERCENT)
    if percent:
        window.zoom.factor = percent / 100
    elif old_pt:  # the nearest zoom step to the old size (11 pt was 100 %)
        window.zoom.factor = min(zoom.ZOOM_STEPS, key=lambda z: abs(z - old_pt / OLD_BASE_PT))
    window.zoom.apply()
    geometry = s.load_bytes("window/geometry")
    restored = geometry is not None and window.restoreGeometry(geometry)
    if not restored:
        window.resize(default_window_size())
    for key, splitter in (
        ("window/main_splitter", window.main_splitter),
        ("window/view_splitter", window.view_splitter),
    ):
        state = s.load_bytes(key)
        if state is None or not splitter.restoreState(state):
            splitter.setSizes(default_sizes(key, window.width(), window.designer.minimumWidth()))
    # The pace by name ("training/speed", an index into the old batches-per-second slider,
    # means nothing to the new slider: forgotten, and the class pace applies).
    s.forget("training/speed")
    window.controls.set_pace(s.load_choice("training/pace", DEFAULT_PACE, PACE_NAMES))
    window.loss_panel.log_check.setChecked(s.load_bool("view/log_scale", False))
    window.loss_panel.batch_check.setChecked(s.load_bool("view/batch_trace", True))
    if s.load_bool(PROJECTOR_KEY, False):
        window.acts["projector"].setChecked(True)
        projector.set_projector(window, True)
    zoom.fit_to_screen(window)  # a geometry saved on a larger screen
    return bool(restored)


def reset_to_defaults(window: MainWindow) -> None:
    """What ``restore`` gives with no settings at all: the zoom and layout, the window and
    panel sizes, the pace and the plot switches (the caller resets the design)."""
    window.acts["projector"].setChecked(False)
    projector.set_projector(window, False)
    window.zoom.set_factor(1.0)
    if window.isFullScreen():
        window.acts["fullscreen"].setChecked(False)
        window.showNormal()
    window.acts["designer"].setChecked(True)
    window.designer.setVisible(True)
    window.resize(default_window_size())
    for key, splitter in (
        ("window/main_splitter", window.main_splitter),
        ("window/view_splitter", window.view_splitter),
    ):
        splitter.setSizes(default_sizes(key, window.width(), window.designer.minimumWidth()))
    window.controls.set_pace(DEFAULT_PACE)
    window.loss_panel.log_check.setChecked(False)
    window.loss_panel.batch_check.setChecked(True)


def announce_resets(window: MainWindow) -> None:
    """Say once, in the status line, which settings could not be read and were reset.

    The store records keys as it reads them (the class list only at the first Ctrl+K), so
    this runs at start-up and again after later reads; each key is named only once.
    """
    told = window.resets_told
    new = [key for key in window.settings.reset_keys() if key not in told]
    if not new:
        return
    told.update(new)
    labels = list(dict.fromkeys(KEY_LABELS.get(key, key) for key in new))
    window.controller.announce(
        f"Some settings could not be read and were reset to their defaults: {', '.join(labels)}."
    )


def save(window: MainWindow) -> None:
    s = window.settings
    s.save_bytes("window/geometry", window.saveGeometry())
    s.save_bytes("window/main_splitter", window.main_splitter.saveState())
    s.save_bytes("window/view_splitter", window.view_splitter.saveState())
    s.save_choice("training/pace", window.controls.pace().name)
    s.save_bool("view/log_scale", window.loss_panel.log_check.isChecked())
    s.save_bool("view/batch_trace", window.loss_panel.batch_check.isChecked())
    save_view(window)
    if not window.designer.errors():
        s.save_design(window.designer.design())
    s.sync()


def save_view(window: MainWindow) -> None:
    """Keep the zoom and the layout now (a zoom key or F10 is remembered even after a crash)."""
    window.settings.save_int(ZOOM_KEY, round(window.zoom.factor * 100))
    window.settings.save_bool(PROJECTOR_KEY, window.zoom.projector)


def default_window_size() -> QSize:
    """Most of the screen, at most 1600x1000 (a projector at 1024x768 gets all of it)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1024, 740)
    available = screen.availableGeometry()
    return QSize(
        min(available.width(), max(1024, min(1600, int(available.width() * 0.85)))),
        min(available.height(), max(740, min(1000, int(available.height() * 0.85)))),
    )


def default_sizes(key: str, width: int, designer_min: int = 280) -> list[int]:
    """The splitters' first sizes: the designer a quarter of the window (no less than its form
    needs, at most 380 px), so the plot gets the room on a 1024-wide screen."""
    if key == "window/main_splitter":
        left = max(designer_min, min(380, width // 4))
        return [left, max(400, width - left)]
    return [3, 2] if width <= 0 else [int(width * 0.35), int(width * 0.30)]
