"""The window's pace: class pace out of the box, ``set_speed`` for tests and scripts, [ and ]
on the keyboard, remembered between sessions (an old saved speed index does no harm)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from gui.training.pace import pace_named


def new_window(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_a_new_window_trains_at_the_class_pace(qtbot):
    window = new_window(qtbot)
    assert window.controls.pace().name == "class"
    assert window.controller.pace == pace_named("class")
    assert window.controls.speed_label.text() == "Class pace: ~20 s a run"
    window.close()


def test_set_speed_moves_the_slider_and_the_controller(qtbot, main_window):
    main_window.set_speed("slow")
    assert main_window.controls.speed_label.text() == "Slow motion: 1 update/s"
    assert main_window.controller.pace.update_seconds == 1.0
    main_window.set_speed("class")
    assert main_window.controller.pace.run_seconds == 20.0
    with pytest.raises(ValueError, match="full"):
        main_window.set_speed("fast")


def test_brackets_step_the_pace(qtbot, main_window):
    main_window.set_speed("class")
    qtbot.keyClick(main_window, Qt.Key.Key_BracketRight)
    assert main_window.controller.pace.is_full
    qtbot.keyClick(main_window, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(main_window, Qt.Key.Key_BracketLeft)
    assert main_window.controls.pace().name == "calm"
    assert main_window.controller.pace.name == "calm"


def test_at_full_speed_the_default_run_finishes(qtbot, main_window):
    main_window.set_speed("full")
    with qtbot.waitSignal(main_window.trainingFinished, timeout=120_000) as finished:
        qtbot.mouseClick(main_window.controls.train_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["completed"]
    assert main_window.controller.epochs_done == main_window.designer.design().epochs


def test_the_pace_is_remembered(qtbot, main_window):
    main_window.set_speed("slow")
    main_window.close()
    again = new_window(qtbot)
    assert again.controls.pace().name == "slow"
    assert again.controller.pace.name == "slow"
    again.close()


def test_an_old_saved_speed_index_is_forgotten_quietly(qtbot, isolated_settings):
    raw = QSettings(str(isolated_settings), QSettings.Format.IniFormat)
    raw.setValue("training/speed", 3)
    raw.sync()
    window = new_window(qtbot)
    assert window.controls.pace().name == "class"
    assert window.settings.reset_keys() == ()  # nothing to tell the teacher
    window.close()
    raw.sync()
    assert raw.value("training/speed") is None
    assert raw.value("training/pace") == "class"


def test_slow_motion_switched_to_full_speed_finishes_the_run(qtbot, main_window):
    main_window.set_speed("slow")  # one update a second: 1350 s for the default design
    qtbot.mouseClick(main_window.controls.train_button, Qt.MouseButton.LeftButton)
    history = main_window.controller.history
    qtbot.waitUntil(lambda: len(history.batch_trace()[0]) >= 1, timeout=10_000)
    assert main_window.controller.state == "running"
    with qtbot.waitSignal(main_window.trainingFinished, timeout=120_000) as finished:
        qtbot.keyClick(main_window, Qt.Key.Key_BracketRight)  # ] : slow -> 4 updates/s
        for _ in range(3):
            qtbot.keyClick(main_window, Qt.Key.Key_BracketRight)  # ... -> full speed
    assert main_window.controller.pace.is_full
    assert finished.args == ["completed"]


def test_nothing_moves_when_a_long_message_is_shown(qtbot, main_window):
    from PySide6.QtWidgets import QApplication, QTabWidget

    tabs = main_window.findChild(QTabWidget, "insightTabs")
    where = tabs.mapTo(main_window, tabs.rect().topLeft())
    status = main_window.controls.status_label
    height = status.height()
    main_window.controller.announce("Saved. " * 80)
    QApplication.processEvents()  # let the layout run
    assert status.height() == height
    assert tabs.mapTo(main_window, tabs.rect().topLeft()) == where
    assert status.toolTip() == ("Saved. " * 80)
