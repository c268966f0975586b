"""CoNLL export: one token and its tag a line, as CoNLL-2003 readers expect.

A sample (tab between token and tag; IOB2 unless BIOES is asked for)::

    -DOCSTART- -X- O O

    قال	O
    مسؤول	O
    في	O
    وزارة	B-ORG
    الدفاع	I-ORG
    .	O

    وأضاف	O

The file is UTF-8 without a BOM, with ``\\n`` line ends. Each document begins with
the line ``-DOCSTART- -X- O O`` and a blank line; each sentence ends with a blank
line. Tokens and sentences are those of ``export.tokens`` (read from its token cache).

Spans become tags by ``formats.bio.char_spans_to_token_spans`` in ``expand`` mode:

- a span whose edges fall inside a token is widened to the whole tokens it touches
  (as Arabic CoNLL corpora tag "وبيروت" whole) and reported as *changed*, with
  where; ``segment_clitics`` avoids most of these by splitting "و" + "بيروت";
- a span that touches no token (only spaces or invisible marks) is *dropped*;
- of nested or overlapping spans the longest (in tokens; on a tie the earliest, then
  the one stored first) is written and the others are reported as *left out*;
- a sentence break that falls inside a written span is not written (the sentences
  are joined) and counted, so no entity is cut in two.

Round trip: a CoNLL file imported and exported again gives the same tokens and tags
line for line, apart from these normalizations: the BOM, CR line ends and blank
lines holding whitespace go; a run of blank lines is one; columns are separated by
one tab; ``-DOCSTART-`` lines are written as above, one per document (a file without
them was one document and gains one); of several tag columns (nested entities) one
column is left, holding the longest entity; the tags are in the scheme asked for
(IOB2 unless BIOES, so IOB1 input comes out IOB2); tags the import repaired (with
``--lenient``) are written repaired; the text is in NFC; a document without tokens
(two ``-DOCSTART-`` in a row) and one whose text the project already held are gone. Line breaks and tabs inside
a stored token (possible only in JSONL input) are written as spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import repeat
from operator import le

from annotator.model import SpanRow
from annotator.export.model import Encoded, ExportItem, ExportNote, ExportOptions
from annotator.formats.bio import TokenSpan, char_spans_to_token_spans, spans_to_tags

DOCSTART = "-DOCSTART- -X- O O\n\n"
_LINE_BREAKING = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


class _Endings(dict[str, str]):
    """What follows a token on its line, by tag: a tab, the tag and the line end."""

    def __missing__(self, tag: str) -> str:
        self[tag] = ending = f"\t{tag}\n"
        return ending


_ENDINGS = _Endings()


def encode_conll(item: ExportItem, options: ExportOptions) -> Encoded:
    """One document as CoNLL text (its ``-DOCSTART-`` line first) and what changed."""
    document = item.document
    text = document.text
    starts, ends = item.tokens.starts, item.tokens.ends
    count = len(starts)
    kept = _exact_token_spans(starts, ends, item.spans)
    notes: tuple[ExportNote, ...] = ()
    if kept is None:
        kept, report = char_spans_to_token_spans(list(zip(starts, ends)), [(s.start, s.end, s.label) for s in item.spans], "expand")
        notes = tuple(
            ExportNote(document.id, kind, note.start, note.end, note.label, text[note.start : note.end], note.reason)
            for kind, group in (("changed", report.changed), ("dropped", report.dropped), ("left out", report.left_out))
            for note in group
        )
    breaks = sorted({bisect_left(starts, start) for start, _ in item.tokens.sentences} - {0, count})
    firsts = [first for first, _, _ in kept]
    inside = {b for b in breaks if (k := bisect_left(firsts, b) - 1) >= 0 and kept[k][1] > b}
    bounds = sorted({0, count}.union(b for b in breaks if b not in inside))
    if options.scheme == "iob1":
        # in IOB1 an entity that opens a sentence takes I-: tag sentence by sentence
        tags = []
        for a, b in zip(bounds, bounds[1:]):
            inner = kept[bisect_left(firsts, a) : bisect_left(firsts, b)]
            tags += spans_to_tags(b - a, [(first - a, last - a, label) for first, last, label in inner], "iob1")
    else:
        tags = spans_to_tags(count, kept, options.scheme)
    words = item.tokens.words
    if document.tokens is not None and _LINE_BREAKING.search("\0".join(words)):
        words = [_LINE_BREAKING.sub(" ", word) for word in words]
    endings = list(map(_ENDINGS.__getitem__, tags))
    for b in bounds[1:]:
        endings[b - 1] += "\n"  # a blank line ends each sentence
    lines = [""] * (2 * count)
    lines[0::2] = words
    lines[1::2] = endings
    return Encoded(
        data=(DOCSTART + "".join(lines)).encode(),
        tokens=count,
        spans=len(kept),
        notes=notes,
        sentences_joined=len(inside),
    )


def _exact_token_spans(starts: list[int], ends: list[int], spans: list[SpanRow]) -> list[TokenSpan] | None:
    """The token spans when every span begins and ends on token edges and none overlaps
    another (as nearly always), which needs no notes; else None, for the full alignment.
    Checked a list at a time: this runs for every span of the corpus."""
    span_starts = [span.start for span in spans]
    span_ends = [span.end for span in spans]
    firsts = list(map(bisect_left, repeat(starts), span_starts))
    afters = list(map(bisect_right, repeat(ends), span_ends))
    exact = (
        list(map([*starts, -1].__getitem__, firsts)) == span_starts
        and list(map([-1, *ends].__getitem__, afters)) == span_ends
    )
    if not exact or not all(map(le, afters, firsts[1:])):  # by start, so an overlap ends after the next start
        return None
    return list(zip(firsts, afters, [span.label for span in spans]))
