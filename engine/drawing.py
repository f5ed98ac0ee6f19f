"""Drawing on the 8x8 digit grid and on the fine 32x32 bitmap — pure NumPy, no Qt.

How the UCI digits (scikit-learn's ``load_digits``) were made: each handwritten digit was
scanned as a 32x32 black-and-white bitmap, cut into 64 non-overlapping 4x4 blocks, and the
set pixels in each block were counted. So every input pixel is an integer count

    x[r, c] = sum_{i=0..3} sum_{j=0..3} bitmap[4r + i, 4c + j]      in 0..16.

:func:`reduce_32_to_8` applies exactly that rule, so a digit drawn in fine mode is the kind of
input the network learned from. Every function returns a new array and leaves its argument
untouched; values on the 8x8 grid stay integers in 0..16 like the data set.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Largest value of an 8x8 pixel: all 16 bitmap pixels of its 4x4 block are set.
MAX_VALUE = 16.0
COARSE = 8
FINE = 32
BLOCK = FINE // COARSE

FloatGrid = NDArray[np.float64]
BoolGrid = NDArray[np.bool_]


def empty_grid() -> FloatGrid:
    """An empty 8x8 drawing (all zeros)."""
    return np.zeros((COARSE, COARSE), dtype=np.float64)


def empty_bitmap() -> BoolGrid:
    """An empty 32x32 bitmap (no pixel set)."""
    return np.zeros((FINE, FINE), dtype=bool)


def brush_weights(
    shape: tuple[int, int], row: float, col: float, radius: float, softness: float
) -> FloatGrid:
    """How strongly a round brush centred at (row, col) covers each cell, in [0, 1].

    Positions are in cell units with cell (i, j) centred at (i + 0.5, j + 0.5). A cell whose
    centre lies within ``radius`` is fully covered; coverage then falls off linearly to zero
    over the next ``softness`` cells (``softness = 0`` gives a hard brush):

        w = clip(1 - (d - radius) / softness, 0, 1),   d = distance to the cell centre.
    """
    rows = np.arange(shape[0], dtype=np.float64)[:, None] + 0.5
    cols = np.arange(shape[1], dtype=np.float64)[None, :] + 0.5
    d = np.hypot(rows - row, cols - col)
    if softness <= 0:
        return (d <= radius).astype(np.float64)
    return np.clip(1.0 - (d - radius) / softness, 0.0, 1.0)


def paint(
    grid: ArrayLike,
    row: float,
    col: float,
    *,
    radius: float = 0.5,
    softness: float = 0.67,
    erase: bool = False,
) -> FloatGrid:
    """Paint (or erase) with a soft brush on the 8x8 grid; returns the new grid.

    Painting raises each cell to at least ``16 * w`` and erasing lowers it to at most
    ``16 * (1 - w)``, where ``w`` is :func:`brush_weights`. Taking the maximum (minimum)
    rather than adding means going over the same spot twice does not pile up ink, and the
    soft edge gives neighbouring cells a partial value, like the blurred strokes in the data.
    Results are rounded to whole numbers, as the data set's counts are.
    """
    g = np.asarray(grid, dtype=np.float64)
    w = brush_weights(g.shape, row, col, radius, softness)
    if erase:
        out = np.minimum(g, np.rint(MAX_VALUE * (1.0 - w)))
    else:
        out = np.maximum(g, np.rint(MAX_VALUE * w))
    return out


def paint_bitmap(
    bitmap: ArrayLike, row: float, col: float, *, radius: float = 1.6, erase: bool = False
) -> BoolGrid:
    """Set (or clear) every pixel of the 32x32 bitmap whose centre lies within ``radius``.

    The original scans were pure black and white, so the fine brush is hard.
    """
    b = np.asarray(bitmap, dtype=bool)
    inside = brush_weights(b.shape, row, col, radius, 0.0) > 0
    return (b & ~inside) if erase else (b | inside)


def paint_line(
    grid: ArrayLike,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    fine: bool = False,
    erase: bool = False,
) -> NDArray[np.float64] | BoolGrid:
    """Paint a stroke from ``start`` to ``end`` (row, col) so fast mouse moves leave no gaps.

    Brush stamps are placed at most a quarter of a cell apart along the segment.
    """
    (r0, c0), (r1, c1) = start, end
    steps = max(1, int(np.ceil(np.hypot(r1 - r0, c1 - c0) * 4)))
    out: NDArray[np.float64] | BoolGrid = np.asarray(grid)
    for t in np.linspace(0.0, 1.0, steps + 1)[1:]:
        r, c = r0 + t * (r1 - r0), c0 + t * (c1 - c0)
        out = paint_bitmap(out, r, c, erase=erase) if fine else paint(out, r, c, erase=erase)
    return out


def reduce_32_to_8(bitmap: ArrayLike) -> FloatGrid:
    """The UCI rule: count the set pixels in each 4x4 block of a 32x32 bitmap -> 8x8 in 0..16.

    ``x[r, c] = bitmap[4r:4r+4, 4c:4c+4].sum()``
    """
    b = np.asarray(bitmap, dtype=bool)
    if b.shape != (FINE, FINE):
        raise ValueError(f"the fine bitmap must be 32x32, got {b.shape}")
    counts: FloatGrid = b.reshape(COARSE, BLOCK, COARSE, BLOCK).sum(axis=(1, 3)).astype(np.float64)
    return counts


# Order in which the 16 pixels of a 4x4 block are set when a count is turned back into a
# bitmap: centre first, then outwards, so a block with few counts looks like a dot, not a line.
_BLOCK_CENTRE = (BLOCK - 1) / 2.0
_FILL_ORDER = np.array(
    sorted(
        ((i, j) for i in range(BLOCK) for j in range(BLOCK)),
        key=lambda ij: ((ij[0] - _BLOCK_CENTRE) ** 2 + (ij[1] - _BLOCK_CENTRE) ** 2, ij),
    )
)


def expand_8_to_32(grid: ArrayLike) -> BoolGrid:
    """A 32x32 bitmap whose block counts are the (rounded) 8x8 values.

    Used when a test digit is loaded while the fine mode is on: the original scan is not
    in the data set, so each block gets ``round(x)`` pixels set from its centre outwards.
    ``reduce_32_to_8(expand_8_to_32(g)) == clip(round(g), 0, 16)``.
    """
    counts = np.clip(np.rint(np.asarray(grid, dtype=np.float64)), 0, MAX_VALUE).astype(int)
    rank = np.zeros((BLOCK, BLOCK), dtype=int)
    rank[_FILL_ORDER[:, 0], _FILL_ORDER[:, 1]] = np.arange(BLOCK * BLOCK)
    # A pixel is set when its rank within the block is below the block's count.
    tiled_rank = np.tile(rank, (COARSE, COARSE))
    tiled_count = np.repeat(np.repeat(counts, BLOCK, axis=0), BLOCK, axis=1)
    return tiled_rank < tiled_count


def shift(grid: ArrayLike, rows: int, cols: int) -> NDArray[np.generic]:
    """Move the drawing by ``rows`` down and ``cols`` right; what leaves the grid is lost.

    Cells that move in from outside are empty (0 / False). Works for both grids.
    """
    g = np.asarray(grid)
    out = np.zeros_like(g)
    h, w = g.shape
    src_r = slice(max(0, -rows), min(h, h - rows))
    dst_r = slice(max(0, rows), min(h, h + rows))
    src_c = slice(max(0, -cols), min(w, w - cols))
    dst_c = slice(max(0, cols), min(w, w + cols))
    if src_r.start < src_r.stop and src_c.start < src_c.stop:
        out[dst_r, dst_c] = g[src_r, src_c]
    return out


def _cross_stack(g: NDArray[np.generic], fill: float | bool) -> NDArray[np.generic]:
    """Each cell and its four neighbours stacked on a new first axis (edges padded by fill)."""
    p = np.pad(g, 1, constant_values=fill)
    return np.stack([p[1:-1, 1:-1], p[:-2, 1:-1], p[2:, 1:-1], p[1:-1, :-2], p[1:-1, 2:]])


def thicken(grid: ArrayLike) -> FloatGrid:
    """Make strokes wider on the 8x8 grid: halfway from each cell to its brightest neighbour.

    ``out = round((x + max(x, up, down, left, right)) / 2)`` — an empty cell next to full
    ink becomes 8; cells inside a stroke do not change.
    """
    g = np.asarray(grid, dtype=np.float64)
    out: FloatGrid = np.rint((g + _cross_stack(g, 0.0).max(axis=0)) / 2.0)
    return out


def thin(grid: ArrayLike) -> FloatGrid:
    """Make strokes narrower on the 8x8 grid: halfway from each cell to its darkest neighbour.

    ``out = round((x + min(x, up, down, left, right)) / 2)`` — the edge of a stroke fades,
    its middle stays.
    """
    g = np.asarray(grid, dtype=np.float64)
    out: FloatGrid = np.rint((g + _cross_stack(g, 0.0).min(axis=0)) / 2.0)
    return out


def thicken_bitmap(bitmap: ArrayLike) -> BoolGrid:
    """Binary dilation of the 32x32 bitmap with a plus-shaped 3x3 element."""
    return np.asarray(_cross_stack(np.asarray(bitmap, dtype=bool), False).any(axis=0))


def thin_bitmap(bitmap: ArrayLike) -> BoolGrid:
    """Binary erosion of the 32x32 bitmap with a plus-shaped 3x3 element."""
    return np.asarray(_cross_stack(np.asarray(bitmap, dtype=bool), False).all(axis=0))


def add_noise(grid: ArrayLike, rng: np.random.Generator, *, sigma: float = 2.5) -> FloatGrid:
    """Add Gaussian noise of standard deviation ``sigma`` to every 8x8 cell.

    ``out = clip(round(x + sigma * N(0, 1)), 0, 16)``; the generator is explicit so a test
    (or a lesson) can repeat the exact same noise.
    """
    g = np.asarray(grid, dtype=np.float64)
    noisy = g + sigma * rng.standard_normal(g.shape)
    # round(-0.3) is -0.0, which clip keeps and a cell would print as "-0": adding 0.0 turns
    # every -0.0 into 0.0 (IEEE: -0.0 + 0.0 = +0.0) and changes no other value.
    out: FloatGrid = np.clip(np.rint(noisy), 0.0, MAX_VALUE) + 0.0
    return out


def add_noise_bitmap(
    bitmap: ArrayLike, rng: np.random.Generator, *, flip_probability: float = 0.04
) -> BoolGrid:
    """Flip each bitmap pixel independently with probability ``flip_probability``."""
    b = np.asarray(bitmap, dtype=bool)
    return b ^ (rng.random(b.shape) < flip_probability)
