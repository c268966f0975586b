"""Project character spans onto tokens, so token-level measures can compare annotators.

Format: tokens are ``(start, end)`` and spans ``(start, end, label)``, code-point offsets
into one document's text, end exclusive. Tokens must be in text order: starts and ends
both non-decreasing (true of any tokenization without nested tokens); spans may come in
any order and may nest or cross.

Rule: a token takes the label of the longest span that overlaps it (shares at least one
code point, ``max(starts) < min(ends)``: touching is not overlapping, and an empty token or
span overlaps nothing); on equal length the span starting first wins, then the one given
first. A token no span overlaps gets ``outside``.

Cost: O(S log S + S log T + T α(T)) for T tokens and S spans. Spans are visited from the
best to the worst; each claims the still-unlabelled tokens of its range, found by binary
search, and a union-find "next unlabelled token" pointer skips labelled ones, so every
token is labelled once and tokens outside every span are never touched.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise
from typing import Iterable, Sequence


def token_labels(
    tokens: Sequence[tuple[int, int]], spans: Iterable[tuple[int, int, str]], outside: str = "O"
) -> list[str]:
    """The label of each token under the longest-span rule of the module docstring."""
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    for i, (before, after) in enumerate(pairwise(zip(starts, ends))):
        if after[0] < before[0] or after[1] < before[1]:
            raise ValueError(f"tokens must be in text order: token {i + 1} {after} follows token {i} {before}")
    labels = [outside] * len(tokens)
    # following[i] leads, by repeated lookup, to the first unlabelled token at or after i;
    # empty tokens count as labelled from the start, so they keep ``outside``.
    following = [i if start < end else i + 1 for i, (start, end) in enumerate(tokens)] + [len(tokens)]
    best_first = sorted(spans, key=lambda span: (span[0] - span[1], span[0]))
    for start, end, label in best_first:
        if start >= end:
            break  # only empty spans are left
        last = bisect_left(starts, end)
        i = _first_unlabelled(following, bisect_right(ends, start))
        while i < last:
            labels[i] = label
            following[i] = i + 1
            i = _first_unlabelled(following, i + 1)
    return labels


def _first_unlabelled(following: list[int], i: int) -> int:
    """Follow the pointers from ``i``, halving the path behind (union-find path halving)."""
    while following[i] != i:
        following[i] = following[following[i]]
        i = following[i]
    return i
