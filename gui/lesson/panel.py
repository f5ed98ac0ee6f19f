"""LessonPanel: one widget that renders any lesson step in large type.

It shows where the class is ("Step 3 of 13"), the step's title and two or three sentences of
the lesson, the numbers the engine worked out for the digit on screen, the lesson's question
with *Pick a student* and *Show answer* right under it, and what to do next. It decides
nothing: ``LessonMode`` (gui/lesson/mode.py) sets the window up for the step and hands the
panel the texts; the panel's buttons only emit signals (and pick a student, which needs no
window). Every font is derived from ``self.font()``, so the window's zoom scales the lesson.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.lesson import LESSON_ROSTER, StudentPicker
from engine.lesson_steps import LessonStep, Reading

#: (objectName, size factor, bold) of each text, the lesson's hierarchy at a glance.
FONTS: dict[str, tuple[float, bool]] = {
    "lessonPosition": (1.0, False),
    "lessonTitle": (1.75, True),
    "lessonText": (1.3, False),
    "lessonQuestion": (1.35, True),
    "lessonStudent": (1.9, True),
    "lessonAnswer": (1.15, False),
    "lessonTodo": (1.25, True),
    "lessonReading": (1.2, False),
}
BUTTON_FONT = 1.15


def scaled(base: QFont, factor: float, bold: bool) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from the settings file
    return label


class LessonPanel(QWidget):
    """Renders a ``LessonStep``; Previous / Next / Leave are signals for ``LessonMode``."""

    previousClicked = Signal()
    nextClicked = Signal()
    leaveClicked = Signal()
    rosterClicked = Signal()
    fontChanged = Signal()  # the window's zoom: the column's width may follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonView")
        self._picker = StudentPicker(LESSON_ROSTER)
        self._answer_text = ""

        self.position = _label("lessonPosition")
        self.title = _label("lessonTitle")
        self.text = _label("lessonText")
        self.readings_box = QFrame()
        self.readings_box.setObjectName("lessonReadings")
        self.readings_box.setFrameShape(QFrame.Shape.StyledPanel)
        self._readings_layout = QVBoxLayout(self.readings_box)
        self._readings_layout.setSpacing(2)
        self._rows: list[QLabel] = []
        self.question = _label("lessonQuestion")
        self.question.setStyleSheet("color: #0072B2;")  # Okabe–Ito blue, as "Ask the class"
        self.student = _label("lessonStudent")
        self.student.setStyleSheet("color: #D55E00;")  # Okabe–Ito vermilion: who answers
        self.answer = _label("lessonAnswer")
        self.answer.setStyleSheet(
            "background: #f2f6fa; border: 1px solid #c8d3dd; border-radius: 6px; padding: 6px;"
        )
        self.todo = _label("lessonTodo")
        self.todo.setStyleSheet(
            "background: #fff4d6; border-left: 5px solid #E69F00; padding: 6px;"
        )

        self.pick_button = self._button("lessonPickButton", "Pick a student", self.pick_student)
        self.answer_button = self._button("lessonAnswerButton", "Show answer", self.toggle_answer)
        self.previous_button = self._button("lessonPreviousButton", "◀ Previous", None)
        self.previous_button.clicked.connect(self.previousClicked)
        self.next_button = self._button("lessonNextButton", "Next ▶", None)
        self.next_button.clicked.connect(self.nextClicked)
        self.roster_button = self._button("lessonRosterButton", "Class list…", None)
        self.roster_button.clicked.connect(self.rosterClicked)
        self.leave_button = self._button("lessonLeaveButton", "Leave lesson", None)
        self.leave_button.clicked.connect(self.leaveClicked)
        self.pick_button.setToolTip("Cold-call someone at random; nobody twice in a round")
        self.next_button.setToolTip("Next step (PageDown or →)")
        self.previous_button.setToolTip("Previous step (PageUp or ←)")

        self._build_layout()
        self._apply_fonts()

    # ---- public API ---------------------------------------------------------------------
    def show_step(self, index: int, total: int, step: LessonStep, answer: str) -> None:
        """Render ``step`` (number ``index`` of ``total``); ``answer`` stays hidden until asked."""
        self.position.setText(f"Lesson · step {index + 1} of {total}")
        self.title.setText(step.title)
        self.text.setText(step.text)
        has_question = step.question is not None
        self.question.setText(f"Question: {step.question_text}" if has_question else "")
        self._answer_text = answer
        for widget in (self.question, self.answer_button):
            widget.setVisible(has_question)
        self.student.setText("")
        self.student.setVisible(False)
        self.answer.setVisible(False)
        self.answer_button.setText("Show answer")
        self.todo.setText(f"Do: {step.todo}")
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)

    def set_answer(self, answer: str) -> None:
        """The answer for the network now on screen (shown at once if already revealed)."""
        self._answer_text = answer
        if not self.answer.isHidden():
            self.answer.setText(answer)

    def set_readings(self, readings: Sequence[Reading]) -> None:
        """The step's numbers, one "label = value" line each (wrapping in a narrow column).

        Rows are reused: a label taken out of a shown window becomes a window of its own for
        a moment and takes the keyboard focus away from the window's shortcuts."""
        while len(self._rows) < len(readings):
            row = _label("lessonReading")
            row.setTextFormat(Qt.TextFormat.RichText)  # our own texts, escaped below
            row.setFont(scaled(self.font(), *FONTS["lessonReading"]))
            row.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._readings_layout.addWidget(row)
            self._rows.append(row)
        for index, row in enumerate(self._rows):
            used = index < len(readings)
            row.setVisible(used)
            reading = readings[index] if used else None
            row.setProperty("readingKey", None if reading is None else reading.key)
            row.setProperty("readingText", None if reading is None else reading.text)
            row.setText(
                ""
                if reading is None
                else f"{escape(reading.label)} = <b>{escape(reading.text)}</b>"
            )
        self.readings_box.setVisible(bool(readings))

    def reading_texts(self) -> dict[str, str]:
        """What the numbers box shows, by reading key (for tests and checks)."""
        return {
            str(row.property("readingKey")): str(row.property("readingText"))
            for row in self._rows
            if row.property("readingKey") is not None
        }

    def roster(self) -> tuple[str, ...]:
        return self._picker.names

    def set_roster(self, names: Sequence[str]) -> None:
        """A new class list (a fresh round); an empty list keeps the old one."""
        if [name for name in names if name.strip()]:
            self._picker = StudentPicker(names)
            self.student.setText("")
            self.student.setVisible(False)

    def pick_student(self) -> str:
        """Cold-call the next student of the round and show the name."""
        name = self._picker.pick()
        self.student.setText(f"{name}, please.")
        self.student.setVisible(True)
        return name

    def remaining(self) -> int:
        return self._picker.remaining

    def toggle_answer(self) -> None:
        showing = self.answer.isHidden()
        if showing:
            self.answer.setText(self._answer_text)
        self.answer.setVisible(showing)
        self.answer_button.setText("Hide answer" if showing else "Show answer")
        if showing:  # the class must see it, however long the step above it is (once laid out)
            QTimer.singleShot(0, self._reveal_answer)

    def _reveal_answer(self) -> None:
        self._scroll.ensureWidgetVisible(self.answer)

    def answer_shown(self) -> str:
        """The answer as shown, or "" while hidden."""
        return "" if self.answer.isHidden() else self.answer.text()

    # ---- internals ----------------------------------------------------------------------
    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clicker's keys stay with the window
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setSpacing(8)
        for widget in (self.position, self.title, self.text, self.readings_box, self.question):
            box.addWidget(widget)
        # one above the other: side by side they would not fit the column at a large zoom
        box.addWidget(self.pick_button)
        box.addWidget(self.answer_button)
        box.addWidget(self.student)
        box.addWidget(self.answer)
        box.addWidget(self.todo)
        box.addStretch(1)
        scroll = self._scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.next_button)
        tools = QHBoxLayout()
        tools.addWidget(self.roster_button)
        tools.addStretch(1)
        tools.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(scroll, 1)
        layout.addLayout(navigation)
        layout.addLayout(tools)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def _apply_fonts(self) -> None:
        base = self.font()
        for name, (factor, bold) in FONTS.items():
            for label in self.findChildren(QLabel, name):
                label.setFont(scaled(base, factor, bold))
        for button in self.findChildren(QPushButton):
            bold = button in (self.pick_button, self.answer_button, self.next_button)
            button.setFont(scaled(base, BUTTON_FONT, bold))
            button.setMinimumHeight(round(button.fontMetrics().height() * 1.9))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()  # zoom: every text follows the window's font
            self.fontChanged.emit()
