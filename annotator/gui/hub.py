"""The one change signal of the workbench (Anki's ``operation_did_execute``).

Every edit goes through ``Hub.perform``: it runs one ``Project`` operation on the GUI
thread, and after it emits ``changed(changes, initiator)`` with the ``Changes`` the
operation returned and the object that asked for it (a view may skip refreshing what
it already shows). Views subscribe to ``changed`` and refresh only what it names. Work
done on another connection (an import job) is announced with ``notify``.

Other processes (a CLI import or merge, another workbench) write to the same file:
``check_others`` asks SQLite whether anyone else committed (``PRAGMA data_version``,
a counter read from memory, no query of the rows) when the application regains focus
and every ``OTHERS_CHECK_MS``; if so the project re-reads its schema (a label the CLI
added) and every view reloads, so their documents, labels and spans appear.

Thread rule: the hub's ``Project`` (one SQLite connection) belongs to the GUI thread.
Long jobs open their own connection (see ``jobs.py``) and call ``notify`` when done.
"""

from __future__ import annotations

import weakref
from typing import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from annotator.errors import AnnotatorError
from annotator.model import Changes, OpResult
from annotator.project import Project

EVERYTHING = Changes(corpus=True, schema=True, annotators=True, suggestions=True)
"""What a newly opened project changes: every view reloads."""
OTHERS_CHECK_MS = 3000

_HUBS: "weakref.WeakSet[Hub]" = weakref.WeakSet()
_others_timer: QTimer | None = None


def _check_every_hub() -> None:
    """One application-wide timer asks each live hub: a timer owned by each hub was
    sometimes fired by Qt after its window had gone (a segmentation fault in the GUI tests)."""
    for hub in list(_HUBS):
        if shiboken6.isValid(hub):
            hub.check_others()


def _watch(hub: "Hub") -> None:
    global _others_timer
    _HUBS.add(hub)
    if _others_timer is None:
        _others_timer = QTimer(interval=OTHERS_CHECK_MS, timeout=_check_every_hub)
        _others_timer.start()


class Hub(QObject):
    """Holds the open project and the current annotator; announces every change."""

    changed = Signal(object, object)
    """(Changes, initiator): emitted after each operation that changed something."""
    annotatorChanged = Signal(str)
    failed = Signal(str)
    """A one-line message of an ``AnnotatorError`` an operation raised."""
    performed = Signal(object)
    """The ``OpResult`` of each successful operation (the status bar says "Saved")."""

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None):
        super().__init__(parent)
        self._project = project
        self._annotator = annotator
        self._seen = project.changes_seen()
        _watch(self)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)

    @property
    def project(self) -> Project:
        return self._project

    @property
    def annotator(self) -> str:
        return self._annotator

    def set_project(self, project: Project) -> None:
        """Close the open project and switch every view to ``project``."""
        old, self._project = self._project, project
        if old is not project:
            old.close()
        self._seen = project.changes_seen()
        self.changed.emit(EVERYTHING, None)

    def check_others(self) -> bool:
        """Reload every view if another connection committed since the last check (a
        window already closed, its project with it, checks nothing)."""
        if self._project.closed:
            _HUBS.discard(self)
            return False
        seen = self._project.changes_seen()
        if seen == self._seen:
            return False
        self._seen = seen
        self._project.reload()
        self.changed.emit(EVERYTHING, None)
        return True

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_others()

    def set_annotator(self, name: str) -> None:
        name = name.strip()
        if name and name != self._annotator:
            self._annotator = name
            self.annotatorChanged.emit(name)

    def perform(self, operation: Callable[[Project], OpResult], initiator: object = None) -> OpResult | None:
        """Run one operation; announce its changes, or its error (None is returned)."""
        try:
            result = operation(self._project)
        except AnnotatorError as error:
            self.failed.emit(str(error))
            return None
        self.performed.emit(result)
        self.notify(result.changes, initiator)
        return result

    def notify(self, changes: Changes, initiator: object = None) -> None:
        """Announce changes made outside ``perform`` (another connection, a job)."""
        if not changes.empty:
            self.changed.emit(changes, initiator)
