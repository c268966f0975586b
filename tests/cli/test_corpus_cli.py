"""The corpus commands through click's CliRunner: output, errors as one line, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, seed_text: str) -> Path:
    path = tmp_path / "p.db"
    assert runner.invoke(main, ["init", str(path)]).exit_code == 0
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    spans = [{"start": 4, "end": 9, "label": "PER"}]
    (tmp_path / "posts.jsonl").write_text(
        json.dumps({"id": "p1", "text": "قال بوتين إن 😀", "spans": spans}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["import", str(path), str(article), str(tmp_path / "posts.jsonl"), "--annotator", "mona"])
    assert result.exit_code == 0, result.output
    assert "imported 2 documents, skipped 0 already present, 1 span, 0 files failed" in result.output
    return path


def test_every_command_has_help(runner: CliRunner) -> None:
    for name in main.list_commands(click.Context(main)):
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert main.commands[name].help, f"{name} has no help text"


def test_docs_json_contract(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["docs", str(db), "--json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0]["title"] == "مقتل مقاتليْن روسيين بنيران أميركية في سوريا"
    assert rows[0]["source"] == "وكالات"
    assert rows[1] == {"id": "p1", "title": "قال بوتين إن 😀", "source": "", "statuses": {"mona": "in_progress"}, "span_counts": {"mona": 1}}


def test_show_marks_spans_and_shapes_arabic(runner: CliRunner, db: Path) -> None:
    logical = runner.invoke(main, ["show", str(db), "p1", "--logical"]).output
    assert "⟦بوتين⟧PER" in logical
    visual = runner.invoke(main, ["show", str(db), "p1"]).output
    assert "بوتين" not in visual  # shaped into presentation forms and reordered for a terminal without bidi
    assert "ﻦﻴﺗﻮﺑ" in visual


def test_docs_and_show_shape_the_source_and_annotator_names(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    """Every Arabic field goes to the terminal in visual order, not only the title."""
    post = tmp_path / "sara.jsonl"
    post.write_text(json.dumps({"id": "p2", "text": "قال بوتين", "spans": [{"start": 4, "end": 9, "label": "PER"}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(main, ["import", str(db), str(post), "--annotator", "سارة"]).exit_code == 0
    visual = [line.split("\t") for line in runner.invoke(main, ["docs", str(db)]).output.splitlines()]
    assert visual[0][2] == "ﺕﻻﺎﻛﻭ"
    assert visual[2][3] == "ﺓﺭﺎﺳ: in_progress (1 span)"
    logical = [line.split("\t") for line in runner.invoke(main, ["docs", str(db), "--logical"]).output.splitlines()]
    assert (logical[0][2], logical[2][3]) == ("وكالات", "سارة: in_progress (1 span)")
    seed_id = visual[0][0]
    assert runner.invoke(main, ["show", str(db), seed_id]).output.splitlines()[1] == "[ﺕﻻﺎﻛﻭ]"
    assert runner.invoke(main, ["show", str(db), seed_id, "--logical"]).output.splitlines()[1] == "[وكالات]"


def test_stats_json(runner: CliRunner, db: Path) -> None:
    stats = json.loads(runner.invoke(main, ["stats", str(db), "--json"]).output)
    assert stats["documents"] == 2 and stats["labels"] == {"mona": {"PER": 1}}
    assert stats["statuses"] == {"mona": {"in_progress": 1, "new": 1}}


def test_schema_lists_labels_and_frames(runner: CliRunner) -> None:
    output = runner.invoke(main, ["schema"]).output
    assert "[p]  PER" in output and "frame CASUALTY_CLAIM" in output


def test_schema_columns_fit_long_label_names(runner: CliRunner, tmp_path: Path) -> None:
    """Labels an import added (NewsFANE's Land-Region-Natural) keep the colour column in line."""
    db = tmp_path / "p.db"
    conll = tmp_path / "t.conll"
    conll.write_text("برلين B-Land-Region-Natural\n", encoding="utf-8")
    assert runner.invoke(main, ["import", str(db), str(conll), "--create"]).exit_code == 0
    lines = [line for line in runner.invoke(main, ["schema", str(db)]).output.splitlines() if not line.startswith("frame")]
    assert len({line.index("#") for line in lines}) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "{db}", "nope"], "Error: no document 'nope' in this project"),
        (["docs", "{tmp}/missing.db"], "no such project file"),
        (["init", "{db}"], "already exists"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(runner: CliRunner, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, [a.format(db=db, tmp=tmp_path) for a in args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_failed_file_gives_non_zero_exit_and_names_the_line(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("قال O\nبوتين I--PER\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(db), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.output


def test_init_with_a_bad_schema_names_the_problem(runner: CliRunner, tmp_path: Path) -> None:
    schema = tmp_path / "bad.toml"
    schema.write_text('[[labels]]\nname = "PER"\ncolor = "red"\n', encoding="utf-8")
    result = runner.invoke(main, ["init", str(tmp_path / "x.db"), "--schema", str(schema)])
    assert result.exit_code == 1
    assert "colour 'red' is not of the form #RRGGBB" in result.output
    assert not (tmp_path / "x.db").exists()


def test_progress_bar_for_many_files(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(210):
        (folder / f"{i}.txt").write_text(f"خبر رقم {i}", encoding="utf-8")
    result = runner.invoke(main, ["import", str(tmp_path / "p.db"), str(folder), "--create"])
    assert result.exit_code == 0
    assert "importing" in result.output and "imported 210 documents" in result.output


def test_demo_builds_the_demo_project(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo.db"
    result = runner.invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in runner.invoke(main, ["docs", str(out), "--json"]).output.splitlines()]
    assert len(docs) == 37 and docs[0]["title"].startswith("مقتل مقاتليْن")


def test_status_marks_documents_done_all_or_nothing(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["status", str(db), "p1", "done", "--annotator", "mona"])
    assert (result.exit_code, result.output) == (0, "1 document marked done for mona\n")
    failed = runner.invoke(main, ["status", str(db), "p1", "nope", "new", "--annotator", "mona"])
    assert failed.exit_code == 1 and "no document 'nope'" in failed.output
    rows = [json.loads(line) for line in runner.invoke(main, ["docs", str(db), "--json"]).output.splitlines()]
    assert rows[1]["statuses"] == {"mona": "done"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "{db}", "p1", "--annotator", "nobody"], "no annotator named 'nobody'"),
        (["init", "{tmp}/missing/x.db"], "the folder {tmp}/missing does not exist"),
        (["merge", "{db}", "{db}"], "is the project itself"),
    ],
)
def test_more_mistakes_are_one_line(runner: CliRunner, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, [a.format(db=db, tmp=tmp_path) for a in args])
    assert result.exit_code == 1 and message.format(tmp=tmp_path) in result.output
    assert "Traceback" not in result.output
