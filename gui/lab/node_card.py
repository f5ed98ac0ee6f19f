"""When and where the node card (``NodeInspector``) opens over the digit lab.

The lab scores the drawing; this module decides which node's numbers the card shows, whether
it stays (pinned by a click) or follows the pointer (hover, after a short dwell), and where it
floats so that the canvas stays free for drawing. It reads the lab's network and forward pass
through ``CardSource`` and never computes anything but the chosen node's numbers.
"""

from __future__ import annotations

import weakref
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QWidget

from engine import DigitsTask, ForwardPass, Network
from gui.lab.activation_view import ActivationView
from gui.lab.node_inspector import CARD_H, CARD_W, NodeInspector, node_numbers
from gui.zoom import DESIGN_PX, font_px

#: The node card opens after the pointer rests this long (user-interface timing, not a redraw
#: rate: see gui/training/clock.py for those).
HOVER_DELAY_MS = 250


class CardSource(Protocol):
    """What the card reads from the lab."""

    def network(self) -> Network | None: ...

    def forward_pass(self) -> ForwardPass | None: ...

    def task(self) -> DigitsTask | None: ...


class NodeCard(QObject):
    """Opens, updates, places and closes the node inspector for the lab ``host``.

    The lab owns the card (no Qt parent) and the card holds the lab only weakly: a Qt child
    that also referenced its parent made a reference cycle whose garbage collection, after
    the widgets were deleted, crashed shiboken (segmentation fault in the test suite).
    """

    nodeOpened = Signal(int, int)  # (weight layer, node): the node the card now shows

    def __init__(
        self,
        host: QWidget,
        source: CardSource,
        inspector: NodeInspector,
        activations: ActivationView,
    ) -> None:
        super().__init__()
        self._host_ref = weakref.ref(host)
        self._source_ref = weakref.ref(source)
        self._inspector = inspector
        self._activations = activations
        self.inspected: tuple[int, int] | None = None  # (weight layer, node)
        self.pinned = False
        self._hover_pending: tuple[int, int, QPoint] | None = None
        self._hover_timer = QTimer(self)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._on_hover_dwell)

    @property
    def _host(self) -> QWidget:
        host = self._host_ref()
        assert host is not None, "the lab owns its card: it outlives it"
        return host

    @property
    def _source(self) -> CardSource:
        source = self._source_ref()
        assert source is not None, "the lab owns its card: it outlives it"
        return source

    # ------------------------------------------------------------- open and close
    def open(
        self, layer: int, node: int, pos: QPoint | None = None, pin: bool = True, show: bool = True
    ) -> None:
        """Show node ``node`` of weight layer ``layer`` (0 = hidden 1) near ``pos``; with
        ``show`` False the node is only selected (the views that follow it move to it) and no
        card covers the window."""
        self.inspected = (layer, node)
        self.pinned = pin
        self.refresh()
        self.nodeOpened.emit(layer, node)
        if not show:
            self._inspector.hide()
            return
        if self._source.forward_pass() is None:
            return
        if pos is None:
            pos = self._host.mapToGlobal(self._host.rect().center())
        self._place(pos)
        self._inspector.show()
        self._inspector.raise_()

    def close(self) -> None:
        self._hover_timer.stop()
        self._hover_pending = None
        self.inspected = None
        self.pinned = False
        self._inspector.hide()
        self._activations.set_selected(-1, -1)

    def refresh(self) -> None:
        """The drawing or the network changed: the open card shows the new numbers."""
        net, fp = self._source.network(), self._source.forward_pass()
        if self.inspected is None or net is None or fp is None:
            return
        layer, node = self.inspected
        if layer >= len(net.weights) or node >= net.weights[layer].shape[1]:
            self.close()  # the network has no such node any more
            return
        numbers = node_numbers(
            net.weights[layer],
            net.biases[layer],
            np.asarray(fp.a[layer]),
            np.asarray(fp.z[layer]),
            np.asarray(fp.a[layer + 1]),
            layer,
            node,
            net.activations[layer],
        )
        n_layers = len(net.weights)
        if layer == n_layers - 1:
            task = self._source.task()
            names = tuple(task.class_names) if task is not None else ()
            what = f"Output node {node + 1}" + (
                f" ({names[node]})" if len(names) == net.weights[layer].shape[1] else ""
            )
        else:
            what = f"Hidden layer {layer + 1}, node {node + 1}"
        self._inspector.set_numbers(numbers, what, pinned=self.pinned)
        self._activations.set_selected(
            layer if layer < n_layers - 1 else -1, node if self.pinned else -1
        )

    # ------------------------------------------------------------- pointer
    def hovered(self, layer: int, node: int, pos: QPoint) -> None:
        # A short dwell before the card opens, so sweeping the mouse across the grid
        # does not flash a card for every node passed over.
        if self.pinned:
            return
        self._hover_pending = (layer, node, pos)
        if self._inspector.isVisible():
            self._on_hover_dwell()
        else:
            self._hover_timer.start()

    def left(self) -> None:
        self._hover_timer.stop()
        self._hover_pending = None
        if not self.pinned:
            self.close()

    def clicked(self, layer: int, node: int, pos: QPoint) -> None:
        if self.pinned and self.inspected == (layer, node):
            self.close()
        else:
            self.open(layer, node, pos, pin=True)

    def _on_hover_dwell(self) -> None:
        if self._hover_pending is not None and not self.pinned:
            layer, node, pos = self._hover_pending
            self.open(layer, node, pos, pin=False)

    # ------------------------------------------------------------- where it floats
    def _place(self, pos: QPoint) -> None:
        """Beside the lab (so the canvas stays visible for drawing), at the pointer's height.

        Tries left of the lab, then right of it; if neither fits on the screen, next to the
        pointer. Always kept on the screen.
        """
        host, card = self._host, self._inspector
        screen = host.screen().availableGeometry() if host.screen() is not None else None
        if screen is not None:
            # Grow with the screen and the window's zoom (a window of its own, the card does
            # not inherit the font), so the numbers stay readable from the back of the room;
            # never larger than 90 % of the screen.
            grow = min(1.6, max(1.0, screen.height() / 800)) * font_px(host.font()) / DESIGN_PX
            fit = min(0.9 * screen.width() / CARD_W, 0.9 * screen.height() / CARD_H)
            card.set_zoom(min(grow, fit))
        size = card.sizeHint()
        card.resize(size)
        top_left = host.mapToGlobal(QPoint(0, 0))
        y = pos.y() - size.height() // 2
        candidates = [
            QPoint(top_left.x() - size.width() - 6, y),
            QPoint(top_left.x() + host.width() + 6, y),
            QPoint(pos.x() - size.width() - 18, pos.y() + 18),
            QPoint(pos.x() + 18, pos.y() + 18),
        ]
        chosen = candidates[-1]
        if screen is not None:
            for c in candidates:
                if screen.left() <= c.x() and c.x() + size.width() <= screen.right():
                    chosen = c
                    break
            x = min(max(screen.left(), chosen.x()), screen.right() - size.width())
            y = min(max(screen.top(), chosen.y()), screen.bottom() - size.height())
            chosen = QPoint(x, y)
        card.move(chosen)
