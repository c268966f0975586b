"""Review groups (agreement and disagreement per document) and adjudication into gold."""

from __future__ import annotations

import pytest

from annotator import Project
from annotator.review import adjudication
from annotator.review.groups import build_groups, review_document, review_progress, reviewable_documents
from annotator.errors import NotFoundError, ValidationError
from annotator.model import GOLD, SlotFiller, Span, SpanId, Status

TEXT = "قال مسؤول أميركي إن اثنين قتلا في سوريا ونقلت وكالة رويترز عن وزارة الدفاع الروسية"


def at(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


@pytest.fixture
def review_project(project: Project) -> str:
    """Alice and Bob agree on one span and disagree in four ways."""
    document_id, _ = project.add_document(TEXT)
    project.add_spans(document_id, "alice", [
        (*at("أميركي"), "NORP"), (*at("سوريا"), "GPE"), (*at("رويترز"), "ORG"), (*at("مسؤول"), "PER"),
        (*at("وزارة الدفاع الروسية"), "ORG"), (*at("الروسية"), "NORP"),
    ])
    project.add_spans(document_id, "bob", [
        (*at("أميركي"), "NORP"), (*at("سوريا"), "LOC"), (*at("وكالة رويترز"), "ORG"),
        (*at("وزارة الدفاع"), "ORG"),
    ])
    return document_id


def spans_of(project: Project, document_id: str, annotator: str = GOLD) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans(document_id, annotator)]


# --- groups --------------------------------------------------------------------------


def test_groups_and_their_kinds(project: Project, review_project: str) -> None:
    review = review_document(project, review_project)
    assert review.annotators == ("alice", "bob")
    kinds = [(group.key, group.kind) for group in review.groups]
    assert kinds == [
        (at("مسؤول"), "missing"),
        (at("أميركي"), "agreed"),
        (at("سوريا"), "label"),
        (at("وكالة رويترز"), "boundary"),
        (at("وزارة الدفاع الروسية"), "mixed"),
    ]
    group = review.group(*at("وزارة الدفاع الروسية"))
    assert group.version("alice") == ((*at("وزارة الدفاع الروسية"), "ORG"), (*at("الروسية"), "NORP"))
    assert group.version("bob") == ((*at("وزارة الدفاع"), "ORG"),)
    assert review.group(*at("مسؤول")).version("bob") == ()
    assert review.progress.disagreements == 4 and review.progress.agreed == 1 and not review.progress.complete


def test_touching_spans_are_separate_groups_and_overlap_chains_join() -> None:
    def span(i: int, name: str, start: int, end: int) -> Span:
        return Span(SpanId(i), "d", name, start, end, "PER")

    groups = build_groups("d", [span(1, "A", 0, 4), span(2, "B", 4, 8), span(3, "A", 10, 14), span(4, "B", 13, 20),
                                span(5, "A", 19, 22)], ["A", "B"], ["PER"])
    assert [(g.start, g.end, g.kind) for g in groups] == [(0, 4, "missing"), (4, 8, "missing"), (10, 22, "mixed")]


def test_one_annotator_agrees_with_himself_and_labels_filter(project: Project, review_project: str) -> None:
    review = review_document(project, review_project, ["bob"], ["ORG"])
    assert [(g.key, g.kind) for g in review.groups] == [(at("وكالة رويترز"), "agreed"), (at("وزارة الدفاع"), "agreed")]


def test_review_refuses_gold_unknown_documents_and_annotators(project: Project, review_project: str) -> None:
    with pytest.raises(ValidationError, match="leave 'gold' out"):
        review_document(project, review_project, ["alice", GOLD])
    with pytest.raises(NotFoundError, match="no document 'nope'"):
        review_document(project, "nope")
    with pytest.raises(NotFoundError, match="no annotator named 'carol'"):
        review_document(project, review_project, ["alice", "carol"])
    with pytest.raises(NotFoundError, match="no group at 0..3"):
        review_document(project, review_project).group(0, 3)


def test_default_annotators_are_those_who_worked_on_the_document(project: Project, review_project: str) -> None:
    other, _ = project.add_document("نص آخر")
    project.set_status(review_project, "carol", "done")  # done with no spans: she found nothing
    project.add_span(other, "dave", 0, 2, "PER")
    assert review_document(project, review_project).annotators == ("alice", "bob", "carol")
    assert review_document(project, review_project).group(*at("أميركي")).kind == "missing"
    assert reviewable_documents(project) == [review_project, other]
    assert reviewable_documents(project, ["dave"]) == [other]


# --- decisions -----------------------------------------------------------------------


def test_each_decision_writes_gold_and_is_one_undo_step(project: Project, review_project: str) -> None:
    review = review_document(project, review_project)
    adjudication.accept_version(project, review.group(*at("سوريا")), "bob")
    assert spans_of(project, review_project) == [(*at("سوريا"), "LOC")]
    assert project.undo_name(GOLD, review_project) == "Accept bob's Version"
    review = review_document(project, review_project)
    decision = review.group(*at("سوريا")).decision
    assert decision is not None and (decision.action, decision.annotator) == ("take", "bob")
    assert review.progress.decided == 1

    adjudication.accept_all(project, review.group(*at("وكالة رويترز")))
    assert (*at("رويترز"), "ORG") in spans_of(project, review_project)
    assert (*at("وكالة رويترز"), "ORG") in spans_of(project, review_project)
    adjudication.reject(project, review_document(project, review_project).group(*at("مسؤول")))
    adjudication.edit(project, review_document(project, review_project).group(*at("وزارة الدفاع الروسية")),
                      [(*at("وزارة الدفاع الروسية"), "ORG")])
    assert spans_of(project, review_project) == sorted([
        (*at("سوريا"), "LOC"), (*at("وكالة رويترز"), "ORG"), (*at("رويترز"), "ORG"), (*at("وزارة الدفاع الروسية"), "ORG"),
    ], key=lambda s: (s[0], -s[1]))
    progress = review_document(project, review_project).progress
    assert (progress.decided, progress.disagreements, progress.agreed_decided) == (4, 4, 0)
    assert project.status(review_project, GOLD) == Status.IN_PROGRESS

    adjudication.undo(project, review_project)
    assert review_document(project, review_project).progress.decided == 3
    assert (*at("وزارة الدفاع الروسية"), "ORG") not in spans_of(project, review_project)
    adjudication.redo(project, review_project)
    assert review_document(project, review_project).progress.decided == 4


def test_accepting_agreed_spans_in_one_step_completes_gold(project: Project, review_project: str) -> None:
    result = adjudication.accept_remaining(project, review_project, "alice")
    assert project.undo_name(GOLD, review_project) == "Accept alice's Remaining Versions"
    assert len(result.ids) == 5  # alice's spans of the four disagreements
    result = adjudication.accept_agreed(project, review_project)
    assert result.name == "Accept Agreed Spans" and len(result.ids) == 1
    assert project.status(review_project, GOLD) == Status.DONE
    assert review_document(project, review_project).progress.complete
    assert sorted(spans_of(project, review_project)) == sorted(spans_of(project, review_project, "alice"))
    assert adjudication.accept_agreed(project, review_project).name == ""  # nothing left
    adjudication.undo(project, review_project)
    assert project.status(review_project, GOLD) == Status.IN_PROGRESS
    assert spans_of(project, review_project) != spans_of(project, review_project, "alice")


def test_deciding_again_replaces_the_decision(project: Project, review_project: str) -> None:
    group = review_document(project, review_project).group(*at("سوريا"))
    adjudication.accept_version(project, group, "alice")
    adjudication.accept_version(project, group, "bob")
    review = review_document(project, review_project)
    assert spans_of(project, review_project) == [(*at("سوريا"), "LOC")]
    assert review.group(*at("سوريا")).decision.annotator == "bob"  # type: ignore[union-attr]
    assert len(project.decisions(review_project)) == 1


def test_a_group_changed_since_it_was_shown_is_refused(project: Project, review_project: str) -> None:
    group = review_document(project, review_project).group(*at("سوريا"))
    project.relabel_spans([s.id for s in group.versions["bob"]], "GPE")
    with pytest.raises(ValidationError, match="changed since they were shown"):
        adjudication.accept_version(project, group, "bob")
    assert spans_of(project, review_project) == []
    now_agreed = review_document(project, review_project).group(*at("سوريا"))
    assert now_agreed.kind == "agreed" and not now_agreed.decided


def test_a_changed_group_is_open_again(project: Project, review_project: str) -> None:
    adjudication.accept_version(project, review_document(project, review_project).group(*at("سوريا")), "alice")
    bob = review_document(project, review_project).group(*at("سوريا")).versions["bob"]
    project.relabel_spans([s.id for s in bob], "GPE")
    group = review_document(project, review_project).group(*at("سوريا"))
    assert not group.decided and [(s.start, s.end, s.label) for s in group.gold] == [(*at("سوريا"), "GPE")]


def test_edit_spans_must_overlap_the_group(project: Project, review_project: str) -> None:
    group = review_document(project, review_project).group(*at("سوريا"))
    with pytest.raises(ValidationError, match="does not overlap the group"):
        adjudication.edit(project, group, [(*at("مسؤول"), "PER")])
    with pytest.raises(ValidationError, match="not in the schema"):
        adjudication.edit(project, group, [(*at("سوريا"), "XYZ")])
    assert spans_of(project, review_project) == [] and project.undo_name(GOLD, review_project) is None


def test_replacing_gold_spans_takes_their_frame_fillers_in_the_same_step(project: Project, review_project: str) -> None:
    group = review_document(project, review_project).group(*at("وكالة رويترز"))
    adjudication.accept_version(project, group, "alice")
    gold_span = project.spans(review_project, GOLD)[0]
    trigger = project.add_spans(review_project, GOLD, [(*at("قتلا"), "TRIGGER")]).ids[0]
    project.add_frame(review_project, GOLD, "CASUALTY_CLAIM", [SlotFiller("TRIGGER", trigger), SlotFiller("SOURCE", gold_span.id)])
    adjudication.accept_version(project, group, "bob")
    assert project.frames(review_project, GOLD)[0].filler_spans("SOURCE") == []
    adjudication.undo(project, review_project)
    assert project.frames(review_project, GOLD)[0].filler_spans("SOURCE") == [gold_span.id]


def test_attributes_follow_the_accepted_spans(project: Project, review_project: str) -> None:
    span = next(s for s in project.spans(review_project, "alice") if s.label == "PER")
    project.set_span_attributes(span.id, {"note": "مسؤول"})
    adjudication.accept_version(project, review_document(project, review_project).group(span.start, span.end), "alice")
    assert project.spans(review_project, GOLD)[0].attributes == {"note": "مسؤول"}


def test_progress_over_the_project(project: Project, review_project: str) -> None:
    other, _ = project.add_document("نص آخر")
    project.add_span(other, "alice", 0, 2, "PER")
    adjudication.accept_agreed(project, other)
    adjudication.reject(project, review_document(project, review_project).group(*at("مسؤول")))
    progress = review_progress(project)
    assert list(progress) == [review_project, other]
    assert (progress[review_project].decided, progress[review_project].disagreements, progress[review_project].complete) == (1, 4, False)
    assert progress[other].complete and project.status(other, GOLD) == Status.DONE


def test_an_edit_replaces_only_the_gold_spans_it_overlaps(project: Project, review_project: str) -> None:
    group = review_document(project, review_project).group(*at("وزارة الدفاع الروسية"))
    start, end = at("وزارة الدفاع الروسية")
    adjudication.edit(project, group, [(start, start + 5, "ORG"), (end - 7, end, "NORP")])
    group = review_document(project, review_project).group(start, end)
    adjudication.edit(project, group, [(start, start + 12, "ORG")])  # over the ORG, not the NORP
    assert spans_of(project, review_project) == [(start, start + 12, "ORG"), (end - 7, end, "NORP")]
    decision = review_document(project, review_project).group(start, end).decision
    assert decision is not None and decision.spans == ((start, start + 12, "ORG"), (end - 7, end, "NORP"))


def test_a_written_span_edits_its_one_group_or_stands_alone(project: Project, review_project: str) -> None:
    review = review_document(project, review_project)
    start, end = at("وزارة الدفاع الروسية")
    edited, result = adjudication.write_span(project, review, (start, end, "ORG"))
    assert edited is not None and edited.key == (start, end) and result.name == "Edit Gold Spans"
    text = project.document(review_project).text
    free = next(i for i in range(len(text)) if not any(g.start <= i < g.end for g in review.groups) and text[i].isalpha())
    edited, result = adjudication.write_span(project, review_document(project, review_project), (free, free + 1, "PER"),
                                             exact=True)
    assert edited is None and (free, free + 1, "PER") in spans_of(project, review_project)
    first, last = review.groups[0], review.groups[-1]
    with pytest.raises(ValidationError, match=f"covers {len(review.groups)} groups; write gold for one group at a time"):
        adjudication.write_span(project, review, (first.start, last.end, "ORG"))


def test_a_written_span_is_snapped_in_the_core_as_a_label_key_snaps(project: Project, review_project: str) -> None:
    review = review_document(project, review_project)
    start, end = at("وزارة الدفاع الروسية")
    edited, _ = adjudication.write_span(project, review, (start + 2, end - 3, "ORG"))  # inside the first and last words
    assert edited is not None and (start, end, "ORG") in spans_of(project, review_project)
    text = project.document(review_project).text
    blank = text.index(" ")
    with pytest.raises(ValidationError, match="the selection holds no word"):
        adjudication.write_span(project, review_document(project, review_project), (blank, blank + 1, "PER"))
