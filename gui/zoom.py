"""Presentation zoom: one factor that scales every text and number in the window.

The window's font is ``base × factor × boost`` where ``base`` is the application's font when
the window was built, ``factor`` the presentation zoom (Ctrl+= / Ctrl+- / Ctrl+0, one of
``ZOOM_STEPS``) and ``boost`` what the projector layout adds so the smallest text is at least
``PROJECTOR_MIN_PX`` pixels high. Children inherit the window's font; views that paint text
derive their fonts from ``self.font()`` (``scaled_font``) and relayout on
``QEvent.Type.FontChange``, so one ``setFont`` reaches the plot's ticks, the bars and their
percentages, the canvas numbers and the inspector alike.

A child that needs a larger (or smaller) font than its parent gets it from ``follow_font``:
a font set with an explicit size no longer follows the parent's, so the follower sets it
again whenever the parent's font changes. A widget with a style sheet never inherits its
parent's font (Qt: the style sheet resolves it once), so ``Zoom`` scales such widgets' own
fonts by the same ratio (``scale_styled``) — a bold Train button grows with the rest.

After a zoom the window is clamped to the screen (``fit_to_screen``): the layout reflows,
views shrink, elide or scroll; the window never grows past ``availableGeometry()``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

#: The zoom factors Ctrl+= and Ctrl+- step through (1.0 is "Actual size", Ctrl+0).
ZOOM_STEPS: tuple[float, ...] = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5)
#: In the projector layout the base font is raised to this pixel height (at zoom 100 %), so
#: that with the views' smallest derived font (0.9 of the base) every text is >= 16 px.
PROJECTOR_MIN_PX = 18
#: The pixel height of the default font (11 pt at 96 dpi) the views' geometry was drawn for.
DESIGN_PX = 15.0
#: Key numbers (predicted class and probability, activation values, the inspector's numbers)
#: are drawn this much larger than the body text: 18 px x 1.35 >= 24 px in the projector.
KEY_NUMBER_SCALE = 1.35


def font_px(font: QFont) -> int:
    """The font's pixel height as drawn on this screen (what the issue's targets measure)."""
    return QFontInfo(font).pixelSize()


def scaled_font(base: QFont, factor: float, bold: bool | None = None) -> QFont:
    """``base`` with its size times ``factor`` (in points or pixels, whichever it has)."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(1.0, base.pointSizeF() * factor))
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    if bold is not None:
        font.setBold(bold)
    return font


def key_number_font(widget: QWidget, bold: bool = True) -> QFont:
    """The font for the numbers the back row must read (``KEY_NUMBER_SCALE`` x the widget's)."""
    return scaled_font(widget.font(), KEY_NUMBER_SCALE, bold)


def step_zoom(factor: float, direction: int) -> float:
    """The next zoom step above (``direction`` > 0) or below ``factor``; stays at the ends."""
    if direction > 0:
        larger = [z for z in ZOOM_STEPS if z > factor + 1e-9]
        return larger[0] if larger else ZOOM_STEPS[-1]
    smaller = [z for z in ZOOM_STEPS if z < factor - 1e-9]
    return smaller[-1] if smaller else ZOOM_STEPS[0]


class _FontFollower(QObject):
    """Sets ``target``'s font to ``source``'s font x ``factor`` now and on every FontChange."""

    def __init__(self, source: QWidget, target: QWidget, factor: float, bold: bool | None):
        super().__init__(target)
        self._source, self._target = source, target
        self._factor, self._bold = factor, bold
        source.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        self._target.setFont(scaled_font(self._source.font(), self._factor, self._bold))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may ask while the wrapper is being set up or torn down.
        if event.type() == QEvent.Type.FontChange and watched is getattr(self, "_source", None):
            self.apply()
        return False


def follow_font(
    target: QWidget, factor: float, bold: bool | None = None, source: QWidget | None = None
) -> None:
    """Give ``target`` the font of ``source`` (its parent by default) x ``factor``, kept in
    step when the zoom changes ``source``'s font."""
    origin = source if source is not None else target.parentWidget()
    if origin is None:
        raise ValueError("follow_font needs a source widget (the target has no parent yet)")
    _FontFollower(origin, target, factor, bold)


def scale_styled(window: QWidget, ratio: float) -> None:
    """Scale by ``ratio`` the font of every widget of ``window`` (not of its dialogs) that has
    a style sheet: those do not inherit the window's font, so they would stay as they were."""
    if abs(ratio - 1.0) < 1e-9:
        return
    for widget in window.findChildren(QWidget):
        if widget.window() is window and widget.testAttribute(Qt.WidgetAttribute.WA_StyleSheet):
            widget.setFont(scaled_font(widget.font(), ratio))


def available_rect(window: QWidget) -> QRect:
    """The screen area the window may use (its screen's ``availableGeometry()``)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fit_to_screen(window: QWidget, available: QRect | None = None) -> None:
    """Shrink and move ``window`` so its frame lies inside ``available`` (by default the
    screen's available geometry). A maximised or full-screen window is the screen's already."""
    if window.isFullScreen() or window.isMaximized():
        return
    area = available if available is not None else available_rect(window)
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    limit = QSize(area.width() - extra.width(), area.height() - extra.height())
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(area.left(), x), max(area.top(), y))


class Zoom(QObject):
    """The window's one zoom factor and projector boost, applied to its font.

    ``factor`` is a presentation zoom (1.0 = actual size); ``projector`` raises the base so the
    body text is ``PROJECTOR_MIN_PX`` high. ``changed`` fires after the font was set.
    """

    changed = Signal(float)

    def __init__(self, window: QWidget, base: QFont | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._base = QFont(base if base is not None else window.font())
        self.factor = 1.0
        self.projector = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Shown: the sizes are known, so what depends on the room (the designer) can decide.
        # The window itself is left as asked (``--size`` may ask for more than the screen).
        if watched is self._window and event.type() == QEvent.Type.Show:
            self.changed.emit(self.factor)
        return False

    def base_font(self) -> QFont:
        return QFont(self._base)

    def boost(self) -> float:
        """What the projector layout multiplies the base by (1 outside it)."""
        if not self.projector:
            return 1.0
        return max(1.0, PROJECTOR_MIN_PX / max(1, font_px(self._base)))

    def font(self) -> QFont:
        """The window's font for the current factor and layout."""
        return scaled_font(self._base, self.factor * self.boost())

    def set_factor(self, factor: float) -> None:
        self.factor = min(ZOOM_STEPS[-1], max(ZOOM_STEPS[0], float(factor)))
        self.apply()

    def set_projector(self, on: bool) -> None:
        self.projector = bool(on)
        self.apply()

    def bigger(self) -> None:
        self.set_factor(step_zoom(self.factor, +1))

    def smaller(self) -> None:
        self.set_factor(step_zoom(self.factor, -1))

    def actual_size(self) -> None:
        self.set_factor(1.0)

    def apply(self) -> None:
        """Set the window's font; the layout reflows and the window stays on the screen."""
        font = self.font()
        ratio = font.pointSizeF() / max(0.1, self._window.font().pointSizeF())
        if font.pointSizeF() <= 0:  # a pixel-sized base
            ratio = font.pixelSize() / max(1, self._window.font().pixelSize())
        scale_styled(self._window, ratio)  # first: followers then set theirs from the parents
        self._window.setFont(font)
        # The new minimum sizes now, not at the next turn of the event loop.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        fit_to_screen(self._window)
        self.changed.emit(self.factor)
