"""Merging project files crafted to harm (issue 18): each is refused or merged in one
line, under 10 s, with the other file byte-identical, nothing made beside it, planted
triggers never fired, and the main project unchanged when refused."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from sqlite_utils import Database

from annotator import Project
from annotator.cli import main
from annotator.frames.editing import create_frame_from_selection
from annotator.storage.migrations import MIGRATION_NAMES, MIGRATIONS

EVIDENCE = "CREATE TABLE evidence (what TEXT)"


def base(path: Path) -> Path:
    """An honest project of another annotator: one document, one span, a quotation, a
    comment, done."""
    with Project.create(path) as project:
        document_id, _ = project.add_document("قال محمد اليوم في بيروت", id="x1")
        project.add_span(document_id, "bob", 4, 8, "PER")
        create_frame_from_selection(project, document_id, "bob", "QUOTE", 0, 3)
        project.add_comment(document_id, "bob", "سؤال", extent=(9, 14))
        project.set_status(document_id, "bob", "done")
    return path


def edit(*statements: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        base(path)
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA trusted_schema = ON")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.close()
        return path
    return make


def older_with_trigger(path: Path) -> Path:
    """A project of the first schema version whose migration would fire planted triggers."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before=MIGRATION_NAMES[1])
    for statement in (EVIDENCE, "CREATE TRIGGER spy AFTER INSERT ON _sqlite_migrations BEGIN INSERT INTO evidence VALUES ('fired'); END"):
        db.execute(statement)
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def other_application(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    return path


def truncated(path: Path) -> Path:
    base(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


CRAFTED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "trigger": (edit(EVIDENCE, "CREATE TRIGGER spy AFTER INSERT ON spans BEGIN INSERT INTO evidence VALUES ('fired'); END"),
                "holds a table 'evidence' this program does not create"),
    "endless view": (edit("CREATE VIEW endless AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n"),
                     "holds a view 'endless' this program does not create"),
    "view for a table": (edit("DROP TABLE statuses", "CREATE VIEW statuses AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                              "SELECT i + 1 FROM n) SELECT 'x1' AS document_id, 1 AS annotator_id, 'done' AS status, '' AS updated FROM n"),
                         "holds a view 'statuses' this program does not create"),
    "bad JSON": (edit("UPDATE documents SET meta = '{not json'"),
                 "table documents, row 'x1': meta is not JSON (Expecting property name enclosed in double quotes"),
    "JSON not an object": (edit("UPDATE documents SET meta = '[1]'"),
                           "table documents, row 'x1': meta holds a JSON list where an object belongs"),
    "bad tokens": (edit("UPDATE documents SET tokens = '[[0, 3], [x'"),
                   "table documents, row 'x1': tokens is not a JSON list of [start, end] pairs"),
    "odd tokens": (edit("UPDATE documents SET sentences = '[[0, 3, 5]]'"),
                   "table documents, row 'x1': sentences is not a JSON list of [start, end] pairs"),
    "tokens past the text": (edit("UPDATE documents SET tokens = '[[0, 3], [4, 800]]'"),
                             "table documents, row 'x1': tokens 4..800 lies outside the 23 characters of its text"),
    "bad span attributes": (edit("UPDATE spans SET attributes = '{bad' WHERE id = 1"), "table spans, row 1: attributes is not JSON"),
    "span attributes a number": (edit("UPDATE spans SET attributes = '5' WHERE id = 1"),
                                 "table spans, row 1: attributes holds a JSON int where an object belongs"),
    "bad frame attributes": (edit("UPDATE frames SET attributes = 'x'"), "table frames, row 1: attributes is not JSON"),
    "bad overrides": (edit("UPDATE frames SET overrides = '{\"a\": 1}'"), "table frames, row 1: overrides is not a JSON list of names"),
    "invalid status": (edit("PRAGMA ignore_check_constraints = ON", "UPDATE statuses SET status = 'weird'"),
                       "table statuses, row ('x1', 'bob'): status 'weird' is not one of new, in_progress, done"),
    "bytes as text": (edit("UPDATE documents SET text = CAST(text AS BLOB)"), "table documents, row 'x1': text is not text (it holds bytes)"),
    "bytes as title": (edit("UPDATE documents SET title = CAST(title AS BLOB)"), "table documents, row 'x1': title is not text (it holds bytes)"),
    "bytes as label": (edit("UPDATE spans SET label = CAST(label AS BLOB) WHERE id = 1"), "table spans, row 1: label is not text (it holds bytes)"),
    "bytes as comment": (edit("UPDATE comments SET text = CAST(text AS BLOB)"), "table comments, row 1: text is not text (it holds bytes)"),
    "annotator with a space": (edit("UPDATE annotators SET name = 'b o b'"),
                               "table annotators, row 'b o b': name 'b o b' must not contain spaces"),
    "span past the text": (edit('UPDATE spans SET "end" = 500 WHERE id = 1'), "table spans, row 1: 4..500 lies outside the 23 characters"),
    "comment past the text": (edit('UPDATE comments SET "end" = 500'), "table comments, row 1: 9..500 lies outside the 23 characters"),
    "slot filled from another document": (edit(
        "INSERT INTO documents (id, position, title, text, length, source, meta, content_hash, imported_at)"
        " VALUES ('x2', 1, 't', 'نص آخر هنا', 10, '', '{}', 'h2', '2026')",
        "INSERT INTO spans (document_id, annotator_id, start, \"end\", label, created, updated) VALUES ('x2', 1, 0, 2, 'PER', '', '')",
        "UPDATE frame_slots SET span_id = (SELECT MAX(id) FROM spans)"), "table frame_slots, frame 1: slot CUE is filled from outside document 'x1'"),
    "a time as bytes": (edit("UPDATE spans SET created = X'00' WHERE id = 1"), "table spans, row 1: a time is not text"),
    "a status time as bytes": (edit("UPDATE statuses SET updated = X'00'"), "table statuses, row ('x1', 'bob'): a time is not text"),
    "stored schema not JSON": (edit("UPDATE project SET value = '{bad' WHERE key = 'schema'"),
                               "table project, row 'schema': the stored schema is not JSON (Expecting property name"),
    "older with triggers": (older_with_trigger, "holds a table 'evidence' this program does not create"),
    "other application": (other_application, "is an SQLite file but not an annotator project"),
    "empty": (empty, "is an empty file, not an annotator project"),
    "truncated": (truncated, "not an annotator project"),
}


@pytest.mark.parametrize("name", CRAFTED)
def test_a_crafted_file_is_refused_in_one_line_and_left_as_it_was(two_annotators: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "from-bob"
    folder.mkdir()
    make, message = CRAFTED[name]
    crafted = make(folder / "bob.db")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    main_copy = tmp_path / "main-before.db"
    shutil.copy(two_annotators, main_copy)
    with Project(two_annotators) as project:
        documents = [(d.id, d.title) for d in project.documents()]
    started = time.monotonic()
    result = CliRunner().invoke(main, ["merge", str(two_annotators), str(crafted)])
    assert time.monotonic() - started < 10
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1, result.output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    if name not in ("empty", "truncated"):
        connection = sqlite3.connect(f"file:{crafted}?mode=ro&immutable=1", uri=True)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "evidence" in tables:
            assert connection.execute("SELECT count(*) FROM evidence").fetchone() == (0,)
        connection.close()
    with Project(two_annotators) as project:
        assert [(d.id, d.title) for d in project.documents()] == documents
        assert [s.label for s in project.spans("d1")] == ["PER", "PER"] and "bob" not in project.annotators()


VALUE_CASES = [name for name in CRAFTED if name.startswith(("bad ", "JSON", "odd", "span attributes", "invalid", "bytes", "stored"))]


@pytest.mark.parametrize("name", VALUE_CASES)
def test_a_command_opening_a_file_with_a_bad_value_names_it_in_one_line(tmp_path: Path, name: str) -> None:
    """Issue 18: the checks of a merge hold when a command opens such a file itself: a
    value that cannot be read is one line naming the file, table, row and column, never a
    traceback, whichever command reads it first."""
    crafted = CRAFTED[name][0](tmp_path / "given.db")
    refused = []
    for command in (["show", str(crafted), "x1"], ["docs", str(crafted)], ["stats", str(crafted)], ["flags", str(crafted)],
                    ["claims", str(crafted)], ["agreement", str(crafted)],
                    ["export", str(crafted), "--annotator", "bob", "--format", "jsonl", "--status", "any", "--out", str(tmp_path / "o.jsonl")]):
        result = CliRunner().invoke(main, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        if result.exit_code:
            assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"Error: {crafted}: table "), result.stderr
            refused.append(result.stderr)
    assert refused and CRAFTED[name][1] in refused[0]


def test_trust_merges_a_file_with_a_harmless_extra_table(two_annotators: Path, tmp_path: Path) -> None:
    crafted = edit("CREATE TABLE notes (text TEXT)")(tmp_path / "bob.db")
    refused = CliRunner().invoke(main, ["merge", str(two_annotators), str(crafted)])
    assert refused.exit_code == 1 and "pass --trust if you trust the file's author" in refused.stderr
    result = CliRunner().invoke(main, ["merge", str(two_annotators), str(crafted), "--trust"])
    assert result.exit_code == 0, result.output
    with Project(two_annotators) as project:
        assert "bob" in project.annotators()


CODE_PLANTED = ("trigger", "endless view", "view for a table", "older with triggers")


@pytest.mark.parametrize("name", CODE_PLANTED)
@pytest.mark.parametrize("command", [["docs"], ["stats"], ["status", "x1", "new", "--annotator", "bob"], ["gui", "--screenshot", "shot.png"]])
def test_a_project_with_code_this_program_did_not_plant_is_not_opened(tmp_path: Path, name: str, command: list[str]) -> None:
    """Issue 18: not only merge: any command, and the workbench, refuse a file holding a
    trigger, a view or a virtual table they did not create, before it can run, with the
    file left as it was."""
    folder = tmp_path / "given"
    folder.mkdir()
    crafted = CRAFTED[name][0](folder / "given.db")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    arguments = [command[0], str(crafted), *[str(tmp_path / a) if a.endswith(".png") else a for a in command[1:]]]
    started = time.monotonic()
    result = CliRunner().invoke(main, arguments)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "this program does not create, which would run when the project is used; it is not opened" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "--trust" in result.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert not (tmp_path / "shot.png").exists()


def test_an_ordinary_project_is_opened_as_before(tmp_path: Path) -> None:
    """The check looks only for code in the schema: an extra table of the user's is kept."""
    crafted = edit("CREATE TABLE notes (text TEXT)", "CREATE INDEX notes_text ON notes (text)")(tmp_path / "mine.db")
    result = CliRunner().invoke(main, ["docs", str(crafted)])
    assert result.exit_code == 0 and "x1" in result.output, result.output
