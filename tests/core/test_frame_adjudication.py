"""Frames (quotations, casualty claims) brought into gold once their spans are decided."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.review import adjudication
from annotator.errors import ValidationError
from annotator.model import GOLD, SlotFiller

TEXT = "قال مسؤول أميركي إن اثنين قتلا في سوريا ونقلت وكالة رويترز عن وزارة الدفاع الروسية"


def at(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def quote_and_claim(project: Project, document_id: str, annotator: str, *, count: str = "اثنين", mode: str = "indirect") -> None:
    """A quotation (CUE قال, SPEAKER مسؤول as PER, CONTENT) and a claim whose SOURCE is that quotation."""
    cue, speaker, content, trigger, number, place = project.add_spans(document_id, annotator, [
        (*at("قال"), "CUE"), (*at("مسؤول"), "PER"), (*at("اثنين قتلا في سوريا"), "CONTENT"),
        (*at("قتلا"), "TRIGGER"), (*at(count), "COUNT"), (*at("سوريا"), "GPE"),
    ]).ids
    quote = project.add_frame(document_id, annotator, "QUOTE", [
        SlotFiller("CUE", cue), SlotFiller("SPEAKER", speaker), SlotFiller("CONTENT", content)], {"mode": mode}).ids[0]
    project.add_frame(document_id, annotator, "CASUALTY_CLAIM", [
        SlotFiller("TRIGGER", trigger), SlotFiller("COUNT", number), SlotFiller("LOCATION", place),
        SlotFiller("SOURCE", frame_id=quote)])


def gold_frames(project: Project, document_id: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each gold frame's type and fillers as (slot, text or frame type)."""
    spans = {span.id: span for span in project.spans(document_id, GOLD)}
    frames = {frame.id: frame for frame in project.frames(document_id, GOLD)}
    return sorted(
        (frame.type, sorted(
            (f.slot, TEXT[spans[f.span_id].start:spans[f.span_id].end] if f.span_id else frames[f.frame_id].type)
            for f in frame.fillers))
        for frame in frames.values()
    )


@pytest.fixture
def document(project: Project) -> str:
    document_id, _ = project.add_document(TEXT)
    quote_and_claim(project, document_id, "alice")
    quote_and_claim(project, document_id, "bob", count="اثنين قتلا")
    return document_id


def test_frames_wait_for_their_entity_spans_then_come_with_their_slot_spans(project: Project, document: str) -> None:
    taken = adjudication.accept_frames(project, document, "alice")
    assert (taken.taken, taken.present) == (0, 0)
    assert taken.left_out[0].endswith("its SPEAKER «مسؤول» (PER) is not in gold")
    assert taken.left_out[1].endswith("its LOCATION «سوريا» (GPE) is not in gold") and project.frames(document, GOLD) == []
    adjudication.accept_agreed(project, document)  # the PER and GPE spans both made
    taken = adjudication.accept_frames(project, document, "alice")
    assert (taken.taken, taken.present, taken.left_out) == (2, 0, ())
    assert gold_frames(project, document) == [
        ("CASUALTY_CLAIM", [("COUNT", "اثنين"), ("LOCATION", "سوريا"), ("SOURCE", "QUOTE"), ("TRIGGER", "قتلا")]),
        ("QUOTE", [("CONTENT", "اثنين قتلا في سوريا"), ("CUE", "قال"), ("SPEAKER", "مسؤول")]),
    ]
    assert sorted(s.label for s in project.spans(document, GOLD)) == ["CONTENT", "COUNT", "CUE", "GPE", "PER", "TRIGGER"]
    again = adjudication.accept_frames(project, document, "alice")
    assert (again.taken, again.present, again.result.name) == (0, 2, "")


def test_taking_frames_is_one_undo_step(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    spans_before = len(project.spans(document, GOLD))
    assert adjudication.accept_frames(project, document, "bob").result.name == "Accept bob's Frames"
    adjudication.undo(project, document)
    assert project.frames(document, GOLD) == [] and len(project.spans(document, GOLD)) == spans_before


def test_agreed_frames_are_those_every_annotator_made_alike(project: Project, document: str) -> None:
    """Alice's and Bob's quotations are alike; their claims differ in the COUNT span."""
    adjudication.accept_agreed(project, document)
    taken = adjudication.accept_agreed_frames(project, document)
    assert (taken.taken, taken.present, taken.left_out) == (1, 0, ())
    assert [frame_type for frame_type, _ in gold_frames(project, document)] == ["QUOTE"]
    assert adjudication.accept_frames(project, document, "bob").taken == 1  # the claim, on the gold quotation
    (claim,) = [f for f in project.frames(document, GOLD) if f.type == "CASUALTY_CLAIM"]
    (quote,) = [f for f in project.frames(document, GOLD) if f.type == "QUOTE"]
    assert [f.frame_id for f in claim.fillers if f.slot == "SOURCE"] == [quote.id]


def test_frames_differing_in_attributes_are_not_agreed_nor_those_they_fill(project: Project) -> None:
    """The quotations differ in mode, so the claims citing them are not alike either."""
    document_id, _ = project.add_document(TEXT)
    quote_and_claim(project, document_id, "alice", mode="direct")
    quote_and_claim(project, document_id, "bob")
    adjudication.accept_agreed(project, document_id)
    taken = adjudication.accept_agreed_frames(project, document_id)
    assert (taken.taken, taken.result.name) == (0, "") and project.frames(document_id, GOLD) == []


def test_a_frame_whose_source_is_not_taken_is_left_out_with_the_reason(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    quote_and_claim(project, document_id, "alice")
    project.add_span(document_id, GOLD, *at("سوريا"), "GPE")
    taken = adjudication.accept_frames(project, document_id, "alice")
    assert taken.taken == 0 and "its SOURCE QUOTE cannot come: its SPEAKER «مسؤول» (PER) is not in gold" in taken.left_out[1]


def test_bad_annotators_are_one_line_errors(project: Project, document: str) -> None:
    with pytest.raises(ValidationError, match="no annotator 'carol'"):
        adjudication.accept_frames(project, document, "carol")
    with pytest.raises(ValidationError, match="gold's frames are gold already"):
        adjudication.accept_frames(project, document, GOLD)
    with pytest.raises(ValidationError, match="at least two annotators"):
        adjudication.accept_agreed_frames(project, document, ["alice"])
