"""Import: normalization with offsets moved, whole-or-nothing files, dedupe, real corpora."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import Project
from annotator.importing import DEFAULT_IMPORT_ANNOTATOR, collect_files, import_paths
from annotator.text.canonical import normalize_input


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\ufeffسلام\r\nعليكم", "سلام\nعليكم"),
        ("a\rb\r\n\r\nc", "a\nb\n\nc"),
        ("cafe\u0301 ok", "café ok"),
        ("ا\u0653لان", "آلان"),
        ("مُحَمَّد 😀 2017", "مُحَمَّد 😀 2017"),
    ],
)
def test_import_normalizations(raw: str, expected: str) -> None:
    assert normalize_input(raw).text == expected


def test_offsets_move_with_the_text() -> None:
    raw = "\ufeffقال\r\nبوتين cafe\u0301 إن 😀 موسكو"
    words = ["قال", "بوتين", "cafe\u0301", "موسكو", "😀"]
    normalized = normalize_input(raw)
    for word in words:
        start = raw.index(word)
        moved = normalized.text[normalized.move_start(start):normalized.move_end(start + len(word))]
        assert moved == ("café" if word.startswith("cafe") else word)


def test_a_boundary_inside_a_composed_character_grows_the_span() -> None:
    normalized = normalize_input("xe\u0301y")
    assert (normalized.move_start(2), normalized.move_end(2)) == (1, 2)


def test_text_article_title_body_and_source(project: Project, seed_text: str, tmp_path: Path) -> None:
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    report = import_paths(project, [article])
    assert report.ok and report.added == 1
    (summary,) = project.documents()
    assert summary.title == "مقتل مقاتليْن روسيين بنيران أميركية في سوريا"
    assert summary.source == "وكالات"


def test_jsonl_spans_keep_their_words_through_crlf_bom_and_nfc(project: Project, tmp_path: Path) -> None:
    text = "قال\r\nبوتين cafe\u0301 😀 موسكو"
    spans = [{"start": text.index(w), "end": text.index(w) + len(w), "label": "PER"} for w in ("بوتين", "موسكو", "cafe\u0301")]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (json.dumps({"id": "d1", "text": text, "spans": spans}, ensure_ascii=False) + "\n").encode())
    report = import_paths(project, [path], annotator="mona")
    assert report.ok, report.errors
    document = project.document("d1")
    assert [document.text[s.start:s.end] for s in project.spans("d1", "mona")] == ["بوتين", "café", "موسكو"]


def test_a_bad_line_stores_nothing_of_that_file_and_other_files_still_import(project: Project, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "a.jsonl", {"text": "نص أول"})
    bad = write_jsonl(tmp_path / "b.jsonl", {"text": "نص ثان"}, {"text": "نص ثالث", "spans": [{"start": 2, "end": 99, "label": "PER"}]})
    report = import_paths(project, [bad, good])
    assert not report.ok
    assert report.errors == [f"{bad}:2: field 'spans[0].end' is 99, outside the text (0..7)"] or (
        str(bad) in report.errors[0] and ":2:" in report.errors[0]
    )
    assert [d.title for d in project.documents()] == ["نص أول"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"\xc3( bad", "invalid UTF-8"),
        (b'{"text": "x"\n', "not valid JSON"),
    ],
)
def test_bad_files_are_reported_with_file_and_line(project: Project, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    report = import_paths(project, [path])
    assert len(report.errors) == 1 and str(path) in report.errors[0] and message in report.errors[0]
    assert project.document_count() == 0


@pytest.mark.parametrize(
    "second_line, message",
    [
        ('{"text": "a\\ud83db"}', "2: field 'text' holds an unpaired surrogate \\ud83d at 1"),
        ('{"text": "ab", "title": "\\ud83d"}', "2: a field holds an unpaired surrogate \\ud83d"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "P\\udc00"}]}', "2: a field holds an unpaired surrogate \\udc00"),
    ],
)
def test_half_a_character_stops_the_file_naming_line_and_field(project: Project, tmp_path: Path, second_line: str, message: str) -> None:
    """Only a JSON escape makes an unpaired surrogate; nothing of the file is stored, other files are."""
    bad, good = tmp_path / "bad.jsonl", write_jsonl(tmp_path / "good.jsonl", {"text": "نص سليم"})
    bad.write_text('{"text": "نص أول"}\n' + second_line + "\n", encoding="utf-8")
    report = import_paths(project, [bad, good])
    assert report.errors == [f"{bad}:{message}"]
    assert [d.title for d in project.documents()] == ["نص سليم"] and project.stats()["labels"] == {}


def test_missing_file_is_an_error_not_a_crash(project: Project, tmp_path: Path) -> None:
    report = import_paths(project, [tmp_path / "nope.txt"])
    assert report.errors == [f"{tmp_path / 'nope.txt'}: cannot read the file: No such file or directory"]


def test_reimport_is_skipped_and_new_annotators_spans_join(project: Project, tmp_path: Path) -> None:
    record = {"id": "d", "text": "قال بوتين إن", "spans": [{"start": 4, "end": 9, "label": "PER"}]}
    path = write_jsonl(tmp_path / "a.jsonl", record)
    assert import_paths(project, [path], annotator="ali").added == 1
    again = import_paths(project, [path], annotator="ali")
    assert (again.added, again.skipped, again.spans) == (0, 1, 0)
    other = write_jsonl(tmp_path / "b.jsonl", {**record, "spans": [{"start": 0, "end": 3, "label": "ORG"}]})
    joined = import_paths(project, [other], annotator="mona")
    assert joined.files[0].merged_into == ["d"]
    assert sorted((s.annotator, s.label) for s in project.spans("d")) == [("ali", "PER"), ("mona", "ORG")]
    assert project.document_count() == 1


def test_spans_without_an_annotator_belong_to_imported(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", {"text": "قال بوتين", "spans": [{"start": 4, "end": 9, "label": "PER"}]})
    import_paths(project, [path])
    assert [s.annotator for s in project.iter_spans()] == [DEFAULT_IMPORT_ANNOTATOR]


def test_unknown_labels_are_added_and_reported(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("بوتين B-PERS\nفي O\nموسكو B-CITY\n", encoding="utf-8")
    report = import_paths(project, [path], annotator="a")
    assert report.files[0].added_labels == ["CITY", "PERS"]
    assert project.schema.has_label("CITY")


def test_folders_are_read_recursively_without_documentation_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.txt", "README.md", ".hidden.txt", "LICENSE", "sub/SOURCE.txt", "CITATION.cff"):
        (tmp_path / name).write_text("نص", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in collect_files([tmp_path])] == ["a.txt", "sub/b.txt"]


def test_conll_tokens_are_kept_for_export(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("-DOCSTART- -X- O O\n\nقال O\nبوتين B-PER\n\nفي O\nموسكو B-LOC\n", encoding="utf-8")
    import_paths(project, [path], annotator="a")
    (document_id,) = project.document_ids()
    document = project.document(document_id)
    assert [document.text[s:e] for s, e in document.tokens] == ["قال", "بوتين", "في", "موسكو"]
    assert [document.text[s:e] for s, e in document.sentences] == ["قال بوتين", "في موسكو"]


@pytest.mark.parametrize(
    "folder, options, documents, spans",
    [
        ("aqmar", {"lenient": True}, 28, 5922),
        ("wojood_sample", {"lenient": True}, 3, 4223),
        ("newsfane_gold", {"lenient": True, "doc_sentences": 100}, 48, 11423),
    ],
)
def test_real_corpora_import(project: Project, shared_dir: Path, folder: str, options: dict, documents: int, spans: int) -> None:
    paths = [p for p in collect_files([shared_dir / "corpora" / folder]) if p.suffix == ".txt" and p.name not in ("SOURCE.txt", "Readme.txt", "License.txt")]
    report = import_paths(project, paths, annotator="gold-standard", **options)
    assert report.ok, report.errors[:3]
    assert (report.added, report.spans) == (documents, spans)
    for document_id in project.document_ids()[:3]:
        document = project.document(document_id)
        assert all(0 <= s.start < s.end <= len(document.text) for s in project.spans(document_id))


def test_strict_aqmar_reports_the_typo_line(project: Project, shared_dir: Path) -> None:
    report = import_paths(project, [shared_dir / "corpora" / "aqmar" / "Crusades.txt"])
    assert report.errors == [f"{shared_dir / 'corpora' / 'aqmar' / 'Crusades.txt'}:2145: 'IO' is not a tag; --lenient repairs and lists them"]
    assert project.document_count() == 0


KILL_SCRIPT = """
import sys, json
from annotator import Project
from annotator.importing import import_paths
with Project(sys.argv[1]) as project:
    print("ready", flush=True)
    while True:
        for path in sys.argv[2:]:
            import_paths(project, [path])
            print("imported", flush=True)
        project.add_span(project.document_ids()[0], "ali", 0, 1, "PER")
"""


def test_kill_during_import_and_edits_leaves_a_sound_file(project_path: Path, tmp_path: Path) -> None:
    """kill -9 at a random moment: the file opens, passes integrity_check, and every
    imported file is there whole or not at all."""
    files = []
    for i in range(40):
        files.append(write_jsonl(tmp_path / f"f{i}.jsonl", *({"text": f"وثيقة {i} رقم {k} " * 50} for k in range(25))))
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(project_path), *map(str, files)], stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"ready"
    assert process.stdout.readline().strip() == b"imported"  # a busy machine may take seconds to get here
    time.sleep(0.3)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(project_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Project(project_path) as project:
        count = project.document_count()
        assert count % 25 == 0 and count > 0


def test_a_copys_status_counts_where_the_annotator_has_none(project: Project, tmp_path: Path) -> None:
    record = {"id": "d", "text": "قال بوتين إن", "annotator": "mona"}
    import_paths(project, [write_jsonl(tmp_path / "a.jsonl", record)])
    import_paths(project, [write_jsonl(tmp_path / "b.jsonl", {**record, "status": "done"})])
    assert project.status("d", "mona") == "done"
    import_paths(project, [write_jsonl(tmp_path / "c.jsonl", {**record, "status": "in_progress"})])
    assert project.status("d", "mona") == "done"  # an existing status is not overwritten by a copy
