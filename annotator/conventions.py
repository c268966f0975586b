"""One proclitic convention per project: span starts moved to it with the segmenter.

A project records in its schema whether a word's proclitics (و ف ب ك ل; the article
always stays in) stand ``outside`` entity spans (the workbench's snapping: ORG «رويترز»
in «ورويترز») or ``inside`` them (token-level corpora: Wojood's «لحماس»). Spans imported
from elsewhere or made before may follow the other one; ``apply_proclitics`` moves
their starts, deciding with the project's segmenter (``annotator.evidence``) which
letters are proclitics, so no name is cut: without evidence a span stays as it is.
Each document's moves of one annotator are one undo step; every move is reported.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from annotator.errors import ValidationError
from annotator.evidence import project_segmenter
from annotator.model import Span
from annotator.project import Project
from annotator.schema import PROCLITIC_CONVENTIONS
from annotator.text.segment import Segmenter
from annotator.text.tokenize import WORD_RE


@dataclass(frozen=True)
class MovedStart:
    """A span whose start moved (or would, in a dry run) to the convention."""

    span_id: int
    document_id: str
    annotator: str
    label: str
    before: tuple[int, int]
    after: tuple[int, int]
    text_before: str
    text_after: str

    def __str__(self) -> str:
        return (
            f"{self.document_id} {self.annotator} {self.label} {self.before[0]}..{self.before[1]} «{self.text_before}»"
            f" -> {self.after[0]}..{self.after[1]} «{self.text_after}»"
        )


def convention_start(segmenter: Segmenter, text: str, start: int, end: int, convention: str) -> int:
    """Where a span ``start..end`` of ``text`` starts under ``convention``: past the
    proclitics of its first word (``outside``), or at the word's first letter when it
    starts right after proclitics (``inside``); else where it starts."""
    word_start = start
    while word_start > 0 and unicodedata.category(text[word_start - 1])[0] in "LM":
        word_start -= 1
    word = WORD_RE.match(text, word_start)
    if word is None:
        return start
    outside = segmenter.segment(word.group()).outside
    if convention == "outside" and start == word_start and outside and start + outside < end:
        return start + outside
    if convention == "inside" and outside and start == word_start + outside:
        return word_start
    return start


def proclitic_moves(project: Project, convention: str, *, annotator: str | None = None,
                    segmenter: Segmenter | None = None) -> list[MovedStart]:
    """The entity spans (of ``annotator``, else everyone's) whose starts differ from ``convention``."""
    if convention not in PROCLITIC_CONVENTIONS:
        raise ValidationError(f"proclitics must be one of {', '.join(PROCLITIC_CONVENTIONS)}, not {convention!r}")
    segmenter = segmenter or project_segmenter(project)
    entity = {label.name for label in project.schema.entity_labels}
    moves = []
    for document in project.iter_documents(project.document_ids()):
        for span in project.spans(document.id, annotator):
            if span.label not in entity:
                continue
            start = convention_start(segmenter, document.text, span.start, span.end, convention)
            if start != span.start:
                moves.append(_moved(document.text, span, start))
    return moves


def _moved(text: str, span: Span, start: int) -> MovedStart:
    return MovedStart(span.id, span.document_id, span.annotator, span.label, (span.start, span.end), (start, span.end),
                      text[span.start : span.end], text[start : span.end])


def apply_proclitics(project: Project, convention: str, *, annotator: str | None = None,
                     dry_run: bool = False) -> list[MovedStart]:
    """Move span starts to ``convention`` and record it in the schema (unless ``dry_run``);
    one undo step per document and annotator. Returns every move."""
    moves = proclitic_moves(project, convention, annotator=annotator)
    if dry_run:
        return moves
    groups: dict[tuple[str, str], list[MovedStart]] = {}  # one undo step per document and annotator
    for move in moves:
        groups.setdefault((move.document_id, move.annotator), []).append(move)
    for group in groups.values():
        project.move_spans({move.span_id: move.after for move in group}, f"Proclitics {convention.capitalize()}")
    if project.schema.proclitics != convention:
        project.set_schema(replace(project.schema, proclitics=convention))
    return moves
