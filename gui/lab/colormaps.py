"""Colour-blind-safe colour maps and category colours, as NumPy lookup tables.

Why these: viridis and cividis are perceptually uniform and readable by people with the
common colour-vision deficiencies; their lightness rises monotonically, so they survive a
washed-out projector (order stays visible as light vs dark). The diverging map for signed
numbers (weights) runs from Okabe–Ito blue through a light grey to Okabe–Ito vermillion —
the blue/orange pair stays distinct for protan, deutan and tritan viewers.

Every map is a ``(256, 3)`` uint8 table; :func:`apply` maps values to colours with one
vectorised lookup, so a whole layer is coloured with a handful of NumPy calls.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PySide6.QtGui import QColor, QImage

# Anchors sampled from matplotlib's viridis / cividis (CC0) at table rows 0, 16, ..., 240, 255;
# linear interpolation between them differs from the full table by at most 2/255.
_ANCHOR_ROWS = (*range(0, 256, 16), 255)
_VIRIDIS_ANCHORS = (
    (68, 1, 84), (72, 24, 106), (71, 45, 123), (66, 64, 134), (59, 82, 139), (51, 99, 141),
    (44, 114, 142), (38, 130, 142), (33, 145, 140), (31, 160, 136), (40, 174, 128),
    (63, 188, 115), (94, 201, 98), (132, 212, 75), (173, 220, 48), (216, 226, 25),
    (253, 231, 37),
)  # fmt: skip
_CIVIDIS_ANCHORS = (
    (0, 32, 77), (0, 44, 105), (6, 54, 110), (45, 66, 108), (65, 77, 107), (82, 89, 108),
    (97, 100, 111), (111, 112, 115), (125, 124, 120), (140, 136, 121), (156, 149, 119),
    (173, 162, 116), (190, 175, 111), (207, 189, 103), (225, 204, 93), (243, 219, 79),
    (255, 234, 70),
)  # fmt: skip

#: Okabe & Ito (2008) palette, distinguishable under all common colour-vision deficiencies.
OKABE_ITO: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0),
    "orange": (230, 159, 0),
    "sky_blue": (86, 180, 233),
    "bluish_green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "reddish_purple": (204, 121, 167),
}

#: Sign colours used everywhere for weights: negative blue, positive vermillion.
NEGATIVE = OKABE_ITO["blue"]
POSITIVE = OKABE_ITO["vermillion"]


def _table(rows: ArrayLike, colours: ArrayLike) -> NDArray[np.uint8]:
    """Linearly interpolate anchor colours at table ``rows`` into a (256, 3) uint8 table."""
    rows_arr = np.asarray(rows, dtype=float)
    cols = np.asarray(colours, dtype=float)
    grid = np.arange(256, dtype=float)
    table = np.stack([np.interp(grid, rows_arr, cols[:, c]) for c in range(3)], axis=1)
    return np.rint(table).astype(np.uint8)


VIRIDIS: NDArray[np.uint8] = _table(_ANCHOR_ROWS, _VIRIDIS_ANCHORS)
CIVIDIS: NDArray[np.uint8] = _table(_ANCHOR_ROWS, _CIVIDIS_ANCHORS)
#: Diverging blue – light grey – vermillion for signed values (row 128 is zero).
DIVERGING: NDArray[np.uint8] = _table((0, 128, 255), (NEGATIVE, (242, 242, 242), POSITIVE))
#: Ink on paper for the drawing: 0 is white, 16 is near-black (like the printed matrix).
INK: NDArray[np.uint8] = _table((0, 255), ((255, 255, 255), (20, 20, 20)))


def normalize(values: ArrayLike, lo: float, hi: float) -> NDArray[np.float64]:
    """Map ``values`` linearly so that ``lo -> 0`` and ``hi -> 1``, clipped to [0, 1]."""
    v = np.asarray(values, dtype=float)
    span = hi - lo
    if not np.isfinite(span) or span <= 0:
        return np.zeros_like(v)
    return np.clip((v - lo) / span, 0.0, 1.0)


def apply(table: NDArray[np.uint8], values: ArrayLike, lo: float, hi: float) -> NDArray[np.uint8]:
    """Colours of ``values`` under ``table`` for the range [lo, hi]: shape ``values.shape + (3,)``.

    Non-finite values map to the low end rather than raising, so a diverged network
    can never crash a paint event.
    """
    t = normalize(np.nan_to_num(np.asarray(values, dtype=float), nan=lo), lo, hi)
    return table[np.rint(t * 255).astype(np.intp)]


def apply_symmetric(table: NDArray[np.uint8], values: ArrayLike, limit: float) -> NDArray[np.uint8]:
    """Colours for signed values on a diverging table, zero in the middle, range ±limit."""
    limit = float(limit) if limit > 0 else 1.0
    return apply(table, values, -limit, limit)


def qcolor(rgb: ArrayLike, alpha: int = 255) -> QColor:
    """A QColor from an (r, g, b) triple of 0–255 integers."""
    r, g, b = (int(c) for c in np.asarray(rgb).ravel()[:3])
    return QColor(r, g, b, alpha)


def text_colour_on(rgb: ArrayLike) -> QColor:
    """Black or white, whichever reads better on background ``rgb`` (by relative luminance)."""
    r, g, b = (float(c) for c in np.asarray(rgb).ravel()[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor(0, 0, 0) if luminance > 140 else QColor(255, 255, 255)


def rgb_image(rgb: NDArray[np.uint8]) -> QImage:
    """Wrap an (h, w, 3) uint8 array as a QImage (copied, so the array may be freed)."""
    arr = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = arr.shape
    image = QImage(arr.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return image.copy()
