"""Frame disagreements of a document: missing frames, slots and attributes that differ."""

from __future__ import annotations

from test_frame_agreement import TEXT, at, record

from annotator import Project
from annotator.review.frame_groups import frame_disagreements


def test_identical_layers_have_no_frame_disagreement(project: Project) -> None:
    document, _ = project.add_document(TEXT)
    for name in ("ali", "mona"):
        record(project, document, name)
    assert frame_disagreements(project, document) == []


def test_slots_attributes_and_missing_frames_are_listed(project: Project) -> None:
    document, _ = project.add_document(TEXT)
    record(project, document, "ali")
    record(project, document, "mona", content_end="روسية", count="ثلاثة جنود")
    mona_claim = next(f for f in project.frames(document, "mona") if f.type == "CASUALTY_CLAIM")
    project.set_frame_attributes(mona_claim.id, {"outcome": "injured"})
    third = [f for f in project.frames(document, "mona") if f.type == "CASUALTY_CLAIM"][2]
    project.delete_frames([third.id])
    found = [(d.frame, d.kind, d.slots, d.attributes, TEXT[d.start : d.end]) for d in frame_disagreements(project, document)]
    assert found == [
        ("QUOTE", "slots", ("CONTENT",), (), "قال"),
        ("CASUALTY_CLAIM", "slots", ("COUNT",), ("outcome", "count_max"), "قتلوا"),
        ("CASUALTY_CLAIM", "missing", (), (), "قتل"),
    ]
    missing = frame_disagreements(project, document)[-1]
    assert missing.versions["mona"] is None and missing.versions["ali"]["slots"]["COUNT"][0]["text"] == "اثنان"
    assert (missing.start, missing.end) == at("قتل", after="وربما")
