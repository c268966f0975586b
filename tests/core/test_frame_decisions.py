"""Frame disagreements decided one at a time into gold: take a version, reject, edit a part, undo."""

from __future__ import annotations

import pytest
from test_frame_agreement import TEXT, at, record

from annotator import Project
from annotator.agreement.html import agreement_html
from annotator.errors import ValidationError
from annotator.frames.records import frame_records
from annotator.model import GOLD, SlotFiller, Status
from annotator.review import adjudication
from annotator.review.frame_adjudication import reject_frame, take_frame, take_part
from annotator.review.documents import measure_documents
from annotator.review.frame_groups import FrameDisagreement, frame_disagreements


@pytest.fixture
def document(project: Project) -> str:
    """ali and mona differ on the first quotation's CONTENT, the first claim's COUNT, and
    mona lacks the third claim."""
    document, _ = project.add_document(TEXT)
    record(project, document, "ali")
    record(project, document, "mona", content_end="روسية", count="ثلاثة جنود")
    third = [f for f in project.frames(document, "mona") if f.type == "CASUALTY_CLAIM"][2]
    project.delete_frames([third.id])
    return document


def found(project: Project, document: str, frame: str, kind: str) -> FrameDisagreement:
    return next(d for d in frame_disagreements(project, document) if d.frame == frame and d.kind == kind)


def gold_claims(project: Project, document: str) -> list[tuple[str, str, object, object]]:
    """Gold's claims as (TRIGGER, COUNT, count_min, count_max)."""
    return [(r["slots"]["TRIGGER"][0]["text"], " ".join(f["text"] for f in r["slots"]["COUNT"]),
             r["attributes"]["count_min"], r["attributes"]["count_max"])
            for r in frame_records(project, GOLD, [document], "CASUALTY_CLAIM")]


def test_a_frame_waits_for_its_entity_spans(project: Project, document: str) -> None:
    with pytest.raises(ValidationError, match=r"its TIME «يوم الأحد» \(TIME\) is not in gold; decide its spans first"):
        take_frame(project, found(project, document, "CASUALTY_CLAIM", "slots"), "ali")
    assert GOLD not in project.annotators() or project.frames(document, GOLD) == []


def test_take_edit_reject_and_undo_one_frame_at_a_time(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    claim = found(project, document, "CASUALTY_CLAIM", "slots")
    assert claim.slots == ("COUNT",) and claim.decision is None
    take_frame(project, claim, "mona")
    assert gold_claims(project, document) == [("قتلوا", "ثلاثة جنود", 3, 3)]
    claim = found(project, document, "CASUALTY_CLAIM", "slots")
    assert claim.decision.action == "take" and claim.decision.annotator == "mona" and len(claim.gold) == 1
    take_part(project, claim, "COUNT", "ali")  # the edit: ali's COUNT in mona's frame
    assert gold_claims(project, document) == [("قتلوا", "ثلاثة جنود على الأقل", 3, None)]
    assert found(project, document, "CASUALTY_CLAIM", "slots").decision.action == "edit"
    # the source quotation came with the claim; the QUOTE disagreement is decided on its own
    quote = found(project, document, "QUOTE", "slots")
    assert len(quote.gold) == 1 and quote.decision is None

    missing = found(project, document, "CASUALTY_CLAIM", "missing")
    take_frame(project, missing, "mona")  # mona has none there: gold has none
    assert len(gold_claims(project, document)) == 1
    take_frame(project, found(project, document, "CASUALTY_CLAIM", "missing"), "ali")
    assert gold_claims(project, document)[1] == ("قتل", "اثنان", 2, 2)
    adjudication.undo(project, document)
    assert len(gold_claims(project, document)) == 1
    assert found(project, document, "CASUALTY_CLAIM", "missing").decision.annotator == "mona"
    adjudication.undo(project, document)  # mona's (empty) take undone: undecided again
    assert found(project, document, "CASUALTY_CLAIM", "missing").decision is None

    reject_frame(project, found(project, document, "CASUALTY_CLAIM", "slots"))
    assert gold_claims(project, document) == []
    adjudication.undo(project, document)
    assert gold_claims(project, document) == [("قتلوا", "ثلاثة جنود على الأقل", 3, None)]


def test_an_edit_needs_one_gold_frame_and_a_changed_disagreement_is_refused(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    claim = found(project, document, "CASUALTY_CLAIM", "slots")
    with pytest.raises(ValidationError, match="gold has 0 CASUALTY_CLAIM frames.*take one annotator's frame first"):
        take_part(project, claim, "COUNT", "ali")
    mona_claim = next(f for f in project.frames(document, "mona") if f.type == "CASUALTY_CLAIM")
    project.set_frame_attributes(mona_claim.id, {"outcome": "injured"})
    with pytest.raises(ValidationError, match="changed since they were shown"):
        take_frame(project, claim, "ali")
    assert project.frames(document, GOLD) == []


def test_disagreements_json_lists_the_decision(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    take_frame(project, found(project, document, "QUOTE", "slots"), "ali")
    quote = found(project, document, "QUOTE", "slots").as_json()
    assert quote["decided"] and quote["decision"] == {"action": "take", "annotator": "ali"}
    assert [f["text"] for f in quote["gold"][0]["slots"]["CONTENT"]] == [TEXT[at("ثلاثة")[0]: at("الزور")[1]]]


def test_documents_rank_by_span_and_frame_disagreements_in_the_window_and_the_html_report(project: Project) -> None:
    calm, _ = project.add_document("زار بوتين دمشق أمس")
    for name in ("ali", "mona"):
        project.add_span(calm, name, 4, 9, "PER")
        project.set_status(calm, name, "done")
    document, _ = project.add_document(TEXT)
    record(project, document, "ali")
    record(project, document, "mona", count="ثلاثة جنود")
    result = measure_documents(project, None)
    assert [(d.document_id, d.progress.disagreements, d.frame_disagreements) for d in result.documents] == [
        (document, 0, 1), (calm, 0, 0)]
    page = agreement_html(result.report, documents=result.documents).split("Documents by disagreement")[1]
    assert page.index(document) < page.index(calm)


def test_an_edited_slot_leaves_no_unused_span_in_gold(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    take_frame(project, found(project, document, "CASUALTY_CLAIM", "slots"), "mona")
    def counts() -> list[str]:
        return sorted(TEXT[s.start : s.end] for s in project.spans(document, GOLD) if s.label == "COUNT")

    assert counts() == ["ثلاثة جنود"]
    take_part(project, found(project, document, "CASUALTY_CLAIM", "slots"), "COUNT", "ali")
    assert counts() == ["ثلاثة جنود على الأقل"]  # mona's COUNT went with the edit, not left unused
    adjudication.undo(project, document)
    assert counts() == ["ثلاثة جنود"] and gold_claims(project, document) == [("قتلوا", "ثلاثة جنود", 3, 3)]


def test_a_filled_single_slot_drops_the_slot_span_it_replaced_not_an_entity(project: Project, document: str) -> None:
    claim = next(f for f in project.frames(document, "ali") if f.type == "CASUALTY_CLAIM")
    old = next(filler.span_id for filler in claim.fillers if filler.slot == "COUNT")
    new = project.add_spans(document, "ali", [(*at("ثلاثة"), "COUNT")]).ids[0]
    project.add_slot_filler(claim.id, SlotFiller("COUNT", new))
    assert old not in {span.id for span in project.spans(document, "ali")}
    time = next(filler.span_id for filler in claim.fillers if filler.slot == "TIME")
    other = project.add_spans(document, "ali", [(*at("قتلوا"), "TIME")]).ids[0]
    project.add_slot_filler(claim.id, SlotFiller("TIME", other))
    assert time in {span.id for span in project.spans(document, "ali")}  # an entity span stays


def test_gold_is_done_only_when_frame_disagreements_are_decided_too(project: Project, document: str) -> None:
    adjudication.accept_agreed(project, document)
    assert adjudication.review_document(project, document).progress.complete
    assert project.status(document, GOLD) != Status.DONE  # span groups decided, frames not
    for kind, frame in (("slots", "CASUALTY_CLAIM"), ("missing", "CASUALTY_CLAIM"), ("slots", "QUOTE")):
        take_frame(project, found(project, document, frame, kind), "ali")
    assert all(d.decision is not None for d in frame_disagreements(project, document))
    assert project.status(document, GOLD) == Status.DONE
    adjudication.undo(project, document)  # a frame decision reopened
    assert project.status(document, GOLD) == Status.IN_PROGRESS
