"""Agreement benchmark: the whole agreement computation on 3 annotators, and its
Krippendorff's alpha against the ``krippendorff`` package on the same data.

Builds a project of Arabic articles of about 500 tokens (words from the seed article when
``../shared`` is there, else a built-in list) totalling 500,000 tokens. Annotator 1 marks
entity spans of 1 to 3 words on about a tenth of the words; annotators 2 and 3 copy them
with noise (drop, relabel, move a boundary, add a span). Every document is marked done.
Then it times ``compute_agreement`` over the project (reading, tokenizing, every measure)
and, on the annotators × tokens label table of the same run, ``krippendorff_alpha``
against ``krippendorff.alpha(level_of_measurement="nominal")`` (best of 3 each, after
checking both give the same value). ``alpha_vs_krippendorff: x`` is our time over theirs
(target at most 1).

Memory: a second project of 10,000 such documents (1,000 with ``--quick``), three
annotators, and ``compute_agreement`` over it in a child process, whose peak resident
memory is ``agreement_peak_rss_mb_10k_docs`` (target under 300 MiB; with ``--quick``,
``agreement_peak_rss_mb_1k_docs``); beside it the peak of a child that opens the
project and computes nothing (``agreement_baseline_rss_mb``): the agreement's own share
is the difference, and it does not grow with the corpus.

    python bench/agreement_bench.py            # 500,000 tokens; 10,000 documents for memory
    python bench/agreement_bench.py --quick    # 100,000 tokens; 1,000 documents, under 30 s
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Callable

import krippendorff
from peak_rss import peak_rss_mb

from annotator import Project
from annotator.agreement.compute import compute_agreement, load_annotations, token_table
from annotator.agreement.measures import krippendorff_alpha
from annotator.model import NewDocument, Status
from annotator.text.tokenize import tokenize

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
FALLBACK_WORDS = "قال مسؤول أميركي إن اثنين على الأقل من المقاتلين قتلوا في سوريا أمس وكالة رويترز الحكومة".split()
LABELS = ("PER", "ORG", "LOC", "GPE", "NORP", "DATE", "QUANTITY")
ANNOTATORS = ("alice", "bob", "carol")
TOKENS_PER_DOCUMENT = 500


def vocabulary() -> list[str]:
    words = [w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text(encoding="utf-8").split()]
    return words or FALLBACK_WORDS


def noisy(spans: list[tuple[int, int, str]], words: list[tuple[int, int]], rng: random.Random) -> list[tuple[int, int, str]]:
    """A second annotator's version: a tenth dropped, relabelled, moved or doubled by a new span."""
    result = []
    for first, last, label in spans:
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.10:
            label = rng.choice(LABELS)
        elif roll < 0.15 and last + 1 < len(words):
            last += 1
        result.append((first, last, label))
        if rng.random() < 0.03 and last + 2 < len(words):
            result.append((last + 2, last + 2, rng.choice(LABELS)))
    return result


MEASURED = """
import sys
from annotator import Project
from annotator.agreement.compute import compute_agreement
with Project(sys.argv[1]) as project:
    if sys.argv[2] == "compute":
        report = compute_agreement(project)
        assert len(report.document_ids) == int(sys.argv[3]), len(report.document_ids)
"""
"""The child whose peak memory is measured: ``compute`` runs the agreement, ``open`` only
opens the project (the baseline)."""


def build(path: Path, tokens: int, documents: int | None = None) -> None:
    """A project with ``tokens`` tokens (or ``documents`` documents) in documents of about
    500 tokens, annotated by three."""
    rng = random.Random(11)
    vocabulary_words = vocabulary()
    with Project.create(path) as project, project.transaction():
        count = built = 0
        while count < tokens and (documents is None or built < documents):
            built += 1
            text = " ".join(rng.choices(vocabulary_words, k=TOKENS_PER_DOCUMENT * 2 // 3))
            words = [(t.start, t.end) for t in tokenize(text) if t.kind == "word"]
            count += len(tokenize(text))
            (document_id, _), = project.add_documents([NewDocument(text)])
            first = []
            i = rng.randrange(8)
            while i < len(words):
                width = rng.choice((1, 1, 2, 3))
                first.append((i, min(i + width, len(words)) - 1, rng.choice(LABELS)))
                i += width + rng.randrange(4, 16)
            for name, version in zip(ANNOTATORS, (first, noisy(first, words, rng), noisy(first, words, rng))):
                spans = [(words[a][0], words[b][1], label) for a, b, label in version]
                project.add_spans(document_id, name, spans, undoable=False)
                project.set_status(document_id, name, Status.DONE)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 tokens instead of 500,000 (under 30 s)")
    args = parser.parse_args()
    tokens = 100_000 if args.quick else 500_000
    memory_documents = 1_000 if args.quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large.db"
        build(large, memory_documents * TOKENS_PER_DOCUMENT * 2, memory_documents)
        peak_rss_mb(MEASURED, str(large), "open", str(memory_documents))  # the first close checkpoints the WAL
        baseline_rss = peak_rss_mb(MEASURED, str(large), "open", str(memory_documents))
        agreement_rss = peak_rss_mb(MEASURED, str(large), "compute", str(memory_documents))
        path = Path(tmp) / "agreement.db"
        started = time.perf_counter()
        build(path, tokens)
        built = time.perf_counter() - started
        with Project(path) as project:
            started = time.perf_counter()
            report = compute_agreement(project)
            whole = time.perf_counter() - started
            documents = load_annotations(project, list(report.document_ids), report.annotators)
        codes = token_table(documents, report.annotators, report.labels)
    ours, value = best_of(3, lambda: krippendorff_alpha(codes))
    theirs, reference = best_of(3, lambda: krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal"))
    assert value == report.krippendorff_alpha and abs(value - reference) < 1e-9, (value, reference)  # type: ignore[operator]
    print(f"documents: {len(report.document_ids)}")
    print(f"tokens: {report.tokens}")
    print(f"annotators: {len(report.annotators)}")
    print(f"build_seconds: {built:.2f}")
    print(f"agreement_seconds: {whole:.2f}")
    print(f"krippendorff_alpha: {value:.4f}")
    print(f"alpha_seconds: {ours:.4f}")
    print(f"krippendorff_package_seconds: {theirs:.4f}")
    print(f"memory_documents: {memory_documents}")
    print(f"agreement_baseline_rss_mb: {baseline_rss:.0f}")
    print(f"alpha_vs_krippendorff: {ours / theirs:.3f}")
    print(f"agreement_peak_rss_mb_{'1k' if args.quick else '10k'}_docs: {agreement_rss:.0f}")


if __name__ == "__main__":
    main()
