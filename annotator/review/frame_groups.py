"""The frames of one document in review: where the annotators' quotations and claims differ.

Frames of one type are grouped across the compared annotators by their anchors (CUE,
TRIGGER) overlapping, transitively, as span groups are by their spans. A group where
every annotator has one frame and the frames agree (the same fillers in every slot, by
offsets, a quotation filler by its speaker's, and the same attributes) is agreed;
otherwise it is a disagreement of kind:

- ``missing``: some annotator has no frame there (or several where others have one);
- ``slots``: the slots listed in ``slots`` differ;
- ``attributes``: only attributes differ (listed in ``attributes``).

``versions`` holds each annotator's frame as its record (``annotator.frames.records``),
None where they have none (or several: ``frame_ids`` lists them all). ``gold`` holds the
records of gold's frames of the type whose anchor overlaps the group now, however they got
there; ``decision`` the curator's last decision on the group, tied to it by ``fingerprint``
(a hash of the versions), as span decisions are (``annotator.review.groups``): when an
annotator changes a frame after it was decided, the disagreement is open again. Everything
here reads; frames come into gold through ``annotator.review.frame_adjudication`` (one
disagreement at a time) and ``annotator.review.adjudication`` (whole layers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal, Mapping, Sequence

from annotator.frames.records import frame_records
from annotator.model import GOLD
from annotator.project import Project
from annotator.review.groups import Decision, Review, decisions_of, review_annotators

FrameKind = Literal["missing", "slots", "attributes"]


@dataclass(frozen=True)
class FrameDisagreement:
    """One group of frames of one type whose annotators differ."""

    frame: str
    start: int
    end: int
    """The extent of the group's anchors."""
    kind: FrameKind
    versions: Mapping[str, dict[str, Any] | None]
    slots: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    frame_ids: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """Every frame of each annotator in the group (a ``missing`` group may hold several)."""
    gold: tuple[dict[str, Any], ...] = ()
    decision: Decision | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        return self.frame, self.start, self.end

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(self.versions)

    @property
    def fingerprint(self) -> str:
        """A short hash of the annotators' frames here (without their ids); decisions are tied to it."""
        plain = {name: None if record is None else {k: v for k, v in record.items() if k != "id"}
                 for name, record in self.versions.items()}
        canonical = json.dumps([self.frame, sorted(plain.items()), sorted((n, len(i)) for n, i in self.frame_ids.items())],
                               ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    @property
    def parts(self) -> tuple[str, ...]:
        """What differs, slots then attributes: what an edit takes one at a time."""
        return (*self.slots, *self.attributes)

    def as_json(self) -> dict[str, Any]:
        decision = self.decision
        return {"frame": self.frame, "start": self.start, "end": self.end, "kind": self.kind,
                "slots": list(self.slots), "attributes": list(self.attributes), "versions": dict(self.versions),
                "gold": list(self.gold), "decided": decision is not None,
                "decision": None if decision is None else {"action": decision.action, "annotator": decision.annotator}}


def gold_complete(review: Review, frames: Sequence[FrameDisagreement]) -> bool:
    """Whether the curator has decided a document: every span group (agreed or not) and every
    frame disagreement. The gold status, the CLI and the review window all ask this."""
    return review.progress.complete and all(found.decision is not None for found in frames)


def _anchor(record: Mapping[str, Any], anchor: str) -> tuple[int, int] | None:
    fillers = record["slots"].get(anchor) or []
    return (fillers[0]["start"], fillers[0]["end"]) if fillers else None


def _fillers(record: Mapping[str, Any], slot: str) -> list[tuple[Any, Any]]:
    return sorted((f["start"] or -1, f["end"] or -1) for f in record["slots"][slot])


def frame_disagreements(project: Project, document_id: str, annotators: Iterable[str] | None = None) -> list[FrameDisagreement]:
    """The frame groups of a document where the annotators differ, by type then position,
    with gold's frames over each and the curator's decision."""
    names = tuple(annotators) if annotators is not None else review_annotators(project, document_id)
    decisions = decisions_of(project.decisions(document_id))
    has_gold = GOLD in project.annotators()
    found = []
    for frame_type in project.schema.frames:
        gold = [
            (anchor, record) for record in (frame_records(project, GOLD, [document_id], frame_type.name) if has_gold else [])
            if (anchor := _anchor(record, frame_type.anchor)) is not None
        ]
        placed = [
            (anchor, name, record)
            for name in names
            for record in frame_records(project, name, [document_id], frame_type.name)
            if (anchor := _anchor(record, frame_type.anchor)) is not None
        ] if names else []
        placed.sort(key=lambda item: item[0])
        groups: list[list[tuple[tuple[int, int], str, dict[str, Any]]]] = []
        for item in placed:
            if groups and item[0][0] < max(anchor[1] for anchor, _, _ in groups[-1]):
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            disagreement = _compare(frame_type.name, group, names)
            if disagreement is not None:
                over = tuple(record for (start, end), record in gold if start < disagreement.end and disagreement.start < end)
                disagreement = replace(disagreement, gold=over)
                found.append(replace(disagreement, decision=decisions.get(disagreement.fingerprint)))
    return found


def _compare(frame: str, group: list[tuple[tuple[int, int], str, dict[str, Any]]], names: tuple[str, ...]) -> FrameDisagreement | None:
    start, end = min(a[0] for a, _, _ in group), max(a[1] for a, _, _ in group)
    per_name: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for _, name, record in group:
        per_name[name].append(record)
    versions = {name: records[0] if len(records) == 1 else None for name, records in per_name.items()}
    ids = {name: tuple(record["id"] for record in records) for name, records in per_name.items()}
    if any(len(records) != 1 for records in per_name.values()):
        return FrameDisagreement(frame, start, end, "missing", versions, frame_ids=ids)
    records = [records[0] for records in per_name.values()]
    first = records[0]
    slots = tuple(slot for slot in first["slots"] if any(_fillers(r, slot) != _fillers(first, slot) for r in records))
    attributes = tuple(name for name in first["attributes"] if any(r["attributes"].get(name) != first["attributes"][name] for r in records))
    if slots:
        return FrameDisagreement(frame, start, end, "slots", versions, slots, attributes, ids)
    if attributes:
        return FrameDisagreement(frame, start, end, "attributes", versions, (), attributes, ids)
    return None
