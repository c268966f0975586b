"""Team work in the core: balanced assignment, progress figures, comments and flags."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import combinations

import pytest

from annotator import Project
from annotator.assignment import parse_annotators, plan_assignment
from annotator.errors import NotFoundError, ValidationError
from annotator.model import Status
from annotator.team_progress import duration, team_progress


@pytest.mark.parametrize("documents, annotators, k", [(37, 3, 2), (40, 5, 2), (12, 4, 3), (9, 3, 1), (50, 10, 2)])
def test_each_document_gets_k_annotators_balanced_in_load_and_in_pairs(documents: int, annotators: int, k: int) -> None:
    names = [f"a{i}" for i in range(annotators)]
    plan = plan_assignment([f"d{i}" for i in range(documents)], names, k, seed=7)
    assert all(len(set(chosen)) == k for chosen in plan.documents.values())
    load = plan.load()
    assert sum(load.values()) == documents * k and max(load.values()) - min(load.values()) <= 1
    if k > 1:
        shared = plan.overlaps()
        assert set(shared) == set(combinations(sorted(names), 2))
        expected = documents * k * (k - 1) / (annotators * (annotators - 1))
        assert all(abs(n - expected) <= max(2, expected * 0.35) for n in shared.values()), shared


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    ids = [f"d{i}" for i in range(30)]
    assert plan_assignment(ids, ["a", "b", "c"], 2, seed=1) == plan_assignment(ids, ["a", "b", "c"], 2, seed=1)
    assert plan_assignment(ids, ["a", "b", "c"], 2, seed=1) != plan_assignment(ids, ["a", "b", "c"], 2, seed=2)


@pytest.mark.parametrize("value, message", [("a,,b", "an empty name"), ("a,b,a", "a is named twice")])
def test_annotator_lists_are_checked(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_annotators(value)


def test_k_must_fit_the_annotators() -> None:
    with pytest.raises(ValidationError, match="between 1 and the 2 annotators"):
        plan_assignment(["d"], ["a", "b"], 3)


def test_assignments_are_stored_and_replace_those_of_the_same_documents(project: Project) -> None:
    first, _ = project.add_document("نص أول")
    second, _ = project.add_document("نص ثان")
    project.assign({first: ["a", "b"], second: ["b", "c"]})
    project.assign({first: ["c"]})
    assert project.assignments() == {first: ("c",), second: ("b", "c")}
    assert {"a", "b", "c"} <= set(project.annotators())
    with pytest.raises(NotFoundError):
        project.assign({"nope": ["a"]})


def _later(stamp: str, seconds: int) -> str:
    return (datetime.fromisoformat(stamp) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def test_progress_counts_assigned_in_progress_done_spans_and_the_median_time(project: Project) -> None:
    ids = [project.add_document(f"وثيقة رقم {n} فيها كلمات")[0] for n in range(4)]
    project.assign({ids[0]: ["ali", "mona"], ids[1]: ["ali"], ids[2]: ["ali"], ids[3]: ["mona"]})
    for document_id, seconds in ((ids[0], 60), (ids[1], 180), (ids[2], 600)):
        project.add_span(document_id, "ali", 0, 5, "PER")
        first = project.spans(document_id, "ali")[0].created
        project.set_status(document_id, "ali", Status.DONE, at=_later(first, seconds))
    project.add_span(ids[3], "mona", 0, 5, "ORG")
    project.add_span(ids[3], "mona", 6, 9, "LOC")
    (ali, mona) = team_progress(project)
    assert (ali.annotator, ali.assigned, ali.in_progress, ali.done, ali.spans, ali.median_seconds) == ("ali", 3, 0, 3, 3, 180.0)
    assert (mona.annotator, mona.assigned, mona.in_progress, mona.done, mona.spans, mona.median_seconds) == ("mona", 2, 1, 0, 2, None)


def test_durations_read_as_a_person_says_them() -> None:
    assert [duration(s) for s in (None, 42, 245, 3720)] == ["-", "42 s", "4 min 05 s", "1 h 02 min"]


def test_comments_on_documents_and_spans_keep_the_spans_place(project: Project, document: str) -> None:
    span_id = project.add_span(document, "ali", 4, 9, "PER").ids[0]
    project.add_comment(document, "ali", "هل هو شخص؟", unsure=True, span_id=span_id)
    project.add_comment(document, "mona", "المصدر غير واضح")
    project.delete_spans([span_id])
    on_span, on_document = project.comments([document])
    assert (on_span.annotator, on_span.unsure, on_span.span_id, on_span.start, on_span.end) == ("ali", True, None, 4, 9)
    assert on_span.describe() == "ali on 4..9: unsure: هل هو شخص؟"
    assert on_document.describe() == "mona on document: المصدر غير واضح"
    assert project.status(document, "mona") == Status.NEW  # a comment is not an edit
    project.delete_comment(on_document.id)
    assert [c.id for c in project.comments()] == [on_span.id]


def test_comments_and_their_removal_undo_and_redo_per_annotator(project: Project, document: str) -> None:
    span_id = project.add_span(document, "ali", 4, 9, "PER").ids[0]
    project.add_comment(document, "mona", "المصدر غير واضح")
    flagged = project.add_comment(document, "ali", unsure=True, span_id=span_id).ids[0]
    assert project.undo_name("ali", document) == "Flag Unsure"
    assert project.undo_name("mona", document) == "Comment"
    project.undo("ali", document)
    assert [c.annotator for c in project.comments()] == ["mona"]
    project.redo("ali", document)
    assert [c.id for c in project.comments() if c.annotator == "ali"] == [flagged]
    project.delete_comment(flagged, "badr")  # the lead removes ali's flag: badr's step
    assert project.undo_name("badr", document) == "Remove Comment"
    assert [c.annotator for c in project.comments()] == ["mona"]
    project.undo("badr", document)
    restored = [c for c in project.comments() if c.id == flagged]
    assert [(c.annotator, c.unsure, c.span_id, c.start, c.end) for c in restored] == [("ali", True, span_id, 4, 9)]
    assert project.status(document, "badr") == Status.NEW


def test_a_comment_needs_text_or_a_flag_and_its_span_in_its_document(project: Project, document: str) -> None:
    other, _ = project.add_document("نص آخر تماما")
    span_id = project.add_span(other, "ali", 0, 2, "PER").ids[0]
    with pytest.raises(ValidationError, match="needs some text"):
        project.add_comment(document, "ali", "  ")
    with pytest.raises(ValidationError, match="is not in document"):
        project.add_comment(document, "ali", "x", span_id=span_id)
    assert project.comments() == []


def test_comments_go_out_with_the_jsonl_export_and_come_back_with_its_import(tmp_path) -> None:
    from annotator.export import ExportOptions, export_project as export
    from annotator.importing import import_paths

    source = tmp_path / "a.db"
    with Project.create(source) as project:
        document, _ = project.add_document("قال مسؤول أميركي إن اثنين قتلا", id="d1")
        span_id = project.add_span(document, "ali", 4, 9, "PER").ids[0]
        project.add_comment(document, "ali", "", unsure=True, span_id=span_id)
        project.add_comment(document, "mona", "المصدر؟")
        project.set_status(document, "ali", Status.DONE)
        export(project, tmp_path / "out.jsonl", ExportOptions(format="jsonl", annotator="ali"))
    line = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    import json

    written = json.loads(line)["comments"]
    assert [(c["annotator"], c["unsure"], c["text"], c["start"], c["end"]) for c in written] == [
        ("ali", True, "", 4, 9), ("mona", False, "المصدر؟", None, None)]
    with Project.create(tmp_path / "b.db") as copy:
        import_paths(copy, [tmp_path / "out.jsonl"])
        assert [c.describe() for c in copy.comments()] == ["ali on 4..9: unsure", "mona on document: المصدر؟"]
        export(copy, tmp_path / "again.jsonl", ExportOptions(format="jsonl", annotator="ali"))
    again = json.loads((tmp_path / "again.jsonl").read_text(encoding="utf-8"))["comments"]
    assert [{k: v for k, v in c.items() if k != "created"} for c in again] == [{k: v for k, v in c.items() if k != "created"} for c in written]
