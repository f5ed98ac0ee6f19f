"""The field widgets keep exactly what they are given or what is typed (the learning-rate
field steps along 1-2-5), and the table of fields reads the engine's registries."""

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

import engine
from engine import Design
from gui.designer.fields import FIELDS, fit_loss_to_task, loss_choices
from gui.designer.form_widgets import CollapsibleSection, MessageLabel
from gui.designer.number_fields import (
    FloatField,
    IntField,
    LogSpinBox,
    PercentField,
    _ladder_step,
    number_text,
)
from gui.designer.texts import SECTION_TITLES, TIPS
from tests.gui.designer.user import commit


def test_log_spin_keeps_small_and_large_rates(qtbot):
    box = LogSpinBox()
    qtbot.addWidget(box)
    box.setValue(0.001)
    assert box.value() == 0.001
    assert box.text() == "0.001"
    box.setValue(1000.0)
    assert box.value() == 1000.0
    assert box.text() == "1000"


def test_log_spin_typing_and_stepping(qtbot):
    box = LogSpinBox()
    qtbot.addWidget(box)
    box.show()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "0.0003")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == 0.0003
    box.setValue(0.001)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 0.002
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 0.005
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 0.0005


def test_ladder():
    assert _ladder_step(0.01, True, 1e-6) == 0.02
    assert _ladder_step(0.05, True, 1e-6) == 0.1
    assert _ladder_step(0.1, False, 1e-6) == 0.05
    assert _ladder_step(0.0, True, 1e-6) == 1e-6


def test_collapsible_section_folds(qtbot):
    body = MessageLabel()
    section = CollapsibleSection("Data", body)
    qtbot.addWidget(section)
    section.show()
    body.show_message("hello")
    assert body.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert not body.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert body.isVisible()


# ---- exact number fields ----------------------------------------------------------------------
def shown(qtbot, box):
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    return box


def test_number_text_is_the_shortest_exact_text():
    for value in (0.001, 1e-7, 0.123, 999.999, 0.1 + 0.2, 5e-324, 1e300, -0.0, 2.0**60):
        text = number_text(value)
        assert float(text) == value and text.startswith("-") == str(value).startswith("-")
    assert number_text(100.0) == "100"
    assert number_text(2**31 - 1) == "2147483647"


@pytest.mark.parametrize("value", [0, 999_999, 1_000_000, 2**31 - 1, 2**31, -5, 10**30])
def test_int_field_keeps_any_whole_number(qtbot, value):
    box = shown(qtbot, IntField())
    box.setValue(value)
    assert box.value() == value
    commit(qtbot, box, str(value + 1))
    assert box.value() == value + 1 and type(box.value()) is int


@pytest.mark.parametrize("text", ["1e-7", "0.123", "999.999", "0.30000000000000004", "5e-324"])
def test_float_field_keeps_what_is_typed(qtbot, text):
    box = shown(qtbot, FloatField())
    commit(qtbot, box, text)
    assert box.value() == float(text)
    box.setValue(float(text))
    assert float(box.text()) == float(text)


@pytest.mark.parametrize("fraction", [0.05, 0.123, 0.5, 1 / 3, 0.1 + 0.2, 0.05000000000000001])
def test_percent_field_round_trips_every_fraction(qtbot, fraction):
    box = shown(qtbot, PercentField())
    box.setValue(fraction)
    seen = []
    box.valueChanged.connect(seen.append)
    commit(qtbot, box, box.text().removesuffix(" %"))  # typing what is shown changes nothing
    assert box.value() == fraction and seen == []
    commit(qtbot, box, "12.3")
    assert box.value() == 0.123  # not 12.3 / 100 == 0.12300000000000001
    assert box.text() == "12.3 %"


def test_unfinished_text_goes_back_and_letters_are_refused(qtbot):
    box = shown(qtbot, FloatField())
    box.setValue(0.5)
    commit(qtbot, box, "1e")
    assert box.value() == 0.5 and box.text() == "0.5"
    commit(qtbot, box, "x")
    assert box.value() == 0.5


def test_same_number_in_other_words_changes_nothing(qtbot):
    box = shown(qtbot, FloatField())
    box.setValue(1)  # an int from a file stays an int until the user types a new number
    seen = []
    box.valueChanged.connect(seen.append)
    commit(qtbot, box, "1.0")
    assert seen == [] and type(box.value()) is int


def test_arrows_step_but_never_below_the_floor(qtbot):
    box = shown(qtbot, FloatField(step=0.05))
    box.setValue(0.9)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 0.95
    box.setValue(0.03)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 0.0
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 0.0
    ints = shown(qtbot, IntField(floor=1))
    ints.setValue(2)
    qtbot.keyClick(ints, Qt.Key.Key_Down)
    qtbot.keyClick(ints, Qt.Key.Key_Down)
    assert ints.value() == 1


def test_mouse_wheel_steps_the_learning_rate(qtbot):
    box = shown(qtbot, LogSpinBox())
    box.setValue(0.001)
    box.setFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(box.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(box, wheel)
    assert box.value() == 0.002


# ---- the table -----------------------------------------------------------------------------------
def test_every_field_has_a_label_a_section_and_a_tip():
    for field in FIELDS:
        assert field.section in SECTION_TITLES, field.name
        assert field.tip == TIPS[field.name]


def test_option_fields_follow_the_engines_list_of_options():
    options = {"momentum", "nesterov", "rho", "beta1", "beta2", "l2"}
    for name, info in engine.OPTIMIZERS.items():
        design = replace(Design(), optimizer=name)
        shown_options = {f.name for f in FIELDS if f.name in options and f.relevant(design)}
        assert shown_options == options & set(info.options), name


def test_choices_use_the_engines_labels(qtbot):
    made = {f.name: f.make() for f in FIELDS if f.name in {"task", "optimizer", "init"}}
    for widget in made.values():
        qtbot.addWidget(widget)
    assert made["task"].itemText(0) == engine.TASK_LABELS[made["task"].itemData(0)]
    assert made["optimizer"].choices() == list(engine.OPTIMIZERS)
    assert [made["optimizer"].itemText(i) for i in range(4)] == [
        o.label for o in engine.OPTIMIZERS.values()
    ]
    assert made["init"].choices() == list(engine.INITIALIZER_LABELS)
    assert loss_choices(replace(Design(), task="odd_even")) == [
        (n, engine.LOSSES[n].label) for n in engine.allowed_losses("odd_even")
    ]


def test_fit_loss_to_task():
    assert fit_loss_to_task(replace(Design(), task="is_k")).loss == "binary_crossentropy"
    kept = replace(Design(), task="is_k", loss="mae")
    assert fit_loss_to_task(kept) == kept
