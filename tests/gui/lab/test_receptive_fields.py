"""ReceptiveFields: one 8x8 tile per first-layer node, coloured from W1, changing with training."""

import numpy as np

import engine
from gui.lab import colormaps
from gui.lab.receptive_fields import ReceptiveFields, tile_colours


def test_tile_j_is_column_j_of_w1_in_pixel_order() -> None:
    W = np.zeros((64, 3))
    W[8 * 2 + 5, 1] = 0.5  # pixel (2, 5) of node 1: the largest positive weight
    W[0, 2] = -0.5  # pixel (0, 0) of node 2: the most negative
    rgb, limit = tile_colours(W, stretch=False)
    assert rgb.shape == (3, 8, 8, 3) and 0 < limit <= 0.5
    np.testing.assert_array_equal(rgb[1, 2, 5], colormaps.DIVERGING[255])
    np.testing.assert_array_equal(rgb[2, 0, 0], colormaps.DIVERGING[0])
    np.testing.assert_array_equal(rgb[0, 4, 4], colormaps.DIVERGING[128])


def test_one_outlier_does_not_wash_out_the_shared_scale() -> None:
    W = np.random.default_rng(0).normal(0, 0.1, (64, 16))
    W[0, 0] = 5.0
    _, limit = tile_colours(W, stretch=False)
    assert limit == np.percentile(np.abs(W), 99) < 0.5
    rgb, _ = tile_colours(W, stretch=False)
    assert np.abs(rgb[1:].astype(int) - colormaps.DIVERGING[128]).max() > 60  # not washed out


def test_stretch_scales_each_tile_to_its_own_maximum() -> None:
    W = np.random.default_rng(1).uniform(0.5, 1.0, (64, 2))
    W[:, 1] *= 0.01  # a node with tiny weights: pale on the shared scale
    W[3, 1] = 0.02  # its largest weight
    shared, _ = tile_colours(W, stretch=False)
    stretched, _ = tile_colours(W, stretch=True)
    assert np.abs(shared[1].astype(int) - colormaps.DIVERGING[128]).max() < 10
    np.testing.assert_array_equal(stretched[1, 0, 3], colormaps.DIVERGING[255])


def test_tiles_change_after_an_epoch_of_training(qtbot) -> None:
    design = engine.Design(hidden=(engine.HiddenLayer(20, "relu"),), seed=4)
    task = engine.load_task(design)
    net = engine.build_network(design)
    view = ReceptiveFields()
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    view.set_weights(net.weights[0])
    before = view.tile_colours()
    assert before.shape == (20, 8, 8, 3)
    trainer = engine.Trainer(net, engine.build_optimizer(design), epochs=1)
    for _ in trainer.run(task.X_train, task.y_train):
        pass
    view.set_weights(net.weights[0])
    after = view.tile_colours()
    assert np.mean(np.any(before != after, axis=-1)) > 0.2
    # Every tile is inside the widget and tiles do not overlap.
    rects = [view.tile_rect(j) for j in range(20)]
    grid = view.tile_grid()
    for k, r in enumerate(rects):
        assert r.right() <= grid.width() + 0.5 and r.bottom() <= grid.height() + 0.5
        assert all(not r.intersects(o) for o in rects[k + 1 :])
    view.set_weights(None)
    assert view.tile_colours() is None
