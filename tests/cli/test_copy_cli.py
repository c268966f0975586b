"""annotator copy: a whole project into a new or empty one, checked by counts and a checksum."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.copying import copy_project
from annotator.model import SlotFiller, Status
from annotator.storage import open_store
from annotator.storage.copying import COPIED_TABLES, NOT_COPIED, fingerprint
from tests.conftest import REPO

DEMO = REPO / "corpora" / "demo"


def build_rich_project(runner: CliRunner, path: Path) -> None:
    """A project holding a row in every copied table: three demo documents, two
    annotators' spans, a quotation, suggestions accepted and rejected, gold decided from
    both, statuses, an undone step, assignments, a comment, a model and a work session."""
    assert runner.invoke(main, ["init", str(path)]).exit_code == 0
    result = runner.invoke(main, ["import", str(path), str(DEMO / "01-seed-article.txt"), str(DEMO / "02-fignews-2024-arabic.jsonl")])
    assert result.exit_code == 0, result.output
    with Project(path) as project:
        first, second, third = project.document_ids()[:3]
        text = project.document(first).text
        for annotator in ("ali", "mona"):
            for word, label in (("سوريا", "LOC"), ("روسيين", "NORP" if project.schema.has_label("NORP") else "PER")):
                at = text.index(word)
                project.add_span(first, annotator, at, at + len(word), label)
        cue = text.index("قال")
        speaker = project.add_span(first, "ali", cue + 4, cue + 9, "PER").ids[0]
        project.add_frame(first, "ali", "QUOTE", [SlotFiller("SPEAKER", speaker)])
        project.add_span(second, "mona", 0, 5, "ORG")
        project.undo("mona", second)
        project.set_status(first, "ali", Status.DONE)
        project.set_status(first, "mona", Status.DONE)
        project.set_status(third, "ali", Status.IN_PROGRESS)
        project.assign({first: ["ali", "mona"], second: ["mona"]})
        project.add_comment(first, "mona", "unsure of this one", unsure=True, span_id=project.spans(first, "mona")[0].id)
        model = project.add_entity_model(
            {"layer": "ali", "labels": ("PER",), "documents": (first,), "heldout": (), "scores": {"f1": 0.5}, "config": "{}"},
            b"\x00weights\xff",
        )
        project.set_uncertainty(model.id, {second: 0.25})
        project.open_work_session(second, "ali", suggestions=True)
        project.close_work_session(second, "ali", suggestions=True)
    assert runner.invoke(main, ["suggest", str(path), "--docs", first]).exit_code == 0
    with Project(path) as project:
        pending = [s.id for s in project.suggestions(first)]
    assert pending, "the suggester found nothing to accept in the demo article"
    assert runner.invoke(main, ["suggestions", str(path), first, "--accept", str(pending[0]), "--annotator", "mona"]).exit_code == 0
    assert runner.invoke(main, ["suggestions", str(path), first, "--reject", *map(str, pending[1:2] or pending[:1]),
                                "--annotator", "ali"]).exit_code == 0
    result = runner.invoke(main, ["adjudicate", str(path), first, "--accept-agreed"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def rich(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "rich.db"
    build_rich_project(runner, path)
    return path


def exports(runner: CliRunner, path: Path, out: Path) -> dict[str, bytes]:
    """Every layer's JSONL and CoNLL export of every document, as bytes."""
    out.mkdir()
    found = {}
    for layer in (["--annotator", "ali"], ["--annotator", "mona"], ["--gold"]):
        for fmt in ("jsonl", "conll"):
            target = out / f"{layer[-1]}.{fmt}"
            result = runner.invoke(main, ["export", str(path), "--format", fmt, "--out", str(target), "--status", "any", *layer])
            assert result.exit_code == 0, result.output
            found[target.name] = target.read_bytes()
    return found


def test_every_table_is_copied_or_said_not_to_be(rich: Path) -> None:
    with sqlite3.connect(rich) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {t for t in tables if not t.startswith(("_", "sqlite_"))} == set(COPIED_TABLES) | set(NOT_COPIED)
    store = open_store(rich, read_only=True)
    try:
        empty = [table for table, rows in fingerprint(store).counts.items() if not rows]
    finally:
        store.close()
    assert empty == [], "the rich project should exercise every table"


def test_copy_round_trip_keeps_exports_byte_identical(rich: Path, tmp_path: Path, runner: CliRunner) -> None:
    copied, back = tmp_path / "copy.db", tmp_path / "back.db"
    result = runner.invoke(main, ["copy", str(rich), str(copied)])
    assert result.exit_code == 0, result.output
    assert "every table's rows and the checksum match" in result.output
    spans_line = next(line for line in result.output.splitlines() if line.startswith("spans "))
    assert spans_line.split()[1] == spans_line.split()[2] != "0"
    assert runner.invoke(main, ["copy", str(copied), str(back)]).exit_code == 0
    original = exports(runner, rich, tmp_path / "a")
    assert exports(runner, back, tmp_path / "b") == original
    assert any(b'"comments"' in content for content in original.values())


def test_copy_to_a_server_and_back_keeps_exports_byte_identical(rich: Path, pg_empty_url: str, tmp_path: Path, runner: CliRunner) -> None:
    back = tmp_path / "back.db"
    result = runner.invoke(main, ["copy", str(rich), pg_empty_url])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["copy", str(rich), pg_empty_url]).exit_code == 1  # it holds work now
    result = runner.invoke(main, ["copy", pg_empty_url, str(back)])
    assert result.exit_code == 0, result.output
    assert exports(runner, back, tmp_path / "b") == exports(runner, rich, tmp_path / "a")
    with Project(pg_empty_url) as server:
        second = server.document_ids()[1]
        assert server.redo_name("mona", second) == "Add Span"
        new = server.add_span(second, "ali", 0, 3, "PER").ids[0]  # the id sequences moved past the copied ids
        assert new > max(s.id for s in server.iter_spans() if s.id != new)


def test_a_copy_keeps_undo_settings_and_models(rich: Path, tmp_path: Path) -> None:
    copied = tmp_path / "copy.db"
    assert copy_project(rich, copied).ok
    with Project(rich, read_only=True) as before, Project(copied) as after:
        first, second = after.document_ids()[:2]
        assert after.schema == before.schema
        assert after.assignments() == before.assignments()
        assert after.comments() == before.comments()
        assert after.entity_model_weights(after.entity_models()[0].id) == b"\x00weights\xff"
        assert after.work_sessions() == before.work_sessions()
        assert after.redo_name("mona", second) == "Add Span"  # the undone step is there to redo
        after.redo("mona", second)
        assert [s.label for s in after.spans(second, "mona")] == ["ORG"]
        assert after.undo_name("ali", first) == before.undo_name("ali", first) == "Reject Suggestion"
        rejected = [x.id for x in after.suggestions(first, annotator="ali", state="rejected")]
        after.undo("ali", first)  # a step recorded in the source undoes in the copy
        assert [x.state_for("ali") for x in after.suggestions(first) if x.id in rejected] == ["pending"]
        new = after.add_span(second, "ali", 0, 3, "PER").ids[0]
        assert new > max(s.id for s in before.iter_spans())


def test_copy_refuses_a_destination_with_work_and_changes_nothing(rich: Path, tmp_path: Path, runner: CliRunner) -> None:
    other = tmp_path / "other.db"
    with Project.create(other) as project:
        project.add_document("نص آخر", id="x")
    before = other.read_bytes()
    result = runner.invoke(main, ["copy", str(rich), str(other)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {other}: holds a project with work in it already; copy only into a new or empty project"
    assert other.read_bytes() == before


def test_copy_into_an_empty_project_replaces_its_settings(rich: Path, tmp_path: Path, runner: CliRunner) -> None:
    empty = tmp_path / "empty.db"
    assert runner.invoke(main, ["init", str(empty)]).exit_code == 0
    assert runner.invoke(main, ["copy", str(rich), str(empty)]).exit_code == 0
    with Project(empty) as project:
        assert project.document_count() == 37


def test_a_copy_that_does_not_verify_exits_1_and_leaves_nothing(
    rich: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.storage import copying

    real = copying.Store.load_rows

    def lose_a_span(store, table, columns, rows):  # type: ignore[no-untyped-def]
        real(store, table, columns, rows[1:] if table == "spans" else rows)

    monkeypatch.setattr(copying.Store, "load_rows", lose_a_span)
    copied = tmp_path / "copy.db"
    result = runner.invoke(main, ["copy", str(rich), str(copied)])
    assert result.exit_code == 1
    assert "MISMATCH" in result.output
    assert not copied.exists()
    empty = tmp_path / "empty.db"
    Project.create(empty).close()
    assert runner.invoke(main, ["copy", str(rich), str(empty)]).exit_code == 1
    with Project(empty) as project:  # rolled back: still the empty project it was
        assert project.document_count() == 0 and project.annotators() == []


@pytest.mark.parametrize(
    ("source", "message"),
    [("missing.db", "no such project file"), ("notes.txt", "not an annotator project (not an SQLite file)")],
)
def test_a_bad_source_is_one_line(tmp_path: Path, runner: CliRunner, source: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    result = runner.invoke(main, ["copy", str(tmp_path / source), str(tmp_path / "copy.db")])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "copy.db").exists()


def test_a_copy_to_a_server_that_does_not_verify_leaves_the_database_empty(
    rich: Path, pg_empty_url: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.storage import copying

    real = copying.Store.load_rows
    monkeypatch.setattr(copying.Store, "load_rows", lambda store, table, columns, rows: real(store, table, columns, rows[1:] if table == "spans" else rows))
    result = runner.invoke(main, ["copy", str(rich), pg_empty_url])
    assert result.exit_code == 1 and "MISMATCH" in result.output
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(pg_empty_url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").fetchone() == (0,)
