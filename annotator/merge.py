"""Bringing the work of other project files into this one (``annotator merge DB OTHER.db...``).

Annotators often work on copies of a project on their own machines. ``merge_file(project,
other)`` brings OTHER's documents, annotators, spans, frames (with their slot
fillers) and statuses into the open project, in one transaction: a file that fails merges
nothing.

* Documents are matched by content hash; one DB lacks is added with its id (made unique),
  title, source, meta and stored tokens.
* Annotators are matched by name; missing ones are added.
* The work of one annotator on one document is a *version*. Two versions are equal when
  their content is: spans (offsets, label, attributes) and frames (type, attributes,
  fillers); ids and times do not count. For each annotator and
  document of OTHER:
    - OTHER has no version there (nothing, and no edit): nothing happens;
    - DB has none: OTHER's is *added*;
    - equal: nothing happens, which makes merging twice change nothing;
    - different: a *conflict*, resolved by the newer edit and always reported. An edit's
      time is the newest ``updated`` of the version's spans and frames or ``created`` of
      the annotator's undo steps on the document (so deleting counts), merge steps left
      out; on a tie DB's version stays.
  Rows get new ids in DB, frame slots follow them; ``created``/``updated`` are
  kept. Writing OTHER's version is an undo step of that annotator on that document named
  ``Merge from FILE``, so a version replaced in a conflict comes back with undo.
* Statuses: OTHER's status of an annotator on a document is taken when it was set later
  than DB's (or DB has none), with its time.
* Schemas: the label schemas are compared and every difference is reported
  (``MergeReport.schema_differences``). The merge goes ahead unless OTHER's data uses a
  label, frame type, slot or attribute value DB's schema lacks or refuses: then it stops
  with a ``SchemaError`` naming it. A file of a newer program is refused when opened.

* Comments and flags: OTHER's that DB lacks (same annotator, place, flag, text and time)
  are added, on the span of their annotator at the same place when DB has one.
* Assignments: a document keeps DB's annotators and gains those OTHER assigned it to
  that DB did not (a lead's file merged into an annotator's copy, or the other way).

Not merged: suggestions (adjudication records included) and undo histories.
Progress: ``progress(done, total, message)`` after each document of OTHER.
"""

from __future__ import annotations

import json
from functools import reduce
from operator import or_
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from annotator.connections import same_location, short_name
from annotator.checked_files import checked_documents, unreadable_in_one_line
from annotator.errors import AnnotatorError, SchemaError, ValidationError
from annotator.model import Changes, Comment, DocumentId, Frame, NewDocument, Span, Status, json_default
from annotator.project import Project
from annotator.schema import Schema, check_attributes
from annotator.storage import OperationWrites
from annotator.progress import Progress, ShouldCancel
from annotator.wording import counted

MERGE_STEP = "Merge from "
"""Prefix of the undo steps merge writes; their times are not edit times."""



@dataclass(frozen=True)
class Conflict:
    document_id: DocumentId
    annotator: str
    kept: str
    """``other`` when OTHER's version replaced DB's, ``db`` when DB's stayed."""
    db_edited: str | None
    other_edited: str | None
    db_spans: int
    other_spans: int


@dataclass(frozen=True)
class Added:
    document_id: DocumentId
    annotator: str
    spans: int
    frames: int


@dataclass
class MergeReport:
    path: str
    """OTHER, the file merged."""
    into: str = "DB"
    """The project's file, which messages name beside OTHER's."""
    documents_matched: int = 0
    documents_added: list[DocumentId] = field(default_factory=list)
    annotators_added: list[str] = field(default_factory=list)
    added: list[Added] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    statuses: int = 0
    """Statuses taken from OTHER."""
    comments: int = 0
    """Comments and flags taken from OTHER."""
    assignments: int = 0
    """Assignments (a document to an annotator) taken from OTHER."""
    schema_differences: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Frame fillers that could not follow (a frame filled by another annotator's frame)."""
    changed: set[DocumentId] = field(default_factory=set)
    """Documents whose annotations or statuses changed."""

    @property
    def changes(self) -> Changes:
        return Changes(documents=frozenset(self.changed), corpus=bool(self.documents_added), annotators=bool(self.annotators_added))

    def lines(self) -> list[str]:
        """What the merge did, as the CLI and the GUI show it: schema differences,
        additions and conflicts, then one summary line. The two files are named as given,
        or by their whole paths where their names are alike."""
        db, other = file_names(self.into, self.path)
        lines = [f"schema: {difference}" for difference in self.schema_differences]
        lines += [f"added: {a.document_id} {a.annotator} ({counted(a.spans, 'span')}, {counted(a.frames, 'frame')})"
                  for a in self.added]
        for c in self.conflicts:
            winner, loser = (other, db) if c.kept == "other" else (db, other)
            lines.append(
                f"conflict: {c.document_id} {c.annotator}: kept {winner}'s version, edited later "
                f"({db} {c.db_edited or 'never'}, {counted(c.db_spans, 'span')}; "
                f"{other} {c.other_edited or 'never'}, {counted(c.other_spans, 'span')}); "
                f"{loser}'s version was {f'replaced (undo it in {db} to get it back)' if c.kept == 'other' else 'not taken'}"
            )
        lines += [f"dropped: {what}" for what in self.dropped]
        if self.comments:
            lines.append(f"comments: {self.comments} taken from {other}")
        if self.assignments:
            lines.append(f"assignments: {self.assignments} taken from {other}")
        lines.append(
            f"merged {self.path}: {counted(self.documents_matched, 'document')} matched, {len(self.documents_added)} added; "
            f"{counted(len(self.annotators_added), 'annotator')} added; {counted(len(self.added), 'version')} added, "
            f"{self.unchanged} unchanged, {counted(len(self.conflicts), 'conflict')}; {counted(self.statuses, 'status', 'statuses')} taken"
        )
        return lines


def file_names(db: str, other: str) -> tuple[str, str]:
    """How messages call the project's file and the one merged into it: their names
    (``mona.db``, ``news on db.example.org``), or their paths where the names are alike
    (``a/mona.db``, ``b/mona.db``)."""
    names = short_name(db), short_name(other)
    return (db, other) if names[0] == names[1] else names


# --- comparing schemas ---------------------------------------------------------------


def schema_differences(db: Schema, other: Schema, names: tuple[str, str] = ("DB", "OTHER")) -> list[str]:
    """Every difference between two label schemas, one readable line each, naming the
    schemas' files by ``names`` (``file_names``)."""
    lines = []
    db_name, other_name = names
    ours, theirs = {label.name: label for label in db.labels}, {label.name: label for label in other.labels}
    lines += [f"label {name} is only in {other_name}" for name in theirs if name not in ours]
    lines += [f"label {name} is only in {db_name}" for name in ours if name not in theirs]
    for name in ours.keys() & theirs.keys():
        for attribute in ("en", "ar", "color", "key", "kind"):
            mine, yours = getattr(ours[name], attribute), getattr(theirs[name], attribute)
            if mine != yours:
                lines.append(f"label {name}: {attribute} is {mine!r} in {db_name}, {yours!r} in {other_name}")
    frames_db, frames_other = {f.name: f for f in db.frames}, {f.name: f for f in other.frames}
    lines += [f"frame type {name} is only in {other_name}" for name in frames_other if name not in frames_db]
    lines += [f"frame type {name} is only in {db_name}" for name in frames_db if name not in frames_other]
    lines += [f"frame type {name} differs" for name in frames_db.keys() & frames_other.keys() if frames_db[name] != frames_other[name]]
    return sorted(lines)


def _check_frames(schema: Schema, frames: Iterable[Frame], where: str) -> None:
    """Refuse frames DB's schema cannot hold (spans are checked once, by label, up front)."""
    for frame in frames:
        try:
            definition = schema.frame(frame.type)
            for filler in frame.fillers:
                definition.slot(filler.slot)
            check_attributes(definition, frame.attributes)
        except SchemaError as error:
            raise SchemaError(
                f"{where}: a frame of document {frame.document_id!r} does not fit this project's schema: {error}"
            ) from None


# --- versions ------------------------------------------------------------------------


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=json_default)


class _Document:
    """One document's spans and frames in one file, with content keys for comparing."""

    def __init__(self, spans: Sequence[Span], frames: Sequence[Frame]):
        self.spans, self.frames = spans, frames
        self._span_key = {s.id: (s.start, s.end, s.label, _json(s.attributes)) for s in spans}
        self._frame_key = {
            f.id: (f.type, _json(f.attributes),
                   tuple(sorted(self._filler_span(x.slot, x.span_id) for x in f.fillers if x.span_id is not None)))
            for f in frames
        }

    def _filler_span(self, slot: str, span_id: int) -> tuple[Any, ...]:
        return (slot, *self._span_key.get(span_id, ("?",)))

    def frame_key(self, frame_id: int) -> tuple[Any, ...]:
        return self._frame_key.get(frame_id, ("?",))

    def annotators(self) -> set[str]:
        return {s.annotator for s in self.spans} | {f.annotator for f in self.frames}

    def version(self, annotator: str) -> tuple[Any, ...]:
        """The content of one annotator's work, comparable across files."""
        spans = sorted(self._span_key[s.id] for s in self.spans if s.annotator == annotator)
        frames = sorted(
            self._frame_key[f.id] + (tuple(sorted((x.slot, self.frame_key(x.frame_id)) for x in f.fillers if x.frame_id is not None)),)
            for f in self.frames if f.annotator == annotator
        )
        return tuple(spans), tuple(frames)

    def of(self, annotator: str) -> tuple[list[Span], list[Frame]]:
        return [s for s in self.spans if s.annotator == annotator], [f for f in self.frames if f.annotator == annotator]


# --- merging -------------------------------------------------------------------------


def merge_file(
    project: Project, other_path: str | Path, *, progress: Progress | None = None, trust: bool = False
) -> MergeReport:
    """Merge one project file into ``project`` in one transaction (see the module docstring).

    OTHER is opened as a read-only ``Project``, checked as someone else's file unless
    ``trust`` is set (``storage.database``): nothing is written to it or beside it. Every
    value is checked as an import checks a line (``checked_files.checked_documents``); a bad row, or a
    value SQLite or JSON cannot read, refuses the whole file in one line.
    """
    if same_location(project.path, other_path):
        raise ValidationError(f"{other_path}: is the project itself; merge other copies into it")
    report = MergeReport(str(other_path), project.path)
    step = MERGE_STEP + short_name(other_path)
    with unreadable_in_one_line(other_path):
        with Project(other_path, read_only=True, trust=trust) as source:
            _merge_from(project, source, other_path, progress, report, step)
    return report


def _merge_from(
    project: Project, source: Project, other_path: str | Path, progress: Progress | None, report: MergeReport, step: str
) -> None:
    """Everything of ``merge_file`` past opening OTHER."""
    report.schema_differences = schema_differences(project.schema, source.schema, file_names(project.path, str(other_path)))
    documents = checked_documents(source, other_path)
    unknown = sorted(label for label in source.labels_in_use() if not project.schema.has_label(label))
    if unknown:
        raise SchemaError(f"{other_path}: its spans use label {unknown[0]!r}, which the schema of this project lacks")
    with project.transaction():
        known = set(project.annotators())
        for name in source.annotators():
            if name not in known:
                project.add_annotator(name)
                report.annotators_added.append(name)
        stored = project.add_documents([
            NewDocument(d.text, title=d.title, source=d.source, meta=d.meta, id=d.id, tokens=d.tokens, sentences=d.sentences)
            for d in documents
        ])
        for done, (document, (document_id, added)) in enumerate(zip(documents, stored)):
            if added:
                report.documents_added.append(document_id)
            else:
                report.documents_matched += 1
            _merge_document(project, source, document.id, document_id, step, report)
            if progress is not None:
                progress(done + 1, len(stored), document_id)
        ids = {document.id: document_id for document, (document_id, _added) in zip(documents, stored)}
        _merge_assignments(project, {ids[d]: names for d, names in source.assignments().items()}, report)


def _merge_assignments(project: Project, theirs: Mapping[DocumentId, Sequence[str]], report: MergeReport) -> None:
    """Give each document the annotators OTHER assigned it to that DB did not."""
    ours = project.assignments()
    grown = {}
    for document_id, names in theirs.items():
        kept = ours.get(document_id, ())
        added = [name for name in names if name not in kept]
        if added:
            grown[document_id] = [*kept, *added]
            report.assignments += len(added)
            report.changed.add(document_id)
    if grown:
        project.assign(grown)


@dataclass
class MergeOutcome:
    """What ``merge_files`` did with each file: merged, failed, or not reached."""

    reports: list[MergeReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """One line per file that could not be merged (nothing of it was)."""
    skipped: list[str] = field(default_factory=list)
    """Files not merged because the work was cancelled."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.skipped

    @property
    def changes(self) -> Changes:
        return reduce(or_, (report.changes for report in self.reports), Changes())

    def lines(self) -> list[str]:
        lines = [line for report in self.reports for line in report.lines()]
        return lines + [f"failed: {error}" for error in self.errors] + [f"not merged (cancelled): {path}" for path in self.skipped]

    def summary(self) -> str:
        total = len(self.reports) + len(self.errors) + len(self.skipped)
        conflicts = sum(len(report.conflicts) for report in self.reports)
        return f"merged {len(self.reports)} of {counted(total, 'project file')}; {counted(conflicts, 'conflict')}, {len(self.errors)} failed"


def merge_files(
    project: Project,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    trust: bool = False,
) -> MergeOutcome:
    """Merge file after file, each one transaction: a file that fails is reported and the
    next one merged (as import does with files); once cancelled, the rest are skipped.
    ``progress`` hears each file's documents, ``done`` counting from 1 again per file."""
    outcome = MergeOutcome()
    for path in paths:
        if should_cancel is not None and should_cancel():
            outcome.skipped.append(str(path))
            continue
        try:
            outcome.reports.append(merge_file(project, path, progress=progress, trust=trust))
        except AnnotatorError as error:
            outcome.errors.append(str(error))
    return outcome


def _merge_document(project: Project, source: Project, other_id: str, document_id: DocumentId, step: str, report: MergeReport) -> None:
    theirs = _Document(source.spans(other_id), source.frames(other_id))
    _check_frames(project.schema, theirs.frames, report.path)
    ours = _Document(project.spans(document_id), project.frames(document_id))
    _merge_statuses(project, document_id, source.status_times(other_id), report)
    their_times = source.edit_times(other_id, ignore_steps=MERGE_STEP)
    for annotator in sorted(theirs.annotators() | their_times.keys()):
        _merge_version(project, document_id, annotator, ours, theirs, their_times.get(annotator), step, report)
    _merge_comments(project, document_id, source.comments([other_id]), report)


def _merge_comments(project: Project, document_id: DocumentId, theirs: Sequence[Comment], report: MergeReport) -> None:
    """Add OTHER's comments DB lacks, after the versions (a comment finds its span among them)."""
    def key(c: Comment) -> tuple[Any, ...]:
        return c.annotator, c.unsure, c.text, c.start, c.end, c.created

    known = {key(c) for c in project.comments([document_id])}
    spans = {(s.annotator, s.start, s.end): s.id for s in project.spans(document_id)}
    for comment in theirs:
        if key(comment) in known:
            continue
        extent = None if comment.start is None else (comment.start, comment.end)
        project.add_comment(document_id, comment.annotator, comment.text, unsure=comment.unsure, created=comment.created,
                            span_id=spans.get((comment.annotator, comment.start, comment.end)), extent=extent, undoable=False)
        report.comments += 1
        report.changed.add(document_id)


def _merge_version(
    project: Project, document_id: DocumentId, annotator: str, ours: _Document, theirs: _Document,
    their_time: str | None, step: str, report: MergeReport,
) -> None:
    mine, yours = ours.version(annotator), theirs.version(annotator)
    if mine == yours:
        report.unchanged += 1
        return
    with project.operation(annotator, document_id, step) as op:
        if any(mine):
            my_time = project.edit_times(document_id, ignore_steps=MERGE_STEP).get(annotator)
            newer = (their_time or "") > (my_time or "")
            report.conflicts.append(
                Conflict(document_id, annotator, "other" if newer else "db", my_time, their_time, len(mine[0]), len(yours[0]))
            )
            if not newer:
                return
            spans, frames = ours.of(annotator)
            if frames:
                project.delete_frames([f.id for f in frames])
            if spans:
                project.delete_spans([s.id for s in spans], cascade=True)
        else:
            report.added.append(Added(document_id, annotator, len(yours[0]), len(yours[1])))
        report.changed.add(document_id)
        _write_version(op, document_id, annotator, ours, theirs, report)


def _write_version(
    op: OperationWrites, document_id: DocumentId, annotator: str, ours: _Document, theirs: _Document, report: MergeReport
) -> None:
    """Insert OTHER's rows of one annotator with new ids, remapping frame slots."""
    spans, frames = theirs.of(annotator)
    span_ids = {
        s.id: op.add_span(document_id, annotator, s.start, s.end, s.label, s.attributes, s.created, s.updated)
        for s in spans
    }
    frame_ids = {
        f.id: op.add_frame(document_id, annotator, f.type, f.attributes, f.created, f.updated, overrides=f.overrides)
        for f in frames
    }
    # A frame filled by another annotator's frame: find that frame in DB by content.
    elsewhere = {ours.frame_key(f.id): f.id for f in ours.frames if f.annotator != annotator}
    for frame in frames:
        for filler in frame.fillers:
            span_id = span_ids.get(filler.span_id) if filler.span_id is not None else None
            filler_frame = None
            if filler.frame_id is not None:
                filler_frame = frame_ids.get(filler.frame_id) or elsewhere.get(theirs.frame_key(filler.frame_id))
            if span_id is None and filler_frame is None:
                report.dropped.append(f"{document_id} {annotator}: slot {filler.slot} of a {frame.type} frame")
                continue
            op.add_slot_filler(frame_ids[frame.id], filler.slot, span_id, filler_frame)


def _merge_statuses(project: Project, document_id: DocumentId, theirs: Mapping[str, tuple[Status, str]], report: MergeReport) -> None:
    """Take OTHER's statuses set later than DB's, with their times (before versions are
    written, which would mark a new document in progress now)."""
    mine = project.status_times(document_id)
    for annotator, (status, updated) in theirs.items():
        ours = mine.get(annotator)
        if ours is None or (updated > ours[1] and status != ours[0]):
            project.set_status(document_id, annotator, status, at=updated)
            report.statuses += 1
            report.changed.add(document_id)
