"""Qt table models: thin adapters over the ``Project`` facade, fed through the hub.

``DocumentListModel`` lists the corpus (title, the current annotator's status, their
number of spans; the source and id in the title's tooltip, so the title keeps the
narrow column's room); ``SpanTableModel`` lists the current annotator's spans of the
open document (text and label; the position in the tooltip, the rows being in text
order already). Each keeps a small row cache of frozen values
and refreshes only the rows a ``Changes`` names: a status change repaints one row of
the document list, an edit in the open document reloads that document's spans.

Rows carry their id under ``ID_ROLE`` (document id or span id); the table helpers they
share with every table are in ``tables``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont

from annotator.gui.hub import Hub
from annotator.gui.tables import ID_ROLE, Index, RowsModel, one_line
from annotator.model import Changes, Document, DocumentId, DocumentSummary, Span, Status
from annotator.text import isolate

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
"""The current annotator's ``Status`` value of a document row ("new", "in_progress", "done")."""

STATUS_TEXT = {Status.NEW: "new", Status.IN_PROGRESS: "in progress", Status.DONE: "done"}
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole})
REFRESH_MS = 300
"""How long the keys pause before the document list re-reads the span counts of the rows they changed."""

class DocumentListModel(RowsModel):
    """The corpus seen by the hub's current annotator: the documents assigned to them
    first (in bold), then the others, each part in import order.

    Lazy: opening reads only the ids in list order, the assignments and the annotator's
    statuses (the status filter reads those); a row's title, source and span counts are
    read with its page of ``PAGE`` rows when a view first asks for it, so a project of
    100,000 documents opens without reading 100,000 summaries. An edit's rows are
    statuses are re-read at once, their span counts and assignments once the keys pause
    for ``REFRESH_MS`` (``_refresh_stale``): the list's span count is not what a key
    waits for, nor should a key wait for the count of the key before (counting 20,000
    spans takes a few milliseconds, three times as long on a busy machine).
    """

    COLUMNS = ("Title", "Status", "Spans")
    PAGE = 200

    def __init__(self, hub: Hub, parent: QObject | None = None):
        super().__init__(parent)
        self._hub = hub
        self._row_of: dict[DocumentId, int] = {}
        self._statuses: dict[DocumentId, Status] = {}
        self._assigned: dict[DocumentId, tuple[str, ...]] = {}
        self._pages: dict[int, list[DocumentSummary]] = {}
        self._stale: set[DocumentId] = set()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.timeout.connect(self._refresh_stale)
        self._load()
        hub.changed.connect(self._on_changed)
        hub.annotatorChanged.connect(lambda _name: self._load())

    def _load(self) -> None:
        self.beginResetModel()
        project, me = self._hub.project, self._hub.annotator
        self._assigned = project.assignments()
        ids = project.document_ids()
        self._rows = [d for d in ids if me in self._assigned.get(d, ())] + [d for d in ids if me not in self._assigned.get(d, ())]
        self._row_of = {document_id: row for row, document_id in enumerate(self._rows)}
        self._statuses = project.statuses_of(me)
        self._status_counts = Counter(self._statuses.values())
        self._pages = {}
        self._stale = set()
        self.endResetModel()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.corpus or changes.annotators:
            self._refresh.stop()
            self._load()
            return
        known = sorted(doc for doc in changes.documents if doc in self._row_of)
        if known:
            now = self._hub.project.statuses(known, self._hub.annotator)  # at once: the status filter and "next" use them
            for document_id in known:
                if document_id in self._statuses:
                    self._status_counts[self._statuses[document_id]] -= 1
                self._statuses[document_id] = now.get(document_id, Status.NEW)
                self._status_counts[self._statuses[document_id]] += 1
                self.rows_changed(self._row_of[document_id], self._row_of[document_id])
            self._stale.update(known)
            self._refresh.start(REFRESH_MS)  # again: a key within the pause postpones it

    def _refresh_stale(self) -> None:
        """Re-read the rows edits touched (their span counts, assignments), unless the
        window closed the project meanwhile."""
        stale, self._stale = sorted(self._stale), set()
        if self._hub.project.closed:
            return
        for summary in self._hub.project.documents(stale):
            self._assigned[summary.id] = summary.assigned
            row = self._row_of[summary.id]
            page = self._pages.get(row // self.PAGE)
            if page is not None:
                page[row % self.PAGE] = summary
            self.rows_changed(row, row)

    def summary(self, row: int) -> DocumentSummary:
        """Row ``row``'s summary, read with its page the first time."""
        number = row // self.PAGE
        page = self._pages.get(number)
        if page is None:
            ids = self._rows[number * self.PAGE : (number + 1) * self.PAGE]
            by_id = {summary.id: summary for summary in self._hub.project.documents(ids)}  # read in import order
            page = self._pages[number] = [by_id[document_id] for document_id in ids]
        return page[row % self.PAGE]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == ID_ROLE:
            return self._rows[row]
        if role == STATUS_ROLE:
            return self._statuses.get(self._rows[row], Status.NEW).value
        if role == Qt.ItemDataRole.FontRole and self._hub.annotator in self._assigned.get(self._rows[row], ()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.DisplayRole:
            summary = self.summary(row)
            return (
                one_line(summary.title),
                STATUS_TEXT[self._statuses.get(summary.id, Status.NEW)],
                summary.span_counts.get(self._hub.annotator, 0),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return document_tooltip(self.summary(row))
        return None

    def row_of(self, document_id: str) -> int | None:
        return self._row_of.get(DocumentId(document_id))

    def count(self, status: Status) -> int:
        """How many documents the annotator has marked ``status`` (done, in progress),
        kept as statuses change: the status bar asks after every key, and a COUNT over
        the statuses costs more the more documents are done (3 ms at 100,000)."""
        return self._status_counts[status]


def document_tooltip(summary: DocumentSummary) -> str:
    """"«title» · aljazeera.net · doc-1 · 2,310 characters · assigned to mona, «علي»": the
    title, source and annotator names each isolated, so none pulls its neighbours into
    its own direction."""
    parts = [isolate(one_line(summary.title))] if summary.title else []
    parts += [isolate(summary.source)] if summary.source else []
    parts += [summary.id, f"{summary.length:,} characters"]
    if summary.assigned:
        parts.append("assigned to " + ", ".join(map(isolate, summary.assigned)))
    return " · ".join(parts)


def _order(span: Span) -> tuple[int, int, int]:
    """Where a span's row goes: by start, longer first, then by id (the order of ``Project.spans``)."""
    return (span.start, -span.end, span.id)


class SpanTableModel(RowsModel):
    """The current annotator's spans of one document, by start; the label is editable.

    Editing a label (from the list's combo box) relabels the span through the hub, so
    the change is saved and undoable like a key press in the text.
    """

    COLUMNS = ("Text", "Label")

    def __init__(self, hub: Hub, parent: QObject | None = None):
        super().__init__(parent)
        self._hub = hub
        self._document: Document | None = None
        self._keys: list[tuple[int, int, int]] = []
        """The order of each row's span, parallel to ``_rows``, for bisection."""
        self._order_of: dict[int, tuple[int, int, int]] = {}
        """Each listed span's order, by id: a row is found by bisection, not a scan."""
        self.removing = False
        """True while a row is being removed (the view's current row moves on by itself)."""
        hub.changed.connect(self._on_changed)
        hub.annotatorChanged.connect(lambda _name: self._load())

    @property
    def document(self) -> Document | None:
        return self._document

    def set_document(self, document: Document | None, spans: list[Span] | None = None) -> None:
        """Show ``document``'s spans of the current annotator: ``spans`` when the caller
        has read them already, else read here."""
        self._document = document
        self._load(spans)

    def _load(self, spans: list[Span] | None = None) -> None:
        self.beginResetModel()
        document = self._document
        if spans is None:
            spans = [] if document is None else self._hub.project.spans(document.id, self._hub.annotator)
        self._rows = list(spans)
        self._keys = [_order(span) for span in self._rows]
        self._order_of = {span.id: key for span, key in zip(self._rows, self._keys)}
        self.endResetModel()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self._document is None or not changes.touches(self._document.id):
            return
        changed = changes.changed_spans(self._document.id)
        if changed is None:
            self._load()
        elif changed:
            self._update_rows(changed)

    def _update_rows(self, span_ids: frozenset[int]) -> None:
        """Remove, replace or insert the rows of these spans only (an edit's ``Changes.spans``)."""
        document_id, annotator = self._document.id, self._hub.annotator  # type: ignore[union-attr]
        now = {
            span.id: span
            for span in self._hub.project.spans_by_id(span_ids)
            if span.document_id == document_id and span.annotator == annotator
        }
        for span_id in span_ids:
            row = self.row_of(span_id)
            span = now.get(span_id)
            if row is not None and span is not None and _order(span) == self._keys[row]:
                self._rows[row] = span
                self.rows_changed(row, row)
                continue
            if row is not None:
                self.removing = True
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row], self._keys[row], self._order_of[span_id]
                self.endRemoveRows()
                self.removing = False
            if span is not None:
                row = bisect_left(self._keys, _order(span))
                self.beginInsertRows(QModelIndex(), row, row)
                self._rows.insert(row, span)
                self._keys.insert(row, _order(span))
                self._order_of[span_id] = _order(span)
                self.endInsertRows()

    def labels(self) -> set[str]:
        """The labels of the spans listed."""
        return {span.label for span in self._rows}

    def row_of(self, span_id: int) -> int | None:
        key = self._order_of.get(span_id)
        return None if key is None else bisect_left(self._keys, key)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or self._document is None:
            return None
        span = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(self._label_color(span.label))
        if role not in _TEXT_ROLES:  # the other roles a cell is painted with (font, colours...): a dozen a cell
            return None
        text = self._document.text[span.start : span.end]
        if role == Qt.ItemDataRole.DisplayRole:
            return (one_line(text), span.label)[column]
        if role == Qt.ItemDataRole.EditRole:
            return (text, span.label)[column]
        return self._tooltip(span, one_line(text))

    def _tooltip(self, span: Span, text: str) -> str:
        """"«سوريا» · GPE · Geopolitical entity · «كيان جغرافي سياسي» · 39–44": the words, the
        label in both languages and the position, each part isolated from the next."""
        schema = self._hub.project.schema
        names = [span.label]
        if schema.has_label(span.label):
            label = schema.label(span.label)
            names += [label.en, isolate(label.ar)]
        return " · ".join([isolate(text), *names, f"{span.start}–{span.end}"])

    def _label_color(self, name: str) -> str:
        schema = self._hub.project.schema
        return schema.label(name).color if schema.has_label(name) else "#cccccc"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 1 or index.row() >= len(self._rows):
            return False
        span = self._rows[index.row()]
        if value == span.label:
            return False
        return self._hub.perform(lambda project: project.relabel_spans([span.id], str(value)), self) is not None
