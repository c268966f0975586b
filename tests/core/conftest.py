"""Core fixtures: fresh projects, in memory or on disk (sqlite-utils' ``fresh_db``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import Project


@pytest.fixture
def project() -> Project:
    with Project.create(":memory:") as fresh:
        yield fresh


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "project.db"
    Project.create(path).close()
    return path


@pytest.fixture
def document(project: Project) -> str:
    """A small Arabic document: 'قال مسؤول أميركي إن اثنين قتلا في سوريا'."""
    document_id, _ = project.add_document("قال مسؤول أميركي إن اثنين قتلا في سوريا", title="خبر")
    return document_id
