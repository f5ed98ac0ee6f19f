"""The network designer: every choice the lesson talks about, as a form.

``NetworkDesignerPanel`` (objectName ``networkDesigner``) edits an ``engine.Design`` and emits
``designChanged(design)`` after every committed edit. Validation is ``engine.validate_design``
alone (the same function the engine uses): a bad value is marked next to its field with the
sentence the engine gives, and ``errors()`` is non-empty so the window refuses to train.
The shape of every weight matrix and the parameter count update as the design changes.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import Design, HiddenLayer
from gui.form_widgets import (
    CollapsibleSection,
    LogSpinBox,
    MessageLabel,
    float_field,
    int_field,
)

TASKS = (
    ("digits", "Digits 0-9"),
    ("odd_even", "Odd or even?"),
    ("is_k", "Is it a k?"),
)
SCALINGS = (
    ("divide16", "÷16 (0 to 1)"),
    ("standardize", "Standardize"),
    ("none", "None (0 to 16)"),
)
ACTIVATIONS = (
    ("relu", "ReLU"),
    ("tanh", "tanh"),
    ("sigmoid", "sigmoid"),
    ("leaky_relu", "leaky ReLU"),
    ("linear", "linear (none)"),
)
LOSS_NAMES = {
    "categorical_crossentropy": "cross-entropy",
    "binary_crossentropy": "binary cross-entropy",
    "mse": "squared error (MSE)",
    "mae": "absolute error (MAE)",
}
INITS = (
    ("glorot_uniform", "Glorot uniform"),
    ("he_normal", "He normal"),
    ("uniform", "Uniform ±0.1"),
    ("normal", "Normal, sd 0.1"),
)
OPTIMIZERS = (
    ("adam", "Adam"),
    ("sgd", "SGD (plain)"),
    ("momentum", "SGD + momentum"),
    ("rmsprop", "RMSprop"),
)
BATCH_MODES = (
    ("mini-batch", "Mini-batch"),
    ("batch", "Batch (all)"),
    ("stochastic", "Stochastic (one)"),
)

TIPS = {
    "task": "What the network should answer for each 8x8 picture. Ten digits needs ten output "
    "nodes; a yes/no question needs only one.",
    "k": "The digit the network should recognise: it answers 'is this picture a k?'.",
    "scaling": "Pixels are 0 to 16. Networks learn best when inputs are small numbers, so we "
    "usually divide by 16 (standardize: mean 0, spread 1 per pixel). Try none to see why.",
    "test_size": "The share of pictures hidden from training. We test on them to see whether "
    "the network learned digits or just memorised its pictures.",
    "hidden": "Hidden layers sit between the pixels and the answer. Each node adds up its "
    "weighted inputs plus a bias (z = W·x + b) and passes z through its activation.",
    "nodes": "How many nodes this layer has (1 to 512). More nodes can learn more patterns but "
    "need more weights.",
    "activation": "What each node does with its sum z. ReLU keeps positives and zeroes "
    "negatives; sigmoid squashes to 0..1; tanh to -1..1.",
    "output": "Set by the task: ten softmax nodes give one probability per digit; one sigmoid "
    "node gives the probability of 'yes'.",
    "loss": "How wrong the network is, as one number. Training moves the weights to make it "
    "smaller. Cross-entropy suits probabilities.",
    "init": "The small random numbers the weights start from, before any learning. Biases start "
    "at 0.",
    "optimizer": "How the weights move downhill on the loss. Plain SGD takes a step of "
    "learning rate x gradient; Adam adapts the step for every weight.",
    "learning_rate": "How big a step the weights take each update. Too small: learning crawls. "
    "Too big (try 10 or 1000!): the loss jumps around or explodes.",
    "momentum": "Keeps part of the last step, like a ball rolling downhill. 0.9 is usual.",
    "nesterov": "Looks ahead along the momentum before measuring the slope. Often a little "
    "smoother.",
    "rho": "How quickly RMSprop forgets old gradient sizes. 0.9 is usual.",
    "beta1": "How quickly Adam forgets old gradient directions. 0.9 is usual.",
    "beta2": "How quickly Adam forgets old gradient sizes. 0.999 is usual.",
    "l2": "A penalty on large weights that discourages memorising. 0 turns it off; try 0.001.",
    "batch_mode": "How many pictures the network looks at before each update: all of them "
    "(batch), one (stochastic) or a handful (mini-batch).",
    "batch_size": "Pictures per mini-batch. 32 is a good default.",
    "epochs": "How many times the network sees every training picture.",
    "seed": "The starting point of the random numbers. The same seed gives the same starting "
    "weights, so a class can repeat an experiment exactly.",
}


class HiddenLayersEditor(QWidget):
    """An editable list of hidden layers: nodes and activation per layer."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layers: list[HiddenLayer] = []
        self._rows: list[dict[str, Any]] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(4)
        self.add_button = QPushButton("+ Add layer")
        self.add_button.setObjectName("addLayerButton")
        self.add_button.setToolTip("Add a hidden layer at the end (just before the output).")
        self.add_button.clicked.connect(self._on_add)
        self.empty_label = QLabel(
            "No hidden layer: the pixels go straight to the output, like the lesson's perceptron."
        )
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def layers(self) -> tuple[HiddenLayer, ...]:
        return tuple(self._layers)

    def set_layers(self, layers: tuple[HiddenLayer, ...]) -> None:
        self._layers = list(layers)
        self._rebuild()

    def row_widgets(self, index: int) -> dict[str, Any]:
        """The widgets of row ``index`` (nodes, activation, up, down, remove, message)."""
        return self._rows[index]

    def show_messages(self, errors: dict[str, str]) -> None:
        for i, row in enumerate(self._rows):
            texts = [
                errors[k]
                for k in (f"hidden.{i}.nodes", f"hidden.{i}.activation", f"hidden.{i}")
                if k in errors
            ]
            row["message"].show_message(" ".join(texts) or None)

    def _rebuild(self) -> None:
        while self._rows_box.count():
            item = self._rows_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rows = []
        count = len(self._layers)
        for index, layer in enumerate(self._layers):
            self._rows.append(self._make_row(index, layer, count))
        self.empty_label.setVisible(count == 0)

    def _make_row(self, index: int, layer: HiddenLayer, count: int) -> dict[str, Any]:
        frame = QFrame()
        frame.setObjectName(f"hiddenLayer{index}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QVBoxLayout(frame)
        grid.setContentsMargins(4, 3, 4, 3)
        grid.setSpacing(2)
        top = QHBoxLayout()
        title = QLabel(f"Layer {index + 1}")
        title.setStyleSheet("font-weight: bold;")
        nodes = int_field(0, 9999)
        nodes.setObjectName(f"hiddenNodes{index}")
        nodes.setValue(int(layer.nodes))
        nodes.setToolTip(TIPS["nodes"])
        activation = QComboBox()
        activation.setObjectName(f"hiddenActivation{index}")
        for name, label in ACTIVATIONS:
            activation.addItem(label, name)
        _select(activation, layer.activation)
        activation.setToolTip(TIPS["activation"])
        up = _tool_button("▲", f"Move layer {index + 1} towards the input.")
        down = _tool_button("▼", f"Move layer {index + 1} towards the output.")
        remove = _tool_button("✕", f"Remove layer {index + 1}.")
        up.setEnabled(index > 0)
        down.setEnabled(index < count - 1)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(up)
        top.addWidget(down)
        top.addWidget(remove)
        fields = QHBoxLayout()
        fields.addWidget(nodes, 1)
        fields.addWidget(activation, 1)
        message = MessageLabel()
        grid.addLayout(top)
        grid.addLayout(fields)
        grid.addWidget(message)
        self._rows_box.addWidget(frame)
        nodes.valueChanged.connect(self._on_field_changed)
        activation.currentIndexChanged.connect(self._on_field_changed)
        up.clicked.connect(self._on_move_clicked)
        down.clicked.connect(self._on_move_clicked)
        remove.clicked.connect(self._on_remove_clicked)
        for button, action in ((up, "up"), (down, "down"), (remove, "remove")):
            button.setProperty("layerIndex", index)
            button.setProperty("layerAction", action)
        return {
            "frame": frame,
            "nodes": nodes,
            "activation": activation,
            "up": up,
            "down": down,
            "remove": remove,
            "message": message,
        }

    def _on_field_changed(self, *_: object) -> None:
        self._layers = [
            HiddenLayer(int(row["nodes"].value()), str(row["activation"].currentData()))
            for row in self._rows
        ]
        self.changed.emit()

    def _on_add(self) -> None:
        last = self._layers[-1] if self._layers else HiddenLayer()
        self._layers.append(HiddenLayer(last.nodes, last.activation))
        self._rebuild()
        self.changed.emit()

    def _on_move_clicked(self) -> None:
        button = self.sender()
        index = int(button.property("layerIndex"))
        target = index - 1 if button.property("layerAction") == "up" else index + 1
        if 0 <= target < len(self._layers):
            self._layers[index], self._layers[target] = self._layers[target], self._layers[index]
            self._rebuild()
            self.changed.emit()

    def _on_remove_clicked(self) -> None:
        index = int(self.sender().property("layerIndex"))
        del self._layers[index]
        self._rebuild()
        self.changed.emit()


class NetworkDesignerPanel(QWidget):
    """Edits a ``Design``; emits ``designChanged(Design)`` after each committed edit."""

    designChanged = Signal(object)

    def __init__(self, design: Design | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkDesigner")
        self._design = design or Design()
        self._errors: dict[str, str] = {}
        self._messages: dict[str, MessageLabel] = {}
        self._holders: dict[str, tuple[QFormLayout, QWidget, MessageLabel]] = {}
        self._updating = False

        self.general_message = MessageLabel()
        self.general_message.setObjectName("designErrors")

        # ---- Data -----------------------------------------------------------------------------
        self.task_combo = _combo("taskCombo", TASKS, TIPS["task"])
        self.k_spin = int_field(-99, 99)
        self.k_spin.setObjectName("kSpin")
        self.k_spin.setToolTip(TIPS["k"])
        self.scaling_combo = _combo("scalingCombo", SCALINGS, TIPS["scaling"])
        self.test_spin = float_field(0.0, 100.0, 0, 5.0)
        self.test_spin.setSuffix(" %")
        self.test_spin.setObjectName("testSizeSpin")
        self.test_spin.setToolTip(TIPS["test_size"])
        data_form = _form()
        self._add_row(data_form, "Task", self.task_combo, "task")
        self._add_row(data_form, "Digit k", self.k_spin, "k")
        self._add_row(data_form, "Input scaling", self.scaling_combo, "scaling")
        self._add_row(data_form, "Test share", self.test_spin, "test_size")
        self._data_form = data_form

        # ---- Hidden layers --------------------------------------------------------------------
        self.hidden_editor = HiddenLayersEditor()
        self.hidden_editor.setToolTip(TIPS["hidden"])
        hidden_body = QWidget()
        hidden_box = QVBoxLayout(hidden_body)
        hidden_box.setContentsMargins(4, 0, 4, 0)
        intro = QLabel("Input: 64 pixels (the 8x8 picture, flattened).")
        intro.setWordWrap(True)
        hidden_box.addWidget(intro)
        hidden_box.addWidget(self.hidden_editor)
        self._messages["hidden"] = MessageLabel()
        hidden_box.addWidget(self._messages["hidden"])

        # ---- Output & loss --------------------------------------------------------------------
        self.output_label = QLabel()
        self.output_label.setObjectName("outputLayerLabel")
        self.output_label.setWordWrap(True)
        self.output_label.setToolTip(TIPS["output"])
        self.loss_combo = QComboBox()
        self.loss_combo.setObjectName("lossCombo")
        self.loss_combo.setToolTip(TIPS["loss"])
        self.init_combo = _combo("initCombo", INITS, TIPS["init"])
        self.shapes_label = QLabel()
        self.shapes_label.setObjectName("weightShapes")
        self.shapes_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.shapes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shapes_label.setToolTip(
            "W1 has one row per input and one column per node of the next layer, so W1 is "
            "64 x (nodes in layer 1). Each layer also has one bias b per node."
        )
        self.params_label = QLabel()
        self.params_label.setObjectName("parameterCount")
        self.params_label.setWordWrap(True)
        output_form = _form()
        self._add_row(output_form, "Output layer", self.output_label, "output")
        self._add_row(output_form, "Loss", self.loss_combo, "loss")
        self._add_row(output_form, "Start weights", self.init_combo, "init")
        shapes_body = QWidget()
        shapes_box = QVBoxLayout(shapes_body)
        shapes_box.setContentsMargins(4, 0, 4, 0)
        shapes_box.addWidget(self.shapes_label)
        shapes_box.addWidget(self.params_label)

        # ---- Optimizer ------------------------------------------------------------------------
        self.optimizer_combo = _combo("optimizerCombo", OPTIMIZERS, TIPS["optimizer"])
        self.lr_spin = LogSpinBox(0.0, 10000.0, 6)
        self.lr_spin.setObjectName("learningRateSpin")
        self.lr_spin.setToolTip(TIPS["learning_rate"])
        self.momentum_spin = float_field(0.0, 10.0, 3, 0.05)
        self.momentum_spin.setObjectName("momentumSpin")
        self.nesterov_check = QCheckBox("Nesterov look-ahead")
        self.nesterov_check.setObjectName("nesterovCheck")
        self.rho_spin = float_field(0.0, 10.0, 3, 0.01)
        self.rho_spin.setObjectName("rhoSpin")
        self.beta1_spin = float_field(0.0, 10.0, 3, 0.01)
        self.beta1_spin.setObjectName("beta1Spin")
        self.beta2_spin = float_field(0.0, 10.0, 4, 0.001)
        self.beta2_spin.setObjectName("beta2Spin")
        self.l2_spin = LogSpinBox(0.0, 1000.0, 6)
        self.l2_spin.setObjectName("l2Spin")
        for key, widget in (
            ("momentum", self.momentum_spin),
            ("nesterov", self.nesterov_check),
            ("rho", self.rho_spin),
            ("beta1", self.beta1_spin),
            ("beta2", self.beta2_spin),
            ("l2", self.l2_spin),
        ):
            widget.setToolTip(TIPS[key])
        opt_form = _form()
        self._add_row(opt_form, "Optimizer", self.optimizer_combo, "optimizer")
        self._add_row(opt_form, "Learning rate", self.lr_spin, "learning_rate")
        self._add_row(opt_form, "Momentum", self.momentum_spin, "momentum")
        self._add_row(opt_form, "", self.nesterov_check, "nesterov")
        self._add_row(opt_form, "rho", self.rho_spin, "rho")
        self._add_row(opt_form, "beta1", self.beta1_spin, "beta1")
        self._add_row(opt_form, "beta2", self.beta2_spin, "beta2")
        self._add_row(opt_form, "L2 penalty", self.l2_spin, "l2")
        self._opt_form = opt_form

        # ---- Training -------------------------------------------------------------------------
        self.batch_mode_combo = _combo("batchModeCombo", BATCH_MODES, TIPS["batch_mode"])
        self.batch_spin = int_field(0, 100000)
        self.batch_spin.setObjectName("batchSizeSpin")
        self.batch_spin.setToolTip(TIPS["batch_size"])
        self.epochs_spin = int_field(0, 100000)
        self.epochs_spin.setObjectName("epochsSpin")
        self.epochs_spin.setToolTip(TIPS["epochs"])
        self.seed_spin = int_field(0, 999_999)
        self.seed_spin.setObjectName("seedSpin")
        self.seed_spin.setToolTip(TIPS["seed"])
        train_form = _form()
        self._add_row(train_form, "Gradient descent", self.batch_mode_combo, "batch_mode")
        self._add_row(train_form, "Batch size", self.batch_spin, "batch_size")
        self._add_row(train_form, "Epochs", self.epochs_spin, "epochs")
        self._add_row(train_form, "Seed", self.seed_spin, "seed")
        self._train_form = train_form

        self.sections = {
            "data": CollapsibleSection("Data", _wrap(data_form)),
            "hidden": CollapsibleSection("Hidden layers", hidden_body),
            "output": CollapsibleSection("Output and loss", _wrap(output_form)),
            "shapes": CollapsibleSection("Weights to learn", shapes_body),
            "optimizer": CollapsibleSection("Optimizer", _wrap(opt_form)),
            "training": CollapsibleSection("Training", _wrap(train_form)),
        }
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(6)
        column.addWidget(self.general_message)
        for section in self.sections.values():
            column.addWidget(section)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        # Never narrower than the form itself: the column scrolls vertically, never cuts fields.
        scrollbar = self.scroll_area.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(content.minimumSizeHint().width() + scrollbar + 4)

        self.set_design(self._design)
        for combo in (
            self.task_combo,
            self.scaling_combo,
            self.loss_combo,
            self.init_combo,
            self.optimizer_combo,
            self.batch_mode_combo,
        ):
            combo.currentIndexChanged.connect(self._on_edited)
        for spin in (
            self.k_spin,
            self.test_spin,
            self.lr_spin,
            self.momentum_spin,
            self.rho_spin,
            self.beta1_spin,
            self.beta2_spin,
            self.l2_spin,
            self.batch_spin,
            self.epochs_spin,
            self.seed_spin,
        ):
            spin.valueChanged.connect(self._on_edited)
        self.nesterov_check.toggled.connect(self._on_edited)
        self.hidden_editor.changed.connect(self._on_edited)

    # ---- public -------------------------------------------------------------------------------
    def design(self) -> Design:
        return self._design

    def errors(self) -> dict[str, str]:
        """Field -> what is allowed, from ``engine.validate_design``; empty when valid."""
        return dict(self._errors)

    def message_for(self, key: str) -> str:
        """The sentence shown next to field ``key`` ('' when none is shown)."""
        if key.startswith("hidden."):
            index = int(key.split(".")[1])
            label = self.hidden_editor.row_widgets(index)["message"]
        else:
            label = self._messages.get(key, self.general_message)
        return "" if label.isHidden() else label.text()

    def set_design(self, design: Design) -> None:
        """Show ``design`` in every field without emitting ``designChanged``."""
        self._updating = True
        try:
            _select(self.task_combo, design.task)
            self.k_spin.setValue(int(design.k))
            _select(self.scaling_combo, design.scaling)
            self.test_spin.setValue(round(100.0 * float(design.test_size)))
            self.hidden_editor.set_layers(tuple(design.hidden))
            self._fill_losses(design.task, design.loss)
            _select(self.init_combo, design.init)
            _select(self.optimizer_combo, design.optimizer)
            self.lr_spin.setValue(float(design.learning_rate))
            self.momentum_spin.setValue(float(design.momentum))
            self.nesterov_check.setChecked(bool(design.nesterov))
            self.rho_spin.setValue(float(design.rho))
            self.beta1_spin.setValue(float(design.beta1))
            self.beta2_spin.setValue(float(design.beta2))
            self.l2_spin.setValue(float(design.l2))
            _select(self.batch_mode_combo, design.batch_mode)
            self.batch_spin.setValue(int(design.batch_size))
            self.epochs_spin.setValue(int(design.epochs))
            self.seed_spin.setValue(int(design.seed))
        finally:
            self._updating = False
        self._design = design
        self._refresh()

    def set_epochs(self, epochs: int) -> None:
        """Set the epoch field as if the user had typed it (emits ``designChanged``)."""
        self.epochs_spin.setValue(int(epochs))

    def expand_all(self, on: bool = True) -> None:
        for section in self.sections.values():
            section.set_expanded(on)

    # ---- internals ----------------------------------------------------------------------------
    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        """A labelled field, then its red message on a full-width row (hidden while fine)."""
        title = QLabel(label)
        title.setToolTip(widget.toolTip())
        title.setBuddy(widget)
        form.addRow(title, widget)
        message = MessageLabel()
        message.setObjectName(f"{key}Message")
        form.addRow(message)
        form.setRowVisible(message, False)
        self._messages[key] = message
        self._holders[key] = (form, widget, message)

    def _fill_losses(self, task: str, selected: str) -> None:
        allowed = tuple(engine.allowed_losses(task))
        self.loss_combo.blockSignals(True)
        self.loss_combo.clear()
        for name in allowed:
            self.loss_combo.addItem(LOSS_NAMES.get(name, name), name)
        if selected not in allowed:
            selected = engine.default_loss(task)
        _select(self.loss_combo, selected)
        self.loss_combo.blockSignals(False)

    def _read(self) -> Design:
        task = str(self.task_combo.currentData())
        if task != self._design.task:
            self._fill_losses(task, str(self.loss_combo.currentData()))
        return replace(
            self._design,
            task=task,
            k=int(self.k_spin.value()),
            scaling=str(self.scaling_combo.currentData()),
            test_size=round(float(self.test_spin.value()) / 100.0, 4),
            hidden=self.hidden_editor.layers(),
            loss=str(self.loss_combo.currentData()),
            init=str(self.init_combo.currentData()),
            optimizer=str(self.optimizer_combo.currentData()),
            learning_rate=round(float(self.lr_spin.value()), 6),
            momentum=round(float(self.momentum_spin.value()), 3),
            nesterov=bool(self.nesterov_check.isChecked()),
            rho=round(float(self.rho_spin.value()), 3),
            beta1=round(float(self.beta1_spin.value()), 3),
            beta2=round(float(self.beta2_spin.value()), 4),
            l2=round(float(self.l2_spin.value()), 6),
            batch_mode=str(self.batch_mode_combo.currentData()),
            batch_size=int(self.batch_spin.value()),
            epochs=int(self.epochs_spin.value()),
            seed=int(self.seed_spin.value()),
        )

    def _on_edited(self, *_: object) -> None:
        if self._updating:
            return
        self._design = self._read()
        self._refresh()
        self.designChanged.emit(self._design)

    def _refresh(self) -> None:
        design = self._design
        try:
            self._errors = dict(engine.validate_design(design))
        except Exception as exc:  # a design the validator cannot even read
            self._errors = {"design": f"This design cannot be checked: {exc}"}
        for key, label in self._messages.items():
            label.show_message(self._errors.get(key))
        self.hidden_editor.show_messages(self._errors)
        shown = set(self._messages) | {k for k in self._errors if k.startswith("hidden.")}
        rest = [text for key, text in self._errors.items() if key not in shown]
        self.general_message.show_message(" ".join(rest) or None)
        self._show_relevant_rows(design)
        self._update_shapes(design)

    def _show_relevant_rows(self, design: Design) -> None:
        """Only the fields that matter for this task, optimizer and mode are shown (and any
        field with a message, so a message is never hidden)."""
        relevant = {
            "k": design.task == "is_k",
            "momentum": design.optimizer == "momentum",
            "nesterov": design.optimizer == "momentum",
            "rho": design.optimizer == "rmsprop",
            "beta1": design.optimizer == "adam",
            "beta2": design.optimizer == "adam",
            "batch_size": design.batch_mode == "mini-batch",
        }
        for key, (form, widget, message) in self._holders.items():
            has_message = key in self._errors
            form.setRowVisible(widget, relevant.get(key, True) or has_message)
            form.setRowVisible(message, has_message)

    def _update_shapes(self, design: Design) -> None:
        try:
            outputs, out_activation = engine.output_layer(design)
            self.output_label.setText(
                f"{outputs} {'node' if outputs == 1 else 'nodes'}, {out_activation} "
                "(set by the task)"
            )
            sizes = [int(n) for n in engine.layer_sizes(design)]
        except Exception:  # an invalid design may have no shape yet; its message says why
            self.shapes_label.setText("—")
            self.params_label.setText("")
            return
        lines = []
        total = 0
        for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
            lines.append(f"W{i}: {n_in} x {n_out}   b{i}: {n_out}")
            total += n_in * n_out + n_out
        self.shapes_label.setText("\n".join(lines))
        self.params_label.setText(
            f"{total:,} numbers to learn ({' → '.join(str(s) for s in sizes)})"
        )


def _combo(name: str, items: tuple[tuple[str, str], ...], tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for key, label in items:
        combo.addItem(label, key)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    return combo


def _select(combo: QComboBox, key: str) -> None:
    index = combo.findData(key)
    if index < 0:  # an unknown name (e.g. from a file) is shown, so validation can name it
        combo.addItem(str(key), key)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setContentsMargins(4, 0, 4, 0)
    form.setVerticalSpacing(4)
    return form


def _wrap(layout: QFormLayout) -> QWidget:
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button
