"""The export driver: files per split part, progress, cancelling, no half-written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import Project
from annotator.errors import FormatError
from annotator.export import ExportOptions, export_project, plan_export
from annotator.model import Status

SPLIT = (("train", 0.6), ("dev", 0.2), ("test", 0.2))


@pytest.fixture
def ten(project: Project) -> list[str]:
    """Ten documents, each with one PER span by ali, all done."""
    ids = []
    for n in range(10):
        document_id, _ = project.add_document(f"قال محمد {n} اليوم", id=f"d{n}")
        project.add_span(document_id, "ali", 4, 8, "PER")
        project.set_status(document_id, "ali", Status.DONE)
        ids.append(document_id)
    return ids


def ids_in(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_split_writes_one_file_per_part_by_document(project: Project, ten, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    report = export_project(project, out, ExportOptions(format="jsonl", split=SPLIT, seed=1))
    assert not out.exists()
    parts = {part.part: ids_in(Path(part.path)) for part in report.parts}
    assert [Path(part.path).name for part in report.parts] == ["corpus.train.jsonl", "corpus.dev.jsonl", "corpus.test.jsonl"]
    assert [len(parts[name]) for name, _ in SPLIT] == [6, 2, 2]
    assert sorted(sum(parts.values(), [])) == sorted(ten)
    for ids in parts.values():  # each part keeps the project's order
        assert ids == sorted(ids, key=ten.index)
    again = export_project(project, tmp_path / "again.conll", ExportOptions(split=SPLIT, seed=1))
    assert [part.documents for part in again.parts] == [6, 2, 2]
    assert (tmp_path / "again.test.conll").read_text(encoding="utf-8").count("-DOCSTART-") == 2
    assert report.documents == 10 and report.spans == 10


def test_progress_after_each_document(project: Project, ten, tmp_path: Path) -> None:
    calls = []
    export_project(project, tmp_path / "o.conll", progress=lambda *call: calls.append(call))
    assert calls == [(n + 1, 10, document_id) for n, document_id in enumerate(ten)]


def test_cancel_writes_nothing_and_keeps_the_earlier_file(project: Project, ten, tmp_path: Path) -> None:
    out = tmp_path / "o.conll"
    out.write_text("earlier export", encoding="utf-8")
    asked = []

    def cancel_on_fourth() -> bool:
        asked.append(1)
        return len(asked) == 4

    report = export_project(project, out, should_cancel=cancel_on_fourth)
    assert report.cancelled and report.documents == 3
    assert out.read_text(encoding="utf-8") == "earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.conll"]


def test_unwritable_output_is_a_one_line_error(project: Project, ten, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"missing/o.conll: cannot write the file: No such file or directory$"):
        export_project(project, tmp_path / "missing" / "o.conll")


def test_the_project_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        project.add_span(project.add_document("قال محمد")[0], "ali", 4, 8, "PER")
        with pytest.raises(FormatError, match=r"p.db: is the project file itself; choose another output file$"):
            export_project(project, tmp_path / "." / "p.db", ExportOptions(status="any"))
        assert project.document_count() == 1


def test_documents_not_done_and_labels_not_chosen_are_not_exported(project: Project, ten, tmp_path: Path) -> None:
    project.set_status(ten[0], "ali", Status.IN_PROGRESS)
    report = export_project(project, tmp_path / "o.jsonl", ExportOptions(format="jsonl", labels=("ORG",)))
    assert ids_in(tmp_path / "o.jsonl") == ten[1:]
    assert report.spans == 0 and report.labels == ("ORG",)


def test_the_plan_says_what_will_be_written_and_writes_nothing(project: Project, ten, tmp_path: Path) -> None:
    plan = plan_export(project, tmp_path / "corpus.conll", ExportOptions(split=SPLIT, seed=1))
    assert (plan.annotator, plan.document_ids) == ("ali", ten)
    assert [(name, path.name) for name, path in plan.paths.items()] == [
        ("train", "corpus.train.conll"), ("dev", "corpus.dev.conll"), ("test", "corpus.test.conll")]
    assert sorted(plan.part_of) == sorted(ten) and list(tmp_path.iterdir()) == []
    report = export_project(project, tmp_path / "corpus.conll", ExportOptions(split=SPLIT, seed=1))
    assert {part.part: part.documents for part in report.parts} == {"train": 6, "dev": 2, "test": 2}
