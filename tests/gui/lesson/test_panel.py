"""LessonPanel alone: any step rendered, its question's buttons, its numbers, its fonts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from engine.lesson import LESSON_QUESTIONS
from engine.lesson_steps import LESSON_STEPS, Reading
from gui.lesson.panel import LessonPanel


@pytest.fixture
def panel(qtbot) -> LessonPanel:
    widget = LessonPanel()
    qtbot.addWidget(widget)
    widget.resize(320, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_step_without_a_question_hides_the_question_and_its_answer(panel):
    step = next(s for s in LESSON_STEPS if s.question is None)
    panel.show_step(0, len(LESSON_STEPS), step, "")
    assert panel.question.isHidden() and panel.answer_button.isHidden()
    assert not panel.pick_button.isHidden()  # a student can always be called on
    assert not panel.previous_button.isEnabled() and panel.next_button.isEnabled()
    assert panel.todo.text() == f"Do: {step.todo}"


def test_show_answer_reveals_and_hides_the_answer_given(qtbot, panel):
    step = next(s for s in LESSON_STEPS if s.question is not None)
    panel.show_step(len(LESSON_STEPS) - 1, len(LESSON_STEPS), step, "W is 64 x 1.")
    assert LESSON_QUESTIONS[step.question].text in panel.question.text()
    assert panel.answer_shown() == "" and not panel.next_button.isEnabled()
    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    assert panel.answer_shown() == "W is 64 x 1."
    panel.set_answer("W is 64 x 4.")  # the network changed while it was shown
    assert panel.answer_shown() == "W is 64 x 4."
    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    assert panel.answer_shown() == ""


def test_numbers_are_shown_escaped_and_rows_are_reused(panel):
    panel.set_readings(
        [Reading("guess", "p > 0.5 says", "odd", "odd"), Reading("z", "z", 1.0, "1")]
    )
    rows = panel.findChildren(QLabel, "lessonReading")
    assert panel.reading_texts() == {"guess": "odd", "z": "1"}
    assert "p &gt; 0.5 says" in rows[0].text()
    panel.set_readings([Reading("a", "a", 0.5, "0.5")])
    assert panel.findChildren(QLabel, "lessonReading") == rows  # no label left the window
    assert panel.reading_texts() == {"a": "0.5"}
    assert rows[1].isHidden()


def test_a_names_list_of_one_keeps_calling_that_student(panel):
    panel.set_roster(["Ada"])
    assert panel.pick_student() == "Ada" and panel.pick_student() == "Ada"
    panel.set_roster(["  "])  # an empty list keeps the old one
    assert panel.roster() == ("Ada",)


def test_the_class_list_button_saves_the_edited_list(qtbot, main_window, monkeypatch):
    import gui.lesson.mode as mode

    def accept(editor) -> QDialog.DialogCode:
        editor.findChild(object, "rosterEdit").setPlainText("Ada\nGrace\n")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(mode.RosterEditor, "exec", accept)
    qtbot.keyClick(main_window, Qt.Key.Key_F2)
    qtbot.mouseClick(main_window.lesson.panel.roster_button, Qt.MouseButton.LeftButton)
    assert main_window.lesson.panel.roster() == ("Ada", "Grace")
    assert main_window.settings.load_roster() == ("Ada", "Grace")


def test_every_text_follows_the_panels_font(panel):
    title_before = panel.title.font().pointSizeF()
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.setFont(font)
    assert panel.title.font().pointSizeF() == pytest.approx(title_before * 2)
    assert panel.pick_button.font().pointSizeF() > font.pointSizeF()
