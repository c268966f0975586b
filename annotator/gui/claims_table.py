"""The claims table: the casualty claims of the open document or of the whole corpus.

Rows are ``annotator.frames.records.claim_row`` values of the current annotator's
CASUALTY_CLAIM frames, in project order and, within a document, in text order (by
trigger). Columns: outcome, count (``format_count``: "2", "≥101", "30–99", "~150"),
victim, perpetrator, place, time, source (several fillers joined by " / ", a quote
shown by its speaker), document (its title). Sorting goes through a
``QSortFilterProxyModel`` on ``SORT_ROLE``: the count column by its numbers (unknown
counts first, then by lower bound, an open upper bound after a closed one), the
document column by project order and position, the others by text.

Refresh: the model keeps its rows grouped by document; a hub change naming documents
re-reads only those documents' claims and replaces their block of rows, so a key press
in one article costs one document's query even while the whole corpus is listed.
Corpus, schema and annotator changes reload everything; a schema without
CASUALTY_CLAIM lists nothing. Clicking a row (or Enter)
emits ``claimChosen(document_id, frame_id)``; the window opens the document there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from annotator.frames.records import CLAIM, claim_rows
from annotator.gui.host import PanelHost
from annotator.gui.hub import Hub
from annotator.gui.tables import ID_ROLE, BidiDelegate, Index, RowsModel, one_line, row_table
from annotator.model import Changes, Document, DocumentId
from annotator.text import isolate


DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The id of the document a claim row belongs to."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
"""What a column sorts by: numbers for the count and the document, else the text."""

FIELDS = ("outcome", "count", "victim", "perpetrator", "place", "time", "source", "document")
"""The ``claim_row`` key each column shows, in column order."""
SHORT_COLUMNS = ("captured", "00000–00000")
"""The widest values of the outcome and count columns, which are never cut."""
TEXT_COLUMNS = (2, 3, 4, 5, 6, 7)
"""Columns holding document text (or titles): they share the width left, each cut
between words when it is too long (``BidiDelegate``), so the table never scrolls
sideways."""
DOCUMENT_COLUMN = 7
BOUND = float(1 << 32)
"""Above any offset and any count: a key ``a * BOUND + b`` sorts by ``a``, then ``b``."""
SCOPES = (("This document", False), ("All documents", True))


class ClaimsTableModel(RowsModel):
    """Claim rows of one document or of the corpus, for the hub's current annotator."""

    COLUMNS = ("Outcome", "Count", "Victim", "Perpetrator", "Place", "Time", "Source", "Document")

    def __init__(self, hub: Hub, parent: QObject | None = None):
        super().__init__(parent)
        self._hub = hub
        self._document: str | None = None
        self._corpus = False
        self._order: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        self._keys: list[int] = []
        """The project order of each row's document, parallel to ``_rows``, for bisection."""
        hub.changed.connect(self._on_changed)
        hub.annotatorChanged.connect(lambda _name: self._load())

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def corpus(self) -> bool:
        return self._corpus

    def set_document(self, document_id: str | None) -> None:
        """The open document (listed while the scope is one document)."""
        self._document = document_id
        if not self._corpus:
            self._load()

    def set_corpus(self, corpus: bool) -> None:
        """List the whole corpus (True) or the open document (False)."""
        if corpus != self._corpus:
            self._corpus = corpus
            self._load()

    def _scope(self) -> list[str]:
        if self._corpus:
            return list(self._order)
        return [self._document] if self._document in self._order else []

    def _claims(self, document_ids: list[str]) -> list[dict[str, Any]]:
        """The claim rows of these documents, grouped by document in project order, by trigger within one."""
        project, annotator = self._hub.project, self._hub.annotator
        has_claims = any(frame.name == CLAIM for frame in project.schema.frames)
        if not document_ids or not has_claims or annotator not in project.annotators():
            return []
        rows = claim_rows(project, annotator, document_ids)
        return sorted(rows, key=lambda row: (self._order[row["document"]], row["start"] is None, row["start"] or 0))

    def _load(self) -> None:
        project = self._hub.project
        if self._corpus:
            self._order = {document_id: n for n, document_id in enumerate(project.document_ids())}
        else:  # one document: no read of every id (100,000 of them take 0.1 s)
            self._order = {document_id: 0 for document_id in project.existing_documents([self._document] if self._document else [])}
        self._titles = {}
        self.beginResetModel()
        self._rows = self._claims(self._scope())
        self._keys = [self._order[row["document"]] for row in self._rows]
        self._read_titles(self._rows)
        self.endResetModel()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.corpus or changes.schema or changes.annotators:
            self._load()
            return
        scope = set(self._scope()) if self._corpus else {self._document}
        for document_id in sorted(set(changes.documents) & scope, key=self._order.__getitem__):  # type: ignore[arg-type]
            self._replace(document_id)

    def _replace(self, document_id: str) -> None:
        """Put a document's claims as they are now in place of its block of rows."""
        new = self._claims([document_id])
        self._read_titles(new)
        key = self._order[document_id]
        first, last = bisect_left(self._keys, key), bisect_right(self._keys, key)
        if len(new) == last - first:
            self._rows[first:last] = new
            if new:
                self.rows_changed(first, last - 1)
            return
        if last > first:
            self.beginRemoveRows(QModelIndex(), first, last - 1)
            del self._rows[first:last], self._keys[first:last]
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows[first:first] = new
            self._keys[first:first] = [key] * len(new)
            self.endInsertRows()

    def _read_titles(self, rows: list[dict[str, Any]]) -> None:
        missing = sorted({row["document"] for row in rows} - self._titles.keys())
        if missing:
            self._titles.update({summary.id: summary.title for summary in self._hub.project.documents(missing)})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        field = FIELDS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "document":
                return one_line(self._titles.get(row["document"], row["document"]))
            return one_line(row[field] or "")
        if role == SORT_ROLE:
            if field == "count":
                low, high = row["count_min"], row["count_max"]
                if low is None and high is None:
                    return -1.0
                return (low or 0) * BOUND + (BOUND - 1 if high is None else high)
            if field == "document":
                return self._keys[index.row()] * BOUND + (row["start"] or 0)
            return row[field] or ""
        if role == ID_ROLE:
            return row["id"]
        if role == DOCUMENT_ROLE:
            return row["document"]
        if role == Qt.ItemDataRole.ToolTipRole:
            hedged = " · hedged" if row["hedged"] else ""
            return f"{row['document']} · claim {row['id']} by {isolate(row['annotator'])}{hedged}"
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "count":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class ClaimsTable(QWidget):
    """The claims table with its scope switch; ``claimChosen(document_id, frame_id)`` on a click."""

    claimChosen = Signal(str, int)

    def __init__(self, window: PanelHost):
        super().__init__(window.window())
        self._hub = window.hub
        self.model = ClaimsTableModel(window.hub, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setObjectName("claims-table")
        self.table.setModel(self.proxy)
        row_table(self.table)
        self.table.setItemDelegate(BidiDelegate(self.table))
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(SHORT_COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        for column in TEXT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self._choose)
        self.table.activated.connect(self._choose)

        self.scope = QComboBox(self)
        for name, corpus in SCOPES:
            self.scope.addItem(name, corpus)
        self.scope.currentIndexChanged.connect(self._on_scope)
        self.table.setColumnHidden(DOCUMENT_COLUMN, True)  # one document: its title is in every row
        self.count = QLabel(self)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._show_count)
        bar = QHBoxLayout()
        bar.addWidget(self.scope)
        bar.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        window.documentShown.connect(self._on_document_shown)
        self._on_document_shown(window.document)

    def set_corpus(self, corpus: bool) -> None:
        self.scope.setCurrentIndex(self.scope.findData(corpus))

    def _on_scope(self) -> None:
        corpus = self.scope.currentData()
        self.table.setColumnHidden(DOCUMENT_COLUMN, not corpus)
        self.model.set_corpus(corpus)

    def _on_document_shown(self, document: Document | None) -> None:
        self.model.set_document(None if document is None else document.id)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claimChosen.emit(DocumentId(index.data(DOCUMENT_ROLE)), index.data(ID_ROLE))

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(f"{n} claim{'s' if n != 1 else ''} by {isolate(self._hub.annotator)}")
