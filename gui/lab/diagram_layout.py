"""Where the network diagram puts things: the input picture and one column of nodes per layer.

Pure geometry (no painting, no weights), so that the diagram's widget only draws and a test can
check positions without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPointF, QRectF


@dataclass
class Column:
    """Screen positions of one layer's nodes (for the input: the 64 pixel centres)."""

    xs: NDArray[np.float64]
    ys: NDArray[np.float64]
    radius: float  # node radius; for dense columns the half-height of a node's bar


@dataclass
class DiagramLayout:
    columns: list[Column]
    input_rect: QRectF  # the 8x8 input picture
    stagger: bool  # the matrix captions alternate between two rows (narrow bands)


#: The line height the margins below were drawn for (the default 15 px font).
LINE = 18.0


def lay_out(
    sizes: tuple[int, ...], width: float, height: float, label_w: float, line: float = LINE
) -> DiagramLayout:
    """Columns for layers of ``sizes`` in a ``width`` x ``height`` widget, leaving ``label_w``
    on the right for the output labels and, above and below, room for captions of ``line``
    pixels a line (the margins grow with the zoomed font)."""
    w, h = float(width), float(height)
    s = max(1.0, line / LINE)
    n_cols = len(sizes)
    grid = min((h - 120.0 * s) * 0.6, (w - label_w) * 0.34, 200.0)
    # Narrow bands: the matrix captions alternate between two rows so they never overlap.
    band = (w - label_w - 16.0 - 10.0 - grid) / max(1, n_cols - 1)
    stagger = band < 150.0 * s and n_cols > 2
    top = (84.0 if stagger else 44.0) * s
    bottom = h - 58.0 * s  # room for the three-line column captions
    avail = max(40.0, bottom - top)
    grid = max(24.0, min(grid, avail * 0.6))
    input_rect = QRectF(10.0, top + (avail - grid) / 2, grid, grid)
    cell = grid / 8
    ii, jj = np.divmod(np.arange(64), 8)
    columns = [
        Column(
            input_rect.left() + (jj + 0.5) * cell,
            input_rect.top() + (ii + 0.5) * cell,
            cell / 2,
        )
    ]
    x0 = input_rect.right()
    x1 = w - label_w - 16.0
    for k, n in enumerate(sizes[1:], start=1):
        x = x0 + (x1 - x0) * k / (n_cols - 1)
        spacing = avail / n
        radius = min(13.0, spacing * 0.42)
        ys = np.asarray(top + (np.arange(n) + 0.5) * spacing, dtype=np.float64)
        columns.append(Column(np.full(n, x), ys, radius))
    return DiagramLayout(columns, input_rect, stagger)


def node_at(columns: list[Column], pos: QPointF) -> tuple[int, int]:
    """(column, node) of the node under ``pos`` (column 0 is the input), or (-1, -1)."""
    for k, col in enumerate(columns[1:], start=1):
        if abs(pos.x() - float(col.xs[0])) <= max(col.radius, 6.0) + 2:
            d = np.abs(col.ys - pos.y())
            i = int(np.argmin(d))
            if d[i] <= max(col.radius, 3.0) + 2:
                return k, i
    return -1, -1
