"""assign, progress, flag and flags through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Twelve short documents, d0 to d11, nobody's work yet."""
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        for n in range(12):
            project.add_document(f"الوثيقة رقم {n} عن الأخبار", id=f"d{n}")
    return path


def test_assign_balances_and_stores_and_progress_shows_it(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["assign", str(db), "--annotators", "a,b,c", "--per-document", "2", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "assigned 12 documents to 2 of 3 annotators each" in result.output
    assert [line.split() for line in result.output.splitlines()[2:5]] == [["a", "8"], ["b", "8"], ["c", "8"]]
    assert [line.split()[-1] for line in result.output.splitlines()[6:9]] == ["4", "4", "4"]
    with Project(db) as project:
        assert sorted(len(names) for names in project.assignments().values()) == [2] * 12
        project.add_span("d0", "a", 0, 7, "PER")
    result = runner.invoke(main, ["progress", str(db), "--json"])
    figures = [json.loads(line) for line in result.output.splitlines()]
    assert [(f["annotator"], f["assigned"], f["in_progress"], f["spans"]) for f in figures] == [
        ("a", 8, 1, 1), ("b", 8, 0, 0), ("c", 8, 0, 0)]
    table = runner.invoke(main, ["progress", str(db)]).output.splitlines()
    assert table[0].split() == ["annotator", "assigned", "in", "progress", "done", "spans", "median", "time"]
    assert table[1].split() == ["a", "8", "1", "0", "1", "-"]


def test_assigning_some_documents_leaves_the_others(runner: CliRunner, db: Path) -> None:
    assert runner.invoke(main, ["assign", str(db), "--annotators", "a,b", "--per-document", "1", "--docs", "d1", "--docs", "d2"]).exit_code == 0
    with Project(db) as project:
        assert set(project.assignments()) == {"d1", "d2"}


@pytest.mark.parametrize("args, message", [
    (["--annotators", "a,b", "--per-document", "3"], "--per-document 3 must be between 1 and the 2 annotators named"),
    (["--annotators", "a,a"], "a is named twice"),
    (["--annotators", "a,b", "--docs", "nope"], "no document 'nope'"),
])
def test_assign_mistakes_are_one_line_and_store_nothing(runner: CliRunner, db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["assign", str(db), *args])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    with Project(db) as project:
        assert project.assignments() == {}


def test_flag_and_list_and_remove(runner: CliRunner, db: Path) -> None:
    with Project(db) as project:
        span_id = project.add_span("d3", "a", 0, 7, "PER").ids[0]
    assert runner.invoke(main, ["flag", str(db), "d3", "--annotator", "a", "--unsure", "--span", str(span_id)]).exit_code == 0
    assert runner.invoke(main, ["flag", str(db), "d4", "اسم غريب", "--annotator", "b"]).exit_code == 0
    listed = [json.loads(line) for line in runner.invoke(main, ["flags", str(db), "--json"]).output.splitlines()]
    assert [(c["document"], c["annotator"], c["unsure"], c["text"], c["start"], c["end"]) for c in listed] == [
        ("d3", "a", True, "", 0, 7), ("d4", "b", False, "اسم غريب", None, None)]
    assert runner.invoke(main, ["flags", str(db), "--docs", "d4", "--logical"]).output.split("\t")[2] == "b on document: اسم غريب\n"
    assert runner.invoke(main, ["flags", str(db), "--remove", str(listed[0]["id"])]).exit_code == 0
    assert len(runner.invoke(main, ["flags", str(db)]).output.splitlines()) == 1
    result = runner.invoke(main, ["flag", str(db), "d4", "--annotator", "b"])
    assert result.exit_code == 1 and "needs some text, or the unsure flag" in result.output


def test_flags_show_in_disagreements(runner: CliRunner, db: Path) -> None:
    with Project(db) as project:
        project.add_span("d5", "a", 0, 7, "PER")
        project.add_span("d5", "b", 0, 7, "ORG")
        for name in ("a", "b"):
            project.set_status("d5", name, "done")
        project.add_comment("d5", "b", "لست متأكدا", unsure=True, span_id=project.spans("d5", "b")[0].id)
    lines = runner.invoke(main, ["disagreements", str(db), "d5", "--logical"]).output.splitlines()
    assert lines[-1] == "  flag: b on 0..7: unsure: لست متأكدا"
    (record,) = [json.loads(line) for line in runner.invoke(main, ["disagreements", str(db), "d5", "--json"]).output.splitlines()]
    assert [(c["annotator"], c["unsure"], c["start"]) for c in record["comments"]] == [("b", True, 0)]


def test_schema_prints_the_guidelines(runner: CliRunner, db: Path) -> None:
    lines = runner.invoke(main, ["schema", str(db), "--guidelines", "--logical"]).output.splitlines()
    assert lines[0] == "### PER · Person · شخص"
    assert "- «وكالة رويترز»" in lines and "## Casualty claim · ادعاء خسائر بشرية" in lines
    visual = runner.invoke(main, ["schema", str(db), "--guidelines"]).output
    assert "شخص" not in visual and "ﺺﺨﺷ" in visual


def test_a_team_needs_a_server_project_and_says_so_in_one_line(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["team", "add", str(db), "ali"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {db}: a project file has no login roles; a team works on a server project"
        f" (copy this one there with `annotator copy {db} postgresql://HOST/DATABASE`)"
    )
    assert runner.invoke(main, ["team", "layers", str(db)]).exit_code == 2  # neither --open nor --blind
