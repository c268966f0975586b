"""The README's team on a server, run line by line: the lead makes the project, adds
three annotators and a curator and assigns with overlap 2; the three annotate at once
(three processes, each logged in as its own role); the lead sees progress and agreement;
the curator adjudicates into gold; the project goes to a file and back with identical
exports."""

from __future__ import annotations

import json
import multiprocessing
import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from annotator import Project
from annotator.cli import main
from annotator.connections import as_user
from annotator.model import Status
from tests.conftest import REPO

README = REPO / "README.md"
SERVER = "postgresql://db.example.org/news"
ANNOTATORS = ("ali", "mona", "sara")


def readme_lines() -> list[list[str]]:
    """The commands of the README's server block, as argument lists."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index("#### A team on a PostgreSQL server"):].split("```bash\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("annotator ")]


def annotate_assigned(url: str, name: str) -> int:
    """One annotator's session: the first word of each assigned document as PER (the
    others' layers unseen), each marked done; the spans stored."""
    stored = 0
    with Project(url) as project:
        for document_id, names in project.assignments().items():
            if name in names:
                first = re.search(r"\w+", project.document(document_id).text)
                project.add_span(document_id, name, first.start(), first.end(), "PER")
                project.set_status(document_id, name, Status.DONE)
                stored += 1
    return stored


def test_the_readme_server_workflow(postgres_databases, tmp_path: Path) -> None:
    runner = CliRunner()
    url, second = postgres_databases.new(project=False), postgres_databases.new(project=False)
    places = {
        SERVER + "2": second, SERVER: url, "articles.jsonl": str(REPO / "corpora" / "demo" / "02-fignews-2024-arabic.jsonl"),
        "gold.conll": str(tmp_path / "gold.conll"), "news.db": str(tmp_path / "news.db"),
    }
    outputs: dict[str, str] = {}
    for args in readme_lines():
        args = [places.get(arg, arg) for arg in args]
        for name in ("ali", "cura"):
            args = [as_user(url, name) if arg == f"postgresql://{name}@db.example.org/news" else arg for arg in args]
        if args[0] == "gui":  # the three annotators work at once, each as their own role
            with multiprocessing.get_context("spawn").Pool(3) as pool:
                stored = pool.starmap(annotate_assigned, [(as_user(url, name), name) for name in ANNOTATORS])
            assert sum(stored) == 2 * 36  # 36 documents, each given to 2
            continue
        runs = [args]
        if "DOC" in args:
            with Project(url) as lead:
                runs = [[lead_doc if arg == "DOC" else arg for arg in args] for lead_doc in lead.document_ids()]
        for run in runs:
            result = runner.invoke(main, run)
            assert result.exit_code == 0, (run, result.output)
            outputs.setdefault(run[0], "")
            outputs[run[0]] += result.output
    progress = runner.invoke(main, ["progress", url, "--json"]).output.splitlines()
    figures = {row["annotator"]: row for row in map(json.loads, progress)}
    assert sorted(figures) == sorted(ANNOTATORS)
    assert all(f["assigned"] == f["done"] and f["assigned"] in (24, 25) for f in figures.values())
    assert "ali" in outputs["agreement"] and "mona" in outputs["agreement"]
    gold = Path(places["gold.conll"]).read_text(encoding="utf-8")
    assert gold.count("B-PER") == 36  # every document's agreed first word, adjudicated into gold
    with Project(url) as original, Project(second) as back:
        assert [s.label for s in back.iter_spans("gold")] == [s.label for s in original.iter_spans("gold")]
        assert back.assignments() == original.assignments()
    exports = []
    for target in (url, second):
        out = tmp_path / f"gold-{len(exports)}.jsonl"
        assert runner.invoke(main, ["export", target, "--gold", "--status", "any", "--format", "jsonl", "--out", str(out)]).exit_code == 0
        exports.append(out.read_bytes())
    assert exports[0] == exports[1]


def test_the_readme_block_holds_every_step_of_the_workflow() -> None:
    commands = [args[0] for args in readme_lines()]
    assert commands[:2] == ["init", "import"] and commands.count("team") == 4 and "assign" in commands
    assert {"progress", "agreement", "adjudicate", "export", "copy", "gui"} <= set(commands)
