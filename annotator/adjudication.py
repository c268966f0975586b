"""Adjudication: the curator's decisions on review groups, written into the gold layer.

A decision replaces the gold spans that overlap a group (``annotator.agreement.
disagreements``) with what the curator chose, and records the decision beside them:

* ``accept_version(project, group, annotator)``: that annotator's spans (with attributes);
* ``accept_all(project, group)``: every annotator's spans, identical ones once;
* ``reject(project, group)``: no span;
* ``edit(project, group, spans)``: the curator's own spans, each overlapping the group;
* ``accept_agreed(project, document)``: every agreed group not yet decided, in one step;
* ``accept_remaining(project, document, annotator)``: that annotator's version for every
  disagreement not yet decided, in one step.

Each call is one ``Project.operation`` of annotator ``gold`` on that document, so it is one
undo step (the replaced gold spans, the new ones and the decision record undo together);
undo and redo go through ``undo``/``redo`` here so the gold status follows. A gold span
that filled a gold frame slot or link loses that filler with it, in the same step.

A group is decided as it was shown: if an annotator changed it since (its fingerprint is
gone from the document), the decision is refused with a ``ValidationError``, so nothing is
decided on a stale view. Deciding a decided group again replaces the earlier decision.

Gold status: after each decision, undo and redo, the document's gold status becomes
``done`` when every group is decided (``ReviewProgress.complete``) and goes back to
``in_progress`` when an undo opens a group again. Statuses are not part of undo steps.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from annotator.agreement.disagreements import Group, Review, SpanKey, review_document
from annotator.errors import ValidationError
from annotator.model import GOLD, Changes, OpResult, Status
from annotator.project import Project


def _attributes(group: Group, annotators: Sequence[str]) -> dict[SpanKey, dict]:
    """Attributes of the annotators' spans by (start, end, label), the first annotator's first."""
    found: dict[SpanKey, dict] = {}
    for name in annotators:
        for span in group.versions[name]:
            found.setdefault((span.start, span.end, span.label), dict(span.attributes))
    return found


def _decide(
    project: Project,
    review: Review,
    choices: Sequence[tuple[Group, str, str | None, Sequence[SpanKey]]],
    name: str,
) -> OpResult:
    """Write ``(group, action, annotator, spans)`` choices as one undo step of gold."""
    current = {group.fingerprint: group for group in review.groups}
    for group, *_ in choices:
        if group.fingerprint not in current:
            raise ValidationError(
                f"the annotations at {group.start}..{group.end} of document {group.document_id!r} changed since "
                "they were shown; review the document again"
            )
    document_id = review.document_id
    added: list[int] = []
    if choices:
        with project.operation(GOLD, document_id, name):
            for group, action, annotator, spans in choices:
                attributes = _attributes(group, [annotator] if annotator else list(group.versions))
                replaced = [s.id for s in project.spans(document_id, GOLD) if s.start < group.end and group.start < s.end]
                if replaced:
                    project.delete_spans(replaced, cascade=True)
                unique = list(dict.fromkeys(spans))
                if unique:
                    added += project.add_spans(
                        document_id, GOLD, [(*key, attributes.get(key, {})) for key in unique]
                    ).ids
                earlier = current[group.fingerprint].decision
                payload = {"fingerprint": group.fingerprint, "start": group.start, "end": group.end,
                           "action": action, "annotator": annotator, "spans": [list(key) for key in unique]}
                project.record_decision(document_id, payload, replaces=None if earlier is None else earlier.record)
    sync_gold_status(project, document_id, review.annotators, review.labels)
    if not choices:
        return OpResult(Changes(documents=frozenset({document_id})))
    return OpResult(Changes(documents=frozenset({document_id})), tuple(added), name)


def _review_of(project: Project, group: Group) -> Review:
    return review_document(project, group.document_id, group.annotators, group.labels)


def accept_version(project: Project, group: Group, annotator: str) -> OpResult:
    """Gold takes ``annotator``'s spans in the group (none, if that annotator has none there)."""
    version = group.version(annotator)
    return _decide(project, _review_of(project, group), [(group, "take", annotator, version)], f"Accept {annotator}'s Version")


def accept_all(project: Project, group: Group) -> OpResult:
    """Gold takes the spans of every annotator in the group; identical spans once."""
    union = [key for name in group.versions for key in group.version(name)]
    return _decide(project, _review_of(project, group), [(group, "all", None, union)], "Accept All Versions")


def reject(project: Project, group: Group) -> OpResult:
    """Gold has no span over the group."""
    return _decide(project, _review_of(project, group), [(group, "reject", None, ())], "Reject Spans")


def edit(project: Project, group: Group, spans: Iterable[SpanKey]) -> OpResult:
    """Gold takes the curator's ``(start, end, label)`` spans, each overlapping the group."""
    spans = [(int(start), int(end), str(label)) for start, end, label in spans]
    for start, end, label in spans:
        if not (start < group.end and group.start < end):
            raise ValidationError(f"span {start}..{end} {label} does not overlap the group at {group.start}..{group.end}")
    return _decide(project, _review_of(project, group), [(group, "edit", None, spans)], "Edit Gold Spans")


def accept_agreed(
    project: Project, document_id: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None
) -> OpResult:
    """Every agreed group not yet decided goes into gold, in one undo step."""
    review = review_document(project, document_id, annotators, labels)
    choices = [(group, "agreed", None, group.version(group.annotators[0])) for group in review.agreed if not group.decided]
    return _decide(project, review, choices, "Accept Agreed Spans")


def accept_remaining(
    project: Project, document_id: str, annotator: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None
) -> OpResult:
    """``annotator``'s version for every disagreement not yet decided, in one undo step."""
    review = review_document(project, document_id, annotators, labels)
    if annotator not in review.annotators:
        raise ValidationError(f"annotator {annotator!r} is not among the reviewed annotators ({', '.join(review.annotators)})")
    choices = [(group, "take", annotator, group.version(annotator)) for group in review.disagreements if not group.decided]
    return _decide(project, review, choices, f"Accept {annotator}'s Remaining Versions")


def sync_gold_status(
    project: Project, document_id: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None
) -> Status:
    """Gold status ``done`` when every group is decided; ``in_progress`` again when one reopens."""
    complete = review_document(project, document_id, annotators, labels).progress.complete
    status = project.status(document_id, GOLD)
    if complete and status != Status.DONE:
        project.set_status(document_id, GOLD, Status.DONE)
        return Status.DONE
    if not complete and status == Status.DONE:
        project.set_status(document_id, GOLD, Status.IN_PROGRESS)
        return Status.IN_PROGRESS
    return status


def undo(project: Project, document_id: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None) -> OpResult:
    """Undo the last gold step on the document, then bring the gold status up to date."""
    result = project.undo(GOLD, document_id)
    sync_gold_status(project, document_id, annotators, labels)
    return result


def redo(project: Project, document_id: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None) -> OpResult:
    """Redo the last undone gold step on the document, then bring the gold status up to date."""
    result = project.redo(GOLD, document_id)
    sync_gold_status(project, document_id, annotators, labels)
    return result

