"""``annotator segment``: each word's split and its evidence, with and without a project."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.text import visual_line


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["segment", *args])
    assert result.exit_code == code, result.output
    return result.output


def test_json_gives_each_words_split_and_why() -> None:
    records = json.loads(run("--json", "وبالحكومة", "بلينكن", "وطوكيو"))
    assert [(r["word"], r["proclitics"], r["stem"], r["evidence"]) for r in records] == [
        ("وبالحكومة", ["و", "ب", "ال"], "حكومة", "lexicon"),
        ("بلينكن", [], "بلينكن", "none"),
        ("وطوكيو", [], "وطوكيو", "none"),
    ]
    assert records[1]["reason"] == "no evidence for a proclitic: kept whole"


def test_a_project_adds_its_names_and_the_words_standing_alone(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project:
        project.add_document("زار طوكيو وطوكيو ثم طوكيو. قال سموتريتش كلاما.")
        document_id = project.document_ids()[0]
        start = project.document(document_id).text.index("سموتريتش")
        project.add_span(document_id, "mona", start, start + 8, "PER")
    records = json.loads(run(str(tmp_path / "p.db"), "وطوكيو", "لسموتريتش", "--json"))
    assert [(r["proclitics"], r["evidence"]) for r in records] == [(["و"], "project"), (["ل"], "name")]
    assert records[0]["reason"] == "«طوكيو» stands alone 2 times, the whole word 1 times"
    assert run(str(tmp_path / "p.db"), "وطوكيو", "--logical") == "وطوكيو\tو + طوكيو\tproject: " + records[0]["reason"] + "\n"


def test_a_missing_project_is_one_line(tmp_path: Path) -> None:
    output = run(str(tmp_path / "none.db"), "وطوكيو", code=1)
    assert output.count("\n") == 1 and "no such project file" in output


def test_conventions_lists_every_move_and_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Project.create(path) as project:
        document_id, _ = project.add_document("قالت ورويترز إن رويترز نقلت عن ليفي.")
        project.add_spans(document_id, "corpus", [(5, 12, "ORG"), (31, 35, "PER")])
    runner = CliRunner()
    dry = runner.invoke(main, ["conventions", str(path), "--proclitics", "outside", "--dry-run", "--logical"])
    assert dry.exit_code == 0, dry.output
    assert dry.output == (f"{document_id} corpus ORG 5..12 «ورويترز» -> 6..12 «رويترز»\n"
                          "would move 1 span starts to proclitics outside (dry run: nothing changed)\n")
    shown = runner.invoke(main, ["conventions", str(path), "--proclitics", "outside", "--dry-run"]).output.splitlines()[0]
    assert shown == f"{document_id} corpus ORG 5..12 «{visual_line('ورويترز')}» -> 6..12 «{visual_line('رويترز')}»"
    done = runner.invoke(main, ["conventions", str(path), "--proclitics", "outside", "--logical"])
    assert done.output.endswith("moved 1 span starts to proclitics outside\n")
    with Project(path) as project:
        text = project.document(document_id).text
        assert [text[s.start : s.end] for s in project.spans(document_id)] == ["رويترز", "ليفي"]
    bad = runner.invoke(main, ["conventions", str(path), "--proclitics", "middle"])
    assert bad.exit_code == 2 and "middle" in bad.output
