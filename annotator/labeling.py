"""Labeling text as the workbench's label keys do: their rules, once, without Qt.

* ``label_selection``: selected text becomes a span of the annotator. The selection is
  snapped (``snap_label_selection``, which the review window's gold spans share; ``text.snap_selection``: to whole tokens, past a leading proclitic; ``exact``
  keeps it as selected, less surrounding blanks); a proclitic left outside is said
  (``Labeled.left_outside``). If the annotator has that very span
  already (same offsets and label), nothing is written and that span is the answer.
* ``relabel_span``: a selected span takes the label; another annotator's span is
  read-only, and a span with that label already is left as it is.
* ``label_occurrences``: every other whole-word occurrence of a span's text gets its
  label, in one undo step, where the annotator does not have it yet.

Each returns ``Labeled``: the span the key ended on, the operation's result (no changes
when nothing was written) and, then, why. A selection holding no word and a span of
another annotator are refused with a ``ValidationError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.errors import ValidationError
from annotator.model import Changes, OpResult, Span, SpanId
from annotator.project import Project
from annotator.text import find_all, snap_selection, tokens_around

NOTHING = OpResult(Changes())


@dataclass(frozen=True)
class Labeled:
    span_id: SpanId | None
    """The span labeled, or found already there (``label_occurrences``: None)."""
    result: OpResult
    note: str = ""
    """Why nothing was written, when nothing was."""
    left_outside: str = ""
    """What snapping left outside the span written (a proclitic), said so the annotator
    sees it: «ORG رويترز — و left outside; Alt+O keeps it»."""


def own_span(project: Project, annotator: str, span_id: int) -> Span:
    """``span_id`` as ``annotator`` may change it: another annotator's span is read-only."""
    span = project.span(span_id)
    if span.annotator != annotator:
        raise ValidationError(f"that span is {span.annotator}'s (read-only for {annotator})")
    return span


def snap_label_selection(text: str, start: int, end: int, *, exact: bool = False) -> tuple[int, int]:
    """The stretch of ``text`` a label key writes for the selection ``start..end`` (either
    order), snapped with the tokens of its lines; a selection holding no word is refused.
    The workbench's keys and the review window's gold spans both ask this."""
    snapped = snap_selection(text, tokens_around(text, start, end), start, end, exact=exact)
    if snapped is None:
        raise ValidationError("the selection holds no word")
    return snapped


def label_selection(
    project: Project, document_id: str, annotator: str, start: int, end: int, label: str, *,
    exact: bool = False,
) -> Labeled:
    """The selection ``start..end`` (either order) as a ``label`` span of ``annotator``
    (snapped with the tokens of its lines: a key costs the same in a long document)."""
    text = project.document(document_id).text
    snapped = snap_label_selection(text, start, end, exact=exact)
    key = (*snapped, label)
    twin = project.span_at(document_id, annotator, *key)
    if twin is not None:
        return Labeled(twin, NOTHING, f"Already annotated as {label}")
    result = project.add_span(document_id, annotator, *key)
    return Labeled(result.ids[0], result, left_outside=_left_outside(project, text, start, end, snapped, label, exact))


def _left_outside(
    project: Project, text: str, start: int, end: int, snapped: tuple[int, int], label: str, exact: bool
) -> str:
    """The sentence for letters of the selected word that snapping left before the span
    (its proclitics), or "" when it left none the selection held."""
    word_start = snapped[0]
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    if exact or word_start == snapped[0] or min(start, end) >= snapped[0]:
        return ""
    key = project.schema.label(label).key
    keeps = f"; Alt+{key.upper()} keeps it" if key else ""
    return f"{label} {text[snapped[0] : snapped[1]]} — {text[word_start : snapped[0]]} left outside{keeps}"


def relabel_span(project: Project, annotator: str, span_id: int, label: str) -> Labeled:
    """``annotator``'s span ``span_id`` takes ``label``."""
    span = own_span(project, annotator, span_id)
    if span.label == label:
        return Labeled(span.id, NOTHING, f"Already {label}")
    return Labeled(span.id, project.relabel_spans([span.id], label))


def label_occurrences(project: Project, annotator: str, span_id: int) -> Labeled:
    """Every other whole-word occurrence of the span's text takes its label (one undo step)."""
    span = own_span(project, annotator, span_id)
    text = project.document(span.document_id).text
    words = text[span.start : span.end]
    done = {(s.start, s.end) for s in project.spans(span.document_id, annotator) if s.label == span.label}
    new = [(start, end, span.label) for start, end in find_all(text, words, whole_words=True) if (start, end) not in done]
    if not new:
        return Labeled(None, NOTHING, f"Every occurrence of «{words}» is already {span.label}")
    return Labeled(None, project.add_spans(span.document_id, annotator, new))
