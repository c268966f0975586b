"""JSONL export: one document a line, in the Prodigy / spaCy layout.

A sample line (wrapped here; keys in this order, ``quotes``/``claims`` only when the
document has some)::

    {"id": "a1", "title": "خبر", "text": "قال مسؤول إن اثنين قتلا",
     "meta": {"source": "وكالات"}, "annotator": "ali", "status": "done",
     "tokens": [{"text": "قال", "start": 0, "end": 3, "id": 0, "ws": true}, ...],
     "spans": [{"start": 4, "end": 9, "label": "SPEAKER", "text": "مسؤول",
                "token_start": 1, "token_end": 1, "id": 0}, ...],
     "quotes": [{"id": 0, "type": "QUOTE", "slots": {"CONTENT": [3], "CUE": [1],
                 "SPEAKER": [0]}, "attributes": {"mode": "indirect"}}],
     "claims": [{"id": 1, "type": "CASUALTY_CLAIM", "slots": {"COUNT": [4], ...},
                 "frame_slots": {"SOURCE": [0]}, "attributes": {"count_max": 2,
                 "count_min": 2, "outcome": "killed", ...}}]}

- ``text`` is the stored text (already BOM-free, LF line ends, NFC); offsets are code
  points into it, end exclusive. ``meta`` is the import metadata with ``source`` added
  when the document has one; the import time is left out, so exporting an imported
  export gives the same file. ``annotator`` names whose layer this is (``gold`` for
  the adjudicated one) and ``status`` is that annotator's status of the document;
  both are null in the export of a project no one has annotated.
- ``tokens`` are ``export.tokens.aligned_tokens``: they cover the text, a single space
  after a token is its ``ws``, any other whitespace is a token; they are cut at span
  edges, so ``token_start``/``token_end`` (inclusive) hold each span exactly and
  ``Doc(vocab, words=[t["text"]...], spaces=[t["ws"]...])`` has ``doc.text == text``
  and ``doc.char_span(start, end, label)`` for every span. Token and span ``id`` are
  their index in the line.
- ``spans`` are every span of the exported labels, overlapping ones included, by
  start then longest first; a span's ``attributes`` are written when it has some.
- Frames: ``quotes`` (QUOTE), ``claims`` (CASUALTY_CLAIM) and ``frames`` (any other
  type), numbered in one sequence in that order, by the position of their first span.
  ``slots`` maps a slot to the ids of the spans filling it, ``frame_slots`` to the ids
  of the frames filling it (a claim's SOURCE quote). A frame is written only whole:
  one with a filler whose label is not exported is left out and counted. A claim's
  counts are as the project keeps them, derived from its COUNT span
  (``annotator.frames.counts``), so a trainer always finds the count as numbers;
  ``overrides`` (only when there are some) names the attributes a person set by hand,
  and importing the line keeps them so.
- Characters are written as themselves (UTF-8), except U+2028/U+2029, escaped so that
  readers splitting lines at them do not break a document.
- Speed: the first JSONL export of a document keeps in the project's token cache its
  uncut tokens as the line writes them and the line's head up to ``meta`` (``_pack``);
  later exports copy those bytes when every span starts and ends on a token edge, and
  cut the tokens afresh otherwise. The output is the same either way.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import cache
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from annotator.export.model import Encoded, ExportItem, ExportOptions
from annotator.export.tokens import INT32, AlignedTokens, aligned_tokens
from annotator.model import Document, Frame, SpanRow, json_default

FRAME_KEYS = {"QUOTE": "quotes", "CASUALTY_CLAIM": "claims"}
"""The JSONL key of each frame type; other types go under ``frames``."""
OTHER_FRAMES = "frames"

_ESCAPED = re.compile(r'["\\\x00-\x1f\u2028\u2029]')
"""What a JSON string here escapes: what ``json.dumps(..., ensure_ascii=False)`` does, and
U+2028/U+2029, which some readers take for line ends."""
_LOOKED_UP_BELOW = 1 << 14
"""Documents shorter than this take their tokens' offsets and ids as JSON from tables."""
_START, _END, _ID = '", "start": %d', ', "end": %d', ', "id": %d'
_NEXT_TOKEN = '}, {"text": "'
_WS_LAST = (', "ws": false}', ', "ws": true}')
_WS_AND_NEXT = tuple(ws + _NEXT_TOKEN[1:] for ws in _WS_LAST)


def encode_jsonl(item: ExportItem, options: ExportOptions) -> Encoded:
    """One document as one JSON line (with its ``\\n``), in UTF-8."""
    document = item.document
    text = document.text
    spans = item.spans
    frames, left_out = _frames(item, text)
    # the line is json.dumps of the head (id, title, text, meta, annotator, status), then
    # "tokens", "spans" and the frames; the tokens and spans, most of it, are written by
    # hand (json.dumps would take several times longer over their dicts). The tokens are
    # cut at span edges: most spans start and end on the edges of the uncut tokens, kept
    # in the token cache with the head's part that never changes (``_pack``).
    packed = None if options.segment_clitics else item.jsonl_tokens or _pack(document, aligned_tokens(text, item.tokens, (), ()))
    found = None if packed is None else _unpack(packed, spans)
    if found is None:
        tokens = aligned_tokens(text, item.tokens, {span.start for span in spans}, {span.end for span in spans})
        head, count, tokens_json = _head(document), len(tokens.starts), "".join(_token_pieces(text, tokens)).encode()
        token_starts = [bisect_left(tokens.starts, span.start) for span in spans]
        token_ends = [bisect_left(tokens.ends, span.end) for span in spans]
    else:
        head, count, tokens_json, token_starts, token_ends = found
    layer = (
        f', "annotator": {_string(item.annotator)}, "status": {_string(str(item.status))}, "tokens": ['
        if item.annotator else ', "annotator": null, "status": null, "tokens": ['
    )
    closing = "], " + _spans_and_frames(item, token_starts, token_ends, frames) + _comments(item) + "}\n"
    return Encoded(
        data=b"".join((head, layer.encode(), tokens_json, closing.encode())),
        tokens=count,
        spans=len(spans),
        frames=sum(len(group) for group in frames.values()),
        frames_left_out=left_out,
        jsonl_tokens=packed if item.jsonl_tokens is None else None,
    )


def _comments(item: ExportItem) -> str:
    """``, "comments": [...]`` when annotators commented on or flagged the document."""
    if not item.comments:
        return ""
    return ', "comments": ' + _dumps([comment.as_json() for comment in item.comments])


def _head(document: Document) -> bytes:
    """The line's start up to its ``meta`` (UTF-8, no closing brace): the part that is
    the same whoever's layer is written. ``meta`` gets the document's ``source``."""
    meta = dict(document.meta)
    if document.source:
        meta["source"] = document.source
    return _dumps({"id": document.id, "title": document.title, "text": document.text, "meta": meta})[:-1].encode()


def _pack(document: Document, tokens: AlignedTokens) -> bytes:
    """For the token cache, tokens cut at no span edge and the line's head: the tokens'
    count (int32), starts and ends (int32 each), the head's length in bytes (int32), the
    head (``_head``), then the tokens' JSON as the line writes it, in UTF-8."""
    head = _head(document)
    offsets = np.array([tokens.starts, tokens.ends], dtype=INT32).tobytes()
    sizes = [len(tokens.starts).to_bytes(4, "little"), offsets, len(head).to_bytes(4, "little")]
    return b"".join([*sizes, head, "".join(_token_pieces(document.text, tokens)).encode()])


def _unpack(packed: bytes, spans: Sequence[SpanRow]) -> tuple[memoryview, int, memoryview, list[int], list[int]] | None:
    """The packed head, the tokens' count and JSON, and each span's first and last token;
    None if a span starts or ends inside a token, which the line must then cut."""
    count = int.from_bytes(packed[:4], "little")
    offsets = np.frombuffer(packed, dtype=INT32, count=2 * count, offset=4)
    starts, ends = offsets[:count].tolist(), offsets[count:].tolist()
    token_starts, token_ends = [], []
    for span in spans:
        first, last = bisect_left(starts, span.start), bisect_left(ends, span.end)
        if first == count or last == count or starts[first] != span.start or ends[last] != span.end:
            return None
        token_starts.append(first)
        token_ends.append(last)
    head_at = 4 + 8 * count + 4
    tokens_at = head_at + int.from_bytes(packed[head_at - 4 : head_at], "little")
    whole = memoryview(packed)
    return whole[head_at:tokens_at], count, whole[tokens_at:], token_starts, token_ends


def _escape_line_ends(encoded: str) -> str:
    return encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _string(value: str) -> str:
    """``value`` as a JSON string, as the line writes strings."""
    return _escape_line_ends(encode_basestring(value))


_SPAN = '{"start": %d, "end": %d, "label": %s, "text": %s, "token_start": %d, "token_end": %d, "id": %d}'


def _spans_and_frames(
    item: ExportItem, token_starts: list[int], token_ends: list[int], frames: Mapping[str, list[dict[str, Any]]]
) -> str:
    """``"spans": [...]`` and the frames, as ``json.dumps`` writes them in the line; the
    spans' first and last tokens are given."""
    text = item.document.text
    # a span's text needs the U+2028/U+2029 escapes only when the document has them
    quote = _string if "\u2028" in text or "\u2029" in text else encode_basestring
    labels: dict[str, str] = {}
    entries = []
    for i, (span, first, last) in enumerate(zip(item.spans, token_starts, token_ends)):
        start, end, label = span.start, span.end, span.label
        if label not in labels:
            labels[label] = _string(label)
        entry = _SPAN % (start, end, labels[label], quote(text[start:end]), first, last, i)
        if span.attributes:
            entry = entry[:-1] + ', "attributes": ' + _dumps(dict(span.attributes)) + "}"
        entries.append(entry)
    written = '"spans": [' + ", ".join(entries) + "]"
    if frames:
        written += ", " + _dumps(frames)[1:-1]
    return written


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=json_default)
"""What ``json.dumps(..., ensure_ascii=False)`` uses, made once instead of on every call."""


def _dumps(value: Any) -> str:
    """``json.dumps`` of ``value`` with the line's escapes."""
    return _escape_line_ends(_ENCODER.encode(value))


@cache
def _looked_up(piece: str) -> list[str]:
    return [piece % n for n in range(_LOOKED_UP_BELOW)]


def _token_pieces(text: str, tokens: AlignedTokens) -> list[str]:
    """The strings (at least one) that joined make the tokens as ``json.dumps`` writes
    ``{"text": ..., "start": ..., "end": ..., "id": ..., "ws": ...}, ...`` of each."""
    count = len(tokens.starts)
    if not count:
        return [""]
    words = tokens.words
    for k in {bisect_right(tokens.starts, match.start()) - 1 for match in _ESCAPED.finditer(text)}:
        words[k] = _escape_line_ends(encode_basestring(words[k])[1:-1])
    short = len(text) < _LOOKED_UP_BELOW
    pieces = [""] * (5 * count + 1)
    pieces[0] = '{"text": "'
    pieces[1::5] = words
    pieces[2::5] = map(_looked_up(_START).__getitem__ if short else _START.__mod__, tokens.starts)
    pieces[3::5] = map(_looked_up(_END).__getitem__ if short else _END.__mod__, tokens.ends)
    pieces[4::5] = _looked_up(_ID)[:count] if short else map(_ID.__mod__, range(count))
    pieces[5::5] = map(_WS_AND_NEXT.__getitem__, tokens.ws)
    pieces[-1] = _WS_LAST[tokens.ws[-1]]
    return pieces


def _frames(item: ExportItem, text: str) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The frames to write, grouped under their JSONL key, and how many were left out."""
    if not item.frames:  # most documents: their spans need no indexes
        return {}, 0
    span_index = {span.id: i for i, span in enumerate(item.spans)}
    kept = [frame for frame in item.frames if all(f in span_index for f in frame.filler_spans_all())]
    while True:
        ids = {frame.id for frame in kept}
        whole = [frame for frame in kept if all(f.frame_id in ids for f in frame.fillers if f.frame_id is not None)]
        if len(whole) == len(kept):
            break
        kept = whole
    keys = list(FRAME_KEYS)
    by_span = {span.id: span for span in item.spans}

    def order(frame: Frame) -> tuple[int, int, int]:
        first = min((by_span[f].start for f in frame.filler_spans_all()), default=len(text))
        return (keys.index(frame.type) if frame.type in FRAME_KEYS else len(keys), first, frame.id)

    kept.sort(key=order)
    frame_index = {frame.id: i for i, frame in enumerate(kept)}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for i, frame in enumerate(kept):
        slots: dict[str, list[int]] = {}
        frame_slots: dict[str, list[int]] = {}
        for filler in frame.fillers:
            if filler.span_id is not None:
                slots.setdefault(filler.slot, []).append(span_index[filler.span_id])
            else:
                frame_slots.setdefault(filler.slot, []).append(frame_index[filler.frame_id])  # type: ignore[index]
        entry: dict[str, Any] = {"id": i, "type": frame.type, "slots": _canonical(slots)}
        if frame_slots:
            entry["frame_slots"] = _canonical(frame_slots)
        entry["attributes"] = _attributes(frame)
        if frame.overrides:
            entry["overrides"] = sorted(frame.overrides)
        grouped.setdefault(FRAME_KEYS.get(frame.type, OTHER_FRAMES), []).append(entry)
    return grouped, len(item.frames) - len(kept)


def _canonical(slots: Mapping[str, list[int]]) -> dict[str, list[int]]:
    """Slots sorted by name and ids ascending, so a re-imported frame is written alike."""
    return {slot: sorted(ids) for slot, ids in sorted(slots.items())}


def _attributes(frame: Frame) -> dict[str, Any]:
    return dict(sorted(frame.attributes.items()))
