"""The designer on its own: every field, its message, the weight shapes, and the round trip
``set_design(d)`` -> ``design()`` == ``d`` for every design the engine accepts."""

from dataclasses import replace
from functools import partial

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

import engine
from engine import Design, HiddenLayer
from gui.designer import NetworkDesignerPanel
from gui.designer.fields import FIELDS
from tests.gui.designer.user import (
    DESIGN_FIELDS,
    choose,
    commit,
    designs,
    edit,
    make_panel,
    values_for,
)

LEFT = Qt.MouseButton.LeftButton
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_default_design_shapes_and_parameter_count(qtbot):
    panel = make_panel(qtbot)
    assert panel.shapes_label.text().splitlines() == [
        "W1: 64 x 32   b1: 32",
        "W2: 32 x 10   b2: 10",
    ]
    assert panel.params_label.text().startswith("2,410 numbers to learn")
    assert panel.output_label.text().startswith("10 nodes, softmax")
    assert panel.errors() == {}


def test_no_hidden_layer_is_the_lessons_perceptron(qtbot):
    panel = make_panel(qtbot)
    qtbot.mouseClick(panel.hidden_editor.row_widgets(0)["remove"], Qt.MouseButton.LeftButton)
    assert panel.design().hidden == ()
    assert panel.hidden_editor.empty_label.isVisible()
    assert panel.shapes_label.text() == "W1: 64 x 10   b1: 10"
    assert panel.errors() == {}


def test_too_many_layers_is_marked(qtbot):
    panel = make_panel(qtbot)
    for _ in range(8):
        qtbot.mouseClick(panel.hidden_editor.add_button, Qt.MouseButton.LeftButton)
    assert len(panel.design().hidden) == 9
    assert "0 to 8 hidden layers" in panel.message_for("hidden")


def test_fields_follow_the_optimizer_and_the_batch_mode(qtbot):
    panel = make_panel(qtbot)
    assert panel.beta1_spin.isVisible() and not panel.momentum_spin.isVisible()
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("momentum"))
    assert panel.momentum_spin.isVisible() and panel.nesterov_check.isVisible()
    assert not panel.beta1_spin.isVisible()
    assert panel.design().optimizer == "momentum"
    panel.batch_mode_combo.setCurrentIndex(panel.batch_mode_combo.findData("stochastic"))
    assert not panel.batch_spin.isVisible()
    assert panel.design().batch_mode == "stochastic"


def test_out_of_range_values_show_what_is_allowed(qtbot):
    panel = make_panel(qtbot)
    commit(qtbot, panel.test_spin, "90")
    assert panel.design().test_size == 0.9
    assert "5% to 50%" in panel.message_for("test_size")
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("momentum"))
    commit(qtbot, panel.momentum_spin, "1.5")
    assert "less than 1" in panel.message_for("momentum")
    commit(qtbot, panel.test_spin, "20")
    assert panel.message_for("test_size") == ""
    assert set(panel.errors()) == {"momentum"}


def test_set_design_does_not_emit_and_shows_every_field(qtbot):
    panel = make_panel(qtbot)
    seen = []
    panel.designChanged.connect(seen.append)
    design = replace(
        Design(),
        task="is_k",
        k=7,
        loss="binary_crossentropy",
        hidden=(HiddenLayer(12, "tanh"), HiddenLayer(6, "sigmoid")),
        learning_rate=0.0003,
        seed=9,
    )
    panel.set_design(design)
    assert seen == []
    assert panel.design() == design
    assert panel.k_spin.isVisible() and panel.k_spin.value() == 7
    assert panel.lr_spin.text() == "0.0003"
    assert panel.hidden_editor.row_widgets(1)["activation"].currentData() == "sigmoid"
    assert panel.output_label.text().startswith("1 node, sigmoid")
    commit(qtbot, panel.seed_spin, "11")
    assert seen[-1].seed == 11


# ---- the table round trip ----------------------------------------------------------------------
MAX_SEED = 2**31 - 1
#: A design whose every field differs from Design()'s, with values the first designer mangled.
FAR = Design(
    task="is_k",
    k=7,
    scaling="standardize",
    hidden=(HiddenLayer(12, "tanh"), HiddenLayer(511, "sigmoid")),
    loss="mse",
    init="he_normal",
    optimizer="rmsprop",
    learning_rate=1e-7,
    momentum=0.123,
    nesterov=True,
    rho=0.999999,
    beta1=0.0,
    beta2=0.5,
    l2=1e-7,
    batch_mode="stochastic",
    batch_size=2**40,
    epochs=10_000,
    test_size=0.123,
    seed=MAX_SEED,
)


@pytest.fixture
def panel(qtbot) -> NetworkDesignerPanel:
    return make_panel(qtbot)


def test_the_table_has_every_design_field_once():
    names = [field.name for field in FIELDS]
    assert sorted(names) == sorted(DESIGN_FIELDS)  # each once; the form's order is its own
    assert len({field.object_name for field in FIELDS}) == len(FIELDS)
    assert len({field.attr for field in FIELDS}) == len(FIELDS)


def test_far_design_differs_everywhere_and_is_valid():
    default = Design()
    assert [n for n in DESIGN_FIELDS if getattr(FAR, n) == getattr(default, n)] == []
    assert engine.validate_design(FAR) == {}


def test_every_widget_shows_its_field_and_reads_back(panel):
    seen = []
    panel.designChanged.connect(seen.append)
    for design in (FAR, Design(), FAR):
        panel.set_design(design)
        for name in DESIGN_FIELDS:
            assert panel.widget_for(name).value() == getattr(design, name), name
        assert panel.design() == design
    assert seen == []
    assert panel.seed_spin.text() == "2147483647"
    assert panel.lr_spin.text() == "1e-07"
    assert panel.test_spin.text() == "12.3 %"


def test_design_reads_the_widgets_not_a_copy(panel):
    panel.seed_spin.blockSignals(True)
    panel.seed_spin.setValue(5)
    panel.seed_spin.blockSignals(False)
    assert panel.design().seed == 5


@SETTINGS
@given(design=designs())
def test_any_accepted_design_round_trips_exactly(panel, design):
    seen = []
    panel.designChanged.connect(seen.append)
    try:
        panel.set_design(design)
    finally:
        panel.designChanged.disconnect(seen.append)
    assert seen == []
    got = panel.design()
    assert got == design
    for name in DESIGN_FIELDS:  # an int seed stays an int, a float rate a float
        assert type(getattr(got, name)) is type(getattr(design, name)), name
    assert panel.errors() == {}


def expected_after(design: Design, name: str, value: object) -> Design:
    """``design`` with one field edited, plus what the engine derives: a new task keeps the
    loss if its output layer allows it, else takes the task's default loss."""
    edited = replace(design, **{name: value})
    if name == "task" and edited.loss not in engine.allowed_losses(edited.task):
        edited = replace(edited, loss=engine.default_loss(edited.task))
    return edited


def emitted_by(panel, action) -> list[Design]:
    seen: list[Design] = []
    panel.designChanged.connect(seen.append)
    try:
        action()
    finally:
        panel.designChanged.disconnect(seen.append)
    return seen


@SETTINGS
@given(data=st.data())
def test_editing_one_field_changes_only_that_field(qtbot, panel, data):
    design = data.draw(designs(), label="design")
    panel.set_design(design)
    shown = [f.name for f in FIELDS if f.name != "hidden" and panel.widget_for(f.name).isVisible()]
    name = data.draw(st.sampled_from(shown), label="field")
    old = getattr(design, name)
    value = data.draw(values_for(name, design).filter(lambda v: v != old), label="value")
    seen = emitted_by(panel, lambda: edit(qtbot, panel.widget_for(name), value))
    expected = expected_after(design, name, value)
    assert seen == [expected]
    assert panel.design() == expected
    assert type(getattr(seen[0], name)) is type(value)


# One edit per field, each from a design where that field is shown, to a value it never had.
CONTEXT = {
    "k": {"task": "is_k", "loss": "binary_crossentropy"},
    "momentum": {"optimizer": "momentum"},
    "nesterov": {"optimizer": "momentum"},
    "rho": {"optimizer": "rmsprop"},
    "batch_size": {"batch_mode": "mini-batch", "batch_size": 32},
}
TARGET = {**{n: getattr(FAR, n) for n in DESIGN_FIELDS}, "batch_size": 7, "task": "odd_even"}


@pytest.mark.parametrize("name", [n for n in DESIGN_FIELDS if n != "hidden"])
def test_each_field_edit_emits_only_that_field(qtbot, panel, name):
    base = replace(Design(), **CONTEXT.get(name, {}))
    panel.set_design(base)
    widget = panel.widget_for(name)
    assert widget.isVisible()
    seen = emitted_by(panel, lambda: edit(qtbot, widget, TARGET[name]))
    assert seen == [expected_after(base, name, TARGET[name])]
    assert isinstance(seen[0], Design)


def test_task_edit_derives_the_loss_only_when_it_must(qtbot, panel):
    panel.set_design(replace(Design(), loss="mse"))
    seen = emitted_by(panel, lambda: choose(qtbot, panel.task_combo, "odd_even"))
    assert seen == [replace(Design(), loss="mse", task="odd_even")]  # mse fits both
    seen = emitted_by(panel, lambda: choose(qtbot, panel.loss_combo, "binary_crossentropy"))
    seen += emitted_by(panel, lambda: choose(qtbot, panel.task_combo, "digits"))
    assert seen[-1] == replace(Design(), loss="categorical_crossentropy")
    assert panel.loss_combo.choices() == list(engine.allowed_losses("digits"))


def test_editing_the_epochs_keeps_every_other_exact_value(qtbot, panel):
    """The first designer turned seed 2**31-1 into 999,999, 0.123 into 0.12 and 1e-7 into 0
    when only the epochs were edited."""
    design = replace(FAR, optimizer="sgd", batch_mode="mini-batch", batch_size=100)
    panel.set_design(design)
    seen = emitted_by(panel, lambda: commit(qtbot, panel.epochs_spin, "12"))
    assert seen == [replace(design, epochs=12)]


def test_a_value_the_engine_refuses_is_shown_in_red_not_changed(qtbot, panel):
    bad = replace(Design(), seed=MAX_SEED + 1, epochs=0, learning_rate=0.0, k=-1, task="is_k")
    panel.set_design(bad)
    assert panel.design() == bad
    assert panel.seed_spin.text() == "2147483648"
    assert set(panel.errors()) == {"seed", "epochs", "learning_rate", "k", "loss"}
    for key in ("seed", "epochs", "learning_rate", "k"):
        assert panel.message_for(key) == engine.validate_design(bad)[key]
    commit(qtbot, panel.seed_spin, str(MAX_SEED))
    assert panel.design().seed == MAX_SEED
    assert panel.message_for("seed") == ""


def test_unfinished_or_foreign_text_keeps_the_value(qtbot, panel):
    commit(qtbot, panel.lr_spin, "1e")  # unfinished: the field goes back to its value
    assert panel.design().learning_rate == 0.001
    assert panel.lr_spin.text() == "0.001"
    commit(qtbot, panel.epochs_spin, "abc")  # letters cannot be typed into a number
    assert panel.design().epochs == 30


KEPT_OBJECT_NAMES = [
    "networkDesigner",
    "designErrors",
    "taskCombo",
    "kSpin",
    "scalingCombo",
    "testSizeSpin",
    "outputLayerLabel",
    "lossCombo",
    "initCombo",
    "weightShapes",
    "parameterCount",
    "optimizerCombo",
    "learningRateSpin",
    "momentumSpin",
    "nesterovCheck",
    "rhoSpin",
    "beta1Spin",
    "beta2Spin",
    "l2Spin",
    "batchModeCombo",
    "batchSizeSpin",
    "epochsSpin",
    "seedSpin",
    "addLayerButton",
    "hiddenLayer0",
    "hiddenNodes0",
    "hiddenActivation0",
    "outputMessage",
]


def test_object_names_of_the_first_designer_are_kept(panel):
    names = {w.objectName() for w in panel.findChildren(QWidget)} | {panel.objectName()}
    messages = {f"{name}Message" for name in DESIGN_FIELDS if name != "hidden"}
    assert set(KEPT_OBJECT_NAMES) | messages <= names


@SETTINGS
@given(data=st.data())
def test_editing_one_layer_changes_only_the_hidden_layers(qtbot, panel, data):
    design = data.draw(designs().filter(lambda d: d.hidden), label="design")
    panel.set_design(design)
    layers = list(design.hidden)
    i = data.draw(st.integers(0, len(layers) - 1), label="row")
    action = data.draw(st.sampled_from(["nodes", "activation", "add", "remove", "up", "down"]))
    row = panel.hidden_editor.row_widgets(i)
    if action == "nodes":
        nodes = data.draw(st.integers(1, 512).filter(lambda n: n != layers[i].nodes))
        layers[i] = replace(layers[i], nodes=nodes)
        act = partial(commit, qtbot, row["nodes"], str(nodes))
    elif action == "activation":
        names = [n for n in engine.HIDDEN_ACTIVATION_NAMES if n != layers[i].activation]
        name = data.draw(st.sampled_from(names))
        layers[i] = replace(layers[i], activation=name)
        act = partial(choose, qtbot, row["activation"], name)
    elif action == "add":
        layers.append(layers[-1])
        act = partial(qtbot.mouseClick, panel.hidden_editor.add_button, LEFT)
    else:
        j = {"remove": i, "up": i - 1, "down": i + 1}[action]
        assume(0 <= j < len(layers))
        if action == "remove":
            del layers[i]
        else:
            layers[i], layers[j] = layers[j], layers[i]
        act = partial(qtbot.mouseClick, row[action], LEFT)
    seen = emitted_by(panel, act)
    assert seen == [replace(design, hidden=tuple(layers))]
