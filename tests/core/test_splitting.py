"""Cutting a long document into parts: a stretch of the original each, offsets moved by
the part's start (kept in meta), no span cut; the import stores the parts and warns
about a large document stored whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import Project
from annotator.importing import import_paths
from annotator.model import SourceDocument, SourceSpan
from annotator.splitting import LARGE_DOCUMENT_BYTES, split_paragraphs

LINES = [f"الفقرة {n}: قال مسؤول إن اثنين قتلا في حلب." for n in range(1, 8)]
TEXT = "\n".join(LINES)


def at(words: str, line: int) -> tuple[int, int]:
    start = TEXT.index(LINES[line]) + LINES[line].index(words)
    return start, start + len(words)


def test_parts_are_stretches_of_the_original_with_their_offsets_moved() -> None:
    spans = (SourceSpan(*at("حلب", 0), "GPE"), SourceSpan(*at("مسؤول", 4), "PER"))
    document = SourceDocument(TEXT, title="طويل", id="long", meta={"source": "x"}, spans=spans, tokens=((0, 6), (at("حلب", 4))))
    parts = split_paragraphs(document, 3)
    assert [part.text for part in parts] == [TEXT[0 : TEXT.index(LINES[3])], TEXT[TEXT.index(LINES[3]) : TEXT.index(LINES[6])], LINES[6]]
    assert [(p.title, p.id, p.meta["part"], p.meta["parts"]) for p in parts] == [("طويل (1/3)", "long-1", 1, 3), ("طويل (2/3)", "long-2", 2, 3), ("طويل (3/3)", "long-3", 3, 3)]
    for part in parts:
        offset = part.meta["offset"]
        assert TEXT[offset : offset + len(part.text)] == part.text and part.meta["source"] == "x"
        for span in part.spans:
            assert any((s.start, s.end, s.label) == (span.start + offset, span.end + offset, span.label) for s in spans)
    assert [len(p.spans) for p in parts] == [1, 1, 0] and parts[1].tokens == ((at("حلب", 4)[0] - parts[1].meta["offset"], at("حلب", 4)[1] - parts[1].meta["offset"]),)


def test_a_part_never_cuts_a_span() -> None:
    across = (TEXT.index(LINES[2]) + 3, TEXT.index(LINES[3]) + 5)
    parts = split_paragraphs(SourceDocument(TEXT, spans=(SourceSpan(*across, "EVENT"),)), 3)
    assert parts[0].text == TEXT[: TEXT.index(LINES[4])]  # the cut moved past the span's end
    assert [(s.start, s.end) for s in parts[0].spans] == [across]


def test_a_short_document_stays_whole() -> None:
    document = SourceDocument(TEXT)
    assert split_paragraphs(document, 7) == [document]
    with pytest.raises(ValueError):
        split_paragraphs(document, 0)


def test_the_import_stores_parts_or_warns_about_a_large_document(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = "قال مسؤول أميركي إن اثنين قتلا في سوريا. " * 60
    big = "\n".join(f"{n} {line}" for n in range(LARGE_DOCUMENT_BYTES // len(line.encode()) + 10))
    assert len(big.encode()) > LARGE_DOCUMENT_BYTES
    path.write_text(json.dumps({"text": big, "id": "big"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(big.encode()) < 5 * 2**20  # over 5 MB, under 5 MiB: the note came only past 5 MiB, and said "MB"
    with Project.create(tmp_path / "whole.db") as project:
        report = import_paths(project, [path])
        note = report.files[0].notes[0]
        assert report.added == 1 and "--split-paragraphs N" in note
        assert f"a document of {len(big.encode()) / 10**6:.1f} MB" in note
    with Project.create(tmp_path / "parts.db") as project:
        report = import_paths(project, [path], split_paragraphs=500)
        parts = [project.document(d) for d in project.document_ids()]
        assert len(parts) == report.added > 1 and "".join(p.text for p in parts) == big
        assert [p.meta["offset"] for p in parts] == [big.index(p.text) for p in parts]
