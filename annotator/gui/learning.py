"""The entity model in the workbench: train in the background, retrain as work gets done,
order the work by need, and record how long each document takes.

- Model > Train Entity Model (Ctrl+Shift+T) trains on the current annotator's finished
  documents (``annotator.learning.train``) on a worker thread with its own connection
  (``jobs.Job``); the window stays usable, a bar in the status bar shows the progress,
  and Model > Cancel Training stops it (nothing is stored). The held-out scores are
  shown when it ends; F7 then suggests entities with the new model, which is loaded in
  the background then (and when the window opens a project with a model: ``warm_up``),
  so even the first F7 does not wait for spaCy.
- Learn as you go: after every N documents the annotator marks done beyond those the
  newest model has seen (setting ``retrainEvery``, default 20; Model > Retrain Every…),
  the window offers to retrain in the background.
- Order by need: with Model > Next Document: Least Certain First on (setting
  ``uncertainOrder``), the next-document key opens the unfinished document the newest
  model is least sure of (``learning.suggest.measured_order``) instead of the next in
  the list. The model has to read every unfinished document for that (seconds to
  minutes): it does so on a worker thread (``measure_uncertainty``, a bar in the status
  bar, Model > Cancel Ordering), started when the setting is turned on, when a model is
  trained with it on, and when the key finds documents not read yet; until it is done
  the key opens the next document in the list, and says so. What it read is kept per
  model in the project file, so it is read once.
- The lift: each document shown is a work session (``Project.open_work_session``),
  noting whether it had entity suggestions; marking it done ends the session. Model >
  Entity Model Report shows the held-out F1 of each model over time and, per
  annotator, what became of the suggestions and the median seconds per document
  before and after (``learning.lift``), as ``annotator stats`` does.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressBar

from annotator.errors import AnnotatorError
from annotator.gui import dialogs
from annotator.gui.actions import key_action
from annotator.gui.host import PanelHost
from annotator.gui.jobs import REPORT_MS, Job, JobHost, Work
from annotator.learning.lift import model_stats, model_stats_lines
from annotator.learning.models import is_loaded, latest_model, load_model
from annotator.learning.suggest import KIND as ENTITY_KIND
from annotator.learning.suggest import measure_uncertainty, measured_order, waiting_documents
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
        self.ordering: Job | None = None
        """Reading the unfinished documents to order them by need."""
        self.offer_box: QMessageBox | None = None
        self.report_box: QMessageBox | None = None
        self._offered_at = 0
        """Documents done beyond the newest model when retraining was last offered."""
        self.progress = self._status_bar_progress("training %p%")
        self.ordering_progress = self._status_bar_progress("ordering %p%")

        parent = window.window()
        self.train_action = key_action(parent, "Train Entity Model", self.train, [TRAIN_KEY])
        self.cancel_action = key_action(parent, "Cancel Training", self.cancel)
        self.cancel_action.setEnabled(False)
        self.cancel_ordering_action = key_action(parent, "Cancel Ordering", self.cancel_ordering)
        self.cancel_ordering_action.setEnabled(False)
        self.retrain_every_action = key_action(parent, "Retrain Every…", self.ask_retrain_every)
        self.uncertain_action = key_action(parent, "Next Document: Least Certain First", self.set_uncertain_order, checkable=True)
        self.uncertain_action.setChecked(self.uncertain_order())
        self.report_action = key_action(parent, "Entity Model Report", self.show_report)
        window.documentShown.connect(self._on_document_shown)
        self._hub.changed.connect(lambda changes, _initiator: changes.corpus and self.warm_up())  # another project
        self.warming: threading.Thread | None = None
        self.warm_up()

    def menu(self) -> QMenu:
        menu = QMenu("Model", self._host.window())
        menu.addActions([self.train_action, self.cancel_action])
        menu.addSeparator()
        menu.addActions([self.retrain_every_action, self.uncertain_action, self.cancel_ordering_action])
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
        if on:
            self.order()

    def _status_bar_progress(self, text: str) -> QProgressBar:
        bar = QProgressBar(self._host.window())
        bar.setMaximumWidth(160)
        bar.setFormat(text)
        bar.hide()
        self._host.statusBar().addPermanentWidget(bar)
        return bar

    def _start(self, work: Work, bar: QProgressBar, succeeded: Callable[[Any], None], ended: Callable[[Job], None]) -> Job:
        """``work`` on a worker thread with its own connection, its progress on ``bar``;
        listed in the window's jobs (which it waits for before closing) until it ends."""
        job = Job(self._host.project.path, work, self._host.window())

        def progressed(done: int, total: int, message: str) -> None:
            bar.setMaximum(max(total, 1))
            bar.setValue(done)
            bar.setToolTip(message)

        def finished() -> None:
            bar.hide()
            if job in self._host.jobs:
                self._host.jobs.remove(job)
            ended(job)
            job.deleteLater()

        job.progressed.connect(progressed)
        job.succeeded.connect(succeeded)
        job.failed.connect(lambda message: self._host.statusBar().showMessage(f"The entity model failed: {message}", REPORT_MS))
        job.finished.connect(finished)
        self._host.jobs.append(job)
        bar.setValue(0)
        bar.show()
        job.start()
        return job

    # --- training -----------------------------------------------------------------

    def train(self) -> Job | None:
        """Train on the annotator's finished documents in the background."""
        if self.training is not None:
            self._host.statusBar().showMessage("The entity model is being trained already", REPORT_MS)
            return None
        annotator = self._hub.annotator

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> TrainReport:
            return train_model(project, TrainOptions(annotator=annotator), progress=progress, should_cancel=should_cancel)

        self.training = self._start(work, self.progress, self._on_trained, self._on_training_ended)
        self.train_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self._host.statusBar().showMessage(f"Training the entity model on {annotator}'s finished documents…", REPORT_MS)
        return self.training

    def cancel(self) -> None:
        if self.training is not None:
            self.training.cancel()

    def cancel_ordering(self) -> None:
        if self.ordering is not None:
            self.ordering.cancel()

    def _on_trained(self, report: TrainReport) -> None:
        if report.cancelled:
            self._host.statusBar().showMessage("Training cancelled: no model stored", REPORT_MS)
            return
        overall = report.overall
        self._host.statusBar().showMessage(
            f"Entity model {report.model.id if report.model else ''} trained on {report.documents} documents: held-out "
            f"F1 {overall.f1:.2f} (P {overall.p:.2f}, R {overall.r:.2f}) — "
            + (report.found_nothing() or "F7 suggests entities"), REPORT_MS
        )

    def _on_training_ended(self, _job: Job) -> None:
        self.training = None
        self.train_action.setEnabled(True)
        self.cancel_action.setEnabled(False)
        self.warm_up()
        if self.uncertain_order():
            self.order()  # the new model's order, read in the background

    def warm_up(self) -> None:
        """Load the newest model (and spaCy) on a background thread, so that even the first
        F7 takes a fraction of a second rather than the one to three seconds a load takes.
        A plain daemon thread with its own connection: nothing to wait for when the window
        closes; F7's worker waits for it (``load_model`` loads one at a time)."""
        project = self._host.project
        model = latest_model(project)
        if model is None or project.path == ":memory:" or is_loaded(project, model.id):
            return

        def load(path: str, model_id: int) -> None:
            try:
                with Project(path) as own:
                    load_model(own, model_id)
            except AnnotatorError:
                pass  # F7 says what is wrong when it is asked for

        self.warming = threading.Thread(target=load, args=(project.path, model.id), name="entity model warm-up", daemon=True)
        self.warming.start()

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
        annotator, suggested = self._hub.annotator, self._suggested(document_id)
        self._hub.keep(lambda project: project.close_work_session(document_id, annotator, suggestions=suggested))
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
        None when the setting is off, there is no model, or the model has not read them all
        yet (then it starts reading them in the background)."""
        project = self._host.project
        model = latest_model(project)
        if not self.uncertain_order() or model is None:
            return None
        order = measured_order(project, model.id, self._hub.annotator)
        if order is None:
            self.order()
            self._host.statusBar().showMessage(
                "The entity model is still reading the unfinished documents to order them by need: the next in the list meanwhile",
                REPORT_MS)
            return None
        current = None if self._host.document is None else self._host.document.id
        return next((document_id for document_id in order if document_id != current), None)

    def order(self) -> Job | None:
        """Read the annotator's unfinished documents the newest model has not read yet, on a
        worker thread (nothing to do, or already reading: None)."""
        project = self._host.project
        model = latest_model(project)
        if self.ordering is not None or model is None:
            return None
        annotator, model_id = self._hub.annotator, model.id
        known = project.uncertainty(model_id)
        unread = [d for d in waiting_documents(project, annotator) if d not in known]
        if not unread:
            return None

        def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> bool:
            return measure_uncertainty(project, load_model(project, model_id), unread, progress=progress, should_cancel=should_cancel)

        def succeeded(complete: bool) -> None:
            self._host.statusBar().showMessage(
                f"Model {model_id} has read {len(unread)} unfinished documents: the next-document key opens the least certain first"
                if complete else "Ordering by need cancelled: the next-document key keeps the list's order", REPORT_MS)

        def ended(_job: Job) -> None:
            self.ordering = None
            self.cancel_ordering_action.setEnabled(False)

        self.ordering = self._start(work, self.ordering_progress, succeeded, ended)
        self.cancel_ordering_action.setEnabled(True)
        return self.ordering

    # --- sessions and report ------------------------------------------------------

    def _on_document_shown(self, document: Document | None) -> None:
        if document is not None:
            annotator, suggested = self._hub.annotator, self._suggested(document.id)
            self._hub.keep(lambda project: project.open_work_session(document.id, annotator, suggestions=suggested))

    def _suggested(self, document_id: str) -> bool:
        """Whether the model's entity suggestions are on the document (pending or decided)."""
        return bool(self._host.project.suggestions(document_id, kind=ENTITY_KIND))

    def show_report(self) -> None:
        stats = model_stats(self._host.project)
        lines = model_stats_lines(stats)
        summary = lines[0] if lines else "No entity model yet: Model > Train Entity Model (Ctrl+Shift+T)."
        self.report_box = dialogs.show_report(self._host.window(), "Entity model", summary, [])
        if len(lines) > 1:
            self.report_box.setInformativeText("\n".join(lines[1:]))

