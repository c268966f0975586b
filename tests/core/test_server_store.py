"""What only a server project has to show: the server itself refuses a read-only open's
writes, another connection's commits are noticed, a database holding something else or
a newer project is refused as it is, and a failed ``init`` leaves the database empty."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.errors import ProjectError, SchemaError
from annotator.storage import discard_project, open_store, project_exists

psycopg = pytest.importorskip("psycopg", reason="server test: psycopg is not installed (pip install -e '.[server]')")
from annotator.storage.postgres import NUL_STAND_IN  # noqa: E402


def test_a_read_only_open_is_refused_by_the_server_itself(pg_project_url: str) -> None:
    with Project(pg_project_url) as project:
        project.add_document("قال محمد اليوم", id="d1")
    store = open_store(pg_project_url, read_only=True)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store._execute("DELETE FROM documents")  # past our own check: the server says no
    finally:
        store.close()
    with Project(pg_project_url, read_only=True) as project:
        with pytest.raises(ProjectError, match="opened read-only; this changes the project"):
            project.add_span("d1", "ali", 4, 8, "PER")
        assert project.document_count() == 1


def test_other_connections_commits_are_seen_and_its_own_are_not(pg_project_url: str) -> None:
    with Project(pg_project_url) as watcher, Project(pg_project_url) as writer:
        seen = watcher.changes_seen()
        watcher.add_document("وثيقة المراقب", id="own")
        assert watcher.changes_seen() == seen
        writer.add_document("وثيقة الكاتب", id="theirs")
        assert watcher.changes_seen() == seen + 1
        writer.add_annotator("ali")
        assert watcher.changes_seen() == seen + 2
        writer.add_span("theirs", "ali", 0, 5, "PER")  # one operation (span, undo step, status): one commit
        assert watcher.changes_seen() == seen + 3


def test_a_database_holding_other_tables_is_refused_and_left_as_it_was(pg_empty_url: str) -> None:
    with psycopg.connect(pg_empty_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(ProjectError, match="holds tables that are not an annotator project"):
        Project.create(pg_empty_url)
    with psycopg.connect(pg_empty_url) as conn:
        tables = [row[0] for row in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
    assert tables == ["invoices"]


def test_a_project_of_a_newer_program_is_refused(pg_project_url: str) -> None:
    with psycopg.connect(pg_project_url, autocommit=True) as conn:
        conn.execute("INSERT INTO annotator_migrations (name) VALUES ('9999_from_the_future')")
    with pytest.raises(ProjectError, match="written by a newer version of annotator"):
        Project(pg_project_url)


def test_a_failed_init_leaves_the_database_empty(pg_empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise SchemaError("a schema the project refuses")

    monkeypatch.setattr(Project, "_open", refuse)
    with pytest.raises(SchemaError):
        Project.create(pg_empty_url)
    assert not project_exists(pg_empty_url)


def test_discard_project_drops_only_the_project(pg_project_url: str) -> None:
    with psycopg.connect(pg_project_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    discard_project(pg_project_url)
    with psycopg.connect(pg_project_url) as conn:
        tables = [row[0] for row in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
        functions = conn.execute("SELECT count(*) FROM pg_proc WHERE proname = 'annotator_count_change'").fetchone()
    assert tables == ["notes"] and functions == (0,)


def test_a_text_holding_the_nul_stand_in_is_refused(pg_project_url: str) -> None:
    with Project(pg_project_url) as project:
        with pytest.raises(ProjectError, match="U\\+FFFF"):
            project.add_document(f"نص فيه {NUL_STAND_IN} غريب")
        assert project.document_count() == 0
