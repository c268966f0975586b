"""One proclitic convention per project: spans moved to it with the segmenter, undoably."""

from __future__ import annotations

import json
from pathlib import Path

from annotator import Project
from annotator.agreement.compute import compute_agreement
from annotator.agreement.report import agreement_json
from annotator.conventions import apply_proclitics
from annotator.export import ExportOptions, export_project
from annotator.importing import import_paths

TEXT = "قالت ورويترز إن رويترز نقلت عن ليفي وبلينكن."
#       0123456789012345678901234567890123456789012


def spans(project: Project, document_id: str, annotator: str) -> list[str]:
    text = project.document(document_id).text
    return [text[s.start : s.end] for s in project.spans(document_id, annotator)]


def test_outside_moves_proclitic_starts_and_cuts_no_name(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    project.add_spans(document_id, "corpus", [(5, 12, "ORG"), (16, 22, "ORG"), (31, 35, "PER"), (36, 43, "PER")])
    project.add_span(document_id, "mona", 6, 12, "ORG")
    assert project.schema.proclitics == "outside"

    dry = apply_proclitics(project, "outside", dry_run=True)
    assert [str(m) for m in dry] == [f"{document_id} corpus ORG 5..12 «ورويترز» -> 6..12 «رويترز»"]
    assert spans(project, document_id, "corpus")[0] == "ورويترز"  # a dry run changes nothing

    moved = apply_proclitics(project, "outside")
    assert [(m.span_id, m.after) for m in moved] == [(dry[0].span_id, (6, 12))]
    assert spans(project, document_id, "corpus") == ["رويترز", "رويترز", "ليفي", "وبلينكن"]  # no evidence: وبلينكن kept
    assert project.undo_name("corpus", document_id) == "Proclitics Outside"
    project.undo("corpus", document_id)
    assert spans(project, document_id, "corpus")[0] == "ورويترز"


def test_inside_moves_starts_back_and_is_recorded_in_the_schema(project_path: Path) -> None:
    with Project(project_path) as project:
        document_id, _ = project.add_document(TEXT)
        project.add_span(document_id, "mona", 6, 12, "ORG")
        moved = apply_proclitics(project, "inside", annotator="mona")
        assert [m.text_after for m in moved] == ["ورويترز"]
    with Project(project_path) as again:
        assert again.schema.proclitics == "inside"


def test_after_outside_two_conventions_give_the_same_conll_tags(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document(TEXT)
    project.add_span(document_id, "corpus", 5, 12, "ORG")  # proclitic inside, as a CoNLL corpus has it
    project.add_span(document_id, "mona", 6, 12, "ORG")  # the workbench's snapping
    apply_proclitics(project, "outside")
    tags = []
    for annotator in ("corpus", "mona"):
        out = tmp_path / f"{annotator}.conll"
        export_project(project, out, ExportOptions(format="conll", status="any", annotator=annotator, segment_clitics=True))
        tags.append(out.read_text(encoding="utf-8"))
    assert tags[0] == tags[1]
    assert "و\tO\nرويترز\tB-ORG" in tags[0]


def test_import_reports_spans_off_the_convention(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    spans = [{"start": 5, "end": 12, "label": "ORG"}, {"start": 31, "end": 35, "label": "PER"}]
    path.write_text(json.dumps({"text": TEXT, "spans": spans}, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert f"{path}: 1 span begins with a proclitic (the project keeps proclitics outside; " \
           "'annotator conventions DB --proclitics outside' moves them)" in report.lines()


def test_agreement_can_ignore_proclitic_boundaries(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    project.add_span(document_id, "corpus", 5, 12, "ORG")  # «ورويترز»
    project.add_span(document_id, "mona", 6, 12, "ORG")  # «رويترز»
    compared = compute_agreement(project, ["corpus", "mona"], include_all=True)
    ignored = compute_agreement(project, ["corpus", "mona"], include_all=True, ignore_proclitics=True)
    assert compared.pairs[0].span_exact.f1 == 0.0 and ignored.pairs[0].span_exact.f1 == 1.0
    assert (agreement_json(compared)["proclitics"], agreement_json(ignored)["proclitics"]) == ("compared", "ignored")
    assert [s.start for s in project.spans(document_id, "corpus")] == [5]  # nothing stored changes
