"""The table helpers of every table in the workbench (document list, annotations,
claims, agreement and review).

``RowsModel`` is a flat table over a cached list of rows with named columns;
``CellTableModel`` shows rows of ready-made ``Cell``s (text, tooltip, value for sorting,
alignment) that a view built. ``row_table`` sets a table up as they all are (whole rows
selected one at a time, no row numbers, one line a row), ``BidiDelegate`` lays a cell
out in the direction of its own text (the UI is left to right, titles and spans are
mostly Arabic), ``size_columns`` gives fixed widths instead of measuring every row, and
``read_only_table`` puts the three together. Rows carry what they stand for under
``ID_ROLE``, so views and proxies never depend on row numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QHelpEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from annotator.text import fit, paragraph_direction

ID_ROLE = Qt.ItemDataRole.UserRole
"""What the row stands for: a document id, a span id, a group's offsets."""
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
"""A cell's value before it became text (a measure, a count), for sorting and tests."""
FITTED_KEPT = 4096
"""How many cut cell texts a ``BidiDelegate`` keeps (it forgets them all past that)."""

Index = QModelIndex | QPersistentModelIndex


def one_line(text: str) -> str:
    """A cell shows a span or title on one line."""
    return " ".join(text.split())


class RowsModel(QAbstractTableModel):
    """A flat table over a cached list of rows, with named columns."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def rows_changed(self, first: int, last: int) -> None:
        """Repaint rows ``first..last`` whole: their values were replaced in place."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))


@dataclass(frozen=True)
class Cell:
    text: str
    tooltip: str = ""
    value: Any = None
    number: bool = False
    """Right-aligned, as numbers are."""


@dataclass(frozen=True)
class Row:
    key: Any
    """What the row stands for (a document id, a group's offsets), under ``ID_ROLE``."""
    cells: tuple[Cell, ...]
    dim: bool = False


class CellTableModel(RowsModel):
    """Rows of ready-made cells: the views build the text, this only shows it."""

    def __init__(self, columns: Sequence[str] = (), parent: QObject | None = None):
        super().__init__(parent)
        self.COLUMNS = tuple(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row], columns: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self.COLUMNS = tuple(columns)
        self.endResetModel()

    def replace_row(self, row: Row) -> None:
        """Show ``row`` in place of the row with the same key (a row not shown is ignored)."""
        number = self.row_of(row.key)
        if number is not None:
            self._rows[number] = row
            self.rows_changed(number, number)

    def row_of(self, key: Any) -> int | None:
        return next((number for number, row in enumerate(self._rows) if row.key == key), None)

    def keys(self) -> list[Any]:
        return [row.key for row in self._rows]

    def columns(self) -> tuple[str, ...]:
        return self.COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row = self._rows[index.row()]
        cell = row.cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip or None
        if role == ID_ROLE:
            return row.key
        if role == VALUE_ROLE:
            return cell.value
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and row.dim:
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None


def size_columns(table: QTableView, samples: Sequence[str]) -> None:
    """The first column stretches; column k + 1 is as wide as ``samples[k]``.

    Not ``ResizeToContents``: that measures every row again on every change, which
    costs a tenth of a second per key press in a list of a few thousand rows.
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    metrics = table.fontMetrics()
    for column, sample in enumerate(samples, start=1):
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)


def row_table(
    table: QTableView, edit_triggers: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.NoEditTriggers
) -> QTableView:
    """Set ``table`` up as every table of the workbench: whole rows selected one at a time,
    no row numbers, one line a row; edited only on ``edit_triggers``."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(edit_triggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def read_only_table(model: QAbstractItemModel, parent: QWidget, samples: Sequence[str]) -> QTableView:
    """A read-only ``row_table`` of ``model``, each cell laid out in its text's direction
    and cut between words (``BidiDelegate``), the first column stretched, the others as
    wide as ``samples``."""
    table = QTableView(parent)
    table.setModel(model)
    row_table(table)
    table.setItemDelegate(BidiDelegate(table))
    size_columns(table, samples)
    return table


@lru_cache(maxsize=4096)
def text_direction(text: str) -> Qt.LayoutDirection:
    """A cell's direction, decided as the document view decides a paragraph's
    (``paragraph_direction``: invisible marks and emoji do not count); a cell with no
    letter (a count, a position) stays left to right like the rest of the interface."""
    rtl = paragraph_direction(text, default="ltr") == "rtl"
    return Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight


class BidiDelegate(QStyledItemDelegate):
    """Lays a cell's text out in its own direction (an Arabic title reads right to left,
    right-aligned, as in the document, in a left-to-right UI) and, when it is too long
    for the cell, cuts it between words with "…" at the visual end of the part cut
    (``annotator.text.fit``), not in the middle of a word as Qt's own eliding does."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._fitted: dict[tuple[str, int, str], str] = {}
        """Each text cut to a room in a font: a repaint draws the same cells again (the
        rows of an annotation list below a span added), a millisecond a screen to measure."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.direction = text_direction(option.text)
        if option.text and option.rect.width() > 0:
            key = (option.text, text_room(option), option.font.key())
            fitted = self._fitted.get(key)
            if fitted is None:
                if len(self._fitted) >= FITTED_KEPT:
                    self._fitted.clear()
                metrics, room = option.fontMetrics, key[1]
                fitted = self._fitted[key] = fit(option.text, lambda shown: metrics.horizontalAdvance(shown) <= room)
            option.text = fitted

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        """A cut cell's tooltip starts with its whole text (then the model's tooltip)."""
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            shown = QStyleOptionViewItem(option)
            self.initStyleOption(shown, index)
            whole = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(whole, str) and shown.text != whole:
                QToolTip.showText(event.globalPos(), "\n".join(filter(None, [whole, index.data(Qt.ItemDataRole.ToolTipRole)])), view)
                return True
        return super().helpEvent(event, view, option, index)


def text_room(option: QStyleOptionViewItem) -> int:
    """The width a cell's text is drawn in: the style's text rectangle less its margins."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
    return rect.width() - 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1)
