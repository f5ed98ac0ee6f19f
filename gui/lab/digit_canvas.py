"""DigitCanvas: the 8x8 drawing grid (values 0–16 like ``load_digits``) and a fine 32x32 mode.

Mouse: the left button paints, the right button erases, with a soft brush (see
``engine.drawing.paint``). Keyboard: the arrow keys move a cursor cell, Space paints it and
Delete/Backspace erase it; holding Space while moving paints a stroke.

In fine mode the student draws a black-and-white 32x32 bitmap (like the original scans) and
the widget shows, beside it, the 8x8 grid obtained by counting the set pixels in each 4x4
block — the exact rule that made the data set. :meth:`pixels` is always the 8x8 grid.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from engine import drawing
from gui.lab import colormaps
from gui.zoom import font_px, scaled_font

#: Keys the canvas uses while it has the focus (they win over window shortcuts).
_DRAWING_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Space,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Backspace,
    }
)


class DigitCanvas(QWidget):
    """An 8x8 digit you can draw; emits :attr:`pixelsChanged` after every change."""

    #: Emitted after every stroke step, key press, load or edit (no payload: call pixels()).
    pixelsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(180, 180)
        self.setAccessibleName("Digit drawing canvas")
        self.setToolTip(
            "Left button: paint · Right button: erase\n"
            "Keyboard: arrows move, Space paints, Delete erases"
        )
        self._pixels = drawing.empty_grid()
        self._bitmap = drawing.empty_bitmap()
        self._fine = False
        self._show_numbers = False
        self._cursor = (3, 3)  # keyboard cursor on the active grid (row, col)
        self._space_down = False
        self._keyboard = False  # show the cursor cell only once the keyboard is used
        self._last: tuple[float, float] | None = None  # previous stroke point, grid units
        self._erasing = False
        self._rng = np.random.default_rng()

    # ----------------------------------------------------------------- public API
    def pixels(self) -> NDArray[np.float64]:
        """The current 8x8 input, float values 0–16 (a copy)."""
        return self._pixels.copy()

    def bitmap(self) -> NDArray[np.bool_]:
        """The fine 32x32 bitmap (a copy); meaningful in fine mode."""
        return self._bitmap.copy()

    def set_pixels(self, values: ArrayLike) -> None:
        """Replace the drawing by ``values`` (8x8 or 64 numbers, 0–16) and notify the views."""
        arr = np.asarray(values, dtype=np.float64).reshape(drawing.COARSE, drawing.COARSE)
        self._pixels = np.clip(arr, 0.0, drawing.MAX_VALUE)
        # The scan behind a data-set digit is unknown; rebuild a bitmap with the same counts.
        self._bitmap = drawing.expand_8_to_32(self._pixels)
        self._changed()

    def set_bitmap(self, bitmap: ArrayLike) -> None:
        """Replace the fine 32x32 bitmap; the 8x8 grid becomes its 4x4 block counts."""
        self._bitmap = np.asarray(bitmap, dtype=bool).reshape(drawing.FINE, drawing.FINE).copy()
        self._pixels = drawing.reduce_32_to_8(self._bitmap)
        self._changed()

    def clear(self) -> None:
        """Erase everything."""
        self._pixels = drawing.empty_grid()
        self._bitmap = drawing.empty_bitmap()
        self._changed()

    def is_fine(self) -> bool:
        return self._fine

    def set_fine(self, fine: bool) -> None:
        """Switch between drawing the 8x8 grid directly and drawing the 32x32 bitmap."""
        fine = bool(fine)
        if fine == self._fine:
            return
        self._fine = fine
        if fine:
            self._bitmap = drawing.expand_8_to_32(self._pixels)
            self._cursor = (
                self._cursor[0] * drawing.BLOCK + 1,
                self._cursor[1] * drawing.BLOCK + 1,
            )
        else:
            self._cursor = (self._cursor[0] // drawing.BLOCK, self._cursor[1] // drawing.BLOCK)
        self.update()

    def show_numbers(self) -> bool:
        return self._show_numbers

    def set_show_numbers(self, show: bool) -> None:
        """Overlay each 8x8 cell's value (the matrix the lesson prints beside the picture)."""
        self._show_numbers = bool(show)
        self.update()

    def set_rng(self, rng: np.random.Generator) -> None:
        """The generator used by :meth:`add_noise` (explicit so tests can repeat it)."""
        self._rng = rng

    # Robustness edits: in fine mode they act on the bitmap (then reduce), else on 8x8.
    def shift(self, rows: int, cols: int) -> None:
        """Move the drawing one 8x8 pixel (four bitmap pixels in fine mode)."""
        if self._fine:
            self.set_bitmap(drawing.shift(self._bitmap, rows * drawing.BLOCK, cols * drawing.BLOCK))
        else:
            self._set_grid(np.asarray(drawing.shift(self._pixels, rows, cols), dtype=np.float64))

    def add_noise(self) -> None:
        if self._fine:
            self.set_bitmap(drawing.add_noise_bitmap(self._bitmap, self._rng))
        else:
            self._set_grid(drawing.add_noise(self._pixels, self._rng))

    def thicken(self) -> None:
        if self._fine:
            self.set_bitmap(drawing.thicken_bitmap(self._bitmap))
        else:
            self._set_grid(drawing.thicken(self._pixels))

    def thin(self) -> None:
        if self._fine:
            self.set_bitmap(drawing.thin_bitmap(self._bitmap))
        else:
            self._set_grid(drawing.thin(self._pixels))

    # ----------------------------------------------------------------- geometry
    def sizeHint(self) -> QSize:
        return QSize(320, 300)

    def draw_rect(self) -> QRectF:
        """Where the grid that takes mouse input is painted (the 8x8, or the 32x32 in fine mode)."""
        w, h = float(self.width()), float(self.height())
        m = 4.0
        if not self._fine:
            side = max(8.0, min(w, h) - 2 * m)
            return QRectF((w - side) / 2, (h - side) / 2, side, side)
        # Fine: the 32x32 on the left, the 8x8 reduction at 45 % of its size on the right.
        gap = 28.0
        side = max(8.0, min(h - 2 * m, (w - 2 * m - gap) / 1.45))
        left = (w - side * 1.45 - gap) / 2
        return QRectF(left, (h - side) / 2, side, side)

    def reduction_rect(self) -> QRectF:
        """In fine mode, where the 8x8 reduction is painted (empty rect otherwise)."""
        if not self._fine:
            return QRectF()
        d = self.draw_rect()
        side = d.width() * 0.45
        return QRectF(d.right() + 28.0, d.center().y() - side / 2, side, side)

    def cell_center(self, row: int, col: int) -> QPointF:
        """Widget coordinates of the centre of cell (row, col) of the grid being drawn."""
        n = self._active_size()
        d = self.draw_rect()
        cell = d.width() / n
        return QPointF(d.left() + (col + 0.5) * cell, d.top() + (row + 0.5) * cell)

    def _active_size(self) -> int:
        return drawing.FINE if self._fine else drawing.COARSE

    def _to_grid(self, pos: QPointF) -> tuple[float, float]:
        """Widget position -> (row, col) in cell units of the active grid (may be outside)."""
        d = self.draw_rect()
        n = self._active_size()
        return ((pos.y() - d.top()) / d.height() * n, (pos.x() - d.left()) / d.width() * n)

    # ----------------------------------------------------------------- editing
    def _set_grid(self, grid: NDArray[np.float64]) -> None:
        self._pixels = np.clip(np.asarray(grid, dtype=np.float64), 0.0, drawing.MAX_VALUE)
        self._bitmap = drawing.expand_8_to_32(self._pixels)
        self._changed()

    def _changed(self) -> None:
        self.update()
        self.pixelsChanged.emit()

    def _stroke_to(self, point: tuple[float, float], erase: bool) -> None:
        start = self._last if self._last is not None else point
        if self._fine:
            self._bitmap = np.asarray(
                drawing.paint_line(self._bitmap, start, point, fine=True, erase=erase), dtype=bool
            )
            self._pixels = drawing.reduce_32_to_8(self._bitmap)
        else:
            self._pixels = np.asarray(
                drawing.paint_line(self._pixels, start, point, erase=erase), dtype=np.float64
            )
        self._last = point
        self._changed()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._keyboard = False
        self._erasing = button == Qt.MouseButton.RightButton
        self._last = None
        self._stroke_to(self._to_grid(event.position()), self._erasing)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        buttons = event.buttons()
        if not buttons & (Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton):
            return
        erase = bool(buttons & Qt.MouseButton.RightButton) and not (
            buttons & Qt.MouseButton.LeftButton
        )
        self._stroke_to(self._to_grid(event.position()), erase)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._last = None
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()  # the right button erases; no context menu

    def event(self, event: QEvent) -> bool:
        """Claim the drawing keys before window shortcuts do (Space is also Train/Pause)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _DRAWING_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        n = self._active_size()
        if key in _DRAWING_KEYS:
            self._keyboard = True
        if key in moves:
            dr, dc = moves[Qt.Key(key)]
            r = int(np.clip(self._cursor[0] + dr, 0, n - 1))
            c = int(np.clip(self._cursor[1] + dc, 0, n - 1))
            self._cursor = (r, c)
            if self._space_down:
                self._paint_cursor(erase=False)
            else:
                self.update()
        elif key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space_down = True
                self._paint_cursor(erase=False)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._paint_cursor(erase=True)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            event.accept()
            return
        super().keyReleaseEvent(event)

    def _paint_cursor(self, erase: bool) -> None:
        point = (self._cursor[0] + 0.5, self._cursor[1] + 0.5)
        self._last = None
        self._stroke_to(point, erase)
        self._last = None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._space_down = False
        super().focusOutEvent(event)

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().window())
        if self._fine:
            fine = np.where(self._bitmap, 255, 0).astype(np.float64)
            self._paint_grid(p, self.draw_rect(), fine, 255.0, numbers=False, thin_lines=True)
            self._paint_cursor_mark(p)
            r = self.reduction_rect()
            self._paint_grid(p, r, self._pixels, drawing.MAX_VALUE, numbers=self._show_numbers)
            self._paint_arrow(p, self.draw_rect(), r)
        else:
            d = self.draw_rect()
            self._paint_grid(p, d, self._pixels, drawing.MAX_VALUE, numbers=self._show_numbers)
            self._paint_cursor_mark(p)
        p.end()

    def _paint_grid(
        self,
        p: QPainter,
        rect: QRectF,
        values: NDArray[np.float64],
        vmax: float,
        *,
        numbers: bool,
        thin_lines: bool = False,
    ) -> None:
        """Ink on paper: one image for the cells, then grid lines and optional numbers."""
        rgb = colormaps.apply(colormaps.INK, values, 0.0, vmax)
        image = colormaps.rgb_image(rgb)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(rect, image)
        n = values.shape[0]
        cell = rect.width() / n
        grid_pen = QPen(QColor(150, 150, 150))
        grid_pen.setWidthF(1.0)
        p.setPen(grid_pen)
        step = drawing.BLOCK if thin_lines else 1
        # In fine mode only the 4x4 block borders are drawn: they show which pixels are counted.
        for i in range(0, n + 1, step):
            x = rect.left() + i * cell
            y = rect.top() + i * cell
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if numbers and cell >= 14:
            # The 0-16 values: follow the zoom, but stay inside their cell.
            font = scaled_font(self.font(), 0.9, bold=True)
            font.setPixelSize(int(min(cell * 0.6, max(font_px(font), cell * 0.42))))
            p.setFont(font)
            for r in range(n):
                for c in range(n):
                    v = values[r, c]
                    text = f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"
                    p.setPen(colormaps.text_colour_on(rgb[r, c]))
                    p.drawText(
                        QRectF(rect.left() + c * cell, rect.top() + r * cell, cell, cell),
                        Qt.AlignmentFlag.AlignCenter,
                        text,
                    )

    def _paint_cursor_mark(self, p: QPainter) -> None:
        if not (self.hasFocus() and self._keyboard):
            return
        n = self._active_size()
        d = self.draw_rect()
        cell = d.width() / n
        r, c = self._cursor
        pen = QPen(colormaps.qcolor(colormaps.OKABE_ITO["orange"]))
        pen.setWidthF(3.0)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(d.left() + c * cell, d.top() + r * cell, cell, cell))

    def _paint_arrow(self, p: QPainter, src: QRectF, dst: QRectF) -> None:
        """A small arrow and caption from the bitmap to its 8x8 reduction."""
        pen = QPen(self.palette().windowText().color())
        pen.setWidthF(2.0)
        p.setPen(pen)
        y = src.center().y()
        x0, x1 = src.right() + 5, dst.left() - 5
        p.drawLine(QPointF(x0, y), QPointF(x1, y))
        p.drawLine(QPointF(x1, y), QPointF(x1 - 6, y - 5))
        p.drawLine(QPointF(x1, y), QPointF(x1 - 6, y + 5))
        p.setFont(scaled_font(self.font(), 0.9))
        left = dst.left() - 16
        p.drawText(
            QRectF(left, dst.bottom() + 4, self.width() - left, 40),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            "count ink in\neach 4x4 block",
        )
