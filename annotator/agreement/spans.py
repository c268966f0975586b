"""Span-level precision, recall and F1 of one annotator's spans against another's.

Format: a span is ``(start, end, label)`` in one document, or ``(document, start, end,
label)`` when spans of many documents come together; offsets are code points, end
exclusive. Spans of different documents never match. Spans are a multiset: a duplicate
needs its own partner.

Modes
    * ``exact``: same document, start, end and label.
    * ``overlap``: same document and label, and the half-open ranges intersect
      (``max(starts) < min(ends)``: spans that only touch do not overlap, an empty span
      overlaps nothing). Matching is one to one and maximum (a maximum bipartite matching
      per document and label, found exactly by a sweep over span ends, see
      ``overlap_pairs``), so one predicted span covering two reference spans is one
      true positive and one false negative. "Overlap-any" counting, where precision and recall each count their own
      side's overlapped spans, is deliberately not offered: its numbers do not come from one
      set of matches and cannot be summed over documents.

Undefined ratios are ``None`` (JSON ``null``): precision when nothing was predicted, recall
when the reference is empty, F1 when either is. If both are defined F1 is
2·tp / (2·tp + fp + fn), so 0 when there is no true positive.

Counts add up: ``PRF(...) + PRF(...)`` sums tp/fp/fn and recomputes the ratios, so results
computed per document combine into micro-averaged totals.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from heapq import heappop, heappush
from operator import itemgetter
from typing import Hashable, Iterable, Literal

Mode = Literal["exact", "overlap"]
SpanTuple = tuple[int, int, str] | tuple[Hashable, int, int, str]


@dataclass(frozen=True)
class PRF:
    """True positive, false positive and false negative counts with the ratios they give."""

    tp: int
    fp: int
    fn: int
    precision: float | None = field(init=False)
    recall: float | None = field(init=False)
    f1: float | None = field(init=False)

    def __post_init__(self) -> None:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = None if precision is None or recall is None else 2 * self.tp / (2 * self.tp + self.fp + self.fn)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "recall", recall)
        object.__setattr__(self, "f1", f1)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def span_prf(reference: Iterable[SpanTuple], predicted: Iterable[SpanTuple], *, mode: Mode) -> PRF:
    """Micro-averaged precision, recall and F1 of ``predicted`` against ``reference``."""
    return sum(per_label_prf(reference, predicted, mode=mode).values(), PRF(0, 0, 0))


def per_label_prf(reference: Iterable[SpanTuple], predicted: Iterable[SpanTuple], *, mode: Mode) -> dict[str, PRF]:
    """``PRF`` for each label found on either side, in sorted label order."""
    if mode not in ("exact", "overlap"):
        raise ValueError(f"span matching mode must be 'exact' or 'overlap', not {mode!r}")
    references, predictions = _by_document_and_label(reference), _by_document_and_label(predicted)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for key in references.keys() | predictions.keys():
        refs, preds = references.get(key, []), predictions.get(key, [])
        matched = _exact_matches(refs, preds) if mode == "exact" else _overlap_matches(refs, preds)
        total = counts[key[1]]
        total[0] += matched
        total[1] += len(preds) - matched
        total[2] += len(refs) - matched
    return {label: PRF(*counts[label]) for label in sorted(counts)}


def _by_document_and_label(spans: Iterable[SpanTuple]) -> dict[tuple[Hashable, str], list[tuple[int, int]]]:
    grouped: dict[tuple[Hashable, str], list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        if len(span) == 3:
            document, (start, end, label) = None, span
        elif len(span) == 4:
            document, start, end, label = span
        else:
            raise ValueError(f"a span is (start, end, label) or (document, start, end, label), not {span!r}")
        grouped[document, label].append((start, end))
    return grouped


def _exact_matches(refs: list[tuple[int, int]], preds: list[tuple[int, int]]) -> int:
    return sum((Counter(refs) & Counter(preds)).values())


def _overlap_matches(refs: list[tuple[int, int]], preds: list[tuple[int, int]]) -> int:
    return len(overlap_pairs(refs, preds))


def overlap_pairs(refs: list[tuple[int, int]], preds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching between intersecting ranges of the two sides, as
    ``(index in refs, index in preds)`` pairs (frame agreement needs the pairs themselves).

    Two ranges intersect when they share a code point, ``max(starts) < min(ends)``; an
    empty range intersects nothing.

    Ranges are taken in order of end; a range still unmatched when its turn comes is paired
    with the unmatched range of the other side that intersects it and ends first. This is
    exact for ranges (unlike pairing by overlap size): let x end first among the unmatched
    and y end first among x's partners. In a maximum matching where x has y' and y has z,
    z also intersects y' (z starts before y ends, y ends no later than y', and y' starts
    before x ends, x ends no later than z), so (x, y), (z, y') is as large; the other cases
    are a plain swap. An unmatched range that has had its turn intersects no later one.
    O(n log n) for n ranges, whatever their nesting.
    """
    ranges = [
        (start, end, side, i)
        for side, spans in enumerate((refs, preds))
        for i, (start, end) in enumerate(spans)
        if start < end
    ]
    by_start = sorted(ranges)
    matched = (bytearray(len(refs)), bytearray(len(preds)))
    # Per side, a heap by end of the ranges that start before the current range ends.
    waiting: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    pushed = 0
    pairs: list[tuple[int, int]] = []
    for start, end, side, i in sorted(ranges, key=itemgetter(1)):
        while pushed < len(by_start) and by_start[pushed][0] < end:
            _, other_end, other_side, j = by_start[pushed]
            heappush(waiting[other_side], (other_end, j))
            pushed += 1
        if matched[side][i]:
            continue
        other, heap = 1 - side, waiting[1 - side]
        while heap and (matched[other][heap[0][1]] or heap[0][0] <= start):
            heappop(heap)  # taken, or ended before this range starts: its turn passed unmatched
        if heap:
            j = heappop(heap)[1]
            matched[other][j] = 1
            matched[side][i] = 1
            pairs.append((i, j) if side == 0 else (j, i))
    return pairs
