"""The label schema file: the default one, validation errors, the stored copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import Project
from annotator.errors import SchemaError
from annotator.schema import Schema, default_schema, load_schema

LABEL = '[[labels]]\nname = "{name}"\ncolor = "{color}"\nkey = "{key}"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_schema_has_news_labels_and_frames() -> None:
    schema = default_schema()
    names = [label.name for label in schema.entity_labels]
    assert names == ["PER", "ORG", "LOC", "GPE", "FAC", "NORP", "DATE", "TIME", "QUANTITY", "EVENT"]
    assert all(label.ar and label.en and label.key for label in schema.entity_labels)
    assert len({label.key for label in schema.entity_labels}) == len(names)
    claim = schema.frame("CASUALTY_CLAIM")
    assert [slot.name for slot in claim.slots] == ["TRIGGER", "COUNT", "VICTIM", "PERPETRATOR", "LOCATION", "TIME", "SOURCE"]
    assert claim.slot("SOURCE").frames == ("QUOTE",)
    assert claim.attribute("outcome").choices == ("killed", "injured", "missing", "captured")
    assert schema.label("CUE").kind == "slot"


@pytest.mark.parametrize(
    "text, message",
    [
        (LABEL.format(name="PER", color="#aabbcc", key="p") * 2, "duplicate label 'PER'"),
        (LABEL.format(name="PER", color="blue", key="p"), "colour 'blue' is not of the form #RRGGBB"),
        (LABEL.format(name="PER", color="#aabbcc", key="p") + LABEL.format(name="ORG", color="#aabbcc", key="P"),
         "shortcut 'P' of ORG clashes with PER"),
        (LABEL.format(name="A B", color="#aabbcc", key="p"), "must not contain spaces"),
        ("name = 'x'\n", "needs at least one [[labels]] entry"),
        (LABEL.format(name="PER", color="#aabbcc", key="p") + '[[frames]]\nname = "Q"\ncolor = "#000000"\n'
         '[[frames.slots]]\nname = "S"\n[[frames.attributes]]\nname = "m"\ntype = "float"\n', "type 'float' must be one of"),
        (LABEL.format(name="PER", color="#aabbcc", key="p") + '[[frames]]\nname = "Q"\ncolor = "#000000"\nanchor = "X"\n'
         '[[frames.slots]]\nname = "S"\n', "anchor 'X' is not one of its slots"),
        (LABEL.format(name="PER", color="#aabbcc", key="p") + '[[frames]]\nname = "Q"\ncolor = "#000000"\n'
         '[[frames.slots]]\nname = "S"\nframes = ["NOPE"]\n', "names unknown frame 'NOPE'"),
        ("[[labels]\n", "not a valid TOML file"),
    ],
)
def test_invalid_schemas_name_file_and_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SchemaError) as error:
        load_schema(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_custom_schema_is_stored_in_the_project(tmp_path: Path) -> None:
    schema = load_schema(write(tmp_path, LABEL.format(name="WEAPON", color="#112233", key="w")))
    with Project.create(tmp_path / "p.db", schema=schema):
        pass
    with Project(tmp_path / "p.db") as project:
        assert [label.name for label in project.schema.labels] == ["WEAPON"]


def test_json_copy_round_trips() -> None:
    schema = default_schema()
    assert Schema.from_json(schema.to_json()) == schema


def test_added_labels_get_colours() -> None:
    schema = default_schema().with_labels(["MIS0", "PER"])
    added = schema.label("MIS0")
    assert added.kind == "entity" and added.color.startswith("#") and not added.key


HEAD = '[[labels]]\nname = "PER"\ncolor = "#aabbcc"\n'


@pytest.mark.parametrize(
    "text, message",
    [
        (HEAD + 'proclitics = "inside"\n', "labels[0]: unknown field 'proclitics' (fields: name, en, ar, color, key, kind, guideline, examples)"),
        (HEAD + "frames = {name = 'F'}\n", "labels[0]: unknown field 'frames'"),
        (HEAD + "[[frames]]\nname = 'F'\ncolor = '#000000'\n[[frames.slots]]\nname = 'S'\nlable = ['PER']\n",
         "frames[0] slots[0]: unknown field 'lable'"),
        ("colour = 'x'\n" + HEAD, "top level: unknown field 'colour'"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not a valid TOML file: nested too deeply to read"),
    ],
)
def test_a_schema_file_field_toml_would_ignore_or_cannot_read_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    """Session 12's fuzz round: TOML puts a key written below a table's header into that
    table, where it was silently ignored; deep nesting was a RecursionError."""
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_a_schema_file_saved_with_a_bom_reads(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("\ufeff" + HEAD, encoding="utf-8")
    assert [label.name for label in load_schema(path).labels] == ["PER"]
