"""The hidden-layers editor: rows added, removed and moved by real clicks; stale clicks ignored."""

from PySide6.QtCore import Qt

import engine
from engine import HiddenLayer
from gui.designer.hidden_layers import HiddenLayersEditor
from tests.gui.designer.user import choose, commit

A, B, C = HiddenLayer(5, "tanh"), HiddenLayer(7, "sigmoid"), HiddenLayer(9, "linear")


def make_editor(qtbot, layers=(A, B)) -> tuple[HiddenLayersEditor, list]:
    editor = HiddenLayersEditor()
    qtbot.addWidget(editor)
    editor.setValue(layers)
    editor.resize(320, 400)
    editor.show()
    qtbot.waitExposed(editor)
    seen: list = []
    editor.valueChanged.connect(seen.append)
    return editor, seen


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_value_reads_the_rows_widgets(qtbot):
    editor, seen = make_editor(qtbot, (A, B, C))
    assert editor.value() == (A, B, C)
    commit(qtbot, editor.row_widgets(1)["nodes"], "70")
    choose(qtbot, editor.row_widgets(2)["activation"], "relu")
    assert seen == [
        (A, HiddenLayer(70, "sigmoid"), C),
        (A, HiddenLayer(70, "sigmoid"), HiddenLayer(9, "relu")),
    ]
    assert editor.value() == seen[-1]


def test_activations_and_their_labels_come_from_the_engine(qtbot):
    editor, _ = make_editor(qtbot, (A,))
    combo = editor.row_widgets(0)["activation"]
    assert combo.choices() == list(engine.HIDDEN_ACTIVATION_NAMES)
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [engine.ACTIVATIONS[n].label for n in engine.HIDDEN_ACTIVATION_NAMES]


def test_add_remove_and_move_rows(qtbot):
    editor, seen = make_editor(qtbot, (A, B))
    click(qtbot, editor.add_button)
    assert editor.value() == (A, B, B)  # a new layer copies the last one
    commit(qtbot, editor.row_widgets(2)["nodes"], "9")
    choose(qtbot, editor.row_widgets(2)["activation"], "linear")
    assert editor.value() == (A, B, C)
    click(qtbot, editor.row_widgets(2)["up"])
    assert editor.value() == (A, C, B)
    click(qtbot, editor.row_widgets(0)["down"])
    assert editor.value() == (C, A, B)
    click(qtbot, editor.row_widgets(1)["remove"])
    assert editor.value() == (C, B)
    assert seen[-1] == (C, B)
    assert not editor.row_widgets(0)["up"].isEnabled()
    assert not editor.row_widgets(1)["down"].isEnabled()
    assert editor.findChild(object, "hiddenNodes1") is not None


def test_two_quick_clicks_on_remove_remove_one_layer(qtbot):
    """The second click reaches the removed row before Qt deletes it; it must do nothing
    (it used to remove the next layer too, or raise IndexError on the last one)."""
    editor, seen = make_editor(qtbot, (A, B))
    remove = editor.row_widgets(0)["remove"]
    click(qtbot, remove)
    click(qtbot, remove)
    assert editor.value() == (B,)
    assert seen == [(B,)]
    remove = editor.row_widgets(0)["remove"]
    click(qtbot, remove)
    click(qtbot, remove)  # raised IndexError in the first designer
    assert editor.value() == ()
    assert editor.empty_label.isVisible()
    assert seen == [(B,), ()]


def test_two_quick_clicks_on_up_move_once(qtbot):
    editor, seen = make_editor(qtbot, (A, B, C))
    up = editor.row_widgets(2)["up"]
    click(qtbot, up)
    click(qtbot, up)
    assert editor.value() == (A, C, B)
    assert seen == [(A, C, B)]


def test_each_row_shows_its_messages(qtbot):
    editor, _ = make_editor(qtbot, (A, B))
    editor.show_messages({"hidden.1.nodes": "Too many.", "hidden.1.activation": "Unknown."})
    assert not editor.row_widgets(0)["message"].isVisible()
    assert editor.row_widgets(1)["message"].text() == "Too many. Unknown."
    editor.show_messages({})
    assert not editor.row_widgets(1)["message"].isVisible()


def test_a_layer_out_of_range_is_kept_as_given(qtbot):
    odd = (HiddenLayer(0, "softmax"), HiddenLayer(10**6, "relu"))
    editor, _ = make_editor(qtbot, odd)
    assert editor.value() == odd
    assert editor.row_widgets(1)["nodes"].text() == "1000000"
