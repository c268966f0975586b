"""Cutting a long document into parts at paragraph boundaries (``import --split-paragraphs N``).

A document of many megabytes is slow to open and to scroll, and nobody annotates it in
one sitting. ``split_paragraphs`` cuts one read from a file into parts of ``N``
paragraphs (lines: the text's own line breaks), each a document of its own, before the
import normalizes and stores them:

- a part's text is exactly a stretch of the original, and every offset in it (spans,
  tokens, sentences) is the original's minus the part's start, so nothing moves;
- ``meta`` records ``part`` (from 1), ``parts`` and ``offset`` (where the part starts in
  the original, in code points), so the original offsets can always be recovered;
- a part never cuts a span: it ends at the first paragraph boundary no span crosses;
- the title is the original's with ``(k/n)``, the id (if any) gets ``-k``.

``LARGE_DOCUMENT_BYTES`` is the size (UTF-8) above which the import suggests it: 5 MB,
in megabytes of 10^6 bytes (``BYTES_PER_MB``), as the import's note and the README
count them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from annotator.model import SourceDocument

LARGE_DOCUMENT_BYTES = 5_000_000
BYTES_PER_MB = 1_000_000


def split_paragraphs(document: SourceDocument, paragraphs: int) -> list[SourceDocument]:
    """``document`` in parts of ``paragraphs`` lines (more where a span would be cut);
    the document itself when it has no more lines than that."""
    if paragraphs < 1:
        raise ValueError("a part holds at least one paragraph")
    text = document.text
    starts = [0] + [match.end() for match in re.finditer("\n", text) if match.end() < len(text)]
    if len(starts) <= paragraphs:
        return [document]
    crossed = _crossed_boundaries(document, starts)
    cuts = [0]
    line = paragraphs
    while line < len(starts):
        while line < len(starts) and starts[line] in crossed:
            line += 1
        if line < len(starts):
            cuts.append(starts[line])
        line += paragraphs
    ends = cuts[1:] + [len(text)]
    return [_part(document, start, end, number, len(cuts)) for number, (start, end) in enumerate(zip(cuts, ends), start=1)]


def _crossed_boundaries(document: SourceDocument, starts: list[int]) -> set[int]:
    """The line starts that lie strictly inside a span (cutting there would cut it)."""
    inside: set[int] = set()
    for span in document.spans:
        inside.update(starts[bisect_right(starts, span.start) : bisect_left(starts, span.end)])
    return inside


def _part(document: SourceDocument, start: int, end: int, number: int, count: int) -> SourceDocument:
    def within(offsets: tuple[tuple[int, int], ...] | None) -> tuple[tuple[int, int], ...] | None:
        if offsets is None:
            return None
        return tuple((s - start, e - start) for s, e in offsets if start <= s and e <= end)

    return replace(
        document,
        text=document.text[start:end],
        title=f"{document.title} ({number}/{count})" if document.title else "",
        id=None if document.id is None else f"{document.id}-{number}",
        meta={**document.meta, "part": number, "parts": count, "offset": start},
        spans=tuple(replace(span, start=span.start - start, end=span.end - start) for span in document.spans if start <= span.start < end),
        tokens=within(document.tokens),
        sentences=within(document.sentences),
    )
