"""Giving documents to annotators (``annotator assign``): each document to k of them,
balanced, with the overlap agreement needs.

Balanced means two things. Every annotator gets the same number of documents, give or
take one. And every pair of annotators shares about as many documents as every other
pair, so that agreement can be measured for each pair (a pair that never shares a
document has no agreement at all). A greedy choice does both: for each document, in an
order shuffled by the seed, take the annotator with the fewest documents so far, then
add those who have fewest documents and, among them, share fewest with the ones already
chosen; ties go by the seeded order, so the same seed gives the same plan.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Mapping, Sequence

from annotator.errors import ValidationError


@dataclass(frozen=True)
class AssignmentPlan:
    """Which annotators each document goes to, with the figures that show its balance."""

    documents: Mapping[str, tuple[str, ...]]
    annotators: tuple[str, ...]

    def load(self) -> dict[str, int]:
        """Documents per annotator."""
        counts = Counter(name for names in self.documents.values() for name in names)
        return {name: counts[name] for name in self.annotators}

    def overlaps(self) -> dict[tuple[str, str], int]:
        """Documents each pair of annotators shares."""
        shared = Counter(pair for names in self.documents.values() for pair in combinations(sorted(names), 2))
        return {pair: shared[pair] for pair in combinations(sorted(self.annotators), 2)}


def parse_annotators(value: str) -> tuple[str, ...]:
    """``a,b,c`` as the names it lists; a repeated or empty name is refused."""
    names = tuple(name.strip() for name in value.split(","))
    if any(not name for name in names):
        raise ValidationError(f"--annotators {value!r}: an empty name (names are separated by commas)")
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        raise ValidationError(f"--annotators {value!r}: {repeated[0]} is named twice")
    return names


def plan_assignment(document_ids: Sequence[str], annotators: Sequence[str], per_document: int, seed: int = 0) -> AssignmentPlan:
    """Give each document to ``per_document`` of ``annotators`` (see the module docstring)."""
    if not annotators:
        raise ValidationError("no annotators to assign to")
    if not 1 <= per_document <= len(annotators):
        raise ValidationError(f"--per-document {per_document} must be between 1 and the {len(annotators)} annotators named")
    if not document_ids:
        raise ValidationError("no documents to assign")
    chance = random.Random(seed)
    order = list(annotators)
    chance.shuffle(order)
    rank = {name: i for i, name in enumerate(order)}
    documents = list(document_ids)
    chance.shuffle(documents)
    load: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    chosen_for: dict[str, tuple[str, ...]] = {}
    for document_id in documents:
        chosen: list[str] = []
        while len(chosen) < per_document:
            best = min(
                (name for name in annotators if name not in chosen),
                key=lambda name: (load[name], sum(shared[tuple(sorted((name, other)))] for other in chosen), rank[name]),
            )
            chosen.append(best)
        for name in chosen:
            load[name] += 1
        for pair in combinations(sorted(chosen), 2):
            shared[pair] += 1
        rank = {name: (i + 1) % len(order) for name, i in rank.items()}  # rotate ties so no one is always first
        chosen_for[document_id] = tuple(sorted(chosen, key=list(annotators).index))
    return AssignmentPlan({d: chosen_for[d] for d in document_ids}, tuple(annotators))
