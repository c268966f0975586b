"""CoNLL: one token a line followed by its tags, a blank line between sentences.

A sample (tab or space separated; ``-DOCSTART-`` begins a document; further tag
columns hold nested entities, outer first, as in Wojood)::

    -DOCSTART- O

    مجلس B-ORG
    الأمن I-ORG
    ضد I-ORG
    الأسد I-ORG B-PERS
    $#$ O

    الجمعة B-DATE

How it is read:

- A line holding a tab is split at tabs, any other at spaces, so a token never holds
  its file's separator. A line of whitespace only (NewsFANE's single tab) ends a
  sentence. Line ends (LF, CRLF, CR) belong to no token; every other character does,
  NewsFANE's U+200E LRM before a token included (the text is never altered here).
- The text is rebuilt: a sentence's tokens joined by one space, sentences by ``\\n``.
  Token and sentence offsets are kept, so an export gives the same tokens back.
- Documents begin at ``-DOCSTART-`` (whatever columns follow it) and, with
  ``doc_sentences=N``, every N sentences; a file with neither is one document. The
  title is the file's stem, ``stem #n`` when the file gives several documents.
- Wojood's ``$#$ O`` pseudo-token marks the end of a segment (the corpus README): it
  ends the sentence and is neither text nor a token, so no annotator reads or tags it
  and no model trains on it. A ``$#$`` with a tag other than ``O`` would be a word of an
  entity, and stays a token.
- The tag columns are the columns after the token if each holds only tags (nested
  entities, as in Wojood), else the last column if it does (CoNLL-2003's token, POS,
  chunk and NER), else the file stops naming the first column that is not tags;
  ``tag_column=N`` (the token's column being 1) takes column N alone.
- Each tag column is a layer, decoded by sentence on its own (a line with fewer
  columns has ``O`` in the others); the spans of all layers are the document's, one
  entity found in two layers being one span. The scheme (IOB1, IOB2, BIOES) is that
  of ``bio.detect_scheme`` over the whole file unless one is given.
- A line with no tag, an invalid tag (``IO``, ``I--ORG``) or a broken sequence (an
  IOB2 ``I-`` continuing nothing) stops a strict read with a ``FormatError`` at the
  first such line, saying how many more there are and that ``--lenient`` repairs them. A lenient read repairs them as
  ``bio.tags_to_spans`` does and lists every repair. Unknown but well-formed labels
  (``B-ENGLISH``) are labels like any other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from annotator.errors import FormatError
from annotator.formats.reading import FormatRead, ReadOptions, iter_lines
from annotator.formats.bio import SchemeEvidence, is_tag, tags_to_spans
from annotator.model import SourceDocument, SourceSpan

DOCSTART = "-DOCSTART-"
LENIENT_HINT = "; --lenient repairs and lists them"
"""Said after a strict read's first problem: the way past it."""
SEGMENT_END = "$#$"
"""Wojood's mark of a segment's end, a line ``$#$ O`` of its own."""


class _Row(NamedTuple):
    text: str
    tags: tuple[str, ...]
    line: int


class _Problem(NamedTuple):
    line: int
    change: str
    reason: str


Sentence = list[_Row]


def _columns(line: str) -> list[str]:
    parts = line.split("\t") if "\t" in line else line.split(" ")
    return [part.strip(" ") for part in parts if part.strip(" ")]


def _iter_documents(path: str | os.PathLike[str], encoding: str | None, problems: list[_Problem]) -> Iterator[list[Sentence]]:
    """The file's documents of sentences of rows, one at a time, as the breaks in it say."""
    document: list[Sentence] = []
    sentence: Sentence = []
    for number, raw in iter_lines(path, encoding):
        line = raw.rstrip("\r\n")
        columns = _columns(line) if line.strip() else []
        if columns and columns[0] == SEGMENT_END and all(tag == "O" for tag in columns[1:]):
            columns = []  # a sentence's end, as a blank line is
        if sentence and (not columns or columns[0] == DOCSTART):
            document.append(sentence)
            sentence = []
        if not columns:
            continue
        if columns[0] == DOCSTART:
            if document:
                yield document
            document = []
            continue
        if len(columns) == 1:
            problems.append(_Problem(number, "added the tag O", f"token {columns[0]!r} has no tag"))
            columns.append("O")
        sentence.append(_Row(columns[0], tuple(columns[1:]), number))
    if sentence:
        document.append(sentence)
    if document:
        yield document


def _pieces(documents: Iterator[list[Sentence]], size: int | None) -> Iterator[list[Sentence]]:
    """The documents, cut every ``size`` sentences when a size is given."""
    for document in documents:
        if size is None:
            yield document
        else:
            yield from (document[i : i + size] for i in range(0, len(document), size))


class _Scan:
    """What a first pass over the file learns, holding no document: how many documents,
    which columns hold tags, the tag scheme's evidence per column, rows without a tag."""

    def __init__(self, path: str | os.PathLike[str], options: ReadOptions):
        self.documents = 0
        self.problems: list[_Problem] = []
        self.seen: list[int] = []
        self.others: list[int] = []
        self.first_other: list[tuple[int, str] | None] = []
        self.evidence: list[SchemeEvidence] = []
        self.short: int | None = None
        """The first line short of the tag column asked for."""
        wanted = options.tag_column
        for document in _pieces(_iter_documents(path, options.encoding, self.problems), options.doc_sentences):
            self.documents += 1
            for sentence in document:
                width = max(len(row.tags) for row in sentence)
                while len(self.seen) < width:
                    self.seen.append(0)
                    self.others.append(0)
                    self.first_other.append(None)
                    self.evidence.append(SchemeEvidence())
                for row in sentence:
                    if wanted is not None and len(row.tags) < wanted - 1 and self.short is None:
                        self.short = row.line
                    for column, tag in enumerate(row.tags):
                        self.seen[column] += 1
                        if not is_tag(tag):
                            self.others[column] += 1
                            self.first_other[column] = self.first_other[column] or (row.line, tag)
                for column, layer in enumerate(_layers(sentence)):
                    self.evidence[column].add(layer)

    def scheme(self, column: int | None) -> str:
        """The scheme of the tag column kept, or of all of them."""
        if column is not None:
            return self.evidence[column].scheme
        joined = SchemeEvidence()
        for evidence in self.evidence:
            joined |= evidence
        return joined.scheme


def _tag_column(scan: _Scan, wanted: int | None, path: str | os.PathLike[str]) -> int | None:
    """The one column to keep (an index into a row's tags), or ``None`` for all: column
    ``wanted`` (the token's being 1), else every column after the token that holds mostly
    tags (a typo in a tag column is the decoder's to report) if they all do, else the
    last one if it does (CoNLL-2003's token, POS, chunk and NER); else a ``FormatError``
    naming the first other column."""
    if wanted is not None:
        if scan.short is not None:
            raise FormatError(f"line has no column {wanted} (the tag column asked for)", str(path), scan.short)
        return wanted - 2
    width = len(scan.seen)
    features = [column for column in range(width) if scan.others[column] * 2 > scan.seen[column]]
    if width < 2 or not features:
        return None
    if features[-1] != width - 1:
        return width - 1
    line, value = scan.first_other[features[0]] or (None, "")
    raise FormatError(
        f"column {features[0] + 2} holds {value!r}, not a tag; name the tag column with --tag-column N", str(path), line
    )


def _with_tags(document: list[Sentence], column: int) -> list[Sentence]:
    """The rows with only the tag of ``column`` (an index into a row's tags); ``O`` where a
    row is short of it."""
    return [[row._replace(tags=(row.tags[column] if column < len(row.tags) else "O",)) for row in sentence] for sentence in document]


def _layers(sentence: Sentence) -> Iterator[list[str]]:
    for column in range(max(len(row.tags) for row in sentence)):
        yield [row.tags[column] if column < len(row.tags) else "O" for row in sentence]


def _decode(sentence: Sentence, scheme: str, problems: list[_Problem], mend: bool) -> list[tuple[int, int, str]]:
    """The sentence's token spans over all layers, noting every repair as a problem."""
    spans: set[tuple[int, int, str]] = set()
    for column, layer in enumerate(_layers(sentence)):
        found, repairs = tags_to_spans(layer, scheme, lenient=True, mend=mend)
        spans.update(found)
        where = f" in tag column {column + 1}" if column else ""
        for repair in repairs:
            change = f"changed {repair.old} to {repair.new}{where}"
            problems.append(_Problem(sentence[repair.index].line, change, repair.reason))
    return sorted(spans, key=lambda span: (span[0], -span[1], span[2]))


def _document(sentences: list[Sentence], title: str, scheme: str, problems: list[_Problem], mend: bool) -> SourceDocument:
    """Rebuild the text from the tokens and move the token spans onto it."""
    tokens: list[tuple[int, int]] = []
    sentence_offsets: list[tuple[int, int]] = []
    spans: list[SourceSpan] = []
    offset = 0
    for sentence in sentences:
        first = len(tokens)
        for row in sentence:
            tokens.append((offset, offset + len(row.text)))
            offset += len(row.text) + 1
        sentence_offsets.append((tokens[first][0], tokens[-1][1]))
        for start, end, label in _decode(sentence, scheme, problems, mend):
            spans.append(SourceSpan(tokens[first + start][0], tokens[first + end - 1][1], label))
    text = "\n".join(" ".join(row.text for row in sentence) for sentence in sentences)
    return SourceDocument(
        text=text,
        title=title,
        spans=tuple(spans),
        tokens=tuple(tokens),
        sentences=tuple(sentence_offsets),
        line=sentences[0][0].line,
    )


def stream_conll(
    path: str | os.PathLike[str], options: ReadOptions = ReadOptions(), repairs: list[str] | None = None
) -> Iterator[tuple[SourceDocument, dict[str, Any]]]:
    """Read a CoNLL file a document at a time (see the module docstring for the rules).

    A first pass learns what the whole file decides (the tag columns, the scheme, the
    number of documents), holding no document; the second yields them. A lenient read's
    repairs are added to ``repairs`` once every document is read; a strict read stops at
    the end, naming the first problem and counting the others, having yielded only the
    documents before the first problem (an importer stores the file whole or not at all).
    """
    scan = _Scan(path, options)
    if not scan.documents:
        raise FormatError("file holds no tokens", str(path))
    column = _tag_column(scan, options.tag_column, path)
    scheme = options.scheme or scan.scheme(column)
    stem = Path(path).stem
    problems = list(scan.problems)
    for n, document in enumerate(_pieces(_iter_documents(path, options.encoding, []), options.doc_sentences), 1):
        title = stem if scan.documents == 1 else f"{stem} #{n}"
        read = _document(document if column is None else _with_tags(document, column), title, scheme, problems, options.lenient)
        if options.lenient or not problems:
            yield read, {}
    problems.sort(key=lambda problem: problem.line)
    if problems and not options.lenient:
        first = problems[0]
        others = len(problems) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        raise FormatError(f"{first.reason}{more}{LENIENT_HINT}", str(path), first.line)
    if repairs is not None:
        repairs += [f"{path}:{problem.line}: {problem.change}: {problem.reason}" for problem in problems]


def read_conll(path: str | os.PathLike[str], options: ReadOptions = ReadOptions()) -> FormatRead:
    """Read a CoNLL file whole (``stream_conll``, held in a tuple)."""
    repairs: list[str] = []
    documents = tuple(document for document, _ in stream_conll(path, options, repairs))
    return FormatRead(documents, tuple(repairs))
