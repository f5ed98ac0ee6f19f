"""The network designer: every choice the lesson talks about, as a form built from a table.

``NetworkDesignerPanel`` (objectName ``networkDesigner``) edits an ``engine.Design``. Its
fields are the rows of ``fields.FIELDS``; this module only loops over them:

- ``set_design(d)`` writes every field's widget (``setValue``) without emitting;
- ``design()`` reads every field's widget back (``value()``) into a new ``Design``: the widgets
  are the only state, so what is shown is what is trained;
- each widget's ``valueChanged`` means "the user edited this field": the panel applies the
  field's derived changes (only the task has one: a loss the new output layer cannot use
  becomes the task's default loss), then emits ``designChanged(Design)``. So one edit emits a
  Design that differs from the previous one in that field only, and for a task edit possibly
  in ``loss`` too.

Validation is ``engine.validate_design`` alone: a bad value stays as typed, is marked next to
its field with the engine's sentence, and ``errors()`` is non-empty so the window refuses to
train. Fields the chosen task, optimizer or batch mode does not use are hidden (unless red).
The weight shapes and the parameter count come from ``engine.layer_sizes`` and
``engine.parameter_count``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterator
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

import engine
from engine import Design, HiddenLayer
from gui.designer import texts
from gui.designer.fields import FIELDS, FIELDS_BY_NAME
from gui.designer.form_widgets import ChoiceCombo, CollapsibleSection, FieldWidget, MessageLabel
from gui.designer.hidden_layers import HiddenLayersEditor


class NetworkDesignerPanel(QWidget):
    """Edits a ``Design``; emits ``designChanged(Design)`` after each committed user edit."""

    designChanged = Signal(Design)

    # The widgets of FIELDS are also attributes named by Field.attr (task_combo, seed_spin, ...).
    hidden_editor: HiddenLayersEditor
    loss_combo: ChoiceCombo

    def __init__(self, design: Design | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkDesigner")
        self._updating = False  # True while the panel itself writes widgets: no emits then
        self._widgets: dict[str, QWidget] = {}
        self._messages: dict[str, MessageLabel] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget, MessageLabel]] = {}
        self._errors: dict[str, str] = {}

        self.general_message = MessageLabel()
        self.general_message.setObjectName("designErrors")
        self.output_label = QLabel()
        self.output_label.setObjectName("outputLayerLabel")
        self.output_label.setWordWrap(True)
        self.output_label.setToolTip(texts.TIPS["output"])
        self.shapes_label = QLabel()
        self.shapes_label.setObjectName("weightShapes")
        self._set_shapes_font()
        self.shapes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shapes_label.setToolTip(texts.SHAPES_TIP)
        self.params_label = QLabel()
        # The design may come from a file or the settings: its text is shown, never rendered.
        for label in (self.output_label, self.shapes_label, self.params_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.params_label.setObjectName("parameterCount")
        self.params_label.setWordWrap(True)

        self.sections = self._build_sections()
        self._build_scroll_column()
        for field in FIELDS:
            self._field(field.name).valueChanged.connect(
                functools.partial(self._on_field_edited, field.name)
            )
        self.set_design(design or Design())

    # ---- public -------------------------------------------------------------------------------
    def design(self) -> Design:
        """The design the fields show now, read from their widgets."""
        return Design(**{field.name: self._field(field.name).value() for field in FIELDS})

    def set_design(self, design: Design) -> None:
        """Show ``design`` in every field, exactly, without emitting ``designChanged``."""
        with self._quietly():
            for field in FIELDS:
                self._field(field.name).setValue(getattr(design, field.name))
        self._refresh()

    def errors(self) -> dict[str, str]:
        """Field -> what is allowed, from ``engine.validate_design`` of the design shown;
        empty when valid."""
        return _check(self.design())

    def message_for(self, key: str) -> str:
        """The sentence shown next to field ``key`` ('' when none is shown)."""
        if key.startswith("hidden."):
            index = int(key.split(".")[1])
            label = self.hidden_editor.row_widgets(index)["message"]
        else:
            label = self._messages.get(key, self.general_message)
        return "" if label.isHidden() else label.text()

    def widget_for(self, name: str) -> QWidget:
        """The widget that edits the Design field ``name``."""
        return self._widgets[name]

    def set_epochs(self, epochs: int) -> None:
        """Set the epoch field as if the user had typed it (emits ``designChanged``)."""
        self._field("epochs").setValue(int(epochs))

    def expand_all(self, on: bool = True) -> None:
        for section in self.sections.values():
            section.set_expanded(on)

    # ---- reactions ----------------------------------------------------------------------------
    def _on_field_edited(self, name: str, *_: object) -> None:
        if self._updating:
            return
        derive = FIELDS_BY_NAME[name].then
        if derive is not None:
            before = self.design()
            after = derive(before)
            with self._quietly():
                for field in FIELDS:
                    value = getattr(after, field.name)
                    if value != getattr(before, field.name):
                        self._field(field.name).setValue(value)
        self._refresh()
        self.designChanged.emit(self.design())

    def _refresh(self) -> None:
        """Choices, messages, visible rows, output layer and shapes, for the design shown."""
        design = self.design()
        with self._quietly():
            for field in FIELDS:
                if field.choices is not None:
                    combo = cast(ChoiceCombo, self._field(field.name))
                    combo.set_choices(field.choices(design), selected=combo.value())
        self._errors = _check(design)
        for key, label in self._messages.items():
            label.show_message(self._errors.get(key))
        self.hidden_editor.show_messages(self._errors)
        shown = set(self._messages) | {k for k in self._errors if k.startswith("hidden.")}
        rest = [text for key, text in self._errors.items() if key not in shown]
        self.general_message.show_message(" ".join(rest) or None)
        for field in FIELDS:
            form, widget, message = self._rows[field.name]
            has_message = field.name in self._errors
            form.setRowVisible(widget, field.relevant(design) or has_message)
            form.setRowVisible(message, has_message)
        self._show_shapes(design)

    def _show_shapes(self, design: Design) -> None:
        sizes = _layer_sizes(design)
        # A layer of 0 nodes has a shape (64 x 0) but is no network: say so, count nothing.
        invalid = any(key == "task" or key.startswith("hidden") for key in self._errors)
        if sizes is None or invalid:  # no shape yet; the red messages say why
            self.output_label.setText(texts.NO_SHAPE)
            self.shapes_label.setText(texts.INVALID_SHAPE)
            self.params_label.setText("")
            return
        count, activation = engine.output_layer(design)
        self.output_label.setText(
            texts.OUTPUT_TEXT.format(
                count=count,
                nodes="node" if count == 1 else "nodes",
                activation=engine.ACTIVATIONS[activation].label,
            )
        )
        self.shapes_label.setText(
            "\n".join(
                texts.SHAPE_LINE.format(i=i, n_in=n_in, n_out=n_out)
                for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1)
            )
        )
        self.params_label.setText(
            texts.PARAMETER_COUNT.format(
                total=engine.parameter_count(sizes), sizes=" → ".join(map(str, sizes))
            )
        )

    # ---- construction -------------------------------------------------------------------------
    def _build_sections(self) -> dict[str, CollapsibleSection]:
        forms = {key: _form() for key in texts.SECTION_TITLES if key != "shapes"}
        intro = QLabel(texts.INPUT_INTRO)
        intro.setWordWrap(True)
        forms["hidden"].addRow(intro)
        self._add_row(forms["output"], texts.OUTPUT_LABEL, self.output_label, "output")
        for field in FIELDS:
            widget = field.make()
            widget.setObjectName(field.object_name)
            widget.setToolTip(field.tip)
            self._widgets[field.name] = widget
            setattr(self, field.attr, widget)
            self._rows[field.name] = self._add_row(
                forms[field.section], field.label, widget, field.name
            )
        shapes = QWidget()
        shapes_box = QVBoxLayout(shapes)
        shapes_box.setContentsMargins(4, 0, 4, 0)
        shapes_box.addWidget(self.shapes_label)
        shapes_box.addWidget(self.params_label)
        bodies: dict[str, QWidget] = {key: _wrap(form) for key, form in forms.items()}
        bodies["shapes"] = shapes
        return {
            key: CollapsibleSection(title, bodies[key])
            for key, title in texts.SECTION_TITLES.items()
        }

    def _build_scroll_column(self) -> None:
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
        self._fit_width()
        # A field shown or hidden, a layer added, a longer message: the form's width changes.
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.scroll_area.widget():
            self._fit_width()
        return False

    def _fit_width(self) -> None:
        # Never narrower than the form itself: the column scrolls vertically, never cuts fields.
        content = self.scroll_area.widget()
        if content is None:
            return
        scrollbar = self.scroll_area.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(content.minimumSizeHint().width() + scrollbar + 4)

    def _set_shapes_font(self) -> None:
        """Monospace (the shapes line up) at the panel's size, so the zoom scales it too."""
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font = QFont(self.font())
        font.setFamilies(mono.families())
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.shapes_label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        """The zoom changed the font: the shapes follow, the column fits its wider form."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "scroll_area"):
            self._set_shapes_font()
            self._fit_width()

    def _add_row(
        self, form: QFormLayout, label: str | None, widget: QWidget, key: str
    ) -> tuple[QFormLayout, QWidget, MessageLabel]:
        """A labelled field, then its red message on a full-width row (hidden while fine)."""
        if label is None:
            form.addRow(widget)
        else:
            title = QLabel(label)
            title.setToolTip(widget.toolTip())
            title.setBuddy(widget)
            form.addRow(title, widget)
        message = MessageLabel()
        message.setObjectName(f"{key}Message")
        form.addRow(message)
        form.setRowVisible(message, False)
        self._messages[key] = message
        return form, widget, message

    def _field(self, name: str) -> FieldWidget:
        return cast(FieldWidget, self._widgets[name])

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Write widgets without treating their valueChanged as user edits."""
        was, self._updating = self._updating, True
        try:
            yield
        finally:
            self._updating = was


def _check(design: Design) -> dict[str, str]:
    """``engine.validate_design``, or one sentence for a design it cannot even read."""
    try:
        return dict(engine.validate_design(design))
    except Exception as exc:  # e.g. a hidden layer that is not a HiddenLayer, from a broken file
        return {"design": texts.UNCHECKABLE.format(error=exc)}


def _layer_sizes(design: Design) -> tuple[int, ...] | None:
    """``engine.layer_sizes(design)``, or None while the task or a layer's node count is not
    something a shape can be drawn from."""
    if design.task not in engine.TASK_NAMES:
        return None
    for layer in design.hidden:
        nodes: Any = getattr(layer, "nodes", None)
        if not isinstance(layer, HiddenLayer) or type(nodes) is not int or nodes < 0:
            return None
    return tuple(engine.layer_sizes(design))


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
