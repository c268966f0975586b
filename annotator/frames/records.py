"""Frames as plain records, for the CLI, the claims table and export.

One record per frame, the JSON contract of ``annotator claims``, ``quotes`` and
``suggest``::

    {"document": "doc-1", "frame": "CASUALTY_CLAIM", "id": 7, "annotator": "mona",
     "slots": {"TRIGGER": [{"start": 553, "end": 558, "text": "قتلوا"}],
               "COUNT": [{"start": 497, "end": 508, "text": "أكثر من مئة"}],
               "VICTIM": [], "PERPETRATOR": [], "LOCATION": [], "TIME": [],
               "SOURCE": [{"frame": 3, "start": 255, "end": 280, "text": "زملاء سابقون لمقاتلين روس"}]},
     "attributes": {"outcome": "killed", "count_min": 101, "count_max": null,
                    "approximate": false, "hedged": false, "date": null},
     "overrides": []}

Invariants:

- ``slots`` holds every slot of the frame type, in schema order, an empty slot as
  ``[]``; the fillers of a slot are in document order. Offsets are code points into the
  document text, end exclusive, and ``text`` is exactly ``text[start:end]``.
- A slot filled by another frame (a claim's SOURCE filled by a QUOTE) gives
  ``{"frame": ID, "start", "end", "text"}`` of that frame's SPEAKER, all three null when
  the quote has no speaker yet.
- ``attributes`` holds every attribute of the frame type, in schema order, null when
  unset; a claim's ``count_min``/``count_max`` (null = open) and ``approximate`` are the
  normalized count, derived from its COUNT slot (``annotator.frames.counts``).
- ``overrides`` lists the attributes a person set over their derived value (a claim's
  counts, all three at once); ``[]`` when everything follows the slots.
- ``id`` and ``annotator`` name a stored frame, and ``overrides`` goes with them; a
  suggested frame has ``suggestion`` (the suggestion id) instead, and no ``overrides``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from annotator.errors import NotFoundError
from annotator.model import Frame, Span, SpanId
from annotator.schema import FrameType

if TYPE_CHECKING:
    from annotator.project import Project

CLAIM = "CASUALTY_CLAIM"
QUOTE = "QUOTE"
SPEAKER_SLOT = "SPEAKER"
"""The slot of a quote that stands for it where it fills another frame's slot."""

CLAIM_COLUMNS = {"victim": "VICTIM", "perpetrator": "PERPETRATOR", "place": "LOCATION", "time": "TIME", "source": "SOURCE"}
"""Text columns of the claims table and the slots they show."""
JOIN = " / "
"""Between the texts of several fillers of one slot in a table cell."""


def build_record(
    frame_type: FrameType,
    document_id: str,
    fillers: Mapping[str, Sequence[Mapping[str, Any]]],
    attributes: Mapping[str, Any],
    overrides: Iterable[str] | None = None,
    **identity: Any,
) -> dict[str, Any]:
    """A record with every slot and attribute of ``frame_type``; ``fillers`` as in the contract.

    ``identity`` (``id`` and ``annotator``, or ``suggestion``) follows ``frame``;
    ``overrides`` is given for stored frames (a suggestion has none).
    """
    slots: dict[str, list[dict[str, Any]]] = {slot.name: [] for slot in frame_type.slots}
    for slot, given in fillers.items():
        slots[slot] = sorted((dict(f) for f in given), key=lambda f: (f["start"] is None, f["start"] or 0, f["end"] or 0))
    record = {
        "document": document_id,
        "frame": frame_type.name,
        **identity,
        "slots": slots,
        "attributes": {**dict.fromkeys(a.name for a in frame_type.attributes), **attributes},
    }
    if overrides is not None:
        record["overrides"] = sorted(overrides)
    return record


def span_filler(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def checked_documents(project: Project, document_ids: Iterable[str] | None) -> list[str]:
    """The documents asked for (all when None), refusing an unknown id before any work is done."""
    if document_ids is None:
        return list(project.document_ids())
    wanted = list(document_ids)
    known = project.existing_documents(wanted)
    for document_id in wanted:
        if document_id not in known:
            raise NotFoundError(f"no document {document_id!r} in this project")
    return wanted


def frame_records(
    project: Project,
    annotator: str | None = None,
    document_ids: Iterable[str] | None = None,
    frame_type: str | None = None,
) -> Iterator[dict[str, Any]]:
    """The frames of the project (of one annotator, some documents, one type) as records.

    Documents come in project order, frames in creation order within a document.
    """
    if annotator is not None and annotator not in project.annotators():
        raise NotFoundError(f"no annotator named {annotator!r} in this project")
    if frame_type is not None:
        project.schema.frame(frame_type)
    for document_id in checked_documents(project, document_ids):
        frames = project.frames(document_id)
        selected = [
            f for f in frames if (annotator is None or f.annotator == annotator) and (frame_type is None or f.type == frame_type)
        ]
        if not selected:
            continue
        text = project.document(document_id).text
        spans = {span.id: span for span in project.spans(document_id)}
        by_id = {frame.id: frame for frame in frames}
        for frame in selected:
            yield _frame_record(project, frame, text, spans, by_id)


def _frame_record(project: Project, frame: Frame, text: str, spans: Mapping[SpanId, Span], by_id: Mapping[int, Frame]) -> dict[str, Any]:
    fillers: dict[str, list[dict[str, Any]]] = {}
    for filler in frame.fillers:
        if filler.span_id is not None:
            span = spans[filler.span_id]
            value = span_filler(text, span.start, span.end)
        else:
            value = {"frame": filler.frame_id, "start": None, "end": None, "text": None}
            speaker = by_id[filler.frame_id].filler_spans(SPEAKER_SLOT)  # type: ignore[index]
            if speaker:
                value.update(span_filler(text, spans[speaker[0]].start, spans[speaker[0]].end))
        fillers.setdefault(filler.slot, []).append(value)
    return build_record(
        project.schema.frame(frame.type), frame.document_id, fillers, frame.attributes, frame.overrides,
        id=frame.id, annotator=frame.annotator,
    )


def format_count(count_min: int | None, count_max: int | None, approximate: bool = False) -> str:
    """A count range for people: ``2``, ``≥101``, ``≤9``, ``30–99``, ``~150``; empty when unknown."""
    if count_min is None and count_max is None:
        return ""
    if count_min == count_max:
        shown = str(count_min)
    elif count_max is None:
        shown = f"≥{count_min}"
    elif count_min is None:
        shown = f"≤{count_max}"
    else:
        shown = f"{count_min}–{count_max}"
    return ("~" if approximate else "") + shown


def slot_text(record: Mapping[str, Any], slot: str) -> str:
    """The texts filling ``slot`` of a record, joined for a table cell."""
    return JOIN.join(f["text"] if f["text"] is not None else f"#{f['frame']}" for f in record["slots"].get(slot, []))


def claim_row(record: Mapping[str, Any], anchor: str) -> dict[str, Any]:
    """One row of the claims table from a claim record: plain sortable values.

    ``start``/``end`` are the offsets of the first filler of the ``anchor`` slot (the
    TRIGGER), for jumping to the claim in the text; None while it is empty.
    """
    attributes = record["attributes"]
    anchors = record["slots"].get(anchor) or [{"start": None, "end": None}]
    return {
        "id": record["id"],
        "document": record["document"],
        "annotator": record["annotator"],
        "outcome": attributes.get("outcome"),
        "count": format_count(attributes.get("count_min"), attributes.get("count_max"), bool(attributes.get("approximate"))),
        "count_min": attributes.get("count_min"),
        "count_max": attributes.get("count_max"),
        "approximate": bool(attributes.get("approximate")),
        "hedged": bool(attributes.get("hedged")),
        **{column: slot_text(record, slot) for column, slot in CLAIM_COLUMNS.items()},
        "start": anchors[0]["start"],
        "end": anchors[0]["end"],
    }


def claim_rows(project: Project, annotator: str | None = None, document_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The claims table: one ``claim_row`` per casualty claim."""
    anchor = project.schema.frame(CLAIM).anchor
    return [claim_row(record, anchor) for record in frame_records(project, annotator, document_ids, CLAIM)]
