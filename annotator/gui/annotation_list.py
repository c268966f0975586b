"""The annotation list of the open document: the text and label of each span (its
position in the row's tooltip), in text order.

Selecting a row emits ``spanChosen(span_id)`` (the window scrolls the text to the span
and flashes it); ``select_span`` follows a span selected in the text without emitting
back. The label column is edited with a combo box of the schema's labels, which
relabels through ``SpanTableModel.setData`` (saved and undoable at once). Deleting and
the other span actions are the window's actions, shown in the row's context menu.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.hub import Hub
from annotator.gui.models import SpanTableModel
from annotator.gui.palette import swatch
from annotator.gui.tables import ID_ROLE, BidiDelegate, row_table, size_columns


class LabelDelegate(QStyledItemDelegate):
    """A combo box of the schema's entity labels for the label column."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QComboBox(parent)
        for label in self._hub.project.schema.entity_labels:
            editor.addItem(swatch(label.color), label.name, label.name)
        editor.activated.connect(lambda _i: self._commit(editor))
        return editor

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        if editor.findData(current) < 0:
            editor.addItem(current, current)
        editor.setCurrentIndex(editor.findData(current))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AnnotationList(QWidget):
    """A table of the open document's spans for the current annotator."""

    spanChosen = Signal(int)

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = SpanTableModel(hub, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, BidiDelegate(self.table))
        self.table.setItemDelegateForColumn(1, LabelDelegate(hub, self.table))
        edit = QAbstractItemView.EditTrigger
        row_table(self.table, edit.DoubleClicked | edit.SelectedClicked | edit.EditKeyPressed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._hub = hub
        self._fit_columns()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._fit_columns)
        self._selected: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def _fit_columns(self) -> None:
        """The label column as wide as the longest label name in the document, so none is
        cut; measured once a document, not on every key, and the text keeps the rest."""
        metrics = self.table.fontMetrics()
        names = self.model.labels() or {"QUANTITY"}
        size_columns(self.table, ["■ " + max(names, key=metrics.horizontalAdvance)])

    def add_row_actions(self, actions: list[QAction]) -> None:
        """Actions offered in a row's context menu (delete, relabel, annotate all)."""
        self.table.addActions(actions)

    def selected_span(self) -> int | None:
        return self._selected

    def select_span(self, span_id: int | None) -> None:
        """Show ``span_id`` as the current row (or none) without emitting ``spanChosen``."""
        self._selected = span_id
        row = None if span_id is None else self.model.row_of(span_id)
        with QSignalBlocker(self.table.selectionModel()):
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self.table.viewport().update()

    def _restore_selection(self) -> None:
        self.select_span(self._selected if self._selected is not None and self.model.row_of(self._selected) is not None else None)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        span_id = current.data(ID_ROLE) if current.isValid() else None
        self._selected = span_id
        if span_id is not None and not self.model.removing:  # a deleted span's neighbour was not chosen
            self.spanChosen.emit(span_id)
