"""The frame panel's helpers: frames from selections, slot filling, span reuse, counts, undo.

The document is 'قال مسؤول أميركي إن اثنين قتلا في سوريا': قال 0..3, مسؤول أميركي 4..16,
اثنين 20..25, قتلا 26..30, سوريا 34..39.
"""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.errors import SchemaError, ValidationError
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection, fill_slot_with_span


def _labels(project: Project, document: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans(document, "ali")]


def test_frame_from_selection_makes_the_anchor_span(project: Project, document: str) -> None:
    result = create_frame_from_selection(project, document, "ali", "QUOTE", 0, 3)
    frame_id, span_id = result.ids
    frame = project.frame(frame_id)
    assert (frame.type, frame.annotator, frame.filler_spans("CUE")) == ("QUOTE", "ali", [span_id])
    assert frame.attributes == {"mode": "indirect"}
    assert _labels(project, document) == [(0, 3, "CUE")]
    assert (result.name, result.changes.documents) == ("Add Quotation", {document})
    assert project.undo_name("ali", document) == "Add Quotation"


def test_claim_from_a_selection_holding_a_count_prefills_the_count(project: Project, document: str) -> None:
    frame_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 20, 30).ids
    assert project.frame(frame_id).attributes == {
        "outcome": "killed", "count_min": 2, "count_max": 2, "approximate": False, "hedged": False,
    }
    plain_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30).ids
    assert project.frame(plain_id).attributes == {
        "outcome": "killed", "count_min": None, "count_max": None, "approximate": False, "hedged": False,
    }


def test_filling_count_sets_count_attributes_in_one_undo_step(project: Project, document: str) -> None:
    frame_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30).ids
    result = fill_slot_from_selection(project, frame_id, "COUNT", 20, 25)
    count_span = result.ids[1]
    assert result.ids == (frame_id, count_span)
    frame = project.frame(frame_id)
    assert frame.filler_spans("COUNT") == [count_span]
    assert (frame.attributes["count_min"], frame.attributes["count_max"]) == (2, 2)
    assert _labels(project, document) == [(20, 25, "COUNT"), (26, 30, "TRIGGER")]
    assert project.undo("ali", document).name == "Undo Fill COUNT"
    frame = project.frame(frame_id)
    assert (frame.filler_spans("COUNT"), frame.attributes["count_min"], frame.attributes["count_max"]) == ([], None, None)
    assert _labels(project, document) == [(26, 30, "TRIGGER")]
    assert project.undo_name("ali", document) == "Add Casualty claim"


def test_count_set_by_the_user_is_kept_and_a_derived_one_follows_the_count(project: Project) -> None:
    document, _ = project.add_document("قتل أكثر من مئة مقاتل، وقيل إن نحو مئتين قتلوا")
    frame_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 0, 3).ids
    fill_slot_from_selection(project, frame_id, "COUNT", 4, 15)
    assert [project.frame(frame_id).attributes[k] for k in ("count_min", "count_max", "approximate")] == [101, None, False]
    fill_slot_from_selection(project, frame_id, "COUNT", 31, 40)  # نحو مئتين replaces the derived count
    assert [project.frame(frame_id).attributes[k] for k in ("count_min", "count_max", "approximate")] == [200, 200, True]
    project.set_frame_attributes(frame_id, {"count_min": 150, "count_max": 250})
    fill_slot_from_selection(project, frame_id, "COUNT", 4, 15)
    frame = project.frame(frame_id)
    assert [frame.attributes[k] for k in ("count_min", "count_max", "approximate")] == [150, 250, True]
    assert [(s.start, s.end) for s in project.spans(document, "ali") if s.id in frame.filler_spans("COUNT")] == [(4, 15)]


def test_a_slot_reuses_the_annotators_span_at_those_offsets(project: Project, document: str) -> None:
    per = project.add_span(document, "ali", 4, 16, "PER").ids[0]
    project.add_span(document, "omar", 34, 39, "GPE")
    frame_id, _ = create_frame_from_selection(project, document, "ali", "QUOTE", 0, 3).ids
    assert fill_slot_from_selection(project, frame_id, "SPEAKER", 4, 16).ids == (frame_id, per)
    assert project.frame(frame_id).filler_spans("SPEAKER") == [per]
    assert _labels(project, document) == [(0, 3, "CUE"), (4, 16, "PER")]
    claim_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30).ids
    place = fill_slot_from_selection(project, claim_id, "LOCATION", 34, 39).ids[1]  # omar's GPE is not ali's
    date = project.add_span(document, "ali", 20, 25, "DATE").ids[0]
    count = fill_slot_from_selection(project, claim_id, "COUNT", 20, 25).ids[1]  # COUNT does not take DATE
    assert count != date
    assert _labels(project, document) == [(0, 3, "CUE"), (4, 16, "PER"), (20, 25, "DATE"), (20, 25, "COUNT"),
                                          (26, 30, "TRIGGER"), (34, 39, "LOCATION")]
    assert project.span(place).label == "LOCATION"


def test_fill_with_an_existing_span(project: Project, document: str) -> None:
    frame_id, _ = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30).ids
    quantity = project.add_span(document, "ali", 20, 25, "QUANTITY").ids[0]
    result = fill_slot_with_span(project, frame_id, "COUNT", quantity)
    assert (result.ids, result.name) == ((frame_id, quantity), "Fill COUNT")
    assert (project.frame(frame_id).attributes["count_min"], project.frame(frame_id).attributes["count_max"]) == (2, 2)
    project.undo("ali", document)
    assert project.frame(frame_id).filler_spans("COUNT") == []
    assert project.frame(frame_id).attributes["count_min"] is None
    assert _labels(project, document) == [(20, 25, "QUANTITY"), (26, 30, "TRIGGER")]


def test_refused_fills_change_nothing(project: Project, document: str) -> None:
    frame_id, _ = create_frame_from_selection(project, document, "ali", "QUOTE", 0, 3).ids
    other = project.add_span(document, "omar", 4, 16, "PER").ids[0]
    with pytest.raises(ValidationError, match=f"span {other} belongs to another document or annotator"):
        fill_slot_with_span(project, frame_id, "SPEAKER", other)
    with pytest.raises(SchemaError, match="frame QUOTE has no slot 'VICTIM'"):
        fill_slot_from_selection(project, frame_id, "VICTIM", 4, 16)
    with pytest.raises(ValidationError, match="span 30..45 is not inside document"):
        fill_slot_from_selection(project, frame_id, "CONTENT", 30, 45)
    assert _labels(project, document) == [(0, 3, "CUE")]
    assert project.undo_name("ali", document) == "Add Quotation"
