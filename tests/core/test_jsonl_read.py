"""The JSONL reader: documents, pre-annotated spans, round-trip fields and every kind of bad line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.formats import ENCODING_HINT, read_source
from annotator.formats.jsonl import iter_jsonl, read_jsonl
from annotator.model import SourceDocument, SourceFrame, SourceSpan

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def test_documents_spans_and_round_trip_fields():
    read = read_source(DATA / "sample.jsonl")
    first, second = read.documents
    assert first == SourceDocument(
        text="قال بوتين إن 😀 موسكو",
        title="خبر أول",
        id="a1",
        meta={"date": "2018-02-14"},
        spans=(SourceSpan(4, 9, "PER"), SourceSpan(15, 20, "LOC", {"note": "عاصمة"})),
        line=1,
    )
    assert [first.text[s.start : s.end] for s in first.spans] == ["بوتين", "موسكو"]
    assert second == SourceDocument(
        text="نص ثان", title="", id="42", tokens=((0, 2), (3, 6)), status="done", annotator="sara", line=3,
        frames=(SourceFrame("CASUALTY"),),
    )
    assert read.extras[0]["spans"][1]["id"] == 7
    assert "text" not in read.extras[0]
    assert {key: read.extras[1][key] for key in ("annotator", "status", "quotes", "claims")} == {
        "annotator": "sara",
        "status": "done",
        "quotes": [],
        "claims": [{"type": "CASUALTY", "spans": [7]}],
    }
    assert read.labels == {"PER", "LOC"}
    assert read.repairs == ()


def test_iter_jsonl_streams_one_line_at_a_time(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "أ"}\n{"text": 5}\n', encoding="utf-8")
    lines = iter_jsonl(path)
    document, extra = next(lines)
    assert (document.text, document.title, extra) == ("أ", "", {})
    with pytest.raises(FormatError, match="a.jsonl:2: field 'text' must be a string, not an integer"):
        next(lines)


def test_a_bom_and_crlf_line_ends_are_no_problem(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('\ufeff{"text": "سطر"}\r\n\r\n{"text": "آخر"}\r\n'.encode())
    assert [(d.text, d.line) for d in read_jsonl(path).documents] == [("سطر", 1), ("آخر", 3)]


SPAN = {"start": 0, "end": 2, "label": "PER"}


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"text": "ab"', "not valid JSON: Expecting ',' delimiter (column 14)"),
        ('["ab"]', "expected a JSON object, not a list"),
        ('{"title": "t"}', "field 'text' is required and must be a non-empty string"),
        ('{"text": ""}', "field 'text' is required and must be a non-empty string"),
        ('{"text": ["ab"]}', "field 'text' must be a string, not a list"),
        ('{"text": "ab", "id": ""}', "field 'id' is empty"),
        ('{"text": "ab", "id": 1.5}', "field 'id' must be a string or an integer, not a number"),
        ('{"text": "ab", "title": 3}', "field 'title' must be a string, not an integer"),
        ('{"text": "ab", "meta": []}', "field 'meta' must be an object, not a list"),
        ('{"text": "ab", "meta": {"x": NaN}}', "NaN is not a JSON value (a number must be finite)"),
        ('{"text": "ab", "meta": {"x": -Infinity}}', "-Infinity is not a JSON value (a number must be finite)"),
        ('{"text": "ab", "spans": {}}', "field 'spans' must be a list, not an object"),
        ('{"text": "ab", "spans": [3]}', "field 'spans[0]' must be an object, not an integer"),
        ('{"text": "ab", "spans": [{"start": 0, "label": "X"}]}', "field 'spans[0]' needs integer 'start' and 'end'"),
        ('{"text": "ab", "spans": [{"start": true, "end": 2, "label": "X"}]}', "field 'spans[0].start' must be an integer, not a boolean"),
        ('{"text": "ab", "spans": [{"start": "0", "end": 2, "label": "X"}]}', "field 'spans[0].start' must be an integer, not a string"),
        ('{"text": "ab", "spans": [{"start": 1, "end": 3, "label": "X"}]}', "field 'spans[0]' (1, 3) lies outside the text of 2 characters"),
        ('{"text": "ab", "spans": [{"start": -1, "end": 1, "label": "X"}]}', "field 'spans[0]' (-1, 1) lies outside the text of 2 characters"),
        ('{"text": "ab", "spans": [{"start": 1, "end": 1, "label": "X"}]}', "field 'spans[0]' has start 1 not before end 1"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1}]}', "field 'spans[0]' needs a non-empty string 'label'"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": ""}]}', "field 'spans[0]' needs a non-empty string 'label'"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "attributes": 1}]}', "field 'spans[0].attributes' must be an object, not an integer"),
        ('{"text": "ab c", "tokens": [{"start": 0, "end": 2}, {"start": 1, "end": 4}]}', "field 'tokens[1]' begins before the token before it ends"),
        ('{"text": "ab c", "tokens": [{"start": 0, "end": 2, "text": "ac"}]}', "field 'tokens[0].text' is 'ac' but the text there is 'ab'"),
        ('{"text": "ab", "tokens": [{"start": 0, "end": 5}]}', "field 'tokens[0]' (0, 5) lies outside the text of 2 characters"),
    ],
)
def test_a_bad_line_stops_the_file_naming_the_line_and_field(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"text": "ab", "spans": [SPAN]})
    path.write_text(f"{good}\n\n{line}\n{good}\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_jsonl(path)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (str(path), 3, message)


@pytest.mark.parametrize(
    "data, line, message",
    [
        (b"", None, "file is empty"),
        (b"\n  \n", None, "file holds no JSON lines"),
        (b'{"text": "ab"}\n{"text": "\xff"}\n', 2, "invalid UTF-8: byte 0xff at byte 11 of the line" + ENCODING_HINT),
    ],
)
def test_empty_and_undecodable_files(tmp_path, data, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        read_jsonl(path)
    assert (caught.value.line, caught.value.reason) == (line, message)


def test_frames_are_read_as_values_naming_spans_and_frames_by_index(tmp_path):
    line = {
        "text": "قال مسؤول إن اثنين قتلا",
        "spans": [{"id": 5, "start": 0, "end": 3, "label": "CUE"}, {"start": 13, "end": 18, "label": "COUNT"}],
        "quotes": [{"id": "q", "type": "QUOTE", "slots": {"CUE": [5]}, "attributes": {"mode": "indirect"}}],
        "claims": [{"type": "CASUALTY_CLAIM", "slots": {"COUNT": [1]}, "frame_slots": {"SOURCE": ["q"]},
                    "overrides": ["count_min"]}],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (document,) = read_jsonl(path).documents
    assert document.frames == (
        SourceFrame("QUOTE", spans=(("CUE", 0),), attributes={"mode": "indirect"}),
        SourceFrame("CASUALTY_CLAIM", spans=(("COUNT", 1),), frames=(("SOURCE", 0),), overrides=("count_min",)),
    )
    line["claims"][0]["slots"] = {"COUNT": [9]}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="a.jsonl:1: field 'claims\\[0\\].slots.COUNT' names span 9, which the line lacks"):
        read_jsonl(path)
