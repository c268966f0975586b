"""The curator's decisions on frame disagreements (``annotator.review.frame_groups``), one
disagreement at a time, written into the gold layer:

* ``take_frame(project, found, annotator)``: gold's frames of the disagreement's type whose
  anchor overlaps it are replaced by that annotator's frames there (none, when the
  annotator has none: the missing frame stays missing);
* ``reject_frame(project, found)``: gold has no frame of that type there;
* ``take_part(project, found, part, annotator)``: an edit of gold's one frame there: the
  slot or attribute ``part`` takes that annotator's fillers or value, the rest stays. A
  count attribute taken this way is an override unless COUNT reads the same
  (``Project.set_frame_attributes``); taking COUNT derives the counts.

A frame is copied as ``adjudication.FrameCopier`` copies it: its entity fillers (a SPEAKER
that is a PER) must be in gold already, else the decision is refused and nothing changes;
slot spans (TRIGGER, COUNT...) are reused from gold or added; a quotation filling SOURCE is
taken with it. Each call is one undo step of gold (undone with ``adjudication.undo``) that
also records the decision (payload ``kind: "frame"``, the group's ``fingerprint``) beside the
span decisions, so it undoes with what it wrote. A disagreement changed since it was shown
(its fingerprint is gone) is refused, as span groups are. Gold's status follows frame
decisions as it follows span decisions (``adjudication.sync_gold_status``): ``done`` once
both are all decided.
"""

from __future__ import annotations

from typing import Callable

from annotator.errors import ValidationError
from annotator.model import GOLD, Changes, OpResult
from annotator.project import Project
from annotator.review.adjudication import FrameCopier, sync_gold_status
from annotator.review.frame_groups import FrameDisagreement, frame_disagreements


def _current(project: Project, found: FrameDisagreement) -> FrameDisagreement:
    """``found`` as it is now, refusing a disagreement that changed since it was shown."""
    for now in frame_disagreements(project, _document(found), found.annotators):
        if now.fingerprint == found.fingerprint and now.key == found.key:
            return now
    raise ValidationError(
        f"the {found.frame} frames at {found.start}..{found.end} of document {_document(found)!r} changed since they "
        "were shown; review the document again"
    )


def _document(found: FrameDisagreement) -> str:
    for record in (*found.versions.values(), *found.gold):
        if record is not None:
            return record["document"]
    raise ValidationError(f"the {found.frame} disagreement at {found.start}..{found.end} holds no frame")


def _annotator(found: FrameDisagreement, annotator: str) -> None:
    if annotator not in found.versions:
        raise ValidationError(f"annotator {annotator!r} is not compared here ({', '.join(found.annotators)})")


def _decide(project: Project, found: FrameDisagreement, action: str, annotator: str | None, name: str, write: Callable[[], object]) -> OpResult:
    """Run ``write()`` and record the decision, as one undo step of gold."""
    document_id = _document(found)
    with project.operation(GOLD, document_id, name):
        write()
        payload = {"fingerprint": found.fingerprint, "kind": "frame", "frame": found.frame, "start": found.start,
                   "end": found.end, "action": action, "annotator": annotator, "spans": []}
        earlier = found.decision
        project.record_decision(document_id, payload, replaces=None if earlier is None else earlier.record)
    sync_gold_status(project, document_id, found.annotators)
    return OpResult(Changes(documents=frozenset({document_id})), name=name)


def _remove_gold(project: Project, found: FrameDisagreement) -> None:
    ids = [record["id"] for record in found.gold]
    if ids:
        project.delete_frames(ids, with_slot_spans=True)


def take_frame(project: Project, found: FrameDisagreement, annotator: str) -> OpResult:
    """Gold's frames there become ``annotator``'s (none if they have none), in one undo step."""
    _annotator(found, annotator)
    found = _current(project, found)
    document_id = _document(found)
    copier = FrameCopier(project, document_id, annotator)
    frames = [copier.frames[frame_id] for frame_id in found.frame_ids.get(annotator, ())]
    for frame in frames:
        reason = copier.why_not(frame)
        if reason is not None:
            raise ValidationError(f"{annotator}'s {frame.type} at {found.start}..{found.end} cannot come into gold: {reason}; decide its spans first")

    def write() -> None:
        _remove_gold(project, found)
        fresh = FrameCopier(project, document_id, annotator)  # gold's slot spans changed
        for frame in frames:
            fresh.copy(fresh.frames[frame.id])

    return _decide(project, found, "take", annotator, f"Accept {annotator}'s {found.frame}", write)


def reject_frame(project: Project, found: FrameDisagreement) -> OpResult:
    """Gold has no frame of the disagreement's type there, in one undo step."""
    found = _current(project, found)
    return _decide(project, found, "reject", None, f"Reject {found.frame}", lambda: _remove_gold(project, found))


def take_part(project: Project, found: FrameDisagreement, part: str, annotator: str) -> OpResult:
    """Gold's one frame there takes ``annotator``'s fillers of slot ``part`` (or value of
    attribute ``part``), in one undo step: an edit."""
    _annotator(found, annotator)
    found = _current(project, found)
    definition = project.schema.frame(found.frame)
    slots = {slot.name for slot in definition.slots}
    attributes = {attribute.name for attribute in definition.attributes}
    if part not in slots | attributes:
        raise ValidationError(f"{found.frame} has no slot or attribute {part!r}")
    if len(found.gold) != 1:
        raise ValidationError(f"gold has {len(found.gold)} {found.frame} frames at {found.start}..{found.end}; "
                              "take one annotator's frame first, then edit it")
    record = found.versions[annotator]
    if record is None:
        raise ValidationError(f"{annotator} has {len(found.frame_ids.get(annotator, ()))} {found.frame} frames here, not one")
    gold_id = found.gold[0]["id"]
    if part in attributes:
        value = record["attributes"].get(part)
        return _decide(project, found, "edit", annotator, f"Take {annotator}'s {part}",
                       lambda: project.set_frame_attributes(gold_id, {part: value}))
    copier = FrameCopier(project, _document(found), annotator)
    fillers = [filler for filler in copier.frames[record["id"]].fillers if filler.slot == part]
    for filler in fillers:
        reason = copier.why_not_filler(filler, frozenset({record["id"]}))
        if reason is not None:
            raise ValidationError(f"{annotator}'s {part} cannot come into gold: {reason}; decide its spans first")

    def write() -> None:
        project.clear_slot(gold_id, part, with_slot_spans=True)  # the replaced CUE, COUNT... is not left behind
        fresh = FrameCopier(project, _document(found), annotator)  # gold's slot spans changed
        for filler in fillers:
            copied = fresh.gold_filler(filler, frozenset({record["id"]}))
            if copied is not None:
                project.add_slot_filler(gold_id, copied)

    return _decide(project, found, "edit", annotator, f"Take {annotator}'s {part}", write)

