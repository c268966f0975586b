"""TSV: a table with a header row, one document a row (FIGNEWS-2024's posts).

A sample (one row a line, cells separated by tabs)::

    Batch	Source Language	ID	Text	Arabic MT
    B01	Arabic	10	شاركونا بحملة #دواعش_حماس ...	شاركونا بحملة #دواعش_حماس ...
    B01	English	15	In an extended interview, ...	في مقابلة مطولة، ...

- The first row names the columns. The document's text is the column named ``text``
  (in any case), or the one ``ReadOptions.text_column`` names (FIGNEWS: ``Arabic MT``
  for every post in Arabic, ``Text`` for each in its own language); a file without it
  stops with the columns it has, so a table of figures (FIGNEWS's label counts) is never
  stored as text.
- A cell is all between two tabs, quotes included: as in IANA's TSV (and FIGNEWS,
  whose posts hold unpaired quotes) nothing is quoted, and a cell holds no tab or line end.
- Every other column with a name and a value in the row goes to the document's
  ``meta`` under its header, so a post keeps its batch, language and id.
- A row with more cells than the header, or none in the text column, stops the file
  naming its line; ``--lenient`` leaves a row without text out and lists it. Blank
  lines are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.errors import FormatError
from annotator.formats.reading import FormatRead, ReadOptions, iter_lines
from annotator.model import SourceDocument

DEFAULT_TEXT_COLUMN = "text"
SUFFIXES = (".tsv", ".tab")


def _text_column(header: list[str], wanted: str | None, path: str) -> int:
    """The index of the text column (its name compared without case), or a ``FormatError``
    listing the columns there are."""
    name = (wanted or DEFAULT_TEXT_COLUMN).strip().casefold()
    for index, column in enumerate(header):
        if column.strip().casefold() == name:
            return index
    columns = ", ".join(repr(column) for column in header if column.strip())
    hint = "name another" if wanted else "name the column of the text"
    raise FormatError(f"no column {wanted or DEFAULT_TEXT_COLUMN!r} in the header ({columns}); {hint} with --text-column NAME",
                      path, 1)


def table_columns(paths: Iterable[str | os.PathLike[str]], encoding: str | None = None) -> list[str]:
    """The named columns of the TSV files among ``paths`` (by suffix), each once in the
    order met, [] if there is none: what the workbench offers as the text column before an
    import (a folder such as FIGNEWS's holds a table of posts and one of label counts)."""
    columns: dict[str, None] = {}
    for path in paths:
        if Path(path).suffix.lower() in SUFFIXES:
            for _, line in iter_lines(path, encoding):
                columns.update(dict.fromkeys(column for column in line.rstrip("\r\n").split("\t") if column.strip()))
                break
    return list(columns)


def stream_tsv(
    path: str | os.PathLike[str], options: ReadOptions = ReadOptions(), repairs: list[str] | None = None
) -> Iterator[tuple[SourceDocument, dict[str, Any]]]:
    """Yield each row's document as it is read; a lenient read lists the rows it left out in ``repairs``."""
    where = str(path)
    lines = iter_lines(path, options.encoding, options.bytes_read)
    header: list[str] = []
    text_at: int | None = None  # found at the first row, so a line the encoding refuses is named first
    count = 0
    for number, line in lines:
        row = line.rstrip("\r\n").split("\t")
        if number == 1:
            header = row
            continue
        if not line.strip():
            continue
        if text_at is None:
            text_at = _text_column(header, options.text_column, where)
        if len(row) > len(header):
            raise FormatError(f"{len(row)} cells where the header has {len(header)}", where, number)
        text = row[text_at] if text_at < len(row) else ""
        if not text.strip():
            problem = f"no text in column {header[text_at]!r}"
            if not options.lenient:
                raise FormatError(f"{problem}; --lenient leaves such rows out", where, number)
            if repairs is not None:
                repairs.append(f"{where}:{number}: left out a row with {problem}")
            continue
        meta = {name: cell for index, (name, cell) in enumerate(zip(header, row))
                if index != text_at and name.strip() and cell.strip()}
        count += 1
        yield SourceDocument(text=text, meta=meta, line=number), {}
    if text_at is None:
        _text_column(header, options.text_column, where)
    if count == 0:
        raise FormatError("file holds no rows with text", where)


def read_tsv(path: str | os.PathLike[str], options: ReadOptions = ReadOptions()) -> FormatRead:
    """Read every row of a TSV file."""
    repairs: list[str] = []
    documents = tuple(document for document, _ in stream_tsv(path, options, repairs))
    return FormatRead(documents, repairs=tuple(repairs))
