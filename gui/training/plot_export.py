"""File > Export plot as PNG / SVG: the run's plot, landscape, titled with the design.

The export is drawn by a second ``LossPlot`` made for the file (``EXPORT_SIZE``, never shown on
screen) from the same history, with the same switches, so the file does not depend on the
shape of the window (a narrow panel once gave an 800x1422 portrait with a tiny legend). Its
fonts are sized for the file: ``EXPORT_FONT_PX`` pixels is readable on a slide at 1600x900.
The title is the design in one line (``design_title``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtSvg import QSvgGenerator

import engine
from engine import Design
from gui.training.history import TrainingHistory
from gui.training.loss_plot import LossPlot

EXPORT_SIZE = (1600, 900)
#: Text height in the exported file (pixels of a 1600x900 image: a slide's body text).
EXPORT_FONT_PX = 22
LOSS_SHORT = {
    "categorical_crossentropy": "CE",
    "binary_crossentropy": "binary CE",
    "mse": "MSE",
    "mae": "MAE",
}


def design_title(design: Design, epochs: int | None = None) -> str:
    """The design in one line, e.g. '64-32-10 relu, softmax CE, adam α=0.001, mini-batch 32,
    60 epochs' (``epochs``: the run's planned epochs; the design's by default)."""
    sizes = "-".join(str(n) for n in engine.layer_sizes(design))
    hidden = "/".join(dict.fromkeys(layer.activation for layer in design.hidden)) or "no hidden"
    _, output = engine.output_layer(design)
    loss = LOSS_SHORT.get(design.loss, design.loss)
    if design.batch_mode == "batch":
        batches = "full batch"
    elif design.batch_mode == "stochastic":
        batches = "stochastic (batch 1)"
    else:
        batches = f"mini-batch {design.batch_size}"
    n = design.epochs if epochs is None else epochs
    return (
        f"{sizes} {hidden}, {output} {loss}, {design.optimizer} α={design.learning_rate:g}, "
        f"{batches}, {n} epochs"
    )


def export_plot(
    source: LossPlot,
    history: TrainingHistory,
    planned_epochs: int,
    title: str,
    path: str | Path,
) -> None:
    """Write the plot of ``history`` as ``source`` shows it (log scale, mini-batch trace) to
    ``path``: PNG for '.png', SVG for '.svg'."""
    import pyqtgraph.exporters  # lazy: only needed when exporting

    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"Cannot export the plot as '{suffix}': choose .png or .svg.")
    # Neither writer reports a file it cannot open (Qt only warns, and nothing is written):
    # open it here first, so a missing or read-only folder is an OSError the caller shows.
    with open(path, "wb"):
        pass
    plot = LossPlot(legend_in_plot=True)
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    try:
        font = QFont(source.font())
        font.setPixelSize(EXPORT_FONT_PX)
        plot.setFont(font)
        plot.apply_font()
        plot.set_log_scale(source.is_log_scale())
        plot.set_batches_visible(source.batch_curve.isVisible())
        item = plot.getPlotItem()
        item.setTitle(title, size=f"{round(EXPORT_FONT_PX * 1.2)}px", color="#111111")
        item.layout.setRowFixedHeight(0, round(EXPORT_FONT_PX * 2.2))
        plot.resize(*EXPORT_SIZE)
        plot.show()  # laid out at its size, not on screen
        plot.refresh(history, planned_epochs)
        if suffix == ".png":
            exporter = pyqtgraph.exporters.ImageExporter(plot.scene())
            exporter.parameters()["width"] = EXPORT_SIZE[0]
            exporter.export(str(path))
        else:
            _write_svg(plot, title, path)
    finally:
        plot.close()
        plot.deleteLater()


def _write_svg(plot: LossPlot, title: str, path: str | Path) -> None:
    """Qt's own SVG writer over the whole plot (pyqtgraph's SVGExporter fails on the paths
    Qt 6 writes: pyqtgraph issue #3485)."""
    width, height = EXPORT_SIZE
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setTitle(title)
    generator.setDescription("Neuron Lab: loss and accuracy per epoch")
    painter = QPainter(generator)
    try:
        plot.render(painter)
    finally:
        painter.end()
