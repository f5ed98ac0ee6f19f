"""Colour tables: shape, the anchors of viridis, monotone lightness, symmetric diverging map."""

import numpy as np

from gui.lab import colormaps


def lightness(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(float) @ np.array([0.2126, 0.7152, 0.0722])


def test_tables_and_endpoints() -> None:
    for table in (colormaps.VIRIDIS, colormaps.CIVIDIS, colormaps.DIVERGING, colormaps.INK):
        assert table.shape == (256, 3) and table.dtype == np.uint8
    np.testing.assert_array_equal(colormaps.VIRIDIS[0], (68, 1, 84))
    np.testing.assert_array_equal(colormaps.VIRIDIS[255], (253, 231, 37))
    np.testing.assert_array_equal(colormaps.DIVERGING[0], colormaps.NEGATIVE)
    np.testing.assert_array_equal(colormaps.DIVERGING[255], colormaps.POSITIVE)


def test_sequential_maps_get_lighter_monotonically() -> None:
    for table in (colormaps.VIRIDIS, colormaps.CIVIDIS):
        assert np.all(np.diff(lightness(table)) >= -0.5)


def test_apply_clips_and_survives_nan() -> None:
    out = colormaps.apply(colormaps.VIRIDIS, np.array([-5.0, 0.0, 0.5, 1.0, 9.0, np.nan]), 0, 1)
    np.testing.assert_array_equal(out[0], colormaps.VIRIDIS[0])
    np.testing.assert_array_equal(out[4], colormaps.VIRIDIS[255])
    np.testing.assert_array_equal(out[5], colormaps.VIRIDIS[0])
    sym = colormaps.apply_symmetric(colormaps.DIVERGING, np.array([-1.0, 0.0, 1.0]), 1.0)
    np.testing.assert_array_equal(sym[1], colormaps.DIVERGING[128])


def test_text_colour_contrasts() -> None:
    assert colormaps.text_colour_on((255, 255, 255)).name() == "#000000"
    assert colormaps.text_colour_on(colormaps.VIRIDIS[0]).name() == "#ffffff"
