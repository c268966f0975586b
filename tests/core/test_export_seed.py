"""The seed article, annotated, and an imported real corpus, exported both ways and loaded
as a model trainer would: spaCy's CoNLL-2003 converter and seqeval for CoNLL, spaCy
``Doc`` for JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from seqeval.metrics.sequence_labeling import get_entities
from spacy.tokens import Doc
from spacy.training.converters import conll_ner_to_docs

from annotator import Project
from annotator.export import ExportOptions, export_project
from annotator.importing import import_paths
from annotator.model import SlotFiller, Status
from annotator.text.canonical import normalize_input


def at(text: str, needle: str, label: str, *, after: str = "") -> tuple[int, int, str]:
    """The span of ``needle`` in ``text``, at its first place after ``after``."""
    start = text.index(after + needle) + len(after)
    return start, start + len(needle), label


@pytest.fixture
def seed(project: Project, seed_text: str) -> tuple[Project, str]:
    """The seed article with entities, one quote and one casualty claim, marked done by ali."""
    text = normalize_input(seed_text).text
    document_id, _ = project.add_document(text, title="seed", source="الجزيرة")
    spans = [
        at(text, "مقاتلين", "PER", after="سابقون ل"),  # inside the word لمقاتلين
        at(text, "وكالة رويترز", "ORG"),
        at(text, "نقلت", "CUE"),
        at(text, "مسؤول أميركي", "SPEAKER"),
        at(text, "أكثر من مئة", "COUNT"),
        at(text, "قتلوا", "TRIGGER"),
        at(text, "أكثر من مئة مقاتل من المتحالفين مع قوات الحكومة السورية قتلوا عندما أحبط التحالف"
                 " والقوات المحلية التي يدعمها هجوما كبيرا في ليل السابع من فبراير/شباط الحالي", "CONTENT"),
        at(text, "وزارة الدفاع الروسية", "ORG"),
        at(text, "الروسية", "NORP", after="وزارة الدفاع "),  # nested in the ORG
        at(text, "فلاديمير لوغينوف", "PER"),
        at(text, "7 فبراير/شباط", "DATE", after="في"),  # "في7": the tokenizer splits it
    ]
    ids = project.add_spans(document_id, "ali", spans).ids
    quote = project.add_frame(document_id, "ali", "QUOTE", [
        SlotFiller("CUE", ids[2]), SlotFiller("SPEAKER", ids[3]), SlotFiller("CONTENT", ids[6])],
        {"mode": "indirect"}).ids[0]
    project.add_frame(document_id, "ali", "CASUALTY_CLAIM", [
        SlotFiller("TRIGGER", ids[5]), SlotFiller("COUNT", ids[4]), SlotFiller("SOURCE", frame_id=quote)])
    project.set_status(document_id, "ali", Status.DONE)
    return project, document_id


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of ``(token, tag)``, read the CoNLL-2003 way: whitespace columns, tag last."""
    sentences, sentence = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if sentence:
                sentences.append(sentence)
            sentence = []
        elif not line.startswith("-DOCSTART-"):
            columns = line.split()
            sentence.append((columns[0], columns[-1]))
    return sentences


def test_seed_conll_loads_in_spacy_and_seqeval_with_the_annotated_entities(seed, tmp_path: Path) -> None:
    project, document_id = seed
    out = tmp_path / "seed.conll"
    report = export_project(project, out, ExportOptions(format="conll"))

    data = out.read_bytes()
    assert data.startswith(b"-DOCSTART- -X- O O\n\n") and b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    (doc,) = conll_ner_to_docs(data.decode("utf-8"), no_print=True)
    expected = [
        ("لمقاتلين", "PER"), ("وكالة رويترز", "ORG"), ("وزارة الدفاع الروسية", "ORG"),
        ("فلاديمير لوغينوف", "PER"), ("7 فبراير / شباط", "DATE"),
    ]
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected
    sentences = read_conll(out)
    found = [
        (" ".join(token for token, _ in sentence[start : end + 1]), label)
        for sentence in sentences
        for label, start, end in get_entities([tag for _, tag in sentence])
    ]
    assert found == expected
    assert len(sentences) == 17
    assert (report.documents, report.spans, report.annotator) == (1, 5, "ali")
    (changed,) = [note for note in report.notes if note.kind == "changed"]
    assert (changed.document_id, changed.text, changed.label) == (document_id, "مقاتلين", "PER")
    assert changed.reason.startswith("widened to tokens")
    (left_out,) = [note for note in report.notes if note.kind == "left out"]
    assert (left_out.text, left_out.label) == ("الروسية", "NORP")


def test_seed_conll_with_clitics_tags_the_stem_only(seed, tmp_path: Path) -> None:
    project, _ = seed
    out = tmp_path / "seed.conll"
    report = export_project(project, out, ExportOptions(format="conll", segment_clitics=True))
    lines = out.read_text(encoding="utf-8").split("\n")
    i = lines.index("مقاتلين\tB-PER")
    assert lines[i - 2 : i + 2] == ["سابقون\tO", "ل\tO", "مقاتلين\tB-PER", "روس\tO"]
    assert report.count("changed") == 0


def test_seed_jsonl_loads_in_spacy_with_every_span(seed, tmp_path: Path) -> None:
    project, document_id = seed
    out = tmp_path / "seed.jsonl"
    report = export_project(project, out, ExportOptions(format="jsonl"))
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert list(record) == ["id", "title", "text", "meta", "annotator", "status", "tokens", "spans", "quotes", "claims"]
    assert (record["id"], record["annotator"], record["status"], record["meta"]) == (
        document_id, "ali", "done", {"source": "الجزيرة"})
    assert record["text"] == project.document(document_id).text

    nlp = spacy.blank("xx")
    doc = Doc(nlp.vocab, words=[t["text"] for t in record["tokens"]], spaces=[t["ws"] for t in record["tokens"]])
    assert doc.text == record["text"]
    for span in record["spans"]:
        found = doc.char_span(span["start"], span["end"], span["label"])
        assert found is not None, span
        assert (found.start, found.end - 1, found.text) == (span["token_start"], span["token_end"], span["text"])
    assert [t["id"] for t in record["tokens"]] == list(range(len(record["tokens"])))
    assert len(record["spans"]) == report.spans == 11

    by_id = {span["id"]: span for span in record["spans"]}
    (quote,) = record["quotes"]
    assert quote["type"] == "QUOTE" and quote["attributes"] == {"mode": "indirect"}
    assert {slot: [by_id[i]["text"] for i in ids] for slot, ids in quote["slots"].items() if slot != "CONTENT"} == {
        "CUE": ["نقلت"], "SPEAKER": ["مسؤول أميركي"]}
    (claim,) = record["claims"]
    assert claim["frame_slots"] == {"SOURCE": [quote["id"]]}
    assert [by_id[i]["text"] for i in claim["slots"]["TRIGGER"]] == ["قتلوا"]
    assert claim["attributes"] == {"approximate": False, "count_max": None, "count_min": 101, "hedged": False,
                                   "outcome": "killed"}


def test_imported_real_corpus_loads_both_ways(shared_dir: Path, tmp_path: Path) -> None:
    """Wojood (nested entities, ``$#$`` segment marks) imported, then exported for training."""
    path = shared_dir / "corpora" / "wojood_sample" / "test.txt"
    with Project.create(tmp_path / "p.db") as project:
        assert import_paths(project, [path]).ok
        nested = sum(1 for _ in project.iter_spans())
        conll = export_project(project, tmp_path / "w.conll", ExportOptions(status="any"))
        jsonl = export_project(project, tmp_path / "w.jsonl", ExportOptions(format="jsonl", status="any"))

    (doc,) = conll_ner_to_docs((tmp_path / "w.conll").read_text(encoding="utf-8"), no_print=True)
    assert len(doc) == conll.tokens == 5344 - 117  # less the $#$ segment marks
    assert len(doc.ents) == conll.spans == nested - conll.count("left out") == 870 - 159
    tags = [[tag for _, tag in sentence] for sentence in read_conll(tmp_path / "w.conll")]
    assert sum(len(get_entities(sentence)) for sentence in tags) == conll.spans

    (record,) = [json.loads(line) for line in (tmp_path / "w.jsonl").read_text(encoding="utf-8").splitlines()]
    spacy_doc = Doc(spacy.blank("xx").vocab, words=[t["text"] for t in record["tokens"]],
                    spaces=[t["ws"] for t in record["tokens"]])
    assert spacy_doc.text == record["text"]
    assert all(spacy_doc.char_span(s["start"], s["end"], s["label"]) is not None for s in record["spans"])
    assert len(record["spans"]) == jsonl.spans == nested == 870
