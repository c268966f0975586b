"""Import benchmark: the real import path against a bare sqlite-utils insert_all.

Generates Arabic articles of about 500 words (from the seed article's vocabulary when
``../shared`` is there, else a built-in word list) and imports them with
``annotator.importing.import_paths`` into fresh projects, twice: as one JSONL file (the
headline: reading, validation, normalization, hashing, dedupe and storage per document)
and as a folder of text files (which adds a file open, format sniffing and a transaction
per file). In the same run the same rows go into a fresh database through a bare
``sqlite_utils`` ``insert_all``. Prints documents per second for each and, last,
``import_vs_bare_insert`` (JSONL import over bare insert, in documents per second;
target at least 0.5).

    python bench/import_bench.py            # 5,000 articles
    python bench/import_bench.py --quick    # 1,000 articles, well under 30 s
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

from annotator import Project
from annotator.importing import import_paths

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
FALLBACK_WORDS = "قال مسؤول أميركي إن اثنين على الأقل من المقاتلين قتلوا في سوريا أمس وكالة رويترز الحكومة".split()


def vocabulary() -> list[str]:
    words = [w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text(encoding="utf-8").split()]
    return words or FALLBACK_WORDS


def write_articles(folder: Path, count: int, words_per_article: int) -> list[dict]:
    """Write the articles as text files and as one JSONL file beside the folder."""
    rng = random.Random(7)
    words = vocabulary()
    rows, lines = [], []
    for i in range(count):
        title = " ".join(rng.choices(words, k=8))
        paragraphs = [" ".join(rng.choices(words, k=words_per_article // 5)) for _ in range(5)]
        body = "\n\n".join(paragraphs)
        text = f"{title}\n\n{body}\n\nالمصدر : وكالات\n"
        (folder / f"article-{i:05}.txt").write_text(text, encoding="utf-8")
        lines.append(json.dumps({"id": f"article-{i:05}", "title": title, "text": body, "meta": {"source": "وكالات"}}, ensure_ascii=False))
        rows.append({"id": f"article-{i:05}", "position": i, "title": title, "text": body, "source": "وكالات",
                     "meta": "{}", "content_hash": hashlib.sha256(body.encode()).hexdigest(), "imported_at": "now"})
    (folder.parent / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def time_import(path: Path, target: Path, count: int) -> float:
    started = time.perf_counter()
    with Project.create(target) as project:
        report = import_paths(project, [path])
    elapsed = time.perf_counter() - started
    assert report.ok and report.added == count, report.errors[:3]
    return elapsed


def time_bare_insert(rows: list[dict], target: Path) -> float:
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
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        rows = write_articles(folder, count, 500)
        bare = time_bare_insert(rows, Path(tmp) / "bare.db")
        jsonl = time_import(Path(tmp) / "articles.jsonl", Path(tmp) / "jsonl.db", count)
        files = time_import(folder, Path(tmp) / "files.db", count)
    print(f"articles: {count}")
    print(f"bare_insert_docs_per_second: {count / bare:.0f}")
    print(f"text_files_import_docs_per_second: {count / files:.0f}")
    print(f"text_files_vs_bare_insert: {bare / files:.2f}")
    print(f"jsonl_import_docs_per_second: {count / jsonl:.0f}")
    print(f"import_vs_bare_insert: {bare / jsonl:.2f}")


if __name__ == "__main__":
    main()
