"""Agreement over a project: which documents, which tokens, and every measure for every pair.

``compute_agreement(project, ...)`` reads the project a document at a time
(``iter_annotations``) into ``AgreementSums`` (pure: no storage, no Qt), whose running
sums give every measure, so memory does not grow with the corpus; ``measure_agreement``
does the same for annotations a view or a test holds in memory. The result is an ``AgreementReport`` of frozen values; ``report.py``
turns it into the JSON contract and the terminal table, ``html.py`` into the HTML report.

Choices, all made here and nowhere else:
    * Annotators: the ones asked for, in that order; by default every annotator of the
      project but ``gold`` (the curator) who has a span or a status past new, in the
      project's order (someone who only looked, or a curator yet to annotate, would leave
      no document marked done by all). An unknown name is a ``NotFoundError``.
    * Documents: those two or more chosen annotators marked done (one annotator chosen:
      that one's), each with its coders, the chosen annotators who marked it done; with
      ``include_all`` every document of the project, coded by every chosen annotator
      (unannotated text then counts as agreed ``O``), in project order. Not only those
      every chosen annotator marked done: ``annotator assign`` gives each document to k
      of n annotators so that every pair shares about as many documents as every other,
      and with k < n no document is done by all. Always this rule, not only when no
      document is done by all: it gives the same documents when every one is (two
      annotators, or everyone doing everything), and a rule that switched would measure
      a whole design until one document got a third annotator, then that one document.
    * Labels: the ones asked for (each must be in the schema), by default the schema's
      entity labels. Spans of other labels (slot labels such as CUE or TRIGGER, which
      only make sense inside frames) are left out of the token and span measures; frames
      use every span. A chosen label that nobody used is still reported, with ``None``
      where a measure is undefined.
    * Tokens: the export's word tokens (``annotator.export.tokens.word_tokens``): those
      stored with a document (a CoNLL source, our JSONL), else the project tokenizer's,
      without clitic splitting. They are read through the project's token cache
      (``TokenCache``, as the export reads them), so a document is tokenized once for
      every agreement and export after it. A token takes the label of the longest
      overlapping span of that annotator, the earliest-starting on a tie, else ``O``
      (``token_labels``).

Measures:
    * Per pair, over the documents both annotators coded (``PairAgreement.documents``,
      ``tokens``): everything below but the two overall coefficients.
    * ``token_kappa`` (Cohen) per pair over its tokens, and per label one-vs-rest (a token
      is that label or not).
    * Overall, every token of every compared document a unit: ``krippendorff_alpha``
      (nominal), a token's values being those of the document's coders, so a unit coded by
      a subset of the annotators counts as Krippendorff defines it (what
      ``krippendorff.alpha`` gives with NaN where a coder gave no value); ``fleiss_kappa``,
      which needs as many raters on every unit (not the same ones), when every compared
      document has as many coders (``None`` when they differ: ``AgreementReport.uneven``).
      With every document coded by all chosen annotators both are what they always were.
    * Spans per pair, ``a`` as reference and ``b`` as prediction (so precision is the share
      of b's spans that a also has): exact (same start, end, label) and overlap (same label,
      overlapping, one to one), micro-averaged and per label.
    * Frames per pair and frame type: frames match one to one when their anchor spans
      (the type's ``anchor`` slot, CUE or TRIGGER) overlap; a frame without an anchor
      matches nothing. Over the matched pairs: slot-filler P/R/F1 per slot but the anchor
      (fillers match when they overlap; a frame filler stands for its own anchor span), and
      per attribute the number of pairs where both have a value, the share of those that
      are equal, and Krippendorff's alpha (interval) for ``int`` attributes (the casualty
      counts) or Cohen's kappa for the others (the outcome).
Undefined values are ``None`` (JSON null), never NaN: kappa when both annotators used one
and the same label everywhere, P/R/F1 when a side is empty, everything over no documents.

Progress: ``progress(done, total, message)`` after each document is read;
``should_cancel()`` is asked before each and stops the work with ``Cancelled``. The only
write is to the token cache (derived from the texts: nothing a view shows changes), once
per batch of ``BATCH`` documents whose tokens it lacked; a GUI runs ``compute_agreement``
on a job's own connection.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

from annotator.agreement.measures import (
    cohen_kappa,
    cohen_kappa_table,
    fleiss_kappa_sums,
    krippendorff_alpha,
    krippendorff_alpha_pairs,
    value_pairs,
)
from annotator.agreement.spans import PRF, overlap_pairs, per_label_prf
from annotator.agreement.tokens import token_labels
from annotator.conventions import convention_start
from annotator.errors import NotFoundError, ValidationError
from annotator.evidence import project_segmenter
from annotator.export import BATCH
from annotator.export.tokens import TokenCache
from annotator.frames.counts import takes_counts
from annotator.model import GOLD, DocumentId, Frame, Span
from annotator.project import Project
from annotator.schema import FrameType, Schema
from annotator.progress import Cancelled, Progress, ShouldCancel
from annotator.text.segment import Segmenter

OUTSIDE = "O"
"""The label of a token no span covers."""
MISSING = -1
"""The code of a token of a document an annotator did not code (``token_table``)."""



# --- choosing what to compare ------------------------------------------------------


def choose_annotators(project: Project, annotators: Iterable[str] | None = None) -> tuple[str, ...]:
    """The annotators asked for (checked, duplicates dropped), or all but ``gold`` who have
    annotated anything (``Project.annotators_at_work``)."""
    if annotators is None:
        return tuple(name for name in project.annotators_at_work() if name != GOLD)
    known = project.annotators()
    chosen = tuple(dict.fromkeys(name.strip() for name in annotators if name.strip()))
    for name in chosen:
        if name not in known:
            raise NotFoundError(f"no annotator named {name!r} in this project (annotators: {', '.join(known) or 'none'})")
    return chosen


def choose_labels(schema: Schema, labels: Iterable[str] | None = None) -> tuple[str, ...]:
    """The labels asked for (each in the schema), or the schema's entity labels."""
    if labels is None:
        return tuple(label.name for label in schema.entity_labels if label.name != OUTSIDE)
    chosen = tuple(dict.fromkeys(name.strip() for name in labels if name.strip()))
    for name in chosen:
        if not schema.has_label(name):
            raise ValidationError(f"label {name!r} is not in the schema")
        if name == OUTSIDE:
            raise ValidationError(f"label {OUTSIDE!r} stands for 'no span' in agreement and cannot be compared")
    return chosen


def agreement_documents(
    project: Project, annotators: Sequence[str], *, include_all: bool = False
) -> dict[DocumentId, tuple[str, ...]]:
    """The documents compared, in project order, each with its coders (module docstring):
    those two or more of ``annotators`` marked done (one annotator: that one's), or every
    document, coded by all, with ``include_all``."""
    ids = project.document_ids()
    if include_all:
        return {document_id: tuple(annotators) for document_id in ids}
    done = {name: project.documents_done_by(name) for name in annotators}
    coders = {document_id: tuple(name for name in annotators if document_id in done[name]) for document_id in ids}
    enough = min(2, len(annotators))
    return {document_id: names for document_id, names in coders.items() if names and len(names) >= enough}


# --- what is measured --------------------------------------------------------------


@dataclass(frozen=True)
class DocumentAnnotations:
    """One document's tokens and the spans and frames of each of its coders: the chosen
    annotators who coded it (an annotator missing from ``spans`` gave it no value)."""

    document_id: str
    tokens: Sequence[tuple[int, int]]
    spans: Mapping[str, Sequence[Span]]
    frames: Mapping[str, Sequence[Frame]]


def iter_annotations(
    project: Project,
    document_ids: Sequence[str],
    annotators: Sequence[str],
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    ignore_proclitics: bool = False,
    coders: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[DocumentAnnotations]:
    """Read tokens (through the token cache, adding what it lacks), spans and frames of
    ``annotators`` on each document, one document at a time; with ``coders`` (a document's
    coders, ``agreement_documents``) only of those. With ``ignore_proclitics``
    every span starts past its first word's proclitics (``conventions``, outside), so
    boundaries that differ only by a proclitic agree."""
    cache = TokenCache(project)
    segmenter = project_segmenter(project) if ignore_proclitics else None
    for begin in range(0, len(document_ids), BATCH):
        batch = document_ids[begin : begin + BATCH]
        cache.load(batch)
        for done, document_id in enumerate(batch, begin + 1):
            if should_cancel is not None and should_cancel():
                raise Cancelled("agreement computation cancelled")
            document = project.document(document_id)
            tokens = cache.get(document)
            names = annotators if coders is None else coders[document_id]
            spans = {name: project.spans(document_id, name) for name in names}
            if segmenter is not None:
                spans = {name: [_outside(segmenter, document.text, span) for span in found] for name, found in spans.items()}
            yield DocumentAnnotations(
                document_id,
                list(zip(tokens.starts, tokens.ends)),
                spans,
                {name: project.frames(document_id, name) for name in names},
            )
            if progress is not None:
                progress(done, len(document_ids), document_id)
        cache.save()


def _outside(segmenter: Segmenter, text: str, span: Span) -> Span:
    start = convention_start(segmenter, text, span.start, span.end, "outside")
    return span if start == span.start else replace(span, start=start)


def load_annotations(
    project: Project,
    document_ids: Sequence[str],
    annotators: Sequence[str],
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> list[DocumentAnnotations]:
    """``iter_annotations`` held in a list, for few documents (a view's, a test's)."""
    return list(iter_annotations(project, document_ids, annotators, progress=progress, should_cancel=should_cancel))


# --- results -----------------------------------------------------------------------


@dataclass(frozen=True)
class LabelAgreement:
    """One label of one pair: token kappa one-vs-rest and span P/R/F1 of that label."""

    token_kappa: float | None
    span_exact: PRF
    span_overlap: PRF


@dataclass(frozen=True)
class AttributeAgreement:
    """One frame attribute over the matched frames of a pair.

    ``coefficient`` is Krippendorff's alpha (interval) when ``level`` is "interval", else
    Cohen's kappa; ``agreement`` is the share of equal values where both gave one.
    """

    level: str
    pairs: int
    agreement: float | None
    coefficient: float | None


@dataclass(frozen=True)
class CountAgreement:
    """A claim's count as an interval over the matched frames where either side gave one."""

    pairs: int
    interval_agreement: float | None
    """The share of those pairs whose (count_min, count_max) are equal, open bounds included."""


@dataclass(frozen=True)
class FrameAgreement:
    """One frame type of one pair: frames matched by overlapping anchors, then their slots."""

    frames_a: int
    frames_b: int
    matching: PRF
    slots: Mapping[str, PRF]
    """Per slot, fillers matched by overlap."""
    attributes: Mapping[str, AttributeAgreement]
    slots_exact: Mapping[str, PRF]
    """Per slot, fillers matched only with the same start and end."""
    counts: CountAgreement | None = None
    """For a type whose counts follow COUNT (``annotator.frames.counts``)."""


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    token_kappa: float | None
    span_exact: PRF
    span_overlap: PRF
    per_label: Mapping[str, LabelAgreement]
    confusion: tuple[tuple[int, ...], ...]
    """Token counts, rows a's label, columns b's, over ``AgreementReport.token_values``."""
    frames: Mapping[str, FrameAgreement]
    documents: int
    """The compared documents both coded: every measure of the pair is over these."""
    tokens: int


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    document_ids: tuple[str, ...]
    tokens: int
    pairs: tuple[PairAgreement, ...]
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    proclitics: str = "compared"
    """``ignored`` when boundaries differing only by a proclitic counted as agreement."""
    document_coders: tuple[tuple[str, ...], ...] = ()
    """Each compared document's coders, in the order of ``document_ids``."""

    @property
    def coder_counts(self) -> dict[int, int]:
        """How many compared documents had each number of coders, fewest coders first."""
        counts = Counter(len(names) for names in self.document_coders)
        return dict(sorted(counts.items()))

    @property
    def uneven(self) -> bool:
        """Whether compared documents had different numbers of coders (Fleiss' κ is then undefined)."""
        return len(self.coder_counts) > 1

    def coders_of(self, document_id: str) -> tuple[str, ...]:
        """The annotators a compared document was measured between."""
        try:
            return self.document_coders[self.document_ids.index(document_id)]
        except ValueError:
            raise NotFoundError(f"document {document_id!r} is not among those this agreement report compared") from None

    @property
    def token_values(self) -> tuple[str, ...]:
        """The labels a token can take, in the order of the confusion matrices: labels, then O."""
        return self.labels + (OUTSIDE,)

    def pair(self, a: str, b: str) -> PairAgreement:
        for pair in self.pairs:
            if (pair.a, pair.b) == (a, b):
                return pair
        raise NotFoundError(f"no pair {a} / {b} in this agreement report")


# --- measuring ---------------------------------------------------------------------


def compute_agreement(
    project: Project,
    annotators: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    *,
    include_all: bool = False,
    ignore_proclitics: bool = False,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> AgreementReport:
    """Every measure of the module docstring over the project's chosen documents, read
    and added up one document at a time (``AgreementSums``)."""
    names = choose_annotators(project, annotators)
    chosen = choose_labels(project.schema, labels)
    coders = agreement_documents(project, names, include_all=include_all)
    sums = AgreementSums(names, chosen, project.schema.frames)
    for document in iter_annotations(project, list(coders), names, progress=progress, should_cancel=should_cancel,
                                     ignore_proclitics=ignore_proclitics, coders=coders):
        sums.add(document)
    report = sums.report()
    return replace(report, proclitics="ignored") if ignore_proclitics else report


def token_table(documents: Sequence[DocumentAnnotations], annotators: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Annotators × tokens array of label codes: ``i`` is ``labels[i]``, ``len(labels)`` is O,
    ``MISSING`` where an annotator did not code the document."""
    tokens = sum(len(document.tokens) for document in documents)
    if not annotators or not documents:
        return np.zeros((len(annotators), tokens), dtype=np.int64)
    return np.concatenate([_token_codes(document, annotators, labels) for document in documents], axis=1)


def _token_codes(document: DocumentAnnotations, annotators: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """``token_table`` of one document."""
    code = {label: i for i, label in enumerate(labels)}
    code[OUTSIDE] = len(labels)
    rows = []
    for name in annotators:
        if name not in document.spans:
            rows.append(np.full(len(document.tokens), MISSING, dtype=np.int64))
            continue
        spans = [(s.start, s.end, s.label) for s in document.spans[name] if s.label in code and s.label != OUTSIDE]
        assigned = token_labels(document.tokens, spans, OUTSIDE)
        rows.append(np.fromiter(map(code.__getitem__, assigned), dtype=np.int64, count=len(assigned)))
    return np.stack(rows) if rows else np.zeros((0, len(document.tokens)), dtype=np.int64)


def measure_agreement(
    documents: Iterable[DocumentAnnotations],
    annotators: Sequence[str],
    labels: Sequence[str],
    frame_types: Sequence[FrameType] = (),
) -> AgreementReport:
    """The ``AgreementReport`` of annotations already read."""
    sums = AgreementSums(annotators, labels, frame_types)
    for document in documents:
        sums.add(document)
    return sums.report()


class AgreementSums:
    """The running sums every measure is computed from, added to document by document, so
    that agreement over a corpus holds one document's tokens and spans at a time.

    Token measures keep integer tables that add up over documents (per pair the label
    confusion, for Fleiss the category totals and squared counts, for Krippendorff the
    value pairs), span measures per-label ``PRF`` counts; frames keep the documents that
    have any (few, and small without their tokens). The results are those of the tables
    of all tokens at once, to the last bit: the same integers reach the same formulas.
    A pair adds only the documents both coded (``DocumentAnnotations``); the overall
    coefficients take every coder's values and leave out the annotators who did not code.
    """

    def __init__(self, annotators: Sequence[str], labels: Sequence[str], frame_types: Sequence[FrameType] = ()):
        self.annotators, self.labels, self.frame_types = tuple(annotators), tuple(labels), tuple(frame_types)
        values = len(labels) + 1
        self._pairs = list(combinations(range(len(annotators)), 2))
        self._confusion = np.zeros((len(self._pairs), values, values), dtype=np.int64)
        self._category_totals = np.zeros(values, dtype=np.int64)
        self._squares = 0
        self._value_pairs = np.zeros((max(len(annotators) - 1, 0), values, values), dtype=np.int64)
        self._occurs = np.zeros(values, dtype=bool)
        empty = PRF(0, 0, 0)
        self._spans = [(defaultdict(lambda: empty), defaultdict(lambda: empty)) for _ in self._pairs]
        self._framed: list[DocumentAnnotations] = []
        self._pair_documents = np.zeros(len(self._pairs), dtype=np.int64)
        self._pair_tokens = np.zeros(len(self._pairs), dtype=np.int64)
        self.document_ids: list[str] = []
        self.document_coders: list[tuple[str, ...]] = []
        self.tokens = 0

    def add(self, document: DocumentAnnotations) -> None:
        """Add one document's tokens, spans and frames to the sums."""
        values = len(self.labels) + 1
        codes = _token_codes(document, self.annotators, self.labels)
        coders = tuple(name for name in self.annotators if name in document.spans)
        self.document_ids.append(document.document_id)
        self.document_coders.append(coders)
        self.tokens += codes.shape[1]
        chosen = set(self.labels)
        spans = {name: [(s.start, s.end, s.label) for s in document.spans[name] if s.label in chosen] for name in coders}
        for pair, (i, j) in enumerate(self._pairs):
            a, b = self.annotators[i], self.annotators[j]
            if a not in spans or b not in spans:
                continue
            self._pair_documents[pair] += 1
            self._pair_tokens[pair] += codes.shape[1]
            self._confusion[pair] += np.bincount(codes[i] * values + codes[j], minlength=values * values).reshape(values, values)
            for mode, totals in zip(("exact", "overlap"), self._spans[pair]):
                for label, found in per_label_prf(spans[a], spans[b], mode=mode).items():
                    totals[label] += found
        given = codes[[self.annotators.index(name) for name in coders]]
        units = np.arange(given.shape[1], dtype=np.int64)[None, :] * values
        counts = np.bincount((units + given).ravel(), minlength=given.shape[1] * values).reshape(-1, values)
        self._category_totals += counts.sum(axis=0)
        self._squares += int((counts**2).sum())
        if len(self.annotators) >= 2:
            self._value_pairs += value_pairs(codes, values)
        self._occurs |= np.bincount(given.ravel(), minlength=values) > 0
        if any(document.frames[name] for name in coders):
            self._framed.append(DocumentAnnotations(document.document_id, (), document.spans, document.frames))

    def report(self) -> AgreementReport:
        """The measures of every document added so far."""
        several = len(self.annotators) >= 2
        used = np.flatnonzero(self._occurs)
        alpha_pairs = self._value_pairs[:, used][:, :, used]
        raters = {len(coders) for coders in self.document_coders}
        even = several and len(raters) == 1
        return AgreementReport(
            annotators=self.annotators,
            labels=self.labels,
            document_ids=tuple(self.document_ids),
            tokens=self.tokens,
            pairs=tuple(self._pair(pair) for pair in range(len(self._pairs))),
            fleiss_kappa=fleiss_kappa_sums(self.tokens, raters.pop(), self._category_totals, self._squares) if even else None,
            krippendorff_alpha=krippendorff_alpha_pairs(alpha_pairs, used.tolist()) if several else None,
            document_coders=tuple(self.document_coders),
        )

    def _pair(self, pair: int) -> PairAgreement:
        i, j = self._pairs[pair]
        a, b = self.annotators[i], self.annotators[j]
        confusion = self._confusion[pair]
        exact, overlap = self._spans[pair]
        empty = PRF(0, 0, 0)
        per_label = {
            label: LabelAgreement(
                token_kappa=cohen_kappa_table(_one_against_rest(confusion, k)),
                span_exact=exact.get(label, empty),
                span_overlap=overlap.get(label, empty),
            )
            for k, label in enumerate(self.labels)
        }
        types = {frame_type.name: frame_type for frame_type in self.frame_types}
        framed = [document for document in self._framed if a in document.frames and b in document.frames]
        return PairAgreement(
            a=a,
            b=b,
            token_kappa=cohen_kappa_table(confusion),
            span_exact=sum(exact.values(), empty),
            span_overlap=sum(overlap.values(), empty),
            per_label=per_label,
            confusion=tuple(tuple(int(n) for n in row) for row in confusion),
            frames={frame_type.name: _frames(framed, frame_type, a, b, types) for frame_type in self.frame_types},
            documents=int(self._pair_documents[pair]),
            tokens=int(self._pair_tokens[pair]),
        )


def _one_against_rest(confusion: np.ndarray, k: int) -> np.ndarray:
    """The 2 × 2 confusion of "label ``k`` or not" (0 not, 1 is) from the full one."""
    both = int(confusion[k, k])
    first, second, total = int(confusion[k].sum()), int(confusion[:, k].sum()), int(confusion.sum())
    return np.array([[total - first - second + both, second - both], [first - both, both]], dtype=np.int64)


# --- frames ------------------------------------------------------------------------

_NO_RANGE = (0, 0)
"""The range of a frame without an anchor: empty, so it overlaps nothing."""
STAND_IN_SLOT = "SPEAKER"
"""The slot whose span stands for a frame where it fills another frame's slot (a quote's
speaker, as the JSON records show it); without one, the frame's anchor stands for it."""


class _Ranges:
    """Where the fillers of one annotator's frames in one document lie."""

    def __init__(self, document: DocumentAnnotations, name: str, frame_types: Mapping[str, FrameType]):
        self._spans = {span.id: (span.start, span.end) for span in document.spans[name]}
        self.frames = {frame.id: frame for frame in document.frames[name]}
        self._types = frame_types

    def _first(self, frame: Frame, slot: str | None) -> tuple[int, int] | None:
        fillers = frame.filler_spans(slot) if slot else []
        return self._spans.get(fillers[0], _NO_RANGE) if fillers else None

    def anchor(self, frame: Frame) -> tuple[int, int]:
        anchor_slot = self._types[frame.type].anchor if frame.type in self._types else None
        return self._first(frame, anchor_slot) or _NO_RANGE

    def stand_in(self, frame: Frame) -> tuple[int, int]:
        """What a frame is compared as where it fills a slot: its SPEAKER, else its anchor."""
        return self._first(frame, STAND_IN_SLOT) or self.anchor(frame)

    def of_type(self, frame_type: str) -> list[Frame]:
        return [frame for frame in self.frames.values() if frame.type == frame_type]

    def fillers(self, frame: Frame, slot: str, partners: Mapping[int, tuple[int, int]]) -> list[tuple[int, int]]:
        """The ranges filling ``slot``; a frame filler is its partner's stand-in when the frame
        matched one on the other side (``partners``), else its own."""
        ranges = []
        for filler in frame.fillers:
            if filler.slot != slot:
                continue
            if filler.span_id is not None:
                ranges.append(self._spans.get(filler.span_id, _NO_RANGE))
            elif filler.frame_id in self.frames:
                ranges.append(partners.get(filler.frame_id) or self.stand_in(self.frames[filler.frame_id]))
        return ranges


def _partners(ranges_a: _Ranges, ranges_b: _Ranges, frame_types: Iterable[str]) -> dict[int, tuple[int, int]]:
    """b's frames of these types (the ones that fill slots: quotes) that match one of a's by
    their anchors, each mapped to that frame's stand-in, so a SOURCE quote matches the other
    side's SOURCE when the two quotes match, as the quotations' own agreement matches them."""
    partners = {}
    for frame_type in frame_types:
        frames_a, frames_b = ranges_a.of_type(frame_type), ranges_b.of_type(frame_type)
        for x, y in overlap_pairs([ranges_a.anchor(f) for f in frames_a], [ranges_b.anchor(f) for f in frames_b]):
            partners[frames_b[y].id] = ranges_a.stand_in(frames_a[x])
    return partners


def _frames(
    documents: Sequence[DocumentAnnotations], frame_type: FrameType, a: str, b: str, frame_types: Mapping[str, FrameType]
) -> FrameAgreement:
    slots = [slot.name for slot in frame_type.slots if slot.name != frame_type.anchor]
    filler_types = {name for slot in frame_type.slots for name in slot.frames}
    fillers: tuple[list[Any], list[Any]] = ([], [])
    values: dict[str, tuple[list[Any], list[Any]]] = {attribute.name: ([], []) for attribute in frame_type.attributes}
    count_a = count_b = matched = 0
    for document in documents:
        ranges_a, ranges_b = _Ranges(document, a, frame_types), _Ranges(document, b, frame_types)
        frames_a, frames_b = ranges_a.of_type(frame_type.name), ranges_b.of_type(frame_type.name)
        partners = _partners(ranges_a, ranges_b, filler_types)
        count_a += len(frames_a)
        count_b += len(frames_b)
        for x, y in overlap_pairs([ranges_a.anchor(f) for f in frames_a], [ranges_b.anchor(f) for f in frames_b]):
            key = (document.document_id, matched)
            matched += 1
            for slot in slots:
                fillers[0].extend((key, *r, slot) for r in ranges_a.fillers(frames_a[x], slot, {}))
                fillers[1].extend((key, *r, slot) for r in ranges_b.fillers(frames_b[y], slot, partners))
            for name, (left, right) in values.items():
                left.append(frames_a[x].attributes.get(name))
                right.append(frames_b[y].attributes.get(name))
    overlapping = per_label_prf(fillers[0], fillers[1], mode="overlap")
    exact = per_label_prf(fillers[0], fillers[1], mode="exact")
    counted = takes_counts(frame_type)
    return FrameAgreement(
        frames_a=count_a,
        frames_b=count_b,
        matching=PRF(matched, count_b - matched, count_a - matched),
        slots={slot: overlapping.get(slot, PRF(0, 0, 0)) for slot in slots},
        slots_exact={slot: exact.get(slot, PRF(0, 0, 0)) for slot in slots},
        attributes={
            attribute.name: (
                _count_bound(attribute.name, values)
                if counted and attribute.name in COUNT_BOUNDS
                else _attribute(attribute.type == "int", *values[attribute.name])
            )
            for attribute in frame_type.attributes
        },
        counts=_counts(values) if counted else None,
    )


def _attribute(interval: bool, left: list[Any], right: list[Any]) -> AttributeAgreement:
    both = [(x, y) for x, y in zip(left, right) if x is not None and y is not None]
    agreement = sum(x == y for x, y in both) / len(both) if both else None
    if interval:
        return AttributeAgreement("interval", len(both), agreement, krippendorff_alpha([left, right], "interval"))
    return AttributeAgreement("nominal", len(both), agreement, cohen_kappa(left, right))


COUNT_BOUNDS = ("count_min", "count_max")


def _counted(values: Mapping[str, tuple[list[Any], list[Any]]]) -> list[int]:
    """The matched pairs where at least one side gave a count (a bound): the ones compared."""
    (min_a, min_b), (max_a, max_b) = values["count_min"], values["count_max"]
    return [i for i, bounds in enumerate(zip(min_a, min_b, max_a, max_b)) if any(v is not None for v in bounds)]


def _counts(values: Mapping[str, tuple[list[Any], list[Any]]]) -> CountAgreement:
    """Exact interval agreement: the share of compared pairs whose (min, max) are equal, an
    open bound equal only to an open bound ("at least 2" is not "exactly 2")."""
    (min_a, min_b), (max_a, max_b) = values["count_min"], values["count_max"]
    compared = _counted(values)
    same = sum((min_a[i], max_a[i]) == (min_b[i], max_b[i]) for i in compared)
    return CountAgreement(len(compared), same / len(compared) if compared else None)


def _count_bound(name: str, values: Mapping[str, tuple[list[Any], list[Any]]]) -> AttributeAgreement:
    """A count bound over the compared pairs: an open bound (None) is a value of its own, equal
    only to an open bound. For alpha (interval) it is coded off the scale of the finite
    bounds, one range beyond them (above every maximum, below every minimum), so it is
    farther from any number than the numbers are from each other."""
    left, right = values[name]
    compared = _counted(values)
    pairs = [(left[i], right[i]) for i in compared]
    finite = [v for pair in pairs for v in pair if v is not None]
    if finite:
        low, high = min(finite), max(finite)
        open_code = high + (high - low) + 1 if name == "count_max" else low - (high - low) - 1
    else:
        open_code = 0
    coded = [[open_code if v is None else v for v in side] for side in zip(*pairs)] if pairs else [[], []]
    agreement = sum(x == y for x, y in pairs) / len(pairs) if pairs else None
    return AttributeAgreement("interval", len(pairs), agreement, krippendorff_alpha(coded, "interval") if pairs else None)
