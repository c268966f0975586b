"""Benchmark of the document view on a long article (offscreen).

Builds an article of 20,000 words from the seed article's paragraphs (shuffled,
repeated), opens it in a ``DocumentView`` with 2,000 spans, then adds 200 spans one
at a time on the words in view, each followed by a forced repaint. Prints the time to
open (``set_document`` + ``set_spans`` + first paint), a bare
``QPlainTextEdit.setPlainText`` of the same text (+ first paint) measured in the same
run, and the median and 95th percentile time per added span. Targets: opening within
3x the bare load, adding a span under 30 ms at p95.

    .venv/bin/python bench/gui_bench.py [--quick] [--seed-file PATH]

The last two lines printed are ``open_vs_bare_load: x`` and ``add_span_p95_ms: x``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.gui.document_view import DocumentView, SpanMark  # noqa: E402
from annotator.gui.fonts import document_font  # noqa: E402
from annotator.schema import default_schema  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
WORDS = 20_000
SPANS = 2_000
ADDED = 200
SIZE = (1000, 800)
WORD = re.compile(r"\w+")


def article(seed_text: str, words: int, rng: random.Random) -> str:
    """Paragraphs of the seed article, shuffled round after round, until ``words`` words."""
    paragraphs = [p for p in seed_text.splitlines()[1:] if p.strip()]
    out: list[str] = []
    count = 0
    while count < words:
        rng.shuffle(paragraphs)
        for paragraph in paragraphs:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out)


def marks(words: list[tuple[int, int]], count: int, first_id: int, rng: random.Random) -> list[SpanMark]:
    """``count`` spans of one to three words, labels and colours of the default schema."""
    labels = default_schema().labels
    out = []
    for k, index in enumerate(rng.sample(range(len(words) - 3), count)):
        label = rng.choice(labels)
        end = words[index + rng.choice((0, 0, 0, 1, 2))][1]
        out.append(SpanMark(first_id + k, words[index][0], end, label.name, label.color, "own", f"{label.name} — bench"))
    return out


def settle(app: QApplication, widget) -> None:
    widget.repaint()
    app.processEvents()


def time_open(app: QApplication, text: str, spans: list[SpanMark]) -> tuple[float, DocumentView]:
    view = DocumentView()
    view.resize(*SIZE)
    view.show()
    settle(app, view)
    start = time.perf_counter()
    view.set_document(text)
    view.set_spans(spans)
    settle(app, view)
    return time.perf_counter() - start, view


def time_bare(app: QApplication, text: str, point_size: float) -> float:
    edit = QPlainTextEdit()
    edit.setFont(document_font(point_size))
    edit.resize(*SIZE)
    edit.show()
    settle(app, edit)
    start = time.perf_counter()
    edit.setPlainText(text)
    settle(app, edit)
    elapsed = time.perf_counter() - start
    edit.close()
    edit.deleteLater()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one opening of each kind instead of five")
    parser.add_argument("--seed-file", type=Path, help="the article to build from (default: shared/seeds/*.txt)")
    args = parser.parse_args()
    seed_file = args.seed_file or next(SEEDS.glob("*.txt"), None)
    if seed_file is None:
        sys.exit(f"no seed article in {SEEDS}; pass --seed-file")
    app = QApplication.instance() or QApplication(sys.argv)
    rng = random.Random(2017)
    text = article(seed_file.read_text(encoding="utf-8"), WORDS, rng)
    words = [m.span() for m in WORD.finditer(text)]
    spans = marks(words, SPANS, 1, rng)
    rounds = 1 if args.quick else 5

    opens, bares = [], []
    view = None
    for _ in range(rounds):
        bares.append(time_bare(app, text, 14.0))
        if view is not None:
            view.close()
            view.deleteLater()
        elapsed, view = time_open(app, text, spans)
        opens.append(elapsed)
    open_s, bare_s = statistics.median(opens), statistics.median(bares)

    middle = len(text) // 2
    view.scroll_to(middle)
    settle(app, view)
    near = [w for w in words if abs(w[0] - middle) < 700]
    added = marks(near, min(ADDED, len(near) - 3), SPANS + 1, rng)
    times = []
    for mark in added:
        start = time.perf_counter()
        view.upsert_span(mark)
        settle(app, view)
        times.append(time.perf_counter() - start)
    in_view = sum(1 for m in added if any(view.viewport().rect().intersects(r) for r in view.span_rects(m.id)))
    times_ms = sorted(t * 1000 for t in times)
    p95 = times_ms[min(len(times_ms) - 1, round(0.95 * (len(times_ms) - 1)))]

    print(f"text: {len(words)} words, {len(text)} characters, {text.count(chr(10)) + 1} lines")
    print(f"spans: {SPANS} at open, {len(added)} added one at a time ({in_view} of them in view)")
    print(f"open_ms (set_document + set_spans + first paint): {open_s * 1000:.1f}  (median of {rounds})")
    print(f"bare_load_ms (QPlainTextEdit.setPlainText + first paint): {bare_s * 1000:.1f}  (median of {rounds})")
    print(f"add_span_median_ms: {statistics.median(times_ms):.2f}")
    print(f"open_vs_bare_load: {open_s / bare_s:.2f}")
    print(f"add_span_p95_ms: {p95:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
