"""File formats: one module per format, each in the ``FORMATS`` registry.

The module ``annotator.formats.<name>`` reads that format with
``read_<name>(path, options) -> FormatRead`` and shows a sample of the format in its
docstring. Formats: ``article`` (plain text), ``conll``, ``jsonl``, ``tsv``. ``detect_format``
chooses one for ``--format auto``; ``read_source`` reads a file in any of them.

Readers only parse. The text and every offset they return are as in the file (a
CoNLL text is rebuilt from its tokens); the importer normalizes (CRLF, NFC), dedupes
and stores. Every reader goes through ``reading.iter_lines``, which decodes the file in its
encoding (given, or found by ``encoding.detect_encoding``) and leaves out a BOM, so an
unreadable file, undecodable bytes and an empty file fail alike: a ``FormatError``
naming file and line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import Any

from annotator.errors import FormatError
from annotator.formats import article, conll, jsonl, tsv
from annotator.formats.bio import TagError, parse_tag
from annotator.formats.encoding import canonical_encoding, detect_encoding
from annotator.formats.reading import ENCODING_HINT, FormatRead, ReadOptions, iter_lines
from annotator.model import SourceDocument

__all__ = [
    "ENCODING_HINT", "FORMATS", "FormatRead", "ReadOptions", "SourceStream", "detect_format", "iter_lines", "read_source",
    "stream_source",
]  # fmt: skip

SourceItem = tuple[SourceDocument, Mapping[str, Any]]
"""A document read and its extra fields (``FormatRead.extras``; empty but in JSONL)."""


@dataclass(frozen=True)
class Format:
    """How one format is read: whole, and a document at a time where it can be."""

    read: Callable[[str | os.PathLike[str], ReadOptions], FormatRead]
    stream: Callable[[str | os.PathLike[str], ReadOptions, list[str]], Iterator[SourceItem]] | None = None
    """Yields the documents as it reads them, adding a lenient read's repairs to the list."""


FORMATS: Mapping[str, Format] = {
    "article": Format(article.read_article),
    "conll": Format(conll.read_conll, conll.stream_conll),
    "jsonl": Format(jsonl.read_jsonl, jsonl.stream_jsonl),
    "tsv": Format(tsv.read_tsv, tsv.stream_tsv),
}

_SUFFIXES = {
    ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
    ".conll": "conll", ".iob": "conll", ".bio": "conll", ".bioes": "conll",
    ".tsv": "tsv", ".tab": "tsv",
}
_SNIFF_LINES = 200
_SNIFF_SHARE = 0.8


def _is_token_line(line: str) -> bool:
    """``-DOCSTART-``, or two or more columns whose last is a tag. Only the first and last
    columns are cut off: a prose paragraph is one long line of words."""
    if line.split(None, 1)[0] == "-DOCSTART-":
        return True
    columns = line.rsplit(None, 1)
    if len(columns) < 2 or not columns[1].isascii():  # no tag is Arabic
        return False
    try:
        parse_tag(columns[1])
    except TagError:
        return False
    return True


def detect_format(path: str | os.PathLike[str], encoding: str | None = None) -> str:
    """Tell a file's format by its suffix or, failing that, by its first lines.

    ``.jsonl``/``.json``/``.ndjson`` are JSONL, ``.conll``/``.iob``/``.bio``/``.bioes``
    CoNLL and ``.tsv``/``.tab`` a table of one document a row (FIGNEWS). Any other file
    (AQMAR's CoNLL is ``.txt``) is sniffed: if most of its first non-blank lines are JSON objects it is JSONL, if most
    are ``TOKEN TAG...`` lines whose last column is a tag it is CoNLL, else plain text.
    """
    by_suffix = _SUFFIXES.get(Path(path).suffix.lower())
    if by_suffix:
        return by_suffix
    sample: list[str] = []
    for number, line in iter_lines(path, encoding):
        if line.strip():
            sample.append(line.strip())
        if number == _SNIFF_LINES:
            break
    enough = _SNIFF_SHARE * len(sample)
    if sample and sum(line.startswith("{") and line.endswith("}") for line in sample) >= enough:
        return "jsonl"
    if sample and sum(_is_token_line(line) for line in sample) >= enough:
        return "conll"
    return "article"


@dataclass(frozen=True)
class SourceStream:
    """A file being read a document at a time, for an importer that stores as it reads."""

    items: Iterator[SourceItem]
    """The documents, read as they are taken; a ``FormatError`` comes when its line does."""
    encoding: str
    repairs: list[str]
    """What a lenient read changed (``FormatRead.repairs``), complete once ``items`` is."""


def stream_source(path: str | os.PathLike[str], fmt: str = "auto", options: ReadOptions = ReadOptions()) -> SourceStream:
    """``read_source``, one document at a time where the format allows: a format may
    offer a ``stream`` (JSONL does, line by line; CoNLL in two passes, the first for what
    the whole file decides); the others (a text file is one document) are read whole."""
    encoding = canonical_encoding(options.encoding) if options.encoding else detect_encoding(path)
    found = _format(path, fmt, encoding)
    options = replace(options, encoding=encoding)
    if found.stream is not None:
        repairs: list[str] = []
        return SourceStream(found.stream(path, options, repairs), encoding, repairs)
    read = found.read(path, options)
    return SourceStream(iter(zip(read.documents, read.extras or repeat({}))), encoding, list(read.repairs))


def _format(path: str | os.PathLike[str], fmt: str, encoding: str) -> Format:
    """The registered format ``fmt``, or the one detected for ``auto``."""
    name = detect_format(path, encoding) if fmt == "auto" else fmt
    if name not in FORMATS:
        raise FormatError(f"unknown format {fmt!r}; expected auto, {', '.join(FORMATS)}", str(path))
    return FORMATS[name]


def read_source(path: str | os.PathLike[str], fmt: str = "auto", options: ReadOptions = ReadOptions()) -> FormatRead:
    """Read one file in the named format, or the detected one for ``auto``; in the
    encoding the options name, or the detected one."""
    encoding = canonical_encoding(options.encoding) if options.encoding else detect_encoding(path)
    return replace(_format(path, fmt, encoding).read(path, replace(options, encoding=encoding)), encoding=encoding)
