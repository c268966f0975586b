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
job never flashes a dialog (Anki's rule).
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.errors import AnnotatorError
from annotator.project import Project

SHOW_AFTER_MS = 600

Progress = Callable[[int, int, str], None]
Work = Callable[[Project, Progress, Callable[[], bool]], Any]


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


def start_job(parent: QWidget, title: str, project_path: str | Path, work: Work) -> Job:
    """Start ``work`` in a ``Job`` with a progress dialog whose Cancel stops it."""
    job = Job(project_path, work, parent)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
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
        dialog.close()
        dialog.deleteLater()
        job.deleteLater()

    job.progressed.connect(show_progress)
    job.finished.connect(finish)
    job.start()
    return job
