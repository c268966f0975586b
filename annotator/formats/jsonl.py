"""JSONL: one document a line, as a JSON object.

A sample line (offsets are code points into ``text`` as it stands in the file)::

    {"id": "a1", "title": "مقتل مقاتلين", "text": "قال بوتين إن", "meta": {"date": "2018-02-14"},
     "spans": [{"start": 4, "end": 9, "label": "PER"}]}

- ``text``, a non-empty string, is required. ``id`` (string or integer), ``title``
  (string), ``meta`` (object) and ``spans`` (list) are optional; without a title the
  project titles a document by its first line. ``meta.source`` (a string, as our export
  writes the document's source there) is the document's source.
- A span has integer ``start`` and ``end`` with ``0 <= start < end <= len(text)`` and a
  non-empty string ``label``; it may carry ``attributes`` (an object) and an ``id``.
- For round trips of our own export, ``tokens`` (a list of ``{text, start, end, id,
  ws}``, in order, not overlapping, each ``text`` equal to its slice of ``text``) are
  kept as token offsets; ``annotator`` (whose spans these are, unless the import names
  one) and ``status`` (``new``, ``in_progress`` or ``done``) are read too, and so are
  ``quotes``, ``claims`` (and ``frames``), as ``SourceFrame`` values: each an object with
  a non-empty string ``type``, ``slots`` mapping a slot to a list of span ``id``s of the
  line (a span without ``id`` is its index), ``frame_slots`` mapping a slot to ids of other
  frames of the line (a frame without ``id``: its index among the line's frames, quotes
  first), ``attributes`` (an object) and ``overrides`` (a list of attribute names). All
  other fields reach the importer raw, in ``FormatRead.extras``.
- Blank lines are skipped. Any bad line
  stops the file with a ``FormatError`` naming the line and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from annotator.errors import FormatError
from annotator.formats.reading import FormatRead, ReadOptions, iter_lines
from annotator.model import SourceDocument, SourceFrame, SourceSpan, Status

STATUSES = tuple(status.value for status in Status)
FRAME_KEYS = ("quotes", "claims", "frames")
"""The fields holding frames, as our own export writes them (annotator/export/jsonl.py)."""


class _LineError(Exception):
    """A problem in the line being read; ``iter_jsonl`` adds the file and line."""


_JSON_NAMES = {
    str: "a string", int: "an integer", float: "a number", bool: "a boolean",
    dict: "an object", list: "a list", type(None): "null",
}  # fmt: skip


def _kind(value: Any) -> str:
    return _JSON_NAMES[type(value)]


def _field(record: dict[str, Any], name: str, *kinds: type, where: str = "") -> Any:
    """``record[name]`` if it is one of ``kinds`` (a boolean is never an integer); ``None`` if absent."""
    value = record.get(name)
    if value is None or type(value) in kinds:  # the common case, one test (bool is never in kinds)
        return value
    if isinstance(value, bool) or not isinstance(value, kinds):
        expected = " or ".join(_JSON_NAMES[kind] for kind in kinds)
        raise _LineError(f"field '{where}{name}' must be {expected}, not {_kind(value)}")
    return value


def _offsets(item: Any, where: str, length: int) -> tuple[int, int]:
    """The checked ``start`` and ``end`` of a span or token object."""
    if not isinstance(item, dict):
        raise _LineError(f"field '{where}' must be an object, not {_kind(item)}")
    start, end = (_field(item, name, int, where=f"{where}.") for name in ("start", "end"))
    if start is None or end is None:
        raise _LineError(f"field '{where}' needs integer 'start' and 'end'")
    if start >= end:
        raise _LineError(f"field '{where}' has start {start} not before end {end}")
    if start < 0 or end > length:
        raise _LineError(f"field '{where}' ({start}, {end}) lies outside the text of {length} characters")
    return start, end


def _spans(record: dict[str, Any], text: str) -> tuple[SourceSpan, ...]:
    spans = []
    for index, item in enumerate(_field(record, "spans", list) or []):
        where = f"spans[{index}]"
        start, end = _offsets(item, where, len(text))
        label = _field(item, "label", str, where=f"{where}.")
        if not label:
            raise _LineError(f"field '{where}' needs a non-empty string 'label'")
        spans.append(SourceSpan(start, end, label, _field(item, "attributes", dict, where=f"{where}.") or {}))
    return tuple(spans)


def _ids(item: dict[str, Any], name: str, where: str, index: dict[Any, int], what: str) -> tuple[tuple[str, int], ...]:
    """``item[name]``, a slot -> ids object, as ``(slot, index)`` pairs, each id one ``index`` knows."""
    found = []
    for slot, ids in (_field(item, name, dict, where=f"{where}.") or {}).items():
        if not isinstance(ids, list):
            raise _LineError(f"field '{where}.{name}.{slot}' must be a list, not {_kind(ids)}")
        for value in ids:
            if isinstance(value, (dict, list)) or value not in index:
                raise _LineError(f"field '{where}.{name}.{slot}' names {what} {value!r}, which the line lacks")
            found.append((slot, index[value]))
    return tuple(found)


def _frames(record: dict[str, Any]) -> tuple[SourceFrame, ...]:
    """The line's quotations and claims (``_spans`` has checked ``spans`` already)."""
    items = [(f"{key}[{k}]", item) for key in FRAME_KEYS for k, item in enumerate(_field(record, key, list) or [])]
    if not items:
        return ()
    for where, item in items:
        if not isinstance(item, dict):
            raise _LineError(f"field '{where}' must be an object, not {_kind(item)}")
    spans = {item.get("id", k): k for k, item in enumerate(record.get("spans") or [])}
    frames = {item.get("id", n): n for n, (_, item) in enumerate(items)}
    read = []
    for where, item in items:
        frame_type = _field(item, "type", str, where=f"{where}.")
        if not frame_type:
            raise _LineError(f"field '{where}' needs a non-empty string 'type'")
        overrides = _field(item, "overrides", list, where=f"{where}.") or []
        if not all(isinstance(name, str) for name in overrides):
            raise _LineError(f"field '{where}.overrides' must be a list of attribute names")
        read.append(SourceFrame(
            type=frame_type,
            spans=_ids(item, "slots", where, spans, "span"),
            frames=_ids(item, "frame_slots", where, frames, "frame"),
            attributes=_field(item, "attributes", dict, where=f"{where}.") or {},
            overrides=tuple(overrides),
        ))
    return tuple(read)


def _tokens(record: dict[str, Any], text: str) -> tuple[tuple[int, int], ...] | None:
    items = _field(record, "tokens", list)
    if items is None:
        return None
    tokens: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        where = f"tokens[{index}]"
        start, end = _offsets(item, where, len(text))
        if tokens and start < tokens[-1][1]:
            raise _LineError(f"field '{where}' begins before the token before it ends")
        given = _field(item, "text", str, where=f"{where}.")
        if given is not None and given != text[start:end]:
            raise _LineError(f"field '{where}.text' is {given!r} but the text there is {text[start:end]!r}")
        tokens.append((start, end))
    return tuple(tokens)


def _document(record: Any, number: int) -> SourceDocument:
    """The line's document. An unpaired surrogate (from a ``\\u`` escape) is not looked
    for here: storing it fails, and only then does the importer find the field."""
    if not isinstance(record, dict):
        raise _LineError(f"expected a JSON object, not {_kind(record)}")
    text = _field(record, "text", str)
    if not text:
        raise _LineError("field 'text' is required and must be a non-empty string")
    document_id = _field(record, "id", str, int)
    if document_id == "":
        raise _LineError("field 'id' is empty")
    meta = dict(_field(record, "meta", dict) or {})
    source = meta.pop("source", "")
    if not isinstance(source, str):
        raise _LineError(f"field 'meta.source' must be a string, not {_kind(source)}")
    status = _field(record, "status", str)
    if status is not None and status not in STATUSES:
        raise _LineError(f"field 'status' is {status!r}, not one of {', '.join(STATUSES)}")
    return SourceDocument(
        text=text,
        title=_field(record, "title", str) or "",
        status=status,
        annotator=_field(record, "annotator", str) or None,
        id=None if document_id is None else str(document_id),
        source=source,
        meta=meta,
        spans=_spans(record, text),
        frames=_frames(record),
        tokens=_tokens(record, text),
        line=number,
    )


def _refuse_constant(name: str) -> None:
    """NaN and Infinity are not JSON: stored, they would be exported as text other tools refuse."""
    raise _LineError(f"{name} is not a JSON value (a number must be finite)")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
_RAW_DECODE = _DECODER.raw_decode


def _parse(line: str) -> Any:
    """``json.loads(line)`` without its two whitespace regexes for the usual line (an
    object from the first character, then the line end); any other line, and every
    error, goes through ``json.loads`` itself."""
    try:
        record, end = _RAW_DECODE(line)
        if end == len(line) or line[end:].isspace():
            return record
    except json.JSONDecodeError:
        pass
    return _DECODER.decode(line)


def _column(error: json.JSONDecodeError, line: str) -> int:
    """The error's column in the line without its line end (JSON skips that as whitespace)."""
    return min(error.pos, len(line.rstrip("\r\n"))) + 1


def iter_jsonl(
    path: str | os.PathLike[str], encoding: str | None = None, bytes_read: Callable[[int], None] | None = None
) -> Iterator[tuple[SourceDocument, dict[str, Any]]]:
    """Yield each line's document and its object without ``text`` (the raw extra fields);
    ``bytes_read`` as ``iter_lines`` has it."""
    count = 0
    for number, line in iter_lines(path, encoding, bytes_read):  # JSON reads the line end as whitespace
        if not line or line.isspace():  # as ``not line.strip()``, without copying the line
            continue
        try:
            record = _parse(line)
            document = _document(record, number)
        except json.JSONDecodeError as error:
            raise FormatError(f"not valid JSON: {error.msg} (column {_column(error, line)})", str(path), number) from None
        except RecursionError:
            raise FormatError("JSON nested too deeply to read", str(path), number) from None
        except ValueError:  # not a JSONDecodeError: the one other thing json.loads refuses
            raise FormatError("a number has more digits than can be read", str(path), number) from None
        except _LineError as error:
            raise FormatError(str(error), str(path), number) from None
        count += 1
        extra = dict(record)
        del extra["text"]
        yield document, extra
    if count == 0:
        raise FormatError("file holds no JSON lines", str(path))


def stream_jsonl(
    path: str | os.PathLike[str], options: ReadOptions = ReadOptions(), repairs: list[str] | None = None
) -> Iterator[tuple[SourceDocument, dict[str, Any]]]:
    """``iter_jsonl`` for the importer, which stores as it reads (``formats.stream_source``);
    JSONL is never repaired, so ``repairs`` stays as it is."""
    return iter_jsonl(path, options.encoding, options.bytes_read)


def read_jsonl(path: str | os.PathLike[str], options: ReadOptions = ReadOptions()) -> FormatRead:
    """Read every line of a JSONL file (of the options, only the encoding counts here)."""
    pairs = list(iter_jsonl(path, options.encoding))
    return FormatRead(tuple(document for document, _ in pairs), extras=tuple(extra for _, extra in pairs))
