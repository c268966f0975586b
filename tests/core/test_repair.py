"""``annotator schema DB --repair`` leaves no row unreachable (issue 18).

A project is built with good names through the project, then its names are made bad
through storage (``Store.rename_names``, the very rows an older program would have
written; the import path refuses such names now), and its stored schema given bad
attribute defaults and choices. The repair must reach every place: the raw file holds
no bad name afterwards, everything reads back as it was with the new names, undo and
redo still work, and the review still shows the decisions made before (on spans and on
frames)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator import Project
from annotator.errors import ProjectError, SchemaError
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.model import NameRenames
from annotator.repair import repair_project, repaired_schema
from annotator.review.adjudication import accept_version
from annotator.review.frame_adjudication import take_frame
from annotator.review.frame_groups import frame_disagreements
from annotator.review.groups import fingerprint, review_document
from annotator.schema import load_schema
from annotator.storage import open_store

SCHEMA = """
[[labels]]
name = "PERX1"
en = "Person"
ar = "Person"
color = "#aa0000"
[[labels]]
name = "ORGX2"
en = "Organization"
ar = "Organization"
color = "#00aa00"
[[labels]]
name = "CLAIMLAB3"
en = "Claimant"
ar = "Claimant"
color = "#0000aa"
[[frames]]
name = "QUOTEF1"
en = "Quote"
ar = "Quote"
color = "#000000"
[[frames.slots]]
name = "CUES1"
en = "Cue"
ar = "Cue"
[[frames.slots]]
name = "SPEAKERS1"
en = "Speaker"
ar = "Speaker"
labels = ["PERX1"]
[[frames.attributes]]
name = "attrn1"
type = "int"
default = 1
[[frames.attributes]]
name = "attre1"
type = "enum"
choices = ["yes", "no"]
[[frames]]
name = "CLAIMF2"
en = "Claim"
ar = "Claim"
color = "#111111"
[[frames.slots]]
name = "TRIGS2"
en = "Trigger"
ar = "Trigger"
"""

TEXT = "قال محمد إن الشركة ستغلق غدا في المدينة"
# 0..3 قال, 4..8 محمد, 12..18 الشركة, 32..39 المدينة

PLANTED = {"PERX1": "PER X1", "CLAIMLAB3": "CLAIMF2", "QUOTEF1": "QUOTE F1", "SPEAKERS1": "SPEAKER\u00a0S1", "attrn1": "attr\tn1"}
"""Good name -> the bad name an older program stored."""
REPAIRED = {"PERX1": "PER_X1", "CLAIMLAB3": "CLAIMF2_LABEL", "QUOTEF1": "QUOTE_F1", "SPEAKERS1": "SPEAKER_S1", "attrn1": "attr_n1"}
"""Good name -> the name the repair gives its bad name."""


def build(tmp_path: Path) -> Path:
    schema_file = tmp_path / "s.toml"
    schema_file.write_text(SCHEMA, encoding="utf-8")
    path = tmp_path / "p.db"
    with Project.create(path, load_schema(schema_file)) as project:
        document, _ = project.add_document(TEXT)
        project.add_spans(document, "ali", [(4, 8, "PERX1"), (12, 18, "ORGX2"), (32, 39, "CLAIMLAB3")])
        project.add_spans(document, "mona", [(4, 8, "ORGX2"), (12, 18, "ORGX2")])
        project.delete_spans([s.id for s in project.spans(document, "ali") if s.start == 32])
        project.undo("ali", document)  # the redo step holds a span of a renamed label
        frame_id, _ = create_frame_from_selection(project, document, "ali", "QUOTEF1", 0, 3).ids
        fill_slot_from_selection(project, frame_id, "SPEAKERS1", 4, 8)
        project.set_frame_attributes(frame_id, {"attrn1": 5, "attre1": "no"})
        create_frame_from_selection(project, document, "mona", "QUOTEF1", 0, 3)
        project.add_suggestions(document, "entity", [{"start": 32, "end": 39, "label": "CLAIMLAB3", "score": 0.5}])
        project.add_suggestions(document, "frame", [{"frame": "QUOTEF1", "slots": {"CUES1": [[0, 3]], "SPEAKERS1": [[4, 8]]},
                                                     "attributes": {"attrn1": 2}}])
        (entity,) = project.suggestions(document, kind="entity")
        project.decide_suggestion(entity.id, "mona", "rejected")
        (group,) = [g for g in review_document(project, document, ["ali", "mona"]).groups if g.start == 4]
        accept_version(project, group, "ali")
        (disagreement,) = frame_disagreements(project, document, ["ali", "mona"])
        take_frame(project, disagreement, "ali")
        project.add_entity_model({"layer": "ali", "labels": ["PERX1", "ORGX2", "CLAIMLAB3"], "documents": [document],
                                  "heldout": [], "scores": {"overall": {"f1": 0.5}, "labels": {"PERX1": {"f1": 0.5}}}, "config": "{}"}, b"weights")
    return path


def snapshot(project: Project) -> str:
    """Everything the project reads back, as JSON (ids kept: nothing is re-created)."""
    found: dict[str, Any] = {}
    for document in project.documents():
        review = review_document(project, document.id, ["ali", "mona"])
        found[document.id] = {
            "spans": [(s.id, s.annotator, s.start, s.end, s.label, dict(s.attributes)) for s in project.spans(document.id)],
            "frames": [(f.id, f.annotator, f.type, [(x.slot, x.span_id, x.frame_id) for x in f.fillers], dict(f.attributes),
                        sorted(f.overrides)) for f in project.frames(document.id)],
            "suggestions": [(s.id, s.kind, dict(s.payload), dict(s.decisions)) for s in project.suggestions(document.id)],
            "decisions": [{k: v for k, v in d.payload.items() if k != "fingerprint"} for d in project.decisions(document.id)],
            "decided": [(g.start, g.end, g.decision is not None and g.decision.action) for g in review.groups],
            "frames decided": [(g.frame, g.start, g.end, g.decision is not None and g.decision.action)
                               for g in frame_disagreements(project, document.id, ["ali", "mona"])],
            "undo": {name: project.undo_name(name, document.id) is not None for name in project.annotators()},  # names only show
        }
    found["models"] = [(list(model.labels), model.scores) for model in project.entity_models()]
    found["schema"] = json.loads(project.schema.to_json())
    return json.dumps(found, ensure_ascii=False, sort_keys=True, default=list)


def undo_everything(project: Project) -> None:
    for document in project.documents():
        for name in project.annotators():
            while project.undo_name(name, document.id) is not None:
                project.undo(name, document.id)


def renamed(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(json.dumps(old)[1:-1], json.dumps(new, ensure_ascii=False)[1:-1])
    return text


def raw(path: Path) -> str:
    """The file's rows as SQL, but undo steps' names ("Fill SPEAKERS1"), which only show."""
    with sqlite3.connect(path) as db:
        return "\n".join(line for line in db.iterdump() if not line.startswith('INSERT INTO "undo_steps"'))


def plant(path: Path) -> None:
    """Give the project the bad names through storage, as an older program stored them."""
    with Project(path) as project:
        document = project.documents()[0].id
        decided = [g for g in review_document(project, document, ["ali", "mona"]).groups if g.decision is not None]
        decided_frames = [g for g in frame_disagreements(project, document, ["ali", "mona"]) if g.decision is not None]
    fingerprints = {
        group.fingerprint: fingerprint({name: [(s.start, s.end, PLANTED.get(s.label, s.label)) for s in spans]
                                        for name, spans in group.versions.items()})
        for group in decided
    }
    for group in decided_frames:  # the records of its frames with the planted names, as the review hashed them
        planted = {name: None if record is None else {
            **record, "frame": PLANTED[record["frame"]],
            "slots": {PLANTED.get(slot, slot): fillers for slot, fillers in record["slots"].items()},
            "attributes": {PLANTED.get(key, key): value for key, value in record["attributes"].items()},
            "overrides": [PLANTED.get(key, key) for key in record["overrides"]],
        } for name, record in group.versions.items()}
        fingerprints[group.fingerprint] = replace(group, frame=PLANTED[group.frame], versions=planted).fingerprint
    store = open_store(path)
    with store.atomic():
        store.rename_names(NameRenames(
            labels={"PERX1": PLANTED["PERX1"], "CLAIMLAB3": PLANTED["CLAIMLAB3"]},
            frames={"QUOTEF1": PLANTED["QUOTEF1"]},
            slots={("QUOTEF1", "SPEAKERS1"): PLANTED["SPEAKERS1"]},
            attributes={("QUOTEF1", "attrn1"): PLANTED["attrn1"]},
            fingerprints=fingerprints,
        ))
        schema = json.loads(store.setting("schema"))  # type: ignore[arg-type]
        for label in schema["labels"]:
            label["name"] = PLANTED.get(label["name"], label["name"])
        for frame in schema["frames"]:
            frame["name"] = PLANTED.get(frame["name"], frame["name"])
            for slot in frame["slots"]:
                slot["name"] = PLANTED.get(slot["name"], slot["name"])
                slot["labels"] = [PLANTED.get(name, name) for name in slot["labels"]]
            for attribute in frame["attributes"]:
                attribute["name"] = PLANTED.get(attribute["name"], attribute["name"])
                if attribute["type"] == "int":
                    attribute["default"] = "x"
                if attribute["type"] == "enum":
                    attribute["choices"] += [1, {"x": 1}, ""]
        store.set_setting("schema", json.dumps(schema, ensure_ascii=False))
    store.close()


def test_every_row_is_reachable_after_the_repair(tmp_path: Path) -> None:
    path = build(tmp_path)
    with Project(path) as project:
        before = snapshot(project)
        assert [4, 8, "take"] in json.loads(before)[project.documents()[0].id]["decided"]
        assert json.loads(before)[project.documents()[0].id]["frames decided"] == [["QUOTEF1", 0, 3, "take"]]
    undone_copy = tmp_path / "undone.db"
    shutil.copy(path, undone_copy)
    with Project(undone_copy) as project:
        undo_everything(project)
        undone = snapshot(project)

    plant(path)
    dump = raw(path)
    for good in PLANTED:
        if good != "CLAIMLAB3":
            assert good not in dump  # storage reached every place the name sat
    assert "CLAIMLAB3" not in dump
    with pytest.raises(SchemaError, match="--repair` repairs the names at fault"):
        Project(path)

    lines = repair_project(path)
    assert lines == [
        "renamed frame 'QUOTE F1' to 'QUOTE_F1'",
        "renamed label 'PER X1' to 'PER_X1'",
        "renamed label 'CLAIMF2' to 'CLAIMF2_LABEL'",
        "renamed slot 'SPEAKER\\xa0S1' of frame QUOTE_F1 to 'SPEAKER_S1'",
        "renamed attribute 'attr\\tn1' of frame QUOTE_F1 to 'attr_n1'",
        "attribute attr_n1 of frame QUOTE_F1: dropped the default 'x' ('x' is not a int)",
        "attribute attre1 of frame QUOTE_F1: dropped the choices 1, {'x': 1}, '' (a choice is a non-empty text)",
        "model 1 learnt labels since renamed ('PER X1', 'CLAIMF2'): it suggests none of them until trained again (`annotator train`)",
    ]
    dump = raw(path)
    for bad in ("PER X1", "QUOTE F1", "SPEAKER\u00a0S1", "SPEAKER\\u00a0S1", "attr\\tn1", "attr\tn1"):
        assert bad not in dump
    with Project(path) as project:
        after = snapshot(project)
        schema = json.loads(before)["schema"]
        expected = json.loads(renamed(before, REPAIRED))
        expected["schema"] = json.loads(after)["schema"]  # the defaults dropped, checked below
        assert json.loads(after) == expected
        quote = project.schema.frame("QUOTE_F1")
        assert [(a.name, a.default, a.choices) for a in quote.attributes] == [("attr_n1", None, ()), ("attre1", None, ("yes", "no"))]
        assert schema["frames"][0]["attributes"][0]["default"] == 1
        undo_everything(project)
        expected = json.loads(renamed(undone, REPAIRED))
        expected["schema"] = json.loads(after)["schema"]
        assert json.loads(snapshot(project)) == expected
    assert repair_project(path) == []


def test_a_schema_the_repair_cannot_mend_changes_nothing(tmp_path: Path) -> None:
    path = build(tmp_path)
    store = open_store(path)
    with store.atomic():
        schema = json.loads(store.setting("schema"))  # type: ignore[arg-type]
        schema["labels"][0]["name"] = "PER X1"
        schema["labels"][1]["color"] = "red"
        store.set_setting("schema", json.dumps(schema))
    store.close()
    before = raw(path)
    with pytest.raises(SchemaError, match=r"colour 'red' is not of the form #RRGGBB, which the repair cannot mend; nothing was changed$"):
        repair_project(path)
    assert raw(path) == before


def test_an_enum_left_without_choices_becomes_text_and_an_unknown_type_too() -> None:
    data = {"labels": [{"name": "A"}], "frames": [{"name": "F", "slots": [{"name": "S"}], "attributes": [
        {"name": "e", "type": "enum", "choices": [1, 2], "default": 1}, {"name": "d", "type": "datetime", "default": "x"}]}]}
    repair = repaired_schema(data)
    assert repair.lines == [
        "attribute e of frame F: no choice of [1, 2] is a non-empty text; made it text",
        "attribute e of frame F: dropped the default 1 (1 is not a text)",
        "attribute d of frame F: type 'datetime' is not one of int, enum, bool, text, date; made it text",
    ]
    assert data["frames"][0]["attributes"][0]["type"] == "enum"  # the data given is not changed


def test_a_repair_that_fails_midway_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build(tmp_path)
    plant(path)
    before = raw(path)

    def full_disk(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("annotator.storage.store.Store.set_setting", full_disk)  # after every row is renamed
    with pytest.raises(ProjectError, match="the disk is full; this change was not stored"):
        repair_project(path)
    assert raw(path) == before


def test_invisible_characters_and_overlong_names_are_repaired_too() -> None:
    """Session 12's fuzz round: names now refuse format characters and more than 100
    characters, so a schema stored with them is repaired like one with spaces."""
    repair = repaired_schema({"labels": [{"name": "A\u200dB"}, {"name": "\u2067PER\u2069"}, {"name": "Y" * 150}]})
    assert repair.lines[:2] == ["renamed label 'A\\u200dB' to 'A_B'", "renamed label '\\u2067PER\\u2069' to 'PER'"]
    (long,) = [new for old, new in repair.renames.labels.items() if old.startswith("Y")]
    assert long == "Y" * (100 - len("LABEL") - 3)
