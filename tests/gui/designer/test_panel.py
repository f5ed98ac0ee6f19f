"""The designer on its own: every field, its message, and the weight shapes."""

from dataclasses import replace

from PySide6.QtCore import Qt

from engine import Design, HiddenLayer
from gui.designer import NetworkDesignerPanel


def make_panel(qtbot, design: Design | None = None) -> NetworkDesignerPanel:
    panel = NetworkDesignerPanel(design or Design())
    qtbot.addWidget(panel)
    panel.resize(340, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def commit(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


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
