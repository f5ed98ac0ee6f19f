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


def test_after_a_zoom_the_tabs_take_room_from_the_lab_for_whole_titles(main_window, qtbot):
    w = main_window
    w.resize(790, 700)  # the offscreen screen is 800 px wide
    w.acts["designer"].trigger()  # folded: the plot and the lab share the width
    w.tabs.setCurrentIndex(1)  # the diagram: no minimum width of its own
    qtbot.wait(1)
    total = sum(w.view_splitter.sizes())
    w.view_splitter.setSizes([1, total - 1])  # the tabs as narrow as they may be
    w.zoom.set_factor(1.5)  # wider titles
    qtbot.wait(1)  # the splitter's new sizes are laid out
    bar = w.tabs.tabBar()
    for i in range(bar.count()):  # every title whole
        text = bar.tabText(i).replace("&&", "&")
        assert bar.fontMetrics().horizontalAdvance(text) <= bar.tabRect(i).width(), text
    assert w.view_splitter.sizes()[1] >= w.lab.minimumWidth()  # the lab kept its minimum
