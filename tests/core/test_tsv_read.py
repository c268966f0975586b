"""The TSV reader: one document a row with its other cells as metadata, FIGNEWS's posts among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.formats import ReadOptions, detect_format, read_source
from annotator.importing import import_paths
from annotator.project import Project

HEADER = "Batch\tSource Language\tID\tText\tArabic MT\r\n"


def write(tmp_path: Path, *rows: str, name: str = "posts.tsv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8", newline="")
    return path


def test_one_document_a_row_with_its_cells_as_meta(tmp_path):
    path = write(tmp_path, 'B01\tArabic\t10\tقال "بوتين\tقال "بوتين\r\n', "\r\n", "B01\tEnglish\t15\tHamas said\tقالت حماس\r\n")
    assert detect_format(path) == "tsv"
    first, second = read_source(path).documents
    assert (first.text, first.line, dict(first.meta)) == (
        'قال "بوتين', 2, {"Batch": "B01", "Source Language": "Arabic", "ID": "10", "Arabic MT": 'قال "بوتين'})
    assert (second.text, second.line) == ("Hamas said", 4)
    arabic = read_source(path, options=ReadOptions(text_column="arabic mt")).documents
    assert [document.text for document in arabic] == ['قال "بوتين', "قالت حماس"]
    assert arabic[1].meta["Text"] == "Hamas said"


def test_a_table_without_the_text_column_is_refused_naming_its_columns(tmp_path):
    path = tmp_path / "counts.tsv"
    path.write_text("batch\tid\tUnbiased\nB01\t1\t5\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"counts.tsv:1: no column 'text' in the header \('batch', 'id', 'Unbiased'\); "
                                          r"name the column of the text with --text-column NAME"):
        read_source(path)
    with pytest.raises(FormatError, match="no column 'Arabic' .*name another with --text-column"):
        read_source(path, options=ReadOptions(text_column="Arabic"))


def test_bad_rows_name_their_line(tmp_path):
    with pytest.raises(FormatError, match=r"posts.tsv:3: 6 cells where the header has 5"):
        read_source(write(tmp_path, "B01\tArabic\t1\tنص\tنص\n", "B01\tArabic\t2\tنص\tنص\textra\n"))
    path = write(tmp_path, "B01\tArabic\t1\tنص\tنص\n", "B01\tArabic\t2\t \tنص\n")
    with pytest.raises(FormatError, match=r"posts.tsv:3: no text in column 'Text'; --lenient leaves such rows out"):
        read_source(path)
    lenient = read_source(path, options=ReadOptions(lenient=True))
    assert [document.text for document in lenient.documents] == ["نص"]
    assert lenient.repairs == (f"{path}:3: left out a row with no text in column 'Text'",)


def test_import_stores_a_document_a_row_and_keeps_the_meta(project: Project, tmp_path):
    path = write(tmp_path, "B01\tArabic\t10\tقالت حماس\tقالت حماس\n", "B02\tFrench\t7\tLe Hamas a dit\tقالت الحركة\n")
    report = import_paths(project, [path], text_column="Arabic MT")
    assert (report.ok, report.added) == (True, 2)
    stored = {project.document(s.id).text: project.document(s.id).meta for s in project.documents()}
    assert stored["قالت الحركة"] == {"Batch": "B02", "Source Language": "French", "ID": "7", "Text": "Le Hamas a dit"}


def test_fignews_imports_every_post_and_refuses_its_label_counts(project: Project, shared_dir: Path):
    folder = shared_dir / "corpora" / "fignews_2024"
    report = import_paths(project, [folder], text_column="Arabic MT")
    posts, counts = sorted(report.files, key=lambda result: result.path, reverse=True)
    assert "FIGNEWS-2024-TEXT-IAA.tsv" in posts.path and posts.error is None
    assert posts.added + posts.skipped == 1500  # one a line; its unpaired quotes join no rows
    assert counts.error is not None and "--text-column NAME" in counts.error
    languages = {project.document(s.id).meta["Source Language"] for s in project.documents()}
    assert languages == {"Arabic", "English", "French", "Hebrew", "Hindi"}


def test_the_columns_offered_are_those_of_every_table_once(tmp_path):
    from annotator.formats.tsv import table_columns

    counts = tmp_path / "a-counts.tsv"
    counts.write_text("batch\tID\tUnbiased\nB01\t1\t5\n", encoding="utf-8")
    write(tmp_path, "B01\tArabic\t10\tنص\tنص\n")
    (tmp_path / "notes.txt").write_text("Text\tnot a table\n", encoding="utf-8")
    assert table_columns(sorted(tmp_path.iterdir())) == ["batch", "ID", "Unbiased", "Batch", "Source Language", "Text", "Arabic MT"]
    assert table_columns([tmp_path / "notes.txt"]) == []
