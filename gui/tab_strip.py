"""The insight tabs' titles as a strip of buttons that wraps onto more rows when narrow.

A ``QTabBar`` keeps its tabs on one row: with seven tabs beside the lab on a 1024x768 screen,
or zoomed for a projector, it elides the titles ("Net…", "Gra…") or scrolls some away. The
strip (objectName ``insightTabStrip``) shows every title whole, on as many rows as the width
needs (``FlowLayout``), and drives the ``QTabWidget`` (whose own bar it hides): the tab widget
stays the one API (``setCurrentWidget``, ``currentChanged``, ``tabText``).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new row when the next one does not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All items on one row."""
        width = sum(item.sizeHint().width() for item in self._items)
        width += self.spacing() * max(0, len(self._items) - 1)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        """The widest item: any narrower and it would be cut."""
        width = max((item.minimumSize().width() for item in self._items), default=0)
        height = max((item.minimumSize().height() for item in self._items), default=0)
        return QSize(width, height)

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place (or only measure) the items in ``rect``; the height they take."""
        x, y, row_h = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, row_h = rect.x(), y + row_h + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            row_h = max(row_h, hint.height())
        return y + row_h - rect.y()


class BarlessTabWidget(QTabWidget):
    """A tab widget whose own bar the strip replaces: Qt still counts the hidden bar in the
    minimum height (~40 px at a projector's font), so the minimum is the pages' alone."""

    def minimumSizeHint(self) -> QSize:
        stack = self.findChild(QStackedWidget)
        if stack is None or self.tabBar().isVisibleTo(self):
            return super().minimumSizeHint()
        return stack.minimumSizeHint()


class TabStrip(QWidget):
    """One checkable button per tab of ``tabs`` (its title and tooltip), wrapping."""

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightTabStrip")
        self._tabs = tabs
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._flow = FlowLayout(self)
        self._rows_height = 0
        for index in range(tabs.count()):
            button = QToolButton()
            button.setText(tabs.tabText(index))  # "&&" stays a literal "&"
            button.setToolTip(tabs.tabToolTip(index))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space keeps toggling training
            button.setObjectName(f"insightTab{index}")
            button.clicked.connect(functools.partial(tabs.setCurrentIndex, index))
            self._group.addButton(button, index)
            self._flow.addWidget(button)
        tabs.currentChanged.connect(self._on_current_changed)
        self._on_current_changed(tabs.currentIndex())
        tabs.tabBar().hide()

    def minimumSizeHint(self) -> QSize:
        """As tall as the rows the current width needs: the column under it must know, or the
        tab's page would be squeezed by a second row of titles."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._flow.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rows_height = self._flow.heightForWidth(self.width())
        if rows_height != self._rows_height:  # one row more or less: the column relayouts
            self._rows_height = rows_height
            self.updateGeometry()

    def buttons(self) -> list[QToolButton]:
        return [b for b in self._group.buttons() if isinstance(b, QToolButton)]

    def _on_current_changed(self, index: int) -> None:
        button = self._group.button(index)
        if button is not None:
            button.setChecked(True)
