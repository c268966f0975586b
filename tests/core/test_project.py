"""The Project facade: validation, transactions, undo, statuses, frames."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator import Project
from annotator.errors import NotFoundError, ProjectError, SchemaError, ValidationError
from annotator.identity import content_hash
from annotator.model import Changes, SlotFiller, Status
from annotator.storage.migrations import SCHEMA_VERSION

TEXT = "قال مسؤول أميركي إن اثنين قتلا في سوريا"


def test_span_is_stored_with_code_point_offsets(project: Project, document: str) -> None:
    result = project.add_span(document, "ali", 4, 9, "PER")
    (span,) = project.spans(document, "ali")
    assert (span.id, span.start, span.end, span.label, span.annotator) == (result.ids[0], 4, 9, "PER", "ali")
    assert TEXT[span.start:span.end] == "مسؤول"
    assert result.changes.documents == {document}


@pytest.mark.parametrize(
    "start, end, label, message",
    [
        (5, 5, "PER", "is not inside"),
        (9, 4, "PER", "is not inside"),
        (-1, 3, "PER", "is not inside"),
        (0, len(TEXT) + 1, "PER", "is not inside"),
        (0, 3, "NOPE", "label 'NOPE' is not in the schema"),
    ],
)
def test_invalid_spans_are_refused_and_nothing_is_stored(project: Project, document: str, start, end, label, message) -> None:
    with pytest.raises(ValidationError, match=message):
        project.add_spans(document, "ali", [(0, 3, "PER"), (start, end, label)])
    assert project.spans(document) == []


def test_span_on_unknown_document_is_refused(project: Project) -> None:
    with pytest.raises(NotFoundError, match="no document 'missing'"):
        project.add_span("missing", "ali", 0, 1, "PER")


def test_same_text_is_not_stored_twice(project: Project, document: str) -> None:
    again, added = project.add_document(TEXT, title="other title")
    assert (again, added) == (document, False)
    assert project.document_count() == 1


def test_document_ids_stay_unique(project: Project) -> None:
    first, _ = project.add_document("نص أول", id="x")
    second, _ = project.add_document("نص ثان", id="x")
    assert (first, second) == ("x", "x-2")


def test_undo_and_redo_restore_spans(project: Project, document: str) -> None:
    span_id = project.add_span(document, "ali", 4, 9, "PER").ids[0]
    project.relabel_spans([span_id], "ORG")
    project.delete_spans([span_id])
    assert project.undo_name("ali", document) == "Delete Span"
    assert project.undo("ali", document).name == "Undo Delete Span"
    assert project.span(span_id).label == "ORG"
    project.undo("ali", document)
    assert project.span(span_id).label == "PER"
    project.undo("ali", document)
    assert project.spans(document) == []
    assert project.undo("ali", document).changes.empty
    project.redo("ali", document)
    project.redo("ali", document)
    assert project.span(span_id).label == "ORG"
    assert project.redo_name("ali", document) == "Delete Span"


def test_changes_name_exactly_the_spans_an_edit_wrote(project: Project, document: str) -> None:
    """Views re-read only ``Changes.spans``; an operation that cannot tell leaves it None."""
    added = project.add_spans(document, "ali", [(4, 9, "PER"), (0, 3, "ORG")])
    assert added.changes.spans == frozenset(added.ids)
    first, second = added.ids
    assert project.relabel_spans([first], "GPE").changes.spans == {first}
    assert project.delete_spans([second]).changes.spans == {second}
    assert project.undo("ali", document).changes.spans == {second}
    assert project.redo("ali", document).changes.spans == {second}
    status = project.set_status(document, "ali", "done").changes
    assert status.spans == frozenset() and status.changed_spans(document) == frozenset()
    assert (added.changes | status).spans == frozenset(added.ids)
    unknown = Changes(documents=frozenset({document}))
    assert (added.changes | unknown).spans is None and unknown.changed_spans(document) is None
    assert Changes(schema=True, spans=frozenset({first})).changed_spans(document) is None


def test_counts_and_lookups_do_not_read_every_document(project: Project, document: str) -> None:
    other, _ = project.add_document("نص آخر تماما")
    project.set_status(other, "ali", "done")
    assert project.count_with_status("ali", Status.DONE) == 1 and project.count_with_status("nobody", Status.DONE) == 0
    assert project.existing_documents([document, "missing"]) == {document}
    assert [d.length for d in project.documents([other])] == [len("نص آخر تماما")]


def test_a_new_action_drops_the_redo_steps(project: Project, document: str) -> None:
    project.add_span(document, "ali", 4, 9, "PER")
    project.undo("ali", document)
    project.add_span(document, "ali", 0, 3, "ORG")
    assert project.redo_name("ali", document) is None
    assert [s.label for s in project.spans(document)] == ["ORG"]


def test_undo_is_kept_per_annotator_and_document(project: Project, document: str) -> None:
    other, _ = project.add_document("نص آخر تماما")
    project.add_span(document, "ali", 4, 9, "PER")
    project.add_span(other, "ali", 0, 2, "PER")
    project.add_span(document, "mona", 0, 3, "ORG")
    project.undo("ali", document)
    assert [(s.annotator, s.label) for s in project.spans(document)] == [("mona", "ORG")]
    assert len(project.spans(other)) == 1


def test_undo_survives_reopening(project_path: Path) -> None:
    with Project(project_path) as project:
        document, _ = project.add_document(TEXT)
        project.add_span(document, "ali", 4, 9, "PER")
    with Project(project_path) as project:
        assert project.undo("ali", document).name == "Undo Add Span"
        assert project.spans(document) == []


def test_first_edit_marks_document_in_progress(project: Project, document: str) -> None:
    assert project.status(document, "ali") == Status.NEW
    project.add_span(document, "ali", 4, 9, "PER")
    assert project.status(document, "ali") == Status.IN_PROGRESS
    project.set_status(document, "ali", "done")
    project.add_span(document, "ali", 0, 3, "ORG")
    assert project.status(document, "ali") == Status.DONE
    with pytest.raises(ValidationError, match="status 'finished'"):
        project.set_status(document, "ali", "finished")


def test_frames_validate_slots_and_refuse_dangling_spans(project: Project, document: str) -> None:
    cue, speaker, content = project.add_spans(document, "ali", [(0, 3, "CUE"), (4, 16, "SPEAKER"), (20, 39, "CONTENT")]).ids
    frame_id = project.add_frame(
        document, "ali", "QUOTE",
        [SlotFiller("CUE", cue), SlotFiller("SPEAKER", speaker), SlotFiller("CONTENT", content)],
        {"mode": "indirect"},
    ).ids[0]
    frame = project.frame(frame_id)
    assert frame.filler_spans("SPEAKER") == [speaker]
    with pytest.raises(ValidationError, match="fills slot CUE"):
        project.delete_spans([cue])
    project.delete_spans([cue], cascade=True)
    assert project.frame(frame_id).filler_spans("CUE") == []
    project.undo("ali", document)
    assert project.frame(frame_id).filler_spans("CUE") == [cue]


def test_frame_slot_takes_only_its_labels(project: Project, document: str) -> None:
    (date,) = project.add_spans(document, "ali", [(34, 39, "DATE")]).ids
    with pytest.raises(ValidationError, match="slot CUE of QUOTE takes CUE, not DATE"):
        project.add_frame(document, "ali", "QUOTE", [SlotFiller("CUE", date)])
    assert project.frames(document) == []


def test_frame_attributes_are_typed(project: Project, document: str) -> None:
    with pytest.raises(SchemaError, match="count_min: 'two' is not a int"):
        project.add_frame(document, "ali", "CASUALTY_CLAIM", [], {"count_min": "two"})
    frame_id = project.add_frame(document, "ali", "CASUALTY_CLAIM", [], {"count_min": 2}).ids[0]
    assert project.frame(frame_id).attributes == {"count_min": 2, "outcome": "killed", "approximate": False, "hedged": False}
    project.set_frame_attributes(frame_id, {"count_max": 2, "outcome": "injured"})
    assert project.frame(frame_id).attributes["outcome"] == "injured"


def test_single_slot_is_replaced_many_slot_grows(project: Project, document: str) -> None:
    trigger, v1, v2, t2 = project.add_spans(
        document, "ali", [(26, 30, "TRIGGER"), (4, 9, "VICTIM"), (10, 16, "VICTIM"), (20, 25, "TRIGGER")]
    ).ids
    frame_id = project.add_frame(document, "ali", "CASUALTY_CLAIM", [SlotFiller("TRIGGER", trigger)]).ids[0]
    project.add_slot_filler(frame_id, SlotFiller("VICTIM", v1))
    project.add_slot_filler(frame_id, SlotFiller("VICTIM", v2))
    project.add_slot_filler(frame_id, SlotFiller("TRIGGER", t2))
    frame = project.frame(frame_id)
    assert frame.filler_spans("VICTIM") == [v1, v2]
    assert frame.filler_spans("TRIGGER") == [t2]


def test_a_failed_transaction_stores_nothing_and_forgets_added_labels(project: Project) -> None:
    with pytest.raises(ValidationError):
        with project.transaction():
            project.add_labels(["MIS0"])
            document, _ = project.add_document("نص")
            project.add_span(document, "ali", 0, 9, "MIS0")
    assert project.document_count() == 0
    assert not project.schema.has_label("MIS0")
    assert project.annotators() == []


def test_schema_without_a_used_label_is_refused(project: Project, document: str) -> None:
    project.add_span(document, "ali", 4, 9, "PER")
    from dataclasses import replace

    smaller = replace(project.schema, labels=tuple(l for l in project.schema.labels if l.name != "PER"))
    with pytest.raises(ValidationError, match="lacks label 'PER'"):
        project.set_schema(smaller)


def test_stats_count_labels_statuses_and_suggestions(project: Project, document: str) -> None:
    project.add_spans(document, "ali", [(4, 9, "PER"), (34, 39, "GPE")])
    project.add_suggestions(document, "frame", [{"frame": "QUOTE"}, {"frame": "QUOTE"}])
    first = project.suggestions(document)[0]
    project.decide_suggestion(first.id, "ali", "accepted")
    stats = project.stats()
    assert stats["labels"] == {"ali": {"GPE": 1, "PER": 1}}
    assert stats["statuses"] == {"ali": {"in_progress": 1, "new": 0}}
    figures = {"accepted": 1, "rejected": 0, "pending": 1, "precision": 1.0}
    assert stats["suggestions"] == {"frame": {**figures, "annotators": {"ali": figures}}}


def test_newer_file_is_refused(project_path: Path) -> None:
    with sqlite3.connect(project_path) as db:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', '9999_future', 'x')")
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project(project_path)


def test_missing_file_and_foreign_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project file"):
        Project(tmp_path / "nothing.db")
    (tmp_path / "notes.db").write_text("hello")
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project(tmp_path / "notes.db")
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project(tmp_path / "other.db")


def test_migrations_apply_once(project_path: Path) -> None:
    with Project(project_path):
        pass
    with sqlite3.connect(project_path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations")]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert len(names) == SCHEMA_VERSION


def test_older_file_is_backed_up_then_migrated(project_path: Path, monkeypatch) -> None:
    """Simulate a program with one more migration than the file has."""
    from annotator.storage import migrations

    @migrations.MIGRATIONS(name="9000_test_extra")
    def extra(db) -> None:
        db.execute("CREATE TABLE extra_test (x)")

    monkeypatch.setattr(migrations, "MIGRATION_NAMES", migrations.MIGRATION_NAMES + ["9000_test_extra"])
    monkeypatch.setattr("annotator.storage.database.MIGRATION_NAMES", migrations.MIGRATION_NAMES)
    monkeypatch.setattr("annotator.storage.database.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    try:
        with Project(project_path):
            pass
        backup = project_path.with_suffix(f".db.v{SCHEMA_VERSION}.bak")
        assert backup.exists()
        with sqlite3.connect(project_path) as db:
            assert db.execute("SELECT count(*) FROM extra_test").fetchone() == (0,)
        with sqlite3.connect(backup) as db:
            assert "extra_test" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        migrations.MIGRATIONS._migrations.pop()


def test_utf8_content_hashes_of_an_older_file_are_recomputed(project_path: Path) -> None:
    """A file from before migration 0004 holds UTF-8 hashes; once opened, its texts still dedupe."""
    text = "قال مسؤول 😀 إن"
    with Project(project_path) as project:
        document_id, _ = project.add_document(text)
    with sqlite3.connect(project_path) as db:
        db.execute("UPDATE documents SET content_hash = ?", [hashlib.sha256(text.encode()).hexdigest()])
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_utf16_content_hash'")
    with Project(project_path) as project:
        assert project.add_document(text) == (document_id, False)
        assert project.document(document_id).content_hash == content_hash(text)


def test_deleting_a_frame_with_its_slot_spans_keeps_entities(project: Project, document: str) -> None:
    cue, speaker, content = project.add_spans(document, "ali", [(0, 3, "CUE"), (4, 16, "PER"), (20, 39, "CONTENT")]).ids
    fillers = [SlotFiller("CUE", cue), SlotFiller("SPEAKER", speaker), SlotFiller("CONTENT", content)]
    frame_id = project.add_frame(document, "ali", "QUOTE", fillers).ids[0]
    project.clear_slot(frame_id, "CONTENT")
    assert project.frame(frame_id).filler_spans("CONTENT") == []
    project.delete_frames([frame_id], with_slot_spans=True)
    assert [s.label for s in project.spans(document)] == ["PER", "CONTENT"]  # CONTENT no longer filled the frame
    project.undo("ali", document)
    assert project.frame(frame_id).filler_spans("CUE") == [cue]


def test_decisions_are_recorded_replaced_and_undone_with_gold(project: Project, document: str) -> None:
    with project.operation("gold", document, "Accept"):
        project.add_span(document, "gold", 4, 9, "PER")
        first = project.record_decision(document, {"fingerprint": "f", "action": "take"}).ids[0]
    with project.operation("gold", document, "Reject"):
        project.record_decision(document, {"fingerprint": "f", "action": "reject"}, replaces=first)
    assert [r.payload["action"] for r in project.decisions(document)] == ["reject"]
    project.undo("gold", document)
    assert [r.payload["action"] for r in project.decisions(document)] == ["take"]
    project.undo("gold", document)
    assert project.decisions(document) == [] and project.spans(document, "gold") == []


def test_a_span_after_a_nul_character_lies_inside_the_text(project: Project) -> None:
    """SQL's length() stops at NUL; the project's idea of a text's length must not."""
    document_id, _ = project.add_document("فيه\x00صفر\x01وواحد")
    project.add_span(document_id, "ali", 4, 7, "PER")
    assert [(s.start, s.end) for s in project.spans(document_id, "ali")] == [(4, 7)]


def test_an_older_file_loses_its_span_links_and_their_undo_steps(project_path: Path) -> None:
    """Span links had no producer a user could reach (migration 0012 drops them)."""
    with Project(project_path) as project:
        document_id, _ = project.add_document("قال مسؤول أميركي")
        project.add_span(document_id, "mona", 4, 9, "PER")
    with sqlite3.connect(project_path) as db:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0012_drop_span_links'")
        db.execute("CREATE TABLE links (id INTEGER PRIMARY KEY, document_id TEXT, annotator_id INTEGER, source_span_id INTEGER,"
                   " target_span_id INTEGER, role TEXT)")
        db.execute("INSERT INTO links VALUES (1, ?, 1, 1, 1, 'speaker')", [document_id])
        step = db.execute("INSERT INTO undo_steps (annotator_id, document_id, name, created) VALUES (1, ?, 'Add Link', 'x')",
                          [document_id]).lastrowid
        db.execute("INSERT INTO undo_rows (step_id, tbl, row_id, before, after) VALUES (?, 'links', 1, NULL, '{}')", [step])
    with Project(project_path) as project:
        assert project.undo_name("mona", document_id) == "Add Span"
        assert len(project.spans(document_id)) == 1
    with sqlite3.connect(project_path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'links'").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM undo_rows WHERE tbl = 'links'").fetchone() == (0,)
