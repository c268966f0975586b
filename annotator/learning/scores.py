"""Precision, recall and F1 of predicted entity spans against reference spans.

A prediction counts only when its start, end and label are exactly a reference's (as
spaCy's and seqeval's entity scores count). Per label and overall (micro-averaged); a
measure with nothing to divide by is 0.0, as spaCy's scorer reports it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

Entity = tuple[int, int, str]
"""``(start, end, label)`` in code points."""


@dataclass(frozen=True)
class Score:
    p: float
    r: float
    f1: float

    def to_json(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4)}


def _score(found: int, predicted: int, reference: int) -> Score:
    p = found / predicted if predicted else 0.0
    r = found / reference if reference else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def entity_scores(pairs: Iterable[tuple[Iterable[Entity], Iterable[Entity]]]) -> tuple[dict[str, Score], Score]:
    """Per-label and overall scores of ``(predicted, reference)`` entity sets, one pair a document."""
    found, predicted, reference = Counter[str](), Counter[str](), Counter[str]()
    for guesses, truths in pairs:
        guessed, true = set(guesses), set(truths)
        found.update(label for _, _, label in guessed & true)
        predicted.update(label for _, _, label in guessed)
        reference.update(label for _, _, label in true)
    labels = sorted(set(predicted) | set(reference))
    per_label = {label: _score(found[label], predicted[label], reference[label]) for label in labels}
    overall = _score(sum(found.values()), sum(predicted.values()), sum(reference.values()))
    return per_label, overall
