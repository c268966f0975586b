"""Exporting training data: CoNLL, JSONL and spaCy DocBin, one annotator's layer, optional splits.

``export_project(project, out, options)`` is the one entry point, for the CLI and the
export dialog alike. It plans first (``plan_export``, which the dialog also calls to
check its choices and say what they will write): it chooses the annotator, the
documents and the labels (``export.select``) and splits the documents into parts when
asked (``export.split``); nothing is written before the plan holds. Then it streams:
the documents are read in batches of ``BATCH`` (one query per batch for their texts,
statuses, spans and cached tokens, see ``export.tokens``), each is encoded by its
format's module (``export.conll``, ``export.jsonl``, ``export.docbin``: each documents
its format) and written before the next is encoded, so memory stays flat however large
the corpus (a DocBin, one binary whole, is the exception: its Docs are written at the end). Tokens the token cache lacked are added to it after each batch: the first
export of a document tokenizes it, later ones read its tokens.

Each output file goes through ``annotator.outputs.OutputFile``: the project and its
companion files are refused before anything is done, the data is written to an
exclusively created temporary file beside the final name and renamed into place at
the end, so a cancelled or failed export leaves no half-written file and does not
touch an earlier export of the same name.

Long work: ``progress(done, total, message)`` is called after each document (message:
its id) and ``should_cancel()`` before each; a cancelled export reports
``cancelled`` and writes nothing. The project belongs to the calling thread; the
export writes to it only to fill the token cache.

``ExportReport.lines()``, ``summary()`` and ``str(note)`` are what the CLI prints and
the export dialog shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from annotator.evidence import project_segmenter
from annotator.export.conll import encode_conll
from annotator.export.docbin import DocBinCollector, encode_docbin
from annotator.export.jsonl import encode_jsonl
from annotator.export.model import Encoded, ExportItem, ExportNote, ExportOptions
from annotator.export.select import NO_ANNOTATOR, choose_annotator, resolve_labels, select_documents
from annotator.export.split import assign_parts, parse_split, part_path
from annotator.export.tokens import TokenCache
from annotator.model import Comment, DocumentId, Status
from annotator.nlp import require_spacy
from annotator.outputs import OutputFile, check_output
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project
from annotator.wording import counted

ENCODERS: Mapping[str, Callable[[ExportItem, ExportOptions], Encoded]] = {
    "conll": encode_conll,
    "jsonl": encode_jsonl,
    "spacy": encode_docbin,
}
"""Each format's encoder: one document in, its text in the format out."""

BATCH = 50
"""Documents read together: few queries, and little held at once."""


@dataclass
class PartResult:
    """One file written: a split's part, or the whole export."""

    path: str
    part: str | None = None
    documents: int = 0
    tokens: int = 0
    spans: int = 0


@dataclass
class ExportReport:
    """What an export wrote and what it had to change, for the CLI's lines and the dialog."""

    format: str
    annotator: str
    labels: tuple[str, ...]
    parts: list[PartResult] = field(default_factory=list)
    notes: list[ExportNote] = field(default_factory=list)
    """Spans changed, dropped or left out (CoNLL), in document order."""
    sentences_joined: int = 0
    """CoNLL sentence breaks not written because they fell inside an entity."""
    frames: int = 0
    frames_left_out: int = 0
    """JSONL frames not written because a filler's label was not exported."""
    cancelled: bool = False
    status: str = "done"
    """The documents chosen (``ExportOptions.status``): a warning's advice depends on it."""

    @property
    def documents(self) -> int:
        return sum(part.documents for part in self.parts)

    @property
    def tokens(self) -> int:
        return sum(part.tokens for part in self.parts)

    @property
    def spans(self) -> int:
        return sum(part.spans for part in self.parts)

    def count(self, kind: str) -> int:
        """How many notes of a kind: ``changed``, ``dropped`` or ``left out``."""
        return sum(note.kind == kind for note in self.notes)

    def lines(self) -> list[str]:
        """A line for each file written."""
        return [f"wrote {counted(p.documents, 'document')}, {counted(p.tokens, 'token')}, {counted(p.spans, 'span')} to {p.path}" for p in self.parts]

    def warnings(self) -> list[str]:
        """A line for each split part left empty (too few documents for the split): a
        training run would otherwise meet an empty file with no word of why."""
        empty = [part for part in self.parts if part.part is not None and part.documents == 0]
        more = "export more (--status any) or " if self.status != "any" else ""
        return [f"warning: the {part.part} part is empty ({part.path}): too few documents for the split "
                f"({self.documents} exported); {more}give the part a larger share" for part in empty]

    def summary(self) -> str:
        """One line: whose layer, and what the format had to change or leave out."""
        if self.annotator == NO_ANNOTATOR:
            return "no one has annotated this project yet: text and tokens written, with no spans"
        if self.format == "conll":
            return (
                f"annotator {self.annotator}; spans changed {self.count('changed')}, dropped {self.count('dropped')}, "
                f"left out as nested or overlapping {self.count('left out')}; "
                f"sentences joined across an entity {self.sentences_joined}"
            )
        if self.format == "spacy":
            return f"annotator {self.annotator}; entities left out as nested or overlapping {self.count('left out')} (kept in doc.spans)"
        return f"annotator {self.annotator}; frames written {self.frames}, left out {self.frames_left_out}"


@dataclass(frozen=True)
class ExportPlan:
    """An export's choices made and checked, before anything is written (``plan_export``)."""

    annotator: str
    labels: frozenset[str]
    document_ids: list[DocumentId]
    """The documents to write, in project order."""
    paths: dict[str | None, Path]
    """The file of each split part (in the split's order), or of None: the whole export."""
    part_of: Mapping[str, str]
    """Each document's part, with a split."""


def plan_export(project: Project, out: str | os.PathLike[str], options: ExportOptions = ExportOptions()) -> ExportPlan:
    """Choose the annotator, labels, documents and files (see ``export.select``); raises the
    one-line error a user can fix for a choice that cannot be exported."""
    if options.format == "spacy":
        require_spacy("the spaCy export")
    annotator = choose_annotator(project, options.annotator, gold=options.gold)
    labels = resolve_labels(project, options.labels, options.format)
    document_ids = select_documents(project, annotator, options.status)
    out = Path(out)
    if options.split is None:
        paths: dict[str | None, Path] = {None: out}
        part_of: Mapping[str, str] = {}
    else:
        paths = {name: part_path(out, name) for name, _ in options.split}
        part_of = assign_parts(document_ids, options.split, options.seed)
    for path in paths.values():
        check_output(path, protected=[project.path])
    return ExportPlan(annotator, labels, document_ids, paths, part_of)


def export_project(
    project: Project,
    out: str | os.PathLike[str],
    options: ExportOptions = ExportOptions(),
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ExportReport:
    """Write the chosen documents to ``out`` (or one file per split part beside it)."""
    plan = plan_export(project, out, options)
    annotator, labels, document_ids, part_of = plan.annotator, plan.labels, plan.document_ids, plan.part_of
    parts = {name: PartResult(str(path), name) for name, path in plan.paths.items()}
    report = ExportReport(options.format, annotator, tuple(sorted(labels)), list(parts.values()), status=options.status)
    encode = ENCODERS[options.format]
    cache = TokenCache(project)
    segmenter = project_segmenter(project) if options.segment_clitics else None
    done = 0
    with ExitStack() as stack:
        output = _DocBinFile if options.format == "spacy" else _ExportFile
        files = {name: stack.enter_context(output(part.path, protected=[project.path])) for name, part in parts.items()}
        for begin in range(0, len(document_ids), BATCH):
            batch = document_ids[begin : begin + BATCH]
            cache.load(batch, jsonl=options.format == "jsonl")
            statuses = project.statuses(batch, annotator)
            spans = project.span_rows(batch, annotator)
            framed = project.documents_with_frames(batch, annotator) if options.format == "jsonl" else set[DocumentId]()
            comments: dict[DocumentId, list[Comment]] = {}
            for comment in project.comments(batch) if options.format == "jsonl" else ():
                comments.setdefault(comment.document_id, []).append(comment)
            for document in project.iter_documents(batch):
                if should_cancel is not None and should_cancel():
                    report.cancelled = True
                    return report
                item = ExportItem(
                    document=document,
                    annotator=annotator,
                    status=statuses.get(document.id, Status.NEW),
                    load_tokens=partial(cache.get, document, segmenter=segmenter),
                    spans=[span for span in spans.get(document.id, ()) if span.label in labels],
                    frames=project.frames(document.id, annotator) if document.id in framed else [],
                    jsonl_tokens=cache.jsonl_tokens(document.id),
                    comments=tuple(comments.get(document.id, ())),
                )
                encoded = encode(item, options)
                if encoded.jsonl_tokens is not None:
                    cache.keep_jsonl_tokens(document.id, encoded.jsonl_tokens)
                name = part_of.get(document.id)
                files[name].add(encoded)
                _count(report, parts[name], encoded)
                done += 1
                if progress is not None:
                    progress(done, len(document_ids), document.id)
            cache.save()
        for file in files.values():
            file.commit()
    return report


def _count(report: ExportReport, part: PartResult, encoded: Encoded) -> None:
    part.documents += 1
    part.tokens += encoded.tokens
    part.spans += encoded.spans
    report.notes.extend(encoded.notes)
    report.sentences_joined += encoded.sentences_joined
    report.frames += encoded.frames
    report.frames_left_out += encoded.frames_left_out


class _ExportFile(OutputFile):
    """An export's output file: each document's text written as it is encoded."""

    def add(self, encoded: Encoded) -> None:
        self.write(encoded.data)


class _DocBinFile(_ExportFile):
    """A DocBin output: the Docs are collected and written whole at ``commit``."""

    def __init__(self, path: str, *, protected: list[str]):
        super().__init__(path, protected=protected)
        self.docs = DocBinCollector()

    def add(self, encoded: Encoded) -> None:
        self.docs.add(encoded.doc)

    def commit(self) -> None:
        self.write(self.docs.to_bytes())
        super().commit()


__all__ = [
    "ExportNote",
    "ExportOptions",
    "ExportPlan",
    "ExportReport",
    "PartResult",
    "Progress",
    "export_project",
    "plan_export",
    "parse_split",
]
