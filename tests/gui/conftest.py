"""Fixtures of the GUI tests: widgets made offscreen and closed after each test."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import pytest
from PySide6.QtCore import QSettings

from annotator import Project
from annotator.gui.document_view import DocumentView, SpanMark
from annotator.gui.main_window import MainWindow
from review_data import build_review_project

VIEW_SIZE = (760, 700)


@pytest.fixture
def make_view(qtbot) -> Callable[..., DocumentView]:
    """``make_view(text, spans=(), size=VIEW_SIZE)``: a shown, laid-out ``DocumentView``.

    Every view made is closed and deleted when the test ends (``qtbot.addWidget``).
    """

    def make(text: str, spans: Sequence[SpanMark] = (), size: tuple[int, int] = VIEW_SIZE) -> DocumentView:
        view = DocumentView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.set_document(text)
        view.set_spans(spans)
        view.repaint()
        return view

    return make


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Callable[..., MainWindow]:
    """``make_window({doc_id: text, ...}, annotator="amal")``: a shown main window on a
    fresh project holding those documents, with settings in ``tmp_path``; closed after
    the test."""

    def make(documents: dict[str, str], annotator: str = "amal") -> MainWindow:
        project = Project.create(tmp_path / "window.db")
        for document_id, text in documents.items():
            project.add_document(text, id=document_id, title=text.split("\n", 1)[0][:40])
        window = MainWindow(project, annotator, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture
def project(tmp_path: Path, seed_text: str) -> Project:
    """The review project: amal and badr on the seed article (``build_review_project``)."""
    project = build_review_project(tmp_path / "review.db", seed_text)
    yield project
    project.close()
