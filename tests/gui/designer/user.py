"""What a user does to the designer, as real key presses and mouse clicks, and the designs
``engine.validate_design`` accepts, as hypothesis strategies."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

import engine
from engine import Design, HiddenLayer
from engine.design import (
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    MAX_LEARNING_RATE,
    MAX_NODES,
    MAX_SEED,
    MAX_TEST_SIZE,
    MIN_TEST_SIZE,
    training_set_size,
)
from gui.designer import NetworkDesignerPanel
from gui.designer.form_widgets import ChoiceCombo, FlagCheck
from gui.designer.number_fields import NumberField

DESIGN_FIELDS = tuple(f.name for f in fields(Design))


def make_panel(qtbot, design: Design | None = None) -> NetworkDesignerPanel:
    panel = NetworkDesignerPanel(design or Design())
    qtbot.addWidget(panel)
    panel.resize(340, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def commit(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """Select the field's text, type ``text`` and press Enter, as a user would."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def choose(qtbot, combo: QComboBox, name: object) -> None:
    """Open the list and click the item whose name is ``name``."""
    index = combo.findData(name)
    assert index >= 0, (name, [combo.itemData(i) for i in range(combo.count())])
    combo.showPopup()
    view = combo.view()
    model_index = view.model().index(index, 0)
    view.scrollTo(model_index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model_index).center()
    )
    assert not view.isVisible()


def toggle(qtbot, check: FlagCheck) -> None:
    """Click the box itself (a wide check box only reacts on its box and text)."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def edit(qtbot, widget: QWidget, value: object) -> None:
    """Make ``widget`` show ``value`` the way a user would."""
    if isinstance(widget, NumberField):
        commit(qtbot, widget, widget.text_for(value))
    elif isinstance(widget, ChoiceCombo):
        choose(qtbot, widget, value)
    elif isinstance(widget, FlagCheck):
        if widget.value() != value:
            toggle(qtbot, widget)
    else:
        raise TypeError(f"no user edit for {type(widget).__name__}")


# ---- designs the engine accepts ------------------------------------------------------------------
ODD_FLOATS = (0.0, 0.123, 1e-7, 5e-324, 0.1 + 0.2, 1 / 3, 0.999999999999)


def fractions() -> st.SearchStrategy[float]:
    """0 <= x < 1 (momentum, rho, beta1, beta2)."""
    return st.floats(0.0, 1.0, exclude_max=True) | st.sampled_from(ODD_FLOATS)


def learning_rates() -> st.SearchStrategy[float]:
    odd = (1e-7, 0.123, 999.999, MAX_LEARNING_RATE, 5e-324, 0.0003)
    return st.floats(0.0, MAX_LEARNING_RATE, exclude_min=True) | st.sampled_from(odd)


def l2_penalties() -> st.SearchStrategy[float]:
    return st.floats(0.0, 1.0) | st.sampled_from((*ODD_FLOATS, 1.0))


def split_shares() -> st.SearchStrategy[float]:
    odd = (MIN_TEST_SIZE, 0.123, MAX_TEST_SIZE, 0.1 + 0.2, 1 / 3)
    return st.floats(MIN_TEST_SIZE, MAX_TEST_SIZE) | st.sampled_from(odd)


def seeds() -> st.SearchStrategy[int]:
    return st.integers(0, MAX_SEED) | st.sampled_from((0, 999_999, 1_000_000, MAX_SEED))


def hidden_layers() -> st.SearchStrategy[HiddenLayer]:
    return st.builds(
        HiddenLayer, st.integers(1, MAX_NODES), st.sampled_from(engine.HIDDEN_ACTIVATION_NAMES)
    )


@st.composite
def batch_sizes(draw, batch_mode: str, test_size: float) -> int:
    if batch_mode == "mini-batch":
        return draw(st.integers(1, training_set_size(test_size)))
    # Not read by batch or stochastic descent, so the engine accepts any whole number.
    return draw(st.integers(1, training_set_size(test_size)) | st.integers(-(2**70), 2**70))


@st.composite
def designs(draw) -> Design:
    """Any design ``validate_design`` accepts, with extreme and oddly precise values."""
    task = draw(st.sampled_from(engine.TASK_NAMES))
    batch_mode = draw(st.sampled_from(engine.BATCH_MODES))
    test_size = draw(split_shares())
    design = Design(
        task=task,
        k=draw(st.integers(0, 9)),
        scaling=draw(st.sampled_from(engine.SCALING_NAMES)),
        hidden=tuple(draw(st.lists(hidden_layers(), max_size=MAX_HIDDEN_LAYERS))),
        loss=draw(st.sampled_from(engine.allowed_losses(task))),
        init=draw(st.sampled_from(engine.INITIALIZER_NAMES)),
        optimizer=draw(st.sampled_from(engine.OPTIMIZER_NAMES)),
        learning_rate=draw(learning_rates()),
        momentum=draw(fractions()),
        nesterov=draw(st.booleans()),
        rho=draw(fractions()),
        beta1=draw(fractions()),
        beta2=draw(fractions()),
        l2=draw(l2_penalties()),
        batch_mode=batch_mode,
        batch_size=draw(batch_sizes(batch_mode, test_size)),
        epochs=draw(st.integers(1, MAX_EPOCHS) | st.sampled_from((1, MAX_EPOCHS))),
        test_size=test_size,
        seed=draw(seeds()),
    )
    assert engine.validate_design(design) == {}, engine.validate_design(design)
    return design


def values_for(name: str, design: Design) -> st.SearchStrategy[object]:
    """New values a user could give field ``name`` of ``design`` (valid ones)."""
    numbers = {
        "k": st.integers(0, 9),
        "test_size": split_shares(),
        "learning_rate": learning_rates(),
        "momentum": fractions(),
        "rho": fractions(),
        "beta1": fractions(),
        "beta2": fractions(),
        "l2": l2_penalties(),
        "batch_size": st.integers(1, training_set_size(design.test_size)),
        "epochs": st.integers(1, MAX_EPOCHS),
        "seed": seeds(),
        "nesterov": st.booleans(),
    }
    names = {
        "task": engine.TASK_NAMES,
        "scaling": engine.SCALING_NAMES,
        "loss": engine.allowed_losses(design.task),
        "init": engine.INITIALIZER_NAMES,
        "optimizer": engine.OPTIMIZER_NAMES,
        "batch_mode": engine.BATCH_MODES,
    }
    if name in names:
        return st.sampled_from(names[name])
    return numbers[name]
