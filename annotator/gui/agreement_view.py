"""The agreement view (Review > Agreement).

The agreement view: tick the annotators to compare (everyone but gold at first), press
Compute, and the measures of ``annotator.agreement.compute`` fill its tables: per pair
token κ, span P/R/F1 exact and overlap, span counts and the documents both coded (a
pair's measures are over those); per label the same for the pair
selected above, and its quotations and claims (frames matched by their anchors, slot
F1, attribute agreement); overall Fleiss' κ and Krippendorff's α. Numbers have three decimals; an
undefined measure (``None`` in the report) shows "—" and its tooltip says why. The
summary says who coded the documents when not everyone did (``report.coverage``).

Documents: those the report compared (done by two or more chosen annotators, or every
document with "All documents"), each with its review (``review_document``) between its
coders: its disagreement
groups, how many are decided, how many agreed groups are in gold, and its own Fleiss' κ;
most disagreements first, then lowest κ, then project order. Double-click one to review
it between its coders (``review_view``). A row follows every change of its document (a decision in the
review) at once; the overall measures are a snapshot until Compute is pressed again, or
until others commit (another annotator marks a document done, a CLI import): then they
are computed again by themselves.

Layout: the pairs across the whole window, as tall as their rows; below, the labels and
frames of the selected pair beside the documents where both tables fit whole (1366
pixels), else above them (1024), so no table hides measures behind a sideways scroll.

Below the documents, the entity model's held-out F1 over time (every ``annotator
train``, oldest first), refreshed with each Compute.

Threads: the computation (``annotator.review.documents.measure_documents``) runs in a
``jobs.Job`` on its own connection, with progress and Cancel, and hands back frozen values.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.compute import PairAgreement
from annotator.agreement.report import UNEVEN, coverage
from annotator.agreement.spans import PRF
from annotator.gui.hub import OTHERS, Hub
from annotator.learning.models import model_history
from annotator.gui.jobs import Job, start_job
from annotator.gui.review_view import ReviewWindow, show_review
from annotator.gui.tables import ID_ROLE, Cell, CellTableModel, Row, one_line, read_only_table
from annotator.gui.titles import window_title
from annotator.model import GOLD, Changes
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.text import isolate
from annotator.review.documents import AgreementResult, DocumentAgreement, measure_document, measure_documents
from annotator.wording import counted

UNDEFINED = "—"
MEASURE_COLUMNS = ("Token κ", "Exact P", "Exact R", "Exact F1", "Overlap P", "Overlap R", "Overlap F1", "Spans A", "Spans B")
PAIR_COLUMNS = ("Pair", *MEASURE_COLUMNS, "Documents")
LABEL_COLUMNS = ("Label", *MEASURE_COLUMNS)
DOCUMENT_COLUMNS = ("Document", "Disagreements", "Decided", "Agreed in gold", "Fleiss κ", "Frames")
PAIR_ROWS_SHOWN = 6
"""The pairs of four annotators; more scroll."""
FRAME_COLUMNS = ("Frame · slot · attribute", "P", "R", "F1", "Frames A", "Frames B", "Agreement", "κ / α")


# --- why a measure is undefined -----------------------------------------------------


def no_documents_reason(include_all: bool, annotators: int = 2) -> str:
    if include_all:
        return "the project has no documents to compare"
    who = "every chosen annotator" if annotators == 2 else "two or more chosen annotators"
    return f"no document is marked done by {who} (tick “All documents” to compare every document)"


def kappa_reason(result: AgreementResult, who: str, label: str | None = None, pair: PairAgreement | None = None) -> str:
    """Why a token κ is undefined: nothing compared (by the ``pair``), or agreement expected by chance is 1."""
    report = result.report
    if len(report.annotators) < 2:
        return "choose at least two annotators"
    if not report.document_ids:
        return no_documents_reason(result.include_all, len(report.annotators))
    if pair is not None and not pair.documents:
        return f"{pair.a} and {pair.b} marked no document done in common"
    if not (report.tokens if pair is None else pair.tokens):
        return "the compared documents have no tokens"
    if label is None:
        return f"{who} gave every token one and the same label, so chance agreement is 1"
    return f"{who}: {label} is on no token (or on every token) of both, so chance agreement is 1"


def measure(value: float | None, reason: str) -> Cell:
    if value is None:
        return Cell(UNDEFINED, f"Undefined: {reason}", None, number=True)
    return Cell(f"{value:.3f}", "", value, number=True)


def prf_cells(prf: PRF, a: str, b: str, what: str) -> list[Cell]:
    """Precision, recall and F1 of ``b`` against reference ``a``, each undefined one explained."""
    no_b = f"{b} has no {what}, so there is nothing to take a precision of"
    no_a = f"{a} has no {what}, so there is nothing to take a recall of"
    f1 = "F1 needs precision and recall; " + (no_b if prf.precision is None else no_a)
    return [measure(prf.precision, no_b), measure(prf.recall, no_a), measure(prf.f1, f1)]


def measure_row(key: object, name: Cell, kappa: Cell, exact: PRF, overlap: PRF, a: str, b: str, what: str) -> Row:
    counts = [Cell(str(exact.tp + exact.fn), value=exact.tp + exact.fn, number=True),
              Cell(str(exact.tp + exact.fp), value=exact.tp + exact.fp, number=True)]
    return Row(key, (name, kappa, *prf_cells(exact, a, b, what), *prf_cells(overlap, a, b, what), *counts))


def pair_rows(result: AgreementResult) -> list[Row]:
    """A row per pair, its measures over the documents both coded, counted in the last column."""
    rows = []
    for pair in result.report.pairs:
        row = measure_row(
            (pair.a, pair.b),
            Cell(f"{isolate(pair.a)} / {isolate(pair.b)}", f"{pair.a} is the reference and {pair.b} the prediction: "
                                         f"precision is the share of {pair.b}'s spans that {pair.a} has too"),
            measure(pair.token_kappa, kappa_reason(result, f"{pair.a} and {pair.b}", pair=pair)),
            pair.span_exact, pair.span_overlap, pair.a, pair.b, "spans",
        )
        documents = Cell(str(pair.documents), f"the pair's measures are over the {counted(pair.documents, 'document')} both "
                                              f"{pair.a} and {pair.b} marked done ({counted(pair.tokens, 'token')})",
                         pair.documents, number=True)
        rows.append(Row(row.key, (*row.cells, documents)))
    return rows


def label_rows(result: AgreementResult, project: Project, a: str, b: str) -> list[Row]:
    pair = result.report.pair(a, b)
    schema = project.schema
    rows = []
    for name, value in pair.per_label.items():
        label = schema.label(name) if schema.has_label(name) else None
        title = Cell(name, "" if label is None else f"{label.en} · {label.ar}")
        kappa = measure(value.token_kappa, kappa_reason(result, f"{a} and {b}", name, pair))
        rows.append(measure_row(name, title, kappa, value.span_exact, value.span_overlap, a, b, f"{name} spans"))
    return rows


def frame_rows(result: AgreementResult, project: Project, a: str, b: str) -> list[Row]:
    """Per frame type of the pair: frames matched by their anchors, then each slot's F1 and
    each attribute's agreement over the matched frames (the JSON report's ``frames``)."""
    pair = result.report.pair(a, b)
    schema = project.schema
    empty = Cell("")
    rows = []
    for name, frames in pair.frames.items():
        title = next((frame_type.en for frame_type in schema.frames if frame_type.name == name), name)
        counts = [Cell(str(n), value=n, number=True) for n in (frames.frames_a, frames.frames_b)]
        rows.append(Row(name, (Cell(title, f"{name}: frames matched one to one by overlapping anchors"),
                               *prf_cells(frames.matching, a, b, f"{name} frames"), *counts, empty, empty)))
        for slot, prf in frames.slots.items():
            rows.append(Row((name, slot), (Cell(f"    {slot}", f"the {slot} fillers of the matched frames, matched by overlap"),
                                           *prf_cells(prf, a, b, f"{slot} fillers"), empty, empty, empty, empty)))
            rows.append(Row((name, slot, "exact"), (
                Cell(f"    {slot} exact", f"the {slot} fillers of the matched frames, matched only with the same start and end"),
                *prf_cells(frames.slots_exact[slot], a, b, f"{slot} fillers"), empty, empty, empty, empty)))
        if frames.counts is not None:
            rows.append(Row((name, "count interval"), (
                Cell("    count interval", f"{frames.counts.pairs} matched frames where either gave a count: "
                                           "the share whose minimum and maximum (open or not) are both equal"),
                empty, empty, empty, empty, empty,
                measure(frames.counts.interval_agreement, "no matched frame where either gave a count"), empty,
            )))
        for attribute, value in frames.attributes.items():
            coefficient = "Krippendorff's α (interval)" if value.level == "interval" else "Cohen's κ"
            none = f"no matched frame where both gave {attribute}" if not value.pairs else "all values alike, so chance agreement is 1"
            rows.append(Row((name, attribute), (
                Cell(f"    {attribute}", f"{value.pairs} matched frames where both gave {attribute}; {coefficient}"),
                empty, empty, empty, empty, empty,
                measure(value.agreement, f"no matched frame where both gave {attribute}"),
                measure(value.coefficient, none),
            )))
    return rows


def document_row(result: AgreementResult, document: DocumentAgreement) -> Row:
    p = document.progress
    if document.annotators < 2:
        reason = "choose at least two annotators"
    elif not document.tokens:
        reason = "the document has no tokens"
    else:
        reason = "everyone gave every token of this document the same label, so chance agreement is 1"
    return Row(document.document_id, (
        Cell(one_line(document.title) or document.document_id, f"{document.document_id} · double-click to review"),
        Cell(str(p.disagreements), f"{p.disagreements} disagreement groups, {p.agreed} agreed groups", p.disagreements, number=True),
        Cell(f"{p.decided} / {p.disagreements}", "disagreements decided", p.decided, number=True),
        Cell(f"{p.agreed_decided} / {p.agreed}", "agreed groups accepted into gold", p.agreed_decided, number=True),
        measure(document.fleiss_kappa, reason),
        Cell(str(document.frame_disagreements), "quotations and claims where the annotators differ (F9 in the review)",
             document.frame_disagreements, number=True),
    ))


FIRST_COLUMN_WIDTH = 80
"""What a table's stretched first column (a label, a document's title, cut between words) needs at least."""


def whole_width(table: QTableView) -> int:
    """The width ``table`` shows every column in: the sized columns, ``FIRST_COLUMN_WIDTH``
    for the stretched first, a vertical scroll bar and the frame."""
    header = table.horizontalHeader()
    sized = sum(header.sectionSize(column) for column in range(1, header.count()))
    return FIRST_COLUMN_WIDTH + sized + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()


# --- the window ---------------------------------------------------------------------


class AgreementWindow(QWidget):
    """Pick annotators, compute agreement off the GUI thread, read it, open reviews."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.hub = hub
        self.job: Job | None = None
        self.result: AgreementResult | None = None
        self.setWindowTitle(window_title("Agreement"))

        self.annotator_list = QListWidget(self)
        self.annotator_list.setFlow(QListWidget.Flow.LeftToRight)
        self.annotator_list.setMaximumHeight(self.fontMetrics().height() * 2 + 12)
        self.all_documents = QCheckBox("All documents (not only those marked done)", self)
        self.all_documents.setToolTip(
            "Every document, each coded by every chosen annotator (unannotated text counts as agreed O); without it, "
            "the documents two or more chosen annotators marked done, each pair over those both marked done"
        )
        self.ignore_proclitics = QCheckBox("Ignore proclitics", self)
        self.ignore_proclitics.setToolTip(
            "Span starts that differ only by a proclitic (ل⟦حماس⟧ / ⟦لحماس⟧) count as agreement, "
            "as agreement --ignore-proclitics"
        )
        self.compute_button = QPushButton("Compute", self)
        self.summary_label = QLabel("Choose annotators and press Compute", self)
        self.fleiss_label = QLabel(self)
        self.alpha_label = QLabel(self)
        self.label_heading = QLabel("Per label", self)
        self.message_label = QLabel(self)
        self.model_label = QLabel(self)
        self.model_label.setWordWrap(True)
        self.pairs = CellTableModel(PAIR_COLUMNS, self)
        self.labels = CellTableModel(LABEL_COLUMNS, self)
        self.documents = CellTableModel(DOCUMENT_COLUMNS, self)
        self.frames = CellTableModel(FRAME_COLUMNS, self)
        self.frame_heading = QLabel("Quotations and claims", self)
        samples = [f"{name}  " for name in MEASURE_COLUMNS]
        self.pair_table = read_only_table(self.pairs, self, [*samples, f"{PAIR_COLUMNS[-1]}  "])
        self.label_table = read_only_table(self.labels, self, samples)
        self.frame_table = read_only_table(self.frames, self, ["0.000  "] * 3 + [f"{name}  " for name in FRAME_COLUMNS[4:]])
        self.document_table = read_only_table(self.documents, self, [f"{name}  " for name in DOCUMENT_COLUMNS[1:]])
        self._build_layout()
        self.fill_annotators()
        self.show_model_history()

        self.compute_button.clicked.connect(self.compute)
        self.pair_table.selectionModel().currentRowChanged.connect(self._on_pair)
        self.document_table.activated.connect(self._on_document_activated)
        hub.changed.connect(self._on_changed)
        if parent is not None:
            parent.installEventFilter(self)  # its closing ends a computation first
        self.resize(1400, 760)

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Annotators:", self))
        controls.addWidget(self.annotator_list, 1)
        controls.addWidget(self.all_documents)
        controls.addWidget(self.ignore_proclitics)
        controls.addWidget(self.compute_button)
        overall = QHBoxLayout()
        overall.addWidget(self.fleiss_label)
        overall.addSpacing(24)
        overall.addWidget(self.alpha_label)
        overall.addStretch(1)
        measures = QWidget(self)
        left = QVBoxLayout(measures)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.label_heading)
        left.addWidget(self.label_table, 3)
        left.addWidget(self.frame_heading)
        left.addWidget(self.frame_table, 2)
        documents = QWidget(self)
        right = QVBoxLayout(documents)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("Documents, most disagreements first (double-click to review)", self))
        right.addWidget(self.document_table, 1)
        right.addWidget(self.model_label)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(measures)
        splitter.addWidget(documents)
        splitter.setSizes([820, 580])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary_label)
        layout.addLayout(overall)
        layout.addWidget(QLabel("Pairs (first annotator the reference), each over the documents both marked done", self))
        layout.addWidget(self.pair_table)  # the whole width: two names and ten figures a row, at 1024 pixels too
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        self._fit_pairs()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The labels and the documents side by side where both tables fit whole, else one
        above the other (a 1024-pixel screen): a table scrolled sideways hides measures."""
        super().resizeEvent(event)
        needs = [whole_width(self.label_table), whole_width(self.document_table)]
        margins = self.layout().contentsMargins()
        wide = event.size().width() >= sum(needs) + margins.left() + margins.right() + self.splitter.handleWidth()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.splitter.setSizes(needs if wide else [3, 2])  # scaled to the splitter's size

    def _fit_pairs(self) -> None:
        """The pairs table as tall as its rows (``PAIR_ROWS_SHOWN`` at most, then it scrolls),
        so that with three annotators or four every pair is in sight."""
        table = self.pair_table
        rows = min(max(self.pairs.rowCount(), 1), PAIR_ROWS_SHOWN)
        height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(height + 2 * table.frameWidth())

    def fill_annotators(self) -> None:
        """Every annotator but gold who has annotated anything (the core's default: not the
        lead who only looks), ticked unless it was unticked before."""
        unticked = {
            item.text() for item in map(self.annotator_list.item, range(self.annotator_list.count()))
            if item.checkState() != Qt.CheckState.Checked
        }
        self.annotator_list.clear()
        for name in self.hub.project.annotators_at_work():
            if name == GOLD:
                continue
            item = QListWidgetItem(name, self.annotator_list)
            item.setCheckState(Qt.CheckState.Unchecked if name in unticked else Qt.CheckState.Checked)

    def chosen_annotators(self) -> list[str]:
        items = map(self.annotator_list.item, range(self.annotator_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_chosen_annotators(self, names: Sequence[str]) -> None:
        for item in map(self.annotator_list.item, range(self.annotator_list.count())):
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    # --- computing ----------------------------------------------------------------

    def compute(self) -> Job | None:
        """Measure the chosen annotators on a worker thread; the tables fill when it ends."""
        if self.job is not None:
            return None
        names, include_all = self.chosen_annotators(), self.all_documents.isChecked()
        ignore_proclitics = self.ignore_proclitics.isChecked()

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> AgreementResult:
            return measure_documents(project, names, include_all=include_all, ignore_proclitics=ignore_proclitics,
                                     progress=progress, should_cancel=should_cancel)

        self.compute_button.setEnabled(False)
        self.message_label.setText("Computing…")
        self.job = start_job(self, "Computing agreement…", self.hub.project.path, work,
                             self.show_result, self.message_label.setText, self._job_ended)
        return self.job

    def _job_ended(self) -> None:
        self.job = None
        self.compute_button.setEnabled(True)

    def show_result(self, result: AgreementResult) -> None:
        if self.hub.project.closed:  # the main window closed: it stopped the computation, whose result was on its way
            return
        self.result = result
        report = result.report
        coded = coverage(report)
        self.summary_label.setText(
            f"{', '.join(map(isolate, report.annotators)) or 'no annotators'}: {counted(len(report.document_ids), 'document')}"
            + (f" ({coded})" if coded else "") + f", {counted(report.tokens, 'token')}"
            + ("; proclitics ignored" if report.proclitics == "ignored" else "")
        )
        for label, name, value in (
            (self.fleiss_label, "Fleiss' κ", report.fleiss_kappa),
            (self.alpha_label, "Krippendorff's α", report.krippendorff_alpha),
        ):
            uneven = report.uneven and label is self.fleiss_label
            cell = measure(value, UNEVEN if uneven else kappa_reason(result, "everyone"))
            label.setText(f"{name}: {cell.text}")
            label.setToolTip(cell.tooltip)
        self.pairs.set_rows(pair_rows(result))
        self._fit_pairs()
        self.labels.set_rows([])
        self.frames.set_rows([])
        self.label_heading.setText("Per label")
        self.frame_heading.setText("Quotations and claims")
        if report.pairs:
            self.pair_table.selectRow(0)
        self.documents.set_rows(document_row(result, document) for document in result.documents)
        self.message_label.setText("" if report.document_ids else
                                   f"Nothing compared: {no_documents_reason(result.include_all, len(report.annotators))}")
        self.show_model_history()

    def show_model_history(self) -> None:
        """The entity model's held-out F1 over time, oldest first (``learning.models.model_history``)."""
        history = model_history(self.hub.project)
        steps = " → ".join(f"{m['f1']:.2f} (model {m['model']}, {m['created'][:10]}, {m['layer']})" for m in history)
        self.model_label.setText(f"Entity model, held-out F1 over time: {steps}" if history else
                                 "No entity model yet (Model > Train Entity Model)")

    def _on_pair(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.result is None or not current.isValid():
            return
        a, b = current.data(ID_ROLE)
        self.label_heading.setText(f"Per label: {isolate(a)} (reference) / {isolate(b)}")
        self.labels.set_rows(label_rows(self.result, self.hub.project, a, b))
        self.frame_heading.setText(f"Quotations and claims: {isolate(a)} (reference) / {isolate(b)}")
        self.frames.set_rows(frame_rows(self.result, self.hub.project, a, b))

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.annotators or changes.corpus:
            self.fill_annotators()
        if self.result is None:
            return
        if initiator is OTHERS:  # an annotator marked a document done, or another process wrote
            self.compute()
            return
        if changes.corpus:
            self.result = None
            for model in (self.pairs, self.labels, self.documents):
                model.set_rows([])
            self.summary_label.setText("The corpus changed: press Compute")
            return
        shown = set(self.documents.keys())
        for document_id in changes.documents & shown:
            self.documents.replace_row(document_row(self.result, self._document_agreement(document_id)))

    def _document_agreement(self, document_id: str) -> DocumentAgreement:
        report = self.result.report  # type: ignore[union-attr]
        return measure_document(self.hub.project, document_id, report.coders_of(document_id), report.labels)

    def _on_document_activated(self, index: QModelIndex) -> None:
        self.open_review(index.data(ID_ROLE))

    def open_review(self, document_id: str) -> ReviewWindow | None:
        """Review a listed document between the annotators the report measured it between."""
        annotators = None if self.result is None else self.result.report.coders_of(document_id)
        return show_review(self.parentWidget() or self, self.hub, document_id, annotators)

    def stop(self) -> None:
        """Cancel a running computation and wait for its thread, which must not outlive the window."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.stop()
        return False


def show_agreement(host: QWidget, hub: Hub) -> AgreementWindow:
    """The agreement window of ``host`` (made, and computed, on first use), brought to the front."""
    window = host.findChild(AgreementWindow)
    if window is None:
        window = AgreementWindow(hub, host)
        window.compute()
    else:
        window.fill_annotators()  # who has annotated since: edits do not announce new annotators
    window.show()
    window.raise_()
    window.activateWindow()
    return window
