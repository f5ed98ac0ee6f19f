"""The "Ask the class" dialog, driven with real clicks and keys."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from engine import Design, HiddenLayer
from engine.lesson import LESSON_QUESTIONS, LESSON_ROSTER
from gui.class_questions import ClassQuestionsDialog


def make_dialog(qtbot, design=None):
    dialog = ClassQuestionsDialog(design or Design())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_steps_through_the_lesson_questions_in_order(qtbot):
    dialog = make_dialog(qtbot)
    assert dialog.question_text() == LESSON_QUESTIONS[0].text
    assert not dialog.previous_button.isEnabled()
    for expected in LESSON_QUESTIONS[1:]:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        assert dialog.question_text() == expected.text
    assert not dialog.next_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.question_index() == len(LESSON_QUESTIONS) - 2


def test_pick_a_student_calls_the_whole_class_before_repeating(qtbot):
    dialog = make_dialog(qtbot)
    called = []
    for _ in LESSON_ROSTER:
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        called.append(dialog.student())
    assert sorted(called) == sorted(LESSON_ROSTER)


def test_answer_is_hidden_until_asked_and_follows_the_design(qtbot):
    dialog = make_dialog(qtbot, Design(hidden=(HiddenLayer(4, "sigmoid"),)))
    assert dialog.answer_text() == ""
    qtbot.mouseClick(dialog.answer_button, Qt.MouseButton.LeftButton)
    assert "W1 is 64 x 4" in dialog.answer_text()
    dialog.set_design(Design(hidden=(HiddenLayer(16, "relu"),)))
    assert "W1 is 64 x 16" in dialog.answer_text()
    qtbot.keyClick(dialog, Qt.Key.Key_A)
    assert dialog.answer_text() == ""


def test_class_list_can_be_edited(qtbot, monkeypatch):
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.rosterChanged) as signal:
        button = dialog.findChild(QPushButton, "rosterButton")

        def fill_and_accept():
            from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit

            editor = QApplication.activeModalWidget()
            editor.findChild(QPlainTextEdit, "rosterEdit").setPlainText("Ada\nAlan\n\nAda")
            ok = editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

        from PySide6.QtCore import QTimer

        QTimer.singleShot(50, fill_and_accept)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == [("Ada", "Alan")]
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.student() in ("Ada", "Alan")


def test_perceptron_question_5_answer_has_no_hidden_layer(qtbot):
    """The lesson's perceptron preset has no hidden layer; question 5's answer says so."""
    from engine.presets import preset_named

    dialog = make_dialog(qtbot, preset_named("Lesson: perceptron, is it odd?").design)
    for _ in range(4):
        qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.question_index() == 4
    qtbot.mouseClick(dialog.answer_button, Qt.MouseButton.LeftButton)
    text = dialog.answer_text()
    assert "first hidden layer" not in text
    assert "z1 of 1437 x 1" in text
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    qtbot.mouseClick(dialog.answer_button, Qt.MouseButton.LeftButton)
    assert "b1 has 1 value." in dialog.answer_text()
