"""Help > How to teach with it and Help > About, opened from the Help menu with the mouse."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from gui import help_pages
from gui.help_pages import TeachingHelp

ROOT = Path(__file__).resolve().parents[2]


def click_menu_item(qtbot, window, menu_title: str, item_text: str) -> None:
    """Click the menu bar's title, then the item in the menu that opens."""
    bar = window.menuBar()
    (title,) = [a for a in bar.actions() if a.text().replace("&", "") == menu_title]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(title).center())
    menu = title.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    (item,) = [a for a in menu.actions() if a.text() == item_text]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


def key_of(window, name: str) -> str:
    return window.acts[name].shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def test_teaching_page_opens_from_the_help_menu_with_the_windows_keys(qtbot, main_window):
    click_menu_item(qtbot, main_window, "Help", "How to teach with it")
    page = main_window.findChild(TeachingHelp, "teachingHelp")
    assert page is not None and page.isVisible()
    text = page.text.toPlainText()
    # The pace, zoom and the picker: the keys the window's own actions answer to.
    for name in ("slower", "faster", "bigger", "smaller", "questions"):
        assert key_of(main_window, name) in text, name
    assert key_of(main_window, "questions") == "Ctrl+K" and "[" in text and "]" in text
    assert "Ctrl+=" in text and "Ctrl+-" in text
    assert "fair cold-call" in text and "about 20 seconds" in text
    assert f"{key_of(main_window, 'slower')} slower" in text  # each key says what it does
    for optional, words in (
        ("lesson", ("Lesson mode", "PageDown", "PageUp")),
        ("projector", ("Projector layout",)),
        ("actual_size", ("Ctrl+0",)),
    ):  # built in other branches: on the page exactly when the window has them
        for word in words:
            assert (word in text) == (optional in main_window.acts), word
    click_menu_item(qtbot, main_window, "Help", "How to teach with it")
    assert main_window.findChildren(TeachingHelp) == [page]  # raised, not a second one


def test_teaching_page_follows_a_changed_key_and_the_windows_font(qtbot, main_window):
    main_window.acts["questions"].setShortcut(QKeySequence("Ctrl+J"))
    page = help_pages.show_teaching_help(main_window)
    assert "Ctrl+J" in page.text.toPlainText() and "Ctrl+K" not in page.text.toPlainText()
    before = page.text.font().pointSizeF()
    bigger = QFont(main_window.font())
    bigger.setPointSizeF(before * 1.5)
    main_window.setFont(bigger)  # what the presentation zoom does
    assert page.text.font().pointSizeF() == bigger.pointSizeF()


def test_a_tip_is_left_out_when_the_window_lacks_its_feature(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.acts = {"questions": QAction("Ask", window)}  # type: ignore[attr-defined]
    window.acts["questions"].setShortcut(QKeySequence("Ctrl+K"))
    titles = [tip.title for tip, _keys in help_pages.teaching_tips(window)]
    assert titles == ["Ask the class"]
    # No pick_student action: no key for it.
    assert help_pages.teaching_tips(window)[0][1] == [("Ctrl+K", "ask")]


def test_about_states_version_licence_and_the_datas_source(qtbot, main_window):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    click_menu_item(qtbot, main_window, "Help", "About Neuron Lab")
    box = main_window.findChild(QMessageBox, "messageBox")
    assert box is not None and box.isVisible()
    text = box.text()
    assert f"Neuron Lab {project['version']}" in text
    assert f"Licence: {project['license']['text']}." in text
    for fact in ("load_digits", "Optical Recognition of Handwritten Digits", "UCI", "CC BY 4.0"):
        assert fact in text, fact
    assert "1,797 8x8 digits" in text
    box.close()


def test_without_pyproject_the_version_comes_from_the_installed_metadata(monkeypatch, tmp_path):
    from importlib import metadata

    monkeypatch.setattr(help_pages, "PYPROJECT", tmp_path / "missing.toml")
    assert help_pages.project_facts()[0] == metadata.version("neuron-lab")
