"""What the frame panel calls: build frames from selections, each action one undo step.

A span made for a slot gets the slot's default label (its first listed label), unless
the annotator already has a span at exactly those offsets whose label the slot takes:
then that span is reused, so marking ``مسؤول أميركي`` as a SPEAKER where it is already a
PER gives one span, not two.

Counts: a claim's ``count_min``, ``count_max`` and ``approximate`` follow its COUNT slot
(the project keeps them so, ``annotator.frames.counts``). Creating a claim from a
selection that holds a count (``مقتل مقاتليْن``) pre-fills them from it.
"""

from __future__ import annotations

from annotator.frames.counts import count_attributes, takes_counts
from annotator.model import Frame, OpResult, SlotFiller
from annotator.project import Project
from annotator.schema import FrameType, SlotType


def span_for_slot(project: Project, document_id: str, annotator: str, slot: SlotType, start: int, end: int) -> int:
    """The id of a span of ``annotator`` at ``start..end`` that ``slot`` takes, added if there is none.

    Of several such spans the one whose label comes first in the slot's list is taken.
    """
    existing = {span.label: span.id for span in project.spans(document_id, annotator) if (span.start, span.end) == (start, end)}
    for label in slot.labels:
        if label in existing:
            return existing[label]
    return project.add_spans(document_id, annotator, [(start, end, slot.default_label)]).ids[0]


def create_frame_from_selection(
    project: Project, document_id: str, annotator: str, frame_type: str, start: int, end: int
) -> OpResult:
    """A new frame whose anchor slot (CUE, TRIGGER) is the selection; ``ids`` are (frame, anchor span)."""
    definition = project.schema.frame(frame_type)
    name = f"Add {definition.en}"
    with project.operation(annotator, document_id, name) as op:
        span_id = span_for_slot(project, document_id, annotator, definition.slot(definition.anchor), start, end)
        attributes = count_attributes(project.document(document_id).text[start:end]) if takes_counts(definition) else {}
        frame_id = project.add_frame(document_id, annotator, frame_type, [SlotFiller(definition.anchor, span_id)], attributes).ids[0]
    return OpResult(op.changes(document_id), (frame_id, span_id), name)


def fill_slot_from_selection(project: Project, frame_id: int, slot: str, start: int, end: int) -> OpResult:
    """Fill ``slot`` of a frame with the selection (a new span, or the annotator's span already there)."""
    frame = project.frame(frame_id)
    definition = project.schema.frame(frame.type)
    with project.operation(frame.annotator, frame.document_id, f"Fill {slot}"):
        span_id = span_for_slot(project, frame.document_id, frame.annotator, definition.slot(slot), start, end)
        return _fill(project, frame, definition, slot, span_id)


def fill_slot_with_span(project: Project, frame_id: int, slot: str, span_id: int) -> OpResult:
    """Fill ``slot`` of a frame with an existing span of the same annotator and document."""
    frame = project.frame(frame_id)
    definition = project.schema.frame(frame.type)
    with project.operation(frame.annotator, frame.document_id, f"Fill {slot}"):
        return _fill(project, frame, definition, slot, span_id)


def _fill(project: Project, frame: Frame, definition: FrameType, slot: str, span_id: int) -> OpResult:
    """Add the filler inside the caller's operation (a COUNT re-derives the counts in the project)."""
    result = project.add_slot_filler(frame.id, SlotFiller(slot, span_id))
    return OpResult(result.changes, (frame.id, span_id), f"Fill {slot}")
