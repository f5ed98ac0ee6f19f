"""NodeInspector: one node's arithmetic with the actual numbers — ``z = w·x + b`` and ``a = f(z)``.

For a node of the first hidden layer the 64 incoming weights ``w`` are shown as an 8x8 image
(blue negative, vermillion positive), beside the input ``x`` and the products ``w_i x_i`` whose
sum is the weighted input. For deeper layers the incoming weights are a strip of bars, one per
node of the layer before. The numbers are the engine's: ``z`` and ``a`` come from the same
forward pass the other views show, and the displayed sum is recomputed from ``w``, ``x``, ``b``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

import engine
from gui.lab import colormaps
from gui.lab.activation_view import format_value

#: A sum of at most this many terms is written out whole; a longer one shows its largest
#: terms and says how many are folded.
MAX_SHOWN_TERMS = 6
#: Terms shown when a sum is folded, and terms per printed line.
FOLDED_TERMS = 3
TERMS_PER_LINE = 3


@dataclass(frozen=True)
class NodeNumbers:
    """Everything the inspector shows for one node: ``z = w·x + b``, ``a = f(z)``."""

    layer: int  # weight layer: 0 = first hidden layer
    node: int
    activation: str
    w: NDArray[np.float64]  # incoming weights, one per node of the layer before
    x: NDArray[np.float64]  # the layer's input (scaled pixels, or the previous activations)
    b: float
    weighted_sum: float  # Σ w_i x_i, recomputed here
    z: float  # the engine's z (equal to weighted_sum + b up to rounding)
    a: float  # the engine's a
    layer_z: NDArray[np.float64] | None = None  # the whole layer's z (softmax needs them all)


def node_numbers(
    weights: NDArray[np.float64],
    biases: NDArray[np.float64],
    x: NDArray[np.float64],
    z: NDArray[np.float64],
    a: NDArray[np.float64],
    layer: int,
    node: int,
    activation: str,
) -> NodeNumbers:
    """Collect one node's numbers from weight matrix ``W`` (n_in x n_out) and a forward pass."""
    w = np.asarray(weights, dtype=np.float64)[:, node].copy()
    xv = np.asarray(x, dtype=np.float64).ravel().copy()
    return NodeNumbers(
        layer=layer,
        node=node,
        activation=activation,
        w=w,
        x=xv,
        b=float(np.asarray(biases)[node]),
        weighted_sum=float(w @ xv),
        z=float(np.asarray(z).ravel()[node]),
        a=float(np.asarray(a).ravel()[node]),
        layer_z=np.asarray(z, dtype=np.float64).ravel().copy(),
    )


#: The card in logical pixels, drawn for the default 15 px font; ``set_zoom`` scales it all.
CARD_W, CARD_H = 560, 380
#: Logical pixel sizes: the numbers are key numbers (24 px at zoom 1.2, the projector's).
TITLE_PX, LABEL_PX, HINT_PX, NUMBERS_PX, LINE_H = 16, 14, 13.5, 20, 26.0


def _term(w: float, x: float, first: bool) -> str:
    """``w_i·x_i`` as written in a sum: ``0.12×0.94``, `` − 0.05×1.00``."""
    # A negative input (leaky ReLU, tanh) with a true minus sign; one that rounds to 0 is 0.
    shown_x = format_value(x).replace("-", "−").replace("−0.00", "0.00")
    body = f"{format_value(abs(w))}×{shown_x}"
    if first:
        return ("−" if w < 0 else "") + body
    return (" − " if w < 0 else " + ") + body


def sum_lines(w: NDArray[np.float64], x: NDArray[np.float64]) -> list[str]:
    """The terms of ``Σ w_i·x_i`` as printed lines: every term (in input order) when there are
    at most ``MAX_SHOWN_TERMS``; otherwise the ``FOLDED_TERMS`` largest, in input order, and
    how many more are folded."""
    products = w * x
    if w.size <= MAX_SHOWN_TERMS:
        shown = list(range(w.size))
    else:
        shown = sorted(np.argsort(-np.abs(products), kind="stable")[:FOLDED_TERMS].tolist())
    terms = [_term(float(w[i]), float(x[i]), k == 0) for k, i in enumerate(shown)]
    lines = ["".join(terms[k : k + TERMS_PER_LINE]) for k in range(0, len(terms), TERMS_PER_LINE)]
    lines = ["  = " + lines[0]] + ["   " + line for line in lines[1:]]
    folded = w.size - len(shown)
    if folded:
        lines.append(f"    + … ({folded} more terms folded)")
    return lines


def activation_lines(n: NodeNumbers) -> list[str]:
    """``a = f(z)`` with the node's numbers, in the notation of its formula."""
    z, a = n.z, n.a
    if n.activation == "sigmoid":
        return [f"a = 1 / (1 + e^({-z:.4f})) = {a:.4f}"]
    if n.activation == "tanh":
        return [f"a = tanh({z:.4f}) = {a:.4f}"]
    if n.activation == "relu":
        return [f"a = max(0, {z:.4f}) = {a:.4f}"]
    if n.activation == "leaky_relu":
        if z > 0:
            return [f"a = z = {a:.4f}   (z > 0)"]
        return [f"a = {engine.LEAKY_SLOPE} × ({z:.4f}) = {a:.4f}   (z ≤ 0)"]
    if n.activation == "softmax" and n.layer_z is not None:
        return _softmax_lines(n.layer_z, n.node, a)
    if n.activation == "linear":
        return [f"a = z = {z:.4f}"]
    return [f"a = {n.activation}({z:.4f}) = {a:.4f}"]


def _softmax_lines(zs: NDArray[np.float64], k: int, a: float) -> list[str]:
    """``a_k = e^{z_k} / Σ_j e^{z_j}`` with the numbers: softmax reads the whole layer's z.

    For large z the exponentials overflow, so the fraction is written with every z shifted
    by m = max z (the same quotient: e^{z_k − m} / Σ_j e^{z_j − m}).
    """
    i = k + 1  # nodes are numbered from 1 on screen
    top = float(np.max(zs))
    if top < 300:
        num, den = math.exp(float(zs[k])), float(np.sum(np.exp(zs)))
        first = f"a_{i} = e^{{{zs[k]:.4f}}} / Σ_j e^{{z_j}}"
    else:
        num, den = math.exp(float(zs[k]) - top), float(np.sum(np.exp(zs - top)))
        first = f"a_{i} = e^{{z_{i} − m}} / Σ_j e^{{z_j − m}}   (m = max z)"
    return [first, f"    = {num:.4g} / {den:.4g} = {a:.4f}"]


class NodeInspector(QWidget):
    """A card showing one node's weights, input and the arithmetic of its activation."""

    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nodeInspector")
        self.setAutoFillBackground(True)
        self._numbers: NodeNumbers | None = None
        self._title = ""
        self._pinned = False
        self._zoom = 1.0
        self.resize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(round(CARD_W * self._zoom), round(CARD_H * self._zoom))

    def set_zoom(self, zoom: float) -> None:
        """Scale the whole card (text included), e.g. 1.4 on a 1080p projector."""
        self._zoom = max(0.5, float(zoom))
        self.resize(self.sizeHint())
        self.update()

    def zoom(self) -> float:
        return self._zoom

    def _logical_width(self) -> float:
        """The card's width in unzoomed units (the painter is scaled by the zoom)."""
        return self.width() / self._zoom

    def numbers(self) -> NodeNumbers | None:
        """The numbers on display (None when empty)."""
        return self._numbers

    def set_numbers(self, numbers: NodeNumbers | None, title: str, pinned: bool = False) -> None:
        self._numbers = numbers
        self._title = title
        self._pinned = pinned
        self.update()

    def text_lines(self) -> list[str]:
        """The arithmetic as the card prints it (also handy for tests and screen readers)."""
        n = self._numbers
        if n is None:
            return []
        lines = [f"z = w·x + b = Σ w_i·x_i + b   ({n.w.size} terms)"]
        lines += sum_lines(n.w, n.x)
        sign = "−" if n.b < 0 else "+"
        lines.append(f"  = {n.weighted_sum:.4f} {sign} {abs(n.b):.4f} = {n.z:.4f}")
        known = engine.ACTIVATIONS.get(n.activation)
        # The formula without its aside ("(all outputs together)"): the card is narrow.
        formula = known.formula.split("   (")[0] if known is not None else None
        lines.append(formula or f"a = {n.activation}(z)")
        lines += activation_lines(n)
        return lines

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.closeRequested.emit()
        event.accept()

    # ------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        p.setPen(QPen(colormaps.qcolor(colormaps.OKABE_ITO["vermillion"]), 2.0))
        p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.scale(self._zoom, self._zoom)
        n = self._numbers
        text = self.palette().text().color()
        title_font = QFont(self.font())
        title_font.setPixelSize(TITLE_PX)
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(text)
        p.drawText(
            QRectF(10, 6, self._logical_width() - 20, 24), Qt.AlignmentFlag.AlignLeft, self._title
        )
        hint = QFont(self.font())
        hint.setPointSizeF(HINT_PX * 0.75)  # 13.5 px at 96 dpi: a pixel size is whole
        p.setFont(hint)
        p.setPen(QColor(110, 110, 110))
        p.drawText(
            QRectF(10, 6, self._logical_width() - 20, 24),
            Qt.AlignmentFlag.AlignRight,
            "pinned · click to close" if self._pinned else "click the node to pin",
        )
        if n is None:
            p.end()
            return
        y = 34.0
        label_font = QFont(self.font())
        label_font.setPixelSize(LABEL_PX)
        if n.layer == 0 and n.w.size == 64:
            side = min(120.0, (self._logical_width() - 60) / 3)
            limit = float(np.max(np.abs(n.w))) or 1.0
            products = n.w * n.x
            plimit = float(np.max(np.abs(products))) or 1.0
            panels = [
                ("weights w", colormaps.apply_symmetric(colormaps.DIVERGING, n.w, limit)),
                ("input x", colormaps.apply(colormaps.INK, n.x, 0.0, max(1e-9, float(n.x.max())))),
                ("w × x", colormaps.apply_symmetric(colormaps.DIVERGING, products, plimit)),
            ]
            for k, (label, rgb) in enumerate(panels):
                left = 10 + k * (side + 20)
                rect = QRectF(left, y + 18, side, side)
                p.setFont(label_font)
                p.setPen(text)
                p.drawText(QRectF(left, y, side + 20, 18), Qt.AlignmentFlag.AlignLeft, label)
                p.drawImage(rect, colormaps.rgb_image(rgb.reshape(8, 8, 3)))
                p.setPen(QPen(QColor(140, 140, 140), 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect)
            y += side + 24
            p.setFont(hint)
            p.setPen(text)
            p.drawText(
                QRectF(10, y, self._logical_width() - 20, 16),
                Qt.AlignmentFlag.AlignLeft,
                f"blue < 0 < vermillion;  |w| up to {limit:.3f}",
            )
            y += 20
        else:
            y = self._paint_strip(p, n, y, label_font, text)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPixelSize(NUMBERS_PX)
        p.setFont(mono)
        p.setPen(text)
        line_h = LINE_H
        for line in self.text_lines():
            p.drawText(
                QRectF(10, y, self._logical_width() - 20, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                line,
            )
            y += line_h
        p.end()

    def _paint_strip(
        self, p: QPainter, n: NodeNumbers, y: float, label_font: QFont, text: QColor
    ) -> float:
        """Deeper layers: the incoming weights as bars (up = positive) above the input strip."""
        width = self._logical_width() - 20.0
        h = 90.0
        p.setFont(label_font)
        p.setPen(text)
        p.drawText(
            QRectF(10, y, width, 18),
            Qt.AlignmentFlag.AlignLeft,
            f"incoming weights w ({n.w.size}, one per node of layer {n.layer})",
        )
        top = y + 20
        mid = top + h / 2
        limit = float(np.max(np.abs(n.w))) or 1.0
        slot = width / n.w.size
        pos = colormaps.qcolor(colormaps.POSITIVE)
        neg = colormaps.qcolor(colormaps.NEGATIVE)
        for i, wi in enumerate(n.w):
            bh = (h / 2) * abs(wi) / limit
            rect = QRectF(10 + i * slot, mid - bh if wi > 0 else mid, max(1.0, slot * 0.8), bh)
            p.fillRect(rect, pos if wi > 0 else neg)
        p.setPen(QPen(QColor(120, 120, 120), 1.0))
        p.drawLine(QPointF(10, mid), QPointF(10 + width, mid))
        # The layer's input a (previous activations) as a viridis strip under the bars.
        strip_top = top + h + 4
        lo, hi = min(0.0, float(n.x.min())), max(float(n.x.max()), 1e-9)
        rgb = colormaps.apply(colormaps.VIRIDIS, n.x, lo, hi).reshape(1, -1, 3)
        p.drawImage(QRectF(10, strip_top, width, 14), colormaps.rgb_image(rgb))
        p.setPen(text)
        p.drawText(
            QRectF(10, strip_top + 15, width, 18),
            Qt.AlignmentFlag.AlignLeft,
            f"its input x = a{n.layer} (viridis, {format_value(lo)} to {format_value(hi)})",
        )
        return strip_top + 38
