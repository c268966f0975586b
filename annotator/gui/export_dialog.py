"""File > Export… (Ctrl+Shift+E): training data as CoNLL or JSONL, the export command's
choices in a dialog.

The fields are ``annotator.export.ExportOptions``: the format; whose annotations (an
annotator, or ``gold``, the adjudicated layer); the documents (those the annotator marked
done, or all); the labels (checked in a list; changing the format checks that format's
default again: CoNLL the entity labels, JSONL every label); the tag scheme (CoNLL only);
clitic splitting; a split by document into train / dev / test (a part of 0 is left out)
with its seed; the output file. Under them one line says what the choices will write, from
``plan_export`` (the same checks the export makes: an annotator with nothing done, an empty
label list, fractions that do not sum to 1, the project file as output...); Export is
enabled only while that line is not an error.

Export closes the dialog and runs ``export_project`` as a ``jobs.Job`` on its own
connection, with progress and Cancel (a cancelled export writes no file). Its report is
shown as the CLI prints it (``ExportReport.lines()``, ``summary()``), with each span the
export changed, dropped or left out under Show Details.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.connections import is_server_url
from annotator.errors import AnnotatorError, ValidationError
from annotator.export import ExportOptions, ExportPlan, ExportReport, export_project, plan_export
from annotator.export.select import NO_ANNOTATOR
from annotator.export.model import FORMATS
from annotator.export.select import resolve_labels
from annotator.formats.bio import SCHEMES
from annotator.gui.jobs import Job, JobHost, JobReport, REPORT_MS, start_reported_job
from annotator.gui.palette import swatch
from annotator.model import GOLD
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.text import isolate


FORMAT_NAMES = {"conll": "CoNLL: a token and its tag a line", "jsonl": "JSONL: spaCy / Prodigy, with frames",
                "spacy": "spaCy DocBin: for spacy train"}
STATUS_NAMES = {"done": "Those the annotator marked done", "any": "All documents"}
SPLIT_PARTS = (("train", 0.8), ("dev", 0.1), ("test", 0.1))
"""The split's parts and their first fractions; a part set to 0 is left out."""
ERROR_STYLE = "color: #b00020"
REPORT_STYLE = "QLabel#qt_msgbox_label { min-width: 600px; }"
"""Wide enough for a line of the report with its path, which would otherwise wrap."""


class ExportDialog(QDialog):
    """The export's choices; ``accept`` starts the export and closes the dialog."""

    def __init__(self, window: JobHost):
        super().__init__(window.window())
        self.main_window = window
        self.job: Job | None = None
        """The export this dialog started, once Export is pressed."""
        self.setWindowTitle("Export Training Data")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        project = window.project
        self.format_box = QComboBox(self)
        for fmt in FORMATS:
            self.format_box.addItem(FORMAT_NAMES[fmt], fmt)
        self.annotator_box = QComboBox(self)
        for name in project.annotators():
            self.annotator_box.addItem("gold (the adjudicated layer)" if name == GOLD else name, name)
        self.annotator_box.setCurrentIndex(max(self.annotator_box.findData(window.annotator), 0))
        self.status_box = QComboBox(self)
        for status, text in STATUS_NAMES.items():
            self.status_box.addItem(text, status)
        self.labels_list = QListWidget(self)
        for label in project.schema.labels:
            item = QListWidgetItem(swatch(label.color), f"{label.name}  {label.en} · {isolate(label.ar)}", self.labels_list)
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.default_labels_button = QPushButton("Format's Labels", self)
        self.default_labels_button.setToolTip("Check the labels this format exports by default")
        self.scheme_box = QComboBox(self)
        for scheme in SCHEMES:
            self.scheme_box.addItem(scheme.upper(), scheme)
        self.scheme_box.setCurrentIndex(self.scheme_box.findData(ExportOptions().scheme))
        self.clitics_box = QCheckBox("Split proclitics off as tokens (و + رويترز)", self)
        self.split_box = QGroupBox("Split by document", self)
        self.split_box.setCheckable(True)
        self.split_box.setChecked(False)
        self.fractions = {name: self._fraction(value) for name, value in SPLIT_PARTS}
        self.seed_box = QSpinBox(self)
        self.seed_box.setRange(0, 2**31 - 1)
        self.out_edit = QLineEdit(self)
        self.choose_button = QPushButton("Choose…", self)
        self.plan_label = QLabel(self)
        self.plan_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._build_layout()
        self.out_edit.setText(str(self._default_out(self.format())))
        self._connect()
        self.check_format_labels()

    def _fraction(self, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(0, 1)
        box.setDecimals(2)
        box.setSingleStep(0.05)
        box.setValue(value)
        return box

    def _build_layout(self) -> None:
        labels = QWidget(self)
        labels_layout = QVBoxLayout(labels)
        labels_layout.setContentsMargins(0, 0, 0, 0)
        labels_layout.addWidget(self.labels_list)
        labels_layout.addWidget(self.default_labels_button, 0, Qt.AlignmentFlag.AlignLeft)
        split = QHBoxLayout(self.split_box)
        for name, box in self.fractions.items():
            split.addWidget(QLabel(name, self))
            split.addWidget(box)
        split.addSpacing(12)
        split.addWidget(QLabel("seed", self))
        split.addWidget(self.seed_box)
        split.addStretch(1)
        out = QHBoxLayout()
        out.addWidget(self.out_edit, 1)
        out.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Annotations of", self.annotator_box)
        form.addRow("Documents", self.status_box)
        form.addRow("Labels", labels)
        form.addRow("Tag scheme", self.scheme_box)
        form.addRow("Tokens", self.clitics_box)
        form.addRow(self.split_box)
        form.addRow("Output file", out)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.buttons)
        self.resize(620, 640)

    def _connect(self) -> None:
        self.format_box.currentIndexChanged.connect(self._format_changed)
        for box in (self.annotator_box, self.status_box, self.scheme_box):
            box.currentIndexChanged.connect(self.refresh)
        self.labels_list.itemChanged.connect(self.refresh)
        self.default_labels_button.clicked.connect(self.check_format_labels)
        self.clitics_box.toggled.connect(self.refresh)
        self.split_box.toggled.connect(self.refresh)
        for box in (*self.fractions.values(), self.seed_box):
            box.valueChanged.connect(self.refresh)
        self.out_edit.textChanged.connect(self.refresh)
        self.choose_button.clicked.connect(self.choose_out)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # --- the choices --------------------------------------------------------------

    def format(self) -> str:
        return self.format_box.currentData()

    def checked_labels(self) -> list[str]:
        items = (self.labels_list.item(row) for row in range(self.labels_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_checked_labels(self, names: set[str] | frozenset[str]) -> None:
        with QSignalBlocker(self.labels_list):  # one refresh, not one per label
            for row in range(self.labels_list.count()):
                item = self.labels_list.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in names
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.refresh()

    def check_format_labels(self) -> None:
        self.set_checked_labels(resolve_labels(self.main_window.project, None, self.format()))

    def options(self) -> ExportOptions:
        """The choices as the export takes them; a split the core refuses raises its error."""
        annotator = self.annotator_box.currentData()
        split = None
        if self.split_box.isChecked():
            split = tuple((name, box.value()) for name, box in self.fractions.items() if box.value() > 0)
        return ExportOptions(
            format=self.format(),
            annotator=None if annotator == GOLD else annotator,
            gold=annotator == GOLD,
            status=self.status_box.currentData(),
            labels=tuple(self.checked_labels()),
            scheme=self.scheme_box.currentData(),
            segment_clitics=self.clitics_box.isChecked(),
            split=split,
            seed=self.seed_box.value(),
        )

    def out(self) -> Path:
        return Path(self.out_edit.text().strip())

    def plan(self) -> ExportPlan:
        """What Export would write (``plan_export``), or the error that stops it."""
        if not self.out_edit.text().strip():
            raise ValidationError("choose the output file")
        return plan_export(self.main_window.project, self.out(), self.options())

    def refresh(self) -> None:
        """Say what the choices will write, or why they cannot be exported."""
        self.scheme_box.setEnabled(self.format() == "conll")
        try:
            plan = self.plan()
        except AnnotatorError as error:
            self.plan_label.setText(str(error))
            self.plan_label.setStyleSheet(ERROR_STYLE)
            self.export_button.setEnabled(False)
            return
        count = len(plan.document_ids)
        files = ", ".join(path.name for path in plan.paths.values())
        whose = f"annotated by {plan.annotator}" if plan.annotator != NO_ANNOTATOR else "with no spans (no one has annotated them)"
        self.plan_label.setText(
            f"Writes {count} document{'s' * (count != 1)} {whose} "
            f"({len(plan.labels)} label{'s' * (len(plan.labels) != 1)}) to {files} in {self.out().parent}"
        )
        self.plan_label.setStyleSheet("")
        self.export_button.setEnabled(True)

    def _format_changed(self) -> None:
        fmt = self.format()
        other = [f".{name}" for name in FORMATS if name != fmt]
        if self.out().suffix in other:
            self.out_edit.setText(str(self.out().with_suffix(f".{fmt}")))
        self.check_format_labels()

    def _default_out(self, fmt: str) -> Path:
        path = self.main_window.project.path
        beside_project = path != ":memory:" and not is_server_url(path)  # a server project's export goes to the folder
        return (Path(path) if beside_project else Path.cwd() / "export").with_suffix(f".{fmt}")

    def choose_out(self) -> None:
        fmt = self.format()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", str(self.out()), f"{fmt.upper()} files (*.{fmt});;All files (*)"
        )
        if path:
            self.out_edit.setText(path)

    def accept(self) -> None:
        """Start the export if the choices hold (else say why and stay open)."""
        self.refresh()
        if self.export_button.isEnabled():
            self.job = start_export(self.main_window, self.out(), self.options())
            super().accept()


def start_export(window: JobHost, out: Path, options: ExportOptions) -> Job:
    """Export on a worker thread with progress and Cancel; the report is shown when it ends."""

    def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> ExportReport:
        return export_project(project, out, options, progress=progress, should_cancel=should_cancel)

    def exported(report: ExportReport) -> JobReport | None:
        if report.cancelled:
            window.statusBar().showMessage("Export cancelled: no file written", REPORT_MS)
            return None
        text = "\n".join([*report.lines(), *report.warnings(), report.summary()])
        return JobReport(report.summary(), [str(note) for note in report.notes], text, REPORT_STYLE)

    return start_reported_job(window, "Exporting…", "Export", work, exported)


def show_export(window: JobHost) -> ExportDialog:
    """Open the export dialog over the window (window-modal; returns at once)."""
    dialog = ExportDialog(window)
    dialog.open()
    return dialog
