"""Frame records (the JSON contract) and claim rows, on the seed article annotated by hand."""

from __future__ import annotations

import json

import pytest

from annotator import Project
from annotator.errors import NotFoundError, SchemaError
from annotator.frames.records import claim_rows, format_count, frame_records
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.model import SlotFiller


@pytest.fixture
def seed(project: Project, seed_text: str) -> str:
    document_id, _ = project.add_document(seed_text)
    return document_id


def record_seed(project: Project, document: str, annotator: str = "mona") -> tuple[int, int, int]:
    """The quote of the former comrades, the Reuters claim and the claim inside the quote."""
    quote = create_frame_from_selection(project, document, annotator, "QUOTE", 251, 254).ids[0]  # قال
    fill_slot_from_selection(project, quote, "SPEAKER", 255, 280)
    fill_slot_from_selection(project, quote, "CONTENT", 296, 348)
    project.add_span(document, annotator, 481, 493, "PER")  # مسؤول أميركي, reused as the SOURCE
    claim = create_frame_from_selection(project, document, annotator, "CASUALTY_CLAIM", 553, 558).ids[0]  # قتلوا
    for slot, start, end in [("COUNT", 497, 508), ("VICTIM", 509, 552), ("PERPETRATOR", 570, 605), ("TIME", 618, 653),
                             ("SOURCE", 481, 493)]:
        fill_slot_from_selection(project, claim, slot, start, end)
    quoted = create_frame_from_selection(project, document, annotator, "CASUALTY_CLAIM", 337, 348).ids[0]  # لاقوا حتفهم
    fill_slot_from_selection(project, quoted, "COUNT", 296, 311)
    project.add_slot_filler(quoted, SlotFiller("SOURCE", frame_id=quote))
    return quote, claim, quoted


def expected_records(document: str) -> list[dict]:
    return [
        {
            "document": document, "frame": "QUOTE", "id": 1, "annotator": "mona",
            "slots": {
                "CUE": [{"start": 251, "end": 254, "text": "قال"}],
                "SPEAKER": [{"start": 255, "end": 280, "text": "زملاء سابقون لمقاتلين روس"}],
                "CONTENT": [{"start": 296, "end": 348, "text": "اثنين على الأقل من المقاتلين كانا ضمن من لاقوا حتفهم"}],
            },
            "attributes": {"mode": "indirect", "via": None},
            "overrides": [],
        },
        {
            "document": document, "frame": "CASUALTY_CLAIM", "id": 2, "annotator": "mona",
            "slots": {
                "TRIGGER": [{"start": 553, "end": 558, "text": "قتلوا"}],
                "COUNT": [{"start": 497, "end": 508, "text": "أكثر من مئة"}],
                "VICTIM": [{"start": 509, "end": 552, "text": "مقاتل من المتحالفين مع قوات الحكومة السورية"}],
                "PERPETRATOR": [{"start": 570, "end": 605, "text": "التحالف والقوات المحلية التي يدعمها"}],
                "LOCATION": [],
                "TIME": [{"start": 618, "end": 653, "text": "في ليل السابع من فبراير/شباط الحالي"}],
                "SOURCE": [{"start": 481, "end": 493, "text": "مسؤول أميركي"}],
            },
            "attributes": {"outcome": "killed", "count_min": 101, "count_max": None, "approximate": False, "hedged": False,
                           "date": None},
            "overrides": [],
        },
        {
            "document": document, "frame": "CASUALTY_CLAIM", "id": 3, "annotator": "mona",
            "slots": {
                "TRIGGER": [{"start": 337, "end": 348, "text": "لاقوا حتفهم"}],
                "COUNT": [{"start": 296, "end": 311, "text": "اثنين على الأقل"}],
                "VICTIM": [], "PERPETRATOR": [], "LOCATION": [], "TIME": [],
                "SOURCE": [{"frame": 1, "start": 255, "end": 280, "text": "زملاء سابقون لمقاتلين روس"}],
            },
            "attributes": {"outcome": "killed", "count_min": 2, "count_max": None, "approximate": False, "hedged": False,
                           "date": None},
            "overrides": [],
        },
    ]


def test_records_of_the_seed_article(project: Project, seed: str) -> None:
    assert record_seed(project, seed) == (1, 2, 3)
    records = list(frame_records(project))
    assert records == expected_records(seed)
    assert json.loads(json.dumps(records, ensure_ascii=False)) == records
    assert [s.label for s in project.spans(seed, "mona") if (s.start, s.end) == (481, 493)] == ["PER"]
    assert len(project.spans(seed, "mona")) == 11  # 3 quote, 1 PER, 5 claim, 2 quoted claim


def test_claim_rows_of_the_seed_article(project: Project, seed: str) -> None:
    record_seed(project, seed)
    assert claim_rows(project) == [
        {"id": 2, "document": seed, "annotator": "mona", "outcome": "killed", "count": "≥101", "count_min": 101,
         "count_max": None, "approximate": False, "hedged": False,
         "victim": "مقاتل من المتحالفين مع قوات الحكومة السورية", "perpetrator": "التحالف والقوات المحلية التي يدعمها",
         "place": "", "time": "في ليل السابع من فبراير/شباط الحالي", "source": "مسؤول أميركي", "start": 553, "end": 558},
        {"id": 3, "document": seed, "annotator": "mona", "outcome": "killed", "count": "≥2", "count_min": 2,
         "count_max": None, "approximate": False, "hedged": False, "victim": "", "perpetrator": "", "place": "", "time": "",
         "source": "زملاء سابقون لمقاتلين روس", "start": 337, "end": 348},
    ]


def test_records_filter_by_annotator_document_and_type(project: Project, seed: str, document: str) -> None:
    record_seed(project, seed)
    create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30)
    assert [(r["document"], r["id"]) for r in frame_records(project, frame_type="CASUALTY_CLAIM")] == [
        (seed, 2), (seed, 3), (document, 4)
    ]
    assert [r["id"] for r in frame_records(project, annotator="ali")] == [4]
    assert [r["id"] for r in frame_records(project, document_ids=[document, seed], frame_type="QUOTE")] == [1]
    assert [r["id"] for r in frame_records(project, annotator="mona", document_ids=[document])] == []
    with pytest.raises(NotFoundError, match="no annotator named 'nobody' in this project"):
        list(frame_records(project, annotator="nobody"))
    with pytest.raises(NotFoundError, match="no document 'nope' in this project"):
        list(frame_records(project, document_ids=[seed, "nope"]))
    with pytest.raises(SchemaError, match="frame type 'CLAIM' is not in the schema"):
        list(frame_records(project, frame_type="CLAIM"))


def test_a_quote_without_speaker_as_source_has_null_offsets(project: Project, document: str) -> None:
    quote = create_frame_from_selection(project, document, "ali", "QUOTE", 0, 3).ids[0]
    claim = create_frame_from_selection(project, document, "ali", "CASUALTY_CLAIM", 26, 30).ids[0]
    project.add_slot_filler(claim, SlotFiller("SOURCE", frame_id=quote))
    project.add_span(document, "ali", 4, 16, "SOURCE")
    fill_slot_from_selection(project, claim, "SOURCE", 4, 16)
    (record,) = frame_records(project, frame_type="CASUALTY_CLAIM")
    assert record["slots"]["SOURCE"] == [
        {"start": 4, "end": 16, "text": "مسؤول أميركي"}, {"frame": quote, "start": None, "end": None, "text": None},
    ]
    assert claim_rows(project)[0]["source"] == f"مسؤول أميركي / #{quote}"


@pytest.mark.parametrize(
    "count_min, count_max, approximate, shown",
    [(2, 2, False, "2"), (101, None, False, "≥101"), (None, 9, False, "≤9"), (30, 99, True, "~30–99"),
     (200, 200, True, "~200"), (None, None, False, ""), (None, None, True, "")],
)
def test_format_count(count_min: int | None, count_max: int | None, approximate: bool, shown: str) -> None:
    assert format_count(count_min, count_max, approximate) == shown
