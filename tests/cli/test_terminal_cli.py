"""What the corpus commands print: Arabic in visual order that reads true, results on
stdout and everything else on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.text import visual_line


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    Project.create(path).close()
    return path


def import_jsonl(db: Path, tmp_path: Path, *records: dict, args: tuple[str, ...] = ()):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return CliRunner().invoke(main, ["import", str(db), str(path), *args])


def test_docs_on_a_title_holding_an_isolate(db: Path, tmp_path: Path) -> None:
    title = "خبر \u2067عاجل\u2069 اليوم"
    assert import_jsonl(db, tmp_path, {"id": "f1", "title": title, "text": "نص"}).exit_code == 0
    result = CliRunner().invoke(main, ["docs", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\t")[:2] == ["f1", visual_line(title)]


def test_show_keeps_the_label_with_its_span_and_the_harakat(db: Path, tmp_path: Path) -> None:
    text = "قال بوتين 2017 إن مقاتليْن قتلا"
    import_jsonl(db, tmp_path, {"id": "d", "text": text, "spans": [{"start": 4, "end": 9, "label": "PER"}]})
    shown = CliRunner().invoke(main, ["show", str(db), "d"]).stdout.splitlines()[-1]
    # read right to left: قال ⟦بوتين⟧PER, then 2017 on its own, not "PER 2017"
    assert "2017 PER⟦" in shown
    assert "\u0652" in shown  # the sukun of the dual is kept, after its letter (ي)
    assert shown.index("\u0652") == shown.index("\ufef4") + 1
    logical = CliRunner().invoke(main, ["show", str(db), "d", "--logical"]).stdout.splitlines()[-1]
    assert logical == "قال \u2067⟦بوتين⟧PER\u2069 2017 إن مقاتليْن قتلا"


def test_show_wraps_then_reorders_each_line(db: Path, tmp_path: Path) -> None:
    words = ["كلمة%d" % n for n in range(1, 13)]
    import_jsonl(db, tmp_path, {"id": "d", "text": " ".join(words)})
    lines = CliRunner().invoke(main, ["show", str(db), "d", "--width", "30"]).stdout.splitlines()[2:]
    assert len(lines) > 1 and all(len(line) <= 30 for line in lines)
    # the first words are on the first line, at its right end
    assert lines[0].endswith(visual_line(words[0]))
    assert visual_line(words[-1]) in lines[-1]


def test_import_prints_results_on_stdout_and_notes_on_stderr(db: Path, tmp_path: Path) -> None:
    span = {"start": 0, "end": 3, "label": "PER"}
    result = import_jsonl(db, tmp_path, {"text": "علي قال", "spans": [span, span]}, args=("--annotator", "mona"))
    assert result.exit_code == 0
    assert result.stdout == "imported 1 document, skipped 0 already present, 1 span, 0 files failed\n"
    assert "span 0..3 PER is given twice; stored once" in result.stderr


def test_import_an_empty_folder_fails_saying_so(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = CliRunner().invoke(main, ["import", str(db), str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder}: folder holds no files to import\n"


def test_output_piped_into_a_reader_that_stops_ends_quietly() -> None:
    """`annotator ... | head -1`: the reader closing the pipe is no error to report."""
    import subprocess
    import sys

    words = ["وبالحكومة"] * 3000  # some 300 KB of output, more than a pipe holds
    process = subprocess.Popen([sys.executable, "-c", "from annotator.cli import main; main()", "segment", *words],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    assert process.stderr.read() == b"" and process.wait(timeout=60) != 0
