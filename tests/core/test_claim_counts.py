"""A claim's counts are derived from COUNT everywhere; overrides are stored as such; hedged is
epistemic only, and older projects are migrated (``annotator.frames.counts``, ``hedging``)."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.frames.records import frame_records
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.importing import import_paths
from annotator.model import SlotFiller

TEXT = "قال الجيش إن اثنين على الأقل قتلا، وإن ثلاثة على الأقل جرحوا"
# قال 0..3, الجيش 4..9, اثنين على الأقل 13..28, قتلا 29..33, ثلاثة على الأقل 39..54


def _counts(project: Project, frame_id: int) -> tuple:
    attributes = project.frame(frame_id).attributes
    return attributes["count_min"], attributes["count_max"], attributes["approximate"]


def _claim(project: Project) -> tuple[str, int]:
    document, _ = project.add_document(TEXT)
    frame_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 29, 33).ids
    fill_slot_from_selection(project, frame_id, "COUNT", 13, 28)
    return document, frame_id


def test_changing_count_changes_the_counts(project: Project) -> None:
    """The issue's case: COUNT changed to «ثلاثة على الأقل» exports count_min 3 and no maximum."""
    document, frame_id = _claim(project)
    assert _counts(project, frame_id) == (2, None, False)
    fill_slot_from_selection(project, frame_id, "COUNT", 39, 54)
    assert _counts(project, frame_id) == (3, None, False)
    (record,) = frame_records(project)
    assert (record["attributes"]["count_min"], record["attributes"]["count_max"], record["overrides"]) == (3, None, [])
    fill_slot_from_selection(project, frame_id, "COUNT", 13, 18)  # اثنين: exactly two
    assert _counts(project, frame_id) == (2, 2, False)
    project.clear_slot(frame_id, "COUNT")  # the trigger "قتلا" holds no count
    assert _counts(project, frame_id) == (None, None, False)


def test_an_override_is_kept_shown_and_can_follow_count_again(project: Project) -> None:
    document, frame_id = _claim(project)
    project.set_frame_attributes(frame_id, {"count_min": 5})
    assert project.frame(frame_id).overrides == {"count_min", "count_max", "approximate"}
    assert _counts(project, frame_id) == (5, None, False)
    fill_slot_from_selection(project, frame_id, "COUNT", 39, 54)
    assert _counts(project, frame_id) == (5, None, False)  # kept when COUNT changes
    assert next(frame_records(project))["overrides"] == ["approximate", "count_max", "count_min"]
    project.set_frame_attributes(frame_id, {"hedged": True})  # another attribute leaves the override alone
    assert project.frame(frame_id).overrides == {"count_min", "count_max", "approximate"}
    project.set_frame_attributes(frame_id, {"count_min": 3})  # what COUNT reads: it follows COUNT again
    assert project.frame(frame_id).overrides == frozenset()
    project.set_frame_attributes(frame_id, {"count_max": 9})
    assert project.reset_overrides(frame_id).name == "Follow Count"
    assert (_counts(project, frame_id), project.frame(frame_id).overrides) == ((3, None, False), frozenset())
    project.undo("ali", document)
    assert (_counts(project, frame_id), project.frame(frame_id).overrides) == ((3, 9, False), {"count_min", "count_max", "approximate"})


def test_counts_are_derived_on_import_and_overrides_round_trip(project: Project, tmp_path: Path) -> None:
    document, frame_id = _claim(project)
    other = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 29, 33).ids[0]
    fill_slot_from_selection(project, other, "COUNT", 39, 54)
    project.set_frame_attributes(other, {"count_min": 4, "count_max": 4})
    export_project(project, tmp_path / "out.jsonl", ExportOptions(format="jsonl", annotator="ali", status="any"))
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [claim.get("overrides") for claim in line["claims"]] == [None, ["approximate", "count_max", "count_min"]]
    line["claims"][0]["attributes"]["count_min"] = 7  # stale: the file's COUNT says at least 2
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "copy.db") as copy:
        import_paths(copy, [source], annotator="ali")
        derived, overridden = [frame for frame in copy.iter_frames() if frame.type == "CASUALTY_CLAIM"]
        assert (derived.attributes["count_min"], derived.attributes["count_max"], derived.overrides) == (2, None, frozenset())
        assert (overridden.attributes["count_min"], overridden.overrides) == (4, {"count_min", "count_max", "approximate"})


def test_old_projects_are_migrated_and_told_how_many_changed(project_path: Path, caplog) -> None:
    with Project(project_path) as project:
        document, _ = project.add_document(TEXT + ". وربما قتل خمسة آخرون")
        source = project.add_span(document, "ali", 4, 9, "ORG").ids[0]
        attributed = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 29, 33).ids[0]
        fill_slot_from_selection(project, attributed, "COUNT", 13, 28)
        project.add_slot_filler(attributed, SlotFiller("SOURCE", source))
        hedged = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", len(TEXT) + 8, len(TEXT) + 11).ids[0]
        project.add_slot_filler(hedged, SlotFiller("SOURCE", source))
        for frame_id in (attributed, hedged):
            project.set_frame_attributes(frame_id, {"hedged": True})
    with sqlite3.connect(project_path) as db:  # as an older program left it: a stale count, no overrides column
        db.execute("""UPDATE frames SET attributes = json_set(attributes, '$.count_min', 9) WHERE id = ?""", [attributed])
        db.execute("ALTER TABLE frames DROP COLUMN overrides")
        db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('0006_count_overrides', '0007_hedged_epistemic')")
    with caplog.at_level(logging.WARNING, logger="annotator"), Project(project_path) as project:
        assert project.frame(attributed).attributes["hedged"] is False  # attributed only
        assert project.frame(hedged).attributes["hedged"] is True  # ربما
        assert (_counts(project, attributed), project.frame(attributed).overrides) == ((9, None, False), {"count_min"})
    assert [r.getMessage() for r in caplog.records] == [
        "project migrated (0006_count_overrides): 1 claim(s) whose counts differ from their COUNT text keep them as overrides",
        "project migrated (0007_hedged_epistemic): 1 claim(s) marked hedged only for being attributed are no longer hedged",
    ]
    assert list(project_path.parent.glob(project_path.name + ".v*.bak"))  # the copy taken before migrating


def test_the_hedged_migration_asks_the_hedge_scope(project_path: Path, caplog) -> None:
    """0007 keeps ``hedged`` on an attributed claim only when a hedge governs it: a hedge of
    the same sentence about another clause (the sentence rule kept it) no longer does."""
    text = "قال الجيش إن جنديين قتلا، وربما قتل خمسة آخرون"
    with Project(project_path) as project:
        document, _ = project.add_document(text)
        source = project.add_span(document, "ali", 4, 9, "ORG").ids[0]
        claims = []
        for trigger in ("قتلا", "قتل "):
            start = text.index(trigger)
            claims.append(create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", start, start + 3).ids[0])
            project.add_slot_filler(claims[-1], SlotFiller("SOURCE", source))
            project.set_frame_attributes(claims[-1], {"hedged": True})
    with sqlite3.connect(project_path) as db:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_hedged_epistemic'")
    with caplog.at_level(logging.WARNING, logger="annotator"), Project(project_path) as project:
        assert [project.frame(claim).attributes["hedged"] for claim in claims] == [False, True]
    assert [r.getMessage() for r in caplog.records] == [
        "project migrated (0007_hedged_epistemic): 1 claim(s) marked hedged only for being attributed are no longer hedged",
    ]
