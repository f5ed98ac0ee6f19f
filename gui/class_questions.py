""" "Ask the class": the lesson's questions, a fair cold-call, and answers for the design on screen.

The teacher steps through the lesson's questions in order, presses **Pick a student** (the
lesson's ``one_random_student``), lets the student answer, then reveals the answer, which is
worked out for the network currently designed in the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine import Design
from engine.lesson import LESSON_QUESTIONS, LESSON_ROSTER, StudentPicker, answer


def _scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class RosterEditor(QDialog):
    """Edits the class list, one name per line."""

    def __init__(self, names: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Class list")
        self._edit = QPlainTextEdit("\n".join(names))
        self._edit.setObjectName("rosterEdit")
        self._error = QLabel("")
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("One student per line:"))
        layout.addWidget(self._edit)
        layout.addWidget(self._error)
        layout.addWidget(buttons)
        self.resize(320, 420)

    def names(self) -> tuple[str, ...]:
        """The names typed, blank lines and repeats dropped."""
        lines = (line.strip() for line in self._edit.toPlainText().splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))

    def _on_accept(self) -> None:
        if not self.names():
            self._error.setText("Add at least one name.")
            return
        self.accept()


class ClassQuestionsDialog(QDialog):
    """Steps through the lesson's questions with a cold-call and a worked answer."""

    rosterChanged = Signal(tuple)

    def __init__(self, design: Design, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classQuestions")
        self.setWindowTitle("Ask the class")
        self._design = design
        self._index = 0
        self._picker = StudentPicker(LESSON_ROSTER)

        self._position = QLabel()
        self._position.setObjectName("questionPosition")
        self._position.setFont(_scaled_font(self, 1.15))
        self._question = QLabel()
        self._question.setObjectName("questionText")
        self._question.setWordWrap(True)
        self._question.setFont(_scaled_font(self, 1.9, bold=True))

        self._student = QLabel("")
        self._student.setObjectName("studentName")
        self._student.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._student.setFont(_scaled_font(self, 2.6, bold=True))
        self._student.setStyleSheet("color: #0072B2;")  # Okabe–Ito blue
        self._round = QLabel()
        self._round.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._answer = QLabel()
        self._answer.setObjectName("answerText")
        self._answer.setWordWrap(True)
        self._answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._answer.setFont(_scaled_font(self, 1.35))
        self._answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._answer.setStyleSheet(
            "background: #f2f6fa; border: 1px solid #c8d3dd; border-radius: 6px; padding: 10px;"
        )

        self.pick_button = QPushButton("Pick a student")
        self.pick_button.setObjectName("pickStudentButton")
        self.pick_button.setToolTip("Cold-call someone at random; nobody twice in a round (P)")
        self.pick_button.clicked.connect(self.pick_student)
        self.answer_button = QPushButton("Show answer")
        self.answer_button.setObjectName("showAnswerButton")
        self.answer_button.setToolTip("Reveal the answer for the network on screen (A)")
        self.answer_button.clicked.connect(self._on_answer_clicked)
        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setObjectName("previousQuestionButton")
        self.previous_button.clicked.connect(self.previous_question)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setObjectName("nextQuestionButton")
        self.next_button.clicked.connect(self.next_question)
        roster_button = QPushButton("Class list…")
        roster_button.setObjectName("rosterButton")
        roster_button.clicked.connect(self._on_edit_roster)

        for button in (self.pick_button, self.answer_button):
            button.setFont(_scaled_font(self, 1.3, bold=True))
            button.setMinimumHeight(44)

        actions = QHBoxLayout()
        actions.addWidget(self.pick_button)
        actions.addWidget(self.answer_button)
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.next_button)
        navigation.addStretch(1)
        navigation.addWidget(roster_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._position)
        layout.addWidget(self._question)
        layout.addSpacing(8)
        layout.addWidget(self._student)
        layout.addWidget(self._round)
        layout.addLayout(actions)
        layout.addWidget(self._answer, 1)
        layout.addLayout(navigation)

        # Student names come from the class list (the settings file): shown, never rendered as
        # HTML; the questions and answers are plain sentences too.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.resize(720, 520)
        self._show_question()

    # -- public API ---------------------------------------------------------------------

    def question_index(self) -> int:
        return self._index

    def question_text(self) -> str:
        return self._question.text()

    def answer_text(self) -> str:
        """The answer as shown, or "" while hidden."""
        return self._answer.text() if not self._answer.isHidden() else ""

    def student(self) -> str:
        return self._student.text()

    def roster(self) -> tuple[str, ...]:
        return self._picker.names

    def set_roster(self, names: tuple[str, ...] | list[str]) -> None:
        """Use a new class list; a fresh round starts. An empty list keeps the old one."""
        if not [name for name in names if name.strip()]:
            return
        self._picker = StudentPicker(names)
        self._student.setText("")
        self._update_round()

    def set_design(self, design: Design) -> None:
        """Answers are worked out for this design from now on."""
        self._design = design
        if not self._answer.isHidden():
            self._answer.setText(answer(LESSON_QUESTIONS[self._index], design))

    def pick_student(self) -> None:
        self._student.setText(self._picker.pick())
        self._update_round()

    def next_question(self) -> None:
        if self._index < len(LESSON_QUESTIONS) - 1:
            self._index += 1
            self._show_question()

    def previous_question(self) -> None:
        if self._index > 0:
            self._index -= 1
            self._show_question()

    # -- internals ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Plain key handling rather than QShortcut: the keys work as soon as the dialog has
        # focus, including on platforms that never report an "active" window.
        actions = {
            Qt.Key.Key_P: self.pick_student,
            Qt.Key.Key_A: self._on_answer_clicked,
            Qt.Key.Key_Right: self.next_question,
            Qt.Key.Key_Left: self.previous_question,
        }
        action = actions.get(Qt.Key(event.key()))
        if action is None or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
            return
        action()

    def _show_question(self) -> None:
        question = LESSON_QUESTIONS[self._index]
        self._position.setText(
            f"Question {self._index + 1} of {len(LESSON_QUESTIONS)} · {question.topic}"
        )
        self._question.setText(question.text)
        self._student.setText("")
        self._answer.setVisible(False)
        self.answer_button.setText("Show answer")
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(LESSON_QUESTIONS) - 1)
        self._update_round()

    def _update_round(self) -> None:
        total = len(self._picker.names)
        self._round.setText(f"{self._picker.remaining} of {total} still to be called this round")

    def _on_answer_clicked(self) -> None:
        showing = self._answer.isHidden()
        if showing:
            self._answer.setText(answer(LESSON_QUESTIONS[self._index], self._design))
        self._answer.setVisible(showing)
        self.answer_button.setText("Hide answer" if showing else "Show answer")

    def _on_edit_roster(self) -> None:
        editor = RosterEditor(self._picker.names, self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.set_roster(editor.names())
            self.rosterChanged.emit(self._picker.names)
