"""The export's tokens: the token cache (filled once, read after, recomputed when stale)
and the fast paths that must give what the general ones give."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.export import tokens as export_tokens
from annotator.export.conll import _exact_token_spans
from annotator.export.tokens import VERSION, TokenCache, tokenized
from annotator.formats.bio import char_spans_to_token_spans
from annotator.importing import import_paths
from annotator.storage.store import SpanRow
from annotator.text import tokenize
from annotator.text.tokenize import token_offsets
from annotator.text.segment import DEFAULT

DATA = Path(__file__).parents[1] / "data" / "formats"
TRICKY = [
    "قال مسؤول «إن اثنين» قتلا.\n\nوأضاف: \"لن نتراجع\" في 2017.",
    "  سطر\u2028يبدأ بمسافتين\t\tثم\u200f فقرة 😀 𝔸 \\ نهاية ",
    "فيه\x00صفر\x01وواحد",
    "\u200f",
]


def test_token_offsets_are_those_of_tokenize(seed_text: str) -> None:
    for text in [seed_text, *TRICKY]:
        assert token_offsets(text) == [(t.start, t.end) for t in tokenize(text)]


def export_bytes(project: Project, path: Path, **options) -> bytes:
    export_project(project, path, ExportOptions(status="any", **options))
    return path.read_bytes()


def test_first_export_fills_the_cache_and_later_exports_only_read_it(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [project.add_document(text)[0] for text in TRICKY]
    project.add_span(ids[0], "ali", 4, 9, "PER")
    assert project.cached_tokens(ids, VERSION) == {}
    first = {fmt: export_bytes(project, tmp_path / f"first.{fmt}", format=fmt) for fmt in ("conll", "jsonl")}
    assert sorted(project.cached_tokens(ids, VERSION)) == sorted(ids)

    def refuse(*_: object) -> None:
        raise AssertionError("tokenized again")

    monkeypatch.setattr(export_tokens, "token_offsets", refuse)
    monkeypatch.setattr(export_tokens, "split_sentences", refuse)
    for fmt in ("conll", "jsonl"):
        assert export_bytes(project, tmp_path / f"again.{fmt}", format=fmt) == first[fmt]


def test_a_row_of_another_version_is_computed_again(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document(TRICKY[0])
    project.add_span(document_id, "ali", 4, 9, "PER")
    fresh = export_bytes(project, tmp_path / "fresh.conll")
    project.cache_tokens([(document_id, "older", b"not what this version writes", b"")])
    assert project.cached_tokens([document_id], VERSION) == {}
    assert export_bytes(project, tmp_path / "stale.conll") == fresh
    assert list(project.cached_tokens([document_id], VERSION)) == [document_id]


def test_cached_tokens_come_back_as_computed(tmp_path: Path) -> None:
    """Strings (joined by a separator the text lacks, even when it holds NUL and U+0001),
    gaps, sentences and stored tokens (CoNLL and JSONL input) all survive the cache."""
    with Project.create(tmp_path / "p.db") as project:
        assert import_paths(project, [DATA / "two_docs.conll", DATA / "sample.jsonl"]).ok
        nul = [project.add_document(text)[0] for text in TRICKY][2]
        ids = project.document_ids()
        filling = TokenCache(project)
        filling.load(ids)
        documents = list(project.iter_documents(ids))
        computed = [filling.get(document) for document in documents]
        filling.save()
        reading = TokenCache(project)
        reading.load(ids)
        assert [reading.get(document) for document in documents] == computed
        assert computed == [tokenized(document) for document in documents]
        with_clitics = [reading.get(document, segmenter=DEFAULT) for document in documents]
        assert with_clitics == [tokenized(document, segmenter=DEFAULT) for document in documents]
    (held,) = [tokens for document, tokens in zip(documents, computed) if document.id == nul]
    assert held.words == ["فيه", "\x00", "صفر", "\x01", "وواحد"] and held.gaps == bytes(5)


def test_exact_spans_take_the_short_way_to_the_same_token_spans() -> None:
    """Spans on token edges that do not overlap give what the full alignment gives, with
    no notes; any other set of spans is left to the full alignment."""
    rng = random.Random(3)
    text = "وزارة الدفاع الروسية قالت، إن الوفد «وصل» أمس إلى بيروت."
    offsets = token_offsets(text)
    starts, ends = [s for s, _ in offsets], [e for _, e in offsets]
    short_ways = 0
    for _ in range(500):
        spans = []
        for _ in range(rng.randint(0, 4)):
            if rng.random() < 0.8:
                first = rng.randrange(len(offsets))
                start, end = offsets[first][0], offsets[min(first + rng.randint(0, 2), len(offsets) - 1)][1]
            else:
                start = rng.randrange(len(text) - 1)
                end = rng.randint(start + 1, len(text))
            spans.append(SpanRow(len(spans), start, end, "ORG", {}))
        spans.sort(key=lambda span: (span.start, -span.end))
        kept, report = char_spans_to_token_spans(offsets, [(s.start, s.end, s.label) for s in spans], "expand")
        found = _exact_token_spans(starts, ends, spans)
        if found is not None:
            short_ways += 1
            assert found == kept and not (report.changed or report.dropped or report.left_out)
        else:
            assert report.changed or report.dropped or report.left_out
    assert short_ways > 100


def test_cached_jsonl_tokens_give_the_lines_that_cutting_the_tokens_gives(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSONL lines built on the cached uncut tokens equal those built by cutting the tokens
    at every span edge, and a span edge inside a token (or on a space) still cuts them."""
    from annotator.export import jsonl as export_jsonl

    rng = random.Random(3)
    ids = [project.add_document(text)[0] for text in TRICKY]
    for document_id, text in zip(ids, TRICKY):
        tokens = token_offsets(text)
        on_edges = [(tokens[i][0], tokens[min(i + rng.randint(0, 2), len(tokens) - 1)][1], "PER") for i in range(0, len(tokens), 3)]
        project.add_spans(document_id, "ali", on_edges + [(0, len(text), "ORG")])
    project.add_span(ids[0], "ali", 5, 7, "LOC")  # inside "مسؤول"
    project.add_span(ids[1], "ali", 1, 6, "LOC")  # starts on a space
    cached = export_bytes(project, tmp_path / "cold.jsonl", format="jsonl")
    assert all(row[2] is not None for row in project.cached_tokens(ids, VERSION, jsonl=True).values())
    assert export_bytes(project, tmp_path / "warm.jsonl", format="jsonl") == cached
    monkeypatch.setattr(export_jsonl, "_unpack", lambda packed, spans: None)
    assert export_bytes(project, tmp_path / "cut.jsonl", format="jsonl") == cached


def test_jsonl_tokens_join_a_row_that_a_conll_export_cached(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document(TRICKY[0])
    project.add_span(document_id, "ali", 4, 9, "PER")
    export_bytes(project, tmp_path / "first.conll")
    assert project.cached_tokens([document_id], VERSION, jsonl=True)[document_id][2] is None
    first = export_bytes(project, tmp_path / "first.jsonl", format="jsonl")
    assert project.cached_tokens([document_id], VERSION, jsonl=True)[document_id][2] is not None
    assert project.cached_tokens([document_id], VERSION)[document_id][2] is None  # not read unless asked
    assert export_bytes(project, tmp_path / "again.jsonl", format="jsonl") == first
