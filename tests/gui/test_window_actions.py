"""The window's actions come from one table: every row becomes an action with its shortcut."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from gui.window_actions import ACTIONS, MENUS


def test_every_action_of_the_table_is_on_the_window_with_its_shortcut(main_window):
    assert set(main_window.acts) == {spec.name for spec in ACTIONS}
    for spec in ACTIONS:
        action = main_window.acts[spec.name]
        assert action.text() == spec.text
        assert action in main_window.actions()
        assert action.isCheckable() == spec.checkable
        if spec.shortcut:
            assert action.shortcut() == QKeySequence(spec.shortcut)
        assert callable(getattr(main_window, spec.slot))


def test_menus_list_only_actions_of_the_table():
    names = {spec.name for spec in ACTIONS}
    listed = [name for _, row in MENUS for name in row if name is not None]
    assert set(listed) <= names and len(listed) == len(set(listed))


def test_the_toggle_action_trains_and_pauses(qtbot, main_window):
    main_window.set_epochs(500)
    main_window.controls.set_speed_index(2)
    main_window.acts["toggle"].trigger()
    assert main_window.controller.state == "running"
    main_window.acts["toggle"].trigger()
    assert main_window.controller.state == "paused"
    with qtbot.waitSignal(main_window.trainingFinished, timeout=30_000):
        main_window.acts["stop"].trigger()
