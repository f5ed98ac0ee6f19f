"""A window script for tests/gui/test_zoom.py: the app's window on a 1024x768 screen.

    python tests/gui/zoom_probe.py SCREEN.json ZOOM PROJECTOR [PNG]

Builds the window as ``gui.app.main`` does (11 pt font, maximised on a small screen) on the
offscreen screen that SCREEN.json describes, sets the zoom factor and the projector layout
(0/1) through the window's own actions, then prints one JSON line of measurements: the
window's frame and the screen's available geometry, the smallest font of a visible widget,
tabs and combo boxes whose text does not fit, whether the layout had to scroll, and the
key numbers' fonts. PNG, if given, gets a grab after a short training run.
"""

from __future__ import annotations

import json
import os
import sys

os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={sys.argv[1]}"
if "NEURON_LAB_SETTINGS" not in os.environ:  # never the user's own settings
    raise SystemExit("set NEURON_LAB_SETTINGS to a fresh INI file")

from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

from gui.app import MIN_APP_FONT_PT
from gui.lab.node_inspector import NUMBERS_PX
from gui.zoom import font_px, key_number_font


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def smallest_text(window: QWidget) -> QWidget:
    """The visible label, button, combo box or tab bar with the smallest font."""
    texts = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and isinstance(w, (QLabel, QAbstractButton, QComboBox, QTabBar))
    ]
    return min(texts, key=lambda w: QFontInfo(w.font()).pixelSize())


def cut_tabs(window: QWidget) -> list[str]:
    """Tabs whose full title does not fit their tab."""
    cut = []
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for i in range(bar.count()):
                need = bar.fontMetrics().horizontalAdvance(bar.tabText(i).replace("&&", "&"))
                if need > bar.tabRect(i).width() - 8:
                    cut.append(bar.tabText(i))
    return cut


def cut_combos(window: QWidget) -> list[str]:
    """Combo boxes whose shown label is wider than their text field."""
    cut = []
    for combo in window.findChildren(QComboBox):
        if not combo.isVisible():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        if combo.fontMetrics().horizontalAdvance(combo.currentText()) > field.width():
            cut.append(combo.currentText())
    return cut


def squeezed(window: QWidget) -> list[str]:
    """Widgets given less room than their minimum: their parts overlap or are cut."""
    found = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window or w.objectName().startswith("qt_"):
            continue
        if w.minimumSize() == w.maximumSize():
            continue  # a size fixed on purpose (the shift arrows)
        # What a layout gives it at least: an explicit minimum where set, else its hint.
        policy, hint = w.sizePolicy(), w.minimumSizeHint()
        need_w, need_h = w.minimumWidth() or hint.width(), w.minimumHeight() or hint.height()
        ignored = QSizePolicy.Policy.Ignored
        if (policy.horizontalPolicy() != ignored and w.width() < need_w) or (
            policy.verticalPolicy() != ignored and w.height() < need_h
        ):
            found.append(f"{w.objectName() or type(w).__name__} {w.size().toTuple()}")
    return found


def measure(window) -> dict:
    smallest = smallest_text(window)
    scroll = window.findChild(QScrollArea, "windowScroll")
    lab = window.lab
    return {
        "frame": rect(window.frameGeometry()),
        "available": rect(window.screen().availableGeometry()),
        "smallest_px": QFontInfo(smallest.font()).pixelSize(),
        "smallest": f"{type(smallest).__name__} {smallest.objectName()}",
        "cut_tabs": cut_tabs(window),
        "cut_combos": cut_combos(window),
        "squeezed": squeezed(window),
        "scrolls": [
            scroll.horizontalScrollBar().isVisible(),
            scroll.verticalScrollBar().isVisible(),
        ],
        "window_px": QFontInfo(window.font()).pixelSize(),
        "plot_px": QFontInfo(window.loss_plot.font()).pixelSize(),
        "prediction_px": QFontInfo(lab.predictionView.font()).pixelSize(),
        "key_px": font_px(key_number_font(lab.predictionView)),
        "accuracy_label_px": font_px(lab.evaluationView.findChild(QLabel, "accuracyLabel").font()),
        "tabs_width": window.tabs.width(),
        "lab_width": lab.width(),
    }


def main() -> None:
    zoom, projector = float(sys.argv[2]), sys.argv[3] == "1"
    app = QApplication([sys.argv[0]])
    font = QFont(app.font())
    font.setPointSizeF(MIN_APP_FONT_PT)
    app.setFont(font)
    from gui.main_window import MainWindow

    window = MainWindow()
    window.showMaximized()  # what gui.app.main does on a screen narrower than 1300 px
    settle(app)
    if projector:
        window.acts["projector"].trigger()
    while window.zoom.factor < zoom - 1e-9:
        window.acts["bigger"].trigger()
        settle(app)
    settle(app)
    out = measure(window)
    lab = window.lab
    lab.load_test_digit(0)
    lab.inspect_node(0, 0)
    settle(app)
    out["inspector_numbers_px"] = NUMBERS_PX * lab.nodeInspector.zoom()
    lab.close_inspector()
    readout = window.findChild(QWidget, "lossReadout")  # the loss panel's big numbers
    out["loss_readout_px"] = None if readout is None else font_px(readout.font())
    out["designer_visible"] = window.designer.isVisible()
    out["summary_visible"] = window.summary.isVisible()
    size = window.size()
    window.acts["actual_size"].trigger()  # Ctrl+0
    settle(app)
    out["designer_after_ctrl_0"] = window.designer.isVisible()
    out["same_size_after_ctrl_0"] = window.size() == size
    while window.zoom.factor < zoom - 1e-9:  # back to the zoom asked for, for the picture
        window.acts["bigger"].trigger()
        settle(app)
    if len(sys.argv) > 4:  # a picture: train a few epochs first, so every view has numbers
        finished: list[str] = []
        window.trainingFinished.connect(finished.append)
        window.set_epochs(8)
        window.set_speed("full")
        window.start_training()
        while not finished:
            app.processEvents()
        lab.load_test_digit(3)
        settle(app)
        window.grab().save(sys.argv[4])
    print(json.dumps(out))
    window.close()


if __name__ == "__main__":
    main()
