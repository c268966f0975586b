"""Chance-corrected agreement over labels: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Formats
    * ``cohen_kappa(a, b)``: two equally long label sequences, one per annotator, item by item.
    * ``fleiss_kappa(ratings)``: ``ratings[i]`` holds the labels unit ``i`` received (any rater
      order); ``fleiss_kappa_counts(table)`` takes the units × categories count table instead.
    * ``krippendorff_alpha(data)``: reliability data, coders × units, ``None`` (or NaN) where a
      coder gave no value. A numpy integer array with a ``missing`` sentinel, or a float array
      with NaN, skips the per-cell Python work.

Labels are any hashable values. ``None`` and NaN always mean "no value": Cohen leaves an item
out when either annotator has none; Krippendorff drops them from their unit; in Fleiss they
make that unit's rater count differ, which is an error.

Undefined values are ``None``, never NaN and never a division by zero, so results serialize to
JSON ``null``:
    * Cohen: no item labelled by both, or expected disagreement 0 (p_e = 1: both annotators
      used one and the same label everywhere). One label each but different ones gives 0.
    * Fleiss: no units, fewer than 2 raters per unit, or P_e = 1 (one category everywhere).
    * Krippendorff: no pairable value (every unit has fewer than 2 values), or D_e = 0
      (a single value among the pairable ones).
Each expected disagreement is a sum of non-negative terms, so "== 0" is exact in floats.

Malformed input raises ``ValueError`` (it is a caller's mistake, not a user's): sequences of
different lengths, units with different numbers of raters in Fleiss, non-numeric values at
the interval or ratio level, an unknown level or weighting.

Speed: labels are encoded to integers once (a dict pass for Python sequences, numpy for
arrays) and every table is built with ``np.bincount``; nothing loops over items in Python.
Krippendorff's alpha loops over pairs of coders only, so it costs O(coders² × units) time
and O(values²) memory, whereas ``krippendorff.alpha`` materializes a units × values × values
array.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain, combinations, count
from typing import Hashable, Literal, Sequence

import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
Weights = Literal["linear", "quadratic"]

_MISSING = -1
"""Code of a missing value in the encoded arrays."""


def _is_missing(value: Hashable, missing: Hashable) -> bool:
    return value is None or value != value or (missing is not None and value == missing)


def _encode(values: Sequence[Hashable] | np.ndarray, missing: Hashable, ordered: bool) -> tuple[np.ndarray, list]:
    """Integer codes for a flat sequence (``_MISSING`` where there is no value) and the domain.

    ``domain[code]`` is the value a code stands for; with ``ordered`` the domain is sorted, so
    codes are ranks (numpy inputs are always sorted). A domain value may occur only at
    positions the caller later discards; callers must tolerate unused codes.
    """
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "biuf":
            return _encode_numeric(values.ravel(), missing)
        values = values.ravel().tolist()
    # A new key gets the next integer; the lookups themselves run in C.
    index: defaultdict[Hashable, int] = defaultdict(count().__next__)
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    keep = [k for k in index if not _is_missing(k, missing)]
    if ordered:
        try:
            keep.sort()
        except TypeError:
            raise ValueError(f"values of different kinds cannot be ordered: {keep[:5]!r}") from None
    lookup = np.full(len(index), _MISSING, dtype=np.int64)
    lookup[[index[k] for k in keep]] = np.arange(len(keep))
    return lookup[codes], keep


def _encode_numeric(flat: np.ndarray, missing: Hashable) -> tuple[np.ndarray, list]:
    """``_encode`` for a flat numeric array: NaN and ``missing`` are missing; codes are ranks."""
    absent = np.isnan(flat) if flat.dtype.kind == "f" else np.zeros(flat.shape, dtype=bool)
    if missing is not None:
        absent |= flat == missing
    present = flat[~absent]
    codes = np.full(flat.shape, _MISSING, dtype=np.int64)
    if present.size == 0:
        return codes, []
    if present.dtype.kind == "f" and np.abs(present).max() < 2**53:
        whole = present.astype(np.int64)
        if (whole == present).all():  # NaN-padded integers, as krippendorff.alpha wants them
            present = whole
    if present.dtype.kind in "biu":
        low, high = int(present.min()), int(present.max())
        if high - low <= 4 * present.size:
            # A bounded integer range: rank by a lookup table in O(n) instead of sorting.
            offsets = present.astype(np.int64) - low
            used = np.bincount(offsets, minlength=high - low + 1) > 0
            ranks = np.cumsum(used) - 1
            codes[~absent] = ranks[offsets]
            return codes, (np.flatnonzero(used) + low).tolist()
    domain, inverse = np.unique(present, return_inverse=True)
    codes[~absent] = inverse.ravel()
    return codes, domain.tolist()


def _encode_rows(
    rows: Sequence[Sequence[Hashable]] | np.ndarray, missing: Hashable, ordered: bool, what: str
) -> tuple[np.ndarray, list]:
    """``_encode`` for a rectangular table; returns codes with the table's shape."""
    if isinstance(rows, np.ndarray):
        if rows.ndim != 2:
            raise ValueError(f"{what}: expected a 2-D array, got {rows.ndim} dimensions")
        codes, domain = _encode(rows, missing, ordered)
        return codes.reshape(rows.shape), domain
    lengths = [len(row) for row in rows]
    for i, length in enumerate(lengths):
        if length != lengths[0]:
            raise ValueError(f"{what}: row {i} has {length} values but row 0 has {lengths[0]}")
    codes, domain = _encode(list(chain.from_iterable(rows)), missing, ordered)
    return codes.reshape(len(lengths), lengths[0] if lengths else 0), domain


def _numbers(domain: list, level: str) -> np.ndarray:
    try:
        return np.asarray(domain, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"the {level} level needs numeric values, got {domain[:5]!r}") from None


def cohen_kappa(
    a: Sequence[Hashable] | np.ndarray,
    b: Sequence[Hashable] | np.ndarray,
    weights: Weights | None = None,
    *,
    missing: Hashable = None,
) -> float | None:
    """Cohen's kappa of two annotators who labelled the same items.

    ``weights`` "linear" or "quadratic" gives weighted kappa with disagreement |i - j| or
    (i - j)² over the positions of the labels in sorted order, counting only labels that
    occur (as scikit-learn and R's irr do). Items where either side is missing are left out.
    """
    if weights not in (None, "linear", "quadratic"):
        raise ValueError(f"cohen_kappa: unknown weights {weights!r}; use None, 'linear' or 'quadratic'")
    if len(a) != len(b):
        raise ValueError(f"cohen_kappa: the annotators labelled {len(a)} and {len(b)} items")
    pair = np.stack([a, b]) if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) else [a, b]
    codes, domain = _encode_rows(pair, missing, weights is not None, "cohen_kappa")
    first, second = codes[:, (codes >= 0).all(axis=0)]
    size = len(domain)
    return cohen_kappa_table(np.bincount(first * size + second, minlength=size * size).reshape(size, size), weights)


def cohen_kappa_table(table: np.ndarray, weights: Weights | None = None) -> float | None:
    """Cohen's kappa from the confusion table of two annotators (rows the first's labels,
    columns the second's, in label order), so that tables of many documents can be summed
    first; labels neither used are left out, as ``cohen_kappa`` leaves them."""
    used = (table.sum(axis=0) + table.sum(axis=1)) > 0
    table = table[used][:, used].astype(np.float64)
    position = np.arange(table.shape[0])
    distance = np.abs(position[:, None] - position[None, :]).astype(np.float64)
    if weights is None:
        distance = np.minimum(distance, 1.0)
    elif weights == "quadratic":
        distance **= 2
    expected = (distance * np.outer(table.sum(axis=1), table.sum(axis=0))).sum()
    if expected == 0:
        return None
    return float(1.0 - table.sum() * (distance * table).sum() / expected)


def fleiss_kappa(ratings: Sequence[Sequence[Hashable]], *, missing: Hashable = None) -> float | None:
    """Fleiss' kappa where ``ratings[i]`` lists the labels unit ``i`` received.

    Every unit needs the same number of ratings (raters need not be the same people).
    """
    lengths = np.fromiter((len(unit) for unit in ratings), dtype=np.int64, count=len(ratings))
    codes, domain = _encode(list(chain.from_iterable(ratings)), missing, False)
    unit = np.repeat(np.arange(len(lengths)), lengths)
    given = codes >= 0
    size = len(domain)
    table = np.bincount(unit[given] * size + codes[given], minlength=len(lengths) * size)
    return fleiss_kappa_counts(table.reshape(len(lengths), size))


def fleiss_kappa_counts(table: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Fleiss' kappa from a units × categories table of how many raters chose each category."""
    counts = np.asarray(table)
    if counts.size == 0:
        return None
    if counts.ndim != 2 or counts.dtype.kind not in "iu" or (counts < 0).any():
        raise ValueError("fleiss_kappa_counts: expected a 2-D table of non-negative integer counts")
    counts = counts.astype(np.int64)
    raters = counts.sum(axis=1)
    unequal = np.flatnonzero(raters != raters[0])
    if unequal.size:
        i = int(unequal[0])
        raise ValueError(
            f"fleiss_kappa needs the same number of ratings for every unit: "
            f"unit {i} has {raters[i]}, unit 0 has {raters[0]}"
        )
    return fleiss_kappa_sums(counts.shape[0], int(raters[0]), counts.sum(axis=0), int((counts**2).sum()))


def fleiss_kappa_sums(units: int, raters: int, category_totals: np.ndarray, squares: int) -> float | None:
    """Fleiss' kappa from the sums it needs of a units × categories count table: the number
    of units, of raters per unit, each category's total and the sum of squared counts (all
    of which add up over documents)."""
    if units == 0 or raters < 2:
        return None
    total = units * raters
    chance = int((np.asarray(category_totals, dtype=np.int64) ** 2).sum())
    if chance == total * total:
        return None
    observed = (squares - total) / (total * (raters - 1))
    p_e = chance / (total * total)
    return (observed - p_e) / (1.0 - p_e)


def krippendorff_alpha(
    data: Sequence[Sequence[Hashable]] | np.ndarray,
    level: Level = "nominal",
    *,
    missing: Hashable = None,
) -> float | None:
    """Krippendorff's alpha of reliability data (coders × units) by its coincidence matrix.

    Units with fewer than 2 values are not pairable and are ignored. Ordinal ranks values by
    their natural order (encode ordered categories as numbers); interval and ratio need
    numbers. An integer array is taken as the values themselves, ``missing`` marking gaps.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"krippendorff_alpha: unknown level {level!r}")
    codes, domain = _encode_rows(data, missing, level != "nominal", "krippendorff_alpha")
    return krippendorff_alpha_pairs(value_pairs(codes, len(domain)), domain, level)


def value_pairs(codes: np.ndarray, size: int) -> np.ndarray:
    """The exact integer counts behind Krippendorff's coincidence matrix, which add up over
    documents: ``pairs[m - 2, c, k]`` is how often two coders gave values ``c`` and ``k``
    (codes, ``< 0`` missing) within a unit of ``m`` values. Coders × units in, and
    (coders - 1) × ``size`` × ``size`` out."""
    present = codes >= 0
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    coders = codes.shape[0]
    pairs = np.zeros(max(coders - 1, 0) * size * size, dtype=np.int64)
    codes, present, per_unit = codes[:, pairable], present[:, pairable], per_unit[pairable]
    # Grouped by the unit's number of values m_u, a pair then weighs 1 / (m_u - 1).
    group = (per_unit - 2) * (size * size)
    for i, j in combinations(range(coders), 2):
        both = present[i] & present[j]
        cells = group[both] + codes[i, both] * size + codes[j, both]
        pairs += np.bincount(cells, minlength=pairs.size)
    return pairs.reshape(max(coders - 1, 0), size, size)


def krippendorff_alpha_pairs(pairs: np.ndarray, domain: list, level: Level = "nominal") -> float | None:
    """Krippendorff's alpha from ``value_pairs`` (summed over documents, perhaps) over the
    values of ``domain``."""
    if not pairs.any():
        return None
    weight = 1.0 / np.arange(1, pairs.shape[0] + 1, dtype=np.float64)
    half = (pairs * weight[:, None, None]).sum(axis=0)
    coincidences = half + half.T
    marginals = coincidences.sum(axis=0)
    delta = _distances(domain, marginals, level)
    expected = (delta * np.outer(marginals, marginals)).sum()
    if expected == 0:
        return None
    return float(1.0 - (marginals.sum() - 1.0) * (delta * coincidences).sum() / expected)


def _distances(domain: list, marginals: np.ndarray, level: str) -> np.ndarray:
    """Squared distance δ² between every two values (Krippendorff 2011, section C)."""
    if level == "nominal":
        return 1.0 - np.eye(len(domain))
    if level == "ordinal":
        # The distance between ranks c < k is the marginal mass from c to k minus half of
        # both ends; with mid-ranks mid_c = cumsum_c - n_c / 2 that is |mid_k - mid_c|.
        mid = np.cumsum(marginals) - marginals / 2.0
        return (mid[:, None] - mid[None, :]) ** 2
    value = _numbers(domain, level)
    difference = value[:, None] - value[None, :]
    if level == "interval":
        return difference**2
    total = value[:, None] + value[None, :]
    ratio = np.divide(difference, total, out=np.zeros_like(difference), where=total != 0)
    return ratio**2
