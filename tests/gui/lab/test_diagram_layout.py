"""The diagram's geometry: one column per layer, and the node under a point found back."""

from PySide6.QtCore import QPointF

from gui.lab.diagram_layout import lay_out, node_at


def test_one_column_per_layer_and_every_node_found_back() -> None:
    layout = lay_out((64, 16, 10), 600, 400, 80)
    assert [c.xs.size for c in layout.columns] == [64, 16, 10]
    assert layout.input_rect.width() > 0
    for k, col in enumerate(layout.columns[1:], start=1):
        for i in (0, col.ys.size - 1):
            assert node_at(layout.columns, QPointF(float(col.xs[i]), float(col.ys[i]))) == (k, i)
    assert node_at(layout.columns, QPointF(-50, -50)) == (-1, -1)


def test_narrow_bands_stagger_the_captions() -> None:
    assert lay_out((64, *(512,) * 8, 10), 600, 400, 80).stagger
    assert not lay_out((64, 32, 10), 1200, 400, 80).stagger
