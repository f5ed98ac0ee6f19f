"""Presentation zoom (gui/zoom.py) and the projector layout (gui/projector.py), measured.

The 1024x768 checks run the window in a fresh process on an offscreen screen of that size
(tests/gui/zoom_probe.py): the screen of a test process cannot be changed once Qt started.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QMessageBox

from engine import Design, HiddenLayer
from gui import zoom
from gui.projector import design_summary
from tests.app_process import run_offscreen


def px(widget) -> int:
    return QFontInfo(widget.font()).pixelSize()


def probe(tmp_path: Path, factor: float, projector: bool) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "projector",
                        "x": 0,
                        "y": 0,
                        "width": 1024,
                        "height": 768,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    args = ["tests/gui/zoom_probe.py", str(screen), str(factor), "1" if projector else "0"]
    done = run_offscreen(args, tmp_path / "settings.ini", timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(inner: list[int], outer: list[int]) -> bool:
    return QRect(*outer).contains(QRect(*inner))


@pytest.mark.parametrize(("factor", "projector"), [(1.5, False), (1.5, True)])
def test_zoom_150_fits_a_1024x768_screen_with_nothing_cut(tmp_path, factor, projector):
    m = probe(tmp_path, factor, projector)
    assert m["window_px"] > 15 * 1.4  # the zoom took effect (11 pt is 15 px)
    assert inside(m["frame"], m["available"]), m
    assert m["cut_tabs"] == [] and m["cut_combos"] == [], m
    assert m["squeezed"] == [], m  # no widget got less than its minimum size
    assert m["scrolls"] == [False, False], m  # the layout reflowed, it did not spill over
    # No room for the designer at 150 %: its summary line instead; Ctrl+0 brings it back
    # (in the projector layout it stays folded), and the window is the size it was.
    assert not m["designer_visible"] and m["summary_visible"], m
    assert m["designer_after_ctrl_0"] == (not projector), m
    assert m["same_size_after_ctrl_0"], m


def test_projector_layout_at_1024x768_reads_from_the_back(tmp_path):
    m = probe(tmp_path, 1.0, True)
    assert inside(m["frame"], m["available"]), m
    assert m["smallest_px"] >= 16, m  # every visible label, button, combo box and tab
    assert m["key_px"] >= 24, m  # predicted class's probability, activation values
    assert m["inspector_numbers_px"] >= 24, m
    assert m["accuracy_label_px"] >= 24, m
    assert m["loss_readout_px"] >= 24, m  # the loss panel's readout
    assert m["scrolls"] == [False, False] and m["squeezed"] == [], m


def test_zoom_keys_scale_the_views_and_ctrl_0_restores(main_window, qtbot):
    w = main_window
    lab = w.lab
    accuracy = lab.evaluationView.findChild(QLabel, "accuracyLabel")
    views = [
        w.loss_plot,
        lab.predictionView,
        lab.activationView,
        lab.digitCanvas,
        w.controls.train_button,
        accuracy,
    ]
    w.resize(760, 700)  # inside the 800x800 offscreen screen, as a window starts
    qtbot.wait(1)  # the resize is delivered
    before = [px(v) for v in views]
    size = w.size()
    for _ in range(3):
        qtbot.keyClick(w, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.zoom.factor == zoom.ZOOM_STEPS[zoom.ZOOM_STEPS.index(1.0) + 3]
    after = [px(v) for v in views]
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    # the plot's tick labels follow the widget's font (the loss plot's own FontChange)
    axis = w.loss_plot.getPlotItem().getAxis("left")
    assert zoom.font_px(axis.style["tickFont"]) > before[0]
    # the painted fonts derive from the widget's: the key numbers grow too
    assert zoom.font_px(zoom.key_number_font(lab.predictionView)) > before[1] * 1.35
    qtbot.keyClick(w, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w.zoom.factor == 1.0
    assert [px(v) for v in views] == before
    assert w.size() == size  # the window never grew, so it is as it was
    qtbot.keyClick(w, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert px(lab.predictionView) < before[1]


def test_zoom_and_projector_are_remembered(main_window, qtbot):
    from gui.main_window import MainWindow

    main_window.acts["bigger"].trigger()
    main_window.acts["projector"].trigger()
    main_window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.zoom.factor == main_window.zoom.factor == 1.1
    assert again.zoom.projector and again.acts["projector"].isChecked()
    assert not again.designer.isVisibleTo(again)
    again.acts["projector"].trigger()  # back to the normal layout
    assert again.designer.isVisibleTo(again) and not again.zoom.projector
    again.controller.shutdown()
    again.close()


def test_projector_folds_the_designer_to_a_summary_that_unfolds_on_click(main_window, qtbot):
    w = main_window
    w.acts["projector"].trigger()
    assert not w.designer.isVisible() and w.summary.isVisible()
    assert w.summary.full_text() == design_summary(w.controller.design)
    assert px(w.controls.train_button) >= zoom.PROJECTOR_MIN_PX
    assert w.runs.folded and not w.runs.isVisible()  # the run table folds too
    qtbot.mouseClick(w.summary, Qt.MouseButton.LeftButton)
    assert w.designer.isVisible() and not w.summary.isVisible()
    w.acts["projector"].trigger()  # back: the run table shows again once it has runs
    assert not w.runs.folded


def test_design_summary_says_the_design_in_one_line():
    design = Design(hidden=(HiddenLayer(32, "relu"),), epochs=60)
    assert (
        design_summary(design)
        == "64-32-10 · ReLU · softmax CE · Adam α 0.001 · mini-batch 32 · 60 epochs"
    )
    odd = Design(
        task="odd_even",
        hidden=(HiddenLayer(4, "sigmoid"), HiddenLayer(3, "tanh")),
        loss="binary_crossentropy",
        optimizer="sgd",
        learning_rate=0.1,
        batch_mode="stochastic",
    )
    assert (
        design_summary(odd)
        == "64-4-3-1 · sigmoid, tanh · sigmoid BCE · SGD α 0.1 · stochastic · 30 epochs"
    )


def test_step_zoom_walks_the_steps_and_stops_at_the_ends():
    assert zoom.step_zoom(1.0, +1) == 1.1
    assert zoom.step_zoom(1.0, -1) == 0.9
    assert zoom.step_zoom(zoom.ZOOM_STEPS[-1], +1) == zoom.ZOOM_STEPS[-1]
    assert zoom.step_zoom(zoom.ZOOM_STEPS[0], -1) == zoom.ZOOM_STEPS[0]


def test_fit_to_screen_shrinks_and_moves_a_window_into_the_available_area(qtbot):
    from PySide6.QtWidgets import QWidget

    w = QWidget()
    qtbot.addWidget(w)
    w.resize(900, 700)
    w.move(300, 200)
    area = QRect(0, 0, 640, 480)
    zoom.fit_to_screen(w, area)
    assert area.contains(w.frameGeometry()), w.frameGeometry()


def test_a_text_size_kept_by_an_earlier_version_becomes_the_nearest_zoom(qtbot, isolated_settings):
    from gui.main_window import MainWindow
    from gui.settings_store import SettingsStore

    old = SettingsStore()
    old.save_int("view/font_pt", 14)  # "Larger text" three times from 11 pt
    old.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.zoom.factor == 1.25  # 14 / 11 = 1.27
    window.controller.shutdown()
    window.close()


def test_a_zoom_without_room_folds_the_designer_to_its_summary(main_window, qtbot):
    w = main_window
    w.resize(760, 700)  # inside the 800x800 offscreen screen
    qtbot.wait(1)
    assert w.designer.isVisible() and not w.summary.isVisible()
    while w.designer.isVisible() and w.zoom.factor < zoom.ZOOM_STEPS[-1]:
        w.acts["bigger"].trigger()
    assert not w.designer.isVisible() and w.summary.isVisible()  # its one line instead
    assert w.width() <= 760  # the window did not grow
    scroll = w.centralWidget()
    assert w.main_splitter.minimumSizeHint().width() <= scroll.width()  # nothing spills over
    qtbot.mouseClick(w.summary, Qt.MouseButton.LeftButton)  # the teacher wants it anyway
    assert w.designer.isVisible() and not w.summary.isVisible()


def test_style_sheet_widgets_follow_the_zoom_exactly_once(main_window):
    w = main_window
    button = w.controls.train_button  # bold through a style sheet: Qt gives it no font
    for _ in range(4):
        w.acts["bigger"].trigger()
    assert abs(px(button) - px(w)) <= 1, (px(button), px(w))
    w.acts["actual_size"].trigger()
    assert abs(px(button) - px(w)) <= 1


def test_message_boxes_follow_the_zoom(main_window):
    w = main_window
    for _ in range(3):
        w.acts["bigger"].trigger()
    w.acts["about"].trigger()
    box = w.findChild(QMessageBox, "messageBox")
    assert box is not None and box.isVisible()
    assert px(box) == px(w) > 12  # the offscreen default is 9 pt = 12 px
    box.close()
