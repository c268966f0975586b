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
line. Tokens are ``export.tokens.word_tokens``; sentences are those stored with the
document (CoNLL input) or ``annotator.text.split_sentences``.

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
from bisect import bisect_left

from annotator.export.model import Encoded, ExportItem, ExportNote, ExportOptions
from annotator.export.tokens import word_tokens
from annotator.formats.bio import char_spans_to_token_spans, spans_to_tags
from annotator.text import split_sentences

DOCSTART = "-DOCSTART- -X- O O\n\n"
_LINE_BREAKING = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def encode_conll(item: ExportItem, options: ExportOptions) -> Encoded:
    """One document as CoNLL text (its ``-DOCSTART-`` line first) and what changed."""
    document = item.document
    text = document.text
    tokens = word_tokens(document, clitics=options.segment_clitics)
    kept, report = char_spans_to_token_spans(tokens, [(s.start, s.end, s.label) for s in item.spans], "expand")
    token_starts = [start for start, _ in tokens]
    sentences = document.sentences if document.sentences is not None else split_sentences(text)
    breaks = sorted({bisect_left(token_starts, start) for start, _ in sentences} - {0, len(tokens)})
    firsts = [first for first, _, _ in kept]
    inside = {b for b in breaks if (k := bisect_left(firsts, b) - 1) >= 0 and kept[k][1] > b}
    bounds = sorted({0, len(tokens)}.union(b for b in breaks if b not in inside))
    words = [text[start:end] for start, end in tokens]
    if document.tokens is not None and _LINE_BREAKING.search("\0".join(words)):
        words = [_LINE_BREAKING.sub(" ", word) for word in words]
    sentence_lines = []
    for a, b in zip(bounds, bounds[1:]):
        # tags sentence by sentence: in IOB1 an entity that opens a sentence takes I-
        inner = kept[bisect_left(firsts, a) : bisect_left(firsts, b)]
        tags = spans_to_tags(b - a, [(first - a, last - a, label) for first, last, label in inner], options.scheme)
        sentence_lines.append("\n".join(map("\t".join, zip(words[a:b], tags))) + "\n\n")
    notes = tuple(
        ExportNote(document.id, kind, note.start, note.end, note.label, text[note.start : note.end], note.reason)
        for kind, group in (("changed", report.changed), ("dropped", report.dropped), ("left out", report.left_out))
        for note in group
    )
    return Encoded(
        text=DOCSTART + "".join(sentence_lines),
        tokens=len(tokens),
        spans=len(kept),
        notes=notes,
        sentences_joined=len(inside),
    )
