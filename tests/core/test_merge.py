"""Merging project files: documents by text, annotators' versions, conflicts, statuses, schemas.

Edit times come from a fake clock (``annotator.project.now`` patched to tick one second a
call), so "newer" never depends on how fast the test runs.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from itertools import count
from pathlib import Path

import pytest

import annotator.project
from annotator import Project
from annotator.errors import SchemaError
from annotator.merge import MERGE_STEP, file_names, merge_file, merge_files
from annotator.model import SlotFiller, Status

TEXT = "قال مسؤول أميركي إن اثنين قتلا في سوريا ونقلت وكالة رويترز عن وزارة الدفاع الروسية"
OTHER_TEXT = "قتل عشرة مدنيين في غارة على إدلب"


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = count()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    monkeypatch.setattr(annotator.project, "now", lambda: (start + timedelta(seconds=next(ticks))).isoformat(timespec="milliseconds"))


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path, str]:
    """Two copies of one project holding TEXT: alice works in the first, bob in the second."""
    base = tmp_path / "base.db"
    with Project.create(base) as project:
        document_id, _ = project.add_document(TEXT, title="خبر", meta={"date": "2018-02-14"})
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    shutil.copy(base, alice)
    shutil.copy(base, bob)
    return alice, bob, document_id


def table_dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


def claim(project: Project, document_id: str, name: str) -> None:
    ids = project.add_spans(document_id, name, [(*at("قتلا"), "TRIGGER"), (*at("اثنين"), "COUNT"), (*at("وكالة رويترز"), "ORG")]).ids
    project.add_frame(document_id, name, "CASUALTY_CLAIM", [SlotFiller("TRIGGER", ids[0]), SlotFiller("COUNT", ids[1]),
                                                            SlotFiller("SOURCE", ids[2])], {"count_min": 2})
    project.add_spans(document_id, name, [(*at("قال"), "CUE"), (*at("مسؤول"), "PER")])


def shape(project: Project, document_id: str, name: str) -> tuple:
    """One annotator's work by content, ids replaced by offsets."""
    spans = {s.id: (s.start, s.end, s.label) for s in project.spans(document_id, name)}
    frames = [(f.type, dict(f.attributes), sorted((x.slot, spans[x.span_id]) for x in f.fillers)) for f in project.frames(document_id, name)]
    return sorted(spans.values()), frames


def test_work_of_two_copies_comes_together_and_merging_again_changes_nothing(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(alice_path) as alice:
        claim(alice, document_id, "alice")
        alice.set_status(document_id, "alice", "done")
        expected = shape(alice, document_id, "alice")
        times = sorted((s.created, s.updated) for s in alice.spans(document_id, "alice"))
    with Project(bob_path) as bob:
        bob.add_spans(document_id, "bob", [(*at("سوريا"), "GPE")])
        bob.set_status(document_id, "bob", "done")
        report = merge_file(bob, alice_path)
        assert report.annotators_added == ["alice"] and report.documents_matched == 1 and not report.documents_added
        assert [(a.annotator, a.spans, a.frames) for a in report.added] == [("alice", 5, 1)]
        assert report.conflicts == [] and report.statuses == 1 and report.schema_differences == []
        assert shape(bob, document_id, "alice") == expected
        assert bob.status(document_id, "alice") == Status.DONE and bob.status(document_id, "bob") == Status.DONE
        assert sorted((s.created, s.updated) for s in bob.spans(document_id, "alice")) == times  # times kept
        assert bob.undo_name("alice", document_id) == MERGE_STEP + "alice.db"
        assert report.changes.documents == {document_id}
    before = table_dump(bob_path)
    with Project(bob_path) as bob:
        again = merge_file(bob, alice_path)
    assert again.added == [] and again.conflicts == [] and again.statuses == 0 and again.unchanged == 1
    assert again.changes.empty
    assert table_dump(bob_path) == before


def test_documents_match_by_text_and_new_ones_are_added(copies: tuple[Path, Path, str], tmp_path: Path) -> None:
    alice_path, _, document_id = copies
    other = tmp_path / "other.db"
    with Project.create(other) as project:
        same, _ = project.add_document(TEXT, id="another-id")
        new, _ = project.add_document(OTHER_TEXT, id=document_id, title="غارة", meta={"n": 1}, tokens=[(0, 3), (4, 8)])
        project.add_span(same, "carol", *at("سوريا"), "GPE")
        project.add_span(new, "carol", *at("إدلب", OTHER_TEXT), "GPE")
    with Project(alice_path) as alice:
        report = merge_file(alice, other)
        assert report.documents_matched == 1 and report.documents_added == [f"{document_id}-2"]
        added = alice.document(f"{document_id}-2")
        assert (added.text, added.title, added.meta, added.tokens) == (OTHER_TEXT, "غارة", {"n": 1}, ((0, 3), (4, 8)))
        assert [(s.start, s.end) for s in alice.spans(document_id, "carol")] == [at("سوريا")]
        assert [(s.start, s.end) for s in alice.spans(added.id, "carol")] == [at("إدلب", OTHER_TEXT)]
        assert report.changes.corpus and report.changes.annotators


def conflicting(copies: tuple[Path, Path, str]) -> tuple[Path, Path, str]:
    """alice annotated in both copies: first in alice.db, later (otherwise) in bob.db."""
    alice_path, bob_path, document_id = copies
    with Project(alice_path) as project:
        project.add_spans(document_id, "alice", [(*at("سوريا"), "GPE"), (*at("رويترز"), "ORG")])
    with Project(bob_path) as project:
        project.add_spans(document_id, "alice", [(*at("سوريا"), "LOC")])
    return copies


def test_a_conflict_is_resolved_by_the_newer_edit_and_reported(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = conflicting(copies)
    with Project(alice_path) as project:
        report = merge_file(project, bob_path)
        (conflict,) = report.conflicts
        assert (conflict.annotator, conflict.kept, conflict.db_spans, conflict.other_spans) == ("alice", "other", 2, 1)
        assert conflict.db_edited < conflict.other_edited  # type: ignore[operator]
        assert [s.label for s in project.spans(document_id, "alice")] == ["LOC"]
        project.undo("alice", document_id)  # the replaced version is not lost
        assert [s.label for s in project.spans(document_id, "alice")] == ["GPE", "ORG"]
    with Project(bob_path) as project:
        report = merge_file(project, alice_path)
        assert [(c.kept, c.db_spans, c.other_spans) for c in report.conflicts] == [("db", 1, 2)]
        assert [s.label for s in project.spans(document_id, "alice")] == ["LOC"]


def test_a_deletion_is_an_edit(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(alice_path) as project:
        project.add_spans(document_id, "alice", [(*at("سوريا"), "GPE"), (*at("رويترز"), "ORG")])
    shutil.copy(alice_path, bob_path)
    with Project(bob_path) as project:
        project.delete_spans([project.spans(document_id, "alice")[0].id])
    with Project(alice_path) as project:
        report = merge_file(project, bob_path)
        assert [c.kept for c in report.conflicts] == ["other"]
        assert [s.label for s in project.spans(document_id, "alice")] == ["ORG"]


def test_the_later_status_wins(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(alice_path) as project:
        project.add_span(document_id, "alice", *at("سوريا"), "GPE")
    shutil.copy(alice_path, bob_path)
    with Project(bob_path) as project:
        project.set_status(document_id, "alice", "done")
    with Project(alice_path) as project:
        report = merge_file(project, bob_path)
        assert report.statuses == 1 and report.unchanged == 1 and project.status(document_id, "alice") == Status.DONE
        project.set_status(document_id, "alice", "in_progress")
        assert merge_file(project, bob_path).statuses == 0
        assert project.status(document_id, "alice") == Status.IN_PROGRESS


def test_schema_differences_are_reported_and_unknown_labels_refused(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(bob_path) as project:
        schema = project.schema
        project.set_schema(replace(schema, labels=(replace(schema.labels[0], color="#000000"),) + schema.labels[1:]))
        project.add_span(document_id, "bob", *at("سوريا"), "PER")
    with Project(alice_path) as project:
        report = merge_file(project, bob_path)
        assert report.schema_differences == ["label PER: color is '#eeaa55' in alice.db, '#000000' in bob.db"]
        assert len(report.added) == 1
    with Project(bob_path) as project:
        project.add_labels(["حدث_جديد"])
        project.add_span(document_id, "carol", *at("رويترز"), "حدث_جديد")
    before = table_dump(alice_path)
    with Project(alice_path) as project, pytest.raises(SchemaError, match="label 'حدث_جديد', which the schema of this project lacks"):
        merge_file(project, bob_path)
    assert table_dump(alice_path) == before


def test_a_file_that_fails_merges_nothing(copies: tuple[Path, Path, str], tmp_path: Path) -> None:
    alice_path, bob_path, document_id = copies
    with Project(bob_path) as project:
        project.add_document(OTHER_TEXT)
        project.add_span(document_id, "bob", *at("سوريا"), "GPE")
    newer = tmp_path / "newer.db"
    shutil.copy(bob_path, newer)
    with sqlite3.connect(newer) as db:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', '9999_future', 'x')")
    before = table_dump(alice_path)
    with Project(alice_path) as project:
        outcome = merge_files(project, [newer])
    assert not outcome.ok and outcome.reports == []
    assert len(outcome.errors) == 1 and "newer version of annotator" in outcome.errors[0]
    assert table_dump(alice_path) == before
    with Project(alice_path) as project:
        outcome = merge_files(project, [newer, bob_path, bob_path])
    assert [len(r.documents_added) for r in outcome.reports] == [1, 0]
    assert outcome.summary() == "merged 2 of 3 project files; 0 conflicts, 1 failed"
    assert outcome.lines()[-1].startswith(f"failed: {newer}")


def test_merging_stops_before_the_next_file_once_cancelled(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, _document_id = copies
    with Project(alice_path) as project:
        outcome = merge_files(project, [bob_path, bob_path], should_cancel=lambda: True)
    assert outcome.reports == [] and outcome.skipped == [str(bob_path), str(bob_path)]
    assert outcome.lines() == [f"not merged (cancelled): {bob_path}"] * 2


def test_merge_reports_progress(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    seen = []
    with Project(alice_path) as project:
        merge_file(project, bob_path, progress=lambda done, total, message: seen.append((done, total, message)))
    assert seen == [(1, 1, document_id)]



def test_comments_and_flags_come_with_the_copy_once_on_their_span(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(bob_path) as bob:
        span_id = bob.add_span(document_id, "bob", *at("مسؤول"), "PER").ids[0]
        bob.add_comment(document_id, "bob", "من هو؟", unsure=True, span_id=span_id)
        bob.add_comment(document_id, "bob", "المصدر غير مذكور")
    with Project(alice_path) as alice:
        report = merge_file(alice, bob_path)
        assert "comments: 2 taken from bob.db" in report.lines()
        (on_span, on_document) = alice.comments([document_id])
        assert (on_span.annotator, on_span.unsure, on_span.text, (on_span.start, on_span.end)) == ("bob", True, "من هو؟", at("مسؤول"))
        assert on_span.span_id == alice.spans(document_id, "bob")[0].id
        assert on_document.describe() == "bob on document: المصدر غير مذكور"
        assert merge_file(alice, bob_path).comments == 0
        assert len(alice.comments()) == 2



def test_assignments_come_with_the_copy_added_to_ours_once(copies: tuple[Path, Path, str]) -> None:
    alice_path, bob_path, document_id = copies
    with Project(alice_path) as alice:
        alice.assign({document_id: ["alice"]})
    with Project(bob_path) as bob:
        bob.assign({document_id: ["bob", "alice"]})
    with Project(alice_path) as alice:
        report = merge_file(alice, bob_path)
        assert "assignments: 1 taken from bob.db" in report.lines()
        assert alice.assignments() == {document_id: ("alice", "bob")}
        assert merge_file(alice, bob_path).assignments == 0
        assert alice.assignments() == {document_id: ("alice", "bob")}


def test_each_statement_on_someone_elses_file_has_its_own_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: a statement that runs too long is stopped, and the limit is per statement,
    not for the whole file (reading a large file takes as long as it needs)."""
    import time

    from annotator.storage import database

    path = tmp_path / "theirs.db"
    Project.create(path).close()
    monkeypatch.setattr(database, "UNTRUSTED_SECONDS", 0.5)
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    counted = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000) SELECT count(*) FROM c"
    db = database.open_database(path, read_only=True)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            db.execute(endless).fetchone()
        assert time.monotonic() - started < 3
        for _ in range(4):  # 0.8 s in all, past the limit: each statement is timed alone
            assert db.execute(counted).fetchone() == (50000,)
            time.sleep(0.2)
    finally:
        db.close()


def test_messages_name_the_files_by_name_or_by_path_where_names_are_alike() -> None:
    assert file_names("/work/alice.db", "copies/bob.db") == ("alice.db", "bob.db")
    assert file_names("lead/mona.db", "home/mona.db") == ("lead/mona.db", "home/mona.db")
