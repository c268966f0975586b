"""Importing files into a project: reading, normalizing, deduplicating, storing.

Each file is read whole by its format reader (``annotator.formats``) before anything is
stored, then stored in one transaction: a file that fails, whatever the reason, stores
nothing, and the other files of the same command still import. A document whose text
is already in the project (same content hash after normalization) is skipped and
reported; when it carries spans of an annotator who has none on that document yet,
those spans are added to the existing document, which is how several annotators'
pre-annotated copies of the same articles come together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from annotator.errors import AnnotatorError, FormatError
from annotator.formats import ReadOptions, read_source
from annotator.model import SourceDocument
from annotator.project import Project
from annotator.textnorm import NormalizedInput, normalize_input

DEFAULT_IMPORT_ANNOTATOR = "imported"
"""Who owns pre-annotated spans when the command names no annotator."""

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``: called after each file."""


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
    error: str | None = None


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


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and every file below the folders named (sorted, hidden ones skipped)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
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
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders; one ``FileResult`` per file, errors included, never raised.

    ``format`` is ``auto``, ``text`` (plain articles), ``jsonl`` or ``conll``.
    """
    report = ImportReport()
    fmt = "article" if format == "text" else format
    files = collect_files(paths)
    for done, path in enumerate(files):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        result = FileResult(str(path))
        try:
            read = read_source(path, fmt, ReadOptions(lenient=lenient, doc_sentences=doc_sentences))
            result.repairs = list(read.repairs)
            with project.transaction():
                result.added_labels = project.add_labels(sorted(read.labels))
                for document in read.documents:
                    owner = annotator or document.annotator or DEFAULT_IMPORT_ANNOTATOR
                    _store(project, document, owner, result)
        except FileNotFoundError:
            result = FileResult(str(path), error=f"{path}: no such file")
        except AnnotatorError as error:
            result = FileResult(str(path), error=str(error) if str(path) in str(error) else f"{path}: {error}")
        report.files.append(result)
        if progress is not None:
            progress(done + 1, len(files), str(path))
    return report


def _store(project: Project, document: SourceDocument, annotator: str, result: FileResult) -> None:
    normalized = normalize_input(document.text)
    where = f"line {document.line}: " if document.line else ""
    spans = []
    for span in document.spans:
        start, end = normalized.move_start(span.start), normalized.move_end(span.end)
        if not 0 <= start < end <= len(normalized.text):
            raise FormatError(f"{where}span {span.start}..{span.end} ({span.label}) is outside the text", line=document.line)
        spans.append((start, end, span.label, dict(span.attributes)))
    document_id, added = project.add_document(
        normalized.text,
        title=document.title,
        source=document.source,
        meta=document.meta,
        document_id=document.id,
        tokens=_moved(normalized, document.tokens),
        sentences=_moved(normalized, document.sentences),
    )
    if added:
        result.added += 1
    else:
        result.skipped += 1
        if not spans or annotator in project.annotators_with_spans(document_id):
            return
        result.merged_into.append(document_id)
    if spans:
        project.add_spans(document_id, annotator, spans, undoable=False)
        result.spans += len(spans)
    if document.status is not None:
        project.set_status(document_id, annotator, document.status)


def _moved(normalized: NormalizedInput, offsets: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]] | None:
    if offsets is None:
        return None
    return [(normalized.move_start(s), normalized.move_end(e)) for s, e in offsets]
