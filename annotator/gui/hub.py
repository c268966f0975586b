"""The one change signal of the workbench (Anki's ``operation_did_execute``).

Every edit goes through ``Hub.perform``: it runs one ``Project`` operation on the GUI
thread, and after it emits ``changed(changes, initiator)`` with the ``Changes`` the
operation returned and the object that asked for it (a view may skip refreshing what
it already shows). Views subscribe to ``changed`` and refresh only what it names. Work
done on another connection (an import job) is announced with ``notify``.

Other processes (a CLI import or merge, another workbench) write to the same project.
For a project file, ``check_others`` asks SQLite whether anyone else committed (``PRAGMA
data_version``, a counter read from memory, no query of the rows) when the application
regains focus and every ``OTHERS_CHECK_MS`` (one application-wide timer). A server
project is not asked on a timer: the server notifies its listener
(``storage.notifications``) when another connection commits, and a socket notifier
wakes the hub at once. Either way the project re-reads its schema (a label the CLI
added) and every view reloads, so their documents, labels, spans and statuses appear.

Another process's write (a long CLI merge) holds the project's write lock: an edit
waits for it at most ``WRITE_WAIT_SECONDS`` (the event loop never freezes), then joins
the edits *waiting* in order, retried every ``RETRY_MS`` until the lock is free (each
try again waits at most ``WRITE_WAIT_SECONDS``); ``waitingChanged`` tells the views what
to show meanwhile. A waiting edit is never dropped unless the user drops it
(``drop_last_waiting``, Ctrl+Z; or closing the window, after asking).

Thread rule: the hub's ``Project`` (one SQLite connection) belongs to the GUI thread.
Long jobs open their own connection (see ``jobs.py``) and call ``notify`` when done.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from typing import Callable

import shiboken6
from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from annotator.errors import AnnotatorError, ProjectLockedError
from annotator.model import Changes, OpResult
from annotator.project import Project

EVERYTHING = Changes(corpus=True, schema=True, annotators=True, suggestions=True)
"""What a newly opened project changes: every view reloads."""
OTHERS_CHECK_MS = 3000
WRITE_WAIT_SECONDS = 0.03
"""How long an edit of the workbench waits for another process's write lock before it
waits off the event loop instead (a key press must never freeze the window)."""
RETRY_MS = 150
"""How often waiting edits try the lock again."""
STILL_WAITING_SECONDS = 60.0
"""After this long the status bar says plainly that edits are still not saved, and why."""
OTHERS = object()
"""The initiator of a change others committed (another process, another annotator): a
view showing a computed snapshot (agreement) computes it again rather than clearing it."""

_HUBS: "weakref.WeakSet[Hub]" = weakref.WeakSet()
_timers: dict[str, QTimer] = {}
"""The application-wide timers, by name: a timer owned by each hub was sometimes fired
by Qt after its window had gone (a segmentation fault in the GUI tests)."""


def _live_hubs() -> list["Hub"]:
    return [hub for hub in list(_HUBS) if shiboken6.isValid(hub)]


def _check_every_hub() -> None:
    for hub in _live_hubs():
        if hub.listener is None:
            hub.check_others()


def _retry_every_hub() -> None:
    """Retry each hub's waiting edits; the timer stops when none waits."""
    for hub in _live_hubs():
        hub.retry_waiting()
    if not any(hub.has_waiting for hub in _live_hubs()):
        _timers["retry"].stop()


def _app_timer(name: str, interval: int, tick: Callable[[], None]) -> QTimer:
    if name not in _timers:
        _timers[name] = QTimer(interval=interval, timeout=tick)
    return _timers[name]


def _watch(hub: "Hub") -> None:
    _HUBS.add(hub)
    others = _app_timer("others", OTHERS_CHECK_MS, _check_every_hub)
    if not others.isActive():
        others.start()


def _why_waiting(error: ProjectLockedError) -> str:
    who = ", ".join(error.holders) or "another program"
    return f"{who} is writing to the project; edits wait and are saved when it has finished"


@dataclass
class _Waiting:
    """An edit that met another process's write lock, kept until it can be stored."""

    operation: Callable[[Project], OpResult]
    initiator: object
    shown: object
    """What the views draw meanwhile (the window: the span mark of a label key), or None."""
    announced: bool = True
    """False for the workbench's own records, which change nothing shown."""


class Hub(QObject):
    """Holds the open project and the current annotator; announces every change."""

    changed = Signal(object, object)
    """(Changes, initiator): emitted after each operation that changed something."""
    annotatorChanged = Signal(str)
    failed = Signal(str)
    """A one-line message of an ``AnnotatorError`` an operation raised."""
    performed = Signal(object)
    """The ``OpResult`` of each successful operation (the status bar says "Saved")."""
    waitingChanged = Signal(list, str)
    """(what each waiting edit shows, in order; why they wait): after an edit starts or
    stops waiting for another process's write lock (an empty list: all are stored)."""

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None, *, keeps_records: bool = True):
        """``keeps_records``: store the workbench's own records (``keep``); a screenshot's
        window keeps none, so a picture leaves the project as it was."""
        super().__init__(parent)
        self._project = project
        self._annotator = annotator
        self._keeps_records = keeps_records
        self._seen = project.changes_seen()
        self._waiting: list[_Waiting] = []
        self._waiting_since = 0.0
        self._why_waiting = ""
        self._said_still_waiting = False
        project.lock_timeout = WRITE_WAIT_SECONDS
        self.listener = None
        self._notifier: QSocketNotifier | None = None
        self._listen()
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
            self._stop_listening()
            old.close()
            self._listen()
        self.drop_waiting()  # the window asked the user first
        project.lock_timeout = WRITE_WAIT_SECONDS
        self._seen = project.changes_seen()
        self.changed.emit(EVERYTHING, None)

    def close(self) -> None:
        """Stop listening and close the project (the window is closing)."""
        self._stop_listening()
        self._project.close()

    def _listen(self) -> None:
        """Hear a server project's notifications of others' commits on its socket."""
        self.listener = self._project.change_listener()
        if self.listener is not None:
            self._notifier = QSocketNotifier(self.listener.fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_notified)

    def _stop_listening(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def _on_notified(self) -> None:
        if self._project.closed:
            self._stop_listening()
        elif self.listener is not None and self.listener.pending():
            self._reload_from_others()

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
        self._reload_from_others()
        return True

    def _reload_from_others(self) -> None:
        self._project.reload()
        self.changed.emit(EVERYTHING, OTHERS)

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.listener is None:
            self.check_others()

    def set_annotator(self, name: str) -> None:
        name = name.strip()
        if name and name != self._annotator:
            self._annotator = name
            self.annotatorChanged.emit(name)

    def perform(self, operation: Callable[[Project], OpResult], initiator: object = None, shown: object = None) -> OpResult | None:
        """Run one operation; announce its changes, or its error (None is returned).

        If another process holds the write lock, or edits already wait for it, the
        operation waits after them (None is returned; ``shown`` is what the views draw
        meanwhile) and is announced when it is stored."""
        return self._perform(_Waiting(operation, initiator, shown))

    def keep(self, write: Callable[[Project], object]) -> None:
        """A write of the workbench's own records (a work session begins or ends): stored
        like an edit, waiting for the write lock like one, announcing nothing; none
        when the hub keeps no records."""
        if not self._keeps_records:
            return

        def run(project: Project) -> OpResult:
            write(project)
            return OpResult(Changes())

        self._perform(_Waiting(run, None, None, announced=False))

    def _perform(self, edit: "_Waiting") -> OpResult | None:
        if self._waiting:
            self._wait(edit)
            return None
        try:
            return self._run(edit)
        except ProjectLockedError as error:
            self._waiting_since = time.monotonic()
            self._said_still_waiting = False
            self._why_waiting = _why_waiting(error)
            self._wait(edit)
            return None

    def _run(self, edit: "_Waiting") -> OpResult | None:
        """Run and announce an edit; a lock it meets is raised, any other error shown."""
        try:
            result = edit.operation(self._project)
        except ProjectLockedError:
            raise
        except AnnotatorError as error:
            self.failed.emit(str(error))
            return None
        if edit.announced:
            self.performed.emit(result)
            self.notify(result.changes, edit.initiator)
        return result

    @property
    def waiting(self) -> int:
        """How many of the user's edits wait for another process's write lock."""
        return sum(edit.announced for edit in self._waiting)

    @property
    def has_waiting(self) -> bool:
        """Whether any write waits, the user's or the workbench's own records."""
        return bool(self._waiting)

    def _wait(self, edit: _Waiting) -> None:
        self._waiting.append(edit)
        _app_timer("retry", RETRY_MS, _retry_every_hub).start()
        self._announce_waiting()

    def _announce_waiting(self) -> None:
        why = self._why_waiting
        if self._said_still_waiting:
            why = f"still not saved after {STILL_WAITING_SECONDS:g} s, kept and saved when the lock is free (Ctrl+Z drops the last): {why}"
        shown = [edit.shown for edit in self._waiting if edit.announced]
        self.waitingChanged.emit(shown, why if shown else "")

    def retry_waiting(self) -> None:
        """Store the waiting edits in order, as far as the write lock lets them; an edit
        refused for another reason (its document was deleted meanwhile) is shown and goes."""
        if not self._waiting or self._project.closed:
            return
        stored = 0
        while self._waiting:
            edit = self._waiting[0]
            try:
                self._run(edit)
            except ProjectLockedError as error:
                self._why_waiting = _why_waiting(error)
                break
            self._waiting.pop(0)
            stored += 1
        still = bool(self._waiting) and time.monotonic() - self._waiting_since >= STILL_WAITING_SECONDS
        if stored or still != self._said_still_waiting:
            self._said_still_waiting = still
            self._announce_waiting()

    def drop_last_waiting(self) -> bool:
        """Forget the last edit that waits (the user's undo of an edit not yet stored; the
        workbench's own records stay)."""
        edits = [index for index, edit in enumerate(self._waiting) if edit.announced]
        if not edits:
            return False
        del self._waiting[edits[-1]]
        self._announce_waiting()
        return True

    def drop_waiting(self) -> None:
        """Forget every waiting edit (the window closes or opens another project, asked first)."""
        if self._waiting:
            self._waiting.clear()
            self._announce_waiting()

    def notify(self, changes: Changes, initiator: object = None) -> None:
        """Announce changes made outside ``perform`` (another connection, a job)."""
        if not changes.empty:
            self.changed.emit(changes, initiator)
