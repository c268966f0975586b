"""Segmenter benchmark: words split into proclitics and stem per second, on the Wojood
sample's tokens (``../shared/corpora/wojood_sample``; a built-in list without it),
against a bare ``str.startswith`` loop over the same words in the same run.

Ours is what an export with ``--segment-clitics`` does for each word: a fresh
``Segmenter`` (cold cache) weighing the words standing alone in the same text, asked
for every token in order. The bare loop only asks whether the word begins with a
proclitic letter. Best of 5 (3 with ``--quick``) for each. The last line is
``segment_vs_bare_prefix_check: x``, our time over the bare loop's (target at most 200).

    python bench/segment_bench.py            # the whole sample, 5 rounds
    python bench/segment_bench.py --quick    # a third of it, 3 rounds, a few seconds
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

from annotator.text.segment import Segmenter, word_counts

WOJOOD = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wojood_sample"
FALLBACK = ("وقال مسؤول أميركي لرويترز إن بلينكن وصل إلى كييف والتقى بالرئيس ليفي وفرنسا للحكومة " * 2000).split()
PREFIXES = tuple("وفبكلس")


def sample_words() -> list[str]:
    """The Wojood sample's tokens (first column), in order."""
    words = [
        line.split()[0]
        for path in sorted(WOJOOD.glob("*.txt"))
        if path.stem in ("train", "val", "test")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return words or FALLBACK


def best_of(rounds: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a third of the words, 3 rounds")
    options = parser.parse_args()
    words = sample_words()
    if options.quick:
        words = words[: len(words) // 3]
    rounds = 3 if options.quick else 5
    counts = word_counts([" ".join(words)])

    def ours() -> None:
        segment = Segmenter(bare_counts=counts).segment
        for word in words:
            segment(word)

    def bare() -> None:
        for word in words:
            word.startswith(PREFIXES)

    ours_s = best_of(rounds, ours)
    bare_s = best_of(rounds, bare)
    print(f"words: {len(words)} ({len(set(words))} types){'' if words is not FALLBACK else ' (built-in list)'}")
    print(f"segment_words_per_s: {len(words) / ours_s:,.0f}")
    print(f"bare_prefix_check_words_per_s: {len(words) / bare_s:,.0f}")
    print(f"segment_vs_bare_prefix_check: {ours_s / bare_s:.1f}")


if __name__ == "__main__":
    main()
