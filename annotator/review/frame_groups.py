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
None where they have none. Everything here reads; frames come into gold through
``annotator.review.adjudication``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping

from annotator.frames.records import frame_records
from annotator.project import Project
from annotator.review.groups import review_annotators

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

    def as_json(self) -> dict[str, Any]:
        return {"frame": self.frame, "start": self.start, "end": self.end, "kind": self.kind,
                "slots": list(self.slots), "attributes": list(self.attributes), "versions": dict(self.versions)}


def _anchor(record: Mapping[str, Any], anchor: str) -> tuple[int, int] | None:
    fillers = record["slots"].get(anchor) or []
    return (fillers[0]["start"], fillers[0]["end"]) if fillers else None


def _fillers(record: Mapping[str, Any], slot: str) -> list[tuple[Any, Any]]:
    return sorted((f["start"] or -1, f["end"] or -1) for f in record["slots"][slot])


def frame_disagreements(project: Project, document_id: str, annotators: Iterable[str] | None = None) -> list[FrameDisagreement]:
    """The frame groups of a document where the annotators differ, by type then position."""
    names = tuple(annotators) if annotators is not None else review_annotators(project, document_id)
    found = []
    for frame_type in project.schema.frames:
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
                found.append(disagreement)
    return found


def _compare(frame: str, group: list[tuple[tuple[int, int], str, dict[str, Any]]], names: tuple[str, ...]) -> FrameDisagreement | None:
    start, end = min(a[0] for a, _, _ in group), max(a[1] for a, _, _ in group)
    per_name: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for _, name, record in group:
        per_name[name].append(record)
    versions = {name: records[0] if len(records) == 1 else None for name, records in per_name.items()}
    if any(len(records) != 1 for records in per_name.values()):
        return FrameDisagreement(frame, start, end, "missing", versions)
    records = [records[0] for records in per_name.values()]
    first = records[0]
    slots = tuple(slot for slot in first["slots"] if any(_fillers(r, slot) != _fillers(first, slot) for r in records))
    attributes = tuple(name for name in first["attributes"] if any(r["attributes"].get(name) != first["attributes"][name] for r in records))
    if slots:
        return FrameDisagreement(frame, start, end, "slots", versions, slots, attributes)
    if attributes:
        return FrameDisagreement(frame, start, end, "attributes", versions, (), attributes)
    return None
