"""Invisible marks at import: counted and reported, or removed with offsets moved (--strip-marks)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator import Project
from annotator.importing import import_paths
from annotator.text.canonical import count_marks, normalize_input

TEXT = "قال \u200eرويترز (\u200fد ب أ) 🏳️\u200d🌈 ك\u200cلمة"


def test_marks_are_counted_and_removed_with_offsets_moved() -> None:
    assert count_marks(TEXT) == {"LEFT-TO-RIGHT MARK": 1, "RIGHT-TO-LEFT MARK": 1, "ZERO WIDTH NON-JOINER": 1}
    normalized = normalize_input(TEXT, strip_marks=True)
    assert normalized.text == "قال رويترز (د ب أ) 🏳️\u200d🌈 كلمة"  # the emoji's joiner stays
    start, end = TEXT.index("\u200eرويترز"), TEXT.index(" (")
    assert normalized.text[normalized.move_start(start) : normalized.move_end(end)] == "رويترز"
    assert normalize_input(TEXT).text == TEXT


def test_import_reports_marks_and_strips_them_on_request(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    start = TEXT.index("\u200eرويترز")
    path.write_text(json.dumps({"text": TEXT, "spans": [{"start": start, "end": start + 7, "label": "ORG"}]}) + "\n")
    with Project.create(tmp_path / "kept.db") as kept:
        report = import_paths(kept, [path])
        assert f"{path}: 3 invisible marks kept in the text (LEFT-TO-RIGHT MARK 1, RIGHT-TO-LEFT MARK 1, ZERO WIDTH NON-JOINER 1); --strip-marks removes them" in report.lines()
    with Project.create(tmp_path / "stripped.db") as stripped:
        report = import_paths(stripped, [path], strip_marks=True)
        assert report.lines()[0].startswith(f"{path}: removed 3 invisible marks")
        (document_id,) = stripped.document_ids()
        text = stripped.document(document_id).text
        (span,) = stripped.spans(document_id)
        assert "\u200e" not in text and text[span.start : span.end] == "رويترز"


def test_newsfane_stripped_keeps_every_span_on_its_words(shared_dir: Path, tmp_path: Path) -> None:
    with Project.create(tmp_path / "nf.db") as project:
        report = import_paths(project, [shared_dir / "corpora" / "newsfane_gold"], lenient=True, strip_marks=True)
        assert report.ok and report.files[0].marks["LEFT-TO-RIGHT MARK"] == 152_599
        (document,) = project.iter_documents(project.document_ids())
        assert "\u200e" not in document.text
        assert all(end > start and not document.text[start:end].isspace() for start, end in document.tokens)
        spans = project.spans(document.id)
        assert len(spans) == report.spans
        assert all(document.text[s.start : s.end] == document.text[s.start : s.end].strip() != "" for s in spans)
