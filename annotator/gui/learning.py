"""The entity model in the workbench: train in the background, retrain as work gets done,
order the work by need, and record how long each document takes.

- Model > Train Entity Model (Ctrl+Shift+T) trains on the current annotator's finished
  documents (``annotator.learning.train``) on a worker thread with its own connection
  (``jobs.Job``); the window stays usable, a bar in the status bar shows the progress,
  and Model > Cancel Training stops it (nothing is stored). The held-out scores are
  shown when it ends; F7 then suggests entities with the new model.
- Learn as you go: after every N documents the annotator marks done beyond those the
  newest model has seen (setting ``retrainEvery``, default 20; Model > Retrain Every…),
  the window offers to retrain in the background.
- Order by need: with Model > Next Document: Least Certain First on (setting
  ``uncertainOrder``), the next-document key opens the unfinished document the newest
  model is least sure of (``learning.suggest.uncertain_order``) instead of the next in
  the list.
- The lift: each document shown is a work session (``Project.open_work_session``),
  noting whether it had entity suggestions; marking it done ends the session. Model >
  Entity Model Report shows the held-out F1 of each model over time and, per
  annotator, what became of the suggestions and the median seconds per document
  before and after (``learning.lift``), as ``annotator stats`` does.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressBar

from annotator.errors import AnnotatorError
from annotator.gui import dialogs
from annotator.gui.actions import key_action
from annotator.gui.host import PanelHost
from annotator.gui.jobs import REPORT_MS, Job, JobHost
from annotator.learning.lift import model_stats, model_stats_lines
from annotator.learning.models import latest_model, load_model
from annotator.learning.suggest import KIND as ENTITY_KIND
from annotator.learning.suggest import uncertain_order
from annotator.learning.train import TrainOptions, TrainReport, train_model
from annotator.model import Document, DocumentId
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project

TRAIN_KEY = "Ctrl+Shift+T"
DEFAULT_RETRAIN_EVERY = 20


class ModelHost(PanelHost, JobHost, Protocol):
    """The main window as the model's actions use it."""

    settings: QSettings


class EntityModelActions(QObject):
    """Training, retraining offers, the uncertain order and work sessions of one window."""

    def __init__(self, window: ModelHost):
        super().__init__(window.window())
        self._host = window
        self._hub = window.hub
        self.training: Job | None = None
        self.offer_box: QMessageBox | None = None
        self.report_box: QMessageBox | None = None
        self._offered_at = 0
        """Documents done beyond the newest model when retraining was last offered."""
        self.progress = QProgressBar(window.window())
        self.progress.setMaximumWidth(160)
        self.progress.setFormat("training %p%")
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)

        parent = window.window()
        self.train_action = key_action(parent, "Train Entity Model", self.train, [TRAIN_KEY])
        self.cancel_action = key_action(parent, "Cancel Training", self.cancel)
        self.cancel_action.setEnabled(False)
        self.retrain_every_action = key_action(parent, "Retrain Every…", self.ask_retrain_every)
        self.uncertain_action = key_action(parent, "Next Document: Least Certain First", self.set_uncertain_order, checkable=True)
        self.uncertain_action.setChecked(self.uncertain_order())
        self.report_action = key_action(parent, "Entity Model Report", self.show_report)
        window.documentShown.connect(self._on_document_shown)

    def menu(self) -> QMenu:
        menu = QMenu("Model", self._host.window())
        menu.addActions([self.train_action, self.cancel_action])
        menu.addSeparator()
        menu.addActions([self.retrain_every_action, self.uncertain_action])
        menu.addSeparator()
        menu.addAction(self.report_action)
        return menu

    # --- settings -----------------------------------------------------------------

    def retrain_every(self) -> int:
        return int(self._host.settings.value("retrainEvery", DEFAULT_RETRAIN_EVERY))

    def ask_retrain_every(self) -> None:
        every = dialogs.ask_number(self._host.window(), "Retrain the entity model",
                                   "Offer to retrain after this many documents marked done:", self.retrain_every(), 1, 10000, 0)
        if every is not None:
            self._host.settings.setValue("retrainEvery", int(every))

    def uncertain_order(self) -> bool:
        return str(self._host.settings.value("uncertainOrder", "false")).lower() == "true"

    def set_uncertain_order(self, on: bool) -> None:
        self._host.settings.setValue("uncertainOrder", "true" if on else "false")

    # --- training -----------------------------------------------------------------

    def train(self) -> Job | None:
        """Train on the annotator's finished documents in the background."""
        if self.training is not None:
            self._host.statusBar().showMessage("The entity model is being trained already", REPORT_MS)
            return None
        annotator = self._hub.annotator

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> TrainReport:
            return train_model(project, TrainOptions(annotator=annotator), progress=progress, should_cancel=should_cancel)

        job = Job(self._host.project.path, work, self._host.window())
        job.progressed.connect(self._on_progress)
        job.succeeded.connect(self._on_trained)
        job.failed.connect(lambda message: self._host.statusBar().showMessage(f"Training failed: {message}", REPORT_MS))
        job.finished.connect(self._on_finished)
        self.training = job
        self._host.jobs.append(job)
        self.train_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self._host.statusBar().showMessage(f"Training the entity model on {annotator}'s finished documents…", REPORT_MS)
        job.start()
        return job

    def cancel(self) -> None:
        if self.training is not None:
            self.training.cancel()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setToolTip(message)

    def _on_trained(self, report: TrainReport) -> None:
        if report.cancelled:
            self._host.statusBar().showMessage("Training cancelled: no model stored", REPORT_MS)
            return
        overall = report.overall
        self._host.statusBar().showMessage(
            f"Entity model {report.model.id if report.model else ''} trained on {report.documents} documents: held-out "
            f"F1 {overall.f1:.2f} (P {overall.p:.2f}, R {overall.r:.2f}) — F7 suggests entities", REPORT_MS
        )

    def _on_finished(self) -> None:
        job = self.training
        self.training = None
        if job is not None and job in self._host.jobs:
            self._host.jobs.remove(job)
            job.deleteLater()
        self.progress.hide()
        self.train_action.setEnabled(True)
        self.cancel_action.setEnabled(False)

    # --- learn as you go ----------------------------------------------------------

    def done_beyond_model(self) -> int:
        """Documents the annotator marked done that the newest model has not learned from."""
        project = self._host.project
        done = project.documents_done_by(self._hub.annotator)
        model = latest_model(project)
        return len(done) if model is None else len(done - set(model.documents) - set(model.heldout))

    def document_done(self, document_id: str) -> None:
        """The annotator marked a document done: its work session ends, and every
        ``retrain_every`` documents beyond the newest model retraining is offered."""
        self._host.project.close_work_session(document_id, self._hub.annotator)
        beyond = self.done_beyond_model()
        if beyond < self._offered_at:  # a newer model was trained since
            self._offered_at = 0
        if self.training is None and beyond >= self._offered_at + self.retrain_every():
            self._offered_at = beyond
            self.offer_box = QMessageBox(QMessageBox.Icon.Question, "Retrain the entity model",
                                         f"{beyond} documents marked done since the entity model was last trained. "
                                         "Retrain it in the background now?",
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._host.window())
            self.offer_box.accepted.connect(self.train)
            self.offer_box.open()

    # --- order by need ------------------------------------------------------------

    def next_uncertain(self) -> DocumentId | None:
        """The unfinished document, other than the open one, the newest model is least sure of;
        None when the setting is off or there is no model."""
        project = self._host.project
        if not self.uncertain_order() or latest_model(project) is None:
            return None
        current = None if self._host.document is None else self._host.document.id
        try:
            order = uncertain_order(project, load_model(project), self._hub.annotator)
        except AnnotatorError as error:
            self._host.statusBar().showMessage(str(error), REPORT_MS)
            return None
        return next((document_id for document_id in order if document_id != current), None)

    # --- sessions and report ------------------------------------------------------

    def _on_document_shown(self, document: Document | None) -> None:
        if document is not None:
            suggested = bool(self._host.project.suggestions(document.id, kind=ENTITY_KIND))
            self._host.project.open_work_session(document.id, self._hub.annotator, suggestions=suggested)

    def show_report(self) -> None:
        stats = model_stats(self._host.project)
        lines = model_stats_lines(stats)
        summary = lines[0] if lines else "No entity model yet: Model > Train Entity Model (Ctrl+Shift+T)."
        self.report_box = dialogs.show_report(self._host.window(), "Entity model", summary, [])
        if len(lines) > 1:
            self.report_box.setInformativeText("\n".join(lines[1:]))

