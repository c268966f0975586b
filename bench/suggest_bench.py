"""Suggester benchmark: documents per second of the frame suggester over the demo corpus
(the seed article and the FIGNEWS posts of ``corpora/demo/``) repeated to 1,000
documents, against a bare regex pass of the lexicons' trigger words over the same texts
in the same run.

Ours is ``annotator.frames.suggester.suggest`` on each text: what ``annotator suggest``
computes per document (quotes and claims with every slot), without the project's
reads and writes. The bare pass is one compiled alternation of every trigger phrase of
``resources/lexicons/triggers_*.txt`` as written, ``re.findall`` over the raw text: no
normalization, no tokens, no slots. The two alternate, round after round, and the bare
pass runs ``BARE_REPEATS`` times a round (its time is the mean), so that both last about
as long and meet the same load on a shared machine (a pass of a few milliseconds would
otherwise often fall in a quiet moment that the suggester's seconds never get); the best
of 3 rounds (2 with ``--quick``) of each counts. The last line is ``suggest_vs_bare_trigger_scan: x``, our time over the bare
pass's (target at most 20).

    python bench/suggest_bench.py            # 1,000 documents, 3 rounds
    python bench/suggest_bench.py --quick    # 200 documents, 2 rounds, a few seconds
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Callable

from annotator.frames.lexicon import LEXICON_DIR, OUTCOMES
from annotator.frames.suggester import suggest

BARE_REPEATS = 20
"""Bare passes per round: together about as long as the suggester's pass."""

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def demo_texts() -> list[str]:
    """The demo corpus's documents: the seed article, then each FIGNEWS post."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))]
    for path in sorted(DEMO.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def trigger_pattern() -> re.Pattern[str]:
    """Every trigger phrase of the lexicons as written (``= N`` and comments dropped), one regex."""
    phrases = set()
    for outcome in OUTCOMES:
        for line in (LEXICON_DIR / f"triggers_{outcome}.txt").read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].split("=", 1)[0].strip()
            if entry and not entry.startswith("["):
                phrases.add(entry)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + r")\b")


def best_of(rounds: int, *works: tuple[Callable[[], int], int]) -> list[tuple[float, int]]:
    """For each ``(work, repeats)``, the shortest of ``rounds`` timings of one run (the mean
    of ``repeats`` runs in a row) and what it found; the works run in turn within each
    round, so that a busy spell slows them alike."""
    times: list[list[float]] = [[] for _ in works]
    found = [0] * len(works)
    for _ in range(rounds):
        for k, (work, repeats) in enumerate(works):
            start = time.perf_counter()
            for _ in range(repeats):
                found[k] = work()
            times[k].append((time.perf_counter() - start) / repeats)
    return [(min(spent), what) for spent, what in zip(times, found)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 documents, 2 rounds")
    args = parser.parse_args()
    documents, rounds = (200, 2) if args.quick else (1000, 3)
    base = demo_texts()
    texts = [base[i % len(base)] for i in range(documents)]
    pattern = trigger_pattern()
    (ours, frames), (bare, triggers) = best_of(
        rounds, (lambda: sum(len(suggest(text)) for text in texts), 1),
        (lambda: sum(len(pattern.findall(text)) for text in texts), BARE_REPEATS),
    )
    print(f"documents: {documents} ({len(base)} demo documents repeated), {sum(map(len, texts)):,} characters")
    print(f"suggester: {documents / ours:,.0f} documents/s ({frames} frames)")
    print(f"bare trigger scan: {documents / bare:,.0f} documents/s ({triggers} trigger words)")
    print(f"suggest_vs_bare_trigger_scan: {ours / bare:.1f}")


if __name__ == "__main__":
    main()
