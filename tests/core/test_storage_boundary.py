"""Storage owns its rows: no SQL and no table name outside ``annotator/storage/``, and a
read-only project is refused writes by the database itself."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import annotator
from annotator import Project
from annotator.errors import ProjectError

PACKAGE = Path(annotator.__file__).parent


def _table_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")]


def test_no_module_outside_storage_names_a_table_in_sql_or_writes_a_row_by_table(project_path: Path) -> None:
    tables = "|".join(_table_names(project_path))
    sql = re.compile(rf'\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+"?({tables})\b')
    generic_write = re.compile(r"\.(insert|update|delete|put_row|insert_row|delete_row|row)\(\s*[\"'](" + tables + r")[\"']")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if "storage" not in path.relative_to(PACKAGE).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if sql.search(line) or generic_write.search(line)
    ]
    assert offenders == []


def test_a_read_only_project_reads_and_the_database_refuses_its_writes(project_path: Path) -> None:
    with Project(project_path) as project:
        document_id, _ = project.add_document("قال مسؤول أميركي إن اثنين قتلا في سوريا")
        project.add_span(document_id, "ali", 4, 9, "PER")
    with Project(project_path, read_only=True) as reader:
        assert [(s.start, s.end, s.label) for s in reader.spans(document_id, "ali")] == [(4, 9, "PER")]
        with pytest.raises(ProjectError, match="it was opened read-only; this changes the project, which can only be read$"):
            reader.add_span(document_id, "ali", 0, 3, "PER")
    with Project(project_path) as project:
        assert len(project.spans(document_id)) == 1


def test_reads_are_frozen_values(project: Project, document: str) -> None:
    project.add_span(document, "ali", 4, 9, "PER")
    (span,) = project.spans(document)
    with pytest.raises(AttributeError):
        span.label = "ORG"  # type: ignore[misc]
    with pytest.raises(TypeError):
        span.attributes["x"] = 1  # type: ignore[index]


def test_document_summaries_are_read_only_too(project: Project, document: str) -> None:
    project.add_span(document, "ali", 4, 9, "PER")
    (summary,) = project.documents()
    with pytest.raises(TypeError):
        summary.span_counts["ali"] = 5  # type: ignore[index]
    with pytest.raises(TypeError):
        summary.statuses["ali"] = "done"  # type: ignore[index]
