"""Core fixtures: fresh projects in memory or on a server (sqlite-utils' ``fresh_db``); a project
file is the root conftest's ``project_path``.

``project`` is made on each backend: SQLite in memory, and a database of its own on the
PostgreSQL test server (those runs are marked ``server``), so every test of a project's
rows runs against both."""

from __future__ import annotations

from typing import Iterator

import pytest

from annotator import Project


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def project(request: pytest.FixtureRequest) -> Iterator[Project]:
    location = ":memory:" if request.param == "sqlite" else request.getfixturevalue("pg_project_url")
    with Project.create(location) as fresh:
        yield fresh


@pytest.fixture
def document(project: Project) -> str:
    """A small Arabic document: 'قال مسؤول أميركي إن اثنين قتلا في سوريا'."""
    document_id, _ = project.add_document("قال مسؤول أميركي إن اثنين قتلا في سوريا", title="خبر")
    return document_id
