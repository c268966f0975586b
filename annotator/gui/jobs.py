"""Long work (importing a folder of files) off the GUI thread, with progress and Cancel.

Thread rule: a SQLite connection belongs to the thread that opened it, so a ``Job``
opens its *own* ``Project`` on the project file inside its thread (the file is in WAL
mode: the window's connection keeps reading while the job writes) and closes it there.
The work function gets that project, a ``progress(done, total, message)`` callback and
a ``should_cancel()`` predicate, the same protocol the core's long functions take, so
the CLI and the GUI drive them alike. Results and errors come back as queued signals;
the window then announces the job's changes through the hub.

The progress dialog is window-modal (the window keeps repainting but takes no edits
while another connection writes) and appears only after ``SHOW_AFTER_MS``, so a quick
job never flashes a dialog (Anki's rule). When it closes, the window it covered gets the
keyboard back (a window manager does so; without one, offscreen, no window had it and the
window's keys did nothing).

A job of the main window (``start_window_job``) is listed in ``window.jobs`` until its
thread ends, and the window refuses to close while any is. A job that ends in a report
(import, merge, export: ``start_reported_job``) shows it the same way for all: its
summary in the status bar and a report box, or an error box when the job failed; the
box is kept as ``window.report_box``.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.errors import AnnotatorError
from annotator.gui import dialogs
from annotator.gui.host import StatusHost
from annotator.gui.hub import Hub
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project

SHOW_AFTER_MS = 600
REPORT_MS = 8000
"""How long a job's summary stays in the status bar."""

Work = Callable[[Project, Progress, ShouldCancel], Any]


class JobHost(StatusHost, Protocol):
    """The window a job runs for (``MainWindow``): its project, the jobs it waits for
    before closing, and the report box it shows last."""

    hub: Hub
    jobs: list[Job]
    report_box: QMessageBox | None

    @property
    def project(self) -> Project: ...

    @property
    def annotator(self) -> str: ...


class Job(QThread):
    """Runs ``work`` on its own thread and its own connection to ``project_path``."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, project_path: str | Path, work: Work, parent: QWidget | None = None):
        super().__init__(parent)
        self._path = str(project_path)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            with Project(self._path) as project:
                result = self._work(project, self.progressed.emit, self._cancel.is_set)
        except AnnotatorError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: report it rather than lose it with the thread
            traceback.print_exc()
            self.failed.emit(f"unexpected error: {error!r}")
        else:
            self.succeeded.emit(result)


def start_job(
    parent: QWidget,
    title: str,
    project_path: str | Path,
    work: Work,
    succeeded: Callable[[Any], object] | None = None,
    failed: Callable[[str], object] | None = None,
    ended: Callable[[], object] | None = None,
) -> Job:
    """Start ``work`` in a ``Job`` with a progress dialog whose Cancel stops it.

    ``succeeded``, ``failed`` and ``ended`` (the thread has ended) are connected before the
    thread starts: a quick job on a busy machine may end before its caller runs again, and a
    signal emitted before its slot was connected is heard by no one (a report lost, a job
    listed for ever). The slot that deletes the job is connected last: the worker thread
    posts the slots' calls in turn, and PySide drops a call still to be posted for a sender
    deleted meanwhile (a plain function's receiver dies with its sender), which left the
    window's job listed for ever in 1 of 4 runs of the suite at load 5. Connect nothing to
    the job's ``finished`` after this returns, for the same reason."""
    job = Job(project_path, work, parent)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setValue(0)  # SHOW_AFTER_MS counts from now: until a first value Qt waits its own 4 s
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)

    def show_progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if message:
            dialog.setLabelText(message)

    def finish() -> None:
        dialog.canceled.disconnect(job.cancel)
        # the window found now, not held by this slot: a slot of the job holding its window's
        # last reference freed the window, and the job with it, as the job was deleted (a crash)
        owner = dialog.parentWidget().window() if dialog.isActiveWindow() else None
        dialog.close()
        dialog.deleteLater()
        if owner is not None and owner.isVisible():  # where no window manager hands it back (offscreen), keys would reach no window
            owner.activateWindow()
        job.deleteLater()

    for signal, slot in ((job.succeeded, succeeded), (job.failed, failed), (job.finished, ended)):
        if slot is not None:
            signal.connect(slot)
    job.progressed.connect(show_progress)
    job.finished.connect(finish)
    job.start()
    return job


def start_window_job(
    window: JobHost, title: str, work: Work, succeeded: Callable[[Any], object], failed: Callable[[str], object]
) -> Job:
    """``start_job`` on the window's project file, listed in ``window.jobs`` until its thread ends."""
    jobs = window.jobs
    job = start_job(window.window(), title, window.project.path, work, succeeded, failed, lambda: jobs.remove(job))
    jobs.append(job)  # before any signal of the job is delivered: they queue for this thread
    return job


@dataclass(frozen=True)
class JobReport:
    """What a finished job shows: ``summary`` in the status bar and in a report box,
    ``details`` under its "Show Details"."""

    summary: str
    details: Sequence[str] = ()
    text: str = ""
    """The box's text when it says more than the summary (the export's lines)."""
    style: str = ""
    """A style sheet for the box (the export's is wide enough for its paths)."""


def start_reported_job(
    window: JobHost, title: str, name: str, work: Work, finish: Callable[[Any], JobReport | None]
) -> Job:
    """A window job that ends in a report: ``finish(result)`` brings the window up to date
    (reloading the project, announcing the changes through the hub) and returns the report
    to show in a box titled ``name`` (None: nothing to show); a failure is shown in an
    error box titled "``name`` failed"."""

    def succeeded(result: Any) -> None:
        report = finish(result)
        if report is None:
            return
        window.statusBar().showMessage(report.summary, REPORT_MS)
        window.report_box = dialogs.show_report(window.window(), name, report.text or report.summary, list(report.details))
        if report.style:
            window.report_box.setStyleSheet(report.style)

    def failed(message: str) -> None:
        window.report_box = dialogs.show_error(window.window(), f"{name} failed", message)

    return start_window_job(window, title, work, succeeded, failed)
