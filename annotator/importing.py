"""Importing files into a project: reading, normalizing, deduplicating, storing.

Each file is read by its format reader (``annotator.formats.stream_source``) and stored
as it is read, ``STORE_BATCH`` documents at a time (a JSONL file streams line by line, so
memory does not grow with the file), all in one transaction (a savepoint of a commit
made about once a second): a file that fails, whatever the reason, stores nothing, and
the other files of the same command still import. A document whose text
is already in the project (same content hash after normalization) is skipped and
reported; when it carries spans of an annotator who has none on that document yet,
those spans are added to the existing document, which is how several annotators'
pre-annotated copies of the same articles come together.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from annotator.conventions import convention_start
from annotator.errors import AnnotatorError, FormatError, ValidationError
from annotator.formats import ReadOptions, SourceItem, stream_source
from annotator.formats.encoding import UTF8
from annotator.model import NewDocument, SlotFiller, SourceDocument, SourceFrame, Status
from annotator.project import Project
from annotator.schema import name_problem
from annotator.splitting import BYTES_PER_MB, LARGE_DOCUMENT_BYTES, split_paragraphs
from annotator.text.canonical import MARK_CHARACTERS, NormalizedInput, count_marks, normalize_input
from annotator.text.segment import document_segmenter
from annotator.progress import Progress, ShouldCancel
from annotator.wording import counted

DEFAULT_IMPORT_ANNOTATOR = "imported"
"""Who owns pre-annotated spans when the command names no annotator."""

STORE_BATCH = 500
"""Documents stored per statement: a file is read and stored this many at a time (all in
the file's one transaction), so an import holds one batch, never the whole file."""

MovedSpan = tuple[int, int, str, dict[str, Any]]
"""A span of the file in offsets of the normalized text: start, end, label, attributes."""



@dataclass
class FileResult:
    path: str
    added: int = 0
    skipped: int = 0
    spans: int = 0
    merged_into: list[str] = field(default_factory=list)
    """Existing documents that received this file's spans of a new annotator."""
    repairs: list[str] = field(default_factory=list)
    added_labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was stored otherwise than the file says, or not at all, one ``path:line: ...``
    each: nothing is changed or left out without a word."""
    error: str | None = None
    off_convention: int = 0
    """Spans whose start does not follow the project's proclitic convention (``convention``)."""
    convention: str = "outside"
    marks: Counter[str] = field(default_factory=Counter)
    """Invisible marks (bidi controls, zero-width characters) in the file's texts."""
    marks_stripped: bool = False

    def convention_line(self) -> str:
        """How many spans disagree with the proclitic convention, and what fixes it."""
        one = self.off_convention == 1
        if self.convention == "outside":
            where = "begins with" if one else "begin with"
        else:
            where = "starts right after" if one else "start right after"
        return (
            f"{self.path}: {counted(self.off_convention, 'span')} {where} a proclitic (the project keeps proclitics"
            f" {self.convention}; 'annotator conventions DB --proclitics {self.convention}' moves them)"
        )

    def marks_line(self) -> str | None:
        """What the import did with invisible marks, or None when there were none."""
        if not self.marks:
            return None
        kinds = ", ".join(f"{name} {count:,}" for name, count in self.marks.most_common())
        if self.marks_stripped:
            return f"{self.path}: removed {self.marks.total():,} invisible marks ({kinds})"
        return f"{self.path}: {self.marks.total():,} invisible marks kept in the text ({kinds}); --strip-marks removes them"


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.cancelled and all(f.error is None for f in self.files)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def spans(self) -> int:
        return sum(f.spans for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.files if f.error]

    def summary(self) -> str:
        """One line saying what the import did, as the CLI and the GUI show it."""
        return (
            f"imported {counted(self.added, 'document')}, skipped {self.skipped} already present, "
            f"{counted(self.spans, 'span')}, {counted(len(self.errors), 'file')} failed" + (" (cancelled)" if self.cancelled else "")
        )

    def lines(self) -> list[str]:
        """A line for every repair, added label, joined document and error, file by file."""
        lines = []
        for result in self.files:
            lines += [f"repaired {repair}" for repair in result.repairs]
            if result.added_labels:
                lines.append(f"{result.path}: added labels to the schema: {', '.join(result.added_labels)}")
            if result.merged_into:
                lines.append(f"{result.path}: added spans of a new annotator to existing {', '.join(result.merged_into)}")
            if result.off_convention:
                lines.append(result.convention_line())
            marks = result.marks_line()
            if marks:
                lines.append(marks)
            lines += result.notes[:NOTES_SHOWN]
            if len(result.notes) > NOTES_SHOWN:
                lines.append(f"{result.path}: and {len(result.notes) - NOTES_SHOWN} more notes like these")
            if result.error:
                lines.append(f"error: {result.error}")
        return lines


NOTES_SHOWN = 20
"""Notes printed per file; a re-import of a large corpus would otherwise print one a line."""


NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "COPYING", "SOURCE", "NOTICE", "CITATION")
"""Files in a folder whose names start with these are its documentation (a corpus's
provenance, licence, how to cite it), not articles."""


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and every file below the folders named, sorted; in folders,
    hidden files and documentation files (``NOT_ARTICLES``) are passed over."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not p.name.upper().startswith(NOT_ARTICLES)
            )
        else:
            files.append(path)
    return files


def import_paths(
    project: Project,
    paths: Sequence[str | Path],
    *,
    format: str = "auto",
    annotator: str | None = None,
    lenient: bool = False,
    doc_sentences: int | None = None,
    encoding: str | None = None,
    tag_column: int | None = None,
    text_column: str | None = None,
    strip_marks: bool = False,
    split_paragraphs: int | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ImportReport:
    """Import files and folders; one ``FileResult`` per file, errors included, never raised.

    ``format`` is ``auto``, ``text`` (plain articles), ``jsonl``, ``conll`` or ``tsv``; ``encoding``
    (detected per file when ``None``), ``tag_column`` and ``text_column`` are ``ReadOptions``'; with
    ``strip_marks`` invisible marks are removed from the texts (``text.canonical``), else counted. ``progress``
    counts bytes of the files: after each file, and within a large JSONL file as it is read. With
    ``split_paragraphs`` a document longer than that many paragraphs is stored in parts
    (``annotator.splitting``); without it a document over ``LARGE_DOCUMENT_BYTES`` is
    stored whole, with a note suggesting it.
    """
    problem = None if annotator is None else name_problem(annotator.strip())
    if problem is not None:
        raise ValidationError(f"annotator {problem}")
    report = ImportReport()
    fmt = "article" if format == "text" else format
    files = collect_files(paths)
    for folder in map(Path, paths):
        if folder.is_dir() and not any(file.is_relative_to(folder) for file in files):
            report.files.append(FileResult(str(folder), error=f"{folder}: folder holds no files to import"))
    options = ReadOptions(encoding=encoding, lenient=lenient, doc_sentences=doc_sentences, tag_column=tag_column,
                          text_column=text_column)
    sizes = [_size(path) for path in files]
    total, before = sum(sizes), 0
    with project.grouped_commits() as commit_if_due:
        for path, size in zip(files, sizes):
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            result = FileResult(str(path))
            batch: list[SourceItem] = []
            within = options
            if progress is not None:
                within = replace(options, bytes_read=lambda read: progress(before + min(read, size), total, str(path)))
            try:
                stream = stream_source(path, fmt, within)
                result.repairs = stream.repairs  # complete once the stream is read
                if encoding is None and stream.encoding != UTF8:
                    result.notes.append(f"{path}: read as {stream.encoding} (detected; name another with --encoding)")
                result.marks_stripped = strip_marks
                with project.transaction():
                    for batch in _batches(_parts(stream.items, split_paragraphs, path, result), STORE_BATCH):
                        _check_names(project, (document for document, _ in batch), path, check_annotator=annotator is None)
                        _check_text((document for document, _ in batch), path, result.marks)
                        labels = {span.label for document, _ in batch for span in document.spans}
                        result.added_labels += project.add_labels(sorted(labels))
                        _store(project, batch, annotator, result)
            except AnnotatorError as error:
                result = FileResult(str(path), error=str(error) if str(path) in str(error) else f"{path}: {error}")
            except UnicodeEncodeError:  # SQLite or the content hash met half a character
                result = FileResult(str(path), error=str(_half_character(path, batch)))
            report.files.append(result)
            commit_if_due()
            before += size
            if progress is not None:
                progress(before, total, str(path))
    return report


def _size(path: Path) -> int:
    """The file's size in bytes, the unit of an import's progress (0 if it cannot be read:
    the reader says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{_CONTROLS}]")
"""Control characters no text holds (tab, line ends, vertical tab and form feed aside):
a binary file, or one read in the wrong encoding."""
_UNUSUAL = re.compile(f"[{_CONTROLS}{MARK_CHARACTERS}]")
"""A control character or an invisible mark: one search of a text, which most pass."""


def _check_text(documents: Iterable[SourceDocument], path: Path, marks: Counter[str]) -> None:
    """Refuse, naming file and line, a text or title holding a control character; count
    the texts' invisible marks into ``marks``."""
    for document in documents:
        if _UNUSUAL.search(document.text) is None and _CONTROL.search(document.title) is None:
            continue
        marks.update(count_marks(document.text))
        for name, value in (("text", document.text), ("title", document.title)):
            found = _CONTROL.search(value)
            if found is not None:
                raise FormatError(
                    f"the {name} holds control character U+{ord(found.group()):04X} at character {found.start()}: "
                    "not text (a binary file, or another encoding: see --encoding)",
                    str(path), document.line,
                )


def _parts(items: Iterable[SourceItem], paragraphs: int | None, path: Path, result: FileResult) -> Iterator[SourceItem]:
    """The documents as they are stored: cut in parts of ``paragraphs`` when asked (not a
    document with frames, whose slots name its spans: noted), else whole, with a note on
    each one large enough to be worth cutting."""
    for document, extra in items:
        where = f"{path}:{document.line}" if document.line else str(path)
        parts = [document]
        if paragraphs is not None and document.frames:
            result.notes.append(f"{where}: not split: its frames name its spans; stored whole")
        elif paragraphs is not None:
            parts = split_paragraphs(document, paragraphs)
            if len(parts) > 1:
                result.notes.append(f"{where}: stored in {len(parts)} parts of {counted(paragraphs, 'paragraph')} (meta: part, parts, offset)")
        elif len(document.text) * 4 > LARGE_DOCUMENT_BYTES and (
            size := len(document.text.encode("utf-8", "surrogatepass"))
        ) > LARGE_DOCUMENT_BYTES:  # a character is at most 4 bytes: most texts are not encoded
            result.notes.append(
                f"{where}: a document of {size / BYTES_PER_MB:.1f} MB is slow to open and annotate; "
                "import it with --split-paragraphs N to store it in parts of N paragraphs"
            )
        for part in parts:
            yield part, extra


def _off_convention(project: Project, text: str, spans: Sequence[MovedSpan]) -> int:
    """How many entity ``spans`` of ``text`` start otherwise than the project's proclitic
    convention says (the segmenter, with the document as evidence, decides)."""
    convention = project.schema.proclitics
    entity = {label.name for label in project.schema.entity_labels}
    segmenter = document_segmenter(text)
    return sum(
        convention_start(segmenter, text, start, end, convention) != start
        for start, end, label, _ in spans if label in entity
    )


def _check_names(project: Project, documents: Iterable[SourceDocument], path: Path, *, check_annotator: bool) -> None:
    """Refuse, naming file and line, a span label or an annotator name (unless the command
    names the annotator) the project could not hold: stored, it would lock the project."""
    for document in documents:
        for span in document.spans:
            problem = None if project.schema.has_label(span.label) else project.schema.label_problem(span.label)
            if problem is not None:
                raise FormatError(f"span label {span.label!r}: {problem}", str(path), document.line)
        problem = None if document.annotator is None or not check_annotator else name_problem(document.annotator.strip())
        if problem is not None:
            raise FormatError(f"field 'annotator': {problem}", str(path), document.line)


def _batches(items: Iterator[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    while batch := list(islice(items, size)):
        yield batch


def _store(project: Project, batch: Sequence[SourceItem], annotator: str | None, result: FileResult) -> None:
    """Store a batch of a file's documents in one statement, then their spans, frames and statuses."""
    documents = [document for document, _ in batch]
    extras = [extra for _, extra in batch]
    normalized = [normalize_input(document.text, strip_marks=result.marks_stripped) for document in documents]
    stored = project.add_documents(
        [
            NewDocument(
                text.text, title=document.title, source=document.source, meta=document.meta, id=document.id,
                tokens=_moved(text, document.tokens), sentences=_moved(text, document.sentences),
            )
            for document, text in zip(documents, normalized)
        ]
    )
    for document, extra, text, (document_id, added) in zip(documents, extras, normalized, stored):
        where = f"{result.path}:{document.line}" if document.line else result.path
        owner = annotator or document.annotator or DEFAULT_IMPORT_ANNOTATOR
        if annotator and document.annotator and document.annotator != annotator:
            result.notes.append(f"{where}: spans the file gives to {document.annotator!r} stored as {annotator!r} (--annotator)")
        if added and document.id is not None and document.id.strip() != document_id:
            result.notes.append(f"{where}: id {document.id!r} is taken; stored as {document_id!r}")
        result.added += added
        result.skipped += not added
        spans, line_index = _unique_spans(_moved_spans(document, text), where, result.notes)
        result.convention = project.schema.proclitics
        result.off_convention += _off_convention(project, text.text, spans)
        # a copy's status counts where the annotator has none there yet
        takes_status = document.status is not None and (added or project.status(document_id, owner) == Status.NEW)
        if not added and spans:
            if owner in project.annotators_with_spans(document_id):
                result.notes.append(
                    f"{where}: same text as {document_id}, which already has spans of {owner!r}; "
                    f"this copy's {counted(len(spans), 'span')} {'was' if len(spans) == 1 else 'were'} not added"
                )
                spans = []
            else:
                result.merged_into.append(document_id)
        if spans:
            span_ids = project.add_spans(document_id, owner, spans, undoable=False).ids
            result.spans += len(spans)
            _store_frames(project, document_id, owner, document.frames, [span_ids[k] for k in line_index], document.line)
        if takes_status:
            project.set_status(document_id, owner, document.status)
        if added:
            _store_comments(project, document_id, extra.get("comments"), text, where)


def _store_comments(project: Project, document_id: str, comments: Any, text: NormalizedInput, where: str) -> None:
    """The ``comments`` of a JSONL line, as our export writes them (annotator, unsure, text,
    start and end of the span commented on, or null for the document)."""
    if comments is None:
        return
    if not isinstance(comments, list):
        raise ValidationError(f"{where}: field 'comments' must be a list")
    for n, comment in enumerate(comments):
        field = f"{where}: comments[{n}]"
        if not isinstance(comment, dict) or not isinstance(comment.get("annotator"), str):
            raise ValidationError(f"{field} must be an object with an 'annotator'")
        start, end = comment.get("start"), comment.get("end")
        if (start is None) != (end is None) or not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (start, end)):
            raise ValidationError(f"{field}: 'start' and 'end' must both be integers, or both null")
        extent = None if start is None else (text.move_start(start), text.move_end(end))
        try:
            project.add_comment(document_id, comment["annotator"], str(comment.get("text") or ""),
                                unsure=comment.get("unsure") is True, extent=extent, undoable=False)
        except ValidationError as error:
            raise ValidationError(f"{field}: {error}") from None


def _unique_spans(spans: list[MovedSpan], where: str, notes: list[str]) -> tuple[list[MovedSpan], list[int]]:
    """The spans with repeats (same offsets, label and attributes) left out and noted, and
    for each span of the file the index of the one stored for it (its frames name it)."""
    index_of: dict[tuple[int, int, str, str], int] = {}
    kept: list[MovedSpan] = []
    stored_as = []
    for span in spans:
        start, end, label, attributes = span
        key = (start, end, label, json.dumps(attributes, sort_keys=True, ensure_ascii=False) if attributes else "")
        if key in index_of:
            notes.append(f"{where}: span {start}..{end} {label} is given twice; stored once")
        else:
            index_of[key] = len(kept)
            kept.append(span)
        stored_as.append(index_of[key])
    return kept, stored_as


def _store_frames(
    project: Project, document_id: str, annotator: str, frames: Sequence[SourceFrame], span_ids: Sequence[int], line: int | None
) -> None:
    """Store a document's frames as read (``SourceFrame``): ``span_ids`` are the stored ids
    of the document's spans, by their index in the file."""
    if not frames:
        return
    try:
        with project.operation(annotator, document_id, "Import Frames", undoable=False):
            ids = [
                project.add_frame(
                    document_id, annotator, frame.type, [SlotFiller(slot, span_id=span_ids[k]) for slot, k in frame.spans],
                    frame.attributes, frame.overrides,
                ).ids[0]
                for frame in frames
            ]
            for frame, frame_id in zip(frames, ids):
                for slot, k in frame.frames:
                    project.add_slot_filler(frame_id, SlotFiller(slot, frame_id=ids[k]))
    except AnnotatorError as error:
        raise FormatError(f"a frame is invalid: {error}", line=line) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _half_character(path: Path, batch: Sequence[SourceItem]) -> FormatError:
    """Where the batch being stored holds an unpaired surrogate: half a character, which
    only a JSON ``\\u`` escape can make and no file can store. Looked for once storing has
    failed on one, so that no other import pays for the scan."""
    for document, extra in batch:
        found = _SURROGATE.search(document.text)
        if found:
            reason = f"field 'text' holds an unpaired surrogate \\u{ord(found.group()):04x} at {found.start()}"
            return FormatError(reason, str(path), document.line)
        found = _SURROGATE.search(json.dumps([asdict(document), extra], ensure_ascii=False, default=str))
        if found:
            return FormatError(f"a field holds an unpaired surrogate \\u{ord(found.group()):04x}", str(path), document.line)
    return FormatError("a field holds an unpaired surrogate", str(path))


def _moved_spans(document: SourceDocument, text: NormalizedInput) -> list[MovedSpan]:
    """The document's spans in offsets of the normalized text."""
    spans = []
    for span in document.spans:
        start, end = text.move_start(span.start), text.move_end(span.end)
        if not 0 <= start < end <= len(text.text):
            where = f"line {document.line}: " if document.line else ""
            raise FormatError(f"{where}span {span.start}..{span.end} ({span.label}) is outside the text", line=document.line)
        spans.append((start, end, span.label, dict(span.attributes)))
    return spans


def _moved(normalized: NormalizedInput, offsets: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]] | None:
    if offsets is None:
        return None
    moved = [(normalized.move_start(s), normalized.move_end(e)) for s, e in offsets]
    return [(s, e) for s, e in moved if s < e]  # a token of marks only is gone with them
