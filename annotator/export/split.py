"""Train/dev/test splits by document, deterministic for a seed.

A split is written ``train=0.8,dev=0.1,test=0.1``: part names (letters, digits, ``_``
and ``-``, so they can go into file names) with fractions above 0 that sum to 1.

Documents, never sentences, are split, so no article leaks into two parts. The
selected document ids are sorted, shuffled with ``random.Random(seed)`` and cut in
order into parts of ``round(n * fraction)`` documents (largest remainders, earlier
parts first on a tie), so the sizes always sum to ``n``. The same documents and seed
give the same parts on every run and machine (``random`` with an integer seed is
reproducible); the project's order of the documents changes nothing.

Each part is written to its own file, named after ``--out``: ``corpus.conll`` gives
``corpus.train.conll``, ``corpus.dev.conll``...
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import ValidationError

Split = tuple[tuple[str, float], ...]
"""``(part name, fraction)`` pairs, in the order given."""

_NAME = re.compile(r"[A-Za-z0-9_-]+")
_TOLERANCE = 1e-6


def parse_split(spec: str) -> Split:
    """Read ``train=0.8,dev=0.1,test=0.1``; a bad spec raises a one-line ``ValidationError``."""
    parts = []
    for item in spec.split(","):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise ValidationError(f"split part {item.strip()!r} is not of the form NAME=FRACTION (train=0.8)")
        try:
            fraction = float(value)
        except ValueError:
            raise ValidationError(f"split part {name!r}: {value!r} is not a number") from None
        parts.append((name, fraction))
    return check_split(parts)


def check_split(parts: Sequence[tuple[str, float]]) -> Split:
    """Validate names and fractions; returns the split as a tuple."""
    if len(parts) < 2:
        raise ValidationError("a split needs at least two parts (train=0.8,test=0.2)")
    names = [name for name, _ in parts]
    for name, fraction in parts:
        if not _NAME.fullmatch(name):
            raise ValidationError(f"split part name {name!r} may hold only letters, digits, '_' and '-'")
        if not (math.isfinite(fraction) and 0 < fraction <= 1):
            raise ValidationError(f"split part {name!r}: fraction {fraction} must be above 0 and at most 1")
    duplicate = next((name for name in names if names.count(name) > 1), None)
    if duplicate is not None:
        raise ValidationError(f"split part {duplicate!r} is named twice")
    total = sum(fraction for _, fraction in parts)
    if abs(total - 1) > _TOLERANCE:
        raise ValidationError(f"split fractions sum to {total:g}, not 1")
    return tuple((name, float(fraction)) for name, fraction in parts)


def part_sizes(count: int, split: Split) -> list[int]:
    """How many of ``count`` documents each part gets (largest remainders)."""
    exact = [count * fraction for _, fraction in split]
    sizes = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(split)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in by_remainder[: count - sum(sizes)]:
        sizes[i] += 1
    return sizes


def assign_parts(document_ids: Sequence[str], split: Split, seed: int) -> dict[str, str]:
    """Map each document id to its part's name."""
    shuffled = sorted(document_ids)
    random.Random(seed).shuffle(shuffled)
    assigned: dict[str, str] = {}
    begin = 0
    for (name, _), size in zip(split, part_sizes(len(shuffled), split)):
        assigned.update((document_id, name) for document_id in shuffled[begin : begin + size])
        begin += size
    return assigned


def part_path(out: Path, name: str) -> Path:
    """The file of one part: the part's name before ``out``'s suffix."""
    return out.with_name(f"{out.stem}.{name}{out.suffix}") if out.suffix else out.with_name(f"{out.name}.{name}")
