"""CLI fixtures: click's CliRunner (modules that define their own keep theirs) and a
project file on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.model import Status


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def two_annotators(tmp_path: Path) -> Path:
    """``p.db``: one document, d1, where ali and mona each marked محمد PER and are done,
    so export, agreement and review all have something to work on."""
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        document_id, _ = project.add_document("قال محمد اليوم", id="d1")
        for annotator in ("ali", "mona"):
            project.add_span(document_id, annotator, 4, 8, "PER")
            project.set_status(document_id, annotator, Status.DONE)
    return path
