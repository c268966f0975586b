"""Span-level precision, recall and F1 of one annotator's spans against another's.

Format: a span is ``(start, end, label)`` in one document, or ``(document, start, end,
label)`` when spans of many documents come together; offsets are code points, end
exclusive. Spans of different documents never match. Spans are a multiset: a duplicate
needs its own partner.

Modes
    * ``exact``: same document, start, end and label.
    * ``overlap``: same document and label, and the half-open ranges intersect
      (``max(starts) < min(ends)``: spans that only touch do not overlap). Matching is one
      to one and maximal (a maximum bipartite matching per document and label), so one
      predicted span covering two reference spans is one true positive and one false
      negative. "Overlap-any" counting, where precision and recall each count their own
      side's overlapped spans, is deliberately not offered: its numbers do not come from one
      set of matches and cannot be summed over documents.

Undefined ratios are ``None`` (JSON ``null``): precision when nothing was predicted, recall
when the reference is empty, F1 when either is. If both are defined F1 is
2·tp / (2·tp + fp + fn), so 0 when there is no true positive.

Counts add up: ``PRF(...) + PRF(...)`` sums tp/fp/fn and recomputes the ratios, so results
computed per document combine into micro-averaged totals.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
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
    """Size of a maximum one-to-one matching between overlapping ranges (Kuhn's algorithm)."""
    neighbours = _overlapping(refs, preds)
    owner = [-1] * len(preds)
    return sum(_augment(ref, neighbours, owner) for ref in range(len(refs)) if neighbours[ref])


def _overlapping(refs: list[tuple[int, int]], preds: list[tuple[int, int]]) -> list[list[int]]:
    """For each reference range, the indices of the predicted ranges it intersects.

    Predictions sorted by start are scanned back from the last one starting before the
    reference's end, stopping once no earlier one reaches past its start (a running
    maximum of ends), so the cost follows the number of overlaps, not refs × preds.
    """
    order = sorted(range(len(preds)), key=lambda i: preds[i][0])
    starts = [preds[i][0] for i in order]
    reach = list(accumulate((preds[i][1] for i in order), max))
    neighbours = []
    for start, end in refs:
        found = []
        i = bisect_left(starts, end) - 1
        while i >= 0 and reach[i] > start:
            if preds[order[i]][1] > start:
                found.append(order[i])
            i -= 1
        neighbours.append(found)
    return neighbours


def _augment(root: int, neighbours: list[list[int]], owner: list[int]) -> bool:
    """Look for an augmenting path from reference ``root`` and flip it into ``owner``.

    Iterative depth-first search: ``path[k]`` is the prediction that leads from
    ``stack[k]`` to ``stack[k + 1]``, whose reference currently owns it.
    """
    seen: set[int] = set()
    stack = [(root, iter(neighbours[root]))]
    path: list[int] = []
    while stack:
        for pred in stack[-1][1]:
            if pred in seen:
                continue
            seen.add(pred)
            path.append(pred)
            if owner[pred] < 0:
                for (ref, _), taken in zip(stack, path):
                    owner[taken] = ref
                return True
            stack.append((owner[pred], iter(neighbours[owner[pred]])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False
