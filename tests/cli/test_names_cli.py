"""Names that would lock a project are refused where they enter, and a project already
holding one is repaired by ``annotator schema DB --repair`` (issue 18)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main

BAD_LABELS = ["my label", " PER", "PER\t", "A\u00a0B", "A\u2028B", "A\x07B", "QUOTE", "CASUALTY_CLAIM",
              "A\u200dB", "A\u202eB", "\u2067PER\u2069", "\ufeffPER", "PER\u061c", "X" * 101]
"""Labels that would lock a project, and (session 12's fuzz round) labels that look like
another (a zero-width joiner, a bidi override or isolate, a BOM) or fill a report line."""


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    assert run("init", path)[0] == 0
    return path


def stored_labels(db: Path) -> list[str]:
    with Project(db) as project:
        return [label.name for label in project.schema.labels]


@pytest.mark.parametrize("label", BAD_LABELS)
def test_a_jsonl_label_that_would_lock_the_project_is_refused_naming_file_and_line(db: Path, tmp_path: Path, label: str) -> None:
    source = tmp_path / "in.jsonl"
    lines = [{"text": "نص أول"}, {"text": "قال محمد", "spans": [{"start": 4, "end": 8, "label": label}]}]
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    labels = stored_labels(db)
    code, output = run("import", db, source)
    assert code == 1
    assert f"{source}:2: span label {label!r}: " in output
    assert run("docs", db)[0] == 0 and stored_labels(db) == labels
    with Project(db) as project:
        assert project.document_count() == 0


def test_a_conll_tag_naming_a_frame_is_refused_naming_the_line(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.conll"
    source.write_text("-DOCSTART- O\n\nقال O\nمحمد B-QUOTE\n", encoding="utf-8")
    code, output = run("import", db, source)
    assert code == 1 and f"{source}:3: span label 'QUOTE': 'QUOTE' is the name of a frame" in output
    assert run("docs", db)[0] == 0


def test_an_annotator_name_with_spaces_is_refused_from_the_file_and_the_option(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "قال محمد", "annotator": "ali\tb"}) + "\n", encoding="utf-8")
    code, output = run("import", db, source)
    assert code == 1 and f"{source}:1: field 'annotator': name 'ali\\tb' must not contain spaces" in output
    code, output = run("import", db, source, "--annotator", "mona lisa")
    assert (code, output) == (1, "Error: annotator name 'mona lisa' must not contain spaces, control or format characters (it holds U+0020 SPACE)\n")
    with Project(db) as project:
        assert project.annotators() == []


SCHEMA_HEAD = '[[labels]]\nname = "PER"\ncolor = "#aabbcc"\n[[frames]]\nname = "QUOTE"\ncolor = "#000000"\n'


@pytest.mark.parametrize(
    "body, message",
    [
        ('[[frames.slots]]\nname = "S"\nlabels = ["my label"]\n', "slots[0]: label name 'my label' must not contain spaces"),
        ('[[frames.slots]]\nname = "S"\nlabels = ["QUOTE"]\n', "'QUOTE' is both a label and a frame"),
        ("slots = 5\n", "frames[0]: 'slots' must be a list of tables ([[slots]]), not int"),
        ('attributes = 5\n[[frames.slots]]\nname = "S"\n', "'attributes' must be a list of tables ([[attributes]]), not int"),
        ('[[frames.slots]]\nname = "S"\n[[frames.attributes]]\nname = "n"\ntype = "int"\ndefault = "x"\n',
         "attributes[0]: default 'x' is not a int"),
        ('[[frames.slots]]\nname = "S"\n[[frames.attributes]]\nname = "e"\ntype = "enum"\nchoices = [1, {x=1}]\n',
         "an enum needs a non-empty 'choices' list of strings"),
    ],
)
def test_schema_type_errors_are_one_line_and_create_nothing(tmp_path: Path, body: str, message: str) -> None:
    schema = tmp_path / "s.toml"
    schema.write_text(SCHEMA_HEAD + body, encoding="utf-8")
    code, output = run("init", tmp_path / "x.db", "--schema", schema)
    assert code == 1 and len(output.splitlines()) == 1 and message in output and str(schema) in output
    assert not (tmp_path / "x.db").exists()


def test_a_project_holding_a_locking_schema_says_so_and_is_repaired(db: Path) -> None:
    """What an older program let in: labels with a space and a frame's name, used by spans."""
    with Project(db) as project:
        document_id, _ = project.add_document("قال محمد من رويترز")
        project.add_spans(document_id, "ali", [(0, 3, "PER"), (4, 8, "ORG")])
    connection = sqlite3.connect(db)
    schema = json.loads(connection.execute("SELECT value FROM project WHERE key = 'schema'").fetchone()[0])
    schema["labels"] += [dict(schema["labels"][0], name="my label", key=""), dict(schema["labels"][0], name="QUOTE", key="")]
    connection.execute("UPDATE project SET value = ? WHERE key = 'schema'", [json.dumps(schema)])
    connection.execute("UPDATE spans SET label = 'my label' WHERE label = 'PER'")
    connection.execute("UPDATE spans SET label = 'QUOTE' WHERE label = 'ORG'")
    connection.execute("""UPDATE undo_rows SET after = replace(replace(after, '"PER"', '"my label"'), '"ORG"', '"QUOTE"')""")
    connection.commit()
    connection.close()

    code, output = run("docs", db)
    assert code == 1 and len(output.splitlines()) == 1
    assert f"`annotator schema {db} --repair` repairs the names at fault" in output
    code, output = run("schema", db, "--repair")
    assert (code, output) == (0, f"renamed label 'my label' to 'my_label'\nrenamed label 'QUOTE' to 'QUOTE_LABEL'\n{db}: 2 repairs made\n")
    with Project(db) as project:
        (document,) = project.documents()
        assert [span.label for span in project.spans(document.id, "ali")] == ["my_label", "QUOTE_LABEL"]
        assert project.undo_name("ali", document.id) is not None
        project.undo("ali", document.id)
        project.redo("ali", document.id)
        assert [span.label for span in project.spans(document.id, "ali")] == ["my_label", "QUOTE_LABEL"]
    assert run("schema", db, "--repair") == (0, f"{db}: the schema needed no repair\n")
