"""JSONL export: the spaCy/Prodigy token layout, frames, and exact round trips."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.export.tokens import Tokenized, aligned_tokens
from annotator.importing import import_paths
from annotator.model import SlotFiller, Status
from annotator.text import tokenize

NLP = spacy.blank("xx")


def export_records(project: Project, path: Path, **options) -> list[dict]:
    export_project(project, path, ExportOptions(format="jsonl", status="any", **options))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def check_spacy(record: dict) -> Doc:
    """The record's tokens build a spaCy Doc of the same text holding every span."""
    tokens = record["tokens"]
    doc = Doc(NLP.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    assert doc.text == record["text"]
    assert [(t.idx, t.idx + len(t.text)) for t in doc] == [(t["start"], t["end"]) for t in tokens]
    for span in record["spans"]:
        found = doc.char_span(span["start"], span["end"], span["label"])
        assert found is not None, span
        assert (found.start, found.end - 1) == (span["token_start"], span["token_end"])
        assert found.text == span["text"] == record["text"][span["start"] : span["end"]]
    return doc


def test_tokens_are_cut_at_span_edges_and_whitespace_runs_are_tokens(project: Project, tmp_path: Path) -> None:
    text = "قالت ورويترز  إن\n\nالوفد وصل"
    document_id, _ = project.add_document(text)
    project.add_spans(document_id, "ali", [(6, 12, "ORG"), (5, 12, "CUE")])
    (record,) = export_records(project, tmp_path / "o.jsonl")
    check_spacy(record)
    assert [(t["text"], t["ws"]) for t in record["tokens"]] == [
        ("قالت", True), ("و", False), ("رويترز", True), (" ", False), ("إن", False), ("\n\n", False),
        ("الوفد", True), ("وصل", False)]
    assert [(s["label"], s["token_start"], s["token_end"], s["id"]) for s in record["spans"]] == [
        ("CUE", 1, 2, 0), ("ORG", 2, 2, 1)]


def test_any_span_in_any_text_gets_aligned_tokens() -> None:
    """Spans anywhere (inside words, on spaces, across newlines) over text with leading
    whitespace, invisible marks, emoji and runs of spaces all come out whole in spaCy."""
    rng = random.Random(5)
    pieces = ["قال", "ورويترز", "مُحَمَّدٌ", " ", " ", "  ", "\n", "\n\n", "\u200f", "😀", "𝔸", "«", "7", "في7", "\t"]
    for _ in range(300):
        text = "".join(rng.choices(pieces, k=rng.randint(1, 12)))
        spans = []
        for _ in range(rng.randint(0, 4)):
            start = rng.randrange(len(text))
            spans.append({"start": start, "end": rng.randint(start + 1, len(text)), "label": "X"})
        words = [(t.start, t.end) for t in tokenize(text)]
        aligned = aligned_tokens(text, Tokenized.of(text, [s for s, _ in words], [e for _, e in words], []),
                                 {s["start"] for s in spans}, {s["end"] for s in spans})
        starts, ends = aligned.starts, aligned.ends
        assert aligned.words == [text[s:e] for s, e in zip(starts, ends)]
        tokens = list(zip(starts, ends, aligned.ws))
        record = {"text": text, "tokens": [{"text": text[s:e], "start": s, "end": e, "ws": ws} for s, e, ws in tokens],
                  "spans": [{**s, "text": text[s["start"]:s["end"]], "token_start": starts.index(s["start"]),
                             "token_end": ends.index(s["end"])} for s in spans]}
        check_spacy(record)
        if not spans:  # no span edges: the word tokens are kept as they are
            assert set(words) <= {(s, e) for s, e, _ in tokens}


def test_clitic_tokens_on_request(project: Project, tmp_path: Path) -> None:
    project.add_span(project.add_document("وبالحكومة قال")[0], "ali", 0, 1, "CUE")
    (record,) = export_records(project, tmp_path / "o.jsonl", segment_clitics=True)
    check_spacy(record)
    assert [t["text"] for t in record["tokens"]] == ["و", "ب", "ال", "حكومة", "قال"]


def test_conll_imported_document_keeps_its_tokens(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project:
        assert import_paths(project, [Path(__file__).parents[1] / "data" / "formats" / "two_docs.conll"]).ok
        records = export_records(project, tmp_path / "o.jsonl")
    assert [t["text"] for t in records[0]["tokens"]] == [
        "قال", "محمد", "علي", "في", "دمشق", ".", "\n", "الأمم", "المتحدة"]
    assert [(s["label"], s["text"]) for s in records[0]["spans"]] == [
        ("PER", "محمد علي"), ("LOC", "دمشق"), ("ORG", "الأمم المتحدة")]
    for record in records:
        check_spacy(record)


@pytest.fixture
def framed(project: Project) -> tuple[Project, str]:
    text = "قال مسؤول إن اثنين على الأقل قتلا في حمص"
    document_id, _ = project.add_document(text)
    ids = project.add_spans(document_id, "ali", [
        (0, 3, "CUE"), (4, 9, "SPEAKER"), (13, 40, "CONTENT"), (13, 28, "COUNT"), (29, 33, "TRIGGER"), (37, 40, "GPE")]).ids
    quote = project.add_frame(document_id, "ali", "QUOTE", [
        SlotFiller("CUE", ids[0]), SlotFiller("SPEAKER", ids[1]), SlotFiller("CONTENT", ids[2])]).ids[0]
    project.add_frame(document_id, "ali", "CASUALTY_CLAIM", [
        SlotFiller("TRIGGER", ids[4]), SlotFiller("COUNT", ids[3]), SlotFiller("LOCATION", ids[5]),
        SlotFiller("SOURCE", frame_id=quote)], {"hedged": True})
    project.set_status(document_id, "ali", Status.DONE)
    return project, document_id


def test_quotes_and_claims_refer_to_span_ids_and_carry_counts(framed, tmp_path: Path) -> None:
    project, _ = framed
    (record,) = export_records(project, tmp_path / "o.jsonl")
    assert [s["label"] for s in record["spans"]] == ["CUE", "SPEAKER", "CONTENT", "COUNT", "TRIGGER", "GPE"]
    assert record["quotes"] == [{"id": 0, "type": "QUOTE", "slots": {"CONTENT": [2], "CUE": [0], "SPEAKER": [1]},
                                 "attributes": {"mode": "indirect"}}]
    assert record["claims"] == [{
        "id": 1, "type": "CASUALTY_CLAIM", "slots": {"COUNT": [3], "LOCATION": [5], "TRIGGER": [4]},
        "frame_slots": {"SOURCE": [0]},
        "attributes": {"approximate": False, "count_max": None, "count_min": 2, "hedged": True, "outcome": "killed"}}]


def test_counts_set_by_the_annotator_are_kept(framed, tmp_path: Path) -> None:
    project, document_id = framed
    (claim,) = [f for f in project.frames(document_id) if f.type == "CASUALTY_CLAIM"]
    project.set_frame_attributes(claim.id, {"count_min": 2, "count_max": 3})
    (record,) = export_records(project, tmp_path / "o.jsonl")
    assert (record["claims"][0]["attributes"]["count_min"], record["claims"][0]["attributes"]["count_max"]) == (2, 3)


def test_frames_whose_fillers_are_not_exported_are_left_out(framed, tmp_path: Path) -> None:
    project, _ = framed
    report = export_project(project, tmp_path / "o.jsonl", ExportOptions(format="jsonl", labels=("GPE", "COUNT", "TRIGGER")))
    (record,) = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [s["label"] for s in record["spans"]] == ["COUNT", "TRIGGER", "GPE"]
    assert "quotes" not in record and "claims" not in record  # the claim's SOURCE quote is gone
    assert (report.frames, report.frames_left_out) == (0, 2)


ORIGINAL = [
    # CRLF line ends, emoji (a flag, a ZWJ sequence), a character outside the BMP, tashkeel,
    # overlapping and nested spans, a span inside a word, span attributes, U+2028
    {"id": "a-1", "title": "عنوان", "meta": {"batch": "B01"}, "annotator": "ali", "status": "done",
     "text": "قُتِلَ 3 مدنيين 🇵🇸 في غزة\r\nوقال 𝔸 الناطق 👩‍👩‍👧 إن «القصف» استمر\u2028.",
     "spans": [{"start": 7, "end": 15, "label": "COUNT", "attributes": {"note": "x"}},
               {"start": 9, "end": 15, "label": "NORP"}, {"start": 11, "end": 25, "label": "CONTENT"},
               {"start": 22, "end": 25, "label": "GPE"}, {"start": 28, "end": 31, "label": "CUE"}]},
    {"id": "a-2", "text": "  سطر يبدأ بمسافتين\r\n\r\nثم فقرة", "annotator": "ali", "status": "in_progress",
     "spans": [{"start": 8, "end": 12, "label": "LOC"}]},
]


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def reimported(source: Path, target: Path, db: Path) -> bytes:
    with Project.create(db) as project:
        imported = import_paths(project, [source])
        assert imported.ok, imported.errors
        export_project(project, target, ExportOptions(format="jsonl", status="any"))
    return target.read_bytes()


def test_exported_jsonl_reimports_to_an_identical_file(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "original.jsonl", ORIGINAL)
    first = reimported(tmp_path / "original.jsonl", tmp_path / "first.jsonl", tmp_path / "one.db")
    second = reimported(tmp_path / "first.jsonl", tmp_path / "second.jsonl", tmp_path / "two.db")
    assert second == first

    lines = first.decode("utf-8").splitlines()
    assert len(lines) == 2 and "\\u2028" in lines[0] and b"\r" not in first
    records = [json.loads(line) for line in lines]
    assert [(r["id"], r["annotator"], r["status"]) for r in records] == [("a-1", "ali", "done"), ("a-2", "ali", "in_progress")]
    assert records[0]["text"] == ORIGINAL[0]["text"].replace("\r\n", "\n")
    assert [(s["label"], s["text"]) for s in records[0]["spans"]] == [
        ("COUNT", "3 مدنيين"), ("NORP", "مدنيين"), ("CONTENT", "نيين 🇵🇸 في غزة"), ("GPE", "غزة"), ("CUE", "قال")]
    assert records[0]["spans"][0]["attributes"] == {"note": "x"}
    for record in records:
        check_spacy(record)


def test_exported_frames_reimport_to_an_identical_file(framed, tmp_path: Path) -> None:
    project, _ = framed
    export_project(project, tmp_path / "first.jsonl", ExportOptions(format="jsonl"))
    second = reimported(tmp_path / "first.jsonl", tmp_path / "second.jsonl", tmp_path / "two.db")
    assert second == (tmp_path / "first.jsonl").read_bytes()


def test_spans_sharing_a_start_come_longest_first_then_as_stored(project: Project, tmp_path: Path) -> None:
    document_id, _ = project.add_document("قال مسؤول أميركي")
    project.add_spans(document_id, "ali", [(4, 9, "CUE"), (0, 3, "CUE"), (4, 16, "PER"), (4, 9, "SPEAKER"), (0, 16, "CONTENT")])
    (record,) = export_records(project, tmp_path / "o.jsonl")
    assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [
        (0, 16, "CONTENT"), (0, 3, "CUE"), (4, 16, "PER"), (4, 9, "CUE"), (4, 9, "SPEAKER")]


def test_a_project_no_one_annotated_exports_its_tokens_without_spans(tmp_path) -> None:
    from annotator import Project
    from annotator.export import ExportOptions, export_project

    with Project.create(tmp_path / "p.db") as project:
        project.add_document("قال بوتين إن", title="خبر")
        report = export_project(project, tmp_path / "out.jsonl", ExportOptions(format="jsonl"))
        conll = export_project(project, tmp_path / "out.conll", ExportOptions(format="conll"))
    [line] = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert (record["annotator"], record["status"], record["spans"]) == (None, None, [])
    assert [token["text"] for token in record["tokens"]] == ["قال", "بوتين", "إن"]
    assert report.summary() == conll.summary() == "no one has annotated this project yet: text and tokens written, with no spans"
    assert (tmp_path / "out.conll").read_text(encoding="utf-8") == "-DOCSTART- -X- O O\n\nقال\tO\nبوتين\tO\nإن\tO\n\n"
