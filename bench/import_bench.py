"""Import benchmark: the real import path against a bare sqlite-utils insert_all.

Generates Arabic articles of about 500 words (from the seed article's vocabulary when
``../shared`` is there, else a built-in word list) and imports them with
``annotator.importing.import_paths`` into fresh projects, twice: as one JSONL file (the
headline: reading, validation, normalization, hashing, dedupe and storage per document)
and as a folder of text files (which adds a file open, format sniffing and a transaction
per file). In the same run the same rows go into a fresh database through a bare
``sqlite_utils`` ``insert_all``. Each is timed ``REPEATS`` times, into a fresh file each
time, and its best time kept, so that a busy moment of the machine does not decide the
ratio. Prints documents per second for each and ``import_vs_bare_insert`` (JSONL import
over bare insert, in documents per second; target at least 0.5).

Memory: one JSONL file of 100,000 news-length documents (300 words, a span every 30)
imported into a fresh project in a child process, whose peak resident memory is
``import_peak_rss_mb_per_100k_docs`` (target under 500 MiB; 5,000 documents and
``import_peak_rss_mb_per_5k_docs`` with ``--quick``), beside the peak of a child that
only creates the project (``import_baseline_rss_mb``).

    python bench/import_bench.py            # 5,000 articles; 100,000 for memory
    python bench/import_bench.py --quick    # 1,000 articles; 5,000 for memory, under 30 s
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

import sqlite_utils
from peak_rss import peak_rss_mb

from annotator import Project
from annotator.importing import import_paths

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
REPEATS = 5
FALLBACK_WORDS = "قال مسؤول أميركي إن اثنين على الأقل من المقاتلين قتلوا في سوريا أمس وكالة رويترز الحكومة".split()


def vocabulary() -> list[str]:
    words = [w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text(encoding="utf-8").split()]
    return words or FALLBACK_WORDS


def write_articles(folder: Path, count: int, words_per_article: int) -> Path:
    """Write the articles as text files in ``folder`` and as one JSONL file beside it."""
    rng = random.Random(7)
    words = vocabulary()
    lines = []
    for i in range(count):
        title = " ".join(rng.choices(words, k=8))
        paragraphs = [" ".join(rng.choices(words, k=words_per_article // 5)) for _ in range(5)]
        body = "\n\n".join(paragraphs)
        text = f"{title}\n\n{body}\n\nالمصدر : وكالات\n"
        (folder / f"article-{i:05}.txt").write_text(text, encoding="utf-8")
        lines.append(json.dumps({"id": f"article-{i:05}", "title": title, "text": body, "meta": {"source": "وكالات"}}, ensure_ascii=False))
    path = folder.parent / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MEASURED = """
import sys
from annotator import Project
from annotator.importing import import_paths
with Project.create(sys.argv[1]) as project:
    if sys.argv[2] == "import":
        report = import_paths(project, [sys.argv[3]])
        assert report.ok and report.added == int(sys.argv[4]), report.errors[:3]
"""
"""The child whose peak memory is measured: ``import`` imports the file, ``create`` only
creates the project (the baseline)."""


def write_annotated(path: Path, count: int, words_per_document: int = 300) -> Path:
    """``count`` documents with a span on every 30th word, one JSONL line each, written as made."""
    rng = random.Random(3)
    words = vocabulary()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            chosen = rng.choices(words, k=words_per_document)
            starts = [0]
            for word in chosen[:-1]:
                starts.append(starts[-1] + len(word) + 1)
            spans = [{"start": starts[k], "end": starts[k] + len(chosen[k]), "label": "PER"} for k in range(0, len(chosen), 30)]
            out.write(json.dumps({"id": f"news-{i}", "text": " ".join(chosen), "spans": spans}, ensure_ascii=False) + "\n")
    return path


def bare_rows(path: Path) -> list[dict]:
    """The rows a bare insert stores, read afresh from the JSONL file: strings new to
    each run, as an import's are (sqlite3 keeps a string's UTF-8 once it has bound it)."""
    rows = []
    for position, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        rows.append({"id": record["id"], "position": position, "title": record["title"], "text": record["text"],
                     "source": record["meta"]["source"], "meta": "{}",
                     "content_hash": hashlib.sha256(record["text"].encode()).hexdigest(), "imported_at": "now"})
    return rows


def best_time(run, target: Path) -> float:
    """The shortest of ``REPEATS`` runs of ``run(file)``, each into a new file."""
    return min(run(target.with_suffix(f".{n}.db")) for n in range(REPEATS))


def time_import(path: Path, target: Path, count: int) -> float:
    started = time.perf_counter()
    with Project.create(target) as project:
        report = import_paths(project, [path])
    elapsed = time.perf_counter() - started
    assert report.ok and report.added == count, report.errors[:3]
    return elapsed


def time_bare_insert(path: Path, target: Path) -> float:
    rows = bare_rows(path)
    started = time.perf_counter()
    db = sqlite_utils.Database(target)
    db.execute("PRAGMA journal_mode = WAL")
    db["documents"].insert_all(rows, pk="id")
    db.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles instead of 5,000 (under 30 s)")
    args = parser.parse_args()
    count = 1000 if args.quick else 5000
    memory_documents = 5_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        annotated = write_annotated(Path(tmp) / "news.jsonl", memory_documents)
        baseline_rss = peak_rss_mb(MEASURED, str(Path(tmp) / "empty.db"), "create")
        import_rss = peak_rss_mb(MEASURED, str(Path(tmp) / "news.db"), "import", str(annotated), str(memory_documents))
        (Path(tmp) / "news.db").unlink()
        folder = Path(tmp) / "articles"
        folder.mkdir()
        articles = write_articles(folder, count, 500)
        bare = best_time(lambda target: time_bare_insert(articles, target), Path(tmp) / "bare.db")
        jsonl = best_time(lambda target: time_import(articles, target, count), Path(tmp) / "jsonl.db")
        files = best_time(lambda target: time_import(folder, target, count), Path(tmp) / "files.db")
    print(f"articles: {count}")
    print(f"bare_insert_docs_per_second: {count / bare:.0f}")
    print(f"text_files_import_docs_per_second: {count / files:.0f}")
    print(f"text_files_vs_bare_insert: {bare / files:.2f}")
    print(f"jsonl_import_docs_per_second: {count / jsonl:.0f}")
    print(f"memory_documents: {memory_documents}")
    print(f"import_baseline_rss_mb: {baseline_rss:.0f}")
    print(f"import_vs_bare_insert: {bare / jsonl:.2f}")
    print(f"import_peak_rss_mb_per_{'5k' if args.quick else '100k'}_docs: {import_rss:.0f}")


if __name__ == "__main__":
    main()
