"""File > Save session / Open session / Open recent, as a teacher uses them: the dialogs are
patched, the keys are real; a session reopens in a fresh window with its own settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.session_file import load_session, save_session
from gui.session_files import MAX_RECENT, RECENT_KEY, REOPEN_KEY
from gui.settings_store import SettingsStore
from tests.app_process import run_offscreen
from tests.gui.test_main_window import small_design, train_and_wait, weights_of
from tests.gui.test_model_files import activate, same_state, state_of, visible_box


def choose_save(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def choose_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def press(qtbot, window, key: Qt.Key) -> None:
    """Ctrl+Shift+<key> on the window, as a user types it."""
    activate(qtbot, window)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, key, modifiers)


def trained_and_saved(qtbot, window, monkeypatch, path: Path) -> Path:
    """Train a small network, choose the slow pace, save the session with Ctrl+Shift+S."""
    small_design(window, qtbot, nodes="8", epochs="2")
    assert train_and_wait(qtbot, window) == "completed"
    window.set_speed("slow")
    choose_save(monkeypatch, path)
    press(qtbot, window, Qt.Key.Key_S)
    assert window.controls.status_label.text() == f"Saved the session to {path.name}."
    return path


def test_a_session_reopens_in_a_fresh_window(
    qtbot, main_window, fresh_window, tmp_path, monkeypatch
):
    path = trained_and_saved(qtbot, main_window, monkeypatch, tmp_path / "lesson.neuronlab")
    c = main_window.controller
    rows, weights = tuple(c.history.rows), weights_of(c.current_network())

    other = fresh_window()
    assert other.controls.pace().name == "class" and other.controller.history.rows == []
    choose_open(monkeypatch, path)
    press(qtbot, other, Qt.Key.Key_O)
    o = other.controller
    assert o.design == c.design and other.designer.design() == c.design
    assert tuple(o.history.rows) == rows  # the same curves
    assert all(
        np.array_equal(a, b) for a, b in zip(weights_of(o.current_network()), weights, strict=True)
    )
    assert o.epochs_done == 2 and other.controls.epoch_label.text() == "Epoch 2 / 2"
    assert other.controls.pace().name == "slow" and o.pace.name == "slow"
    assert list(other.loss_plot.training_loss_points()[1]) == [r.train_loss for r in rows]
    assert other.controls.status_label.text().startswith("Opened the session lesson.neuronlab")
    assert other.sessions.recent() == [str(path)]


def test_a_damaged_session_is_refused_with_one_message_and_nothing_changes(
    qtbot, main_window, tmp_path, monkeypatch
):
    small_design(main_window, qtbot, nodes="8", epochs="2")
    train_and_wait(qtbot, main_window)
    good = main_window.save_session_to(tmp_path / "good.neuronlab")
    data = bytearray(good.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\0" * 64  # a damaged copy on a USB stick
    bad = tmp_path / "bad.neuronlab"
    bad.write_bytes(bytes(data))
    main_window.set_speed("full")
    before = state_of(main_window)
    choose_open(monkeypatch, bad)
    press(qtbot, main_window, Qt.Key.Key_O)
    box = visible_box(main_window)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().startswith(f"Cannot open {bad}: ") and box.text().count(". ") == 0
    assert same_state(state_of(main_window), before)
    assert main_window.controls.pace().name == "full"
    assert main_window.sessions.recent() == [str(good)]  # the refused file is not remembered


def test_saving_while_training_asks_to_pause_first(qtbot, main_window, tmp_path, monkeypatch):
    small_design(main_window, qtbot, nodes="8", epochs="50")
    main_window.set_speed("slow")
    main_window.start_training()
    target = tmp_path / "running.neuronlab"
    choose_save(monkeypatch, target)
    press(qtbot, main_window, Qt.Key.Key_S)
    assert "Pause the training first" in visible_box(main_window).text()
    assert not target.exists()
    main_window.controller.stop()


def test_open_recent_lists_the_newest_first_and_opens_them(
    qtbot, main_window, fresh_window, tmp_path, monkeypatch
):
    first = trained_and_saved(qtbot, main_window, monkeypatch, tmp_path / "first.neuronlab")
    main_window.set_speed("full")
    second = main_window.save_session_to(tmp_path / "second.neuronlab")
    s = main_window.sessions
    assert s.recent() == [str(second), str(first)]
    menu = s.recent_menu
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(second), str(first)]
    assert entries[1].text().startswith("&2  first.neuronlab")
    assert all(a.isEnabled() for a in entries)
    entries[1].trigger()  # the older one: the slow pace comes back
    assert main_window.controls.pace().name == "slow"
    assert s.recent() == [str(first), str(second)]

    second.unlink()  # moved away since
    menu.aboutToShow.emit()
    gone = [a for a in menu.actions() if a.data() == str(second)]
    assert len(gone) == 1 and not gone[0].isEnabled()
    assert "no longer there" in gone[0].toolTip()
    assert not s.open_or_say(second)  # chosen anyway (e.g. by --session)
    assert "removed from the recent sessions" in visible_box(main_window).text()
    assert s.recent() == [str(first)]


def test_the_list_keeps_the_last_five(main_window, tmp_path):
    paths = [main_window.save_session_to(tmp_path / f"s{i}.neuronlab") for i in range(7)]
    assert main_window.sessions.recent() == [str(p) for p in reversed(paths)][:MAX_RECENT]
    main_window.sessions.clear_action.trigger()
    assert main_window.sessions.recent() == []


def test_the_last_session_reopens_at_start_only_when_asked(
    qtbot, main_window, fresh_window, tmp_path, monkeypatch
):
    path = trained_and_saved(qtbot, main_window, monkeypatch, tmp_path / "last.neuronlab")
    settings = tmp_path / "classroom" / "settings.ini"
    settings.parent.mkdir()
    store = SettingsStore(str(settings))
    store.save_paths(RECENT_KEY, [str(path)])
    store.sync()
    plain = fresh_window(settings)
    assert not plain.sessions.reopen_at_start()  # off by default: a clean start
    assert plain.controller.history.rows == []
    plain.sessions.reopen_action.trigger()  # the teacher ticks it
    assert plain.settings.load_bool(REOPEN_KEY, False)
    plain.close()
    again = fresh_window(settings)
    assert again.sessions.reopen_action.isChecked()
    assert again.sessions.reopen_at_start()
    assert tuple(again.controller.history.rows) == tuple(main_window.controller.history.rows)


def test_a_session_file_the_settings_list_names_must_be_plain_paths(tmp_path):
    settings = tmp_path / "odd.ini"
    settings.write_text('[sessions]\nrecent="[\\"relative.neuronlab\\"]"\n')
    store = SettingsStore(str(settings))
    assert store.load_paths(RECENT_KEY, MAX_RECENT) == ()
    assert RECENT_KEY in store.reset_keys()


def test_the_session_option_opens_a_session_at_start(qtbot, main_window, tmp_path):
    small_design(main_window, qtbot, nodes="8", epochs="2")
    train_and_wait(qtbot, main_window)
    path = main_window.save_session_to(tmp_path / "option.neuronlab")
    settings = tmp_path / "started.ini"
    shot = tmp_path / "shot.png"
    result = run_offscreen(
        ["main.py", "--session", str(path), "--screenshot", str(shot)], settings, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 0
    # the session was opened: the started app remembered it as its most recent one
    assert SettingsStore(str(settings)).load_paths(RECENT_KEY, MAX_RECENT) == (str(path),)
    assert load_session(path).epochs_trained == 2


def test_a_session_saved_in_the_lesson_reopens_at_its_step(
    qtbot, main_window, fresh_window, tmp_path, monkeypatch
):
    """Saved with the lesson open: the teacher's own network is what the file keeps; it
    reopens in the lesson at the same step, and leaving gives that network back."""
    w = main_window
    path = trained_and_saved(qtbot, w, monkeypatch, tmp_path / "own.neuronlab")
    rows, weights = tuple(w.controller.history.rows), weights_of(w.current_network())
    activate(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F2)
    for _ in range(3):
        qtbot.keyClick(w, Qt.Key.Key_PageDown)
    assert w.lesson.is_active() and w.lesson.step_index() == 3
    press(qtbot, w, Qt.Key.Key_S)  # the same file again, now from inside the lesson

    other = fresh_window()
    other.open_session_from(path)
    assert other.lesson.is_active() and other.lesson.step_index() == 3
    assert other.controller.design == w.controller.design  # the step's design on screen
    activate(qtbot, other)
    qtbot.keyClick(other, Qt.Key.Key_F2)  # leave: the teacher's own network is back
    assert not other.lesson.is_active()
    assert tuple(other.controller.history.rows) == rows
    assert all(
        np.array_equal(a, b)
        for a, b in zip(weights_of(other.current_network()), weights, strict=True)
    )


def test_the_lesson_step_comes_back_with_the_lesson_closed(main_window, fresh_window, tmp_path):
    main_window.lesson.go_to(5)
    path = main_window.save_session_to(tmp_path / "closed.neuronlab")
    other = fresh_window()
    other.open_session_from(path)
    assert not other.lesson.is_active() and other.lesson.step_index() == 5


def test_a_session_with_an_unknown_lesson_step_is_refused_and_nothing_changes(
    main_window, tmp_path
):
    w = main_window
    session = dataclasses.replace(w.sessions.gather(), lesson_step=500)
    path = save_session(tmp_path / "future.neuronlab", session)
    w.set_speed("full")
    before = state_of(w)
    assert not w.sessions.open_or_say(path)
    assert "beyond the lesson's end" in visible_box(w).text()
    assert same_state(state_of(w), before)
    assert w.lesson.step_index() == 0 and w.controls.pace().name == "full"


def test_reset_all_settings_forgets_the_recent_sessions_and_the_reopen_choice(
    main_window, tmp_path
):
    s = main_window.sessions
    main_window.save_session_to(tmp_path / "kept.neuronlab")
    s.reopen_action.trigger()
    assert s.reopen_action.isChecked() and s.recent()
    main_window.test_answers.append(True)  # "Reset all settings?" -> yes
    main_window.acts["reset_settings"].trigger()
    s.recent_menu.aboutToShow.emit()
    assert s.recent() == [] and not s.reopen_action.isChecked()
    assert s.recent_menu.actions()[0].text() == "No sessions yet"
