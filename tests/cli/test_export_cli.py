"""``annotator export`` through click's CliRunner: files, report lines, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.model import GOLD, Status
from annotator.text import visual_line


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Four documents; ali and gold annotated all and marked them done; ORG inside a word."""
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        for n in range(4):
            document_id, _ = project.add_document(f"قالت ورويترز إن الوفد {n} وصل.", id=f"d{n}")
            for annotator in ("ali", GOLD):
                project.add_spans(document_id, annotator, [(6, 12, "ORG"), (5, 12, "CUE")])
                project.set_status(document_id, annotator, Status.DONE)
    return path


def test_export_needs_a_choice_of_annotator(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(db), "--format", "conll", "--out", str(tmp_path / "o.conll")])
    assert result.exit_code == 1
    assert result.output == ("Error: the project has 2 annotators (ali, gold): choose one with --annotator NAME, "
                             "or --gold\n")
    assert not (tmp_path / "o.conll").exists()


def test_conll_export_reports_changed_spans(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.conll"
    result = runner.invoke(main, ["export", str(db), "--format", "conll", "--out", str(out), "--gold"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"wrote 4 documents, 28 tokens, 4 spans to {out}",
        "annotator gold; spans changed 4, dropped 0, left out as nested or overlapping 0; "
        "sentences joined across an entity 0",
    ]
    assert result.stderr.splitlines()[0] == (
        f"changed: d0 6..12 ORG '{visual_line('رويترز')}': widened to tokens 1..1, characters 5..12")
    logical = runner.invoke(main, ["export", str(db), "--format", "conll", "--out", str(out), "--gold", "--logical"])
    assert logical.stderr.splitlines()[0] == "changed: d0 6..12 ORG 'رويترز': widened to tokens 1..1, characters 5..12"
    assert out.read_text(encoding="utf-8").split("\n")[2:5] == ["قالت\tO", "ورويترز\tB-ORG", "إن\tO"]


def test_conll_export_with_clitics_and_bioes(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.conll"
    args = ["export", str(db), "--format", "conll", "--out", str(out), "--annotator", "ali", "--segment-clitics",
            "--scheme", "bioes", "--labels", "ORG"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert out.read_text(encoding="utf-8").split("\n")[2:6] == ["قالت\tO", "و\tO", "رويترز\tS-ORG", "إن\tO"]


def test_jsonl_split_writes_a_file_per_part(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "data.jsonl"
    args = ["export", str(db), "--format", "jsonl", "--out", str(out), "--annotator", "ali",
            "--split", "train=0.5,dev=0.25,test=0.25", "--seed", "7"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    names = ["data.train.jsonl", "data.dev.jsonl", "data.test.jsonl"]
    assert [line.split(" to ")[1] for line in result.stdout.splitlines()[:3]] == [str(tmp_path / n) for n in names]
    ids = {n: [json.loads(line)["id"] for line in (tmp_path / n).read_text(encoding="utf-8").splitlines()] for n in names}
    assert sorted(sum(ids.values(), [])) == ["d0", "d1", "d2", "d3"]
    assert [len(ids[n]) for n in names] == [2, 1, 1]
    assert result.stdout.splitlines()[3] == "annotator ali; frames written 0, left out 0"
    assert runner.invoke(main, args).exit_code == 0
    assert ids == {n: [json.loads(line)["id"] for line in (tmp_path / n).read_text(encoding="utf-8").splitlines()]
                   for n in names}


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--annotator", "bob"], "Error: no annotator named 'bob' in this project (annotators: ali, gold)"),
        (["--gold", "--labels", "PER,PERSON"], "Error: label 'PERSON' is not in the schema (labels: PER,"),
        (["--gold", "--split", "train=0.9,test=0.2"], "Error: split fractions sum to 1.1, not 1"),
        (["--gold", "--split", "train"], "Error: split part 'train' is not of the form NAME=FRACTION (train=0.8)"),
        (["--annotator", "ali", "--gold"], "Error: choose either annotator 'ali' or the gold layer, not both"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(runner: CliRunner, db: Path, tmp_path: Path, extra, message) -> None:
    result = runner.invoke(main, ["export", str(db), "--format", "conll", "--out", str(tmp_path / "o.conll"), *extra])
    assert result.exit_code == 1
    assert result.output.startswith(message) and len(result.output.splitlines()) == 1


def test_status_any_takes_documents_not_done(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    with Project(db) as project:
        project.set_status("d1", "ali", Status.IN_PROGRESS)
    out = tmp_path / "o.conll"
    base = ["export", str(db), "--format", "conll", "--out", str(out), "--annotator", "ali"]
    assert runner.invoke(main, base).stdout.startswith("wrote 3 documents")
    assert runner.invoke(main, [*base, "--status", "any"]).stdout.startswith("wrote 4 documents")


def test_export_has_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "--segment-clitics" in result.output and "train=0.8,dev=0.1,test=0.1" in result.output


def test_a_split_part_left_empty_is_said(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "data.jsonl"
    args = ["export", str(db), "--format", "jsonl", "--out", str(out), "--annotator", "ali",
            "--split", "train=0.9,dev=0.05,test=0.05"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == [f"wrote 0 documents, 0 tokens, 0 spans to {tmp_path / name}"
                                               for name in ("data.dev.jsonl", "data.test.jsonl")]
    assert result.stderr.splitlines() == [
        f"warning: the {name} part is empty ({tmp_path / f'data.{name}.jsonl'}): too few documents for the split "
        "(4 exported); export more (--status any) or give the part a larger share" for name in ("dev", "test")
    ]
    assert runner.invoke(main, [*args[:-1], "train=0.5,test=0.5"]).stderr == ""
    taken = runner.invoke(main, [*args, "--status", "any"]).stderr.splitlines()  # all taken: no advice to take more
    assert taken and all(line.endswith("exported); give the part a larger share") for line in taken)
