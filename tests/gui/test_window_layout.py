"""The window's layout (gui/window_layout.py): short tab titles, only the shown tab's size
counts, the tabs take room for their titles, and the whole layout can scroll."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from gui.window_layout import SHORT_TITLES, OnlyTheShownTabCounts


def test_tabs_have_short_titles_and_the_full_names_as_tooltips(main_window):
    tabs = main_window.tabs
    titles = [tabs.tabText(i).replace("&&", "&") for i in range(tabs.count())]
    assert titles[:5] == ["Loss", "Network", "Weights", "Test set", "f(z)"]
    full = [title for title, _widget in main_window.lab.insight_tabs()]
    for index, name in enumerate(full, start=1):
        assert tabs.tabToolTip(index) == name and SHORT_TITLES.get(name, name) == titles[index]
    assert "Loss & accuracy" in tabs.tabToolTip(0)


def test_the_layout_sits_in_a_scroll_area(main_window):
    scroll = main_window.centralWidget()
    assert isinstance(scroll, QScrollArea) and scroll.objectName() == "windowScroll"
    assert scroll.widget() is main_window.main_splitter


def test_a_hidden_tab_does_not_hold_the_tab_widget_open(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    small, tall = QWidget(), QWidget()
    inner = QWidget()
    inner.setMinimumHeight(900)  # the page needs 900 px because of what it holds
    QVBoxLayout(tall).addWidget(inner)
    tabs.addTab(small, "small")
    tabs.addTab(tall, "tall")
    OnlyTheShownTabCounts(tabs)
    assert tabs.minimumSizeHint().height() < 900  # "tall" is not on show
    tabs.setCurrentIndex(1)
    assert tabs.minimumSizeHint().height() >= 900  # now it is, and it has its room
    tabs.setCurrentIndex(0)
    assert tabs.minimumSizeHint().height() < 900


def test_the_tab_titles_are_a_strip_that_wraps_instead_of_eliding(main_window, qtbot):
    from PySide6.QtCore import Qt

    from gui.tab_strip import TabStrip

    w = main_window
    strip = w.findChild(TabStrip, "insightTabStrip")
    tabs = w.tabs
    assert strip is not None and strip.isVisible() and not tabs.tabBar().isVisible()
    buttons = strip.buttons()
    assert [b.text() for b in buttons] == [tabs.tabText(i) for i in range(tabs.count())]
    assert [b.toolTip() for b in buttons] == [tabs.tabToolTip(i) for i in range(tabs.count())]
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)
    assert tabs.currentIndex() == 2 and buttons[2].isChecked()
    tabs.setCurrentIndex(0)  # the tab widget is still the API; the strip follows it
    assert buttons[0].isChecked() and not buttons[2].isChecked()
    w.resize(790, 700)
    w.zoom.set_factor(1.5)  # wider titles than one row holds
    qtbot.wait(1)
    rows = {b.y() for b in buttons}
    assert len(rows) >= 2  # wrapped
    for b in buttons:  # every title whole, inside the strip
        text = b.text().replace("&&", "&")
        assert b.fontMetrics().horizontalAdvance(text) < b.width(), text
        assert strip.rect().contains(b.geometry()), text
