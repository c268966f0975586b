"""Reading a file of any format: the options, what a reader returns, and its lines.

Every reader goes through ``iter_lines``, which decodes the file in its encoding
(given, or found by ``encoding.detect_encoding``) and leaves out a BOM, so an unreadable
file, undecodable bytes and an empty file fail alike: a ``FormatError`` naming file
and line.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from annotator.errors import FormatError
from annotator.formats.bio import SCHEMES
from annotator.formats.encoding import UTF8, canonical_encoding, detect_encoding
from annotator.model import SourceDocument

_READ_BUFFER = 1 << 20
"""Bytes read at a time: the default 8 KiB refills about once a line for a news article."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file: its encoding, how to read a CoNLL file's tags, and a TSV file's text column."""

    encoding: str | None = None
    """The file's text encoding; ``None`` detects it (``encoding.detect_encoding``)."""
    lenient: bool = False
    """Repair invalid tags and list the repairs instead of stopping at the first."""
    doc_sentences: int | None = None
    """Cut documents every N sentences (for corpora with no ``-DOCSTART-``)."""
    scheme: str | None = None
    """``iob1``, ``iob2`` or ``bioes``; ``None`` detects it from the file."""
    tag_column: int | None = None
    """The one column holding tags, counting the token's as 1 (CoNLL-2003's NER is 4);
    ``None`` finds it (``conll`` module docstring)."""
    text_column: str | None = None
    """The TSV column holding the text, by its header; ``None`` is the one named ``text``."""
    bytes_read: Callable[[int], None] | None = field(default=None, compare=False)
    """Told how many bytes of the file are read, every ``PROGRESS_LINES`` lines, by a
    format that is read as it is stored (JSONL): an import's progress within a large file."""

    def __post_init__(self) -> None:
        if self.encoding is not None:
            canonical_encoding(self.encoding)
        if self.tag_column is not None and self.tag_column < 2:
            raise FormatError(f"the tag column must be 2 or more (the token's is 1), not {self.tag_column}")
        if self.doc_sentences is not None and self.doc_sentences < 1:
            raise FormatError(f"doc_sentences must be at least 1, not {self.doc_sentences}")
        if self.scheme is not None and self.scheme not in SCHEMES:
            raise FormatError(f"unknown tag scheme {self.scheme!r}; expected one of {', '.join(SCHEMES)}")


@dataclass(frozen=True)
class FormatRead:
    """What one file gave the importer."""

    documents: tuple[SourceDocument, ...]
    repairs: tuple[str, ...] = ()
    """What a lenient read changed, one ``path:line: changed X to Y: why`` each."""
    extras: tuple[Mapping[str, Any], ...] = ()
    """JSONL only, one per document: its line's object without ``text``, for the fields
    the importer reads itself (``comments``); spans, frames, annotator and status are in
    the ``SourceDocument`` already."""
    encoding: str = UTF8
    """The encoding the file was read in, given or detected."""

    @property
    def labels(self) -> frozenset[str]:
        """Every span label read, so the importer can add the unknown ones to the schema."""
        return frozenset(span.label for document in self.documents for span in document.spans)


PROGRESS_LINES = 256
"""Lines between two calls of ``iter_lines``'s ``bytes_read`` (a megabyte of news in JSONL)."""


def iter_lines(
    path: str | os.PathLike[str], encoding: str | None = None, bytes_read: Callable[[int], None] | None = None
) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` with its line end kept, decoding strictly.

    ``encoding`` is detected when not given (``encoding.detect_encoding``). A BOM is
    not part of line 1. Lines end at LF, CRLF or a lone CR (old Mac files), and keep
    their end: normalizing it is the importer's. A byte the encoding cannot have is a
    ``FormatError`` naming the line, as are an empty and an unreadable file.
    ``bytes_read`` is told the bytes read so far every ``PROGRESS_LINES`` lines.
    """
    name = canonical_encoding(encoding) if encoding else detect_encoding(path)
    try:
        with open(path, "rb", buffering=_READ_BUFFER) as file:
            lines = _utf8_lines(file, path) if name == UTF8 else _decoded_lines(file, path, name)
            number = 0
            for number, line in enumerate(lines, 1):
                yield number, line.removeprefix("\ufeff") if number == 1 else line
                if bytes_read is not None and number % PROGRESS_LINES == 0:
                    bytes_read(file.tell())
            if number == 0:
                raise FormatError("file is empty", str(path))
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", str(path)) from None


_LONE_CR = re.compile("(?<=\r)(?!\n)")
"""Where a line ends at a CR that no LF follows."""

ENCODING_HINT = "; if the file is in another encoding, name it with --encoding (utf-16, cp1256...)"


def _utf8_lines(file: BinaryIO, path: str | os.PathLike[str]) -> Iterator[str]:
    """UTF-8 lines, split at LF by the file object and at lone CRs here (rare, so looked for
    with one ``in`` a line)."""
    number = 0
    for raw in file:
        number += 1
        try:
            line = raw.decode(UTF8)
        except UnicodeDecodeError as error:
            where = f"byte 0x{raw[error.start]:02x} at byte {error.start + 1} of the line"
            raise FormatError(f"invalid UTF-8: {where}{ENCODING_HINT}", str(path), number) from None
        if "\r" in line and _LONE_CR.search(line):
            pieces = _LONE_CR.split(line)
            number += len(pieces) - 1 - (pieces[-1] == "")
            yield from filter(None, pieces)
        else:
            yield line


def _decoded_lines(file: BinaryIO, path: str | os.PathLike[str], encoding: str) -> Iterator[str]:
    """Lines of any other encoding, decoded and split (LF, CRLF, CR) by a text wrapper
    (which closes ``file`` with it)."""
    number = 0
    try:
        with io.TextIOWrapper(file, encoding=encoding, errors="strict", newline="") as text:
            for number, line in enumerate(text, 1):
                yield line
    except UnicodeDecodeError as error:
        raise FormatError(f"not valid {encoding}: {error.reason}{ENCODING_HINT}", str(path), number + 1) from None
