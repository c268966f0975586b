"""Export benchmark: CoNLL and JSONL export against a bare loop writing the same tokens.

Builds a project of Arabic articles (words of the seed article when ``../shared`` is
there, else a built-in list) with 1,000,000 tokens and 60,000 entity spans by one
annotator, exports it with ``annotator.export.export_project`` as CoNLL and as JSONL,
and in the same run writes the same tokens and tags (read back from the CoNLL file
into memory beforehand) with a bare ``file.write`` loop. Prints tokens per second for
each and, last, the ratios of ours to the bare loop (target at least 0.3) and the peak
memory of an export (tracemalloc, in runs of their own so it does not slow the timed
ones). Memory must stay flat in the number of documents, so the peak is also measured
for an export of a tenth of the documents: the two figures should be about the same.

The first export of a project tokenizes every document and fills the project's token
cache (``annotator.export.tokens``); every later export reads the cache. Both are
timed: the first export on its own (``first_export``, what a user waits for once), the
ratios over later exports. Each timed loop, the bare one included, runs three times
and the fastest run counts, so a busy machine disturbs the ratios less. Peak memory is
measured both ways: on a copy of the project made before its first export (tokenizing)
and on the project itself (reading the cache).

    python bench/export_bench.py            # 1,000,000 tokens, 60,000 spans
    python bench/export_bench.py --quick    # 100,000 tokens, 6,000 spans, well under 30 s
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.model import NewDocument, Status
from annotator.text import tokenize

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
FALLBACK_WORDS = "قال مسؤول أميركي إن اثنين على الأقل من المقاتلين قتلوا في سوريا أمس وكالة رويترز الحكومة .".split()
LABELS = ("PER", "ORG", "LOC", "GPE", "DATE")
WORDS_PER_PARAGRAPH = 70
SPANS_PER_TOKEN = 0.06
"""60,000 spans in 1,000,000 tokens."""
ANNOTATOR = "ali"


def vocabulary() -> list[str]:
    words = [w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text(encoding="utf-8").split()]
    return words or FALLBACK_WORDS


def article(rng: random.Random, words: list[str], number: int) -> tuple[str, int, list[tuple[int, int, str]]]:
    """Text of five paragraphs, its token count, and non-overlapping spans of 1-3 tokens."""
    paragraphs = [" ".join(rng.choices(words, k=WORDS_PER_PARAGRAPH)) for _ in range(5)]
    text = f"{number}\n\n" + "\n\n".join(paragraphs)
    tokens = tokenize(text)
    starts = sorted(rng.sample(range(1, len(tokens) - 3, 4), round(SPANS_PER_TOKEN * len(tokens))))
    spans = [(tokens[i].start, tokens[i + rng.randint(0, 2)].end, rng.choice(LABELS)) for i in starts]
    return text, len(tokens), spans


def build_project(path: Path, tokens: int) -> int:
    """Documents of one annotator up to ``tokens`` tokens, a tenth marked done; returns their number."""
    rng = random.Random(11)
    words = vocabulary()
    made = documents = 0
    with Project.create(path) as project:
        while made < tokens:
            text, count, spans = article(rng, words, documents)
            ((document_id, _),) = project.add_documents([NewDocument(text, id=f"a{documents:05}")])
            project.add_spans(document_id, ANNOTATOR, spans, undoable=False)
            if documents % 10 == 0:
                project.set_status(document_id, ANNOTATOR, Status.DONE)
            made += count
            documents += 1
    return documents


RUNS = 3
"""Each timed loop runs this many times; the fastest counts."""


def time_export(project: Project, out: Path, fmt: str, runs: int = RUNS) -> tuple[float, int, int]:
    """Seconds (the fastest of ``runs``), tokens and spans of an export of every document."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        report = export_project(project, out, ExportOptions(format=fmt, status="any"))
        seconds.append(time.perf_counter() - started)
    return min(seconds), report.tokens, report.spans


def read_pairs(conll: Path) -> list[tuple[str, str] | None]:
    """The (token, tag) lines of a CoNLL export, None at each sentence end."""
    pairs: list[tuple[str, str] | None] = []
    for line in conll.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            continue
        if line:
            token, tag = line.split("\t")
            pairs.append((token, tag))
        elif pairs and pairs[-1] is not None:
            pairs.append(None)
    return pairs


def time_bare_write(pairs: list[tuple[str, str] | None], out: Path) -> float:
    """Seconds (the fastest of ``RUNS``) of a plain loop writing the token and tag lines."""
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with open(out, "w", encoding="utf-8", newline="\n") as file:
            for pair in pairs:
                file.write("\n" if pair is None else f"{pair[0]}\t{pair[1]}\n")
        seconds.append(time.perf_counter() - started)
    return min(seconds)


def time_read_and_tokenize(project: Project) -> float:
    """The floor of any export of these documents: reading each text and tokenizing it."""
    started = time.perf_counter()
    for document_id in project.document_ids():
        tokenize(project.document(document_id).text)
    return time.perf_counter() - started


def peak_memory_mb(path: Path, out: Path, fmt: str, status: str) -> float:
    with Project(path) as project:
        tracemalloc.start()
        try:
            export_project(project, out, ExportOptions(format=fmt, status=status))
            return tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 tokens instead of 1,000,000 (under 30 s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        project_path = folder / "project.db"
        documents = build_project(project_path, 100_000 if args.quick else 1_000_000)
        print(f"built {documents} documents in {time.perf_counter() - started:.1f} s")
        shutil.copyfile(project_path, folder / "uncached.db")
        with Project(project_path) as project:
            floor_seconds = time_read_and_tokenize(project)
            first_seconds, tokens, spans = time_export(project, folder / "out.conll", "conll", runs=1)
            conll_seconds, _, _ = time_export(project, folder / "out.conll", "conll")
            jsonl_seconds, jsonl_tokens, _ = time_export(project, folder / "out.jsonl", "jsonl")
            pairs = read_pairs(folder / "out.conll")
            bare_seconds = time_bare_write(pairs, folder / "bare.conll")
        peaks = {
            (cache, fmt, status): peak_memory_mb(folder / name, folder / f"memory.{fmt}", fmt, status)
            for cache, name in (("tokenizing", "uncached.db"), ("cached", "project.db"))
            for fmt in ("conll", "jsonl") for status in ("done", "any")
        }
    print(f"tokens: {tokens}  spans: {spans}  documents: {documents}")
    print(f"first_export_conll_tokens_per_second: {tokens / first_seconds:.0f}  "
          f"(tokenizes and fills the token cache: {bare_seconds / first_seconds:.2f} of the bare loop)")
    print(f"read_and_tokenize_tokens_per_second: {tokens / floor_seconds:.0f}  "
          f"(the most an export that tokenizes can reach: {bare_seconds / floor_seconds:.2f} of the bare loop)")
    print(f"conll_tokens_per_second: {tokens / conll_seconds:.0f}")
    print(f"jsonl_tokens_per_second: {tokens / jsonl_seconds:.0f}  (with whitespace tokens: {jsonl_tokens / jsonl_seconds:.0f})")
    print(f"bare_write_tokens_per_second: {tokens / bare_seconds:.0f}")
    for (cache, fmt, status), peak in peaks.items():
        share = "a tenth of the documents" if status == "done" else "all documents"
        print(f"peak_memory_mb {fmt}, {share}, {cache}: {peak:.1f}")
    print(f"conll_vs_bare_write: {bare_seconds / conll_seconds:.2f}")
    print(f"jsonl_vs_bare_write: {bare_seconds / jsonl_seconds:.2f}")
    print(f"peak_memory_mb: {max(peaks.values()):.1f}")


if __name__ == "__main__":
    main()
