"""The suggester's frames as project suggestions, and the user's decisions on them.

``run_suggester`` stores each ``FrameSuggestion`` of ``annotator.frames.suggester`` as a
suggestion of kind ``"frame"`` whose payload is::

    {"frame": "CASUALTY_CLAIM", "slots": {"TRIGGER": [[553, 558]], "COUNT": [[497, 508]]},
     "attributes": {"outcome": "killed", "hedged": false}}

(offsets are code points into the document text, end exclusive). Suggestions are not
annotations: they belong to no annotator. Each annotator accepts or rejects them for
themselves; a suggestion one annotator decided stays pending for the others, so double
annotation stays independent. A run replaces the document's frame suggestions nobody
decided; a frame the suggester proposes again after someone decided it (the same
payload) is not stored again, nor one of a type the project's schema lacks.

Accepting creates, in the annotator's layer and as ONE undo step, the slot spans
(reusing a span already there, see ``editing.span_for_slot``), the frame with the
suggested attributes (a claim with a COUNT gets its counts derived from it, not as an
override, so they follow COUNT when the annotator changes it) and the decision. Rejecting is one undo step too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from annotator.frames.records import SPEAKER_SLOT, build_record, checked_documents, span_filler
from annotator.frames.editing import span_for_slot
from annotator.frames.lexicon import Lexicon
from annotator.frames.suggester import FrameSuggestion, suggest_pieces
from annotator.model import OpResult, SlotFiller, Suggestion, json_default
from annotator.precision import precision_table
from annotator.schema import SlotType
from annotator.project import Project
from annotator.progress import Progress, ShouldCancel

KIND = "frame"
"""The kind of the suggestions this module stores (``Project.add_suggestions``)."""



@dataclass(frozen=True)
class SuggesterRun:
    """What ``run_suggester`` did."""

    documents: int
    """Documents the suggester ran over."""
    suggestion_ids: tuple[int, ...] = ()
    """The suggestions stored, in document order."""
    frames: Mapping[str, int] = field(default_factory=dict)
    """Suggestions stored per frame type."""
    known: int = 0
    """Frames not stored again because they were accepted or rejected before."""
    cancelled: bool = False


def suggestion_payload(found: FrameSuggestion) -> dict[str, Any]:
    """The JSON payload stored for a suggested frame."""
    return {
        "frame": found.frame,
        "slots": {slot: [[start, end] for start, end in offsets] for slot, offsets in found.slots.items()},
        "attributes": dict(found.attributes),
    }


def run_suggester(
    project: Project,
    document_ids: Iterable[str] | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    lexicon: Lexicon | None = None,
) -> SuggesterRun:
    """Run the suggester over documents (all when None) and store its frames as suggestions.

    ``lexicon`` is the suggester's word lists (default: the shipped ones). A document is
    read and its suggestions stored a piece at a time (``suggest_pieces``), so a huge one
    neither holds all of them at once nor goes without progress: ``progress`` counts
    characters of the documents' text, and a cancel stops between pieces.
    """
    documents = checked_documents(project, document_ids)
    framed = {frame.name for frame in project.schema.frames}
    stored: list[int] = []
    frames: Counter[str] = Counter()
    known = done = 0
    total = sum(summary.length for summary in project.documents(documents))
    read_before = 0
    for done, document_id in enumerate(documents, 1):
        decided = {_key(s.payload) for s in project.suggestions(document_id, kind=KIND) if s.decisions}
        text = project.document(document_id).text
        for piece, (read, found) in enumerate(suggest_pieces(text, lexicon)):
            if should_cancel is not None and should_cancel():
                return SuggesterRun(done - 1, tuple(stored), dict(frames), known, cancelled=True)
            payloads = [suggestion_payload(suggestion) for suggestion in found if suggestion.frame in framed]
            fresh = [payload for payload in payloads if _key(payload) not in decided]
            known += len(payloads) - len(fresh)
            stored.extend(project.add_suggestions(document_id, KIND, fresh, replace=piece == 0).ids)
            frames.update(payload["frame"] for payload in fresh)
            if progress is not None:
                progress(read_before + read, max(total, read_before + read), document_id)
        read_before += len(text)
    return SuggesterRun(done, tuple(stored), dict(frames), known)


def _key(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=json_default)


def suggestion_records(project: Project, document_ids: Iterable[str] | None = None, annotator: str | None = None) -> list[dict[str, Any]]:
    """Frame suggestions as records of the JSON contract (``annotator.frames.records``), with
    ``suggestion`` ids: those pending for ``annotator`` (all, for a name that decided
    nothing yet), or (None) those nobody decided yet."""
    records = []
    for document_id in checked_documents(project, document_ids):
        found = [s for s in project.suggestions(document_id, kind=KIND) if s.pending_for(annotator)]
        if not found:
            continue
        text = project.document(document_id).text
        for suggestion in found:
            payload = suggestion.payload
            fillers = {slot: [span_filler(text, start, end) for start, end in offsets] for slot, offsets in payload["slots"].items()}
            definition = project.schema.frame(payload["frame"])
            records.append(build_record(definition, document_id, fillers, payload.get("attributes", {}), suggestion=suggestion.id))
    return records


def accept_all(project: Project, document_id: str, annotator: str, suggestion_ids: Iterable[int] | None = None) -> OpResult:
    """Accept frame suggestions of a document (all pending for ``annotator`` when None) in one
    undo step; ``ids`` are the frames."""
    chosen = project.pending_suggestions(document_id, KIND, annotator, suggestion_ids)
    name = "Accept Suggestion" if len(chosen) == 1 else f"Accept {len(chosen)} Suggestions"
    with project.operation(annotator, document_id, name) as op:
        frame_ids = tuple(_accept(project, suggestion, annotator) for suggestion in chosen)
    return OpResult(op.changes(document_id, suggestions=True), frame_ids, name)


def accept_suggestion(project: Project, suggestion_id: int, annotator: str) -> OpResult:
    """Accept one suggestion: its spans, its frame and the decision, in one undo step."""
    return accept_all(project, project.suggestion(suggestion_id).document_id, annotator, [suggestion_id])


def reject_all(project: Project, document_id: str, annotator: str, suggestion_ids: Iterable[int] | None = None) -> OpResult:
    """Reject frame suggestions of a document (all pending for ``annotator`` when None) in one undo step."""
    chosen = project.pending_suggestions(document_id, KIND, annotator, suggestion_ids)
    name = "Reject Suggestion" if len(chosen) == 1 else f"Reject {len(chosen)} Suggestions"
    with project.operation(annotator, document_id, name) as op:
        for suggestion in chosen:
            project.decide_suggestion(suggestion.id, annotator, "rejected")
    return OpResult(op.changes(document_id, suggestions=True), tuple(s.id for s in chosen), name)


def reject_suggestion(project: Project, suggestion_id: int, annotator: str) -> OpResult:
    return reject_all(project, project.suggestion(suggestion_id).document_id, annotator, [suggestion_id])


def _accept(project: Project, suggestion: Suggestion, annotator: str) -> int:
    """Spans, frame and decision of one suggestion, inside the caller's operation; the frame id."""
    payload = suggestion.payload
    definition = project.schema.frame(payload["frame"])
    document_id = suggestion.document_id
    fillers = [
        _filler(project, document_id, annotator, definition.slot(slot), start, end)
        for slot, offsets in payload["slots"].items()
        for start, end in offsets
    ]
    frame_id = project.add_frame(document_id, annotator, definition.name, fillers, payload.get("attributes", {})).ids[0]
    project.decide_suggestion(suggestion.id, annotator, "accepted")
    return frame_id


def _filler(project: Project, document_id: str, annotator: str, slot: SlotType, start: int, end: int) -> SlotFiller:
    """A slot that takes frames (a claim's SOURCE) is linked to the annotator's frame whose
    SPEAKER is exactly these offsets (the accepted quote reporting the claim); any other
    filler is a span, reused when the annotator has it already."""
    for frame in project.frames(document_id, annotator) if slot.frames else ():
        speakers = [project.span(span_id) for span_id in frame.filler_spans(SPEAKER_SLOT)]
        if frame.type in slot.frames and any((s.start, s.end) == (start, end) for s in speakers):
            return SlotFiller(slot.name, frame_id=frame.id)
    return SlotFiller(slot.name, span_for_slot(project, document_id, annotator, slot, start, end))


def suggester_precision(project: Project) -> dict[str, dict[str, Any]]:
    """Per frame type and ``"all"``: accepted, rejected and pending counts and precision,
    overall and per annotator (``annotator.precision``); ``"all"`` last."""
    table = precision_table(project.suggestions(kind=KIND), lambda suggestion: (suggestion.payload["frame"], "all"))
    return dict(sorted(table.items(), key=lambda item: (item[0] == "all", item[0])))
