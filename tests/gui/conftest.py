"""Fixtures of the GUI tests: widgets made offscreen and closed after each test.

``window`` is the window of the frame, claims table and suggestion tests (the seed
article); a test module that needs other documents defines its own ``window``, most
often with ``make_window``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

import pytest
from PySide6.QtCore import QEvent, QSettings, QThread
from PySide6.QtWidgets import QApplication, QWidget

from annotator import Project
from annotator.gui.document_view import DocumentView, SpanMark
from annotator.gui.main_window import MainWindow
from review_data import build_review_project
from seed_window import SECOND

VIEW_SIZE = (760, 700)
WORKERS_END_SECONDS = 60
"""How long the end of a test waits for the worker threads it left running (a training
takes about 20 s at load 7)."""

W = TypeVar("W", bound=QWidget)


@pytest.fixture(autouse=True)
def ends_with_what_it_made() -> Iterator[None]:
    """What a test made ends with it, on the GUI thread, not in the next test.

    pytest-qt closes a test's widgets and calls ``deleteLater``, which Qt honours only when an
    event loop next runs: in the next test, whose waits then destroyed the previous test's
    windows, their timers and queued calls (a crash there was blamed on the wrong test).
    The threads the test started are waited for first (the entity model's warm-up; a job's
    ``QThread`` deleted while it runs aborts the process), then the deletions are done."""
    before = set(threading.enumerate())
    yield
    for thread in set(threading.enumerate()) - before:
        if not isinstance(thread, threading._DummyThread):  # a QThread seen from Python: waited for below
            thread.join(WORKERS_END_SECONDS)
    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        for worker in widget.findChildren(QThread):
            worker.wait(WORKERS_END_SECONDS * 1000)
    app.processEvents()  # their last queued signals
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_view(qtbot) -> Callable[..., DocumentView]:
    """``make_view(text, spans=(), size=VIEW_SIZE, tags=False)``: a shown, laid-out
    ``DocumentView``; without label tags unless asked, so the pixels of a span's colour
    are its fill alone.

    Every view made is closed and deleted when the test ends (``qtbot.addWidget``).
    """

    def make(text: str, spans: Sequence[SpanMark] = (), size: tuple[int, int] = VIEW_SIZE, tags: bool = False) -> DocumentView:
        view = DocumentView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.set_tags_shown(tags)
        view.set_document(text)
        view.set_spans(spans)
        view.repaint()
        return view

    return make


@pytest.fixture
def show_window(qtbot) -> Callable[[W], W]:
    """``show_window(widget)``: the widget shown as the active window, so keys reach it;
    closed after the test."""

    def show(widget: W) -> W:
        qtbot.addWidget(widget)
        with qtbot.waitActive(widget):
            widget.show()
            widget.activateWindow()
        return widget

    return show


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """The main windows' settings, in ``tmp_path``."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(show_window, settings: QSettings) -> Callable[..., MainWindow]:
    """``open_window(project or path, annotator="amal")``: a shown main window on that
    project, with ``settings``."""

    def open_(project: Project | Path, annotator: str = "amal") -> MainWindow:
        return show_window(MainWindow(project if isinstance(project, Project) else Project(project), annotator, settings))

    return open_


@pytest.fixture
def make_window(open_window, tmp_path: Path) -> Callable[..., MainWindow]:
    """``make_window({doc_id: text, ...}, annotator="amal")``: a shown main window on a
    fresh project holding those documents, with settings in ``tmp_path``; closed after
    the test."""

    def make(documents: dict[str, str], annotator: str = "amal") -> MainWindow:
        project = Project.create(tmp_path / "window.db")
        for document_id, text in documents.items():
            project.add_document(text, id=document_id, title=text.split("\n", 1)[0][:40])
        return open_window(project, annotator)

    return make


@pytest.fixture
def window(make_window, seed_text: str) -> MainWindow:
    """The seed article ("seed", open) and a short second document ("second"), annotated by amal."""
    window = make_window({"seed": seed_text, "second": SECOND})
    window.resize(1500, 900)
    return window


@pytest.fixture
def project(tmp_path: Path, seed_text: str) -> Project:
    """The review project: amal and badr on the seed article (``build_review_project``)."""
    project = build_review_project(tmp_path / "review.db", seed_text)
    yield project
    project.close()
