"""Adjudication: the curator's decisions on review groups, written into the gold layer.

A decision replaces the gold spans that overlap a group (``annotator.review.groups``)
with what the curator chose (an edit only those its spans overlap), and records the decision beside them:

* ``accept_version(project, group, annotator)``: that annotator's spans (with attributes);
* ``accept_all(project, group)``: every annotator's spans, identical ones once;
* ``reject(project, group)``: no span;
* ``edit(project, group, spans)``: the curator's own spans, each overlapping the group:
  they replace the group's gold spans they overlap, the others stay;
* ``write_span(project, review, selection)``: one span of the curator's, snapped as a label
  key snaps a selection, an ``edit`` of the group it overlaps or a plain gold span outside
  every group;
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

Frames (quotations, casualty claims) come into gold after the spans they rest on:

* ``accept_frames(project, document, annotator)``: that annotator's frames gold lacks;
* ``accept_agreed_frames(project, document)``: the frames every reviewed annotator made
  alike (same type, fillers and attributes) that gold lacks.

A frame is copied with its fillers: a filler span of an entity label (a SPEAKER that is a
PER) must already be in gold, as span adjudication decided it, or the frame is left out
and the reason reported; a filler span of a slot label (CUE, CONTENT, TRIGGER, COUNT...:
never in a review group) is reused from gold or added to it; a frame filling a slot (a
claim's SOURCE quotation) is taken first. A frame gold already has (same type and
fillers) is not added again. Each call is one undo step of gold.

Gold status: after each decision (of spans or of frames), undo and redo, the document's
gold status becomes ``done`` when every span group is decided (``ReviewProgress.complete``)
and every frame disagreement too (``annotator.review.frame_adjudication``), and goes back
to ``in_progress`` when an undo opens one again. Statuses are not part of undo steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from annotator.review.frame_groups import frame_disagreements, gold_complete
from annotator.review.groups import Group, Review, SpanKey, review_document
from annotator.errors import ValidationError
from annotator.labeling import snap_label_selection
from annotator.model import GOLD, Changes, Frame, FrameId, OpResult, SlotFiller, Span, SpanId, Status
from annotator.project import Project
from annotator.text.display import shorten
from annotator.wording import counted


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


def edited_gold(group: Group, spans: Iterable[SpanKey]) -> list[SpanKey]:
    """The group's gold after the curator writes ``spans``: the gold spans none of them
    overlaps, and them (the one rule of an edit, for the review window and the CLI)."""
    spans = list(spans)
    kept = [(s.start, s.end, s.label) for s in group.gold if not any(s.start < end and start < s.end for start, end, _ in spans)]
    return sorted(kept + spans)


def edit(project: Project, group: Group, spans: Iterable[SpanKey]) -> OpResult:
    """Gold takes the curator's ``(start, end, label)`` spans, each overlapping the group;
    they replace the group's gold spans they overlap, the others stay (``edited_gold``)."""
    spans = [(int(start), int(end), str(label)) for start, end, label in spans]
    for start, end, label in spans:
        if not (start < group.end and group.start < end):
            raise ValidationError(f"span {start}..{end} {label} does not overlap the group at {group.start}..{group.end}")
    return _decide(project, _review_of(project, group), [(group, "edit", None, edited_gold(group, spans))], "Edit Gold Spans")


def write_span(
    project: Project, review: Review, selection: SpanKey, *, exact: bool = False
) -> tuple[Group | None, OpResult]:
    """The curator's gold span over a review: the selection ``(start, end, label)`` snapped
    as a label key snaps it (``labeling.snap_label_selection``; ``exact`` keeps it as
    selected), then an ``edit`` of the one group it overlaps, or a plain gold span where it
    overlaps none; over several groups it is refused. Returns the group edited (None for a
    plain span) and the result."""
    text = project.document(review.document_id).text
    start, end = snap_label_selection(text, selection[0], selection[1], exact=exact)
    label = selection[2]
    span = (start, end, label)
    touched = [group for group in review.groups if group.start < end and start < group.end]
    if len(touched) > 1:
        raise ValidationError(f"the span {start}..{end} covers {len(touched)} groups; write gold for one group at a time")
    if touched:
        return touched[0], edit(project, touched[0], [span])
    return None, project.add_span(review.document_id, GOLD, start, end, label)


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


# --- frames ------------------------------------------------------------------------

FrameKey = tuple[str, tuple[tuple[str, Any], ...]]
"""A frame by what it is: its type and its fillers (``(slot, (start, end, label))`` for a
span, ``(slot, FrameKey)`` for a frame), sorted; the same key in two layers is the same frame."""


def frame_keys(frames: Sequence[Frame], spans: Mapping[SpanId, Span]) -> dict[FrameId, FrameKey]:
    """The key of each of one layer's frames (``spans`` holds that layer's spans by id)."""
    by_id = {frame.id: frame for frame in frames}
    keys: dict[FrameId, FrameKey] = {}

    def key(frame: Frame, within: frozenset[FrameId]) -> FrameKey:
        if frame.id not in keys:
            fillers: list[tuple[str, Any]] = []
            for filler in frame.fillers:
                if filler.span_id is not None:
                    span = spans[filler.span_id]
                    fillers.append((filler.slot, (span.start, span.end, span.label)))
                elif filler.frame_id in by_id and filler.frame_id not in within:
                    fillers.append((filler.slot, key(by_id[filler.frame_id], within | {frame.id})))
            keys[frame.id] = (frame.type, tuple(sorted(fillers, key=repr)))
        return keys[frame.id]

    for frame in frames:
        key(frame, frozenset())
    return keys


@dataclass(frozen=True)
class FramesTaken:
    """What ``accept_frames`` or ``accept_agreed_frames`` did."""

    result: OpResult
    taken: int
    """Frames added to gold (a frame taken because another fills a slot with it counts too)."""
    present: int
    """Frames gold had already."""
    left_out: tuple[str, ...]
    """One line per frame that could not be taken, saying why."""

    def summary(self) -> str:
        return f"{counted(self.taken, 'frame')} added to gold, {self.present} already there, {len(self.left_out)} left out"


class FrameCopier:
    """Copies frames of one annotator into gold on one document, inside one operation."""

    def __init__(self, project: Project, document_id: str, annotator: str):
        self.project, self.document_id = project, document_id
        self.text = project.document(document_id).text
        self.frames = {frame.id: frame for frame in project.frames(document_id, annotator)}
        self.spans = {span.id: span for span in project.spans(document_id, annotator)}
        self.keys = frame_keys(list(self.frames.values()), self.spans)
        gold_spans = project.spans(document_id, GOLD)
        self.gold_spans = {(span.start, span.end, span.label): span.id for span in gold_spans}
        gold_keys = frame_keys(project.frames(document_id, GOLD), {span.id: span for span in gold_spans})
        self.gold_frames = {key: frame_id for frame_id, key in gold_keys.items()}
        self.taken = 0

    def why_not(self, frame: Frame, within: frozenset[FrameId] = frozenset()) -> str | None:
        """Why ``frame`` cannot come into gold (an entity filler gold lacks), or None."""
        if self.keys[frame.id] in self.gold_frames:
            return None
        return next(filter(None, (self.why_not_filler(filler, within | {frame.id}) for filler in frame.fillers)), None)

    def why_not_filler(self, filler: SlotFiller, within: frozenset[FrameId] = frozenset()) -> str | None:
        """Why one filler cannot come into gold (an entity span gold lacks), or None."""
        if filler.span_id is not None:
            span = self.spans[filler.span_id]
            if (span.start, span.end, span.label) not in self.gold_spans and self._is_entity(span.label):
                return f"its {filler.slot} «{shorten(self.text[span.start:span.end], 40)}» ({span.label}) is not in gold"
        elif filler.frame_id in self.frames and filler.frame_id not in within:
            reason = self.why_not(self.frames[filler.frame_id], within)
            if reason is not None:
                return f"its {filler.slot} {self.frames[filler.frame_id].type} cannot come: {reason}"
        return None

    def gold_filler(self, filler: SlotFiller, within: frozenset[FrameId] = frozenset()) -> SlotFiller | None:
        """The gold copy of one filler (its span or frame copied into gold now if gold lacks
        it), after ``why_not_filler`` said None; None for a frame filler outside the layer."""
        if filler.span_id is not None:
            return SlotFiller(filler.slot, span_id=self.gold_span(self.spans[filler.span_id]))
        if filler.frame_id in self.frames and filler.frame_id not in within:
            return SlotFiller(filler.slot, frame_id=self.copy(self.frames[filler.frame_id], within))
        return None

    def copy(self, frame: Frame, within: frozenset[FrameId] = frozenset()) -> FrameId:
        """The gold copy of ``frame`` (made now unless gold has it), after ``why_not`` said None."""
        key = self.keys[frame.id]
        if key in self.gold_frames:
            return self.gold_frames[key]
        fillers = [copied for filler in frame.fillers if (copied := self.gold_filler(filler, within | {frame.id})) is not None]
        copied = self.project.add_frame(self.document_id, GOLD, frame.type, fillers, frame.attributes, frame.overrides).ids[0]
        self.gold_frames[key] = copied
        self.taken += 1
        return copied

    def gold_span(self, span: Span) -> SpanId:
        key = (span.start, span.end, span.label)
        if key not in self.gold_spans:
            self.gold_spans[key] = self.project.add_span(self.document_id, GOLD, *key, attributes=dict(span.attributes)).ids[0]
        return self.gold_spans[key]

    def _is_entity(self, label: str) -> bool:
        schema = self.project.schema
        return not schema.has_label(label) or schema.label(label).kind != "slot"


def _take_frames(project: Project, document_id: str, annotator: str, chosen: Callable[[FrameCopier, Frame], bool], name: str) -> FramesTaken:
    copier = FrameCopier(project, document_id, annotator)
    present, left_out = 0, []
    wanted = [frame for frame in copier.frames.values() if chosen(copier, frame)]
    with project.operation(GOLD, document_id, name):
        for frame in wanted:
            if copier.keys[frame.id] in copier.gold_frames:
                present += 1
                continue
            reason = copier.why_not(frame)
            if reason is None:
                copier.copy(frame)
            else:
                left_out.append(f"{document_id}: {annotator}'s {frame.type} {frame.id}: {reason}")
    changes = Changes(documents=frozenset({document_id}))
    return FramesTaken(OpResult(changes, name=name if copier.taken else ""), copier.taken, present, tuple(left_out))


def accept_frames(project: Project, document_id: str, annotator: str) -> FramesTaken:
    """Gold takes ``annotator``'s frames it lacks, in one undo step (see the module docstring)."""
    if annotator == GOLD:
        raise ValidationError("gold's frames are gold already; name an annotator to take frames from")
    if annotator not in project.annotators():
        raise ValidationError(f"no annotator {annotator!r} in this project")
    return _take_frames(project, document_id, annotator, lambda copier, frame: True, f"Accept {annotator}'s Frames")


def accept_agreed_frames(project: Project, document_id: str, annotators: Iterable[str] | None = None) -> FramesTaken:
    """Gold takes the frames every reviewed annotator made alike (type, fillers and
    attributes), in one undo step."""
    names = list(annotators) if annotators is not None else review_document(project, document_id).annotators
    if len(names) < 2:
        raise ValidationError("agreed frames need at least two annotators")

    def alike(name: str) -> dict[FrameId, str]:
        """Each frame of ``name`` as it must be alike: fillers and attributes, and so the
        frames filling its slots."""
        frames = {frame.id: frame for frame in project.frames(document_id, name)}
        keys = frame_keys(list(frames.values()), {span.id: span for span in project.spans(document_id, name)})

        def whole(frame_id: FrameId, within: frozenset[FrameId]) -> str:
            frame = frames[frame_id]
            inner = sorted(whole(f.frame_id, within | {frame_id}) for f in frame.fillers if f.frame_id in frames and f.frame_id not in within)
            return repr((keys[frame_id], sorted(frame.attributes.items()), inner))

        return {frame_id: whole(frame_id, frozenset()) for frame_id in frames}

    first, *others = [alike(name) for name in names]
    agreed = set(first.values()).intersection(*(set(other.values()) for other in others))
    return _take_frames(project, document_id, names[0], lambda copier, frame: first[frame.id] in agreed, "Accept Agreed Frames")


def sync_gold_status(
    project: Project, document_id: str, annotators: Iterable[str] | None = None, labels: Iterable[str] | None = None
) -> Status:
    """Gold status ``done`` when every span group and every frame disagreement is decided;
    ``in_progress`` again when one reopens."""
    review = review_document(project, document_id, annotators, labels)
    complete = gold_complete(review, frame_disagreements(project, document_id, review.annotators))
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

