"""The frame panel: quotations and casualty claims recorded from the keyboard.

Keyboard flow (frame and slot keys come from the schema, ``resources/schema/news.toml``):

1. Select the cue in the text ("قال") and press **Shift+Q**: a QUOTE is made with that
   span in its anchor slot (CUE) and becomes the *selected frame*. For a claim, select
   the trigger ("قتلوا") and press **Shift+C**. The selection snaps to words as a label
   key does; Alt+Shift+Q / Alt+Shift+C keep it exact. A clicked span (nothing selected)
   serves as the selection. A claim's count attributes are pre-filled when the
   trigger holds a count ("مقتل مقاتليْن").
2. While a frame is selected the panel shows its slots, each with its key, and its
   attributes; its spans are drawn with one outline and joined by lines in the text
   (``DocumentView.set_highlight_group``).
3. Select a slot's text and press the slot's digit: for a quote **2** the speaker,
   **3** the content; for a claim 2 the count, 3 victim, 4 perpetrator, 5 place,
   6 time, 7 source. Alt+digit keeps the exact selection. Filling COUNT sets
   count_min/count_max/approximate from the number normalizer; a value the user typed
   in the form is kept.
4. To reuse a span already there (a PER for the speaker): click it and press the digit;
   or press the digit with nothing selected (the slot is *armed*: its row is marked,
   as when its row is clicked in the panel) and then click the span.
5. **Ctrl+Shift+Q** fills a slot that takes a frame (a claim's SOURCE) with one of the
   document's quotes: a menu pops up with the quote whose content holds the claim
   active, so Enter takes it (arrows choose another). **F2** moves to the attribute
   form (Tab between fields, typing into them; Esc back to the text); **Ctrl+Del**
   deletes the selected frame (its spans stay); **Esc** leaves frame mode and clears
   the selection.

Example, the first quote of the seed article: select "قال", Shift+Q; select "زملاء
سابقون لمقاتلين روس", 2; select "اثنين على الأقل ... لاقوا حتفهم", 3; Esc. Its claim:
select "لاقوا حتفهم", Shift+C; select "اثنين على الأقل", 2 (count ≥2); select
"المقاتلين", 3; Ctrl+Shift+Q, Enter (the source is that quote); Esc.

Why digits: label keys are letters and frame keys Shift+letter (the schema refuses
clashes among those), so the digits are free. Their actions are enabled only while a
frame is selected, and only in the text pane (``WidgetWithChildrenShortcut``): with no
frame a digit does nothing, and in the form it types a number.

Without a selected frame, clicking one of the annotator's spans that fills a frame
selects that frame (the frame it anchors first), and so do the frame list above the
slots and a row of the claims table (``show_frame``). Every edit is one undo step of
the core (``annotator.frames.editing``); the panel holds no state but which frame is
selected and which slot is armed, and redraws from the project on each hub change.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import QPoint, QRegularExpression, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.frames.records import JOIN, frame_records, slot_text
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection, fill_slot_with_span
from annotator.gui.actions import key_action
from annotator.gui.guidelines import markdown_html
from annotator.gui.host import PanelHost
from annotator.gui.palette import swatch
from annotator.gui.tables import BidiDelegate
from annotator.model import Changes, Document, Frame, OpResult, SlotFiller
from annotator.project import Project
from annotator.schema import AttributeType, FrameType, SlotType
from annotator.text import isolate, shorten, snap_selection, tokens_around


NONE_TEXT = "none"
"""Shown for an unset int attribute (a count bound left open)."""
INT_MAX = 2_000_000_000
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
"""A date attribute: YYYY, YYYY-MM or YYYY-MM-DD (``schema.check_attributes``)."""
ARMED_COLOR = QColor("#fff3bf")
SUMMARY_LENGTH = 40


class OptionalSpinBox(QSpinBox):
    """An int spin box whose lowest value (-1) means unset: shown "none", typed as "none"
    or by clearing the field, so an open count bound is one keystroke away."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(-1, INT_MAX)
        self.setSpecialValueText(NONE_TEXT)
        self.setKeyboardTracking(False)

    def validate(self, text: str, pos: int) -> object:
        typed = text.strip().lower()
        if typed in ("", NONE_TEXT):
            return QValidator.State.Acceptable, text, pos
        if NONE_TEXT.startswith(typed):
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        return self.minimum() if text.strip().lower() in ("", NONE_TEXT) else super().valueFromText(text)


class AttributeForm(QWidget):
    """Widgets for a frame type's attributes; ``edited(name, value)`` when the user changes one.

    int: an ``OptionalSpinBox`` ("none" or empty: unset); bool: a check box; enum: a
    combo box (with "none" first when the attribute has no default); text: a line edit;
    date: a line edit taking YYYY, YYYY-MM or YYYY-MM-DD. Numbers and texts are sent
    when editing finishes (Enter, Tab, focus out), so typing "150" is one edit.
    """

    edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._type: FrameType | None = None
        self._widgets: dict[str, QWidget] = {}
        self._values: dict[str, Any] = {}

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def first_widget(self) -> QWidget | None:
        return next(iter(self._widgets.values()), None)

    def set_frame(self, frame_type: FrameType, values: Mapping[str, Any]) -> None:
        """Show ``values`` of a frame of ``frame_type`` (the widgets are rebuilt for a new type)."""
        if frame_type != self._type:
            self._build(frame_type)
        self._values = {a.name: values.get(a.name) for a in frame_type.attributes}
        for attribute in frame_type.attributes:
            self._show(attribute, self._values[attribute.name])

    def _build(self, frame_type: FrameType) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._type = frame_type
        self._widgets = {}
        for attribute in frame_type.attributes:
            widget = self._make(attribute)
            widget.setObjectName(f"attribute-{attribute.name}")
            self._widgets[attribute.name] = widget
            self._layout.addRow(attribute.name.replace("_", " "), widget)
            widget.show()  # at once: a layout shows the widgets it gets only on the next event loop pass

    def _make(self, attribute: AttributeType) -> QWidget:
        name = attribute.name
        if attribute.type == "int":
            spin = OptionalSpinBox(self)
            spin.valueChanged.connect(lambda value: self._send(name, None if value < 0 else value))
            return spin
        if attribute.type == "bool":
            box = QCheckBox(self)
            box.toggled.connect(lambda checked: self._send(name, checked))
            return box
        if attribute.type == "enum":
            combo = QComboBox(self)
            if attribute.default is None:
                combo.addItem(NONE_TEXT, None)
            for choice in attribute.choices:
                combo.addItem(choice, choice)
            combo.activated.connect(lambda _index: self._send(name, combo.currentData()))
            return combo
        field = QLineEdit(self)
        if attribute.type == "date":
            field.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
            field.setValidator(QRegularExpressionValidator(QRegularExpression(DATE_PATTERN), field))
        field.editingFinished.connect(lambda: self._send(name, field.text().strip() or None))
        return field

    def _show(self, attribute: AttributeType, value: Any) -> None:
        widget = self._widgets[attribute.name]
        with QSignalBlocker(widget):
            if isinstance(widget, QSpinBox):
                widget.setValue(-1 if value is None else int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def _send(self, name: str, value: Any) -> None:
        if value != self._values.get(name):
            self._values[name] = value
            self.edited.emit(name, value)


class FramePanel(QWidget):
    """The selected frame of the open document: its slots, attributes and keys.

    ``frameSelected(frame_id or None)`` when the selection changes. Needs the window's
    ``documentShown`` signal, ``view``, ``hub``, ``marks()`` and ``clear_action``.
    """

    frameSelected = Signal(object)

    def __init__(self, window: PanelHost):
        super().__init__(window.window())
        self._host = window
        self._hub = window.hub
        self._view = window.view
        self._document: Document | None = None
        self._frames: dict[int, Frame] = {}
        self._records: dict[int, dict[str, Any]] = {}
        self._selected: int | None = None
        self._armed: str | None = None
        self.frame_actions: dict[str, QAction] = {}
        self.slot_actions: dict[str, QAction] = {}
        self.exact_slot_actions: dict[str, QAction] = {}
        self._exact_frame_actions: list[QAction] = []
        self._menu = QMenu("Frames", window)
        self._menu_items: list[QAction] = []
        """The schema's actions in the menu (above the fixed ones), replaced with the schema."""
        self._owns_group = False
        self._filler_menu: QMenu | None = None

        self.frame_list = QListWidget(self)
        self.frame_list.setObjectName("frame-list")
        self.frame_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frame_list.setItemDelegate(BidiDelegate(self.frame_list))  # cut between words to the list's width
        rows = self.frame_list.fontMetrics().height() + 4
        self.frame_list.setMinimumHeight(3 * rows)
        self.frame_list.setMaximumHeight(8 * rows)
        # its height comes from the room left, not from its rows: a preferred height of
        # eight rows would make the dock's scroll area scroll a panel that fits
        self.frame_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.frame_list.itemClicked.connect(self._on_item_clicked)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.slot_table = QTableWidget(0, 3, self)
        self.slot_table.setObjectName("slot-table")
        self.slot_table.setHorizontalHeaderLabels(["Key", "Slot", "Filled with"])
        self.slot_table.verticalHeader().hide()
        self.slot_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slot_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.slot_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slot_table.setWordWrap(False)
        self.slot_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.slot_table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.slot_table.setItemDelegateForColumn(2, BidiDelegate(self.slot_table))
        header = self.slot_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.slot_table.cellClicked.connect(lambda row, _column: self._on_slot_clicked(row))
        self.slot_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.slot_table.customContextMenuRequested.connect(self._slot_menu)
        self.form = AttributeForm(self)
        self.form.edited.connect(self.set_attribute)
        self.override_note = QLabel(self)
        self.override_note.setObjectName("override-note")
        self.override_note.setWordWrap(True)
        self.follow_button = QPushButton("Follow COUNT", self)
        self.follow_button.setObjectName("follow-count")
        self.follow_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.follow_button.clicked.connect(self.follow_count)
        override_row = QHBoxLayout()
        override_row.addWidget(self.override_note, 1)
        override_row.addWidget(self.follow_button)
        self.delete_button = QPushButton("Delete frame", self)
        self.delete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.frame_list, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.slot_table)
        layout.addWidget(self.form)
        layout.addLayout(override_row)
        layout.addWidget(self.delete_button)
        layout.addStretch(0)  # room the list (at most eight rows) leaves goes above the hint
        layout.addWidget(self.hint)

        self.source_action = self._action("Fill Slot with a Quote…", self.choose_frame_filler, "Ctrl+Shift+Q", window)
        self.edit_action = self._action("Edit Frame Attributes", self.focus_form, "F2", window)
        self.delete_action = self._action("Delete Frame", self.delete_frame, "Ctrl+Del", window)
        self._action("Back to the Text", self._view.setFocus, "Esc", self.form)
        self._menu.addActions([self.source_action, self.edit_action, self.delete_action])
        self._menu.addSeparator()
        self._build_actions()
        self.delete_button.clicked.connect(self.delete_frame)
        self._hub.changed.connect(self._on_changed)
        self._hub.annotatorChanged.connect(lambda _name: self._reload(keep=False))
        window.documentShown.connect(self._on_document_shown)
        self._view.spanClicked.connect(self._on_span_clicked)
        window.clear_action.triggered.connect(lambda: self.select_frame(None))
        self._on_document_shown(window.document)

    # --- actions ------------------------------------------------------------------

    def _build_actions(self) -> None:
        """Frame keys (window-wide, as label keys) and slot digits (text pane only), from the schema."""
        old = [*self.frame_actions.values(), *self.slot_actions.values(), *self.exact_slot_actions.values(), *self._exact_frame_actions]
        for action in old:
            action.parent().removeAction(action)
            action.deleteLater()
        for item in self._menu_items:
            self._menu.removeAction(item)
        self.frame_actions, self.slot_actions, self.exact_slot_actions, self._exact_frame_actions = {}, {}, {}, []
        schema = self._hub.project.schema
        for frame_type in schema.frames:
            action = self._action(f"New {frame_type.en} from Selection", lambda t=frame_type.name: self.create_frame(t), frame_type.key,
                                  self._host.window())
            action.setIcon(swatch(frame_type.color))
            self.frame_actions[frame_type.name] = action
            if frame_type.key:
                self._exact_frame_actions.append(self._action(f"New {frame_type.en}, exact selection",
                                                        lambda t=frame_type.name: self.create_frame(t, exact=True),
                                                        f"Alt+{frame_type.key}", self._host.window()))
        keys = sorted({slot.key for frame_type in schema.frames for slot in frame_type.slots if slot.key})
        for key in keys:
            self.slot_actions[key] = self._action(f"Fill Slot {key}", lambda k=key: self.fill_slot_key(k), key, self._view)
            self.exact_slot_actions[key] = self._action(f"Fill Slot {key}, exact selection",
                                                        lambda k=key: self.fill_slot_key(k, exact=True), f"Alt+{key}", self._view)
        separator = QAction(self._menu)
        separator.setSeparator(True)
        self._menu_items = [*self.frame_actions.values(), separator, *self.slot_actions.values()]
        self._menu.insertActions(self.source_action, self._menu_items)
        self._update_actions()

    def _action(self, text: str, slot: Callable[[], object], key: str | None, host: QWidget) -> QAction:
        """A window-wide key when ``host`` is the window, else one that acts only in ``host``."""
        context = Qt.ShortcutContext.WindowShortcut if host is self._host.window() else Qt.ShortcutContext.WidgetWithChildrenShortcut
        return key_action(host, text, slot, [key], context)

    def menu(self) -> QMenu:
        """The Frames menu: new frames, slot keys, the source quote, attributes, delete."""
        return self._menu

    def _update_actions(self) -> None:
        frame = self.frame()
        definition = None if frame is None else self._hub.project.schema.frame(frame.type)
        for key, action in self.slot_actions.items():
            slot = None if definition is None else next((s for s in definition.slots if s.key == key), None)
            action.setText(f"Fill {slot.en}" if slot else f"Fill Slot {key}")
            action.setEnabled(slot is not None)
            self.exact_slot_actions[key].setEnabled(slot is not None)
        for action in (self.source_action, self.edit_action, self.delete_action, self.delete_button):
            action.setEnabled(frame is not None)
        self.source_action.setEnabled(definition is not None and any(slot.frames for slot in definition.slots))

    # --- state --------------------------------------------------------------------

    def frame(self) -> Frame | None:
        """The selected frame, as last read from the project."""
        return None if self._selected is None else self._frames.get(self._selected)

    def frame_id(self) -> int | None:
        return self._selected

    def armed_slot(self) -> str | None:
        return self._armed

    def select_frame(self, frame_id: int | None, *, scroll: bool = False) -> None:
        """Select one of the listed frames of the open document (None leaves frame mode)."""
        if frame_id is not None and frame_id not in self._frames:
            frame_id = None
        changed = frame_id != self._selected
        self._selected = frame_id
        self._armed = None
        self._show()
        if frame_id is not None:
            dock = self.parentWidget()
            if isinstance(dock, QDockWidget):
                dock.raise_()
            if scroll:
                self._scroll_to(self._frames[frame_id])
        if changed:
            self.frameSelected.emit(frame_id)

    def show_frame(self, document_id: str, frame_id: int) -> None:
        """Open the document (if another is open) and select the frame there, scrolled into view."""
        if self._document is None or self._document.id != document_id:
            self._host.open_document(document_id)
        self.select_frame(frame_id, scroll=True)

    def arm_slot(self, slot: str | None) -> None:
        """Mark a slot of the selected frame as the one a clicked span fills."""
        frame = self.frame()
        if frame is None:
            return
        self._armed = slot
        self._show_slots()
        if slot is not None:
            name = self._hub.project.schema.frame(frame.type).slot(slot).en
            self._say(f"Click a span to fill {name}, or select text and press its key")

    # --- editing ------------------------------------------------------------------

    def create_frame(self, frame_type: str, exact: bool = False) -> OpResult | None:
        """A frame of ``frame_type`` from the selection (or the clicked span); it becomes selected."""
        document = self._document
        if document is None:
            return None
        definition = self._hub.project.schema.frame(frame_type)
        target = self._target(exact)
        if target is None:
            self._say(f"Select the {definition.slot(definition.anchor).en.lower()} first, then press {definition.key or 'the frame key'}")
            return None
        annotator = self._hub.annotator
        result = self._hub.perform(lambda p: create_frame_from_selection(p, document.id, annotator, frame_type, *target), self)
        if result is not None:
            self._view.clear_selection()
            self._view.select_span(None)
            self.select_frame(result.ids[0])
        return result

    def fill_slot_key(self, key: str, exact: bool = False) -> OpResult | None:
        """The digit ``key``: fill that slot of the selected frame, or arm it when nothing is selected."""
        frame = self.frame()
        slot = None if frame is None else next((s for s in self._hub.project.schema.frame(frame.type).slots if s.key == key), None)
        return None if slot is None else self.fill_slot(slot.name, exact)

    def fill_slot(self, slot: str, exact: bool = False) -> OpResult | None:
        """Fill ``slot`` with the selected text, else with the clicked span, else arm it."""
        frame = self.frame()
        if frame is None:
            return None
        selection = self._view.selection()
        if selection is not None:
            target = self._target(exact)
            if target is None:
                return None
            return self._perform_fill(lambda p: fill_slot_from_selection(p, frame.id, slot, *target))
        span_id = self._view.selected_span()
        if span_id is not None and span_id in self._host.marks():
            return self.fill_slot_with(slot, span_id)
        self.arm_slot(slot)
        return None

    def fill_slot_with(self, slot: str, span_id: int) -> OpResult | None:
        """Fill ``slot`` with an existing span: itself when the slot takes its label and it
        is the annotator's, else a span of the slot's label at the same offsets."""
        frame = self.frame()
        if frame is None:
            return None
        span = self._hub.project.span(span_id)
        slot_type = self._hub.project.schema.frame(frame.type).slot(slot)
        if span.annotator == frame.annotator and span.label in slot_type.labels:
            return self._perform_fill(lambda p: fill_slot_with_span(p, frame.id, slot, span_id))
        return self._perform_fill(lambda p: fill_slot_from_selection(p, frame.id, slot, span.start, span.end))

    def fill_slot_with_frame(self, slot: str, filler_id: int) -> OpResult | None:
        """Fill a slot that takes frames (a claim's SOURCE) with another frame (a quote)."""
        frame = self.frame()
        if frame is None:
            return None
        return self._perform_fill(lambda p: p.add_slot_filler(frame.id, SlotFiller(slot, frame_id=filler_id)))

    def _perform_fill(self, operation: Callable[[Project], OpResult]) -> OpResult | None:
        result = self._hub.perform(operation, self)
        if result is not None:
            self._view.clear_selection()
            self._view.select_span(None)
            self._armed = None
            self._show_slots()
        return result

    def clear_slot(self, slot: str) -> OpResult | None:
        """Remove every filler of ``slot`` from the selected frame (one undo step; spans stay)."""
        frame = self.frame()
        if frame is None:
            return None
        if not any(filler.slot == slot for filler in frame.fillers):
            return None
        return self._hub.perform(lambda p: p.clear_slot(frame.id, slot), self)

    def set_attribute(self, name: str, value: Any) -> OpResult | None:
        frame = self.frame()
        if frame is None:
            return None
        return self._hub.perform(lambda p: p.set_frame_attributes(frame.id, {name: value}), self)

    def follow_count(self) -> OpResult | None:
        """Drop the selected frame's hand-set count: it follows its COUNT slot again."""
        frame = self.frame()
        if frame is None or not frame.overrides:
            return None
        return self._hub.perform(lambda p: p.reset_overrides(frame.id), self)

    def delete_frame(self) -> OpResult | None:
        """Delete the selected frame with its slot-only spans (CUE, TRIGGER...); entity
        spans that filled it stay, they are annotations in their own right."""
        frame = self.frame()
        if frame is None:
            return None
        result = self._hub.perform(lambda p: p.delete_frames([frame.id], with_slot_spans=True), self)
        if result is not None:
            self.select_frame(None)
        return result

    def focus_form(self) -> None:
        widget = self.form.first_widget()
        if self.frame() is not None and widget is not None:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def frame_filler_menu(self, slot_name: str | None = None) -> QMenu | None:
        """A menu of the document's frames that can fill a slot of the selected frame
        (``slot_name``, else the armed slot, else the first that takes frames): for a claim,
        its quotes, the one whose content holds the claim's anchor first. None when the
        frame has no such slot."""
        frame = self.frame()
        if frame is None:
            return None
        definition = self._hub.project.schema.frame(frame.type)
        slots = [slot for slot in definition.slots if slot.frames]
        wanted = slot_name or self._armed
        slot = next((s for s in slots if s.name == wanted), slots[0] if slots else None)
        if slot is None:
            return None
        anchor = self._offsets(frame.filler_spans(definition.anchor))
        candidates = [f for f in self._frames.values() if f.type in slot.frames and f.id != frame.id]
        candidates.sort(key=lambda f: (not self._holds(f, anchor), self._record_start(f.id)))
        menu = QMenu(f"Fill {slot.en} with", self)
        for candidate in candidates:
            action = menu.addAction(self._summary(candidate.id))
            action.triggered.connect(lambda _=False, f=candidate.id, s=slot.name: self.fill_slot_with_frame(s, f))
        if not candidates:
            menu.addAction(f"No {' or '.join(slot.frames)} in this document yet").setEnabled(False)
        return menu

    def choose_frame_filler(self, slot_name: str | None = None) -> QMenu | None:
        """Pop the ``frame_filler_menu`` up over the text with its first entry active, so Enter takes it."""
        menu = self.frame_filler_menu(slot_name)
        if menu is None:
            self._say("The selected frame has no slot that takes another frame")
            return None
        self._filler_menu = menu  # kept while it is shown
        menu.popup(self._view.mapToGlobal(QPoint(self._view.width() // 2, self._view.height() // 3)))
        menu.setActiveAction(menu.actions()[0])
        return menu

    # --- reacting -----------------------------------------------------------------

    def _on_document_shown(self, document: Document | None) -> None:
        self._document = document
        self._reload(keep=False)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.schema:
            self._build_actions()
        if changes.corpus and self._host.document is not self._document:
            self._on_document_shown(self._host.document)  # another project: its document is not shown yet
            return
        if self._document is not None and changes.touches(self._document.id):
            self._reload(keep=True)

    def _reload(self, *, keep: bool) -> None:
        """Read the open document's frames of the current annotator again."""
        project, annotator, document = self._hub.project, self._hub.annotator, self._document
        known = document is not None and annotator in project.annotators()
        self._frames = {f.id: f for f in project.frames(document.id, annotator)} if known else {}  # type: ignore[union-attr]
        records = frame_records(project, annotator, [document.id]) if known else []  # type: ignore[union-attr]
        self._records = {record["id"]: record for record in records}
        previous = self._selected
        if not keep or previous not in self._frames:
            self._selected = None
            self._armed = None
        self._show()
        if previous != self._selected:
            self.frameSelected.emit(self._selected)

    def _on_span_clicked(self, span_id: int) -> None:
        frame = self.frame()
        if frame is not None:
            if self._armed is not None and span_id in self._host.marks():
                self.fill_slot_with(self._armed, span_id)
            return
        owners = [f for f in self._frames.values() if span_id in f.filler_spans_all()]
        if owners:
            anchored = [f for f in owners if span_id in f.filler_spans(self._hub.project.schema.frame(f.type).anchor)]
            self.select_frame((anchored or owners)[0].id)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self.select_frame(item.data(Qt.ItemDataRole.UserRole), scroll=True)
        self._view.setFocus()  # the slot digits act in the text

    def _on_slot_clicked(self, row: int) -> None:
        frame = self.frame()
        if frame is not None:
            slot = self._hub.project.schema.frame(frame.type).slots[row].name
            self.arm_slot(None if slot == self._armed else slot)
            self._view.setFocus()

    def _slot_menu(self, pos: QPoint) -> None:
        frame = self.frame()
        row = self.slot_table.rowAt(pos.y())
        if frame is None or row < 0:
            return
        slot = self._hub.project.schema.frame(frame.type).slots[row]
        menu = QMenu(self)
        menu.addAction(f"Arm {slot.en}", lambda: self.arm_slot(slot.name))
        clear = menu.addAction(f"Clear {slot.en}", lambda: self.clear_slot(slot.name))
        clear.setEnabled(any(f.slot == slot.name for f in frame.fillers))
        if slot.frames:
            menu.addAction(f"Fill {slot.en} with a Quote…", lambda: self.choose_frame_filler(slot.name))
        menu.exec(self.slot_table.viewport().mapToGlobal(pos))

    # --- showing ------------------------------------------------------------------

    def _show(self) -> None:
        self._show_list()
        self._show_slots()
        frame = self.frame()
        schema = self._hub.project.schema
        self.form.setVisible(frame is not None)
        if frame is not None:
            definition = schema.frame(frame.type)
            self.title.setText(f"#{frame.id}  {definition.en} · {isolate(definition.ar)}")
            self.form.set_frame(definition, self._records[frame.id]["attributes"])
        self.delete_button.setVisible(frame is not None)
        self.override_note.setVisible(frame is not None and bool(frame.overrides))
        self.follow_button.setVisible(self.override_note.isVisibleTo(self))
        self.override_note.setText("Count set by hand: kept when COUNT changes")
        if frame is None:
            self.title.setText("No frame selected")
        keys = " · ".join(f"{t.key} {t.en.lower()}" for t in schema.frames if t.key)
        self.hint.setText(f"{keys} · digits fill slots · F2 attributes · Esc leaves")
        if frame is not None or self._owns_group:
            self._view.set_highlight_group(self._group(frame) if frame is not None else [])
            self._owns_group = frame is not None
        self._update_actions()

    def _show_list(self) -> None:
        with QSignalBlocker(self.frame_list):
            self.frame_list.clear()
            for frame_id in sorted(self._frames, key=self._record_start):
                item = QListWidgetItem(swatch(self._hub.project.schema.frame(self._frames[frame_id].type).color), self._summary(frame_id))
                item.setToolTip(self._summary(frame_id, 10 * SUMMARY_LENGTH))
                item.setData(Qt.ItemDataRole.UserRole, frame_id)
                self.frame_list.addItem(item)
                if frame_id == self._selected:
                    item.setSelected(True)
                    self.frame_list.setCurrentItem(item)

    def _show_slots(self) -> None:
        frame = self.frame()
        definition = None if frame is None else self._hub.project.schema.frame(frame.type)
        slots: tuple[SlotType, ...] = () if definition is None else definition.slots
        self.slot_table.setVisible(frame is not None)
        self.slot_table.setRowCount(len(slots))
        for row, slot in enumerate(slots):
            filled = slot_text(self._records[frame.id], slot.name) if frame is not None else ""  # type: ignore[union-attr]
            cells = (slot.key, f"{slot.en}{' *' if slot.required else ''}", filled or "—")
            required = " (required)" if slot.required else ""
            slot_tooltip = markdown_html(slot.guide() + required) if slot.guide() else f"{slot.name} · {slot.ar}{required}"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(slot_tooltip)
                if slot.name == self._armed:
                    item.setBackground(ARMED_COLOR)
                if column == 2 and not filled:
                    item.setForeground(QColor("gray"))
                self.slot_table.setItem(row, column, item)
        self.slot_table.resizeRowsToContents()
        rows = sum(self.slot_table.rowHeight(row) for row in range(len(slots)))
        # every slot stays in sight at once (the dock scrolls the panel when it is short)
        self.slot_table.setMinimumHeight(self.slot_table.horizontalHeader().sizeHint().height() + rows + 2 * self.slot_table.frameWidth())

    def _summary(self, frame_id: int, limit: int = SUMMARY_LENGTH) -> str:
        """"Quotation «قال» — Speaker: زملاء سابقون…": the frame's anchor and first other
        filled slot, the slot's text cut between words to ``limit`` characters (the list
        cuts it again to its width). Each text is isolated in its own direction, so the
        English names, the brackets and the Arabic keep their order and an ellipsis ends
        the Arabic where it is read last, on its left."""
        record = self._records[frame_id]
        definition = self._hub.project.schema.frame(record["frame"])
        parts = [f"{definition.en} «{isolate(shorten(slot_text(record, definition.anchor), 20))}»"]
        for slot in definition.slots:
            text = slot_text(record, slot.name)
            if slot.name != definition.anchor and text:
                parts.append(f"{slot.en}: {isolate(shorten(text.split(JOIN)[0], limit))}")
                break
        return " — ".join(parts)

    def _group(self, frame: Frame) -> list[int]:
        """The spans drawn connected: the frame's fillers and the speakers of the frames filling it."""
        members = frame.filler_spans_all()
        for filler in frame.fillers:
            if filler.frame_id is not None and filler.frame_id in self._frames:
                members += self._frames[filler.frame_id].filler_spans("SPEAKER")
        return members

    def _record_start(self, frame_id: int) -> int:
        """Where a frame starts in the text (its first filler), for document order."""
        starts = [f["start"] for fillers in self._records[frame_id]["slots"].values() for f in fillers if f["start"] is not None]
        return min(starts, default=0)

    def _offsets(self, span_ids: list[int]) -> list[tuple[int, int]]:
        marks = self._host.marks()
        return [(marks[i].start, marks[i].end) for i in span_ids if i in marks]

    def _holds(self, frame: Frame, offsets: list[tuple[int, int]]) -> bool:
        """Whether one of ``frame``'s spans contains all of ``offsets`` (a quote's content holding a claim)."""
        if not offsets:
            return False
        spans = self._offsets(frame.filler_spans_all())
        return any(all(start <= s and e <= end for s, e in offsets) for start, end in spans)

    def _scroll_to(self, frame: Frame) -> None:
        anchor = frame.filler_spans(self._hub.project.schema.frame(frame.type).anchor) or frame.filler_spans_all()
        if anchor and anchor[0] in self._host.marks():
            self._view.flash(anchor[0])

    def _target(self, exact: bool) -> tuple[int, int] | None:
        """The selected text snapped to words (unless ``exact``), else the clicked span's offsets."""
        document = self._document
        selection = self._view.selection()
        if document is None:
            return None
        if selection is not None:
            snapped = snap_selection(document.text, tokens_around(document.text, *selection), *selection, exact=exact)
            if snapped is None:
                self._say("The selection holds no word")
            return snapped
        mark = self._host.marks().get(self._view.selected_span())  # type: ignore[arg-type]
        return None if mark is None else (mark.start, mark.end)

    def _say(self, message: str) -> None:
        self._host.statusBar().showMessage(message, 5000)

