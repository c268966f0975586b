"""Inputs people have: a BOM alone, UTF-16 and Windows Arabic, CR-only CoNLL, an empty
folder; and nothing read from a file lost or changed without a word."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator import Project
from annotator.errors import FormatError
from annotator.export import ExportOptions, export_project
from annotator.formats import read_source
from annotator.formats.encoding import detect_encoding
from annotator.importing import import_paths

ARTICLE = "مقتل مقاتليْن روسيين\n\nقالت مصادر إن مقاتلين روسيين قتلا في سوريا.\n"


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["bom.txt", "bom.jsonl", "bom.conll", "bom"])
@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n  \r\n", b"\xff\xfe", b"\xff\xfe\n\x00"])
def test_a_file_of_only_a_bom_is_one_error_line(project: Project, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = import_paths(project, [path])
    assert len(report.errors) == 1 and re.fullmatch(f"{re.escape(str(path))}: file (is empty|holds no .*)", report.errors[0])
    assert project.document_count() == 0


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff"), ("utf-16-be", b""),
     ("cp1256", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_utf16_and_windows_arabic_are_detected_and_decoded(project: Project, tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + ARTICLE.replace("\n", "\r\n").encode(encoding))
    report = import_paths(project, [path])
    assert report.ok, report.errors
    [document] = [project.document(d) for d in project.document_ids()]
    assert document.title == "مقتل مقاتليْن روسيين"
    assert document.text == ARTICLE.rstrip("\n")
    notes = report.files[0].notes
    if encoding == "utf-8":
        assert notes == []
    else:
        assert notes == [f"{path}: read as {detect_encoding(path)} (detected; name another with --encoding)"]


def test_utf16_jsonl_with_spans_keeps_its_offsets(project: Project, tmp_path: Path) -> None:
    line = json.dumps({"text": "قال بوتين إن", "spans": [{"start": 4, "end": 9, "label": "PER"}]}, ensure_ascii=False)
    path = tmp_path / "posts.jsonl"
    path.write_bytes((line + "\n").encode("utf-16-le"))
    assert import_paths(project, [path]).ok
    [span] = project.spans(project.document_ids()[0])
    assert (span.start, span.end, span.label) == (4, 9, "PER")


def test_an_undecodable_file_names_the_line_and_the_encoding_option(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("سطر أول\n".encode() + "سطر ثان\n".encode("cp1256"))
    report = import_paths(project, [path])
    assert report.errors == [
        f"{path}:2: invalid UTF-8: byte 0xd3 at byte 1 of the line; "
        "if the file is in another encoding, name it with --encoding (utf-16, cp1256...)"
    ]
    assert project.document_count() == 0


def test_an_encoding_given_is_used_and_an_unknown_one_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("سلم".encode("cp1256"))  # too short to tell from stray bytes
    assert not import_paths(project, [path]).ok
    assert import_paths(project, [path], encoding="cp1256").ok
    assert project.document(project.document_ids()[0]).text == "سلم"
    with pytest.raises(FormatError, match="unknown encoding 'klingon'"):
        import_paths(project, [path], encoding="klingon")


def test_conll_with_cr_only_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "old_mac.conll"
    path.write_bytes("قال O\rبوتين B-PER\r\rإن O\r".encode())
    [document] = read_source(path).documents
    assert document.text == "قال بوتين\nإن"
    assert [(s.start, s.end, s.label) for s in document.spans] == [(4, 9, "PER")]


def test_an_empty_folder_says_so(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "README.md").write_text("about", encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.errors == [f"{folder}: folder holds no files to import"]


def test_repeated_ids_and_spans_are_reported(project: Project, tmp_path: Path) -> None:
    span = {"start": 0, "end": 3, "label": "PER"}
    path = write_jsonl(
        tmp_path / "g.jsonl", {"id": "g1", "text": "علي قال"}, {"id": "g1", "text": "منى قالت", "spans": [span, span]}
    )
    report = import_paths(project, [path])
    assert report.files[0].notes == [
        f"{path}:2: id 'g1' is taken; stored as 'g1-2'",
        f"{path}:2: span 0..3 PER is given twice; stored once",
    ]
    assert len(project.spans("g1-2")) == 1


def test_a_copy_whose_annotator_has_spans_there_is_reported(project: Project, tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", {"text": "علي قال", "annotator": "ali", "spans": [{"start": 0, "end": 3, "label": "PER"}]})
    again = write_jsonl(tmp_path / "b.jsonl", {"text": "علي قال", "annotator": "ali", "spans": [{"start": 4, "end": 7, "label": "PER"}]})
    import_paths(project, [first])
    report = import_paths(project, [again])
    [document_id] = project.document_ids()
    assert report.files[0].notes == [
        f"{again}:1: same text as {document_id}, which already has spans of 'ali'; this copy's 1 span was not added"
    ]
    assert report.lines() == report.files[0].notes


def test_annotator_option_over_the_files_own_is_reported(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "علي قال", "annotator": "ali", "spans": [{"start": 0, "end": 3, "label": "PER"}]})
    report = import_paths(project, [path], annotator="mona")
    assert report.files[0].notes == [f"{path}:1: spans the file gives to 'ali' stored as 'mona' (--annotator)"]
    assert [s.annotator for s in project.spans(project.document_ids()[0])] == ["mona"]


def test_meta_source_is_read_back(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document("قال بوتين", title="خبر", source="وكالات", meta={"date": "2018"})
    project.set_status(document_id, "mona", "done")
    out = tmp_path / "out.jsonl"
    export_project(project, out, ExportOptions(format="jsonl"))
    with Project.create(tmp_path / "again.db") as again:
        assert import_paths(again, [out]).ok
        document = again.document(again.document_ids()[0])
        assert (document.source, dict(document.meta)) == ("وكالات", {"date": "2018"})


def test_a_file_stored_batch_by_batch_is_still_whole_or_nothing(project: Project, tmp_path: Path, monkeypatch) -> None:
    import annotator.importing as importing

    monkeypatch.setattr(importing, "STORE_BATCH", 2)
    records = [{"text": f"نص رقم {n}", "spans": [{"start": 0, "end": 2, "label": f"NEW{n}"}]} for n in range(5)]
    bad = write_jsonl(tmp_path / "bad.jsonl", *records, {"text": ""})
    report = import_paths(project, [bad])
    assert report.errors == [f"{bad}:6: field 'text' is required and must be a non-empty string"]
    assert project.document_count() == 0 and not project.schema.has_label("NEW0")
    good = write_jsonl(tmp_path / "good.jsonl", *records)
    report = import_paths(project, [good])
    assert (report.added, report.spans, report.files[0].added_labels) == (5, 5, [f"NEW{n}" for n in range(5)])


def test_progress_counts_bytes_within_a_large_file(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "many.jsonl", *({"text": f"خبر رقم {n}"} for n in range(600)))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    assert import_paths(project, [path, article], progress=lambda *call: calls.append(call)).ok
    total = path.stat().st_size + article.stat().st_size
    assert len(calls) == 4  # lines 256 and 512 of the JSONL file, then after each file
    assert [done for done, _, _ in calls] == sorted(done for done, _, _ in calls)
    assert 0 < calls[0][0] < calls[1][0] <= path.stat().st_size
    assert calls[-2:] == [(path.stat().st_size, total, str(path)), (total, total, str(article))]


def test_a_conll_file_streams_whole_or_nothing_with_its_repairs(project: Project, tmp_path: Path, monkeypatch) -> None:
    import annotator.importing as importing

    monkeypatch.setattr(importing, "STORE_BATCH", 1)
    path = tmp_path / "three.conll"
    path.write_text("-DOCSTART- O\n\nقال O\nبوتين B-PER\n\n-DOCSTART- O\n\nإن IO\n\n-DOCSTART- O\n\nأمس O\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.errors == [f"{path}:8: 'IO' is not a tag; --lenient repairs and lists them"]
    assert project.document_count() == 0
    report = import_paths(project, [path], lenient=True)
    assert report.ok and report.added == 3
    assert [title for title in (d.title for d in project.documents())] == ["three #1", "three #2", "three #3"]
    assert report.files[0].repairs == [f"{path}:8: changed IO to O: 'IO' is not a tag"]
